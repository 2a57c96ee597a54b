from django.contrib import admin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("id", "recipient", "type", "title", "channel", "created_at", "read_at", "emailed_at",
                    "email_error")
    list_filter = ("type", "channel")
    raw_id_fields = ("recipient", "event")


admin.site.register(NotificationPreference)
