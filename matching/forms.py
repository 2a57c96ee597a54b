from django import forms
from django.utils.translation import gettext_lazy as _

from .facets import FACETS


class SearchForm(forms.Form):
    """The search page's query string: text, multi-valued facet filters, sort and page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("relevance", _("Relevance")), ("newest", _("Newest")), ("deadline", _("Deadline"))])
    page = forms.IntegerField(required=False, min_value=1, max_value=500)
    # The relaxed query offered when nothing is found: a hit holds any one of the words.
    words = forms.ChoiceField(required=False, choices=[("any", _("Any of the words"))])

    def to_query(self, *, data, viewer, page_size=20):
        from .backends import SearchQuery

        cleaned = self.cleaned_data if self.is_valid() else {}
        filters = {name: [v for v in data.getlist(name) if v][:20] for name in FACETS if data.getlist(name)}
        return SearchQuery(text=cleaned.get("q") or "", filters=filters, sort=cleaned.get("sort") or "relevance",
                           page=cleaned.get("page") or 1, page_size=page_size, viewer=viewer,
                           words=cleaned.get("words") or "most")
