"""Who hears about listing, match and organisation events, and what they read. An audience that names a
listing is cut to that listing's readers (marketplace.selectors.readers_of), and says which listing it names so
that e-mails and digests check again when they are sent."""
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from core.formats import format_clauses
from marketplace.models import Listing
from marketplace.selectors import moderation_pending_count, readers_of
from matching.selectors import new_match_count

from .fanout import Audience
from .models import NotificationType as T
from .run_cache import cached

# The keys of the curators' notices, one per queue (regrouped, then settled when the queue is empty).
MODERATION_LISTINGS = "moderation:listings"
MODERATION_ORGANISATIONS = "moderation:organisations"


def member_ids(organisation_id):
    return cached(("members", organisation_id), lambda: list(
        Membership.objects.filter(organisation_id=organisation_id).values_list("user_id", flat=True)))


def staff_ids():
    return cached("staff", lambda: list(
        User.objects.filter(is_staff=True, is_active=True).values_list("pk", flat=True)))


def listing_by_id(listing_id):
    return cached(("listing", listing_id),
                  lambda: Listing.objects.select_related("organisation").filter(pk=listing_id).first())


def _listing(event, key="listing_id"):
    return listing_by_id(event.payload.get(key))


def url_or(name, *args, fallback="/"):
    """A page of another app that may not exist yet: fall back rather than fail the fan-out."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def _kind(listing):
    return _("need") if listing.kind == Listing.Kind.NEED else _("capability")


def listing_published(event):
    listing = _listing(event)
    if listing is None:
        return []
    return [Audience(
        user_ids=readers_of(listing, member_ids(listing.organisation_id)), type=T.LISTING_REVIEW,
        url=listing.get_absolute_url(), listing_id=listing.pk,
        render=lambda: (
            _("Your %(kind)s “%(title)s” is published") % {"kind": _kind(listing), "title": listing.title},
            _("It is now visible to others and matching has started."),
        ),
    )]


def listing_rejected(event):
    listing = _listing(event)
    if listing is None:
        return []
    reason = event.payload.get("reason") or listing.rejection_reason
    return [Audience(
        user_ids=readers_of(listing, member_ids(listing.organisation_id)), type=T.LISTING_REVIEW,
        url=listing.get_absolute_url(), listing_id=listing.pk,
        render=lambda: (
            _("Your %(kind)s “%(title)s” was not approved") % {"kind": _kind(listing), "title": listing.title},
            _("Reason given by the reviewer: %(reason)s") % {"reason": reason},
        ),
    )]


def _reasons(payload):
    language = get_language() or ""
    reasons = payload.get("reasons_en") if language.startswith("en") else payload.get("reasons_zh")
    reasons = reasons or payload.get("reasons_zh") or payload.get("reasons_en") or []
    if isinstance(reasons, str):
        return reasons
    return format_clauses(reasons)


def _matches_notice(own, other, payload):
    """The one notice per listing its owners keep about its matches: how many are new, and the latest."""
    def render():
        count = max(new_match_count(listing=own), 1)
        title = ngettext("%(count)d new match for your %(kind)s “%(title)s”",
                         "%(count)d new matches for your %(kind)s “%(title)s”", count)
        body = _("Latest: “%(other)s” (%(organisation)s).") % {
            "other": other.title, "organisation": other.organisation.display_name(get_language())}
        reasons = _reasons(payload)
        return (title % {"count": count, "kind": _kind(own), "title": own.title},
                body + ("\n" + reasons if reasons else ""))

    return Audience(
        user_ids=readers_of(other, member_ids(own.organisation_id)), type=T.MATCH,
        url=own.get_absolute_url() + "#matches", key=f"matches:{own.pk}", regroup=True, listing_id=other.pk,
        render=render,
    )


def match_created(event):
    """Each side's owners keep one notice per listing of theirs, brought back with each new match (regroup): not
    one per match. Each side hears only if it may read the other side's listing, which the notice quotes."""
    need = _listing(event, "need_id")
    capability = _listing(event, "capability_id")
    if need is None or capability is None or need.organisation_id == capability.organisation_id:
        return []
    return [_matches_notice(need, capability, event.payload), _matches_notice(capability, need, event.payload)]


def moderation_notice(listing, latest):
    """Curators keep one notice of the listings queue, brought back by each submission and read once it is empty
    (moderation_done). Curators of the listing's own organisation are not told: another curator decides."""
    curators = set(staff_ids()) - set(member_ids(listing.organisation_id))
    return Audience(
        user_ids=readers_of(listing, curators), type=T.MODERATION, url=url_or("marketplace:moderation_queue"),
        key=MODERATION_LISTINGS, regroup=True, listing_id=listing.pk,
        render=lambda: (_("Listings await your review"), latest()),
    )


def listing_submitted(event):
    listing = _listing(event)
    if listing is None:
        return []
    return [moderation_notice(listing, lambda: _("Latest: “%(title)s”, a %(kind)s of %(organisation)s.") % {
        "title": listing.title, "kind": _kind(listing),
        "organisation": listing.organisation.display_name(get_language())})]


def moderation_done(event):
    """A listing or its changes were decided (or withdrawn): once nothing awaits review, the notice is read."""
    return [] if moderation_pending_count() else [MODERATION_LISTINGS]


def verification_requested(event):
    organisation = Organisation.objects.filter(pk=event.payload.get("organisation_id")).first()
    if organisation is None:
        return []
    return [Audience(
        user_ids=staff_ids(), type=T.MODERATION, key=MODERATION_ORGANISATIONS, regroup=True,
        url=url_or("accounts:staff_verification_queue", fallback="/admin/"),
        render=lambda: (
            _("Organisations ask to be verified"),
            _("Latest: %(organisation)s.") % {"organisation": organisation.display_name(get_language())},
        ),
    )]


def verification_done(event):
    """Once no organisation awaits verification, the curators' notice of that queue is read."""
    pending = Organisation.objects.filter(verification=Organisation.Verification.PENDING).exists()
    return [] if pending else [MODERATION_ORGANISATIONS]


def verification_decided(event):
    organisation = Organisation.objects.filter(pk=event.payload.get("organisation_id")).first()
    if organisation is None:
        return []
    approved = event.payload.get("approved")
    note = event.payload.get("note") or organisation.verification_note
    return [Audience(
        user_ids=member_ids(organisation.pk), type=T.VERIFICATION,
        url=url_or("accounts:organisation_detail", organisation.slug, fallback=url_or("accounts:dashboard")),
        render=lambda: (
            (_("%(organisation)s is now verified") if approved else _("%(organisation)s was not verified"))
            % {"organisation": organisation.display_name(get_language())},
            note or "",
        ),
    )]
