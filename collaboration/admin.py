from django.contrib import admin

from .models import Interest, Message, SavedSearch


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ("id", "listing", "from_organisation", "to_organisation", "state", "created_at", "answered_at")
    list_filter = ("state", "decline_reason")
    raw_id_fields = ("listing", "from_organisation", "to_organisation", "from_user", "answered_by", "outcome_by")


admin.site.register(Message)
admin.site.register(SavedSearch)
