from django import template
from django.urls import NoReverseMatch, reverse

from .. import selectors
from ..models import Listing
from ..rendering import render_markdown

register = template.Library()

STATUS_BADGES = {
    Listing.Status.DRAFT: "badge--muted",
    Listing.Status.SUBMITTED: "badge--warning",
    Listing.Status.PUBLISHED: "badge--success",
    Listing.Status.REJECTED: "badge--danger",
    Listing.Status.CLOSED: "badge--muted",
    Listing.Status.EXPIRED: "badge--muted",
}


@register.filter(name="markdown")
def markdown_filter(text):
    """Render a Markdown description to sanitised HTML."""
    return render_markdown(text)


@register.filter
def status_badge(status):
    return STATUS_BADGES.get(status, "badge--info")


@register.simple_tag
def organisation_url(organisation):
    """The organisation's public page, or "" while that page does not exist."""
    try:
        return reverse("accounts:organisation_detail", kwargs={"slug": organisation.slug})
    except NoReverseMatch:
        try:
            return reverse("accounts:organisation_detail", args=[organisation.slug])
        except NoReverseMatch:
            return ""


@register.filter
def cny(amount):
    """A CNY amount as readers of the current language expect it: 50万元 in Chinese, ¥500,000 otherwise."""
    from decimal import Decimal

    from django.utils.translation import get_language

    if amount is None or amount == "":
        return ""
    amount = int(amount)
    if (get_language() or "").startswith("zh"):
        if amount >= 10000 and amount % 100 == 0:  # exact in 万, else the plain figure
            wan = Decimal(amount) / 10000
            return f"{wan.quantize(Decimal('0.01')).normalize():f}万元"
        return f"{amount}元"
    return f"¥{amount:,}"


# Organisation pages (accounts) show listings through these tags, so that accounts never imports marketplace.

@register.simple_tag(takes_context=True)
def organisation_listings(context, organisation):
    """{"capabilities", "needs", "count"}: the organisation's published listings the viewer may read."""
    listings = selectors.organisation_published_listings(organisation=organisation, user=context["request"].user)
    return {"capabilities": listings.filter(kind=Listing.Kind.CAPABILITY)[:24],
            "needs": listings.filter(kind=Listing.Kind.NEED)[:24], "count": listings.count()}


@register.simple_tag(takes_context=True)
def organisation_listing_groups(context, organisation):
    return selectors.organisation_listings_by_status(organisation=organisation, user=context["request"].user)
