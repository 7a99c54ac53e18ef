"""Page numbers of the public lists (directory, alumni): the page asked for in
``?page=``, the links of the page navigation, and the answer for a page that
does not exist (a 404 that says so and links to the last and first pages)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mvp_portal.http import parse_number

MAX_PAGE = 10**6


def requested_page(request: HttpRequest) -> int | None:
    """The page asked for: 1 without ``?page=``, None when it is not a page number
    (``abc``, ``0``, ``-1``, ``²``)."""
    raw = request.GET.get("page", "").strip()
    if not raw:
        return 1
    return parse_number(raw, low=1, high=MAX_PAGE)


def page_url(path: str, querystring: str, number: int) -> str:
    """The address of page ``number`` of the list at ``path`` with the same query
    (page 1 has no ``page=``: one address per page)."""
    parts = [part for part in (querystring, f"page={number}" if number > 1 else "") if part]
    return "?" + "&".join(parts) if parts else path


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


def page_nav(page: Page, *, path: str, querystring: str) -> PageNav:
    """The links of the page navigation: the previous and next pages, the first and
    last, the current one and its neighbours, with gaps: ‹ 1 … 4 5 6 … 167 ›
    (short enough for a phone's width)."""
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if isinstance(number, int):
            links.append(PageLink(number, page_url(path, querystring, number), number == page.number))
        else:
            links.append(PageLink(None))
    return PageNav(
        links=links,
        previous_url=page_url(path, querystring, page.previous_page_number()) if page.has_previous() else "",
        next_url=page_url(path, querystring, page.next_page_number()) if page.has_next() else "",
    )


def page_missing(
    request: HttpRequest, *, path: str, querystring: str, number: int | None, last_page: int | None
) -> HttpResponse:
    """404: the page asked for does not exist; links to the last page (when known) and the first."""
    return render(
        request,
        "directory/page_missing.html",
        {
            "number": number,
            "last_page": last_page,
            "last_url": page_url(path, querystring, last_page) if last_page else "",
            "first_url": page_url(path, querystring, 1),
        },
        status=404,
    )
