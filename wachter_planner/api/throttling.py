import hashlib

from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle


class RateFromSettingsMixin:
    """Reads the rate from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] when a request comes,
    not once at import, so a changed setting takes effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(RateFromSettingsMixin, SimpleRateThrottle):
    """Limits each API token to the `token` rate. Browser sessions are not throttled."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, Token):
            return None
        digest = hashlib.sha256(request.auth.key.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}


class AnonymousRateThrottle(RateFromSettingsMixin, AnonRateThrottle):
    """Limits what the unauthenticated may fetch (the schema and its docs) per address."""
