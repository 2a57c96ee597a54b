"""Each language writes dates, lists and place names one way everywhere: 2026年3月5日 / 5 Mar 2026, 、 / ", ",
江苏省 南京 / Nanjing, Jiangsu."""
import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone, translation

from accounts.places import location, place_name
from core.formats import format_day, format_day_time, format_list
from tests.factories import make_listing, make_org

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def visible_text(html):
    """The page's text without tags and attributes (a <time datetime="2026-03-05"> is fine)."""
    return re.sub(r"<[^>]+>", " ", html)


def in_language(client, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client


@pytest.mark.parametrize("name, english", [
    ("江苏省", "Jiangsu"), ("江苏", "Jiangsu"), ("广西壮族自治区", "Guangxi"), ("南京", "Nanjing"),
    ("南京市", "Nanjing"), ("西安", "Xi'an"), ("香港特别行政区", "Hong Kong"), ("某个小镇", "某个小镇"),
])
def test_place_names_are_translated_from_our_own_table(name, english):
    assert place_name(name, "en") == english
    assert place_name(name, "zh-hans") == name  # Chinese readers see what was typed


def test_a_location_reads_the_way_each_language_writes_it():
    assert location("江苏省", "南京", "en") == "Nanjing, Jiangsu"
    assert location("江苏省", "南京", "zh-hans") == "江苏省 南京"
    assert location("北京市", "北京", "en") == "Beijing"  # a municipality once
    assert location("Zhejiang", "Hangzhou", "zh-hans") == "浙江省 杭州"  # typed in English, read in Chinese
    assert location("", "", "en") == ""


def test_one_date_format_and_one_list_separator_per_language():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 5, 14, 30))
    with translation.override("zh-hans"):
        assert (format_day(moment), format_day_time(moment)) == ("2026年3月5日", "2026年3月5日 14:30")
        assert format_list(["联合研发", "技术许可"]) == "联合研发、技术许可"
    with translation.override("en"):
        assert (format_day(moment), format_day_time(moment)) == ("5 Mar 2026", "5 Mar 2026, 14:30")
        assert format_list(["Joint R&D", "Licensing"]) == "Joint R&D, Licensing"


def test_the_listing_page_in_english_has_english_places_separator_and_dates(client):
    # Seeded by a migration: licensing (技术许可与转让) comes before joint_rd (联合研发).
    listing = make_listing(province="江苏省", city="南京", collaboration_types=["joint_rd", "licensing"],
                           deadline=datetime.date(2031, 3, 5))
    english = visible_text(in_language(client, "en").get(listing.get_absolute_url()).content.decode())
    assert "Nanjing, Jiangsu" in english and "江苏" not in english and "南京" not in english
    assert "Licensing and technology transfer, Joint R&amp;D" in english and "、" not in english
    assert "5 Mar 2031" in english and not ISO_DATE.search(english)

    chinese = visible_text(in_language(client, "zh-hans").get(listing.get_absolute_url()).content.decode())
    assert "江苏省 南京" in chinese and "技术许可与转让、联合研发" in chinese
    assert "2031年3月5日" in chinese


def test_the_search_page_names_provinces_in_english(client):
    make_listing(province="浙江省", city="杭州")
    english = in_language(client, "en").get("/search/").content.decode()
    assert 'data-testid="facet-province-浙江省"' in english
    facet = english[english.index('data-testid="facet-province"'):]
    assert "Zhejiang" in facet[:2000]


def test_no_template_writes_a_date_by_hand():
    """Dates go through |day or |day_time; |date stays for machine-readable attributes and bare times."""
    allowed = re.compile(r'datetime="[^"]*\|date:[^"]*"|\|date:"H:i"')
    found = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        text = allowed.sub("", path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(settings.BASE_DIR)}: {m.group(0)}" for m in re.finditer(r"\|date:\S+", text)]
    assert found == []


def test_an_organisation_page_shows_its_location_in_the_readers_language(client):
    organisation = make_org(province="四川省", city="成都")
    english = in_language(client, "en").get(f"/orgs/{organisation.slug}/").content.decode()
    assert "Chengdu, Sichuan" in english
