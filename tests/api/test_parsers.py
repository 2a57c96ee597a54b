"""Bodies the JSON parser cannot take answer 400 with the usual error body, never 500."""
import pytest

from .conftest import bearer

DEEP = {"array": "[" * 50_000, "object": '{"a":' * 50_000}


@pytest.mark.parametrize("shape", DEEP, ids=DEEP)
@pytest.mark.parametrize("method,path", [
    ("post", "/api/v1/listings/"),
    ("post", "/api/v1/listings/bulk/"),
    ("post", "/api/v1/interests/"),
    ("post", "/api/v1/saved-searches/"),
    ("post", "/api/v1/webhooks/"),
    ("patch", "/api/v1/organisations/{org}/"),
])
def test_deeply_nested_json_is_a_400(world, method, path, shape):
    client = bearer(world.x_token)
    response = getattr(client, method)(path.format(org=world.x.pk), DEEP[shape], content_type="application/json",
                                       HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    assert response.json() == {"detail": "JSON parse error - the document is nested too deeply."}


def test_broken_json_is_still_a_400(world):
    response = bearer(world.x_token).post("/api/v1/listings/", '{"title": ', content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"].startswith("JSON parse error")
