"""Keeping the real Elasticsearch index true to the database: after commit (never before), through a rebuild
with writes going on, and through an outage."""
import socket

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from accounts.models import Membership
from core.models import OutboxEvent
from marketplace.models import Listing
from marketplace.revisions import listing_revision_approve, pending_revision
from marketplace.services import listing_close, listing_create, listing_publish, listing_submit, listing_update
from matching.app_settings import app_settings
from matching.backends import SearchQuery, get_search_backend
from matching.backends.elasticsearch import ElasticsearchBackend
from matching.backends.elasticsearch import index as es_index
from matching.backends.elasticsearch.client import get_client
from matching.backends.elasticsearch.maintenance import rebuild
from matching.models import Match
from matching.selectors import search_listings
from tests.factories import make_member, make_org, make_staff

pytestmark = [pytest.mark.elasticsearch, pytest.mark.postgres]


@pytest.fixture
def people(use_elasticsearch, transactional_db, require_postgres):
    lab, firm = make_org(kind="university"), make_org(kind="enterprise")
    return {
        "lab": lab, "firm": firm, "staff": make_staff(),
        "lab_editor": make_member(lab, role=Membership.Role.EDITOR),
        "firm_editor": make_member(firm, role=Membership.Role.EDITOR),
    }


def publish(people, org_key, kind, title, summary, **data):
    editor = people["lab_editor"] if org_key == "lab" else people["firm_editor"]
    listing = listing_create(user=editor, organisation=people[org_key], kind=kind, title=title, summary=summary,
                             **data)
    listing_submit(user=editor, listing=listing)
    return listing_publish(user=people["staff"], listing=listing)


def indexed_ids(text=""):
    """What the index itself answers (no database hydration, no fallback)."""
    results = ElasticsearchBackend().search(SearchQuery(text=text, viewer=AnonymousUser(), page_size=100))
    return {hit.listing_id for hit in results.hits}


def test_a_published_listing_reaches_the_index_after_commit_and_not_before(people):
    need = publish(people, "firm", Listing.Kind.NEED, "寻找非遗数字化团队", "非遗技艺的三维数字化与动作捕捉")
    with transaction.atomic():
        capability = listing_create(user=people["lab_editor"], organisation=people["lab"],
                                    kind=Listing.Kind.CAPABILITY, title="非遗技艺动作捕捉与数字化",
                                    summary="动作捕捉与三维数字化")
        listing_submit(user=people["lab_editor"], listing=capability)
        listing_publish(user=people["staff"], listing=capability)
        assert capability.pk not in indexed_ids("动作捕捉")  # not before commit
    assert capability.pk in indexed_ids("动作捕捉")  # after commit
    # Its matches were computed after commit too, and announced once.
    match = Match.objects.get(need=need, capability=capability)
    announced = OutboxEvent.objects.filter(type="match.created").values_list("payload", flat=True)
    assert [(e["match_id"], e["need_id"], e["capability_id"], e["found_by_listing_id"]) for e in announced] == [
        (match.pk, need.pk, capability.pk, capability.pk)]

    # A published listing's new title reaches the index once a curator approves it (marketplace/revisions.py).
    listing_update(user=people["lab_editor"], listing=capability, title="非遗技艺动作捕捉平台")
    assert capability.pk not in indexed_ids("平台")
    listing_revision_approve(user=people["staff"], revision=pending_revision(capability))
    assert capability.pk in indexed_ids("平台")
    listing_close(user=people["lab_editor"], listing=capability, reason=Listing.CloseReason.WITHDRAWN)
    assert capability.pk not in indexed_ids("动作捕捉")
    assert not Match.objects.filter(capability=capability).exists()


def test_reindex_swaps_the_alias_atomically_and_catches_up_with_writes_during_the_rebuild(people):
    listings = [publish(people, "lab", Listing.Kind.CAPABILITY, f"数字文旅能力 {n}", "文旅数字化") for n in range(5)]
    client = get_client()
    alias = app_settings.LISTINGS_ALIAS
    before = es_index.indexes_behind(client, alias)
    written = {}

    def write_during_build(batch_number):
        if batch_number == 1:
            written["new"] = publish(people, "firm", Listing.Kind.NEED, "重建期间发布的需求", "新需求")
            listing_update(user=people["lab_editor"], listing=listings[4], title="重建期间改名的能力")
            listing_revision_approve(user=people["staff"], revision=pending_revision(listings[4]))
            listing_close(user=people["lab_editor"], listing=listings[3], reason=Listing.CloseReason.FULFILLED)
            # Readers keep being served by the old index while the new one is built.
            assert written["new"].pk in indexed_ids("重建期间")

    result = rebuild(ElasticsearchBackend(), batch_size=2, after_batch=write_during_build)
    after = es_index.indexes_behind(client, alias)
    assert after == [result.index] and after != before
    assert not client.indices.exists(index=before[0])  # the old index is dropped
    assert indexed_ids("重建期间") == {written["new"].pk, listings[4].pk}
    assert listings[3].pk not in indexed_ids()
    assert indexed_ids() == {listings[0].pk, listings[1].pk, listings[2].pk, listings[4].pk, written["new"].pk}


def closed_port():
    """An address where nothing listens: how these tests simulate Elasticsearch being down (the real server
    is shared with other engineers' test runs, so it is not stopped)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_when_elasticsearch_is_down_saving_works_search_falls_back_and_reconcile_catches_up(people, settings, client):
    kept = publish(people, "lab", Listing.Kind.CAPABILITY, "博物馆导览机器人", "智能导览")
    working_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"

    during = publish(people, "lab", Listing.Kind.CAPABILITY, "停机期间发布的导览能力", "智能导览")  # saving works
    listing_close(user=people["lab_editor"], listing=kept, reason=Listing.CloseReason.FULFILLED)
    results = search_listings(query=SearchQuery(text="导览", viewer=AnonymousUser()))
    assert results.fallback
    assert [hit.listing_id for hit in results.hits] == [during.pk]
    page = client.get("/search/", {"q": "导览"})
    assert b'data-testid="search-fallback-notice"' in page.content
    assert client.get("/search/suggest/", {"q": "停机"}).json()["suggestions"][0]["listing_id"] == during.pk

    settings.ELASTICSEARCH_URL = working_url
    assert indexed_ids("导览") == {kept.pk}  # the index missed both changes
    report = get_search_backend().reconcile()
    assert (len(report.missing), len(report.extra)) == (1, 1)
    assert indexed_ids("导览") == {during.pk}
    assert get_search_backend().reconcile(dry_run=True).as_dict() == {
        "in_database": 1, "in_index": 1, "missing": 0, "stale": 0, "extra": 0}
    results = search_listings(query=SearchQuery(text="导览", viewer=AnonymousUser()))
    assert not results.fallback and [hit.listing_id for hit in results.hits] == [during.pk]
