"""A Content-Security-Policy on every page, strict enough that no inline script or style could run; the
templates hold none, so the pages need no 'unsafe-inline'."""
import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Membership
from tests.factories import make_listing, make_member, make_org

pytestmark = pytest.mark.django_db


def directives(header):
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.fixture
def editor(db):
    return make_member(make_org(), role=Membership.Role.EDITOR)


def main_pages(editor):
    listing = make_listing(org=make_org())
    return [
        reverse("marketplace:home"), reverse("matching:search"), "/search/?q=数字",
        listing.get_absolute_url(), reverse("accounts:dashboard"), reverse("marketplace:listing_create"),
        reverse("api:docs"), reverse("api:docs") + "?script=", reverse("notifications:list"), "/api/v1/taxonomy/",
        "/no-such-page/",
    ]


def test_every_main_page_answers_with_the_policy(client, editor):
    client.force_login(editor)
    responses = [(path, client.get(path)) for path in main_pages(editor)]
    client.logout()
    responses += [(path, client.get(path)) for path in (reverse("account_login"), reverse("account_signup"))]
    for path, response in responses:
        assert response.status_code in {200, 404}, path
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], path
        assert policy["style-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], path


def test_no_template_holds_inline_script_event_handlers_or_style():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
    style = re.compile(r"<style\b|\sstyle\s*=", re.I)
    found = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
        if "email" in path.parts:  # e-mail clients, not browsers under our policy
            continue
        text = path.read_text(encoding="utf-8")
        for name, pattern in (("inline script", inline_script), ("event handler", handler), ("style", style)):
            found += [f"{path.relative_to(settings.BASE_DIR)}: {name}" for _ in pattern.finditer(text)]
    assert found == []
