from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from marketplace.models import Listing, Sector

from .models import Event, MeetingReport


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


class EventForm(forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(queryset=Sector.objects.all(), required=False,
                                             widget=forms.CheckboxSelectMultiple, label=_("Sectors"))
    meeting_link_base = forms.URLField(label=_("meeting link base"), required=False, max_length=200,
                                       assume_scheme="https", help_text=Event._meta.get_field("meeting_link_base")
                                       .help_text)

    class Meta:
        model = Event
        fields = ["title_zh", "title_en", "description_zh", "description_en", "format", "venue", "tables",
                  "meeting_link_base", "online_cap", "starts_on", "ends_on", "day_starts", "day_ends",
                  "pause_starts", "pause_ends", "meeting_minutes", "gap_minutes", "registration_opens",
                  "registration_closes", "booking_opens", "booking_closes", "capacity", "requires_approval",
                  "max_requests", "max_meetings", "sectors"]
        widgets = {
            "description_zh": forms.Textarea(attrs={"rows": 4}), "description_en": forms.Textarea(attrs={"rows": 4}),
            "starts_on": forms.DateInput(attrs={"type": "date"}), "ends_on": forms.DateInput(attrs={"type": "date"}),
            "day_starts": forms.TimeInput(attrs={"type": "time"}), "day_ends": forms.TimeInput(attrs={"type": "time"}),
            "pause_starts": forms.TimeInput(attrs={"type": "time"}),
            "pause_ends": forms.TimeInput(attrs={"type": "time"}),
            "registration_opens": DateTimeInput(), "registration_closes": DateTimeInput(),
            "booking_opens": DateTimeInput(), "booking_closes": DateTimeInput(),
        }


class RegistrationForm(forms.Form):
    listings = forms.ModelMultipleChoiceField(queryset=Listing.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple, label=_("Listings you bring"))
    offer = forms.CharField(label=_("What you offer (for this event only)"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    seek = forms.CharField(label=_("What you seek (for this event only)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    attendees = forms.ModelMultipleChoiceField(queryset=User.objects.none(), required=False,
                                               widget=forms.CheckboxSelectMultiple, label=_("People attending"),
                                               help_text=_("They receive the agenda and the reminders."))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listings"].queryset = organisation.listings.filter(status=Listing.Status.PUBLISHED)
        self.fields["attendees"].queryset = User.objects.filter(memberships__organisation=organisation)


class AvailabilityForm(forms.Form):
    unavailable_slots = forms.ModelMultipleChoiceField(queryset=None, required=False,
                                                       widget=forms.CheckboxSelectMultiple,
                                                       label=_("Times you cannot meet"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unavailable_slots"]
        field.queryset = event.slots.all()
        field.label_from_instance = lambda slot: (f"{timezone.localtime(slot.starts_at):%Y-%m-%d %H:%M}–"
                                                  f"{timezone.localtime(slot.ends_at):%H:%M}")


class MeetingRequestForm(forms.Form):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                              help_text=_("Who you are and what you would like to discuss."))
    invitee_listing = forms.ModelChoiceField(queryset=Listing.objects.none(), required=False,
                                             label=_("About their listing"))

    def __init__(self, *args, invitee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitee_listing"].queryset = invitee.listings.filter(status=Listing.Status.PUBLISHED)


class ReportForm(forms.Form):
    held = forms.TypedChoiceField(label=_("Did the meeting take place?"), coerce=lambda value: value == "yes",
                                  choices=[("yes", _("Yes")), ("no", _("No"))])
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", "—")] + list(MeetingReport.Outcome.choices))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
