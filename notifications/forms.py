from django import forms
from django.utils.translation import gettext_lazy as _

from .preferences import types_for


class NotificationFilterForm(forms.Form):
    """The notifications page's query string: the types offered are those the user can receive."""

    unread = forms.BooleanField(label=_("Unread only"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types"))] + types_for(user)
