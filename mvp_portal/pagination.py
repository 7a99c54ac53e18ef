"""Page numbers of a long list: the page asked for in the query string, and the
links of the page navigation (``templates/_pagination.html``), for the public
lists (directory, alumni) and a dossier's activities alike."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page
from django.http import HttpRequest

from mvp_portal.http import parse_number

MAX_PAGE = 10**6


def requested_page(request: HttpRequest, param: str = "page") -> int | None:
    """The page asked for: 1 without ``?page=``, None when it is not a page number
    (``abc``, ``0``, ``-1``, ``²``, 5,000 digits)."""
    raw = request.GET.get(param, "").strip()
    if not raw:
        return 1
    return parse_number(raw, low=1, high=MAX_PAGE)


def page_url(path: str, querystring: str, number: int, *, param: str = "page", fragment: str = "") -> str:
    """The address of page ``number`` of the list at ``path`` with the same query
    (page 1 has no ``page=``: one address per page), ending in ``#fragment`` if given."""
    parts = [part for part in (querystring, f"{param}={number}" if number > 1 else "") if part]
    url = "?" + "&".join(parts) if parts else path
    return f"{url}#{fragment}" if fragment else url


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the gap between distant pages (an ellipsis)
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class PageNav:
    links: list[PageLink]
    previous_url: str = ""
    next_url: str = ""


def page_nav(page: Page, *, path: str, querystring: str, param: str = "page", fragment: str = "") -> PageNav:
    """The links of the page navigation: the previous and next pages, the first and
    last, the current one and its neighbours, with gaps: ‹ 1 … 4 5 6 … 167 ›
    (short enough for a phone's width). ``param`` names the page in the query;
    ``fragment`` is where each link lands (the list's own heading on a long page)."""

    def url(number: int) -> str:
        return page_url(path, querystring, number, param=param, fragment=fragment)

    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if isinstance(number, int):
            links.append(PageLink(number, url(number), number == page.number))
        else:
            links.append(PageLink(None))
    return PageNav(
        links=links,
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
    )
