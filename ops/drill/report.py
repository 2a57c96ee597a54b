"""The drill's figures: per fault, the requests and errors in its window, seconds with errors, what /readyz said
and how long until things were whole again; at the end, the index, notifications and e-mails checked against
the database."""
from collections import Counter

STREAK = 3  # probes in a row: "recovered" means it stays so, not one lucky probe

ERRORS = ("http_5xx", "connection_error", "timeout", "http_4xx")


def _first_streak(probes, since, test):
    run = []
    for probe in probes:
        if probe.at < since:
            continue
        run = run + [probe] if test(probe) else []
        if len(run) == STREAK:
            return round(run[0].at - since, 1)
    return None


def _window(records, start, end):
    return [r for r in records if start <= r.at < end]


def fault_figures(fault, end, traffic, prober):
    records = _window(traffic.records, fault.at, end)
    errors = [r for r in records if r.outcome != "ok"]
    probes = [p for p in prober.probes if fault.at <= p.at < end]
    since = fault.restored_at if fault.restored_at is not None else fault.at
    figures = {
        "name": fault.name,
        "at_s": round(fault.at, 1),
        "restored_at_s": None if fault.restored_at is None else round(fault.restored_at, 1),
        "window_s": round(end - fault.at, 1),
        "requests": len(records),
        "errors_by_type": dict(Counter(r.outcome for r in errors)),
        "errors_by_kind": dict(Counter(r.kind for r in errors)),
        "error_seconds": len({int(r.at) for r in errors}),
        "searches_answered_by": dict(Counter(r.backend for r in records if r.kind == "search" and r.backend)),
        "readyz_seen": dict(Counter(p.ready for p in probes)),
        "recovered_after_restore_s": {
            "readyz_ok": _first_streak(prober.probes, since, lambda p: p.ready == "ok"),
            "search_whole": _first_streak(prober.probes, since, lambda p: p.search_whole),
        },
        **fault.notes,
    }
    if fault.name.startswith(("es_", "index_")):
        figures["recovered_after_restore_s"]["cluster_green"] = _first_streak(prober.probes, since,
                                                                              lambda p: p.green)
    return figures


def index_check():
    from elasticsearch import helpers

    from marketplace.models import Listing
    from matching.app_settings import app_settings
    from matching.backends.elasticsearch.client import get_client

    published = set(Listing.objects.filter(status="published").values_list("pk", flat=True))
    indexed = {int(hit["_id"]) for hit in helpers.scan(get_client(), index=app_settings.LISTINGS_ALIAS,
                                                        query={"query": {"match_all": {}}}, _source=False)}
    return {"published_listings": len(published), "listings_missing_from_index": len(published - indexed),
            "documents_not_published": len(indexed - published)}


def notification_check(drill_started_at, mails):
    """Needs published during the drill: each must reach every person with an instant saved search for needs,
    once in the database and by exactly one e-mail; and every instant notification of the drill, one e-mail."""
    from django.db.models import Count

    from accounts.models import User
    from core.models import OutboxEvent
    from marketplace.models import Listing
    from notifications.models import Notification

    recipients = set(User.objects.filter(email__endswith="@drill.example", saved_searches__isnull=False)
                     .values_list("pk", flat=True))
    needs = Listing.objects.filter(kind="need", status="published", published_at__gte=drill_started_at)
    expected = lost = duplicated = 0
    for need in needs:
        rows = Counter(Notification.objects.filter(type="saved_search", url=need.get_absolute_url(),
                                                   recipient_id__in=recipients).values_list("recipient_id", flat=True))
        expected += len(recipients)
        lost += len(recipients - set(rows))
        duplicated += sum(n - 1 for n in rows.values() if n > 1)
    instant = list(Notification.objects.filter(created_at__gte=drill_started_at, channel="instant")
                   .values_list("pk", flat=True))
    sent = [sum(mails.get(str(pk), {}).values()) for pk in instant]
    distinct = [len(mails.get(str(pk), {})) for pk in instant]
    doubled_rows = (Notification.objects.filter(created_at__gte=drill_started_at).exclude(event=None)
                    .values("event", "recipient").annotate(n=Count("id")).filter(n__gt=1).count())
    return {
        "needs_published_during_drill": needs.count(),
        "notifications": {"expected": expected, "lost": lost, "duplicated": duplicated + doubled_rows},
        "instant_emails": {"expected": len(instant), "sent_once": sum(1 for n in sent if n == 1),
                           "lost": sum(1 for n in sent if n == 0),
                           # a message written again with its Message-ID (a kill between send and commit)
                           "sent_again_same_message_id": sum(n - 1 for n in sent if n > 1),
                           "duplicated_distinct_messages": sum(n - 1 for n in distinct if n > 1)},
        # An event never processed is every notification it should have made, lost.
        "outbox_events_unprocessed": OutboxEvent.objects.filter(processed_at__isnull=True).count(),
    }


def build(*, traffic, prober, faults, settled, setup_seconds, mails):
    windows = [f.at for f in faults[1:]] + [max(r.at for r in traffic.records) + 0.001]
    records = traffic.records
    return {
        "note": "measured on a shared 2-core machine while other engineers' test suites ran; figures as measured",
        "setup_s": setup_seconds,
        "traffic_s": round(max(r.at for r in records), 1),
        "requests": len(records),
        "requests_by_kind": dict(Counter(r.kind for r in records)),
        "errors_by_type": dict(Counter(r.outcome for r in records if r.outcome != "ok")),
        "error_seconds": len({int(r.at) for r in records if r.outcome != "ok"}),
        "searches_answered_by": dict(Counter(r.backend for r in records if r.kind == "search" and r.backend)),
        "readyz_seen": dict(Counter(p.ready for p in prober.probes)),
        "listings_published_by_traffic": len(traffic.published),
        "faults": [fault_figures(f, w, traffic, prober) for f, w in zip(faults, windows, strict=False)],
        "settled": settled,
        "checks": {**index_check(), **notification_check(traffic.started_at, mails)},
    }
