"""Project-wide middleware: a caller's cache reads read ahead, responses to signed-in
people never stored by a cache, and the admin's date filters never turning odd
numbers into a 500."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from mvp_portal import public_cache
from mvp_portal.http import parse_number
from mvp_portal.kept_pages import keeping_on


class ReadAheadMiddleware:
    """A GET from a session or an API token: the cache keys the same caller's last request to the
    same address read (its session, viewer, kept page or answer, their tokens) are read in one
    round trip before anything asks for them (``public_cache.request_read_ahead``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with public_cache.request_read_ahead(_caller(request)):
            return self.get_response(request)


def _caller(request) -> tuple | None:
    if request.method not in ("GET", "HEAD") or not keeping_on():
        return None
    who = request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.META.get("HTTP_AUTHORIZATION")
    return (who, request.get_full_path()) if who else None


class NoStoreForSignedInMiddleware:
    """Every response to a signed-in person carries ``Cache-Control: no-store``
    (pages, PDFs, exports): a shared or back-button cache must not keep what a
    dossier, a score or a profile said."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


# The parts of a date the admin's date hierarchy and ``field__year=`` lookups read,
# with the values Python's dates can hold (a year of 9999 overflows "the next month").
DATE_PART_BOUNDS = {
    "year": (1, 9998),
    "iso_year": (1, 9998),
    "month": (1, 12),
    "day": (1, 31),
    "week": (1, 53),
    "week_day": (1, 7),
    "iso_week_day": (1, 7),
    "quarter": (1, 4),
}


def _date_part_ok(key: str, values: list[str]) -> bool:
    part = next((p for p in sorted(DATE_PART_BOUNDS, key=len, reverse=True) if key.endswith(f"__{p}")), None)
    if part is None:
        return True
    low, high = DATE_PART_BOUNDS[part]
    return all(parse_number(v, low=low, high=high) is not None for v in values)


class AdminDateLookupMiddleware:
    """On admin pages, a ``…__year`` / ``__month`` / ``__day`` (and similar)
    parameter that is not a plain number a date can hold is dropped, with a
    redirect to the same list without it, before Django's ChangeList builds a
    ``datetime`` from it (which raises ``OverflowError``, a 500). One place for
    every changelist and every date hierarchy."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    def __call__(self, request):
        if self._prefix is None:
            self._prefix = reverse("admin:index")
        if request.method == "GET" and request.path.startswith(self._prefix) and request.GET:
            kept = [(k, v) for k in request.GET for v in request.GET.getlist(k) if _date_part_ok(k, [v])]
            if len(kept) != sum(len(request.GET.getlist(k)) for k in request.GET):
                query = urlencode(kept)
                return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))
        return self.get_response(request)
