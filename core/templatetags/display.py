"""How the site writes dates, lists and places in the reader's language, in every template (a builtin, see
TEMPLATES in config/settings/base.py): {{ when|day }}, {{ when|day_time }}, {{ names|join_list }},
{{ name|place }}, {{ listing|location }}."""
from django import template

from accounts.places import location as _location
from accounts.places import place_name
from core.formats import colon as _colon
from core.formats import format_day, format_day_time, format_list

register = template.Library()


@register.filter(expects_localtime=True)
def day(value):
    return format_day(value)


@register.filter(expects_localtime=True)
def day_time(value):
    return format_day_time(value)


@register.filter
def join_list(items):
    return format_list(items)


@register.filter
def place(name):
    return place_name(name)


@register.filter
def location(obj):
    """A listing's or an organisation's province and city."""
    return _location(getattr(obj, "province", ""), getattr(obj, "city", ""))


@register.simple_tag
def page_numbers(page):
    """The page numbers a pager shows around the current page (… for the gaps)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag
def colon():
    """`{% colon %}` between a label and its text: "：" in Chinese, ": " in English."""
    return _colon()


@register.filter
def age(value):
    """How long ago, in its largest unit only ("3 days", not "3 days, 1 hour")."""
    from django.utils.timesince import timesince

    return timesince(value, depth=1) if value else ""
