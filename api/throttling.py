"""Request rates: per credential, per signed-in user, per anonymous IP. The counters live in the default cache
(Redis in production, see settings/production.py). Rates are read per request so settings overrides apply."""
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .permissions import request_credential


class _RateFromSettings(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class CredentialRateThrottle(_RateFromSettings):
    scope = "credential"

    def get_cache_key(self, request, view):
        credential = request_credential(request)
        if credential is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": credential.prefix}


class SessionUserRateThrottle(_RateFromSettings):
    scope = "user"

    def get_cache_key(self, request, view):
        if request_credential(request) is not None or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonymousIPRateThrottle(_RateFromSettings):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
