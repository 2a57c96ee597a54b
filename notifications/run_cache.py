"""A cache that lives for one fan-out run, so that a batch of events about the same listing or organisation
reads it once."""
import contextvars
from contextlib import contextmanager

_cache = contextvars.ContextVar("notifications_run_cache", default=None)


@contextmanager
def run_cache():
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def cached(key, compute):
    cache = _cache.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]
