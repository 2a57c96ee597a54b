"""Webhooks cannot be turned against our own network (server-side request forgery), tested with real servers on
127.0.0.1: a redirect is never followed and nothing of either answer is kept; a name that resolves differently on
a second lookup is never connected to at its second address; every address class that is not globally routable
is refused when subscribing (API and page) and when delivering, with the loopback switch off as in production;
https checks the certificate against the URL's own name."""
import ipaddress
import json
import socket
import subprocess

import pytest

from api.models import WebhookDelivery, WebhookSubscription
from api.services.webhooks import webhook_send_test

from .conftest import bearer
from .webhook_receiver import Receiver

PUBLIC = "93.184.215.14"  # a globally routable address; the `connections` fixture keeps anything from reaching it

NOT_GLOBAL = {
    "loopback": "127.0.0.1",
    "loopback-other": "127.8.9.10",
    "loopback-v6": "::1",
    "private-10": "10.0.0.1",
    "private-172.16": "172.16.0.1",
    "private-172.31": "172.31.255.254",
    "private-192.168": "192.168.1.1",
    "link-local-metadata": "169.254.169.254",
    "link-local-v6": "fe80::1",
    "shared-100.64": "100.64.0.1",
    "shared-metadata": "100.100.100.200",
    "unique-local-fc00": "fc00::1",
    "unique-local-fd00": "fd00:ec2::254",
    "ipv4-mapped-loopback": "::ffff:127.0.0.1",
    "ipv4-mapped-metadata": "::ffff:169.254.169.254",
    "6to4-loopback": "2002:7f00:1::",
    "6to4-private": "2002:a00:1::",
    "nat64-metadata": "64:ff9b::a9fe:a9fe",
    "teredo": "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "unspecified": "0.0.0.0",
    "unspecified-v6": "::",
    "broadcast": "255.255.255.255",
    "multicast": "224.0.0.1",
    "multicast-v6": "ff02::1",
    "documentation": "192.0.2.10",
    "benchmarking": "198.18.0.1",
}


def url_for(address, port=8080):
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}:{port}/hooks"


class FakeDNS:
    """socket.getaddrinfo for the names a test sets up, answering them in turn (the last answer repeats);
    every other name goes to the real resolver."""

    def __init__(self, real):
        self.real, self.answers, self.lookups = real, {}, []

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):
        if host not in self.answers:
            return self.real(host, port, family, type, proto, flags)
        self.lookups.append(host)
        queue = self.answers[host]
        address = queue.pop(0) if len(queue) > 1 else queue[0]
        if ":" in address:
            return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, int(port or 0), 0, 0))]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 0)))]


@pytest.fixture
def dns(monkeypatch):
    fake = FakeDNS(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@pytest.fixture
def connections(monkeypatch):
    """Every (address, port) a socket of this process connects to. Only loopback connections go ahead: nothing
    leaves the machine, whatever a test resolves a name to."""
    made = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        made.append(tuple(address[:2]))
        try:
            loopback = ipaddress.ip_address(address[0]).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ConnectionRefusedError(f"test: no connection to {address[0]} leaves this machine")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return made


@pytest.fixture
def production_switch(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK_TARGETS = False  # as config/settings/production.py forces it


def send_test_event(world, subscription, capture):
    with capture(execute=True):
        webhook_send_test(user=world.owner, subscription=subscription)
    return WebhookDelivery.objects.filter(subscription=subscription).latest("id")


def subscribe(world, url, events=("listing.published",), language="en"):
    return bearer(world.x_token).post("/api/v1/webhooks/", {"url": url, "events": list(events)},
                                      HTTP_ACCEPT_LANGUAGE=language)


def stored_text(delivery):
    """Every stored value of the delivery, the API's log and the page, as one text."""
    return " ".join(str(getattr(delivery, field.attname)) for field in WebhookDelivery._meta.concrete_fields)


# ---- redirects ------------------------------------------------------------------------------------------------

def test_a_redirect_is_not_followed_and_nothing_of_either_answer_is_kept(world, settings, client,
                                                                          django_capture_on_commit_callbacks):
    settings.WEBHOOK_ALLOW_LOOPBACK_TARGETS = True  # both servers listen on loopback: only redirects are at stake
    with Receiver() as inner, Receiver() as outer:
        inner.body = b"INNER-SECRET instance credentials"
        outer.always, outer.location = 302, f"http://127.0.0.1:{inner.port}/latest/meta-data/"
        outer.body = b"OUTER-SECRET moved"
        response = subscribe(world, outer.url)
        assert response.status_code == 201, response.content
        subscription = WebhookSubscription.objects.get(pk=response.json()["id"])
        delivery = send_test_event(world, subscription, django_capture_on_commit_callbacks)

        assert [method for method, _, _ in outer.requests] == ["POST"]
        assert inner.requests == []  # the second server receives nothing
    assert delivery.status == "failed" and delivery.response_status == 302
    assert "redirect" in delivery.error
    log = bearer(world.x_token).get(f"/api/v1/webhooks/{subscription.pk}/deliveries/")
    client.force_login(world.owner)
    page = client.get("/api/webhooks/").content.decode()
    for text in (stored_text(delivery), log.content.decode(), page):
        assert "SECRET" not in text and "meta-data" not in text
    assert "response_excerpt" not in log.json()["results"][0]


def test_a_redirecting_event_is_retried_not_followed(world, settings, django_capture_on_commit_callbacks):
    from marketplace.models import Listing
    from marketplace.services import listing_publish
    from tests.factories import make_listing

    settings.WEBHOOK_ALLOW_LOOPBACK_TARGETS = True
    with Receiver() as inner, Receiver() as outer:
        outer.answers, outer.location = [307], f"http://127.0.0.1:{inner.port}/"
        subscription = WebhookSubscription.objects.create(organisation=world.x, url=outer.url,
                                                          events=["listing.published"], secret="s")
        with django_capture_on_commit_callbacks(execute=True):
            listing_publish(user=world.staff, listing=make_listing(org=world.y, status=Listing.Status.SUBMITTED))
        assert inner.requests == []
    delivery = subscription.deliveries.get()
    assert delivery.status == "retrying" and delivery.response_status == 307


# ---- DNS rebinding ------------------------------------------------------------------------------------------------

def test_a_name_that_resolves_differently_the_second_time_is_only_reached_at_the_checked_address(
        world, production_switch, dns, connections, django_capture_on_commit_callbacks):
    with Receiver(host="rebind.example.net") as receiver:
        dns.answers["rebind.example.net"] = [PUBLIC]
        response = subscribe(world, receiver.url)
        assert response.status_code == 201, response.content
        subscription = WebhookSubscription.objects.get(pk=response.json()["id"])

        dns.answers["rebind.example.net"] = [PUBLIC, "127.0.0.1"]  # public when checked, loopback afterwards
        dns.lookups.clear()
        delivery = send_test_event(world, subscription, django_capture_on_commit_callbacks)

        assert receiver.requests == []
    assert dns.lookups == ["rebind.example.net"]  # one lookup: the checked answer is the one connected to
    assert (PUBLIC, receiver.port) in connections
    assert ("127.0.0.1", receiver.port) not in connections
    assert delivery.status == "failed" and delivery.response_status is None and delivery.error


def test_a_name_that_turns_private_after_subscribing_is_refused_at_delivery(
        world, production_switch, dns, connections, django_capture_on_commit_callbacks):
    with Receiver(host="turns.example.net") as receiver:
        dns.answers["turns.example.net"] = [PUBLIC]
        response = subscribe(world, receiver.url)
        assert response.status_code == 201, response.content
        dns.answers["turns.example.net"] = ["127.0.0.1"]
        delivery = send_test_event(world, WebhookSubscription.objects.get(pk=response.json()["id"]),
                                   django_capture_on_commit_callbacks)
        assert receiver.requests == []
    assert [address for address in connections if address[1] == receiver.port] == []
    assert delivery.status == "failed" and "not a public address" in delivery.error


# ---- address classes ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("address", NOT_GLOBAL.values(), ids=NOT_GLOBAL.keys())
def test_an_address_that_is_not_global_is_refused_at_subscription(world, production_switch, dns, client, address):
    dns.answers["internal.example.net"] = [address]
    for url in (url_for(address), "https://internal.example.net/hooks"):
        response = subscribe(world, url)
        assert response.status_code == 400, (url, response.content)
        assert "not a public address" in response.json()["errors"]["url"][0]

    client.force_login(world.owner)
    response = client.post("/api/webhooks/", {"organisation": world.x.pk, "url": url_for(address),
                                              "events": ["listing.published"]})
    assert response.status_code == 200
    assert response.context["form"].errors["url"]
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("address", NOT_GLOBAL.values(), ids=NOT_GLOBAL.keys())
def test_an_address_that_is_not_global_is_refused_at_delivery(world, production_switch, dns, connections, address,
                                                             django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        # Subscribed when the name was public (or before this check existed); it resolves elsewhere now.
        dns.answers["internal.example.net"] = [address]
        by_name = WebhookSubscription.objects.create(organisation=world.x, events=["ping"], secret="s",
                                                     url=f"http://internal.example.net:{receiver.port}/hooks")
        by_literal = WebhookSubscription.objects.create(organisation=world.x, events=["ping"], secret="s",
                                                        url=url_for(address, receiver.port))
        deliveries = [send_test_event(world, subscription, django_capture_on_commit_callbacks)
                      for subscription in (by_name, by_literal)]
        assert receiver.requests == []
    assert [address for address in connections if address[1] == receiver.port] == []
    for delivery in deliveries:
        assert delivery.status == "failed" and delivery.response_status is None
        assert "not a public address" in delivery.error


def test_a_public_address_is_accepted(world, production_switch, dns):
    dns.answers["hooks.partner.example"] = [PUBLIC, "2001:4860:4860::8888"]
    for url in ("https://hooks.partner.example/ctx", f"https://{PUBLIC}/ctx", "https://[2606:4700::6810:1]/ctx",
                "http://[2002:808:808::1]/ctx"):  # the last one: 6to4 of a public address
        response = subscribe(world, url)
        assert response.status_code == 201, (url, response.content)


def test_the_loopback_switch_allows_loopback_and_nothing_else(world, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK_TARGETS = True
    for address, status in [("127.0.0.1", 201), ("::1", 201), ("10.0.0.1", 400), ("169.254.169.254", 400),
                            ("100.100.100.200", 400), ("0.0.0.0", 400)]:
        response = subscribe(world, url_for(address))
        assert response.status_code == status, (address, response.content)


# ---- URLs ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "http://user:secret@hooks.partner.example/ctx",
    "https://token@hooks.partner.example/ctx",
    "https://:secret@hooks.partner.example/ctx",
    "ftp://hooks.partner.example/ctx",
    "gopher://hooks.partner.example:70/_ctx",
    "file:///etc/passwd",
])
def test_credentials_in_the_url_and_other_schemes_are_refused(world, production_switch, dns, client, url):
    dns.answers["hooks.partner.example"] = [PUBLIC]
    response = subscribe(world, url)
    assert response.status_code == 400 and response.json()["errors"]["url"], response.content

    client.force_login(world.owner)
    response = client.post("/api/webhooks/", {"organisation": world.x.pk, "url": url,
                                              "events": ["listing.published"]})
    assert response.status_code == 200 and response.context["form"].errors["url"]
    assert not WebhookSubscription.objects.exists()


def test_changing_the_url_is_checked_too(world, production_switch, dns):
    dns.answers["hooks.partner.example"] = [PUBLIC]
    subscription = subscribe(world, "https://hooks.partner.example/ctx").json()
    for url in ("http://169.254.169.254/latest/meta-data/", "https://user:pw@hooks.partner.example/ctx"):
        response = bearer(world.x_token).patch(f"/api/v1/webhooks/{subscription['id']}/", {"url": url},
                                               HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400 and response.json()["errors"]["url"], response.content
    assert WebhookSubscription.objects.get().url == "https://hooks.partner.example/ctx"


def test_the_refusal_speaks_the_callers_language(world, production_switch):
    response = subscribe(world, url_for("10.0.0.1"), language="zh-hans")
    assert response.status_code == 400 and "公网地址" in response.json()["errors"]["url"][0]
    response = subscribe(world, url_for("10.0.0.1"))
    assert "public internet addresses" in response.json()["errors"]["url"][0]


# ---- https ------------------------------------------------------------------------------------------------------

def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture
def certificates(tmp_path, monkeypatch):
    """A test CA (trusted by this process through SSL_CERT_FILE) and a server certificate for hooks.partner.test."""
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=CultureTech test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            cwd=tmp_path)
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=hooks.partner.test", cwd=tmp_path)
    (tmp_path / "server.ext").write_text(
        "subjectAltName=DNS:hooks.partner.test\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "2", "-out", "server.pem", "-extfile", "server.ext", cwd=tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    return str(tmp_path / "server.pem"), str(tmp_path / "server.key")


def test_https_connects_to_the_checked_address_and_verifies_the_urls_name(world, settings, dns, certificates,
                                                                          django_capture_on_commit_callbacks):
    settings.WEBHOOK_ALLOW_LOOPBACK_TARGETS = True
    dns.answers["hooks.partner.test"] = ["127.0.0.1"]
    dns.answers["other.partner.test"] = ["127.0.0.1"]
    with Receiver(certificate=certificates, host="hooks.partner.test") as receiver:
        good = WebhookSubscription.objects.create(organisation=world.x, url=receiver.url, events=["ping"], secret="s")
        wrong_name = WebhookSubscription.objects.create(
            organisation=world.x, url=receiver.url.replace("hooks.partner.test", "other.partner.test"),
            events=["ping"], secret="s")
        delivered = send_test_event(world, good, django_capture_on_commit_callbacks)
        refused = send_test_event(world, wrong_name, django_capture_on_commit_callbacks)
        assert len(receiver.received) == 1
        headers, body = receiver.received[0]
    assert delivered.status == "succeeded" and delivered.response_status == 200
    assert headers["Host"] == f"hooks.partner.test:{receiver.port}" and json.loads(body)["type"] == "ping"
    assert receiver.server_names[0] == "hooks.partner.test"  # SNI: the URL's name, not the address
    assert refused.status == "failed" and refused.response_status is None and "TLS" in refused.error
