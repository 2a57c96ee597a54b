"""Who hears about listing, match and organisation events, and what they read. An audience that names a
listing is cut to that listing's readers (marketplace.selectors.readers_of), and says which listing it names so
that e-mails and digests check again when they are sent."""
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from marketplace.models import Listing
from marketplace.selectors import readers_of

from .fanout import Audience
from .models import NotificationType as T
from .run_cache import cached


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


def listing_submitted(event):
    listing = _listing(event)
    if listing is None:
        return []
    # Curators who belong to the organisation do not decide its listings (accounts.permissions).
    curators = set(staff_ids()) - set(member_ids(listing.organisation_id))
    return [Audience(
        user_ids=readers_of(listing, curators), type=T.MODERATION, url=listing.get_absolute_url(),
        listing_id=listing.pk,
        render=lambda: (
            _("Awaiting review: “%(title)s”") % {"title": listing.title},
            _("%(organisation)s submitted a %(kind)s for review.")
            % {"organisation": listing.organisation.display_name(get_language()), "kind": _kind(listing)},
        ),
    )]


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
    return "; ".join(str(reason) for reason in reasons)


def match_created(event):
    """The newer listing's owners get one collapsed "new matches" notice; the older (counterpart) listing's
    owners hear that something new fits theirs. Each side hears only if it may read the other side's listing,
    which the notice quotes."""
    payload = event.payload
    need = _listing(event, "need_id")
    capability = _listing(event, "capability_id")
    if need is None or capability is None or need.organisation_id == capability.organisation_id:
        return []
    new, old = (need, capability)
    if (capability.published_at and need.published_at and capability.published_at > need.published_at):
        new, old = capability, need
    return [Audience(
        user_ids=readers_of(old, member_ids(new.organisation_id)), type=T.MATCH, url=new.get_absolute_url(),
        key=f"matched:{new.pk}", listing_id=old.pk,
        render=lambda: (
            _("Your %(kind)s “%(title)s” has matches") % {"kind": _kind(new), "title": new.title},
            _("For example “%(other)s”. See all matches and why they fit on your listing's page.")
            % {"other": old.title},
        ),
    ), Audience(
        user_ids=readers_of(new, member_ids(old.organisation_id)), type=T.MATCH, url=new.get_absolute_url(),
        key=f"match:{need.pk}:{capability.pk}", listing_id=new.pk,
        render=lambda: (
            _("A new %(kind)s fits your “%(title)s”: %(new)s")
            % {"kind": _kind(new), "title": old.title, "new": new.title},
            _reasons(payload) or new.summary,
        ),
    )]


def verification_requested(event):
    organisation = Organisation.objects.filter(pk=event.payload.get("organisation_id")).first()
    if organisation is None:
        return []
    return [Audience(
        user_ids=staff_ids(), type=T.MODERATION,
        url=url_or("accounts:staff_verification_queue", fallback="/admin/"),
        render=lambda: (
            _("%(organisation)s asks to be verified") % {"organisation": organisation.display_name(get_language())},
            "",
        ),
    )]


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
