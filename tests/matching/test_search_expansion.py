"""Search finds what a user means in either language (issue 14), the same on both backends: the glossary takes a
query into the other language and to synonyms at a lower weight than the user's own words, taxonomy labels and the
second-language title are searchable, and a search that finds nothing suggests where to look."""
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from marketplace.models import Listing
from matching.backends import SearchQuery
from matching.selectors import search_listings
from tests.factories import make_listing, make_org, make_technology
from tests.matching.conftest import sync

pytestmark = [pytest.mark.postgres, pytest.mark.elasticsearch]


def search(text, **kwargs):
    return search_listings(query=SearchQuery(text=text, viewer=AnonymousUser(), **kwargs))


def hit_ids(results):
    return [hit.listing_id for hit in results.hits]


@pytest.fixture
def bilingual(backend_name, transactional_db):
    org = make_org(kind="university")
    haptics = make_technology("t-haptics", name_zh="可穿戴设备与触觉反馈", name_en="Haptic feedback")
    mocap = make_technology("t-mocap", name_zh="动作捕捉", name_en="Motion capture")
    listings = SimpleNamespace(
        vr=make_listing(org, title="沉浸式虚拟现实博物馆导览", summary="观众戴上头显参观数字展厅"),
        vr_own_words=make_listing(org, title="Virtual reality field trips", summary="Virtual reality lessons"),
        # Tagged only: its text says nothing of motion capture.
        tagged=make_listing(org, title="舞蹈数字化记录", summary="记录舞者的身体动作用于教学", technologies=[mocap]),
        gloves=make_listing(org, title="力反馈手套", summary="为互动展项提供手部力觉", technologies=[haptics]),
        english_title=make_listing(org, kind=Listing.Kind.NEED, title="寻找古籍修复合作伙伴",
                                   summary="馆藏古籍的修复与数字化", title_alt="Partners for restoring rare books",
                                   summary_alt="Restoration and digitisation of our rare book collection"),
        unrelated=make_listing(org, title="城市夜游灯光秀", summary="景区夜间光影演出"),
    )
    sync(*vars(listings).values())
    return listings


def test_an_english_query_finds_chinese_listings_below_those_in_its_own_words(bilingual):
    results = search("virtual reality")

    assert set(hit_ids(results)) == {bilingual.vr.pk, bilingual.vr_own_words.pk}
    assert hit_ids(results)[0] == bilingual.vr_own_words.pk  # the expansion weighs less than the user's words
    assert hit_ids(search("虚拟现实")) == [bilingual.vr.pk, bilingual.vr_own_words.pk]  # and the reverse


def test_a_listing_is_found_by_the_labels_of_its_technologies_in_either_language(bilingual):
    assert bilingual.tagged.pk in hit_ids(search("动作捕捉"))
    assert bilingual.tagged.pk in hit_ids(search("motion capture"))
    assert bilingual.tagged.pk in hit_ids(search("mocap"))  # a glossary synonym of the label


def test_the_second_language_title_and_summary_are_searched(bilingual):
    assert hit_ids(search("rare books restoration")) == [bilingual.english_title.pk]


def test_a_search_that_finds_nothing_suggests_labels_that_fit_and_a_relaxed_query(bilingual):
    from matching.suggestions import search_suggestions

    query = SearchQuery(text="whale feedback", viewer=AnonymousUser())
    results = search_listings(query=query)
    suggestions = search_suggestions(query=query, results=results)

    assert results.total == 0
    assert [(t["facet"], t["value"], t["count"]) for t in suggestions.terms] == [("technology", "t-haptics", 1)]
    assert suggestions.relaxed == {"kind": "any_word", "text": "whale feedback", "words": "any", "total": 1}
    assert hit_ids(search("whale feedback", words="any")) == [bilingual.gloves.pk]
    assert search_suggestions(query=SearchQuery(text="手套", viewer=AnonymousUser()),
                              results=search_listings(query=SearchQuery(text="手套", viewer=AnonymousUser()))) is None


def test_a_relaxed_query_drops_the_filters_first(bilingual):
    from matching.suggestions import search_suggestions

    query = SearchQuery(text="力反馈手套", viewer=AnonymousUser(), filters={"kind": ["need"]})
    suggestions = search_suggestions(query=query, results=search_listings(query=query))

    assert suggestions.relaxed["kind"] == "without_filters" and suggestions.relaxed["total"] == 1


def test_english_words_meet_their_other_forms(backend_name, transactional_db):
    """"render in the cloud" finds "Cloud rendering" (Snowball stems; this Elasticsearch build has no stemmer)."""
    org = make_org(kind="university")
    rendering = make_listing(org, title="Cloud rendering for mobile games", summary="Streams rendered frames")
    sync(rendering, make_listing(org, title="Localising a mobile game", summary="Translation and voice casting"))

    assert hit_ids(search("render in the cloud")) == [rendering.pk]
