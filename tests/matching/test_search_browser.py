"""In Chromium (issue 14): an English reader of the demo finds its VR listings by typing "virtual reality", a
Chinese query that finds nothing offers where to look instead, and a listing with an English title shows it to
an English reader."""
import pytest
from django.core.management import call_command

from matching.evaluation.search_intent import searchable_listings
from tests.factories import make_listing, make_org, make_technology

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reader(browser, live_server, settings):
    """A page of a reader of the given language on the site (the demo's database backend)."""
    settings.SEARCH_BACKEND = "database"
    contexts = []

    def open_page(language):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def search_for(page, base_url, text):
    page.goto(f"{base_url}/search/")
    page.get_by_test_id("search-input").fill(text)
    page.get_by_test_id("search-submit").click()
    page.wait_for_url("**/search/?q=*")


def test_an_english_reader_finds_the_demos_vr_listings_by_virtual_reality(reader, live_server, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("load_demo", stdout=open("/dev/null", "w"))
    vr = {str(pk) for pk in searchable_listings().filter(technologies__slug="vr-ar").values_list("pk", flat=True)}
    page = reader("en")

    search_for(page, live_server.url, "virtual reality")

    shown = {hit.get_attribute("data-listing-id") for hit in page.get_by_test_id("search-hit").all()}
    assert len(vr) >= 10 and len(shown & vr) >= 0.7 * len(vr), (len(shown & vr), len(vr))
    assert page.get_by_test_id("search-empty").count() == 0


def test_a_chinese_query_that_finds_nothing_offers_fitting_technologies_and_a_relaxed_query(reader, live_server):
    haptics = make_technology("haptics-browser", name_zh="触觉反馈", name_en="Haptic feedback")
    gloves = make_listing(make_org(), title="力觉手套", summary="互动展项的配件", technologies=[haptics])
    page = reader("zh-hans")

    search_for(page, live_server.url, "鲸歌反馈")

    assert page.get_by_test_id("search-total").get_attribute("data-total") == "0"
    suggestions = page.get_by_test_id("empty-suggestions")
    assert "与您的搜索词相符的领域和技术" in suggestions.inner_text()
    assert "任一词语" in page.get_by_test_id("relaxed-query").inner_text()
    suggestions.get_by_test_id("suggested-technology-haptics-browser").click()
    page.wait_for_url("**technology=haptics-browser*")
    assert [hit.get_attribute("data-listing-id") for hit in page.get_by_test_id("search-hit").all()] == [
        str(gloves.pk)]


def test_a_listing_with_an_english_title_shows_it_to_an_english_reader(reader, live_server):
    listing = make_listing(make_org(), title="古籍修复合作伙伴", summary="馆藏古籍的修复与数字化",
                           title_alt="Partners for rare book restoration",
                           summary_alt="Restoration and digitisation of our rare books")
    page = reader("en")

    search_for(page, live_server.url, "rare book restoration")
    hit = page.get_by_test_id("search-hit").first
    assert hit.get_attribute("data-listing-id") == str(listing.pk)
    assert "Partners for rare book restoration" in hit.get_by_test_id("hit-title").inner_text()
    hit.get_by_test_id("hit-title").click()
    assert page.get_by_test_id("listing-title").inner_text() == "Partners for rare book restoration"
    assert "Restoration and digitisation of our rare books" in page.get_by_test_id("listing").inner_text()
