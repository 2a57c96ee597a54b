from .selectors import unread_count as _unread_count


def unread_count(request):
    """`notifications_unread` for the bell in base.html; lazy so pages that do not show it pay nothing."""
    user = getattr(request, "user", None)

    def count():
        return _unread_count(user=user)

    return {"notifications_unread": count}
