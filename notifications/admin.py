from django.contrib import admin

from .models import Notification, NotificationPreference, OutboxEvent


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ("id", "type", "created_at", "dispatched_at", "processed_at", "attempts")
    list_filter = ("type",)
    readonly_fields = ("type", "payload", "created_at", "dispatched_at", "processed_at", "attempts", "last_error")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("id", "recipient", "type", "title", "channel", "created_at", "read_at", "emailed_at",
                    "email_error")
    list_filter = ("type", "channel")
    raw_id_fields = ("recipient", "event")


admin.site.register(NotificationPreference)
