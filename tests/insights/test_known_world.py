"""The known small world (tests/insights/conftest.py): every figure of the public page and of the Yangtze River
Delta zone page, of the API and of both exports, against what the world holds. Hidden listings (members only,
verified only), the draft and the facts about them are left out of every public figure; the matchmaking events
held are listed with their figures, those to come and the cancelled one are not."""
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import Organisation, Region
from collaboration.models import Interest
from events.models import Meeting, MeetingReport, Participant
from insights.selectors.scope import Scope
from insights.services import insights_refresh
from marketplace.models import Sector, Technology

from .readers import csv_rows, norm_rows, page_tables, xlsx_rows

pytestmark = pytest.mark.django_db
YRD = Region.YANGTZE_DELTA


def month(moment):
    return f"{timezone.localtime(moment):%Y-%m}"


def window(now):
    """The twelve months the pages cover, as YYYY-MM, oldest first."""
    months, local = [], timezone.localtime(now)
    year, mon = local.year, local.month
    for _ in range(12):
        months.append(f"{year:04d}-{mon:02d}")
        year, mon = (year, mon - 1) if mon > 1 else (year - 1, 12)
    return months[::-1]


def per_month(moments, months):
    counts = dict.fromkeys(months, 0)
    for moment in moments:
        counts[month(moment)] += 1
    return counts


def expected_events(w):
    """The events held, newest first: (event, registrations, requests, accepted, placed, held, follow-ups)."""
    return [(w.delta_day, 3, 5, 3, 2, 1, 1), (w.online_day, 2, 1, 1, 1, 1, 0)]


def direct_event_counts(event):
    """An event's figures counted straight from its rows."""
    meetings = Meeting.objects.filter(event=event)
    return (Participant.objects.filter(event=event, status=Participant.Status.APPROVED).count(), meetings.count(),
            meetings.filter(state=Meeting.State.ACCEPTED).count(),
            meetings.filter(state=Meeting.State.ACCEPTED, slot__isnull=False).count(),
            meetings.filter(reports__held=True).distinct().count(), meetings.filter(interest__isnull=False).count())


def expected_public(w):
    """The public figures of the world, in the API's terms (slugs and numbers)."""
    months = window(w.now)
    return {
        "totals": {"capabilities": 2, "needs": 4, "organisations": 4, "matches": 2, "interests": 5, "completed": 1},
        "sectors": {"games": (1, 2), "museums-heritage": (1, 2)},
        "technologies": {"vr-ar": (1, 0), "": (1, 4)},
        "regions": {YRD: (1, 3), Region.GREATER_BAY: (0, 1), Region.JING_JIN_JI: (1, 0),
                    Region.CHENGDU_CHONGQING: (0, 0)},
        "provinces": {"上海市": (1, 0), "江苏省": (0, 3), "广东省": (0, 1), "北京市": (1, 0)},
        "months": {
            "listings": per_month([x.published_at for x in (w.c1, w.c2, w.n1, w.n2, w.n3, w.n4, w.x1)], months),
            "matches": per_month([w.m1.created_at, w.m2.created_at], months),
            "interests": per_month([i.created_at for i in (w.i1, w.i2, w.i3, w.i4, w.i6)], months),
            "accepted": per_month([w.i1.answered_at, w.i4.answered_at], months),
            "completed": per_month([w.i1.outcome_at], months),
        },
        "funnel": [("matches", 2, None), ("interests", 5, 250.0), ("accepted", 2, 40.0), ("in_progress", 1, 50.0),
                   ("completed", 1, 100.0)],
        "first_answer": (3, 10.0),
        "declines": {"budget": (1, 100.0)},
        "decline_months": {month(w.i2.answered_at): {"budget": 1}},
        "unmet": {("museums-heritage", Region.GREATER_BAY): (1, 1, 1), ("games", YRD): (1, 1, 0)},
        "unmet_total": 2,
        "events": expected_events(w),
    }


def expected_zone(w):
    months = window(w.now)
    return {
        "totals": {"capabilities": 1, "needs": 3, "organisations": 2, "matches": 2, "interests": 5, "completed": 1},
        "sectors": {"games": (1, 2), "museums-heritage": (0, 1)},
        "technologies": {"vr-ar": (1, 0), "": (0, 3)},
        "regions": {YRD: (1, 3), Region.GREATER_BAY: (0, 0), Region.JING_JIN_JI: (0, 0),
                    Region.CHENGDU_CHONGQING: (0, 0)},
        "provinces": {"上海市": (1, 0), "江苏省": (0, 3)},
        "months": {
            "listings": per_month([x.published_at for x in (w.c1, w.n1, w.n3, w.n4)], months),
            "matches": per_month([w.m1.created_at, w.m2.created_at], months),
            "interests": per_month([i.created_at for i in (w.i1, w.i2, w.i3, w.i4, w.i6)], months),
            "accepted": per_month([w.i1.answered_at, w.i4.answered_at], months),
            "completed": per_month([w.i1.outcome_at], months),
        },
        "funnel": [("matches", 2, None), ("interests", 5, 250.0), ("accepted", 2, 40.0), ("in_progress", 1, 50.0),
                   ("completed", 1, 100.0)],
        "first_answer": (3, 10.0),
        "declines": {"budget": (1, 100.0)},
        "decline_months": {month(w.i2.answered_at): {"budget": 1}},
        "unmet": {("games", YRD): (1, 1, 0)},
        "unmet_total": 1,
        "organisation_kinds": {"university": 1, "institute": 0, "enterprise": 1, "intermediary": 0},
        "organisations": [(w.ent_js, 3), (w.uni_sh, 1)],
        "latest": [w.n3, w.n1, w.n4, w.c1],
        "facilities": [w.c1],
        "inside": 1, "across": 1,
        "collaborations": {("江苏省", "上海市", True): 1, ("广东省", "上海市", False): 1},
        "responsive": [(w.uni_sh, 2, 2, 100.0, 6.0), (w.ent_js, 3, 1, 33.3, 30.0)],
    }


def display_tables(e):
    """The rows a reader sees in Chinese (the default language), from the expected figures."""
    with translation.override("zh-hans"):
        unclassified = gettext("Unclassified")
        sector = {s.slug: s.name_zh for s in Sector.objects.all()} | {"": unclassified}
        technology = {t.slug: t.name_zh for t in Technology.objects.all()} | {"": unclassified}
        region = {slug: str(label) for slug, label in Region.choices} | {"": gettext("Outside the zones")}
        stage = {"matches": gettext("Matches"), "interests": gettext("Interests"), "accepted": gettext("Accepted"),
                 "in_progress": gettext("In progress"), "completed": gettext("Completed")}
        reasons = {code: str(label) for code, label in Interest.DeclineReason.choices}
        kinds = {code: str(label) for code, label in Organisation.Kind.choices}
        yes, no = gettext("Yes"), gettext("No")

    def supply(counts, labels, all_slugs):
        rows = {slug: counts.get(slug, (0, 0)) for slug in all_slugs}
        rows.update(counts)
        return [[labels[slug], *pair] for slug, pair in rows.items()]

    months = list(e["months"]["listings"])
    tables = {
        "sectors": supply(e["sectors"], sector, Sector.objects.values_list("slug", flat=True)),
        "technologies": supply(e["technologies"], technology, Technology.objects.values_list("slug", flat=True)),
        "regions": supply(e["regions"], region, []),
        "provinces": supply(e["provinces"], {name: name for name in e["provinces"]}, []),
        "months": [[m] + [e["months"][s][m] for s in ("listings", "matches", "interests", "accepted", "completed")]
                   for m in months],
        "funnel": [[stage[name], count, rate] for name, count, rate in e["funnel"]],
        "first_answer": [list(e["first_answer"])],
        "decline_reasons": [[reasons[code], *e["declines"].get(code, (0, 0.0))] for code in reasons],
        "decline_trend": [[m] + [e["decline_months"].get(m, {}).get(code, 0) for code in reasons] for m in months],
        "unmet": [[sector[s], region[r], *figures] for (s, r), figures in e["unmet"].items()],
    }
    if "events" in e:
        tables["events"] = [[event.title_zh, event.starts_on.isoformat(), *figures] for event, *figures in e["events"]]
    if "organisations" in e:
        tables.update({
            "organisation_kinds": [[kinds[kind], n] for kind, n in e["organisation_kinds"].items()],
            "organisations": [[org.name_zh, kinds[org.kind], org.province, n] for org, n in e["organisations"]],
            "latest": [[x.title, str(x.get_kind_display()), x.organisation.name_zh] for x in e["latest"]],
            "facilities": [[x.title, str(x.get_kind_display()), x.organisation.name_zh] for x in e["facilities"]],
            "collaborations": [[a, b, yes if inside else no, n] for (a, b, inside), n in e["collaborations"].items()],
            "responsive": [[org.name_zh, *figures] for org, *figures in e["responsive"]],
        })
    return tables


ORDERED = {"months", "funnel", "decline_trend", "latest", "organisations", "responsive", "events"}


def same_rows(name, got, want):
    got, want = norm_rows(got), norm_rows(want)
    if name not in ORDERED:
        got, want = sorted(got, key=repr), sorted(want, key=repr)
    assert got == want, f"table {name}: {got} != {want}"


def check_page_and_exports(client, url, export_url, expected):
    tables, figures = page_tables(client.get(url).content.decode())
    want = display_tables(expected)
    assert set(tables) == set(want), set(tables) ^ set(want)
    for name, rows in want.items():
        same_rows(name, tables[name]["rows"], rows)
        csv_headers, csv_body = csv_rows(client.get(export_url(name, "csv")).content)
        xlsx_headers, xlsx_body = xlsx_rows(client.get(export_url(name, "xlsx")).content)
        assert csv_headers == tables[name]["headers"] == list(xlsx_headers)
        same_rows(name, csv_body, rows)
        same_rows(name, xlsx_body, rows)
    for key, value in expected["totals"].items():
        assert float(figures[key]) == value, key
    assert float(figures["median_hours"]) == expected["first_answer"][1]
    assert float(figures["unmet"]) == expected["unmet_total"]
    return figures


def check_api(payload, e):
    assert payload["totals"] == e["totals"]
    for key, name in (("sectors", "by_sector"), ("technologies", "by_technology"), ("regions", "by_region"),
                      ("provinces", "by_province")):
        field = {"sectors": "sector", "technologies": "technology", "regions": "region", "provinces": "province"}[key]
        got = {row[field]: (row["capabilities"], row["needs"]) for row in payload[name]
               if row["capabilities"] or row["needs"]}
        assert got == {slug: pair for slug, pair in e[key].items() if any(pair)}, key
    assert [row["month"] for row in payload["by_month"]] == list(e["months"]["listings"])
    for series, counts in e["months"].items():
        assert [row[series] for row in payload["by_month"]] == list(counts.values()), series
    assert [(row["stage"], row["count"], row["rate"]) for row in payload["funnel"]] == e["funnel"]
    assert (payload["first_answer"]["answered"], payload["first_answer"]["median_hours"]) == e["first_answer"]
    assert {row["reason"]: (row["count"], row["share"]) for row in payload["declines"]["distribution"]
            if row["count"]} == e["declines"]
    assert {row["month"]: row["counts"] for row in payload["declines"]["trend"] if any(row["counts"].values())} \
        == e["decline_months"]
    assert {(row["sector"], row["region"]): (row["unmet"], row["no_match"], row["no_interest"])
            for row in payload["unmet"]["rows"]} == e["unmet"]
    assert payload["unmet"]["total"] == e["unmet_total"]
    if "events" in e:
        names = ("registrations", "requests", "accepted", "placed", "held", "follow_ups")
        assert payload["events"] == [
            {"id": event.pk, "title_zh": event.title_zh, "title_en": event.title_en, "format": event.format,
             "starts_on": event.starts_on.isoformat(), "ends_on": event.ends_on.isoformat(),
             **dict(zip(names, figures, strict=True))} for event, *figures in e["events"]]
    else:
        assert "events" not in payload


def test_the_public_page_api_and_exports_show_every_figure_of_the_world(client, world):
    insights_refresh()
    expected = expected_public(world)
    check_page_and_exports(client, "/insights/", lambda name, fmt: f"/insights/export/{name}.{fmt}", expected)
    check_api(client.get("/api/v1/insights/").json(), expected)


def test_the_zone_page_api_and_exports_show_every_figure_of_the_zone(client, world):
    insights_refresh()
    expected = expected_zone(world)
    figures = check_page_and_exports(client, "/regions/yangtze_delta/",
                                     lambda name, fmt: f"/regions/yangtze_delta/export/{name}.{fmt}", expected)
    assert (float(figures["inside"]), float(figures["across"])) == (1, 1)
    assert float(figures["facilities"]) == 1 and float(figures["zone_organisations"]) == 2
    payload = client.get("/api/v1/insights/zones/yangtze_delta/").json()
    check_api(payload, expected)
    assert payload["zone"] == YRD
    assert {row["kind"]: row["count"] for row in payload["organisations"]["by_kind"]} == expected["organisation_kinds"]
    assert [(row["slug"], row["listings"]) for row in payload["organisations"]["top"]] == [
        (org.slug, n) for org, n in expected["organisations"]]
    assert [row["id"] for row in payload["latest"]] == [x.pk for x in expected["latest"]]
    assert [row["id"] for row in payload["facilities"]["rows"]] == [world.c1.pk]
    assert payload["facilities"]["total"] == 1
    collaborations = payload["collaborations"]
    assert (collaborations["inside"], collaborations["across"]) == (1, 1)
    assert {(r["from_province"], r["to_province"], r["inside"]): r["count"] for r in collaborations["provinces"]} \
        == expected["collaborations"]
    assert [(r["slug"], r["received"], r["answered"], r["rate"], r["median_hours"]) for r in payload["responsive"]] \
        == [(org.slug, *figures) for org, *figures in expected["responsive"]]


def test_the_page_shows_the_last_refresh_which_equals_direct_database_counts(client, world):
    from marketplace.models import Listing
    from tests.factories import make_listing

    def direct_counts():
        public = Listing.objects.filter(status="published", visibility="public")
        return {"capabilities": public.filter(kind="capability").count(), "needs": public.filter(kind="need").count(),
                "organisations": public.values("organisation").distinct().count()}

    def shown():
        figures = page_tables(client.get("/insights/").content.decode())[1]
        return {name: int(figures[name]) for name in ("capabilities", "needs", "organisations")}

    insights_refresh()
    at_refresh = direct_counts()
    assert shown() == at_refresh
    make_listing(org=world.inst_bj, kind="capability", title="新成果")  # after the refresh
    assert shown() == at_refresh  # the page reads the stored figures...
    assert direct_counts()["capabilities"] == at_refresh["capabilities"] + 1
    insights_refresh()
    assert shown() == direct_counts()  # ...until the next refresh


def test_event_figures_on_the_page_equal_direct_counts_at_the_last_refresh(client, world):
    def shown():
        rows = page_tables(client.get("/insights/").content.decode())[0]["events"]["rows"]
        return [tuple(int(cell) for cell in row[2:]) for row in rows]

    def api():
        names = ("registrations", "requests", "accepted", "placed", "held", "follow_ups")
        return [tuple(row[name] for name in names) for row in client.get("/api/v1/insights/").json()["events"]]

    held = [world.delta_day, world.online_day]
    insights_refresh()
    at_refresh = [direct_event_counts(event) for event in held]
    assert at_refresh == [tuple(figures) for _event, *figures in expected_events(world)]
    assert shown() == api() == at_refresh
    # After the refresh, the other side of the meeting that did not take place says that it did.
    meeting = Meeting.objects.get(event=world.delta_day, requester__organisation=world.ent_gd, slot__isnull=False)
    MeetingReport.objects.create(meeting=meeting, participant=meeting.requester, held=True)
    assert shown() == api() == at_refresh  # the stored figures...
    insights_refresh()
    now_counted = [direct_event_counts(event) for event in held]
    assert now_counted[0][4] == at_refresh[0][4] + 1
    assert shown() == api() == now_counted  # ...until the next refresh


def test_a_snapshot_stored_before_the_events_were_counted_is_recomputed_when_read(client, world):
    from insights.models import Snapshot

    insights_refresh()
    snapshot = Snapshot.objects.get(scope="public")
    old = {key: value for key, value in snapshot.payload.items() if key not in {"events", "version"}}
    Snapshot.objects.filter(pk=snapshot.pk).update(payload=old)  # as a release before this one stored it
    assert [row["id"] for row in client.get("/api/v1/insights/").json()["events"]] == [
        world.delta_day.pk, world.online_day.pk]
    assert "events" in Snapshot.objects.get(scope="public").payload


def test_staff_figures_count_the_hidden_listings_too(world):
    from insights.selectors import staff_figures

    figures = staff_figures()
    assert figures["totals"]["capabilities"] == 3 and figures["totals"]["needs"] == 5  # h1 and h2 as well
    assert figures["totals"]["matches"] == 4 and figures["totals"]["interests"] == 6
    # n4's only match is with the hidden h1: unmet for the public, matched for staff.
    assert {(r["sector"], r["region"]) for r in figures["unmet"]["rows"]} == {
        ("museums-heritage", Region.GREATER_BAY)}
    assert Scope(public=False).matches().count() == 4
