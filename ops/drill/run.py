"""`python -m ops.drill` (make drill): set up, drive traffic through the faults, check, print JSON."""
import email
import email.policy
import json
import os
import shutil
import threading
import time
from collections import Counter
from pathlib import Path

from .processes import ROOT, http_json
from .scenario import FANOUT_RECIPIENTS, PORTS, Setup, environment, interrupt_as_exception, log
from .traffic import Client, Prober, Traffic

BASE = Path(os.environ.get("DRILL_DIR", ROOT / ".cache" / "drill"))
TRAFFIC_SECONDS = int(os.environ.get("DRILL_TRAFFIC_SECONDS", "330"))
MAIL_SEPARATOR = "\n" + "-" * 79 + "\n"


def django_setup():
    os.environ.update(environment(BASE, PORTS))
    import django

    django.setup()


def db(call, attempts=30):
    """Run an ORM call from the driver, across a database restart (a dead connection is dropped, then retried)."""
    from django.db import connection

    for attempt in range(attempts):
        try:
            return call()
        except Exception:
            connection.close()
            if attempt == attempts - 1:
                raise
            time.sleep(1)


def seed_audience():
    """FANOUT_RECIPIENTS people with an instant saved search for needs: each need published during the drill
    notifies and e-mails all of them (made after the demo's own events are processed, which they would join)."""
    from accounts.models import User
    from collaboration.models import SavedSearch

    users = User.objects.bulk_create([User(email=f"drill-{n}@drill.example", language="zh-hans", is_active=True)
                                      for n in range(FANOUT_RECIPIENTS)])
    SavedSearch.objects.bulk_create([SavedSearch(user=user, name="所有需求", query={"kind": ["need"]},
                                                 frequency="instant") for user in users])


def seed():
    """A partner with an API credential, and a submitted need the curator approves during the drill (its
    fan-out is the one a worker loses in the middle)."""
    from accounts.models import Membership, Organisation, User
    from api.services.credentials import credential_create
    from marketplace.models import Listing
    from marketplace.services import listing_create, listing_submit

    partner = Organisation.objects.create(kind="enterprise", slug="drill-partner", name_zh="演练合作方",
                                          name_en="Drill partner")
    owner = User.objects.create(email="partner-owner@drill.example", language="zh-hans", is_active=True)
    Membership.objects.create(user=owner, organisation=partner, role=Membership.Role.OWNER)
    _credential, token = credential_create(user=owner, organisation=partner, name="drill",
                                           scopes=["read", "write", "interests"])
    need = listing_create(user=owner, organisation=partner, kind=Listing.Kind.NEED, title="演练：扇出通知的需求",
                          summary="发布后通知每一位保存了需求搜索的人")
    listing_submit(user=owner, listing=need)
    return token, need.pk


def published_public_count():
    from django.contrib.auth.models import AnonymousUser

    from matching.selectors import _live

    return _live(AnonymousUser()).count()


def read_mails():
    """{notification id: Counter of Message-IDs} from every worker's mail files (X-CTX-Notification header)."""
    found = {}
    for path in (BASE / "mail").glob("*/*.log"):
        for chunk in path.read_text(errors="replace").split(MAIL_SEPARATOR):
            if chunk.strip():
                message = email.message_from_string(chunk.lstrip("\n"), policy=email.policy.default)
                found.setdefault(message.get("X-CTX-Notification", "?"), Counter())[message["Message-ID"]] += 1
    return found


def mail_bytes(worker):
    return sum(p.stat().st_size for p in (BASE / "mail" / worker).glob("*.log"))


class Fault:
    def __init__(self, name, at):
        self.name, self.at, self.restored_at, self.notes = name, at, None, {}


def run():
    interrupt_as_exception()
    if BASE.exists():
        shutil.rmtree(BASE)
    (BASE / "logs").mkdir(parents=True)
    setup = Setup(BASE)
    started = time.monotonic()
    try:
        return _drill(setup, started)
    finally:
        log("stopping everything the drill started")
        setup.stop_all()


def _drill(setup, started):
    log("starting PostgreSQL, Redis and a 2-node Elasticsearch cluster")
    setup.start_services()
    setup.manage("migrate", "--noinput")
    setup.manage("load_demo")
    django_setup()
    from django.db import connection

    token, fanout_need = seed()
    setup.manage("search_reindex")
    log("starting gunicorn (4 workers), two Celery workers and beat")
    setup.start_app()
    base_url = f"http://127.0.0.1:{PORTS['web']}"
    from .processes import wait_until

    wait_until(lambda: http_json(base_url + "/readyz", timeout=5)["status"] == "ok", 120, 1, "the site to be ready")
    wait_until(quiet, 300, 2, "the seeding's tasks to finish")
    seed_audience()
    demo = json.loads((ROOT / "marketplace" / "fixtures_data" / "demo.json").read_text())
    curator_spec = next(u for u in demo["users"] if u.get("staff"))
    curator = Client(base_url)
    curator.login(curator_spec["email"], curator_spec["password"])
    from marketplace.models import Listing

    listing_ids = list(Listing.objects.filter(status="published", visibility="public").values_list("pk", flat=True))
    setup_seconds = round(time.monotonic() - started, 1)

    def expected():
        try:
            return published_public_count()
        except Exception:
            connection.close()
            raise

    from django.utils import timezone

    traffic = Traffic(base=base_url, partner_token=token, curator=curator, listing_ids=listing_ids)
    traffic.started, traffic.started_at = time.monotonic(), timezone.now()
    prober = Prober(base=base_url, expected_count=expected, clock=traffic.now, cluster_green=setup.cluster_green)
    log(f"traffic for {TRAFFIC_SECONDS}s with faults")
    traffic.start()
    prober.start()
    faults = []

    def at(second):
        while traffic.now() < second:
            time.sleep(0.2)

    GAP = 40  # seconds of traffic after each fault's repair before the next fault

    at(20)
    fault = Fault("es_node_loss", traffic.now())
    log("fault: SIGKILL Elasticsearch node A (the master)")
    setup.es["a"].proc.kill()
    faults.append(fault)
    at(fault.at + 40)
    setup.es["a"].start()
    fault.restored_at = traffic.now()

    at(fault.restored_at + GAP)
    faults.append(fanout_fault(setup, traffic, curator, fanout_need))

    at(faults[-1].restored_at + GAP)
    fault = Fault("postgres_restart", traffic.now())
    log("fault: PostgreSQL restart (fast shutdown, 5 s down)")
    setup.pg.pg_ctl("stop")
    time.sleep(5)
    setup.pg.pg_ctl("start")
    fault.restored_at = traffic.now()
    faults.append(fault)

    at(fault.restored_at + GAP)
    fault = Fault("es_lost_volume", traffic.now())
    log("fault: Elasticsearch node B restarted with an empty data directory")
    setup.es["b"].proc.kill()
    setup.es["b"].start(wipe_data=True)
    fault.restored_at = traffic.now()
    faults.append(fault)

    at(fault.restored_at + GAP + 20)
    fault = Fault("index_lost_everywhere", traffic.now())
    log("fault: every copy of the search index deleted (a single node's lost volume)")
    delete_index()
    fault.restored_at = traffic.now()
    faults.append(fault)

    at(max(TRAFFIC_SECONDS, fault.restored_at + 60))
    traffic.stop()
    log("traffic stopped; waiting for the background work to settle")
    settled = settle(setup, traffic)
    prober.stop()
    connection.close()
    result = report(traffic, prober, faults, settled, setup_seconds)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    (BASE / "result.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return result


def quiet():
    from core.models import OutboxEvent
    from notifications.models import Notification

    return db(lambda: not OutboxEvent.objects.filter(processed_at__isnull=True).exists()
              and not Notification.objects.filter(channel="instant", emailed_at__isnull=True).exists())


def fanout_fault(setup, traffic, curator, need_id):
    from marketplace.models import Listing
    from notifications.models import Notification

    fault = Fault("worker_killed_mid_fanout", traffic.now())
    url = Listing.objects.get(pk=need_id).get_absolute_url()
    log("fault: the curator approves a need that notifies "
        f"{FANOUT_RECIPIENTS} people; a worker is SIGKILLed in the middle")
    sizes = {w: mail_bytes(w) for w in ("worker1", "worker2")}
    curator.csrf_post(f"/listings/{need_id}/approve/")
    rows = Notification.objects.filter(type="saved_search", url=url)
    victim, deadline = None, time.monotonic() + 240  # the queue may hold minutes of earlier work
    while time.monotonic() < deadline:
        emailed = rows.filter(emailed_at__isnull=False).count()
        grown = [w for w in sizes if mail_bytes(w) > sizes[w]]
        if 0 < emailed < FANOUT_RECIPIENTS and grown:
            victim = grown[-1]  # a worker sending this fan-out's e-mails right now
            break
        time.sleep(0.02)
    victim = victim or "worker1"
    fault.notes = {"killed": victim, "notifications_when_killed": rows.count(),
                   "emailed_when_killed": rows.filter(emailed_at__isnull=False).count()}
    setup.procs[victim].kill()
    fault.at = traffic.now()
    time.sleep(5)
    setup.start_worker(int(victim[-1]))
    fault.restored_at = traffic.now()

    def complete():
        return rows.filter(emailed_at__isnull=False).count() == FANOUT_RECIPIENTS

    def watch():
        while not traffic.stop_event.is_set() or time.monotonic() < watch.deadline:
            try:
                if db(complete, attempts=3):
                    fault.notes["complete_after_kill_s"] = round(traffic.now() - fault.at, 1)
                    return
            except Exception:
                pass
            time.sleep(1)

    watch.deadline = time.monotonic() + TRAFFIC_SECONDS + 300
    threading.Thread(target=watch, daemon=True).start()
    return fault


def delete_index():
    import urllib.request

    node = f"http://127.0.0.1:{PORTS['es_a']}"
    names = list(http_json(f"{node}/_alias/drill-listings").keys())
    request = urllib.request.Request(f"{node}/{','.join(names)}", method="DELETE")
    urllib.request.urlopen(request, timeout=30).read()


def settle(setup, traffic, timeout=300):
    """Wait (bounded) until the outbox is processed, instant e-mails sent, the index whole and the cluster green."""
    from matching.index_health import index_health

    begin, state = time.monotonic(), {}
    while time.monotonic() - begin < timeout:
        try:
            health = db(index_health, attempts=3)
            state = {"quiet": quiet(), "index_whole": health.whole, "cluster_green": setup.cluster_green()}
        except Exception as error:
            state = {"error": str(error)[:200]}
        if state.get("quiet") and state.get("index_whole") and state.get("cluster_green"):
            break
        time.sleep(2)
    state["waited_s"] = round(time.monotonic() - begin, 1)
    return state


def report(traffic, prober, faults, settled, setup_seconds):
    from .report import build

    return db(lambda: build(traffic=traffic, prober=prober, faults=faults, settled=settled,
                            setup_seconds=setup_seconds, mails=read_mails()))
