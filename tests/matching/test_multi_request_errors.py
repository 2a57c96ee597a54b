"""A failed item of an msearch or mtermvectors call is a failed read, never silently fewer hits or a paragraph
queried without its selected terms."""
import uuid

import pytest

from matching.backends.base import SearchUnavailable
from matching.backends.elasticsearch.client import IndexMissing, raise_missing
from matching.backends.elasticsearch.index import create_index

pytestmark = pytest.mark.elasticsearch


@pytest.fixture
def index(es_client, es_namespace):
    name = f"{es_namespace}-items-{uuid.uuid4().hex[:8]}"
    create_index(es_client, name)
    return name


def test_a_failed_msearch_item_is_reported_as_search_unavailable(es_client, index):
    responses = es_client.msearch(searches=[
        {"index": index}, {"query": {"match_all": {}}},
        {"index": index}, {"query": {"term": {"listing_id": "not a number"}}},
    ])["responses"]
    assert "error" in responses[1]

    with pytest.raises(SearchUnavailable):
        raise_missing(responses)


def test_a_missing_index_in_an_msearch_item_is_told_apart_so_the_alias_can_be_made_again(es_client, index):
    responses = es_client.msearch(searches=[{"index": f"{index}-gone"}, {"query": {"match_all": {}}}])["responses"]

    with pytest.raises(IndexMissing):
        raise_missing(responses)


def test_successful_items_pass_through(es_client, index):
    responses = es_client.msearch(searches=[{"index": index}, {"query": {"match_all": {}}}])["responses"]

    assert raise_missing(responses) == responses
