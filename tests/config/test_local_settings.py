"""Development defaults to the local services: manage.py, the Celery app and the developer's worker run
config.settings.local (PostgreSQL, Elasticsearch, a real worker, DEBUG on), never the demo or the test settings."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    environment.update(env)
    result = subprocess.run(args, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_manage_py_runs_the_local_development_settings():
    code = ("from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG, settings.SEARCH_BACKEND,"
            " settings.CELERY_TASK_ALWAYS_EAGER, settings.DATABASES['default']['ENGINE'])")
    out = run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code])
    assert out == "config.settings.local True elasticsearch False django.db.backends.postgresql"


def test_the_celery_app_runs_the_local_development_settings():
    code = "from config.celery_app import app; print(app.conf.task_always_eager, app.conf.broker_url)"
    assert run([sys.executable, "-c", code], REDIS_URL="redis://127.0.0.1:6390/0") == "False redis://127.0.0.1:6390/0"
    assert run([sys.executable, "-c", "import config, os; print(os.environ['DJANGO_SETTINGS_MODULE'])"]) == (
        "config.settings.local")


def test_the_developers_worker_runs_local_settings_not_the_test_settings(tmp_path):
    out = run(["bash", "scripts/celery.sh", "status"], CELERY_RUN_DIR=str(tmp_path))
    assert out.splitlines()[0] == "settings: config.settings.local"
