"""Safe fetching: the only way the portal reads a URL that a person gave it.

A connected source names a URL (or a host we build one for), so every request
is treated as hostile input:

- only ``http`` and ``https``, no user name or password in the URL;
- the host is resolved and **every** address it resolves to must be public:
  loopback, private, link-local, multicast, reserved, unspecified and shared
  ranges are refused, for IPv4 and IPv6 (IPv4-mapped IPv6 addresses are
  judged as the IPv4 address they carry). ``SOURCES_ALLOW_LOOPBACK`` admits
  loopback (the tests' local server); ``SOURCES_ONLY_LOOPBACK`` refuses every
  other address (the test suite, so that no test can reach the internet);
- the connection goes to the address that was checked (the host name is
  sent as ``Host`` and as the TLS server name, and the certificate is
  verified for it), so a DNS answer that changes between the check and the
  connection (DNS rebinding) changes nothing;
- redirects are followed by hand, at most ``MAX_REDIRECTS``, each hop checked
  again like the first; credentials are not carried to another origin;
- the body is read in chunks and refused past ``MAX_BYTES`` (after
  decompression), within a connect timeout, a read timeout and a deadline for
  the whole exchange.

Each failure is its own exception type (subclasses of ``FetchError``) whose
``describe(source)`` says what happened in words a nominee understands.

urllib3 rather than requests: it lets us connect to one checked address while
verifying TLS for the host name (``server_hostname``/``assert_hostname``), and
it reads no proxy settings or ``.netrc`` from the environment behind our back.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _
from urllib3 import exceptions as u3

from mvp_portal.http import parse_number

MAX_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
TOTAL_TIMEOUT = 30.0
CHUNK = 64 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Sent only to the origin they were meant for.
CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})


# Errors ------------------------------------------------------------------------
class FetchError(Exception):
    """A fetch that did not give a usable answer. ``describe(source)`` says so in words."""

    def __init__(self, url: str = "", **details):
        super().__init__(url)
        self.url = url
        self.details = details

    def describe(self, source: str) -> str:
        return _("%(source)s could not be read") % {"source": source}

    def __str__(self) -> str:
        return f"{type(self).__name__}: {self.url} {self.details}"


class UnsupportedURL(FetchError):
    def describe(self, source: str) -> str:
        return _("%(source)s has an address we do not fetch (only http and https web addresses, %(why)s)") % {
            "source": source,
            "why": self.details.get("why", ""),
        }


class AddressRefused(FetchError):
    """The host resolves to an address that is not public."""

    def describe(self, source: str) -> str:
        return _("%(source)s points to %(address)s, a private or reserved network address, which we never fetch") % {
            "source": source,
            "address": self.details.get("address", ""),
        }


class HostNotFound(FetchError):
    def describe(self, source: str) -> str:
        return _("The host name of %(source)s (%(host)s) could not be found") % {
            "source": source.lower() if source.startswith("The ") else source,
            "host": self.details.get("host", ""),
        }


class ConnectFailed(FetchError):
    def describe(self, source: str) -> str:
        return _("%(source)s could not be reached (%(why)s)") % {"source": source, "why": self.details.get("why", "")}


class SecureConnectionFailed(FetchError):
    def describe(self, source: str) -> str:
        return _("%(source)s offered no valid secure connection (%(why)s)") % {
            "source": source,
            "why": self.details.get("why", ""),
        }


class FetchTimeout(FetchError):
    def describe(self, source: str) -> str:
        return _("%(source)s did not answer within %(seconds)s seconds") % {
            "source": source,
            "seconds": self.details.get("seconds", int(TOTAL_TIMEOUT)),
        }


class TooManyRedirects(FetchError):
    def describe(self, source: str) -> str:
        return _("%(source)s redirected more than %(count)s times") % {"source": source, "count": MAX_REDIRECTS}


class ResponseTooLarge(FetchError):
    def describe(self, source: str) -> str:
        return _("%(source)s sent more than %(size)s MB, the most we read") % {
            "source": source,
            "size": self.details.get("limit", MAX_BYTES) // (1024 * 1024),
        }


class HTTPStatusError(FetchError):
    """An answer that is neither a success, a 304 nor a redirect we follow."""

    def __init__(self, url: str = "", *, status: int, reason: str = "", headers: dict | None = None):
        super().__init__(url, status=status, reason=reason)
        self.status = status
        self.reason = reason
        self.headers = headers or {}

    def describe(self, source: str) -> str:
        return _("%(source)s answered %(status)s %(reason)s") % {
            "source": source,
            "status": self.status,
            "reason": self.reason,
        }


class ContentError(FetchError):
    """The answer arrived but is not in the form we expected (raised by the connectors)."""

    def describe(self, source: str) -> str:
        return _("%(source)s answered, but %(why)s") % {"source": source, "why": self.details.get("why", "")}


# The answer ----------------------------------------------------------------------
@dataclass(frozen=True)
class FetchResponse:
    url: str  # after redirects
    status: int  # 2xx, or 304 for a conditional request that found nothing new
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# Addresses -----------------------------------------------------------------------
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")


def address_is_allowed(address: str) -> bool:
    """Whether the portal may connect to ``address`` (an IP literal)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return bool(getattr(settings, "SOURCES_ALLOW_LOOPBACK", False) or _only_loopback())
    if _only_loopback():
        return False
    return not (
        ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip in SHARED_ADDRESS_SPACE
        or not ip.is_global
    )


def _only_loopback() -> bool:
    return bool(getattr(settings, "SOURCES_ONLY_LOOPBACK", False))


def resolve(url: str, host: str, port: int) -> str:
    """The address to connect to: every address ``host`` resolves to must be allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise HostNotFound(url, host=host, why=str(exc)) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise HostNotFound(url, host=host)
    for address in addresses:
        if not address_is_allowed(address):
            raise AddressRefused(url, host=host, address=address.split("%", 1)[0])
    return addresses[0]


def check_url(url: str):
    """``url`` split, if it is one we may fetch; else ``UnsupportedURL``."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsupportedURL(url, why=_("it is not a valid address")) from None
    if parts.scheme not in ("http", "https"):
        raise UnsupportedURL(url, why=_("not %(scheme)s") % {"scheme": parts.scheme or "?"})
    if not parts.hostname:
        raise UnsupportedURL(url, why=_("it has no host name"))
    if parts.username or parts.password:
        raise UnsupportedURL(url, why=_("without a user name or password in it"))
    return parts, port or (443 if parts.scheme == "https" else 80)


# Fetching --------------------------------------------------------------------------
def user_agent() -> str:
    return f"MVP-Portal-Sources/1.0 (+{settings.SITE_URL})"


def fetch(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    total_timeout: float = TOTAL_TIMEOUT,
) -> FetchResponse:
    """GET ``url`` safely (see the module's docstring). Returns a 2xx or a 304
    answer; raises a ``FetchError`` subclass for everything else."""
    deadline = time.monotonic() + total_timeout
    request_headers = {"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate", **(headers or {})}
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts, port = check_url(current)
        address = resolve(current, parts.hostname, port)
        response = _get_once(current, parts, port, address, request_headers, deadline, max_bytes)
        if response.status not in REDIRECT_STATUSES:
            if response.status == 304 or 200 <= response.status < 300:
                return response
            raise HTTPStatusError(
                current,
                status=response.status,
                reason=response.headers.get(":reason", ""),
                headers=response.headers,
            )
        location = response.headers.get("location", "").strip()
        if not location:
            raise HTTPStatusError(current, status=response.status, reason=response.headers.get(":reason", ""))
        following = urljoin(current, location)
        if _origin(following) != _origin(current):
            request_headers = {k: v for k, v in request_headers.items() if k.lower() not in CREDENTIAL_HEADERS}
        current = following
    raise TooManyRedirects(url, last=current)


def _origin(url: str) -> tuple:
    try:
        parts = urlsplit(url)
        return parts.scheme, parts.hostname, parts.port
    except ValueError:
        return ("", url, None)


def _remaining(url: str, deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchTimeout(url, seconds=int(TOTAL_TIMEOUT))
    return left


def _get_once(url, parts, port: int, address: str, headers: dict, deadline: float, max_bytes: int) -> FetchResponse:
    left = _remaining(url, deadline)
    timeout = urllib3.Timeout(connect=min(CONNECT_TIMEOUT, left), read=min(READ_TIMEOUT, left))
    host_header = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if parts.port is not None:
        host_header = f"{host_header}:{parts.port}"
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            server_hostname=parts.hostname,
            assert_hostname=parts.hostname,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        raw = pool.urlopen(
            "GET",
            target,
            headers={**headers, "Host": host_header},
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
            decode_content=True,
        )
        try:
            response_headers = {k.lower(): v for k, v in raw.headers.items()}
            response_headers[":reason"] = raw.reason or ""
            body = b""
            if raw.status not in REDIRECT_STATUSES and raw.status != 304:
                body = _read_capped(url, raw, deadline, max_bytes)
            return FetchResponse(url=url, status=raw.status, headers=response_headers, body=body)
        finally:
            raw.release_conn()
            raw.close()
    except FetchError:
        raise
    except u3.NameResolutionError as exc:  # not expected: we connect to an address
        raise HostNotFound(url, host=parts.hostname, why=str(exc)) from None
    except u3.NewConnectionError as exc:
        raise ConnectFailed(url, why=_connect_reason(exc)) from None
    except (TimeoutError, u3.ConnectTimeoutError, u3.ReadTimeoutError):
        raise FetchTimeout(url, seconds=int(min(READ_TIMEOUT, TOTAL_TIMEOUT))) from None
    except u3.SSLError as exc:
        raise SecureConnectionFailed(url, why=_("certificate or TLS problem: %(error)s") % {"error": exc}) from None
    except (u3.ProtocolError, u3.DecodeError, u3.HTTPError, OSError) as exc:
        raise ConnectFailed(url, why=_("the connection broke: %(error)s") % {"error": type(exc).__name__}) from None
    finally:
        pool.close()


def _connect_reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return _("connection refused")
    if "unreachable" in text:
        return _("network unreachable")
    return _("no connection")


def _read_capped(url: str, raw, deadline: float, max_bytes: int) -> bytes:
    # A length no integer column holds is left to the capped read below to refuse.
    declared = parse_number(raw.headers.get("content-length"))
    encoded = raw.headers.get("content-encoding", "identity").lower() not in ("", "identity")
    if declared is not None and not encoded and declared > max_bytes:
        raise ResponseTooLarge(url, limit=max_bytes, declared=declared)
    chunks, total = [], 0
    for chunk in raw.stream(CHUNK, decode_content=True):
        total += len(chunk)
        if total > max_bytes:
            raise ResponseTooLarge(url, limit=max_bytes)
        chunks.append(chunk)
        _remaining(url, deadline)
    return b"".join(chunks)
