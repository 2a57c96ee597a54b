"""The glossary ships as data, lives in the database, is edited by staff in the admin, and search reads a query
through it: the longest phrase first, Latin terms as whole words, an edit effective at once."""
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse

from marketplace.models import Sector, Technology
from matching.backends import SearchQuery
from matching.glossary import expand_query, glossary_entries
from matching.glossary_data import GLOSSARY_FILE, load_glossary
from matching.models import GlossaryEntry
from matching.selectors import search_listings
from tests.factories import make_listing, make_staff

pytestmark = [pytest.mark.postgres]
SHIPPED = json.loads(GLOSSARY_FILE.read_text(encoding="utf-8"))


def load(**options):
    return load_glossary(entry_model=GlossaryEntry, sector_model=Sector, technology_model=Technology, **options)


def test_the_shipped_glossary_is_in_the_database_with_its_sectors_and_technologies(db):
    entries = {entry.key: entry for entry in glossary_entries()}

    assert len(entries) == len(SHIPPED) >= 300
    for item in SHIPPED:
        entry = entries[item["id"]]
        assert (list(entry.zh), list(entry.en)) == (item["zh"], item["en"])
        assert (sorted(entry.sectors), sorted(entry.technologies)) == (sorted(item["sectors"]),
                                                                       sorted(item["technologies"]))


def test_loading_again_keeps_staff_edits_unless_asked_to_overwrite(db):
    GlossaryEntry.objects.filter(key="mocap").update(terms_zh=["动捕"])
    GlossaryEntry.objects.filter(key="vr").delete()

    assert load() == {"created": 1, "updated": 0, "entries": len(SHIPPED)}
    assert load()["created"] == 0
    assert GlossaryEntry.objects.get(key="mocap").terms_zh == ["动捕"]
    call_command("load_glossary", "--overwrite", stdout=open("/dev/null", "w"))
    assert GlossaryEntry.objects.get(key="mocap").terms_zh[:2] == ["动作捕捉", "动捕"]
    assert "动作捕捉" in expand_query("动作捕捉").phrases[0].entry.zh  # search reads the overwritten entry


def test_the_longest_phrase_is_read_first_and_latin_terms_only_as_whole_words(db):
    design = expand_query("interaction design for a museum app")
    assert [phrase.entry.key for phrase in design.phrases][:1] == ["hci"]  # not the broad "design"
    assert "人机交互" in design.phrases[0].alternatives
    assert expand_query("数字博物馆").phrases[0].entry.key == "digital-museum"  # not 博物馆 alone
    assert [phrase.text for phrase in expand_query("art history").phrases if phrase.text == "ar"] == []
    assert expand_query("virtual reality").phrases[0].alternatives[0] == "虚拟现实"


def test_a_staff_edit_in_the_admin_changes_search_at_once(settings, client, db):
    settings.SEARCH_BACKEND = "database"
    listing = make_listing(title="榫卯结构的数字化复原", summary="用三维扫描记录古建筑的榫卯节点")
    staff = make_staff(is_superuser=True)
    client.force_login(staff)

    def found(text):
        return listing.pk in [hit.listing_id for hit in search_listings(
            query=SearchQuery(text=text, viewer=AnonymousUser())).hits]

    assert not found("mortise and tenon")
    entry = GlossaryEntry.objects.create(key="test-joinery", terms_zh=["卯榫"], terms_en=["joinery"])
    url = reverse("admin:matching_glossaryentry_change", args=[entry.pk])
    response = client.post(url, {"key": entry.key, "terms_zh": "卯榫\n榫卯", "terms_en": "joinery\nmortise and tenon",
                                 "sectors": [], "technologies": []})

    assert response.status_code == 302, response.content.decode()[:500]
    assert GlossaryEntry.objects.get(pk=entry.pk).terms_en == ["joinery", "mortise and tenon"]
    assert found("mortise and tenon")
