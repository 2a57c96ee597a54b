class ApplicationError(Exception):
    """A domain rule was broken; views and the API turn it into a 400 with this message."""

    def __init__(self, message, *, field=None, extra=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    """The actor may not do this; mapped to 403."""
