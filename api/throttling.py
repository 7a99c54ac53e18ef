"""Rate limits per token on the Django cache: a burst window and a sustained one.

The rates come from ``settings.API_THROTTLE_RATES`` (environment:
``API_RATE_BURST``, ``API_RATE_SUSTAINED``, e.g. ``60/minute`` and
``600/hour``), read per request so that a test can change them. A request
counts in both windows only when both admit it: one refused with 429 costs
nothing, and its ``Retry-After`` is the time until a slot frees in the fuller
window. With more than one web process, point ``CACHE_URL`` at Redis so that
they share the counts.

DRF's own ``SimpleRateThrottle`` keeps one window per class, and DRF asks
every class even after one refused, so a refused request would still count
in the other window; hence one class with both windows.
"""

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from mvp_portal import public_cache

from .models import ApiToken

SCOPES = ("burst", "sustained")
SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/minute" → (60, 60)."""
    count, _, period = rate.partition("/")
    return int(count), SECONDS[period]


class TokenRateThrottle(BaseThrottle):
    cache_format = "api-throttle:{scope}:{token}"
    timer = time.time

    def allow_request(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True  # no token, no API: the request is refused before it could count
        now = self.timer()
        windows = {
            self.cache_format.format(scope=scope, token=token.pk): parse_rate(settings.API_THROTTLE_RATES[scope])
            for scope in SCOPES
        }
        found = public_cache.read_many(list(windows))  # both windows in one round trip, or read ahead
        histories = {  # newest first
            key: [moment for moment in found.get(key, []) if moment > now - duration]
            for key, (_, duration) in windows.items()
        }
        full = [
            (histories[key], limit, duration)
            for key, (limit, duration) in windows.items()
            if len(histories[key]) >= limit
        ]
        if full:
            # A slot frees when the limit-th newest request leaves its window.
            self._wait = max(duration - (now - history[limit - 1]) for history, limit, duration in full)
            return False
        cache.set_many(
            {key: [now, *history] for key, history in histories.items()},
            timeout=max(duration for _, duration in windows.values()),
        )
        return True

    def wait(self) -> float:
        return self._wait
