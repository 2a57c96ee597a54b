"""An id in the path that is not a number (or is too long for one) is a missing object: 404 with the API's JSON
error body, on every operation that takes an id, for any method, whoever asks."""
import io
import json

import pytest
from django.core.management import call_command

from .conftest import bearer

NOT_IDS = ["null%2Cnull", "abc", "1.5", "-1", "1e3", "%20", "99999999999999999999", "0x1F", "%E4%B8%89"]


def operations_with_an_id():
    out = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=out)
    paths = json.loads(out.getvalue())["paths"]
    return [(method, path) for path, item in paths.items() if "{id}" in path for method in item
            if method in {"get", "post", "patch", "put", "delete"}]


@pytest.mark.django_db
def test_the_schema_has_operations_with_an_id():
    assert len(operations_with_an_id()) >= 15


@pytest.mark.parametrize("not_an_id", NOT_IDS)
def test_a_path_id_that_is_not_a_number_is_not_found(world, not_an_id):
    client = bearer(world.x_token)
    for method, path in operations_with_an_id():
        response = getattr(client, method)(path.replace("{id}", not_an_id), {}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404, (method, path, response.status_code)
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found."}, (method, path)


def test_a_missing_number_is_not_found_alike(world):
    client = bearer(world.x_token)
    for method, path in operations_with_an_id():
        response = getattr(client, method)(path.replace("{id}", "999999999"), {}, HTTP_ACCEPT_LANGUAGE="en")
        assert (response.status_code, response.json()) == (404, {"detail": "Not found."}), (method, path)
