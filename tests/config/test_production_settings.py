"""Production settings refuse to start without their secrets and pass Django's deployment checks with them."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "DJANGO_SECRET_KEY": "a-long-random-secret-for-the-deploy-check-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "exchange.example.org",
    "DATABASE_URL": "postgres://ctx:ctx@127.0.0.1:5433/ctx",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_is_clean_with_the_required_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **REQUIRED)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_each_required_variable_is_refused_when_missing():
    for missing in REQUIRED:
        env = {k: v for k, v in REQUIRED.items() if k != missing}
        result = manage("check", **env)
        assert result.returncode != 0
        assert f"Set the {missing} environment variable" in result.stderr


def test_load_demo_refuses_to_run_under_production_settings():
    # A database nobody listens on: should the guard fail, the command cannot write anywhere either.
    env = {**REQUIRED, "DATABASE_URL": "postgres://ctx:ctx@127.0.0.1:9/nowhere"}
    result = manage("load_demo", **env)
    assert result.returncode != 0
    assert "load_demo refuses to run with these settings" in result.stderr


def test_production_refuses_loopback_webhooks_even_when_the_environment_asks_for_them():
    code = ("from django.conf import settings\n"
            "from api.webhook_targets import RefusedTarget, target_check\n"
            "print(settings.WEBHOOK_ALLOW_LOOPBACK_TARGETS)\n"
            "for url in ('http://127.0.0.1:8000/hooks', 'http://[::1]:8000/hooks', 'http://localhost/hooks'):\n"
            "    try:\n"
            "        target_check(url)\n"
            "    except RefusedTarget:\n"
            "        print('refused')\n")
    result = manage("shell", "--no-imports", "-c", code, WEBHOOK_ALLOW_LOOPBACK_TARGETS="true", **REQUIRED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "refused", "refused", "refused"]
