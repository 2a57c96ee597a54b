def staff_pending(request):
    """`staff_pending` for the curators' links in base.html: what awaits them in each queue. Lazy: only the
    staff branch of the navigation reads it, so other people's pages pay nothing."""
    def counts():
        from marketplace.selectors import moderation_pending_count

        from .selectors import verification_queue

        return {"listings": moderation_pending_count(), "organisations": verification_queue().count()}

    return {"staff_pending": counts}
