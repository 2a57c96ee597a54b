"""Zero-service demo: SQLite, database search backend, tasks in-process, e-mail to the console."""
from .base import *  # noqa: F401,F403
from .base import env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SEARCH_BACKEND = env("SEARCH_BACKEND", "database")
CELERY_TASK_ALWAYS_EAGER = True
# No Redis here: a listing view is written to the database at once (one UPDATE) instead of a Redis counter.
INSIGHTS_VIEW_COUNTER = env("INSIGHTS_VIEW_COUNTER", "database")
# A developer's webhook receiver listens on this machine.
WEBHOOK_ALLOW_LOOPBACK_TARGETS = env_bool("WEBHOOK_ALLOW_LOOPBACK_TARGETS", DEBUG)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# WhiteNoise serves collected files in production; here Django serves them from the apps, so skip it.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405

# SQLite: write-ahead log and fewer fsyncs; the in-process tasks commit often (load_demo 87 s -> 18 s).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )

# Tasks run in-process here; their per-task log lines would drown the server's output.
LOGGING["loggers"]["celery"] = {"level": "WARNING"}  # noqa: F405
