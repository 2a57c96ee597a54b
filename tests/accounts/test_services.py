"""accounts.services: organisations, members, invitations and verification, with their rules."""
import re

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import services
from accounts.models import Invitation, Membership, Organisation
from core.exceptions import ApplicationError, PermissionDeniedError
from core.models import AuditEntry, OutboxEvent
from tests.factories import confirm_email, make_member, make_org, make_user

pytestmark = pytest.mark.django_db

Role = Membership.Role
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def audit_actions(organisation):
    return list(
        AuditEntry.objects.filter(target_type="accounts.organisation", target_id=organisation.pk)
        .order_by("created_at", "pk").values_list("action", flat=True)
    )


# --- creating and editing ---


def test_the_creator_becomes_the_owner_and_the_slug_comes_from_the_english_name():
    user = make_user()
    organisation = services.organisation_create(
        user=user, kind="university", name_zh="江南大学数字媒体学院", name_en="Jiangnan Digital Media School",
        city="无锡",
    )
    assert organisation.slug == "jiangnan-digital-media-school"
    assert Membership.objects.get(organisation=organisation, user=user).role == Role.OWNER
    assert organisation.verification == Organisation.Verification.UNVERIFIED


def test_an_organisation_with_only_a_chinese_name_gets_a_random_slug_and_duplicates_get_a_suffix():
    user = make_user()
    chinese_only = services.organisation_create(user=user, kind="enterprise", name_zh="杭州云游科技有限公司")
    assert chinese_only.slug.startswith("org-") and len(chinese_only.slug) > 4
    first = services.organisation_create(user=user, kind="enterprise", name_zh="甲", name_en="Cloud Play")
    second = services.organisation_create(user=user, kind="enterprise", name_zh="乙", name_en="Cloud Play")
    assert (first.slug, second.slug) == ("cloud-play", "cloud-play-2")


def test_a_reserved_word_is_never_a_slug():
    organisation = services.organisation_create(user=make_user(), kind="enterprise", name_zh="新", name_en="New")
    assert organisation.slug != "new"


def test_creating_requires_a_chinese_name_and_a_known_kind():
    user = make_user()
    with pytest.raises(ApplicationError) as error:
        services.organisation_create(user=user, kind="university", name_zh="  ")
    assert error.value.field == "name_zh"
    with pytest.raises(ApplicationError) as error:
        services.organisation_create(user=user, kind="spaceship", name_zh="某机构")
    assert error.value.field == "kind"
    assert not Organisation.objects.exists()


def test_logo_type_is_read_from_the_bytes():
    user = make_user()
    organisation = services.organisation_create(
        user=user, kind="enterprise", name_zh="图像公司", logo=SimpleUploadedFile("logo.png", PNG, "image/png")
    )
    assert organisation.logo.name.endswith(".png")
    disguised = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)></svg>", "image/png")
    with pytest.raises(ApplicationError) as error:
        services.organisation_create(user=user, kind="enterprise", name_zh="脚本公司", logo=disguised)
    assert error.value.field == "logo"


def test_only_owners_edit_the_profile_and_the_slug_stays(org, owner, editor):
    services.organisation_update(user=owner, organisation=org, description="新的简介", name_en="Renamed")
    org.refresh_from_db()
    assert org.description == "新的简介" and org.name_en == "Renamed" and org.slug != "renamed"
    with pytest.raises(PermissionDeniedError):
        services.organisation_update(user=editor, organisation=org, description="编辑者改的")


# --- members ---


def test_owner_changes_roles_and_it_is_audited(org, owner, viewer):
    membership = Membership.objects.get(user=viewer, organisation=org)
    services.membership_set_role(user=owner, membership=membership, role=Role.EDITOR)
    assert Membership.objects.get(pk=membership.pk).role == Role.EDITOR
    assert "membership.role" in audit_actions(org)


def test_non_owners_cannot_change_roles(org, owner, editor, viewer):
    membership = Membership.objects.get(user=viewer, organisation=org)
    with pytest.raises(PermissionDeniedError):
        services.membership_set_role(user=editor, membership=membership, role=Role.OWNER)
    with pytest.raises(PermissionDeniedError):
        services.membership_set_role(user=viewer, membership=membership, role=Role.OWNER)


def test_an_unknown_role_is_refused(org, owner, viewer):
    membership = Membership.objects.get(user=viewer, organisation=org)
    with pytest.raises(ApplicationError) as error:
        services.membership_set_role(user=owner, membership=membership, role="emperor")
    assert error.value.field == "role"


def test_the_last_owner_can_neither_be_demoted_nor_leave(org, owner):
    membership = Membership.objects.get(user=owner, organisation=org)
    with pytest.raises(ApplicationError):
        services.membership_set_role(user=owner, membership=membership, role=Role.EDITOR)
    with pytest.raises(ApplicationError):
        services.membership_remove(user=owner, membership=membership)
    assert Membership.objects.get(pk=membership.pk).role == Role.OWNER


def test_with_a_second_owner_an_owner_may_step_down_and_leave(org, owner):
    second = make_member(org, role=Role.OWNER)
    mine = Membership.objects.get(user=owner, organisation=org)
    services.membership_set_role(user=owner, membership=mine, role=Role.VIEWER)
    assert Membership.objects.get(pk=mine.pk).role == Role.VIEWER
    # Now the other one is the last owner.
    theirs = Membership.objects.get(user=second, organisation=org)
    with pytest.raises(ApplicationError):
        services.membership_remove(user=second, membership=theirs)
    services.membership_remove(user=owner, membership=Membership.objects.get(pk=mine.pk))
    assert not Membership.objects.filter(pk=mine.pk).exists()


def test_owners_remove_members_and_members_may_leave(org, owner, editor, viewer):
    services.membership_remove(user=owner, membership=Membership.objects.get(user=editor, organisation=org))
    services.membership_remove(user=viewer, membership=Membership.objects.get(user=viewer, organisation=org))
    assert list(org.memberships.values_list("user", flat=True)) == [owner.pk]
    assert audit_actions(org)[-2:] == ["membership.remove", "membership.leave"]


def test_a_member_cannot_remove_someone_else(org, owner, editor, viewer):
    with pytest.raises(PermissionDeniedError):
        services.membership_remove(user=editor, membership=Membership.objects.get(user=viewer, organisation=org))


# --- invitations ---


def invite(org, owner, email="new.colleague@example.com", role=Role.EDITOR):
    return services.invitation_create(user=owner, organisation=org, email=email, role=role,
                                      site_url="https://exchange.example")


def test_an_invitation_e_mails_a_signed_link_and_accepting_joins_with_that_role(
    org, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(org, owner, email="New.Colleague@Example.com", role=Role.VIEWER)
    assert invitation.email == "new.colleague@example.com"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.colleague@example.com"]
    link = re.search(r"https://exchange\.example/invitations/([^/\s]+)/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    token = link.group(1)
    assert services.invitation_from_token(token=token) == invitation

    someone = confirm_email(make_user(email="new.colleague@example.com"))
    membership = services.invitation_accept(user=someone, token=token)
    assert (membership.organisation, membership.user, membership.role) == (org, someone, Role.VIEWER)
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is not None
    assert "invitation.accept" in audit_actions(org)


def test_an_invitation_cannot_be_used_twice(org, owner):
    token = services.invitation_token(invitation=invite(org, owner))
    invitee = confirm_email(make_user(email="new.colleague@example.com"))
    services.invitation_accept(user=invitee, token=token)
    with pytest.raises(services.InvitationError) as error:
        services.invitation_accept(user=invitee, token=token)
    assert error.value.reason == "used"


def test_an_expired_invitation_is_refused(org, owner, monkeypatch):
    token = services.invitation_token(invitation=invite(org, owner))
    # Move the clock past the seven days the link is valid for.
    real_time = __import__("time").time
    monkeypatch.setattr("time.time", lambda: real_time() + services.INVITATION_MAX_AGE + 60)
    with pytest.raises(services.InvitationError) as error:
        services.invitation_accept(user=make_user(), token=token)
    assert error.value.reason == "expired"
    assert not Membership.objects.filter(organisation=org).exclude(user=owner).exists()


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature changed
    lambda token: "9999" + token[token.index(":"):],  # another id under the same signature
    lambda token: "not-a-token",
])
def test_a_forged_invitation_is_refused(org, owner, tamper):
    token = services.invitation_token(invitation=invite(org, owner))
    with pytest.raises(services.InvitationError) as error:
        services.invitation_accept(user=make_user(), token=tamper(token))
    assert error.value.reason == "invalid"


def test_a_token_signed_for_something_else_is_refused(org, owner):
    invitation = invite(org, owner)
    other_purpose = signing.TimestampSigner(salt="something.else").sign(str(invitation.pk))
    with pytest.raises(services.InvitationError):
        services.invitation_from_token(token=other_purpose)


def test_a_withdrawn_invitation_stops_working(org, owner):
    invitation = invite(org, owner)
    token = services.invitation_token(invitation=invitation)
    services.invitation_revoke(user=owner, invitation=invitation)
    with pytest.raises(services.InvitationError) as error:
        services.invitation_accept(user=make_user(), token=token)
    assert error.value.reason == "invalid"


def test_a_new_invitation_to_the_same_address_replaces_the_pending_one(org, owner):
    first = invite(org, owner, role=Role.VIEWER)
    second = invite(org, owner, role=Role.EDITOR)
    assert list(Invitation.objects.filter(organisation=org).values_list("pk", flat=True)) == [second.pk]
    with pytest.raises(services.InvitationError):
        services.invitation_from_token(token=services.invitation_token(invitation=first))


def test_members_cannot_be_invited_again_and_only_owners_invite(org, owner, editor):
    with pytest.raises(ApplicationError) as error:
        invite(org, owner, email=editor.email)
    assert error.value.field == "email"
    with pytest.raises(PermissionDeniedError):
        invite(org, editor)


def test_accepting_as_an_existing_member_keeps_the_higher_role(org, owner):
    token = services.invitation_token(invitation=invite(org, owner, email="x@example.com", role=Role.VIEWER))
    editor = make_member(org, role=Role.EDITOR, user=confirm_email(make_user(email="x@example.com")))
    membership = services.invitation_accept(user=editor, token=token)
    assert membership.role == Role.EDITOR


# --- verification ---


def decisions():
    """The decisions recorded in the outbox, in the transactions that made them."""
    events = OutboxEvent.objects.filter(type="organisation.verification_decided").order_by("pk")
    return [(e.payload["organisation_id"], e.payload["actor_id"], e.payload["approved"]) for e in events]


def test_owner_requests_verification_and_staff_approve(org, owner, staff):
    services.organisation_request_verification(user=owner, organisation=org)
    org.refresh_from_db()
    assert org.verification == Organisation.Verification.PENDING and org.verification_requested_at
    services.organisation_approve_verification(user=staff, organisation=org)
    org.refresh_from_db()
    assert org.verification == Organisation.Verification.VERIFIED and org.verified_at
    assert decisions() == [(org.pk, staff.pk, True)]
    entry = AuditEntry.objects.get(action="organisation.verify", target_id=org.pk)
    assert entry.actor == staff and entry.target_type == "accounts.organisation"


def test_staff_reject_with_a_reason_and_the_owner_may_ask_again(org, owner, staff):
    services.organisation_request_verification(user=owner, organisation=org)
    with pytest.raises(ApplicationError) as error:
        services.organisation_reject_verification(user=staff, organisation=org, reason="   ")
    assert error.value.field == "reason"
    services.organisation_reject_verification(user=staff, organisation=org, reason="营业执照与名称不符")
    org.refresh_from_db()
    assert org.verification == Organisation.Verification.REJECTED
    assert org.verification_note == "营业执照与名称不符"
    assert AuditEntry.objects.get(action="organisation.reject_verification").reason == "营业执照与名称不符"
    assert decisions() == [(org.pk, staff.pk, False)]
    services.organisation_request_verification(user=owner, organisation=org)
    org.refresh_from_db()
    assert org.verification == Organisation.Verification.PENDING and org.verification_note == ""
    assert audit_actions(org).count("organisation.verification_request") == 2


def test_verification_follows_its_states(org, owner, staff):
    with pytest.raises(ApplicationError):
        services.organisation_approve_verification(user=staff, organisation=org)  # nothing requested
    services.organisation_request_verification(user=owner, organisation=org)
    with pytest.raises(ApplicationError):
        services.organisation_request_verification(user=owner, organisation=org)  # already pending
    services.organisation_approve_verification(user=staff, organisation=org)
    with pytest.raises(ApplicationError):
        services.organisation_reject_verification(user=staff, organisation=org, reason="late")
    with pytest.raises(ApplicationError):
        services.organisation_request_verification(user=owner, organisation=org)  # already verified


def test_only_owners_request_and_only_staff_decide(org, owner, editor, viewer, outsider, staff):
    for user in (editor, viewer, outsider, staff):
        with pytest.raises(PermissionDeniedError):
            services.organisation_request_verification(user=user, organisation=org)
    services.organisation_request_verification(user=owner, organisation=org)
    for user in (owner, editor, viewer, outsider):
        with pytest.raises(PermissionDeniedError):
            services.organisation_approve_verification(user=user, organisation=org)
        with pytest.raises(PermissionDeniedError):
            services.organisation_reject_verification(user=user, organisation=org, reason="no")
    org.refresh_from_db()
    assert org.verification == Organisation.Verification.PENDING


def test_a_verified_organisation_opens_verified_only_listings_to_its_members(org, owner, staff):
    from marketplace.models import Listing
    from marketplace.selectors import published_visible_to
    from tests.factories import make_listing

    secret = make_listing(org=make_org(), visibility=Listing.Visibility.VERIFIED)
    assert not published_visible_to(owner).filter(pk=secret.pk).exists()
    services.organisation_request_verification(user=owner, organisation=org)
    services.organisation_approve_verification(user=staff, organisation=org)
    fresh_owner = type(owner).objects.get(pk=owner.pk)
    assert published_visible_to(fresh_owner).filter(pk=secret.pk).exists()


def test_invalid_model_data_is_an_application_error_naming_the_field():
    with pytest.raises(ApplicationError) as error:
        services.organisation_create(user=make_user(), kind="enterprise", name_zh="网址错误公司", website="not a url")
    assert error.value.field == "website"
