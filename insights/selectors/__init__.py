"""Reads of the insights app: the figures of the public page, a zone's page and the staff page, computed from
the database under one Scope (see scope.py for the visibility rule)."""
from django.utils import timezone

from . import engagement, events, market, staff, zone
from .scope import Scope

__all__ = ["Scope", "figures", "public_figures", "zone_figures", "staff_figures"]


def figures(scope, now=None):
    """Every figure both the public and the zone pages show, as slugs and numbers (no labels)."""
    now = now or timezone.now()
    months = scope.months(now)
    funnel = engagement.funnel(scope)
    counts = {row["stage"]: row["count"] for row in funnel}
    return {
        "computed_at": now.isoformat(),
        "totals": {**market.totals(scope), "matches": counts["matches"], "interests": counts["interests"],
                   "completed": counts["completed"]},
        "by_sector": market.by_sector(scope),
        "by_technology": market.by_technology(scope),
        "by_region": market.by_region(scope),
        "by_province": market.by_province(scope),
        "by_month": market.by_month(scope, months),
        "funnel": funnel,
        "first_answer": engagement.first_answer(scope),
        "declines": engagement.decline_reasons(scope, months),
        "unmet": engagement.unmet_demand(scope, now),
    }


def public_figures(now=None):
    scope = Scope()
    return {**figures(scope, now), "events": events.held_events(scope, now)}


def zone_figures(slug, now=None):
    scope = Scope(zone=slug)
    payload = figures(scope, now)
    payload.update({
        "zone": slug,
        "organisations": zone.organisations(scope),
        "latest": zone.latest_listings(scope),
        "facilities": zone.shared_facilities(scope),
        "collaborations": zone.collaborations(scope),
        "responsive": zone.responsive(scope),
    })
    return payload


def staff_figures(*, since=None, until=None, org_kind="", now=None):
    scope = Scope(public=False, since=since, until=until, org_kind=org_kind)
    payload = figures(scope, now)
    payload.update({
        "organisation_activity": staff.organisation_activity(scope),
        "moderation": staff.moderation(scope, scope.months(now)),
        "events": events.held_events(scope, now),
    })
    return payload
