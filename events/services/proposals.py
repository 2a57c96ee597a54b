"""The meetings the matching engine proposes among an event's participants (Proposal rows, one per pair).

A participant brings listings and may add a short profile for the event only (what it offers, what it seeks).
A pair's proposal is the best need <-> capability pairing of what the two bring: the stored Match when the engine
keeps one, otherwise the search backend scores that pairing now (`match(..., include_ids=...)`), because two
listings outside each other's top ten may still be worth a meeting when both sides are in the room. Event
profiles are scored by the same blend (`match_profiles`). Re-reads everything by id: running it twice gives the
same rows."""
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from marketplace.models import Listing
from matching.backends import SYSTEM_VIEWER, SearchUnavailable, get_search_backend
from matching.backends.database import match_profiles
from matching.models import Match
from matching.profiles import ListingProfile, profiles_for_ids
from matching.services import MIN_MATCH_SCORE

from ..models import Event, Participant, Proposal

logger = logging.getLogger(__name__)
COUNTERPART = {Listing.Kind.NEED: Listing.Kind.CAPABILITY, Listing.Kind.CAPABILITY: Listing.Kind.NEED}


@dataclass
class Item:
    participant: Participant
    profile: ListingProfile
    listing_id: int | None  # None: the event-only profile


def _event_profile(participant, kind, text):
    first_line = text.splitlines()[0][:120] if text else ""
    return ListingProfile(id=f"event-{participant.pk}-{kind}", kind=kind, title=first_line, description=text,
                          organisation_id=participant.organisation_id, org_kind=participant.organisation.kind)


def _items(participants):
    listing_ids = set()
    for participant in participants:
        listing_ids |= {listing.pk for listing in participant.listings.all()
                        if listing.status == Listing.Status.PUBLISHED and not listing.is_expired_now}
    profiles = {profile.id: profile for profile in profiles_for_ids(listing_ids)}
    items = {}
    for participant in participants:
        mine = [Item(participant, profiles[listing.pk], listing.pk) for listing in participant.listings.all()
                if listing.pk in profiles]
        if participant.offer:
            offer = _event_profile(participant, Listing.Kind.CAPABILITY, participant.offer)
            mine.append(Item(participant, offer, None))
        if participant.seek:
            mine.append(Item(participant, _event_profile(participant, Listing.Kind.NEED, participant.seek), None))
        items[participant.pk] = mine
    return items


class _Best:
    """The best pairing found for each pair of participants."""

    def __init__(self):
        self.found = {}

    def offer(self, x_item, y_item, score, reasons_zh, reasons_en):
        if score < MIN_MATCH_SCORE or x_item.participant.organisation_id == y_item.participant.organisation_id:
            return
        x, y = sorted([x_item, y_item], key=lambda item: item.participant.pk)
        key = (x.participant.pk, y.participant.pk)
        if key not in self.found or score > self.found[key]["score"]:
            self.found[key] = {"score": score, "reasons_zh": list(reasons_zh), "reasons_en": list(reasons_en),
                               "a_listing_id": x.listing_id, "b_listing_id": y.listing_id}


def _stored_matches(items, best):
    by_listing = {item.listing_id: item for group in items.values() for item in group if item.listing_id}
    stored = Match.objects.filter(need_id__in=list(by_listing), capability_id__in=list(by_listing))
    seen = set()
    for match in stored.exclude(state=Match.State.DISMISSED):
        best.offer(by_listing[match.need_id], by_listing[match.capability_id], match.score, match.reasons_zh,
                   match.reasons_en)
        seen.add((match.need_id, match.capability_id))
    return seen


def _score_missing(x_items, y_items, stored, best, backend):
    """x's items against y's: the backend for listings, the shared blend for event profiles."""
    for item in x_items:
        kind = COUNTERPART[item.profile.kind]
        listings = {other.listing_id: other for other in y_items if other.listing_id and other.profile.kind == kind}
        need = item.profile.kind == Listing.Kind.NEED
        pair = (lambda other_id, item=item: (item.listing_id, other_id)) if need else (
            lambda other_id, item=item: (other_id, item.listing_id))
        wanted = [other_id for other_id in listings if pair(other_id) not in stored]
        if wanted:
            try:
                results = backend.match(item.profile, SYSTEM_VIEWER, limit=None, include_ids=wanted)
            except SearchUnavailable as error:
                logger.warning("event proposals: listing pairs not scored: %s", error)
                results = []
            for result in results:
                other = listings.get(int(result.listing_id)) if str(result.listing_id).isdigit() else None
                if other is not None:
                    best.offer(item, other, result.score, result.reasons_zh, result.reasons_en)
        profiles = {other.profile.id: other for other in y_items if other.listing_id is None
                    and other.profile.kind == kind}
        if profiles:
            results = match_profiles(item.profile, [other.profile for other in profiles.values()], limit=None)
            for result in results:
                best.offer(item, profiles[result.listing_id], result.score, result.reasons_zh, result.reasons_en)


def proposals_refresh(*, event_id, participant_id=None):
    """Recompute the proposals of the event (or only those of one participant); returns how many are stored."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    participants = list(event.participants.filter(status=Participant.Status.APPROVED)
                        .select_related("organisation").prefetch_related("listings"))
    focus = next((p for p in participants if p.pk == participant_id), None) if participant_id else None
    scope = Proposal.objects.filter(event=event)
    if participant_id:
        scope = scope.filter(Q(a_id=participant_id) | Q(b_id=participant_id))
        if focus is None:  # withdrawn or turned away since
            scope.delete()
            return 0
    items = _items(participants)
    best = _Best()
    stored = _stored_matches(items, best)
    backend = get_search_backend()
    for x in participants:
        if focus is not None and x is not focus:
            others = [focus]  # the others' side of the focus's pairs: their event profiles against its listings
        else:
            others = [y for y in participants if y is not x]
        y_items = [item for y in others for item in items[y.pk]]
        _score_missing(items[x.pk], y_items, stored, best, backend)
    with transaction.atomic():
        kept = []
        for (a_id, b_id), values in best.found.items():
            if focus is not None and focus.pk not in (a_id, b_id):
                continue
            proposal, _ = Proposal.objects.update_or_create(event=event, a_id=a_id, b_id=b_id, defaults=values)
            kept.append(proposal.pk)
        scope.exclude(pk__in=kept).delete()
    return len(kept)
