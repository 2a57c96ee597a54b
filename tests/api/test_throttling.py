"""Request rates per credential, per signed-in user and per anonymous IP address."""
import pytest
from rest_framework.test import APIClient

from .conftest import bearer, issue_credential


@pytest.fixture
def tight_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"credential": "3/min", "user": "3/min", "anon": "2/min"},
    }


def test_each_anonymous_ip_has_its_own_budget(db, tight_rates):
    first, second = APIClient(REMOTE_ADDR="10.0.0.1"), APIClient(REMOTE_ADDR="10.0.0.2")
    assert [first.get("/api/v1/taxonomy/").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/api/v1/taxonomy/").status_code == 200
    refused = first.get("/api/v1/taxonomy/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0 and "detail" in refused.json()


def test_each_credential_has_its_own_budget(world, tight_rates):
    x, y = bearer(world.x_token), bearer(world.y_token)
    assert [x.get("/api/v1/listings/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert y.get("/api/v1/listings/").status_code == 200
    # Another credential of the same organisation is counted apart.
    _, token = issue_credential(world.x, scopes=["read"], name="second system")
    assert bearer(token).get("/api/v1/listings/").status_code == 200


def test_a_credential_is_not_limited_by_the_anonymous_budget_of_its_ip(world, tight_rates):
    for _ in range(2):
        APIClient().get("/api/v1/taxonomy/")
    assert APIClient().get("/api/v1/taxonomy/").status_code == 429
    assert bearer(world.x_token).get("/api/v1/taxonomy/").status_code == 200


def test_signed_in_users_are_counted_per_user(world, tight_rates):
    client = APIClient()
    client.force_login(world.editor)
    assert [client.get("/api/v1/listings/").status_code for _ in range(4)] == [200, 200, 200, 429]


@pytest.mark.redis
def test_counters_live_in_the_redis_cache_as_in_production(world, tight_rates, settings, redis_client, redis_url):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    client = bearer(world.x_token)
    assert [client.get("/api/v1/listings/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert any(b"throttle_credential" in key for key in redis_client.keys("*"))


def test_a_forged_x_forwarded_for_does_not_buy_a_new_budget(db, tight_rates):
    # No trusted proxy (the default): the header is anyone's to write, so it must not pick the counter.
    answers = [APIClient(REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").get("/api/v1/taxonomy/")
               .status_code for n in range(3)]
    assert answers == [200, 200, 429]
