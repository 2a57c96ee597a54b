"""Settings shared by every environment. Values come from the environment with safe development defaults;
production.py removes the defaults for secrets."""
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "core",
    "accounts",
    "marketplace",
    "matching",
    "notifications",
    "collaboration",
    "events",
    "api",
    "insights",
    "ops",
]

MIDDLEWARE = [
    "ops.middleware.OpsEndpointsMiddleware",  # /healthz, /readyz, /metrics: before host checks and redirects
    "ops.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

# Content-Security-Policy on every response (django-csp): scripts and styles only from our own files, never
# inline; nothing from other origins (the site works offline, Swagger UI included).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

ROOT_URLCONF = "config.urls"
# Where the Django admin lives; production sites choose a path of their own (e.g. "manage-7f3c/").
ADMIN_URL = env("DJANGO_ADMIN_URL", "admin/")
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "notifications.context_processors.unread_count",
                "marketplace.context_processors.staff_pending",
            ],
            # Dates, lists and places in the reader's language on every page (|day, |day_time, |join_list, ...).
            "builtins": ["core.templatetags.display"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request reuses it: after a database restart the first request
        # of each process would otherwise fail on the dead connection (the failure drill).
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"

# django-allauth: e-mail only, mandatory verification, rate limits on (allauth's defaults).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}  # asks for the display name
ACCOUNT_EMAIL_SUBJECT_PREFIX = _("[CultureTech Exchange] ")  # in the language the email is written in

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
LISTING_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# Quotas, so that one organisation cannot fill the disk: files per listing, bytes of all its listings' files.
LISTING_ATTACHMENT_MAX_FILES = int(env("LISTING_ATTACHMENT_MAX_FILES", "10"))
ORGANISATION_ATTACHMENT_MAX_BYTES = int(env("ORGANISATION_ATTACHMENT_MAX_BYTES", str(200 * 1024 * 1024)))

# Invitations are e-mails sent from the platform's address to anyone: cap them (counted in the default cache).
INVITATIONS_PER_ORGANISATION_PER_HOUR = int(env("INVITATIONS_PER_ORGANISATION_PER_HOUR", "20"))
INVITATIONS_PER_USER_PER_DAY = int(env("INVITATIONS_PER_USER_PER_DAY", "50"))

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "CultureTech Exchange <noreply@culturetech.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SITE_NAME = "CultureTech Exchange"
# Absolute links in e-mails and webhooks.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# `load_demo` creates accounts whose passwords are in the repository; production.py turns this off.
LOAD_DEMO_ALLOWED = True
# The demo's mailbox (config.settings.demo's e-mail backend writes there).
DEMO_MAILBOX_DIR = str(BASE_DIR / ".cache" / "demo-mailbox")
# Notification e-mails handed to one task.
NOTIFICATIONS_EMAIL_BATCH = 100

# Webhooks go to public internet addresses only. Loopback receivers (127.0.0.1, ::1) are for development and tests;
# production.py forces this off whatever the environment says.
WEBHOOK_ALLOW_LOOPBACK_TARGETS = False  # loopback receivers: the demo may allow them (demo.py), production never
# When not empty, the only host names a webhook receiver may have.
WEBHOOK_ALLOWED_HOSTS = env_list("WEBHOOK_ALLOWED_HOSTS")
WEBHOOK_TIMEOUT_SECONDS = 10
# A failed delivery is retried after 30 s, 60 s, 120 s, ... for a day; a subscription pauses after 20 failures.
WEBHOOK_RETRY_BASE_SECONDS = 30
WEBHOOK_RETRY_WINDOW_SECONDS = 24 * 3600
WEBHOOK_PAUSE_AFTER_FAILURES = 20

# Search: "database" serves the zero-service demo; "elasticsearch" is production.
SEARCH_BACKEND = env("SEARCH_BACKEND", "database")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", "http://127.0.0.1:9201")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", "ctx")
# Analyzers are configurable so a production cluster with smartcn/ICU/language analyzers can use them.
SEARCH_ANALYZER_ZH = env("SEARCH_ANALYZER_ZH", "ctx_zh_bigram")
SEARCH_ANALYZER_EN = env("SEARCH_ANALYZER_EN", "ctx_en")
# jieba words and Snowball stems made in Python (matching/analysis.py) beside those analyzers; off where the
# cluster segments and stems itself (then reindex).
SEARCH_PYTHON_ANALYSIS = env_bool("SEARCH_PYTHON_ANALYSIS", True)
# Copies of each shard besides the primary: 0 on one node, 1 or more on a cluster (new indexes only: reindex).
SEARCH_INDEX_REPLICAS = int(env("SEARCH_INDEX_REPLICAS", "0"))
SEARCH_REQUEST_TIMEOUT = float(env("SEARCH_REQUEST_TIMEOUT", "10"))  # seconds per Elasticsearch request
# The index's similarity ({"type": "LMDirichlet", "mu": ...} or BM25 parameters); None: matching.documents' choice.
SEARCH_SIMILARITY = None
# The public texts and judged sets that evaluate_matching and benchmark_matching read.
SHARED_DATA_DIR = BASE_DIR.parent / "shared" / "data"

REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6390/0")
from celery.schedules import crontab  # noqa: E402

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True  # no result backend: nothing waits for a task's return value
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
# Tasks that go over the whole catalogue take minutes at scale: their own time limits.
CELERY_TASK_ANNOTATIONS = {
    "matching.tasks.matches_rebuild_task": {"soft_time_limit": 3000, "time_limit": 3300},
    "matching.tasks.ensure_index_task": {"soft_time_limit": 3000, "time_limit": 3300},
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # with acks_late: a killed worker's task is redelivered, not lost
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# A publish while the broker is down fails fast; the outbox keeps the event and the beat dispatcher resends it.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_TASK_DEFAULT_QUEUE = "celery"  # the worker consumes celery,indexing,notifications,webhooks
# Routes by task name: each app's tasks module, to the queue the worker gives that kind of work.
CELERY_TASK_ROUTES = {
    "matching.tasks.*": {"queue": "indexing"},
    "core.tasks.*": {"queue": "notifications"},  # the outbox: most of what reacts to events tells people
    "notifications.tasks.*": {"queue": "notifications"},
    "collaboration.tasks.*": {"queue": "notifications"},
    "events.tasks.*": {"queue": "celery"},
    "marketplace.tasks.*": {"queue": "celery"},
    "api.tasks.*": {"queue": "webhooks"},
}
CELERY_BEAT_SCHEDULE = {
    "dispatch-outbox": {"task": "core.tasks.dispatch_outbox", "schedule": 10.0},
    # Once per period, not each 10 s: an e-mail only queued behind a backlog is not queued again and again.
    "resend-stalled-emails": {"task": "notifications.tasks.resend_stalled_emails", "schedule": 120.0},
    "daily-digest": {"task": "notifications.tasks.send_digests", "schedule": crontab(hour=8, minute=0),
                     "args": ["daily"]},
    "weekly-digest": {"task": "notifications.tasks.send_digests",
                      "schedule": crontab(hour=8, minute=30, day_of_week="mon"), "args": ["weekly"]},
    "interest-reminders": {"task": "collaboration.tasks.remind_unanswered_interests",
                           "schedule": crontab(hour=9, minute=0)},
    "expire-listings": {"task": "marketplace.tasks.expire_listings", "schedule": crontab(hour=0, minute=15)},
    # Repairs whatever an Elasticsearch outage left behind.
    "search-reconcile": {"task": "matching.tasks.search_reconcile_task", "schedule": 3600.0},
    # Two counts each minute; rebuilds an index lost with Elasticsearch's data at once (see matching/index_health.py).
    "search-index-health": {"task": "matching.tasks.ensure_index_task", "schedule": 60.0,
                            "options": {"expires": 55}},
    "webhooks-retry-due": {"task": "api.tasks.retry_due_webhooks", "schedule": 30.0},
    # Matchmaking events: proposals when booking opens, the schedule when it closes, reminders before meetings.
    "events-housekeeping": {"task": "events.tasks.events_housekeeping", "schedule": 300.0},
    # Insights: the stored figures of the public and zone pages, and the Redis view counters.
    "insights-refresh": {"task": "insights.tasks.refresh_insights", "schedule": 900.0},
    "insights-fold-views": {"task": "insights.tasks.fold_listing_views", "schedule": 300.0},
}
# Who reacts to which recorded event (core.outbox): one module lists every reaction.
OUTBOX_REACTIONS = "config.reactions.REACTIONS"
# An event handed over but still unprocessed this long after is handed over again (its task died with a worker).
OUTBOX_REDISPATCH_SECONDS = int(env("OUTBOX_REDISPATCH_SECONDS", "120"))
# Matchmaking events: how long the scheduler may search, and how long before a meeting its reminder goes out.
EVENTS_SCHEDULE_TIME_LIMIT = float(env("EVENTS_SCHEDULE_TIME_LIMIT", "20"))
EVENTS_REMINDER_MINUTES = int(env("EVENTS_REMINDER_MINUTES", "60"))

# Listing views: counted in Redis and folded into the database by a periodic task ("database" writes at once).
INSIGHTS_VIEW_COUNTER = env("INSIGHTS_VIEW_COUNTER", "redis")
INSIGHTS_REDIS_URL = env("INSIGHTS_REDIS_URL", REDIS_URL)
INSIGHTS_SNAPSHOT_MAX_AGE = int(env("INSIGHTS_SNAPSHOT_MAX_AGE", "3600"))  # seconds; the refresh runs every 15 min

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.CredentialAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ScopedAccess"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.CredentialRateThrottle",
        "api.throttling.SessionUserRateThrottle",
        "api.throttling.AnonymousIPRateThrottle",
    ],
    # Counted in the default cache: Redis in production (settings/production.py).
    "DEFAULT_THROTTLE_RATES": {
        "credential": env("API_RATE_CREDENTIAL", "1200/min"),
        "user": env("API_RATE_USER", "600/min"),
        "anon": env("API_RATE_ANON", "120/min"),
    },
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# How many proxies of ours stand before the site, each appending to X-Forwarded-For. With 0 the header is
# ignored: the client is REMOTE_ADDR. DRF's throttles and allauth's rate limits read this one number, so both
# count the same address and nobody picks theirs by sending the header.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SPECTACULAR_SETTINGS = {
    "TITLE": "CultureTech Exchange API",
    "DESCRIPTION": "The partner API of CultureTech Exchange (文化科技产学研对接平台): listings, organisations, "
    "taxonomy, search, matches and webhooks. Authenticate with `Authorization: Bearer <token>` (a credential "
    "created by an organisation owner at /api/credentials/) or the site's session. Guide: /api/guide/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    # The machine and many intranets are offline: Swagger UI's files come from drf-spectacular-sidecar.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ListingKindEnum": "marketplace.models.Listing.Kind",
        "ListingStatusEnum": "marketplace.models.Listing.Status",
        "OrganisationKindEnum": "accounts.models.Organisation.Kind",
        "CloseReasonEnum": "marketplace.models.Listing.CloseReason",
        "RegionEnum": "accounts.models.Region",
        "DeclineReasonEnum": "collaboration.models.Interest.DeclineReason",
    },
}

# Health and metrics (ops/): who may read /metrics, and a Celery worker's own metrics port (one per worker).
METRICS_TOKEN = env("METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128")
CELERY_METRICS_PORT = env("CELERY_METRICS_PORT", "")
CELERY_METRICS_ADDR = env("CELERY_METRICS_ADDR", "0.0.0.0")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    # One line per request (ops.metrics): on in production, where the logs are JSON.
    "loggers": {"ctx.access": {"level": "WARNING"}},
}
