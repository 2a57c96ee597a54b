from django.contrib import admin

from .models import AuditEntry, OutboxEvent


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "target_type", "target_id", "target_repr", "reason")
    list_filter = ("action", "target_type")
    search_fields = ("target_repr", "reason", "actor__email")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ("id", "type", "created_at", "dispatched_at", "processed_at", "attempts")
    list_filter = ("type",)
    readonly_fields = ("type", "payload", "created_at", "dispatched_at", "processed_at", "attempts", "last_error")
