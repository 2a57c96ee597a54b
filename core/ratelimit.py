"""Counting actions per fixed time window in Django's cache (Redis in production, so every web process shares
the counts). A window starts on a multiple of its length, so a burst across a boundary may reach twice the
limit: good enough to stop mass sending, cheap enough to check on every request."""
import time

from django.core.cache import cache


class FixedWindowLimit:
    def __init__(self, name, *, limit, period):
        self.name, self.limit, self.period = name, limit, period

    def _key(self, ident):
        return f"ratelimit:{self.name}:{ident}:{int(time.time() // self.period)}"

    def exhausted(self, ident):
        return cache.get(self._key(ident), 0) >= self.limit

    def hit(self, ident):
        key = self._key(ident)
        if not cache.add(key, 1, timeout=self.period + 60):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=self.period + 60)
