from django import template
from django.urls import NoReverseMatch, reverse

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
