"""Forms only shape and validate input; the services decide and write."""
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError
from core.forms import CleanCharField

from .logos import check_logo
from .models import Membership, Organisation


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the name people will see instead of the e-mail address (saved by the adapter)."""

    display_name = CleanCharField(
        label=_("Display name"), max_length=120,
        help_text=_("How other people on the platform see you, e.g. your name. Your e-mail address is not shown."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["display_name", "email", "password1", "password2"]

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Tell others what to call you."))
        return name


class ProfileForm(forms.Form):
    display_name = SignupForm.base_fields["display_name"]
    clean_display_name = SignupForm.clean_display_name


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https",
        help_text=_("Starting with https://"),
    )
    logo = forms.FileField(
        label=_("Logo"), required=False,
        help_text=_("PNG, JPEG, GIF or WebP, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )

    class Meta:
        model = Organisation
        fields = ["kind", "name_zh", "name_en", "province", "city", "metro_area", "website", "description"]
        labels = {"name_zh": _("Name in Chinese"), "name_en": _("Name in English")}
        field_classes = {name: CleanCharField for name in ("name_zh", "name_en", "province", "city", "description")}
        help_texts = {
            "name_en": _("Optional. The web address of your organisation's page is made from it."),
            "metro_area": _("The regional cluster you belong to, if any."),
            "description": _("What your organisation does and what it is looking for, in a few sentences."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "province": forms.TextInput(attrs={"placeholder": _("e.g. Zhejiang")}),
            "city": forms.TextInput(attrs={"placeholder": _("e.g. Hangzhou")}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose…"))] + list(Organisation.Kind.choices)
        self.fields["metro_area"].choices = [("", _("None"))] + list(self.fields["metro_area"].choices)[1:]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored one
            try:
                check_logo(logo)
            except ApplicationError as error:
                raise forms.ValidationError(error.message) from error
        return logo

    def service_kwargs(self):
        """Keyword arguments for organisation_create/organisation_update."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        logo = self.cleaned_data.get("logo")
        if logo is False:  # the "clear" box of ClearableFileInput
            data["clear_logo"] = True
        elif logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            data["logo"] = logo
        return data

    def _post_clean(self):
        # The services validate and save; skip ModelForm's instance construction and model validation here
        # except for field-level checks we want shown next to the inputs.
        pass


class CurrentLogo:
    """The stored logo as the file input shows it ("Currently: ..."): linked to the logo view, which serves it
    safely, never to the storage."""

    def __init__(self, organisation):
        self.name = organisation.logo.name
        self.url = reverse("accounts:organisation_logo", args=[organisation.slug])

    def __str__(self):
        return self.name


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.EDITOR,
        help_text=_("Owners manage the organisation and its members; editors write listings; viewers read them."),
    )


class RejectVerificationForm(forms.Form):
    reason = CleanCharField(
        label=_("Reason for rejection"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The organisation's owners will read this."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why verification is rejected."))
        return reason
