"""Rate limits per token on the Django cache: a burst limit and a sustained one.

The rates come from ``settings.API_THROTTLE_RATES`` (environment:
``API_RATE_BURST``, ``API_RATE_SUSTAINED``), read per request so that a test
can change them. A refused request gets 429 with ``Retry-After``. With more
than one web process, point ``CACHE_URL`` at Redis so that they share counts.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    cache_format = "api-throttle:%(scope)s:%(ident)s"

    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view) -> str | None:
        token = request.auth
        if not isinstance(token, ApiToken):
            return None  # no token, no API: the request is refused before it could count
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class TokenBurstThrottle(TokenRateThrottle):
    scope = "burst"


class TokenSustainedThrottle(TokenRateThrottle):
    scope = "sustained"
