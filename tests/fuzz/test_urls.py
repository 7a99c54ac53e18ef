"""Every URL of the portal with ids and query strings that make no sense: never a 500.

The ids a URL carries (``<id:pk>``) are replaced by numbers no database integer
holds, zero and superscript digits (requested as raw paths: ``reverse`` would
refuse them); every page is also asked with odd values in the query parameters
the portal reads. Personas from the permission matrix's world, so that each
page is reached as someone it serves.
"""

import re

import pytest
from django.test import Client as DjangoClient

from tests.support.clients import Client
from tests.test_permission_matrix import ENTRIES, build_world, url_patterns

BAD_IDS = ["9223372036854775808", "99999999999999999999999999", "0", "²", "1.5", "-1"]
BAD_TEXT = ["%C2%B2", "%00", "x" * 300, "%E2%80%AE", "..%2F..%2Fetc"]
# Every query parameter a page of the portal reads, with values that are none of what it expects.
QUERY = {
    "page": ["99999999999999999999", "-1", "²", "0", "last"],
    "award_date": ["2027-13-45", "²", "0001-01-01", "9999-12-31", ""],
    "country": ["²", "XX", "%00"],
    "expertise": ["9223372036854775808", "²", "no-such"],
    "language": ["²", "xx-XX"],
    "kind": ["²", "renewal'"],
    "state": ["²", "decided;"],
    "sort": ["²", "-score--"],
    "q": ["%", "_", "' OR 1=1 --", "x" * 500],
    "type": ["²", "9223372036854775808"],
    "copy": ["9223372036854775808", "²"],
    "next": ["//evil.example.com", "javascript:alert(1)", "0"],
    "date_from": ["²", "2026-02-30"],
    "format": ["²", "json"],
}
PERSONAS = ["admin", "lead", "nominee", "anonymous"]


@pytest.fixture
def world(db):
    return build_world()


def routes():
    return sorted({(name, route) for name, route in url_patterns() if name})


def raw_path(route: str, value: str) -> str:
    """The route with every parameter replaced by ``value`` (ids) or a word (text)."""

    def fill(match):
        converter = match.group(1)
        return value if converter in ("id", "int", "path") else "x"

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route)


def client_as(world, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


@pytest.mark.parametrize(("name", "route"), [r for r in routes() if "<" in r[1]], ids=lambda v: str(v))
def test_every_url_answers_odd_ids_without_a_500(world, name, route):
    for persona in PERSONAS:
        client = client_as(world, persona)
        for value in BAD_IDS + (BAD_TEXT if "<str:" in route or "<slug:" in route else []):
            path = raw_path(route, value)
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                assert response.status_code < 500, f"{method.upper()} {path} as {persona}: {response.status_code}"


def reachable_pages():
    """Named URLs some persona GETs with a 200 in the permission matrix, with their kwargs."""
    for name, entries in sorted(ENTRIES.items()):
        for entry in entries:
            if entry.get("method", "get") == "get" and 200 in entry["expect"].values():
                yield pytest.param(name, entry, id=name)
                break


@pytest.mark.parametrize(("name", "entry"), list(reachable_pages()))
def test_every_page_answers_odd_query_strings_without_a_500(world, name, entry):
    from django.urls import reverse

    url = reverse(name, kwargs=entry.get("kwargs", lambda w: {})(world))
    for persona in [p for p, answer in entry["expect"].items() if answer == 200][:2]:
        client = client_as(world, persona) if persona != "anonymous" else DjangoClient()
        for parameter, values in QUERY.items():
            for value in values:
                response = client.get(f"{url}?{parameter}={value}")
                assert response.status_code < 500, f"GET {url}?{parameter}={value} as {persona}"
        # All at once, and repeated: the first wins, the rest are ignored.
        everything = "&".join(f"{p}={v[0]}&{p}={v[-1]}" for p, v in QUERY.items())
        assert client.get(f"{url}?{everything}").status_code < 500, f"GET {url} with every odd parameter"


def test_no_url_takes_a_plain_int_id():
    """Every id in a URL goes through the ``id`` converter (a number beyond the
    database's integers is a 404 there); Django's ``int`` would query it."""
    assert [route for _, route in url_patterns() if "<int:" in route] == []
