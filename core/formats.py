"""One way to write dates and lists per language, used by every page and e-mail (core/templatetags/display.py)."""
from django.utils import dateformat, timezone
from django.utils.translation import get_language

# Chinese: 2026年3月5日 14:30; English: 5 Mar 2026, 14:30.
DAY = {"zh": "Y年n月j日", "en": "j M Y"}
DAY_TIME = {"zh": "Y年n月j日 H:i", "en": "j M Y, H:i"}
LIST_SEPARATOR = {"zh": "、", "en": ", "}
CLAUSE_SEPARATOR = {"zh": "；", "en": "; "}  # between phrases (a match's reasons): full-width in Chinese
COLON = {"zh": "：", "en": ": "}  # between a label and what follows it


def _language():
    return "en" if (get_language() or "").startswith("en") else "zh"


def _local(value):
    if hasattr(value, "tzinfo") and value.tzinfo is not None and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_day(value):
    if value in (None, ""):
        return ""
    return dateformat.format(_local(value), DAY[_language()])


def format_day_time(value):
    if value in (None, ""):
        return ""
    return dateformat.format(_local(value), DAY_TIME[_language()])


def format_list(items):
    return LIST_SEPARATOR[_language()].join(str(item) for item in items if str(item))


def format_clauses(items):
    return CLAUSE_SEPARATOR[_language()].join(str(item) for item in items if str(item))


def colon():
    return COLON[_language()]
