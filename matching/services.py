"""Writes of the matching app: keeping the index true, the Match rows fresh, and people's decisions about them.
Every refresh re-reads the rows by id, so running it twice gives the same result."""
import logging

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_act_for, role_of
from core.exceptions import PermissionDeniedError
from core.outbox import outbox_record
from marketplace.models import Listing

from .backends import SYSTEM_VIEWER, SearchUnavailable, get_search_backend
from .models import Match

logger = logging.getLogger(__name__)
MATCHES_PER_LISTING = 10
MIN_MATCH_SCORE = 0.2
KEPT_STATES = {Match.State.DISMISSED, Match.State.CONTACTED}  # decisions of people survive a refresh
MATCH_WRITE_LOCK = 0x637478_0002  # advisory lock key of the refreshes' writes ("ctx" + 2)
REBUILD_BATCH = 500


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


def _one_writer_at_a_time():
    """The refreshes of a pair's two sides would race to create or hand over the same row: their writes (a few
    rows; the matching itself runs before) take turns. SQLite (the demo) has one writer anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MATCH_WRITE_LOCK])


def _save(match, **values):
    for name, value in values.items():
        setattr(match, name, value)
    match.save(update_fields=list(values))  # never `state`: people's decisions are theirs


def _record_created(match):
    outbox_record(type="match.created", payload={
        "match_id": match.pk, "need_id": match.need_id, "capability_id": match.capability_id,
        "score": float(match.score), "reasons_zh": list(match.reasons_zh), "reasons_en": list(match.reasons_en),
        "found_by_listing_id": match.found_by_id,
    })


def _refresh(listing_id):
    """(new Match rows, ids of the listings handed a pair): see matches_refresh_for_listing."""
    listing = Listing.objects.select_related("organisation").filter(pk=listing_id).first()
    if listing is None:
        return [], set()
    mine = Q(need_id=listing.pk) | Q(capability_id=listing.pk)
    if not _is_live(listing):
        with transaction.atomic():
            _one_writer_at_a_time()
            Match.objects.filter(mine).exclude(state__in=KEPT_STATES).delete()
        return [], set()
    try:
        results = get_search_backend().match(listing, SYSTEM_VIEWER, limit=MATCHES_PER_LISTING)
    except SearchUnavailable as error:
        logger.warning("Matches of listing %s not refreshed: %s", listing_id, error)
        return [], set()
    results = [r for r in results if r.score >= MIN_MATCH_SCORE]
    # The index can be behind the database; the reconcile catches up.
    live = set(Listing.objects.filter(pk__in=[r.listing_id for r in results], status=Listing.Status.PUBLISHED)
               .values_list("pk", flat=True))
    is_need = listing.kind == Listing.Kind.NEED
    created, handed_to, now = [], set(), timezone.now()
    with transaction.atomic():
        _one_writer_at_a_time()
        stored = {match.other_side_id(listing.pk): match for match in Match.objects.filter(mine)}
        found = set()
        for result in results:
            other = int(result.listing_id)
            if other not in live:
                continue
            found.add(other)
            view = {"score": result.score, "parts": result.parts, "reasons_zh": result.reasons_zh,
                    "reasons_en": result.reasons_en, "computed_at": now}
            match = stored.get(other)
            if match is None:
                match = Match.objects.create(**_pair(listing, other), found_by=listing, **view)
                _record_created(match)  # in the transaction of the row: never one without the other
                created.append(match)
            elif match.found_by_id == listing.pk or is_need:
                # Its own pair; or one both sides find, which shows the need's view whichever side came first.
                _save(match, found_by=listing, mutual=match.mutual or match.found_by_id != listing.pk, **view)
            elif not match.mutual:
                _save(match, mutual=True)
        for other, match in stored.items():
            if other in found:
                continue
            if match.found_by_id != listing.pk:
                if match.mutual:
                    _save(match, mutual=False)
            elif match.mutual:
                # The other side still finds it: its pair now (its own view comes with its next refresh).
                _save(match, found_by_id=other, mutual=False)
                handed_to.add(other)
            elif match.state not in KEPT_STATES:
                match.delete()
    return created, handed_to


def matches_refresh_for_listing(listing_id):
    """Recompute the best counterparts of one listing and store them as Match rows; returns the new ones.

    A refresh changes only what its own listing found (`Match.found_by`): it adds or updates the pairs it finds
    and drops the pairs it found before and no longer does, unless people decided about them (dismissed,
    contacted) or the other side found them too; pairs another listing found stay as they are. So the stored
    pairs do not depend on the order in which listings were refreshed. Each new pair's match.created event is
    recorded in the transaction that writes it."""
    created, handed_to = _refresh(listing_id)
    if handed_to:
        from .tasks import matches_refresh

        for other in handed_to:
            transaction.on_commit(lambda other=other: matches_refresh.delay(other), robust=True)
    return created


def listing_sync(*, listing_id):
    """What follows a change to a listing: the index, then its matches."""
    search_index_sync(listing_ids=[listing_id])
    matches_refresh_for_listing(listing_id)


def matches_rebuild(*, progress=None, batch_size=REBUILD_BATCH):
    """Recompute the stored matches of every listing, e.g. after a change of the weights: each published
    listing, and each listing that still has stored pairs, is refreshed once; those handed a pair meanwhile
    once more, so that every pair shows its finder's view under the new weights. Reads ids in batches (bounded
    memory); running it twice gives the same pairs. Returns {"listings", "refreshed", "created"}."""
    involved = Listing.objects.filter(
        Q(status=Listing.Status.PUBLISHED) | Exists(Match.objects.filter(need_id=OuterRef("pk")))
        | Exists(Match.objects.filter(capability_id=OuterRef("pk"))))
    total = involved.count()
    bar = progress(total=total, unit="listings") if progress else None
    refreshed = created = 0
    handed_to, last = set(), 0
    try:
        while True:
            ids = list(involved.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            for listing_id in ids:
                new, handed = _refresh(listing_id)
                created += len(new)
                handed_to |= handed
                refreshed += 1
            if bar:
                bar.update(len(ids))
            last = ids[-1]
        while handed_to:
            listing_id = handed_to.pop()
            new, handed = _refresh(listing_id)
            created += len(new)
            handed_to |= handed
            refreshed += 1
    finally:
        if bar:
            bar.close()
    return {"listings": total, "refreshed": refreshed, "created": created}


# ---- people's decisions ---------------------------------------------------------------------------------------
def matches_mark_seen(*, user, listing, matches):
    """Matches of `listing` shown to a member of its organisation: the new ones are seen from now on (the objects
    keep the state they were read with, so that what is shown can say which were new). Others (visitors, staff)
    leave them as they are. Returns how many changed."""
    if role_of(user, listing.organisation) is None:
        return 0
    ids = [match.pk for match in matches if match.state == Match.State.NEW]
    return Match.objects.filter(pk__in=ids, state=Match.State.NEW).update(state=Match.State.SEEN) if ids else 0


def match_dismiss(*, user, match):
    """"Not for us", said by an editor or owner of either side: the pair is hidden from both listings' matches
    and kept through refreshes, so the engine does not propose it again."""
    if not any(can_act_for(user, side.organisation) for side in (match.need, match.capability)):
        raise PermissionDeniedError(_("Only editors and owners of the matched listings' organisations may "
                                      "dismiss a match."))
    Match.objects.filter(pk=match.pk).update(state=Match.State.DISMISSED)
    match.state = Match.State.DISMISSED
    return match


def matches_mark_contacted(*, listing, organisation):
    """An interest sent by `organisation` on `listing`: its pairs between the listing and the organisation's own
    listings are contacted (a decision a refresh keeps)."""
    pairs = (Q(capability=listing, need__organisation=organisation)
             | Q(need=listing, capability__organisation=organisation))
    return Match.objects.filter(pairs).exclude(state=Match.State.CONTACTED).update(state=Match.State.CONTACTED)
