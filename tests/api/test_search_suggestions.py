"""/api/v1/search/ answers a search that found nothing with suggestions (issue 14), declared in the schema."""
import io
import json

import pytest
from django.core.management import call_command

from tests.factories import make_listing, make_org, make_technology

from .conftest import bearer

pytestmark = [pytest.mark.postgres]


def test_an_empty_search_suggests_fitting_technologies_and_a_relaxed_query(world):
    haptics = make_technology("haptics-api", name_zh="触觉反馈", name_en="Haptic feedback")
    gloves = make_listing(make_org(), title="力觉手套", summary="互动展项配件", technologies=[haptics])
    client = bearer(world.x_token)

    body = client.get("/api/v1/search/", {"q": "whale feedback"}).json()
    assert body["count"] == 0
    assert body["suggestions"]["terms"] == [{"facet": "technology", "value": "haptics-api", "label_zh": "触觉反馈",
                                             "label_en": "Haptic feedback", "count": 1}]
    assert body["suggestions"]["relaxed"] == {"kind": "any_word", "q": "whale feedback", "words": "any", "count": 1}
    relaxed = client.get("/api/v1/search/", {"q": "whale feedback", "words": "any"}).json()
    assert [hit["listing"]["id"] for hit in relaxed["results"]] == [gloves.pk] and relaxed["suggestions"] is None
    assert client.get("/api/v1/search/", {"q": "x", "words": "all"}).status_code == 400


def test_the_schema_declares_the_suggestions_and_the_words_parameter(db):
    out = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=out)
    schema = json.loads(out.getvalue())
    search = schema["paths"]["/api/v1/search/"]["get"]
    assert "words" in {parameter["name"] for parameter in search["parameters"]}
    assert "suggestions" in schema["components"]["schemas"]["SearchResponse"]["properties"]
    assert "title_alt" in schema["components"]["schemas"]["Listing"]["properties"]
