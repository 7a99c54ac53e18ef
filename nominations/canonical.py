"""One canonical form per web address, so that the same page is recognised
whether it came from a source, a file or hand entry.

``canonical_url(url)`` is the only entry point: hand entry, file imports and the
sources compare activities by it (``canonical_url(a) == canonical_url(b)``).
It is a comparison key, not a link to show: the stored activity keeps the URL
as it was given.

What it does, in order:

- no scheme → ``https://`` is assumed; ``http`` becomes ``https``;
- scheme and host in lower case, a leading ``www.`` (and YouTube's ``m.``)
  dropped, the default port (80, 443) dropped, user name and password dropped;
- the fragment dropped, a trailing slash dropped (the root becomes no path);
- tracking parameters dropped (``utm_*``, ``fbclid``, ``gclid``, ``si``,
  ``feature=share``, Microsoft's ``WT.mc_id`` and ``ocid``, …), the others
  kept and sorted, so their order does not matter;
- YouTube: ``youtu.be/ID`` becomes ``youtube.com/watch?v=ID``, and a watch
  page keeps only ``v`` (a start time or a playlist is the same video);
- GitHub: the owner and repository in lower case (GitHub ignores their case).

Anything that is not a web address comes back stripped but otherwise as given.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url"]

# Parameters that only say where a visitor came from, never which page it is.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "_hsenc",
        "_hsmi",
        "ref_src",
        "ref_url",
        "si",
        "ocid",
        "wt.mc_id",
        "cmpid",
        "s_kwcid",
        "spm",
        "share_source",
        "ab_channel",
        "pp",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
# ``feature=share`` (and its YouTube variants) says how a link was shared.
SHARE_FEATURES = frozenset({"share", "shared", "youtu.be", "emb_title", "emb_logo", "emb_imp_woyt"})
YOUTUBE_HOSTS = frozenset({"youtube.com", "m.youtube.com", "music.youtube.com"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str, value: str) -> bool:
    lowered = name.lower()
    if lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES):
        return True
    return lowered == "feature" and value.lower() in SHARE_FEATURES


def canonical_url(url: str) -> str:
    """The canonical form of ``url`` (see the module's docstring); "" for blank input."""
    text = (url or "").strip()
    if not text:
        return ""
    if "://" not in text:
        if text.startswith("//"):
            text = "https:" + text
        elif ":" in text.split("/", 1)[0] and not text.split(":", 1)[1][:1].isdigit():
            return text  # mailto:, tel:, urn:… — not a web address
        else:
            text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        return text
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        return text
    if port == DEFAULT_PORTS[scheme]:
        port = None
    scheme = "https"
    if port == DEFAULT_PORTS["https"]:
        port = None
    host = host.removeprefix("www.")
    if host in YOUTUBE_HOSTS:
        host = "youtube.com"

    path = parts.path
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)]
    if host == "youtu.be" and path.strip("/"):
        host, path = "youtube.com", "/watch"
        query = [("v", parts.path.strip("/").split("/")[0])] + query
    if host == "youtube.com" and path.rstrip("/") == "/watch":
        query = [(name, value) for name, value in query if name == "v"][:1]
    if host == "github.com":
        segments = path.split("/")
        path = "/".join(segment.lower() if index <= 2 else segment for index, segment in enumerate(segments))

    query = sorted((name, value) for name, value in query if not _is_tracking(name, value))
    path = path.rstrip("/")
    netloc = host if ":" not in host else f"[{host}]"  # an IPv6 literal keeps its brackets
    if port is not None:
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))
