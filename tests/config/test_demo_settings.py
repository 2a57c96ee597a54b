"""The demo works from a browser alone: the site's own error pages with DEBUG off, static files still served,
every e-mail in a local mailbox whose links follow the demo's port, and listings past their deadline expired.
None of it exists under the production settings."""
import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from marketplace.models import Listing
from tests.factories import make_listing

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-secret-for-the-demo-check-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "exchange.example.org", "DATABASE_URL": "postgres://ctx:ctx@127.0.0.1:9/nowhere",
}


def django_shell(code, **env):
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("DJANGO_", "DATABASE_URL", "SITE_URL", "PORT"))}
    environment.update(env)
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.django_db
def test_a_missing_listing_shows_the_sites_own_404_page(client, demo_settings):
    response = client.get("/listings/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="error-404"' in html and 'data-testid="site-header"' in html
    assert "DEBUG = True" not in html and "URLconf" not in html


def test_the_demo_runs_with_debug_off():
    assert django_shell("from django.conf import settings; print(settings.DEBUG)",
                        DJANGO_SETTINGS_MODULE="config.settings.demo") == "False"


@pytest.mark.django_db
def test_static_files_are_still_served_with_debug_off(client, demo_settings):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b".site-header" in b"".join(response.streaming_content)


def test_e_mail_links_follow_the_port_the_demo_runs_on():
    code = "from core.app_settings import app_settings; print(app_settings.SITE_URL)"
    assert django_shell(code, DJANGO_SETTINGS_MODULE="config.settings.demo", PORT="8123") == "http://127.0.0.1:8123"
    assert django_shell(code, DJANGO_SETTINGS_MODULE="config.settings.demo") == "http://127.0.0.1:8000"


def test_make_demo_hands_its_port_to_the_settings():
    result = subprocess.run(["make", "-n", "demo", "PORT=8123"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "PORT=8123" in result.stdout and "runserver 127.0.0.1:8123" in result.stdout


def test_the_mailbox_is_not_even_routed_under_the_production_settings():
    code = ("from django.conf import settings; from django.urls import resolve, Resolver404\n"
            "try:\n    resolve('/demo/mailbox/'); print('routed')\nexcept Resolver404:\n    print('absent')\n"
            "print(settings.EMAIL_BACKEND)")
    routed, backend = django_shell(code, **PRODUCTION).splitlines()
    assert routed == "absent" and "demo" not in backend


@pytest.mark.django_db
def test_the_first_request_of_a_day_expires_listings_past_their_deadline(client, demo_settings):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    overdue = make_listing(deadline=yesterday)
    current = make_listing(deadline=timezone.localdate())
    client.get("/")
    overdue.refresh_from_db()
    current.refresh_from_db()
    assert (overdue.status, current.status) == (Listing.Status.EXPIRED, Listing.Status.PUBLISHED)
