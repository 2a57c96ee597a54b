from tests.fixtures.celery_worker import celery_broker_url, celery_live, celery_worker  # noqa: F401
from tests.fixtures.search import use_elasticsearch  # noqa: F401
