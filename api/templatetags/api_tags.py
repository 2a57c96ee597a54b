from django import template

from ..selectors import creations_by_member

register = template.Library()


@register.inclusion_tag("api/_member_creations.html", takes_context=True)
def member_creations(context, organisation, member):
    """The active credentials and webhook subscriptions a member created for the organisation: they stop when
    the member is no longer an owner (api.services.creator_rights). Read once per page for all members."""
    key = ("api_member_creations", organisation.pk)
    if key not in context.render_context:
        context.render_context[key] = creations_by_member(organisation=organisation)
    return context.render_context[key].get(member.pk, {"credentials": [], "subscriptions": []})
