"""Test settings: the real PostgreSQL/Elasticsearch/Redis from scripts/services.env, fast hasher, locmem mail."""
from .base import *  # noqa: F401,F403
from .base import env
import dj_database_url

DEBUG = False
# The suite runs on the real PostgreSQL started by scripts/services.sh (make services-up / make test).
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL", "postgres://ctx:ctx@127.0.0.1:5433/ctx"))}
REDIS_TEST_URL = env("REDIS_TEST_URL", "redis://127.0.0.1:6390/9")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SEARCH_BACKEND = env("SEARCH_BACKEND", "database")
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / ".cache" / "test-media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False
