"""Production: every secret from the environment, no defaults for them; refuses to start without them."""
import logging
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env, env_bool, env_list


def required(name):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or required("DJANGO_ALLOWED_HOSTS").split(",")
required("DATABASE_URL")
DEBUG = False
WEBHOOK_ALLOW_LOOPBACK_TARGETS = False  # never requests into our own machine, whatever the environment says
SEARCH_BACKEND = env("SEARCH_BACKEND", "elasticsearch")
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# load_demo would create a staff account whose password is in the repository.
LOAD_DEMO_ALLOWED = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}  # noqa: F405

# Outgoing mail (SMTP by default).
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# Only for the file backend (DJANGO_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend)
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", "/tmp/ctx-mail")

# A database that does not answer fails a request (and /readyz) in seconds instead of hanging a worker.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(env("DB_CONNECT_TIMEOUT", "5"))  # noqa: F405

# One JSON object per line on stderr, for the log collector; Celery keeps Django's logging instead of its own.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter",
                            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
                            "rename_fields": {"asctime": "time", "levelname": "level"}}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"ctx.access": {"level": env("DJANGO_ACCESS_LOG_LEVEL", "INFO")},
                # One INFO line per Elasticsearch request otherwise; failures still show as warnings.
                "elastic_transport": {"level": "WARNING"}},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
logging.captureWarnings(True)  # Python warnings as log records (JSON) rather than raw lines on stderr
