"""Development against the local services of scripts/services.env (`make services-up`): PostgreSQL,
Elasticsearch, Redis and a real Celery worker (scripts/celery.sh), DEBUG on, e-mail on the console.

The default of manage.py and the Celery app. The zero-service demo is config.settings.demo (`make demo`), the
test suite config.settings.test, production config.settings.production."""
import dj_database_url

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
# The services of scripts/services.env on their default ports; `make services-up` exports the URLs it uses.
DATABASES = {"default": dj_database_url.parse(
    env("DATABASE_URL", "postgres://ctx:ctx@127.0.0.1:5433/ctx"), conn_max_age=0, conn_health_checks=True)}
SEARCH_BACKEND = env("SEARCH_BACKEND", "elasticsearch")
# Tasks go to the developer's worker (scripts/celery.sh), as in production.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Mail is printed where the server and the worker log; DJANGO_EMAIL_BACKEND=...filebased.EmailBackend keeps files.
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / ".cache" / "mail"))
# Webhook receivers during development run on this machine.
WEBHOOK_ALLOW_LOOPBACK_TARGETS = env_bool("WEBHOOK_ALLOW_LOOPBACK_TARGETS", True)
