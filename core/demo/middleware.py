import threading

from django.utils import timezone


class DailyExpiryMiddleware:
    """The demo runs no Celery beat: the first request after start and the first of each day run the daily
    expiry sweep in-process, so a listing past its deadline is stored as expired, as in production."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.swept_on = None
        self.lock = threading.Lock()

    def __call__(self, request):
        today = timezone.localdate()
        if self.swept_on != today:
            with self.lock:
                if self.swept_on != today:
                    from marketplace.services import listings_expire

                    listings_expire(today=today)
                    self.swept_on = today
        return self.get_response(request)
