from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CleanCharField
from marketplace.models import CollaborationType

from .models import Interest, SavedSearch


class InterestForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("On behalf of"), empty_label=None)
    message = CleanCharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
                             help_text=_("Who you are and why this fits."))
    collaboration_type = forms.ModelChoiceField(queryset=CollaborationType.objects.all(), required=False,
                                                label=_("Proposed collaboration"))
    proposal = CleanCharField(label=_("What you propose"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False, max_length=5000)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Interest.DeclineReason.choices)
    note = CleanCharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                          max_length=2000)


class MessageForm(forms.Form):
    body = CleanCharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        ("started", _("Collaboration started")), ("completed", _("Collaboration completed")),
        ("abandoned", _("Abandoned")),
    ])
    note = CleanCharField(label=_("Note (required when abandoned)"), widget=forms.Textarea(attrs={"rows": 2}),
                          required=False, max_length=2000)


class SavedSearchForm(forms.Form):
    name = CleanCharField(label=_("Name"), max_length=120, required=False)
    frequency = forms.ChoiceField(label=_("Alert me"), choices=SavedSearch.Frequency.choices,
                                  initial=SavedSearch.Frequency.DAILY)
    query = forms.CharField(widget=forms.HiddenInput, required=False)


class InterestFilterForm(forms.Form):
    """The interests page's query string: the tab and a state."""

    box = forms.ChoiceField(choices=[(box, box) for box in ("received", "awaiting", "sent")], required=False,
                            widget=forms.HiddenInput)
    state = forms.ChoiceField(label=_("Status"), required=False,
                              choices=[("", _("Any status"))] + list(Interest.State.choices))
