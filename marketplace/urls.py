from django.urls import path

from . import views

app_name = "marketplace"
urlpatterns = [
    path("", views.home, name="home"),
    path("listings/", views.browse, name="browse"),
    path("listings/new/", views.listing_create, name="listing_create"),
    path("listings/<int:pk>/", views.listing_detail, name="listing_detail"),
    path("listings/<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("listings/<int:pk>/submit/", views.listing_submit, name="listing_submit"),
    path("listings/<int:pk>/unsubmit/", views.listing_unsubmit, name="listing_unsubmit"),
    path("listings/<int:pk>/close/", views.listing_close, name="listing_close"),
    path("listings/<int:pk>/approve/", views.listing_approve, name="listing_approve"),
    path("listings/<int:pk>/reject/", views.listing_reject, name="listing_reject"),
    path("listings/<int:pk>/feature/", views.listing_feature, name="listing_feature"),
    path("listings/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("listings/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path(
        "listings/<int:pk>/attachments/<int:attachment_pk>/delete/", views.attachment_delete, name="attachment_delete"
    ),
    path("orgs/<slug:slug>/listings/", views.organisation_listings, name="organisation_listings"),
    path("staff/moderation/", views.moderation_queue, name="moderation_queue"),
    path("staff/revisions/<int:pk>/approve/", views.revision_approve, name="revision_approve"),
    path("staff/revisions/<int:pk>/reject/", views.revision_reject, name="revision_reject"),
]
