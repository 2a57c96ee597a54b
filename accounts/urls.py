from django.urls import path

from .views import members, organisations, profile, staff

app_name = "accounts"
urlpatterns = [
    path("me/", organisations.dashboard, name="dashboard"),
    path("me/profile/", profile.profile, name="profile"),
    path("orgs/new/", organisations.organisation_create, name="organisation_create"),
    path("orgs/<slug:slug>/", organisations.organisation_detail, name="organisation_detail"),
    path("orgs/<slug:slug>/logo/", organisations.organisation_logo, name="organisation_logo"),
    path("orgs/<slug:slug>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path("orgs/<slug:slug>/verification/", organisations.verification_request, name="verification_request"),
    path("orgs/<slug:slug>/members/", members.members, name="members"),
    path("orgs/<slug:slug>/members/<int:pk>/role/", members.member_role, name="member_role"),
    path("orgs/<slug:slug>/members/<int:pk>/remove/", members.member_remove, name="member_remove"),
    path("orgs/<slug:slug>/invitations/", members.invitation_create, name="invitation_create"),
    path("orgs/<slug:slug>/invitations/<int:pk>/revoke/", members.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", members.invitation_accept, name="invitation_accept"),
    path("staff/organisations/", staff.verification_queue, name="staff_verification_queue"),
    path("staff/organisations/<int:pk>/approve/", staff.verification_approve, name="staff_verification_approve"),
    path("staff/organisations/<int:pk>/reject/", staff.verification_reject, name="staff_verification_reject"),
]
