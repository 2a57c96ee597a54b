from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import GlossaryEntry


class TermsField(forms.CharField):
    """A list of terms edited one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, (list, tuple)) else value

    def to_python(self, value):
        return [" ".join(line.split()) for line in (value or "").splitlines() if line.strip()]


class GlossaryEntryForm(forms.ModelForm):
    terms_zh = TermsField(label=_("Chinese terms"), help_text=_("One per line, the preferred term first."))
    terms_en = TermsField(label=_("English terms"), help_text=_("One per line, the preferred term first."))

    class Meta:
        model = GlossaryEntry
        fields = ["key", "terms_zh", "terms_en", "sectors", "technologies"]


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(admin.ModelAdmin):
    """Search reads the glossary again after every save here (matching.glossary): no restart needed."""

    form = GlossaryEntryForm
    list_display = ["key", "terms_zh", "terms_en", "updated_at"]
    search_fields = ["key", "terms_zh", "terms_en"]
    list_filter = ["sectors", "technologies"]
    filter_horizontal = ["sectors", "technologies"]
