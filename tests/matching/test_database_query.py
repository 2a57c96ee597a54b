"""How the database backend (the zero-service demo, the fallback when Elasticsearch is down) reads a query:
Chinese as overlapping bigrams, English as words, a hit holding most of them (see `query_terms`).

They run on the real PostgreSQL of the suite; the same file runs on SQLite (the demo's database) with
`DATABASE_URL=sqlite:////tmp/x.sqlite3 TEST_DATABASE_NAME=/tmp/x-test.sqlite3 pytest <this file>`."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.models import Listing
from matching.backends import SearchQuery
from matching.selectors import search_listings
from tests.factories import make_listing, make_org


def search(text, **kwargs):
    return search_listings(query=SearchQuery(text=text, viewer=AnonymousUser(), **kwargs))


def hit_ids(results):
    return [hit.listing_id for hit in results.hits]


@pytest.fixture
def museums(settings, db):
    settings.SEARCH_BACKEND = "database"
    org = make_org(kind="enterprise")
    now = timezone.now()

    def listing(title, summary, age, kind=Listing.Kind.CAPABILITY, **extra):
        return make_listing(org, kind=kind, title=title, summary=summary, description="",
                            published_at=now - timedelta(days=age), **extra)

    return SimpleNamespace(
        # The whole phrase, published first (the oldest): only its relevance can put it on top.
        phrase=listing("数字博物馆沉浸式展陈", "为省级博物馆提供数字展陈方案", age=9),
        apart=listing("建设数字化的博物馆", "馆藏文物的数字化采集与线上展示", age=3, kind=Listing.Kind.NEED),
        reordered=listing("博物馆数字展陈设计", "展厅多媒体与互动装置", age=2),
        museum_only=listing("博物馆库房温湿度监测", "展柜微环境物联网监测", age=4),
        digital_only=listing("数字人直播方案", "虚拟主播实时驱动", age=5),
        # Every character of 数字博物馆, none of its bigrams.
        characters=listing("数据中心与字幕服务", "为博士后工作站、物流公司和图书馆提供数据服务", age=6),
        # "VR 眼镜" written apart, 文物 only among the keywords.
        vr_glasses=listing("展厅导览用的VR 眼镜", "观众佩戴轻量眼镜参观", age=7, keywords=["文物导览"]),
        vr_museum=listing("面向博物馆的VR导览", "沉浸式参观体验", age=8),
        vr_only=listing("VR game studio", "Virtual reality games for arcades", age=1),
    )


def test_a_chinese_phrase_finds_its_words_apart_and_reordered_the_whole_phrase_first(museums):
    results = search("数字博物馆")

    assert set(hit_ids(results)) == {museums.phrase.pk, museums.apart.pk, museums.reordered.pk}
    assert hit_ids(results)[0] == museums.phrase.pk


def test_facet_counts_and_pages_follow_the_hits_of_a_chinese_query(museums):
    results = search("数字博物馆", page_size=2)
    second = search("数字博物馆", page_size=2, page=2)

    assert results.total == 3 and results.pages == 2
    assert set(hit_ids(results) + hit_ids(second)) == {museums.phrase.pk, museums.apart.pk, museums.reordered.pk}
    assert results.facets["kind"] == {"capability": 2, "need": 1}
    needs = search("数字博物馆", filters={"kind": ["need"]})
    assert hit_ids(needs) == [museums.apart.pk] and needs.total == 1
    assert needs.facets["kind"] == {"capability": 2, "need": 1}  # its own facet ignores its own selection


def test_a_mixed_query_matches_the_word_and_the_chinese_apart(museums):
    assert hit_ids(search("VR眼镜 文物")) == [museums.vr_glasses.pk]
    assert hit_ids(search("博物馆VR")) == [museums.vr_museum.pk]
    assert set(hit_ids(search("vr"))) == {museums.vr_glasses.pk, museums.vr_museum.pk, museums.vr_only.pk}


def test_a_single_unrelated_character_neither_spoils_a_phrase_nor_widens_it_to_its_characters(museums):
    with_a_stray_character = search("数字博物馆鲸")

    assert hit_ids(with_a_stray_character)[0] == museums.phrase.pk
    assert set(hit_ids(with_a_stray_character)) == {museums.phrase.pk, museums.apart.pk, museums.reordered.pk}
    assert search("鲸").total == 0
    assert set(hit_ids(search("馆"))) == {museums.phrase.pk, museums.apart.pk, museums.reordered.pk,
                                          museums.museum_only.pk, museums.characters.pk, museums.vr_museum.pk}


def test_a_long_pasted_query_still_answers_with_a_bounded_statement(museums):
    need = ("我们是省级博物馆，计划建设数字化的博物馆展厅，需要VR眼镜导览与文物三维扫描方面的合作团队。"
            "项目预算充足，希望在明年上半年完成第一期展陈，欢迎有类似案例的团队联系我们。")
    short, long = need, need * 40  # the search form's 200 characters, and a pasted document

    statements = {}
    for name, text in (("short", short), ("long", long)):
        with CaptureQueriesContext(connection) as captured:
            results = search(text)
        assert hit_ids(results)[0] == museums.apart.pk
        statements[name] = max(query["sql"].count(" LIKE ") for query in captured.captured_queries)

    assert statements["long"] == statements["short"] <= 5 * 16  # at most 16 terms x (4 fields + SQLite's escape)


def test_the_postgresql_text_indexes_never_drop_a_hit_the_exact_conditions_find(museums, monkeypatch):
    from matching.backends.database import filters as database

    queries = ["数字博物馆", "数字博物馆鲸", "博物馆VR", "VR眼镜 文物", "馆", "文物导览", "数字博物馆 vr",
               "沉浸式展陈方案",
               "建设数字化的博物馆展厅需要VR眼镜导览与文物三维扫描方面的合作团队", "GAMES arcade", "studio reality vr",
               "vr 游戏 studio", "数字博物馆 virtual", "real games for museums"]
    with_index = {text: set(hit_ids(search(text))) for text in queries}
    monkeypatch.setattr(database, "index_prefilter", lambda terms, required: None)  # the LIKE conditions alone

    assert with_index == {text: set(hit_ids(search(text))) for text in queries}
    assert with_index["数字博物馆 vr"] == {museums.phrase.pk}  # four of the five terms, vr not among them
    assert with_index["文物导览"] == {museums.vr_glasses.pk}  # a Chinese keyword, found in the JSON column
    assert with_index["GAMES arcade"] == {museums.vr_only.pk}  # words inside longer ones, in capitals
