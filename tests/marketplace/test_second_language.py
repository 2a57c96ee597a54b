"""An optional title and summary in the other language (issue 14): written in the form, the API and the importer,
shown to readers of that language, the listing's own to readers of its own. (The API: tests/api/
test_listing_second_language.py.)"""
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Organisation
from marketplace.models import Listing
from tests.factories import make_listing
from tests.marketplace.test_forms_uploads import need_form

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_form_takes_the_second_language_title_and_summary(client, people):
    client.force_login(people.editor)
    response = client.post(reverse("marketplace:listing_create"), need_form(
        people.org, title="为数字博物馆寻找云渲染", title_alt="Cloud rendering for a digital museum",
        summary_alt="We look for a partner who streams our 3D collection to phones."))

    assert response.status_code == 302
    listing = Listing.objects.get(title="为数字博物馆寻找云渲染")
    assert listing.title_alt == "Cloud rendering for a digital museum"
    assert listing.summary_alt.startswith("We look for a partner")
    page = client.get(reverse("marketplace:listing_edit", args=[listing.pk])).content.decode()
    assert 'value="Cloud rendering for a digital museum"' in page


def test_the_importer_maps_columns_to_them(tmp_path):
    org = Organisation.objects.create(slug="import-alt", kind="enterprise", name_zh="导入企业")
    source = tmp_path / "rows.jsonl"
    row = {"name": "非遗数字化", "abstract": "传统工艺的三维记录", "name_en": "Intangible heritage digitisation",
           "abstract_en": "3D records of traditional crafts"}
    source.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_listings", str(source), "--kind", "need", "--organisation", org.slug, "--no-progress",
                 "--map", "title=name", "--map", "summary=abstract", "--map", "title_alt=name_en",
                 "--map", "summary_alt=abstract_en", stdout=StringIO(), stderr=StringIO())

    listing = Listing.objects.get(organisation=org)
    assert (listing.title_alt, listing.summary_alt) == ("Intangible heritage digitisation",
                                                        "3D records of traditional crafts")


@pytest.mark.parametrize("language, title, summary", [
    ("en", "Restoring rare books", "Restoration of our rare book collection"),
    ("zh-hans", "古籍修复", "馆藏古籍的修复与数字化"),
])
def test_a_reader_sees_the_title_and_summary_of_their_language(client, language, title, summary):
    listing = make_listing(title="古籍修复", summary="馆藏古籍的修复与数字化", title_alt="Restoring rare books",
                           summary_alt="Restoration of our rare book collection")
    client.cookies["django_language"] = language
    page = client.get(listing.get_absolute_url()).content.decode()

    assert '<h1 data-testid="listing-title"' in page and f">{title}</h1>" in page
    assert summary in page
    english = make_listing(title="Rare books", summary="An English listing", title_alt="古籍")
    assert english.in_language("en") == ("Rare books", "An English listing")
    assert english.in_language("zh-hans")[0] == "古籍"
