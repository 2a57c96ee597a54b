"""Bounded traffic against the drill's gunicorn, and a probe that watches /readyz and search once a second.

Browsing (home, listing pages, the search page), searching (the API), publishing (a partner creates and submits
through the API, the curator approves on the site) and interests (the partner, through the API). Every request
is recorded with its time, kind and outcome; nothing here retries."""
import json
import random
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

WORDS = ["数字", "博物馆", "VR", "游戏", "文旅", "三维", "渲染", "动画", "音乐", "非遗", "AI", "cloud", "museum"]


@dataclass
class Record:
    at: float  # seconds since traffic started
    kind: str
    outcome: str  # "ok", "http_4xx", "http_5xx", "connection_error", "timeout"
    status: int | None = None
    backend: str = ""


class Client:
    """urllib with a plain cookie dict: the site marks its cookies Secure (production settings), which a standard
    cookie jar would not send back over the drill's plain HTTP."""

    def __init__(self, base, token=None, timeout=15):
        self.base, self.token, self.timeout, self.cookies = base, token, timeout, {}

    def request(self, method, path, data=None, json_body=None, headers=None):
        headers = dict(headers or {})
        body = None
        if json_body is not None:
            body, headers["Content-Type"] = json.dumps(json_body).encode(), "application/json"
        elif data is not None:
            body, headers["Content-Type"] = urllib.parse.urlencode(data).encode(), "application/x-www-form-urlencoded"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=self.timeout)
            status, text, cookie_headers = response.status, response.read().decode("utf-8", "replace"), \
                response.headers.get_all("Set-Cookie") or []
        except urllib.error.HTTPError as error:
            status, text, cookie_headers = error.code, error.read().decode("utf-8", "replace"), \
                error.headers.get_all("Set-Cookie") or []
        for header in cookie_headers:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return status, text

    def login(self, email, password):
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/accounts/login/", data={
            "csrfmiddlewaretoken": token, "login": email, "password": password})
        if status != 302:
            raise RuntimeError(f"curator login failed with {status}")

    def csrf_post(self, path, data=None):
        return self.request("POST", path, data={"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
                                                **(data or {})})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def outcome_of(call):
    """(outcome, status, body) of a request; transport failures named, never raised."""
    try:
        status, body = call()
    except TimeoutError:
        return "timeout", None, ""
    except urllib.error.URLError as error:
        return ("timeout" if isinstance(error.reason, (TimeoutError, socket.timeout)) else "connection_error"), None, ""
    except (ConnectionError, OSError):
        return "connection_error", None, ""
    if status >= 500:
        return "http_5xx", status, body
    if status >= 400:
        return "http_4xx", status, body
    return "ok", status, body


class Traffic:
    def __init__(self, *, base, partner_token, curator, listing_ids, threads=3, pause=(0.2, 0.6), seed=17):
        self.base, self.partner_token, self.curator = base, partner_token, curator
        self.listing_ids = list(listing_ids)
        self.threads, self.pause = threads, pause
        self.random = random.Random(seed)
        self.records, self.lock, self.stop_event = [], threading.Lock(), threading.Event()
        self.started = None
        self.interested = set()
        self.published = []  # listings this traffic published
        self.workers = []

    def now(self):
        return time.monotonic() - self.started

    def record(self, kind, outcome, status=None, backend=""):
        with self.lock:
            self.records.append(Record(self.now(), kind, outcome, status, backend))

    # ---- actions ----------------------------------------------------------------------------------------
    def browse(self, client):
        choice = self.random.random()
        if choice < 0.3:
            path = "/"
        elif choice < 0.7:
            path = f"/listings/{self.random.choice(self.listing_ids)}/"
        else:
            path = "/search/?" + urllib.parse.urlencode({"q": self.random.choice(WORDS)})
        outcome, status, _ = outcome_of(lambda: client.request("GET", path))
        if outcome == "http_4xx" and status == 404:
            outcome = "ok"  # a listing closed meanwhile
        self.record("browse", outcome, status)

    def search(self, client):
        query = urllib.parse.urlencode({"q": self.random.choice(WORDS), "facets": "true"})
        outcome, status, body = outcome_of(lambda: client.request("GET", f"/api/v1/search/?{query}"))
        backend = json.loads(body).get("backend", "") if outcome == "ok" else ""
        self.record("search", outcome, status, backend)

    def publish(self, partner, curator):
        kind = self.random.choice(["need", "capability"])
        outcome, status, body = outcome_of(lambda: partner.request("POST", "/api/v1/listings/", json_body={
            "kind": kind, "title": f"演练发布的{'需求' if kind == 'need' else '能力'} {self.random.randint(1, 10**6)}",
            "summary": "故障演练期间发布：数字博物馆的三维扫描与VR展示", "sectors": [], "keywords": ["演练"]}))
        self.record("publish", outcome, status)
        if outcome != "ok":
            return
        listing_id = json.loads(body)["id"]
        outcome, status, _ = outcome_of(lambda: partner.request("POST", f"/api/v1/listings/{listing_id}/submit/"))
        self.record("publish", outcome, status)
        if outcome != "ok":
            return
        outcome, status, _ = outcome_of(lambda: curator.csrf_post(f"/listings/{listing_id}/approve/"))
        if outcome == "ok" and status not in (302, 303):
            outcome = "http_4xx"
        self.record("publish", outcome, status)
        if outcome == "ok":
            with self.lock:
                self.published.append(listing_id)

    def interest(self, partner):
        candidates = [i for i in self.listing_ids if i not in self.interested]
        if not candidates:
            return
        listing_id = self.random.choice(candidates)
        self.interested.add(listing_id)
        outcome, status, _ = outcome_of(lambda: partner.request("POST", "/api/v1/interests/", json_body={
            "listing": listing_id, "message": "演练：我们希望进一步了解合作方式。"}))
        if outcome == "http_4xx" and status == 400:
            outcome = "ok"  # a listing that takes no interest (closed, own): a clean refusal is an answer
        self.record("interest", outcome, status)

    def _loop(self, index):
        client = Client(self.base)
        partner = Client(self.base, token=self.partner_token)
        rng = random.Random(index)
        while not self.stop_event.is_set():
            pick = rng.random()
            if pick < 0.45:
                self.browse(client)
            elif pick < 0.80:
                self.search(client)
            elif pick < 0.90 and index == 0:
                self.publish(partner, self.curator)
            else:
                self.interest(partner)
            self.stop_event.wait(rng.uniform(*self.pause))

    def start(self):
        self.started = time.monotonic()
        self.workers = [threading.Thread(target=self._loop, args=(i,), daemon=True) for i in range(self.threads)]
        for worker in self.workers:
            worker.start()

    def stop(self):
        self.stop_event.set()
        for worker in self.workers:
            worker.join(timeout=30)


@dataclass
class Probe:
    at: float
    ready: str  # ok / degraded / unavailable / down (no answer)
    search_count: int | None
    search_backend: str
    expected: int | None  # published public listings in the database at that moment
    green: bool  # the Elasticsearch cluster is green with both nodes

    @property
    def search_whole(self):
        return self.search_backend == "elasticsearch" and self.search_count is not None \
            and self.search_count == self.expected


class Prober:
    """Once a second: /readyz, and whether search is whole (the API's match-all count, answered by
    Elasticsearch, equals the published public listings in the database)."""

    def __init__(self, *, base, expected_count, clock, cluster_green):
        self.base, self.expected_count, self.clock, self.cluster_green = base, expected_count, clock, cluster_green
        self.probes, self.stop_event = [], threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        client = Client(self.base, timeout=5)
        while not self.stop_event.is_set():
            at = self.clock()
            outcome, status, body = outcome_of(lambda: client.request("GET", "/readyz"))
            ready = json.loads(body)["status"] if status in (200, 503) else "down"
            outcome, status, body = outcome_of(lambda: client.request("GET", "/api/v1/search/?page_size=1"))
            count, backend = (json.loads(body)["count"], json.loads(body)["backend"]) if outcome == "ok" else (None, "")
            try:
                expected = self.expected_count()
            except Exception:
                expected = None
            self.probes.append(Probe(at, ready, count, backend, expected, self.cluster_green()))
            self.stop_event.wait(max(0.0, 1.0 - (self.clock() - at)))

    def start(self):
        self.thread.start()

    def stop(self):
        self.stop_event.set()
        self.thread.join(timeout=15)
