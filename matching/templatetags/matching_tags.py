from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_act_for, role_of

from ..selectors import leads_for, similar_listings
from ..selectors import listing_matches as select_matches
from ..services import matches_mark_seen

register = template.Library()

PART_LABELS = {
    "text": _("Text"),
    "taxonomy": _("Sectors and technologies"),
    "collaboration": _("Collaboration"),
    "region": _("Region"),
    "readiness": _("Readiness"),
    "freshness": _("Freshness"),
}


@register.inclusion_tag("matching/_listing_matches.html", takes_context=True)
def listing_matches(context, listing, limit=5):
    """Best matches (with score parts and reasons in the current language) and similar listings. Shown to the
    listing's own organisation, new matches are marked as such and become seen; its editors may dismiss one."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    language = get_language() or ""
    shown = select_matches(listing=listing, viewer=viewer, limit=limit)
    matches_mark_seen(user=viewer, listing=listing, matches=shown)
    matches = []
    for match in shown:
        matches.append({
            "match": match,
            "counterpart": match.counterpart_of(listing),
            "percent": round(match.score * 100),
            "reasons": match.reasons(language),
            "parts": [{"name": name, "label": label, "percent": round((match.parts.get(name) or 0) * 100)}
                      for name, label in PART_LABELS.items()],
        })
    return {
        "listing": listing,
        "matches": matches,
        "is_member": role_of(viewer, listing.organisation) is not None,
        "can_dismiss": can_act_for(viewer, listing.organisation),
        "similar": similar_listings(listing=listing, viewer=viewer, limit=limit),
        "request": request,
    }


@register.inclusion_tag("matching/_leads.html", takes_context=True)
def leads_inbox(context):
    """The dashboard's leads: open matches of the user's published listings with the counterpart's organisation,
    verification and deadline. Shown to their members, the new ones become seen (the page still says which were
    new, from the states it was read with)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    leads = leads_for(user=user)
    for group in leads:
        matches_mark_seen(user=user, listing=group["listing"], matches=[match for match, _other in group["matches"]])
    return {"leads": leads, "request": request}
