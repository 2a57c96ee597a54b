import datetime
import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.text import clean_text

TERM_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")  # SlugField(max_length=60) of the taxonomy


class CleanCharField(serializers.CharField):
    """Text the database can store: no NUL (DRF already refuses it) and no lone UTF-16 surrogates; cleaned by
    core.text.clean_text (`multiline` keeps line breaks) before the length checks."""

    default_error_messages = {"surrogate": _("The text contains characters that are not valid Unicode.")}

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail("surrogate")
        value = clean_text(value, multiline=self.multiline)
        if self.trim_whitespace:
            value = value.strip()
        if not value and not self.allow_blank:
            self.fail("blank")  # nothing but invisible characters
        return value


class SaneDateTimeField(serializers.DateTimeField):
    """Refuses years the database and timezone arithmetic cannot hold."""

    default_error_messages = {"range": _("Give a date between the years 1900 and 9000.")}

    def to_internal_value(self, value):
        try:
            result = super().to_internal_value(value)
        except (OverflowError, ValueError):
            self.fail("range")
        if not 1900 <= result.year <= 9000:
            self.fail("range")
        return result


class SaneDateField(serializers.DateField):
    default_error_messages = {"range": _("Give a date between the years 1900 and 9000.")}

    def to_internal_value(self, value):
        result = super().to_internal_value(value)
        if isinstance(result, datetime.date) and not 1900 <= result.year <= 9000:
            self.fail("range")
        return result


@extend_schema_field({"type": "string", "pattern": f"^{TERM_SLUG.pattern}$"})
class TermSlugField(serializers.SlugRelatedField):
    """A taxonomy term by its slug. What cannot be a slug is "does not exist" without asking the database
    (PostgreSQL refuses a NUL character in a query: that was a 500)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not TERM_SLUG.fullmatch(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)
