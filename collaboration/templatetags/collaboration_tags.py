from django import template
from django.utils.translation import ngettext

from ..models import Interest
from ..selectors import interest_box_counts, interest_options, interests_in_box, organisation_median_response

register = template.Library()

STATE_BADGES = {
    Interest.State.SENT: "badge--warning", Interest.State.ACCEPTED: "badge--success",
    Interest.State.DECLINED: "badge--danger", Interest.State.IN_PROGRESS: "badge--info",
    Interest.State.COMPLETED: "badge--success", Interest.State.ABANDONED: "badge--muted",
}


@register.filter
def interest_badge(state):
    return STATE_BADGES.get(state, "badge--muted")


@register.simple_tag(takes_context=True)
def express_interest_options(context, listing):
    request = context.get("request")
    return interest_options(user=getattr(request, "user", None), listing=listing)


@register.simple_tag
def median_response(organisation):
    """"about 3 days" / "about 5 hours", or "" when the organisation has answered no interest yet."""
    duration = organisation_median_response(organisation=organisation)
    if duration is None:
        return ""
    hours = duration.total_seconds() / 3600
    if hours < 1:
        return ngettext("within %(n)d hour", "within %(n)d hours", 1) % {"n": 1}
    if hours < 48:
        n = round(hours)
        return ngettext("about %(n)d hour", "about %(n)d hours", n) % {"n": n}
    n = round(hours / 24)
    return ngettext("about %(n)d day", "about %(n)d days", n) % {"n": n}


@register.simple_tag(takes_context=True)
def current_query(context):
    request = context.get("request")
    return request.GET.urlencode() if request is not None else ""


@register.inclusion_tag("collaboration/_awaiting_reply.html", takes_context=True)
def interests_awaiting_reply(context, limit=5):
    """The dashboard's "interests awaiting your reply": the newest few with their age, and how many wait."""
    user = getattr(context.get("request"), "user", None)
    return {"awaiting": interests_in_box(user=user, box="awaiting")[:limit],
            "awaiting_count": interest_box_counts(user=user)["awaiting"]}
