"""Invisible characters (bidi overrides, zero-width) and control characters are cleaned from what people type,
by one cleaner (core.text.clean_text) on every way in: web forms, the API and the bulk importer."""
import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organisation
from collaboration.models import Interest
from core.text import clean_text
from marketplace.models import Listing
from tests.api.conftest import bearer, issue_credential
from tests.factories import make_listing, make_member, make_org, make_user

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
             "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u2060", "\u061c"]
# "Lab" + RIGHT-TO-LEFT OVERRIDE + "fdp.exe" shows as "Labexe.pdf".
SPOOF = "数字\u202e文物\u200b修复\u2066实验室\u2069\ufeff"
CLEAN = "数字文物修复实验室"


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_each_invisible_character_is_removed(char):
    assert clean_text(f"Lab{char}fdp.exe") == "Labfdp.exe"
    assert clean_text(f"第一行{char}\n第二行", multiline=True) == "第一行\n第二行"


def test_control_characters_become_spaces_in_one_line_and_go_from_multi_line_text():
    assert clean_text("标题\r\n第二行\x1b[31m\x85") == "标题 第二行 [31m "
    assert clean_text("第一段\r\n\t第二段\x07\x1b", multiline=True) == "第一段\r\n\t第二段"
    assert clean_text("Crème brûlée 🎨 文化科技") == "Crème brûlée 🎨 文化科技"  # ordinary text is untouched
    assert clean_text(None) is None and clean_text(3) == 3


# --- web forms ---


def test_the_listing_form_stores_clean_titles_summaries_keywords_and_cities(client, db):
    org = make_org()
    client.force_login(make_member(org, role=Membership.Role.EDITOR))
    response = client.post(reverse("marketplace:listing_create"), {
        "organisation": org.pk, "kind": "need", "title": SPOOF, "summary": f"摘要{SPOOF}，请联系我们。",
        "description": "第一段\u202e\n\n第二段", "keywords": "云渲染\u200b, \u202eexe.pdf", "trl_min": "5",
        "trl_max": "8", "ip_status": "not_applicable", "province": "浙江\u200f省", "city": "杭\u202e州",
        "visibility": "public", "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    })
    assert response.status_code == 302, response.content[:3000]
    listing = Listing.objects.get(organisation=org)
    assert (listing.title, listing.summary, listing.description) == (
        CLEAN, f"摘要{CLEAN}，请联系我们。", "第一段\n\n第二段")
    assert (listing.keywords, listing.province, listing.city) == (["云渲染", "exe.pdf"], "浙江省", "杭州")


def test_a_title_of_invisible_characters_only_is_refused_with_a_field_error(client, db):
    org = make_org()
    client.force_login(make_member(org, role=Membership.Role.EDITOR))
    response = client.post(reverse("marketplace:listing_create"), {
        "organisation": org.pk, "kind": "capability", "title": "\u200b\u200b\u202e\u200b\u200b",
        "summary": "一段足够长的摘要，说明这项能力。", "trl_min": "5", "ip_status": "not_applicable",
        "visibility": "public"})
    assert response.status_code == 400 and "title" in response.context["form"].errors
    assert not Listing.objects.exists()


def test_the_organisation_form_stores_clean_names_and_cities(client, db):
    client.force_login(make_user())
    response = client.post("/orgs/new/", {"kind": "enterprise", "name_zh": SPOOF, "name_en": "Pixel\u202eLab",
                                          "city": "南\u200b京", "description": "做\u2067数字\u2069展陈。"})
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert (organisation.name_zh, organisation.name_en, organisation.city, organisation.description) == (
        CLEAN, "PixelLab", "南京", "做数字展陈。")


def test_a_message_of_interest_is_stored_clean(client, db):
    listing = make_listing(org=make_org())
    sender = make_org()
    client.force_login(make_member(sender, role=Membership.Role.EDITOR))
    response = client.post(reverse("collaboration:interest_create", args=[listing.pk]), {
        "organisation": sender.pk, "message": "您好\u202e，我们\u200b想合作。\n第二行"})
    assert response.status_code == 302, response.content[:3000]
    assert Interest.objects.get().message == "您好，我们想合作。\n第二行"


# --- API ---


def test_the_api_stores_clean_listing_text_and_refuses_an_invisible_title(db):
    org = make_org()
    _, token = issue_credential(org)
    client = bearer(token)
    response = client.post("/api/v1/listings/", {
        "kind": "capability", "title": SPOOF, "summary": f"摘要\u202e{CLEAN}", "keywords": ["\u200bVR", "AR\u202e"],
        "city": "\ufeff苏州", "description": "第一行\u202e\n第二行"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["summary"], body["keywords"], body["city"], body["description"]) == (
        CLEAN, f"摘要{CLEAN}", ["VR", "AR"], "苏州", "第一行\n第二行")

    response = client.post("/api/v1/listings/", {"kind": "capability", "title": "\u200b\u202e\u2060",
                                                 "summary": "一段足够长的摘要。"}, format="json")
    assert response.status_code == 400 and "title" in response.json()["errors"], response.json()


def test_the_api_stores_a_clean_organisation_name(db):
    org = make_org()
    _, token = issue_credential(org)
    response = bearer(token).patch(f"/api/v1/organisations/{org.pk}/",
                                   {"name_en": "Pixel\u202eLab", "city": "杭\u200d州"}, format="json")
    assert response.status_code == 200, response.json()
    org.refresh_from_db()
    assert (org.name_en, org.city) == ("PixelLab", "杭州")


# --- bulk importer ---


def test_the_importer_stores_clean_text(db, tmp_path):
    org = make_org(slug="import-clean")
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({
        "title": SPOOF, "summary": f"摘要\u202e{CLEAN}", "description": "第一段\u200b\n\n第二段",
        "keywords": ["\u202eVR", "数字\u200b人"], "city": "杭\u2066州\u2069", "external_id": "row-1",
    }, ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_listings", str(path), "--kind", "capability", "--organisation", org.slug,
                 "--no-progress", stdout=open("/dev/null", "w"))
    listing = Listing.objects.get(organisation=org)
    assert (listing.title, listing.summary, listing.description) == (CLEAN, f"摘要{CLEAN}", "第一段\n\n第二段")
    assert (listing.keywords, listing.city) == (["VR", "数字人"], "杭州")
