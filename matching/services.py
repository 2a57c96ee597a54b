"""Writes of the matching app: keeping the index true and the Match rows fresh. Every function re-reads the
rows by id, so running it twice gives the same result."""
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.outbox import outbox_record
from marketplace.models import Listing

from .backends import SYSTEM_VIEWER, SearchUnavailable, get_search_backend
from .models import Match

logger = logging.getLogger(__name__)
MATCHES_PER_LISTING = 10
MIN_MATCH_SCORE = 0.2
KEPT_STATES = {Match.State.DISMISSED, Match.State.CONTACTED}  # decisions of people survive a refresh


def search_index_sync(*, listing_ids, refresh=True):
    """Index published listings, delete the others. An unreachable Elasticsearch is logged, not raised:
    saving must keep working and `search_reconcile` catches up."""
    try:
        get_search_backend().index_listings(list(listing_ids), refresh=refresh)
        return True
    except SearchUnavailable as error:
        logger.warning("Search index not updated for listings %s (left for reconcile): %s", listing_ids, error)
        return False


def _is_live(listing):
    return listing.status == Listing.Status.PUBLISHED and not listing.is_expired_now


def _pair(listing, other_id):
    if listing.kind == Listing.Kind.NEED:
        return {"need_id": listing.pk, "capability_id": other_id}
    return {"need_id": other_id, "capability_id": listing.pk}


def matches_refresh_for_listing(listing_id):
    """Recompute the best counterparts of one listing and store them as Match rows; returns the new ones."""
    listing = Listing.objects.select_related("organisation").filter(pk=listing_id).first()
    if listing is None:
        return []
    mine = Q(need_id=listing.pk) | Q(capability_id=listing.pk)
    if not _is_live(listing):
        Match.objects.filter(mine).exclude(state__in=KEPT_STATES).delete()
        return []
    try:
        results = get_search_backend().match(listing, SYSTEM_VIEWER, limit=MATCHES_PER_LISTING)
    except SearchUnavailable as error:
        logger.warning("Matches of listing %s not refreshed: %s", listing_id, error)
        return []
    results = [r for r in results if r.score >= MIN_MATCH_SCORE]
    live_ids = set(Listing.objects.filter(pk__in=[r.listing_id for r in results]).values_list("pk", flat=True))
    created = []
    with transaction.atomic():
        kept_pairs = set()
        for result in results:
            if result.listing_id not in live_ids:
                continue  # the index is behind the database; the reconcile will catch up
            pair = _pair(listing, result.listing_id)
            match, was_created = Match.objects.update_or_create(
                **pair,
                defaults={"score": result.score, "parts": result.parts, "reasons_zh": result.reasons_zh,
                          "reasons_en": result.reasons_en, "computed_at": timezone.now()},
            )
            kept_pairs.add(match.pk)
            if was_created:
                created.append(match)
                # In the transaction that writes the Match: a crash before commit loses both, never the event.
                outbox_record(type="match.created", payload={
                    "match_id": match.pk, "need_id": match.need_id, "capability_id": match.capability_id,
                    "score": float(match.score), "reasons_zh": list(match.reasons_zh),
                    "reasons_en": list(match.reasons_en), "found_by_listing_id": listing.pk,
                })
        Match.objects.filter(mine).exclude(pk__in=kept_pairs).exclude(state__in=KEPT_STATES).delete()
    return created


def listing_sync(*, listing_id):
    """What follows a change to a listing: the index, then its matches."""
    search_index_sync(listing_ids=[listing_id])
    matches_refresh_for_listing(listing_id)


def match_set_state(*, match, state):
    if state not in Match.State.values:
        raise ValueError(state)
    match.state = state
    match.save(update_fields=["state"])
    return match
