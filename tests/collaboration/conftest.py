from tests.fixtures.celery_worker import *  # noqa: F401,F403
