"""Test settings: the real PostgreSQL/Elasticsearch/Redis from scripts/services.env, fast hasher, locmem mail."""
import dj_database_url

from .base import *  # noqa: F401,F403
from .base import REDIS_URL, env, env_bool

DEBUG = False
# The suite runs on the real PostgreSQL started by scripts/services.sh (make services-up / make test).
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL", "postgres://ctx:ctx@127.0.0.1:5433/ctx"))}
# Two suites running at once (e.g. two developers' checks) each need their own test database.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", f"test_{DATABASES['default']['NAME']}")}
# Database 9 of the Redis the services run (REDIS_URL follows REDIS_PORT), never the app's database 0.
REDIS_TEST_URL = env("REDIS_TEST_URL", REDIS_URL.rsplit("/", 1)[0] + "/9")
INSIGHTS_REDIS_URL = REDIS_TEST_URL  # the listing view counters
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A Celery worker started by the tests sends mail through a backend the test can read (file backend).
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / ".cache" / "test-mail"))  # noqa: F405
SEARCH_BACKEND = env("SEARCH_BACKEND", "database")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)  # the test worker runs with false
MEDIA_ROOT = BASE_DIR / ".cache" / "test-media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False

# WhiteNoise serves collected files in production; here Django serves them from the apps, so skip it.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405
