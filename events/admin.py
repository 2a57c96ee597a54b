from django.contrib import admin
from django.db import models

from .models import Event, Meeting, OrganiserGrant, Participant


@admin.register(OrganiserGrant)
class OrganiserGrantAdmin(admin.ModelAdmin):
    list_display = ["organisation", "granted_by", "granted_at"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        obj.granted_by = obj.granted_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title_zh", "format", "starts_on", "status"]
    list_filter = ["status", "format"]
    search_fields = ["title_zh", "title_en"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["organisation", "event", "status"]
    list_filter = ["status"]
    raw_id_fields = ["event", "organisation"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["requester", "invitee", "state", "slot", "table"]
    list_filter = ["state"]
    raw_id_fields = ["event", "requester", "invitee", "slot", "interest"]
