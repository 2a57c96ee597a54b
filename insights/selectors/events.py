"""Matchmaking events in the insights: the figures of each brokerage day held so far, counted by
events.selectors.events_figures (the same counts as the organiser's page).

A published event is public (its page is), so it is named; its participants are never named, only counted,
because the list of who registered is shown to the event's own participants only. The figures are facts about
the event, not about a listing: they are the same for the public and for staff."""
from django.db.models import Q
from django.utils import timezone

from events.models import Event
from events.selectors import events_figures

FIGURES = ("registrations", "requests", "accepted", "placed", "held", "follow_ups")


def held_events(scope, now=None):
    """Published events whose last meeting has ended by `now`, newest first; for staff, those whose first day
    falls in the period."""
    local = timezone.localtime(now or timezone.now())
    ended = Q(ends_on__lt=local.date()) | Q(ends_on=local.date(), day_ends__lte=local.time())
    events = Event.objects.filter(ended, status=Event.Status.PUBLISHED)
    if scope.since:
        events = events.filter(starts_on__gte=scope.since)
    if scope.until:
        events = events.filter(starts_on__lte=scope.until)
    rows = list(events.order_by("-starts_on", "-pk").values("id", "title_zh", "title_en", "format", "starts_on",
                                                           "ends_on"))
    figures = events_figures(row["id"] for row in rows)
    return [{**row, "starts_on": row["starts_on"].isoformat(), "ends_on": row["ends_on"].isoformat(),
             **{name: figures[row["id"]][name] for name in FIGURES}} for row in rows]
