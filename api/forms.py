from django import forms
from django.utils.translation import gettext_lazy


class OwnedOrganisationForm(forms.Form):
    """A form for one of the organisations the user owns; preselected when there is only one."""

    organisation = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Organisation"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
