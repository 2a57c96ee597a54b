from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Membership, Organisation, User


class EmailUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")

    def clean_email(self):
        # Stored lower-case like every other path that creates users (UserManager, allauth).
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this e-mail address already exists."))
        return email


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipOfUserInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]
    verbose_name = _("organisation membership")
    verbose_name_plural = _("organisation memberships")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, adapted to sign-in by e-mail (there is no username)."""

    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["email"]
    list_display = ["email", "display_name", "language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipOfUserInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")}),
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["email", "role", "invited_by", "created_at", "accepted_at"]
    readonly_fields = ["invited_by", "created_at", "accepted_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Verification is read-only here: decisions go through the staff queue (/staff/organisations/), which
    records them in the audit log and tells the organisation."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name_zh", "name_en", "kind", "province", "city", "metro_area", "verification", "created_at"]
    list_filter = ["kind", "verification", "metro_area", "province"]
    search_fields = ["name_zh", "name_en", "slug", "city"]
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ["verification", "verification_note", "verification_requested_at", "verified_at",
                       "created_at", "updated_at"]
    inlines = [MembershipInline, InvitationInline]
    fieldsets = (
        (None, {"fields": ("slug", "kind", "name_zh", "name_en", "logo")}),
        (_("Region"), {"fields": ("province", "city", "metro_area")}),
        (_("About"), {"fields": ("description", "website")}),
        (_("Verification"), {"fields": ("verification", "verification_note", "verification_requested_at",
                                        "verified_at")}),
        (_("Dates"), {"fields": ("created_at", "updated_at")}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name_zh", "organisation__name_en"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "organisation__name_zh", "organisation__name_en"]
    raw_id_fields = ["organisation", "invited_by"]
