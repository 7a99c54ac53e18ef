"""The answer for a page of a public list (directory, alumni) that does not exist:
a 404 that says so and links to the last and first pages. The page numbers and
their navigation are the project's (``mvp_portal.pagination``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mvp_portal.pagination import page_url


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
