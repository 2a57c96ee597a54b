"""Model signals that end what a creator's right kept alive (api.services.creator_rights)."""
from .services.creator_rights import creator_rights_review


def on_membership_changed(sender, instance, **kwargs):
    creator_rights_review(user_id=instance.user_id, organisation_ids=[instance.organisation_id])


def on_user_saved(sender, instance, update_fields=None, **kwargs):
    if instance.is_active or (update_fields is not None and "is_active" not in update_fields):
        return  # sign-ins save last_login; only a deactivation matters here
    creator_rights_review(user_id=instance.pk)


def on_user_deleting(sender, instance, **kwargs):
    # Before the delete sets created_by to NULL, which would hide what they created.
    creator_rights_review(user_id=instance.pk, gone=True)


def connect():
    from django.db.models.signals import post_delete, post_save, pre_delete

    from accounts.models import Membership, User

    post_save.connect(on_membership_changed, sender=Membership, dispatch_uid="api.creator_rights.membership_saved")
    post_delete.connect(on_membership_changed, sender=Membership, dispatch_uid="api.creator_rights.membership_deleted")
    post_save.connect(on_user_saved, sender=User, dispatch_uid="api.creator_rights.user_saved")
    pre_delete.connect(on_user_deleting, sender=User, dispatch_uid="api.creator_rights.user_deleting")
