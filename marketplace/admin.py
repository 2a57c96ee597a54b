"""Admin: the taxonomy is edited here; listings change only through the services: content edits (for those who
may edit the listing: `listing_permissions`) and the workflow actions (approve, reject, feature)."""
from django import forms
from django.contrib import admin, messages
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError

from . import services
from .models import Attachment, CollaborationType, Listing, Sector, Technology
from .permissions import listing_permissions


class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_zh", "name_en", "position")
    list_editable = ("name_zh", "name_en", "position")
    search_fields = ("slug", "name_zh", "name_en")
    ordering = ("position", "slug")


admin.site.register(Sector, TaxonomyAdmin)
admin.site.register(Technology, TaxonomyAdmin)
admin.site.register(CollaborationType, TaxonomyAdmin)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ListingAdminForm(forms.ModelForm):
    """The service writes (ListingAdmin.save_model); the form asks it first, so that a refusal shows as errors."""

    user = None  # set by ListingAdmin.get_form

    def service_data(self):
        writable = services.EDITABLE_FIELDS | set(services.M2M_FIELDS)
        return {field: self.cleaned_data[field] for field in self.changed_data if field in writable}

    def clean(self):
        cleaned = super().clean()
        try:
            services.listing_check(user=self.user, listing=self.instance, data=self.service_data())
        except ApplicationError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return cleaned


class RejectActionForm(forms.Form):
    reason = forms.CharField(label=_("Why are they rejected?"), widget=forms.Textarea(attrs={"rows": 3}))


def _run_on_each(modeladmin, request, queryset, call, done_message):
    done, failed = 0, []
    for listing in queryset.select_related("organisation"):
        try:
            call(listing)
            done += 1
        except ApplicationError as error:
            failed.append(f"{listing.title}: {error.message}")
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    for line in failed:
        modeladmin.message_user(request, line, messages.WARNING)


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "organisation", "status", "visibility", "featured", "deadline", "published_at")
    list_filter = ("kind", "status", "visibility", "featured", "organisation__kind", "metro_area", "sectors",
                   "technologies")
    search_fields = ("title", "summary", "external_id", "organisation__name_zh", "organisation__name_en",
                     "organisation__slug")
    filter_horizontal = ("sectors", "technologies", "collaboration_types")
    date_hierarchy = "created_at"
    form = ListingAdminForm
    readonly_fields = ("organisation", "kind", "status", "featured", "rejection_reason", "close_reason", "created_by",
                       "created_at", "updated_at", "submitted_at", "published_at", "closed_at")
    inlines = [AttachmentInline]
    actions = ["approve", "reject", "feature", "unfeature"]
    list_select_related = ("organisation",)

    def has_add_permission(self, request):
        return False  # an organisation writes its listings: on the site, through the API or an import

    def has_change_permission(self, request, obj=None):
        # Curators read every listing here and decide with the actions; content is changed by its organisation.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or listing_permissions(request.user, obj).edit)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        # A published listing's new content waits for review, as on the site (marketplace/revisions.py).
        services.listing_update(user=request.user, listing=Listing.objects.get(pk=obj.pk), **form.service_data())

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the service has set the taxonomy
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Approve and publish the selected listings"))
    def approve(self, request, queryset):
        _run_on_each(self, request, queryset,
                     lambda listing: services.listing_publish(user=request.user, listing=listing),
                     _("%(count)d listing(s) published."))

    @admin.action(description=_("Reject the selected listings (with a reason)"))
    def reject(self, request, queryset):
        if "apply" in request.POST:
            form = RejectActionForm(request.POST)
            if form.is_valid():
                reason = form.cleaned_data["reason"]
                _run_on_each(self, request, queryset,
                             lambda listing: services.listing_reject(user=request.user, listing=listing, reason=reason),
                             _("%(count)d listing(s) rejected."))
                return None
        else:
            form = RejectActionForm()
        return render(request, "marketplace/admin/reject_listings.html", {
            **self.admin_site.each_context(request), "title": _("Reject listings"), "form": form,
            "listings": queryset, "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })

    @admin.action(description=_("Feature the selected listings"))
    def feature(self, request, queryset):
        _run_on_each(self, request, queryset,
                     lambda listing: services.listing_set_featured(user=request.user, listing=listing, featured=True),
                     _("%(count)d listing(s) featured."))

    @admin.action(description=_("Stop featuring the selected listings"))
    def unfeature(self, request, queryset):
        _run_on_each(self, request, queryset,
                     lambda listing: services.listing_set_featured(user=request.user, listing=listing, featured=False),
                     _("%(count)d listing(s) no longer featured."))


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "listing", "content_type", "size", "uploaded_by", "uploaded_at")
    list_filter = ("content_type",)
    search_fields = ("original_name", "listing__title")
    readonly_fields = ("listing", "file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")

    def has_add_permission(self, request):
        return False  # uploads go through the listing page, which checks the bytes
