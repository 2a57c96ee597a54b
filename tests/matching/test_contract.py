"""One contract for every search backend: the same behaviour on the database (real PostgreSQL) and on the
real Elasticsearch. The `catalogue` fixture is parametrised over both."""
from django.contrib.auth.models import AnonymousUser

from marketplace.models import Listing
from matching.backends import SYSTEM_VIEWER, SearchQuery, get_search_backend
from matching.models import Match
from matching.selectors import listing_matches, listing_suggestions, search_listings, similar_listings
from tests.factories import make_listing
from tests.matching.conftest import sync

ANONYMOUS = AnonymousUser()


def search(text="", viewer=ANONYMOUS, **kwargs):
    return search_listings(query=SearchQuery(text=text, viewer=viewer, **kwargs))


def hit_ids(results):
    return [hit.listing_id for hit in results.hits]


def test_chinese_query_finds_the_listing_with_a_highlighted_snippet(catalogue):
    results = search("文物三维扫描")
    assert hit_ids(results)[0] in {catalogue.scanning.pk, catalogue.museum_need.pk, catalogue.own.pk}
    assert catalogue.scanning.pk in hit_ids(results)
    assert catalogue.rendering.pk not in hit_ids(results)
    first = results.hits[0]
    assert "<mark>" in "".join(first.highlights.values())


def test_english_query_is_case_insensitive_and_ignores_stop_words(catalogue):
    results = search("The CLOUD Rendering")
    assert set(hit_ids(results)) == {catalogue.rendering.pk, catalogue.game_need.pk}
    assert any("<mark>" in snippet for hit in results.hits for snippet in hit.highlights.values())


def test_snippets_show_a_markdown_description_as_plain_text(catalogue):
    listing = make_listing(catalogue.studio, kind=Listing.Kind.CAPABILITY, title="Motion capture studio",
                           summary="Performance capture for animation",
                           description="### Equipment\n\n- **Optical markers** and [inertial suits](https://x.test)")
    sync(listing)

    hit = next(hit for hit in search("inertial suits").hits if hit.listing_id == listing.pk)

    assert "<mark>" in hit.highlights["description"]
    assert not any(marker in hit.highlights["description"] for marker in ("#", "**", "](", "- "))


def test_facet_counts_cover_every_filter_and_follow_the_other_filters(catalogue):
    results = search()
    assert results.total == 5  # four published listings of other organisations + the firm's own capability
    assert results.facets["kind"] == {"capability": 3, "need": 2}
    assert results.facets["sector"]["t-museum"] == 3
    assert results.facets["sector"]["t-games"] == 2
    assert results.facets["technology"]["t-cloud-rendering"] == 2
    assert results.facets["collaboration"]["joint_rd"] == 3
    assert results.facets["region"] == {"yangtze_delta": 4, "greater_bay": 1}
    assert results.facets["province"]["上海"] == 2
    assert results.facets["org_kind"] == {"university": 2, "enterprise": 3}
    assert results.facets["trl"]["6"] == 4  # scanning (6), own (6), museum need (5-7), game need (6-9)

    filtered = search(filters={"sector": ["t-museum"], "kind": ["capability"]})
    assert set(hit_ids(filtered)) == {catalogue.scanning.pk, catalogue.own.pk}
    assert filtered.total == 2
    # A facet's own counts ignore its own selection (so other values stay choosable) but follow the others.
    assert filtered.facets["kind"] == {"capability": 2, "need": 1}
    assert filtered.facets["sector"]["t-games"] == 1

    by_trl = search(filters={"trl": ["7"]})
    assert set(hit_ids(by_trl)) == {catalogue.rendering.pk, catalogue.museum_need.pk, catalogue.game_need.pk}
    by_org_kind = search(text="文物", filters={"org_kind": ["university"]})
    assert hit_ids(by_org_kind) == [catalogue.scanning.pk]


def test_sorting_by_newest_and_by_deadline(catalogue):
    newest = search(sort="newest")
    assert hit_ids(newest) == [catalogue.own.pk, catalogue.rendering.pk, catalogue.museum_need.pk,
                               catalogue.scanning.pk, catalogue.game_need.pk]
    deadline = search(sort="deadline")
    assert hit_ids(deadline)[:2] == [catalogue.museum_need.pk, catalogue.scanning.pk]


def test_paging(catalogue):
    first = search(page_size=2, page=1, sort="newest")
    second = search(page_size=2, page=2, sort="newest")
    third = search(page_size=2, page=3, sort="newest")
    assert first.pages == 3 and first.total == 5
    seen = hit_ids(first) + hit_ids(second) + hit_ids(third)
    assert len(seen) == len(set(seen)) == 5


def test_hidden_listings_never_leak_through_search_counts_suggestions_or_matches(catalogue):
    hidden_ids = {listing.pk for listing in vars(catalogue.hidden).values()}
    anonymous = search(catalogue.secret)
    assert not hidden_ids & set(hit_ids(anonymous))
    everything = search()
    assert not hidden_ids & set(hit_ids(search(page_size=100)))
    assert everything.total == 5 and sum(everything.facets["kind"].values()) == 5
    assert listing_suggestions(prefix="会员", viewer=ANONYMOUS) == []
    assert listing_suggestions(prefix="草稿", viewer=ANONYMOUS) == []
    assert listing_suggestions(prefix="已过期", viewer=ANONYMOUS) == []

    backend = get_search_backend()
    matched = {r.listing_id for r in backend.match(catalogue.museum_need, ANONYMOUS, limit=20)}
    assert not hidden_ids & matched

    # A signed-in member sees members-only listings, not verified-only ones; a verified member sees both.
    member_ids = set(hit_ids(search(catalogue.secret, viewer=catalogue.member)))
    assert member_ids == {catalogue.hidden.members.pk}
    assert [s["text"] for s in listing_suggestions(prefix="会员", viewer=catalogue.member)] == [
        catalogue.hidden.members.title]
    verified_ids = set(hit_ids(search(catalogue.secret, viewer=catalogue.verified_member)))
    assert verified_ids == {catalogue.hidden.members.pk, catalogue.hidden.verified.pk}
    # Stored matches are computed for everyone and filtered when read.
    shown = {m.capability_id for m in listing_matches(listing=catalogue.museum_need, viewer=ANONYMOUS, limit=20)}
    assert not hidden_ids & shown


def test_a_need_is_matched_with_explained_capabilities_but_not_its_own_organisation(catalogue):
    results = get_search_backend().match(catalogue.museum_need, ANONYMOUS, limit=5)
    ids = [r.listing_id for r in results]
    assert ids[0] == catalogue.scanning.pk
    assert catalogue.own.pk not in ids  # same organisation as the need
    assert all(kind == Listing.Kind.CAPABILITY for kind in [r.kind for r in results])
    best = results[0]
    assert set(best.parts) == {"text", "taxonomy", "collaboration", "region", "readiness", "freshness"}
    assert best.parts["taxonomy"] == 1.0 and best.parts["readiness"] == 1.0
    assert "同属 数字博物馆 与 VR/AR" in best.reasons_zh
    assert "Shares: 3D scanning, game engine" in best.reasons_en
    assert "Readiness TRL 6 within 5-7" in best.reasons_en
    assert "Same metro area: Yangtze River Delta" in best.reasons_en
    assert "同属长三角地区" in best.reasons_zh
    assert "Compatible collaboration: Joint R&D" in best.reasons_en


def test_a_capability_is_matched_with_open_needs(catalogue):
    results = get_search_backend().match(catalogue.rendering, ANONYMOUS, limit=5)
    assert results[0].listing_id == catalogue.game_need.pk
    assert "Shares: cloud rendering" in results[0].reasons_en


def test_stored_matches_are_kept_for_both_sides_with_reasons(catalogue):
    match = Match.objects.get(need=catalogue.museum_need, capability=catalogue.scanning)
    assert match.reasons_zh and match.reasons_en and 0 < match.score <= 1
    assert not Match.objects.filter(need=catalogue.museum_need, capability=catalogue.own).exists()
    shown = listing_matches(listing=catalogue.museum_need, viewer=ANONYMOUS)
    assert shown[0].capability_id == catalogue.scanning.pk
    from_capability = listing_matches(listing=catalogue.scanning, viewer=ANONYMOUS)
    assert catalogue.museum_need.pk in [m.need_id for m in from_capability]


def test_similar_listings_are_of_the_same_kind(catalogue):
    similar = similar_listings(listing=catalogue.scanning, viewer=ANONYMOUS)
    assert [hit.listing_id for hit in similar][0] == catalogue.own.pk
    assert catalogue.scanning.pk not in [hit.listing_id for hit in similar]


def test_suggestions_complete_titles_and_keywords(catalogue):
    zh = [s["text"] for s in listing_suggestions(prefix="文物三维", viewer=ANONYMOUS)]
    assert catalogue.scanning.title in zh
    en = [s["text"] for s in listing_suggestions(prefix="cloud", viewer=ANONYMOUS)]
    assert "Cloud rendering for mobile games" in en and "cloud gaming" in en


def test_system_viewer_sees_every_published_visibility(catalogue):
    ids = {r.listing_id for r in get_search_backend().match(catalogue.museum_need, SYSTEM_VIEWER, limit=20)}
    assert {catalogue.hidden.members.pk, catalogue.hidden.verified.pk} <= ids
    assert catalogue.hidden.draft.pk not in ids and catalogue.hidden.expired.pk not in ids


def test_the_browse_form_filters_translate_into_an_engine_query(catalogue):
    from matching.selectors import search_query_from_filters

    query = search_query_from_filters(filters={"q": "文物", "kind": "capability", "trl": 6, "sort": "newest"},
                                      user=ANONYMOUS)
    results = search_listings(query=query)
    assert {hit.listing_id for hit in results.hits} == {catalogue.scanning.pk, catalogue.own.pk}


def test_a_chinese_query_marks_its_words_where_they_stand_apart(catalogue):
    listing = make_listing(catalogue.studio, kind=Listing.Kind.CAPABILITY, title="面向博物馆的数字化展陈",
                           summary="为博物馆提供数字化展陈与互动体验", description="")
    sync(listing)

    hit = next(hit for hit in search("数字 博物馆").hits if hit.listing_id == listing.pk)

    assert hit.highlights["title"] == "面向<mark>博物馆</mark>的<mark>数字</mark>化展陈"


def test_every_backend_takes_the_same_arguments_options_keyword_only():
    import inspect

    from matching.backends import FallbackBackend, SearchBackend
    from matching.backends.database import DatabaseBackend
    from matching.backends.elasticsearch import ElasticsearchBackend

    methods = [name for name, value in vars(SearchBackend).items() if callable(value) and not name.startswith("_")]
    assert {"index_listings", "delete_listings", "rebuild", "reconcile", "search", "match", "similar",
            "suggest"} <= set(methods)
    for name in methods:
        contract = inspect.signature(getattr(SearchBackend, name))
        assert all(p.kind == p.KEYWORD_ONLY for p in contract.parameters.values() if p.default is not p.empty), name
        for backend in (DatabaseBackend, ElasticsearchBackend, FallbackBackend):
            assert inspect.signature(getattr(backend, name)) == contract, f"{backend.__name__}.{name}"


def test_included_counterparts_are_scored_and_only_those_the_viewer_may_see(catalogue):
    backend = get_search_backend()
    asked = [catalogue.scanning.pk, catalogue.hidden.members.pk, catalogue.hidden.draft.pk]

    results = backend.match(catalogue.museum_need, ANONYMOUS, limit=None, include_ids=asked)

    assert [int(r.listing_id) for r in results] == [catalogue.scanning.pk]
    [usual] = [r for r in backend.match(catalogue.museum_need, ANONYMOUS, limit=20)
               if r.listing_id == catalogue.scanning.pk]
    assert results[0].score > 0 and results[0].reasons_en == usual.reasons_en
    member = backend.match(catalogue.museum_need, catalogue.member, limit=None, include_ids=asked)
    assert {int(r.listing_id) for r in member} == {catalogue.scanning.pk, catalogue.hidden.members.pk}


def test_rebuild_and_reconcile_make_the_search_agree_with_the_database(catalogue):
    backend = get_search_backend()
    unseen = make_listing(catalogue.studio, kind=Listing.Kind.CAPABILITY, title="皮影戏数字化保护",
                          summary="皮影戏的三维数字化")  # written around the services: no index task ran
    gone = catalogue.rendering
    Listing.objects.filter(pk=gone.pk).update(status=Listing.Status.CLOSED)

    report = backend.reconcile()

    published = 8  # the five anyone sees, members-only, verified-only, past its deadline; one closed, one new
    assert report.in_database == published and hit_ids(search("皮影戏")) == [unseen.pk]
    assert gone.pk not in hit_ids(search(page_size=100))
    assert backend.reconcile(dry_run=True).as_dict() == {"in_database": published, "in_index": published,
                                                         "missing": 0, "stale": 0, "extra": 0}
    assert backend.rebuild().listings == published
    assert set(hit_ids(search(page_size=100))) == {catalogue.scanning.pk, catalogue.museum_need.pk,
                                                   catalogue.game_need.pk, catalogue.own.pk, unseen.pk}


def test_the_hourly_reconcile_never_calls_elasticsearch_when_the_backend_is_the_database(db, settings):
    import socket

    from matching.tasks import search_reconcile_task

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        nothing_listens = sock.getsockname()[1]
    settings.SEARCH_BACKEND = "database"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{nothing_listens}"
    make_listing()
    assert search_reconcile_task() == {"in_database": 1, "in_index": 1, "missing": 0, "stale": 0, "extra": 0}


def test_an_english_need_and_a_chinese_capability_about_the_same_thing_match_both_ways(catalogue):
    # No shared sector or technology: only the text (through the glossary) can bring them together.
    need = make_listing(catalogue.studio, kind=Listing.Kind.NEED, title="Motion capture for a dance performance",
                        summary="We look for a team to record our dancers with motion capture")
    capability = make_listing(catalogue.lab, kind=Listing.Kind.CAPABILITY, title="舞蹈动作捕捉服务",
                              summary="为演出团体提供舞者的光学动作捕捉与数据处理")
    sync(need, capability)

    found = {r.listing_id: r for r in get_search_backend().match(need, ANONYMOUS, limit=10)}
    back = {r.listing_id: r for r in get_search_backend().match(capability, ANONYMOUS, limit=10)}

    assert capability.pk in found and need.pk in back
    assert found[capability.pk].parts["text"] > 0 and back[need.pk].parts["text"] > 0
    # The reasons name the shared terms in the reader's language.
    assert any(r.startswith("共同术语：") and "动作捕捉" in r for r in found[capability.pk].reasons_zh)
    assert any(r.startswith("Shared terms: ") and "motion capture" in r for r in found[capability.pk].reasons_en)
    assert any("动作捕捉" in r for r in back[need.pk].reasons_zh)
