"""The drill's real processes: two Elasticsearch nodes, PostgreSQL, Redis, gunicorn, Celery workers and beat.

Each runs in a session of its own (so a fault can SIGKILL a whole process tree, and a Ctrl-C aimed at the drill
reaches nothing but the drill), and every one is stopped by `stop_all()`, also on failure or interrupt.
Elasticsearch and PostgreSQL refuse to run as root: as root they run as the unprivileged user of
scripts/services.sh (SVC_USER, "ctxsvc")."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SVC_USER = os.environ.get("SVC_USER", "ctxsvc")
QUEUES = "celery,indexing,notifications,webhooks"


def is_root():
    return os.geteuid() == 0


def as_service_user(command):
    return ["runuser", "-u", SVC_USER, "--", *command] if is_root() else command


def chown_to_service_user(path):
    if is_root():
        subprocess.run(["chown", "-R", f"{SVC_USER}:", str(path)], check=True)


def wait_until(predicate, timeout, interval=0.5, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except Exception:
            pass
        time.sleep(interval)
    raise TimeoutError(f"{what} not reached after {timeout}s")


def http_json(url, timeout=3.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read().decode())


@dataclass
class Proc:
    """One started process tree (its own session)."""

    name: str
    command: list
    log: Path
    env: dict = field(default_factory=dict)
    cwd: Path = ROOT
    popen: subprocess.Popen | None = None

    def start(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.popen = subprocess.Popen(self.command, cwd=self.cwd, env={**os.environ, **self.env}, stdout=log,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          start_new_session=True)
        return self

    @property
    def alive(self):
        return self.popen is not None and self.popen.poll() is None

    def signal_tree(self, sig):
        if self.popen is None:
            return
        try:
            os.killpg(self.popen.pid, sig)  # its session: the process and every child (JVM, pool processes)
        except ProcessLookupError:
            pass

    def kill(self):
        """SIGKILL, as a crash or an OOM kill would."""
        self.signal_tree(signal.SIGKILL)
        if self.popen is not None:
            self.popen.wait(timeout=30)

    def stop(self, timeout=30):
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self.signal_tree(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        self.signal_tree(signal.SIGKILL)  # whatever is left of its tree
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass


class ElasticsearchNode:
    def __init__(self, *, name, home, base, http_port, transport_port, seeds, master, java_home, heap="512m"):
        self.name, self.home, self.base = name, home, base
        self.http_port, self.transport_port = http_port, transport_port
        self.seeds, self.master, self.java_home, self.heap = seeds, master, java_home, heap
        self.proc = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.http_port}"

    def configure(self, *, wipe_data=False):
        conf = self.base / "config"
        if wipe_data:
            shutil.rmtree(self.base / "data", ignore_errors=True)
        if not conf.exists():
            shutil.copytree(self.home / "config", conf)
        for sub in ("data", "logs", "tmp"):
            (self.base / sub).mkdir(parents=True, exist_ok=True)
        roles = "[master, data, ingest]" if self.master else "[data, ingest]"
        seeds = ", ".join(f'"127.0.0.1:{port}"' for port in self.seeds)
        (conf / "elasticsearch.yml").write_text(f"""# Written by the failure drill (ops/drill).
cluster.name: ctx-drill
node.name: {self.name}
node.roles: {roles}
network.host: 127.0.0.1
http.port: {self.http_port}
transport.port: {self.transport_port}
discovery.seed_hosts: [{seeds}]
{'cluster.initial_master_nodes: ["drill-a"]' if self.master else ''}
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
path.data: "{self.base / 'data'}"
path.logs: "{self.base / 'logs'}"
""")
        (conf / "jvm.options.d").mkdir(exist_ok=True)
        (conf / "jvm.options.d" / "heap.options").write_text(f"-Xms{self.heap}\n-Xmx{self.heap}\n")
        chown_to_service_user(self.base)

    def start(self, *, wipe_data=False):
        self.configure(wipe_data=wipe_data)
        env = {"ES_JAVA_HOME": self.java_home, "ES_PATH_CONF": str(self.base / "config"),
               "ES_TMPDIR": str(self.base / "tmp"), "ES_JAVA_OPTS": ""}
        command = as_service_user(["env", *[f"{k}={v}" for k, v in env.items()],
                                   str(self.home / "bin" / "elasticsearch")])
        self.proc = Proc(f"es-{self.name}", command, self.base / "launcher.log", cwd=Path("/")).start()
        return self

    def answers(self):
        try:
            return http_json(f"{self.url}/_cluster/health", timeout=2)["status"] in {"green", "yellow"}
        except Exception:
            return False


class Postgres:
    def __init__(self, *, base, port, user="ctx", password="ctx", db="ctx"):
        self.base, self.port, self.user, self.password, self.db = base, port, user, password, db
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        self.bin = bins[-1].parent

    @property
    def url(self):
        return f"postgres://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.db}"

    def _run(self, *command, check=True):
        return subprocess.run(as_service_user([str(self.bin / command[0]), *command[1:]]), cwd="/", check=check,
                              capture_output=True, text=True)

    def start(self):
        data = self.base / "data"
        if not (data / "PG_VERSION").exists():
            self.base.mkdir(parents=True, exist_ok=True)
            chown_to_service_user(self.base)
            self._run("initdb", "-D", str(data), "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
                      "--auth-local=trust", "--auth-host=scram-sha-256")
            (data / "postgresql.conf").open("a").write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = '{self.base}'\n"
                "max_connections = 200\n")
            chown_to_service_user(self.base)
        self.pg_ctl("start")
        psql = ["psql", "-X", "-q", "-h", str(self.base), "-p", str(self.port), "-U", "postgres", "-d", "postgres"]
        self._run(*psql, "-c", f"CREATE ROLE {self.user} LOGIN CREATEDB PASSWORD '{self.password}'", check=False)
        self._run(*psql, "-c", f"CREATE DATABASE {self.db} OWNER {self.user}", check=False)
        return self

    def pg_ctl(self, action, mode="fast"):
        args = ["pg_ctl", "-D", str(self.base / "data"), "-l", str(self.base / "postgres.log"), "-w", "-t", "60"]
        if action == "stop":
            args += ["-m", mode]
        return self._run(*args, action, check=action != "stop")

    def stop(self):
        if (self.base / "data" / "postmaster.pid").exists():
            self.pg_ctl("stop")


class Redis:
    def __init__(self, *, base, port):
        self.base, self.port = base, port
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.base.mkdir(parents=True, exist_ok=True)
        self.proc = Proc("redis", ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                   "--appendonly", "no", "--dir", str(self.base)], self.base / "redis.log").start()
        return self

    def answers(self):
        import redis

        return redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()


def python_command(*args):
    return [sys.executable, "-m", *args]
