"""The image and compose file, checked by reading them (no container runtime on these machines): they run the
README's production commands, the worker consumes every queue the routes use, every service has a healthcheck,
and the environment names agree with what the settings read (.env.example lists all of them)."""
import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker", "beat")
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "WEB_PORT", "ES_JAVA_OPTS"}  # read by compose.yaml, not by the application
ENV_READ = re.compile(r'\b(?:env|env_bool|env_list|required|os\.environ\.get)\(\s*"([A-Z][A-Z0-9_]*)"')


def readme_production_commands():
    section = (ROOT / "README.md").read_text().split("## Production", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


def readme_command(starts_with):
    return next(line for line in readme_production_commands() if line.startswith(starts_with))


def dockerfile():
    """[(INSTRUCTION, arguments)] with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    return [tuple(line.strip().split(None, 1)) for line in text.splitlines()
            if line.strip() and not line.strip().startswith("#")]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def joined(command):
    return command if isinstance(command, str) else shlex.join(command)


def names_read_by(*paths):
    return {name for path in paths for name in ENV_READ.findall((ROOT / path).read_text())}


def env_example_names():
    return {line.split("=", 1)[0].strip() for line in (ROOT / ".env.example").read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")}


def test_the_image_is_built_in_stages_on_a_slim_base_and_runs_as_a_user_without_privileges():
    steps = dockerfile()
    stages = [args for instruction, args in steps if instruction == "FROM"]
    assert len(stages) >= 2 and all("-slim" in stage.split()[0] for stage in stages)
    user = [args for instruction, args in steps if instruction == "USER"][-1]
    assert user not in {"root", "0"} and not user.startswith("0:")


def test_the_image_runs_the_production_commands_of_the_readme():
    runs = " ".join(args for instruction, args in dockerfile() if instruction == "RUN")
    for command in readme_production_commands()[0].split("&&"):  # the build line
        assert command.strip() in runs
    cmd = [json.loads(args) for instruction, args in dockerfile() if instruction == "CMD"][-1]
    assert shlex.join(cmd) == readme_command("gunicorn")


def test_compose_runs_the_same_commands_as_the_readme_and_the_image(compose):
    services = compose["services"]
    assert joined(services["web"]["command"]) == readme_command("gunicorn")
    assert joined(services["worker"]["command"]) == readme_command("celery -A config worker")
    assert joined(services["beat"]["command"]) == readme_command("celery -A config beat")
    assert joined(services["migrate"]["command"]) == readme_command("python manage.py migrate")


def test_the_worker_consumes_every_queue_the_tasks_are_routed_to(compose):
    command = shlex.split(joined(compose["services"]["worker"]["command"]))
    queues = set(command[command.index("-Q") + 1].split(","))
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert queues == routed | {settings.CELERY_TASK_DEFAULT_QUEUE}


def test_every_long_running_service_has_a_healthcheck_and_the_app_waits_for_healthy_services(compose):
    services = compose["services"]
    assert set(services) >= {*APP_SERVICES, "postgres", "redis", "elasticsearch"}
    for name, service in services.items():
        if name == "migrate":
            continue  # runs once and exits
        check = service.get("healthcheck") or {}
        assert check.get("test") and not check.get("disable"), name
    for name in ("web", "worker", "beat"):
        needs = services[name]["depends_on"]
        assert {needs[s]["condition"] for s in ("postgres", "redis", "elasticsearch")} == {"service_healthy"}
        assert needs["migrate"]["condition"] == "service_completed_successfully"


def test_the_data_services_are_the_versions_we_test_against_with_volumes(compose):
    services = compose["services"]
    es_version = re.search(r'ES_VERSION:=([0-9.]+)', (ROOT / "scripts/services.env").read_text()).group(1)
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    assert services["elasticsearch"]["image"].endswith(f"/elasticsearch:{es_version}")
    assert services["elasticsearch"]["environment"]["discovery.type"] == "single-node"
    for name, mount in [("postgres", "/var/lib/postgresql/data"), ("redis", "/data"),
                        ("elasticsearch", "/usr/share/elasticsearch/data")]:
        volume = next(v.split(":")[0] for v in services[name]["volumes"] if v.endswith(f":{mount}"))
        assert volume in compose["volumes"]


def test_environment_names_agree_with_what_the_settings_read(compose):
    production = names_read_by("config/settings/base.py", "config/settings/production.py")
    processes = names_read_by("config/gunicorn.py", "ops/metrics.py") | {"DJANGO_SETTINGS_MODULE"}
    example = env_example_names()
    assert production - example == set(), "settings production reads that .env.example does not list"
    assert example - production - processes - COMPOSE_ONLY == set(), ".env.example names nothing reads"
    for name in APP_SERVICES:
        environment = compose["services"][name].get("environment") or {}
        assert set(environment) - production - processes == set(), name
    interpolated = set(re.findall(r"\$\{([A-Z_]+)", (ROOT / "compose.yaml").read_text()))
    assert interpolated <= example
