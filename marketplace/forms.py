"""Forms of the listing pages. They validate input and hand plain values to services/selectors."""
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Region
from core.forms import CleanCharField

from .models import CollaborationType, Listing, Sector, Technology
from .uploads import ACCEPT_ATTRIBUTE

TRL_CHOICES = [(level, f"TRL {level}") for level in range(1, 10)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ListingForm(forms.Form):
    """The guided create/edit form. `organisation` and `kind` are chosen only when creating."""

    SECTIONS = [
        ("what", _("What"), ["organisation", "kind", "title", "summary", "description", "title_alt", "summary_alt"]),
        ("taxonomy", _("Sectors, technologies and keywords"), ["sectors", "technologies", "keywords"]),
        ("collaboration", _("Collaboration and readiness"), ["collaboration_types", "trl_min", "trl_max", "ip_status"]),
        ("budget", _("Budget and region"), ["budget_min", "budget_max", "province", "city", "metro_area", "remote_ok"]),
        ("visibility", _("Visibility and deadline"), ["visibility", "deadline"]),
        ("attachments", _("Attachments"), ["files"]),
    ]

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Listing.Kind.choices, widget=forms.RadioSelect,
                             help_text=_("A capability is what you offer; a need is what you are looking for."))
    title = CleanCharField(label=_("Title"), max_length=200, min_length=4,
                           help_text=_("Say what it is in words your counterpart uses."))
    summary = CleanCharField(label=_("Summary"), max_length=500, min_length=10,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Two or three sentences shown in lists and search results."))
    description = CleanCharField(label=_("Description"), required=False, max_length=20000,
                                 widget=forms.Textarea(attrs={"rows": 10}),
                                 help_text=_("Markdown is supported: **bold**, lists, links."))
    title_alt = CleanCharField(label=_("Title in the other language"), required=False, max_length=200,
                               help_text=_("Optional: English for a Chinese listing, Chinese for an English one. "
                                           "Readers of that language see it, and search finds it."))
    summary_alt = CleanCharField(label=_("Summary in the other language"), required=False, max_length=500,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    sectors = forms.ModelMultipleChoiceField(label=_("Sectors"), queryset=Sector.objects.all(), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    technologies = forms.ModelMultipleChoiceField(label=_("Technologies"), queryset=Technology.objects.all(),
                                                  required=False, widget=forms.CheckboxSelectMultiple)
    keywords = CleanCharField(label=_("Keywords"), required=False, max_length=1000,
                              help_text=_("Separated by commas."))
    collaboration_types = forms.ModelMultipleChoiceField(
        label=_("Collaboration types"), queryset=CollaborationType.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    trl_min = forms.TypedChoiceField(label=_("Readiness level (TRL)"), choices=TRL_CHOICES, coerce=int, initial=4,
                                     help_text=_("1 = basic principles observed, 9 = proven in operation."))
    trl_max = forms.TypedChoiceField(label=_("Highest acceptable readiness level"), choices=TRL_CHOICES, coerce=int,
                                     initial=9, required=False)
    ip_status = forms.ChoiceField(label=_("IP status"), choices=Listing.IPStatus.choices,
                                  initial=Listing.IPStatus.NOT_APPLICABLE)
    budget_min = forms.IntegerField(label=_("Budget from (CNY)"), required=False, min_value=0)
    budget_max = forms.IntegerField(label=_("Budget to (CNY)"), required=False, min_value=0)
    province = CleanCharField(label=_("Province"), required=False, max_length=50)
    city = CleanCharField(label=_("City"), required=False, max_length=50)
    metro_area = forms.ChoiceField(label=_("Metro area"), required=False,
                                   choices=[("", _("None"))] + list(Region.choices))
    remote_ok = forms.BooleanField(label=_("Remote collaboration OK"), required=False, initial=True)
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Listing.Visibility.choices,
                                   initial=Listing.Visibility.PUBLIC, widget=forms.RadioSelect)
    deadline = forms.DateField(label=_("Deadline or expiry"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               help_text=_("After this date the listing is no longer shown."))
    files = MultipleFileField(label=_("Add files"), required=False,
                              widget=MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
                              help_text=_("PDF or images (PNG, JPEG, GIF, WebP), at most 10 MB each."))

    def __init__(self, *args, organisations=None, listing=None, **kwargs):
        self.listing = listing
        if listing is not None:
            kwargs.setdefault("initial", listing_initial(listing))
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if listing is not None:
            # What and by whom are fixed once the listing exists.
            del self.fields["organisation"]
            del self.fields["kind"]
        else:
            self.fields["organisation"].queryset = organisations
            only = list(organisations[:2]) if organisations is not None else []
            if len(only) == 1:
                self.fields["organisation"].initial = only[0].pk
                self.fields["organisation"].widget = forms.HiddenInput()

    @property
    def kind_value(self):
        if self.listing is not None:
            return self.listing.kind
        return self.data.get("kind") or self.initial.get("kind") or ""

    def clean(self):
        data = super().clean()
        kind = self.kind_value
        if kind == Listing.Kind.CAPABILITY:
            # A capability has one level and no budget.
            data["trl_max"] = data.get("trl_min")
            data["budget_min"] = data["budget_max"] = None
        else:
            if data.get("trl_max") is None:
                data["trl_max"] = 9
            if data.get("trl_min") and data["trl_max"] and data["trl_min"] > data["trl_max"]:
                self.add_error("trl_max", _("The highest level must be at least the lowest."))
            low, high = data.get("budget_min"), data.get("budget_max")
            if low is not None and high is not None and low > high:
                self.add_error("budget_max", _("The upper budget must be at least the lower one."))
        return data

    def clean_files(self):
        from core.exceptions import ApplicationError

        from .uploads import check_quota, check_upload

        files = self.cleaned_data.get("files") or []
        organisation = self.listing.organisation if self.listing else self.cleaned_data.get("organisation")
        try:
            for uploaded in files:
                check_upload(uploaded)
            if files and organisation is not None:
                check_quota(organisation=organisation, listing=self.listing, sizes=[f.size for f in files])
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from None
        return files

    def service_data(self):
        """cleaned_data minus what is not a listing field, in the shape listing_create/listing_update take."""
        data = dict(self.cleaned_data)
        for name in ("organisation", "kind", "files"):
            data.pop(name, None)
        return data

    def sections(self):
        for key, title, names in self.SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield {"key": key, "title": title, "fields": fields}


def listing_initial(listing):
    """The form starts from what the owner last wrote: a published listing's pending changes, if any."""
    from .revisions import pending_revision, proposed_listing

    revision = pending_revision(listing) if listing.status == Listing.Status.PUBLISHED else None
    listing, terms = proposed_listing(listing, revision)
    return {
        "title": listing.title, "summary": listing.summary, "description": listing.description,
        "title_alt": listing.title_alt, "summary_alt": listing.summary_alt,
        "sectors": terms["sectors"], "technologies": terms["technologies"],
        "keywords": ", ".join(listing.keywords or []),
        "collaboration_types": terms["collaboration_types"],
        "trl_min": listing.trl_min, "trl_max": listing.trl_max, "ip_status": listing.ip_status,
        "budget_min": listing.budget_min, "budget_max": listing.budget_max, "province": listing.province,
        "city": listing.city, "metro_area": listing.metro_area, "remote_ok": listing.remote_ok,
        "visibility": listing.visibility, "deadline": listing.deadline,
    }


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
                           help_text=_("PDF or images (PNG, JPEG, GIF, WebP), at most 10 MB."))


class RejectForm(forms.Form):
    reason = CleanCharField(label=_("Why is it rejected?"), max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("The owner reads this; say what to change."))


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why is it closed?"), choices=Listing.CloseReason.choices,
                               widget=forms.RadioSelect)
