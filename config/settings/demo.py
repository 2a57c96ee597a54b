"""Zero-service demo: SQLite, database search backend, tasks in-process, e-mail into a local mailbox page.

It runs as the site runs in production (DEBUG off: the site's own 404/403/500 pages, never Django's technical
ones), served by `runserver`; WhiteNoise serves the static files straight from the apps (no collectstatic)."""
from .base import *  # noqa: F401,F403
from .base import BASE_DIR, env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
ROOT_URLCONF = "config.urls_demo"  # the site plus /demo/mailbox/
# `make demo` passes PORT: links in e-mails (interest, unsubscribe) point at the port the demo runs on.
SITE_URL = env("SITE_URL", f"http://127.0.0.1:{env('PORT', '8000')}")
SEARCH_BACKEND = env("SEARCH_BACKEND", "database")
CELERY_TASK_ALWAYS_EAGER = True
# No Redis here: a listing view is written to the database at once (one UPDATE) instead of a Redis counter.
INSIGHTS_VIEW_COUNTER = env("INSIGHTS_VIEW_COUNTER", "database")
# Webhook receivers in a demo run on this machine.
WEBHOOK_ALLOW_LOOPBACK_TARGETS = env_bool("WEBHOOK_ALLOW_LOOPBACK_TARGETS", True)

# Every e-mail lands in the mailbox at /demo/mailbox/ (linked from the "check your e-mail" page): a visitor with
# only a browser can confirm an address.
EMAIL_BACKEND = "core.demo.mailbox.MailboxBackend"
DEMO_MAILBOX_DIR = env("DEMO_MAILBOX_DIR", str(BASE_DIR / ".cache" / "demo-mailbox"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# With DEBUG off, runserver serves no static files (only with --insecure). WhiteNoise, already in MIDDLEWARE for
# production, serves them here from the apps' folders, rereading them so that edits show without a restart.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# No Celery beat here: the daily expiry sweep runs in-process on the first request of each day.
MIDDLEWARE = [*MIDDLEWARE, "core.demo.middleware.DailyExpiryMiddleware"]  # noqa: F405

# SQLite: write-ahead log and fewer fsyncs; the in-process tasks commit often (load_demo 87 s -> 18 s).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )

# Tasks run in-process here; their per-task log lines would drown the server's output.
LOGGING["loggers"]["celery"] = {"level": "WARNING"}  # noqa: F405
