"""One setting, TRUSTED_PROXY_COUNT, decides the client address for DRF's throttles and allauth's rate limits."""
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

ADDRESSES = """
import json
from allauth.account.adapter import get_adapter
from django.test import RequestFactory
from rest_framework.request import Request
from api.throttling import AnonymousIPRateThrottle

answers = []
for forwarded in [None, "203.0.113.7", "198.51.100.9, 203.0.113.7"]:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **headers)
    answers.append([get_adapter(request).get_client_ip(request), AnonymousIPRateThrottle().get_ident(Request(request))])
print(json.dumps(answers))
"""


def client_addresses(**env):
    """[allauth's address, DRF's address] for three requests from the proxy 10.0.0.1, under the settings that
    the environment gives."""
    environment = {k: v for k, v in os.environ.items() if k != "TRUSTED_PROXY_COUNT"}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.demo")
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", ADDRESSES],
                            cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_by_default_both_ignore_x_forwarded_for():
    assert client_addresses() == [["10.0.0.1", "10.0.0.1"]] * 3


def test_with_one_trusted_proxy_both_take_the_address_it_appended():
    assert client_addresses(TRUSTED_PROXY_COUNT="1") == [
        ["10.0.0.1", "10.0.0.1"], ["203.0.113.7", "203.0.113.7"], ["203.0.113.7", "203.0.113.7"]]


@pytest.mark.django_db
def test_allauths_login_limit_is_not_escaped_by_forging_the_header(client, settings):
    from django.core.cache import cache

    settings.ACCOUNT_RATE_LIMITS = {"login": "3/m/ip"}
    cache.clear()
    answers = [client.post("/accounts/login/", {"login": f"nobody{n}@example.com", "password": "guess"},
                           REMOTE_ADDR="10.0.0.4", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
               for n in range(4)]
    cache.clear()
    assert answers == [200, 200, 200, 429]
