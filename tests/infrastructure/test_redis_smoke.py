import pytest

pytestmark = pytest.mark.redis


def test_redis_round_trip(redis_client):
    redis_client.set("ctx:smoke", "文化科技", ex=60)
    assert redis_client.get("ctx:smoke").decode() == "文化科技"
    assert redis_client.incr("ctx:counter") == 1
    assert redis_client.info("server")["redis_version"]
