from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


class StaffFilterForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    org_kind = forms.ChoiceField(label=_("Organisation kind"), required=False,
                                 choices=[("", _("All kinds"))] + list(Organisation.Kind.choices))

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period comes before its start."))
        return data
