from .models import Notification, NotificationType


def unread_count(*, user):
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(*, user, unread=False, ntype=None):
    rows = Notification.objects.filter(recipient=user)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    if ntype in NotificationType.values:
        rows = rows.filter(type=ntype)
    return rows
