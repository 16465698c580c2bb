import logging

from redis.exceptions import RedisError
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from trusts.models import ApiToken

logger = logging.getLogger(__name__)


class RateFromSettingsMixin:
    """Reads the rate from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] when a request comes,
    not once at import, so a changed setting takes effect. The counters live in the cache
    (Redis); while it is down, requests go through unlimited rather than fail."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except RedisError:
            logger.warning("Rate limits not applied: the cache is unavailable")
            return True


class TokenRateThrottle(RateFromSettingsMixin, SimpleRateThrottle):
    """Limits each API token to the `token` rate. Browser sessions are not throttled."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.digest}


class AnonymousRateThrottle(RateFromSettingsMixin, AnonRateThrottle):
    """Limits what the unauthenticated may fetch (the schema and its docs) per address."""
