"""Event type -> handler that says who hears about it and what they read.

Apps register handlers for their own event types (collaboration does in its AppConfig.ready). A handler gets
the OutboxEvent and returns a list of Audience; the fan-out creates the notifications."""
from dataclasses import dataclass, field
from typing import Callable

_HANDLERS = {}


@dataclass(eq=False)  # hashed by identity: one audience of one event
class Audience:
    user_ids: list
    type: str  # NotificationType
    render: Callable  # () -> (title, body); called once per language, inside translation.override
    url: str = ""
    key: str = ""  # collapses repeats per recipient; blank: one per event and recipient
    channel: str | None = None  # a suggestion (e.g. a saved search's frequency); stored preferences win
    exclude_user_ids: set = field(default_factory=set)
    # The listing the text names, if any: e-mails and digests go only to those who may still read it when sent.
    listing_id: int | None = None


def handles(event_type):
    def decorator(function):
        _HANDLERS[event_type] = function
        return function

    return decorator


def handler_for(event_type):
    return _HANDLERS.get(event_type)
