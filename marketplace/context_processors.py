from accounts.selectors import verification_queue

from .selectors import moderation_pending_count


def staff_pending(request):
    """`staff_pending` for the curators' links in base.html: what awaits them in each queue. Lazy: only the
    staff branch of the navigation reads it, so other people's pages pay nothing."""
    def counts():
        return {"listings": moderation_pending_count(), "organisations": verification_queue().count()}

    return {"staff_pending": counts}
