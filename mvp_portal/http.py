"""Small helpers for reading request input safely."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme

# The largest primary key a database integer column holds (PostgreSQL bigint,
# SQLite integer); larger numbers would overflow in the query itself.
MAX_ID = 2**63 - 1


def parse_number(value: str | None, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """``value`` as a whole number from ``low`` to ``high``, or None when it is not one.

    The one reader of a number typed into a request (a query string, a form, a header,
    a file's cell): plain ASCII digits only, so that text such as "²" (``str.isdigit``
    says yes, ``int`` says no) or a 5,000-digit number (past 4,300 digits ``int``
    itself refuses) is "not a number", never a 500.
    """
    value = (value or "").strip()
    significant = value.lstrip("0")
    if not value.isascii() or not value.isdigit() or len(significant) > len(str(high)):
        return None
    number = int(significant or "0")  # int() counts leading zeros toward its 4,300-digit limit
    return number if low <= number <= high else None


def parse_id(value: str | None) -> int | None:
    """``value`` as a primary key (1 to a database integer's largest), or None when it is not one."""
    return parse_number(value, low=1)


class IdConverter:
    """``<id:pk>`` in URL patterns: a primary key. Like Django's ``int``, but a
    number no database integer can hold is no match (404), not a query that
    overflows (500)."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(value)


def safe_next_url(request, candidate: str | None, default: str) -> str:
    """``candidate`` when it is a URL on this site (so a ``next`` parameter
    can never send people elsewhere), else ``default``. Redirect to it with
    ``HttpResponseRedirect``: ``redirect()`` would try a bare word as a URL name."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def body_first(view):
    """Read a POST's body before the view acts, so that a body Django refuses
    (too many fields, a field name beyond its limits) is answered 400 before
    anything has changed, not after — the view reads ``next`` once it is done."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            request.POST  # noqa: B018 (parsing is the point)
        return view(request, *args, **kwargs)

    return wrapper


class RefusedWithWayOut(PermissionDenied):
    """A 403 whose page offers the way back to where the person can act (the
    handler ``mvp_portal.views.permission_denied`` shows the link)."""

    def __init__(self, message: str, *, back_url: str, back_text: str) -> None:
        super().__init__(message)
        self.back_url = back_url
        self.back_text = back_text
