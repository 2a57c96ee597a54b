"""The failure drill: the production setup on this machine with real processes, traffic, faults, and checks.

A 2-node Elasticsearch cluster (node A master+data, node B data: two master-eligible nodes cannot outvote each
other, so a 2-node cluster has one master), replicas 1; PostgreSQL; Redis; gunicorn (4 workers); two Celery
workers and beat. Faults, in order, while traffic runs: SIGKILL of Elasticsearch node A (the master) and its
return; SIGKILL of a Celery worker in the middle of a notification fan-out (200 e-mails) (and its restart); a PostgreSQL
restart; node B restarted with an empty data directory (a lost volume); every copy of the index deleted (what a
single node's lost volume does). Then: every published listing in the index, every notification once, every
e-mail once. Prints JSON. Everything it started is stopped, also on failure or Ctrl-C."""
import os
import signal
import time
from pathlib import Path

from .processes import ROOT, ElasticsearchNode, Postgres, Proc, Redis, python_command, wait_until

PORTS = {"es_a": 9226, "es_b": 9236, "es_a_transport": 9326, "es_b_transport": 9336, "pg": 5456, "redis": 6406,
         "web": 8096, "worker_metrics": 9846}
FANOUT_RECIPIENTS = int(os.environ.get("DRILL_FANOUT_RECIPIENTS", "200"))


def environment(base, ports):
    """The application's environment: production settings, the drill's services, e-mail to files we count."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "drill-only-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://ctx:ctx@127.0.0.1:{ports['pg']}/ctx",
        "REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{ports['redis']}/0",
        "ELASTICSEARCH_URL": f"http://127.0.0.1:{ports['es_a']},http://127.0.0.1:{ports['es_b']}",
        "SEARCH_BACKEND": "elasticsearch",
        "SEARCH_INDEX_PREFIX": "drill",
        "SEARCH_INDEX_REPLICAS": "1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(base / "mail" / "driver"),
        "DJANGO_ACCESS_LOG_LEVEL": "WARNING",
        "SITE_URL": f"http://127.0.0.1:{ports['web']}",
        "API_RATE_CREDENTIAL": "100000/min", "API_RATE_ANON": "100000/min", "API_RATE_USER": "100000/min",
        "PYTHONUNBUFFERED": "1",
    }


class Setup:
    """Starts and stops the drill's processes."""

    def __init__(self, base, ports=PORTS):
        self.base, self.ports = base, ports
        self.env = environment(base, ports)
        self.procs = {}
        home = Path(os.environ["DRILL_ES_HOME"])
        java = os.environ["DRILL_JAVA_HOME"]
        seeds = [ports["es_a_transport"], ports["es_b_transport"]]
        self.es = {
            "a": ElasticsearchNode(name="drill-a", home=home, base=base / "es-a", http_port=ports["es_a"],
                                   transport_port=ports["es_a_transport"], seeds=seeds, master=True, java_home=java),
            "b": ElasticsearchNode(name="drill-b", home=home, base=base / "es-b", http_port=ports["es_b"],
                                   transport_port=ports["es_b_transport"], seeds=seeds, master=False, java_home=java),
        }
        self.pg = Postgres(base=base / "pg", port=ports["pg"])
        self.redis = Redis(base=base / "redis", port=ports["redis"])

    def start_services(self):
        self.pg.start()
        self.redis.start()
        for node in self.es.values():
            node.start()
        wait_until(self.redis.answers, 30, what="Redis")
        wait_until(self.cluster_has_both_nodes, 240, interval=1, what="the 2-node Elasticsearch cluster")

    def cluster_has_both_nodes(self):
        from .processes import http_json

        health = http_json(f"{self.es['a'].url}/_cluster/health", timeout=2)
        return health["number_of_nodes"] == 2 and health["status"] in {"green", "yellow"}

    def cluster_green(self):
        from .processes import http_json

        for node in self.es.values():
            try:
                health = http_json(f"{node.url}/_cluster/health", timeout=2)
            except Exception:
                continue
            return health["status"] == "green" and health["number_of_nodes"] == 2
        return False

    def start_app(self):
        self.start_worker(1)
        self.start_worker(2)
        self.procs["beat"] = Proc("beat", python_command(
            "celery", "-A", "config", "beat", "--loglevel=INFO", f"--schedule={self.base / 'beat-schedule'}"),
            self.base / "logs" / "beat.log", env=self.env).start()
        self.procs["web"] = Proc("web", python_command("gunicorn", "-c", "config/gunicorn.py", "config.wsgi"),
                                 self.base / "logs" / "web.log",
                                 env={**self.env, "PORT": str(self.ports["web"]), "WEB_CONCURRENCY": "4",
                                      "PROMETHEUS_MULTIPROC_DIR": str(self.base / "prometheus" / "web")}).start()

    def start_worker(self, number):
        env = {**self.env, "DJANGO_EMAIL_FILE_PATH": str(self.base / "mail" / f"worker{number}"),
               "CELERY_METRICS_PORT": str(self.ports["worker_metrics"] + number),
               "PROMETHEUS_MULTIPROC_DIR": str(self.base / "prometheus" / f"worker{number}")}
        for path in (env["DJANGO_EMAIL_FILE_PATH"], env["PROMETHEUS_MULTIPROC_DIR"]):
            Path(path).mkdir(parents=True, exist_ok=True)
        self.procs[f"worker{number}"] = Proc(f"worker{number}", python_command(
            "celery", "-A", "config", "worker", "-Q", "celery,indexing,notifications,webhooks", "--concurrency=2",
            "-n", f"drill-worker{number}@%h", "--loglevel=INFO"),
            self.base / "logs" / f"worker{number}.log", env=env).start()

    def manage(self, *args, check=True):
        import subprocess

        return subprocess.run(python_command("django", *args, "--settings=config.settings.production"), cwd=ROOT,
                              env={**os.environ, **self.env}, check=check, capture_output=True, text=True)

    def stop_all(self):
        for name in ("web", "beat", "worker1", "worker2"):
            if name in self.procs:
                self.procs[name].stop(timeout=20)
        for node in self.es.values():
            if node.proc is not None:
                node.proc.stop(timeout=30)
        if self.redis.proc is not None:
            self.redis.proc.stop(timeout=10)
        try:
            self.pg.stop()
        except Exception as error:
            print(f"[drill] PostgreSQL did not stop cleanly: {error}", flush=True)


def interrupt_as_exception():
    """SIGTERM (and SIGINT) end the drill through its `finally`, which stops everything it started."""
    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def log(message):
    print(f"[drill {time.strftime('%H:%M:%SZ', time.gmtime())}] {message}", flush=True)
