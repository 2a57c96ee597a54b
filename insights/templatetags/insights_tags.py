from django import template

from accounts.models import Organisation
from marketplace.permissions import listing_permissions

from ..selectors.owners import listing_statistics as select_listing_statistics
from ..selectors.owners import organisation_listing_statistics

register = template.Library()


@register.inclusion_tag("insights/_listing_statistics.html", takes_context=True)
def listing_statistics(context, listing):
    """The listing's statistics, for members of its organisation and staff only."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not listing_permissions(user, listing).read_private or listing.published_at is None:
        return {"show": False}
    stats = select_listing_statistics([listing.pk])[listing.pk]
    kinds = [(label, stats["viewers_by_kind"].get(kind, 0)) for kind, label in Organisation.Kind.choices]
    return {"show": True, "listing": listing, "stats": stats, "kinds": kinds}


@register.inclusion_tag("insights/_organisation_statistics.html")
def organisation_statistics(organisation):
    """The dashboard's table of an organisation's published listings with their statistics."""
    return {"organisation": organisation, **organisation_listing_statistics(organisation)}
