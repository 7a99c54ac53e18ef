"""The permission matrix: every URL pattern of the project × every persona.

Each app describes its URLs in ``tests/<app>/access.py`` (the project-level
and accounts URLs in ``tests/access.py``)::

    def build(world):            # create the app's objects on the world
        world.dossier = DossierFactory(nominee=world.nominee)

    ACCESS = {
        "nominations:dossier-detail": {
            "kwargs": lambda world: {"pk": world.dossier.pk},   # optional, default {}
            "method": "get",                                     # "get" or "post"
            "data": lambda world: {...},                         # optional POST body, default empty
            "expect": {"anonymous": "login", "nominee": 200, "other_nominee": 404, "mvp": 404,
                       "employee": 404, "lead": 200, "other_lead": 404, "admin": 200},
        },
    }

An entry may also be a list of such dicts, for a URL answering GET and POST
(the sign-in page). Expected answers: an HTTP status (``200``, ``403``,
``404``, ``405``...), ``"login"`` (a redirect to the sign-in page) or ``302``
(a redirect anywhere else). A POST is sent with an empty (or the given) body:
the expectation is about access, not success, so a re-rendered form is 200.

The runner enumerates the URL resolver: a named URL without an entry fails
the suite, as does an entry for a URL that no longer exists. Every entry with
``"method": "post"`` is also posted without a CSRF token and must answer 403.
"""

import importlib
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mvp_portal.accounts.roles import Role
from tests.conftest import TODAY
from tests.factories import AwardFactory, ExpertiseFactory, RegionFactory, UserFactory
from tests.support.clients import Client  # force_login passes staff two-factor

PERSONAS = ["anonymous", "nominee", "other_nominee", "mvp", "employee", "lead", "other_lead", "admin"]

# Where the entries live, in this order; a module that does not exist yet is skipped.
ACCESS_MODULES = [
    "tests.access",
    "tests.nominations.access",
    "tests.evaluations.access",
    "tests.directory.access",
    "tests.desks.access",
    "tests.api.access",
]

# The Django admin is Django's own, guarded by is_staff and model permissions
# (tested in the accounts tests), and has hundreds of generated URLs.
EXCLUDED_NAMESPACES = {"admin"}


# Enumeration ------------------------------------------------------------------
def url_patterns(resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""):
    """Yield ``(name or None, route)`` for every pattern, names with namespaces."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace and pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            yield from url_patterns(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None), route


def named_urls() -> list[str]:
    return sorted({name for name, _ in url_patterns() if name})


def unnamed_routes() -> list[str]:
    # Static and debug-toolbar patterns are added unnamed in development only
    # (``static()`` returns nothing unless DEBUG and a local STATIC_URL); any
    # other unnamed pattern cannot be given an entry and is reported.
    return sorted(route for name, route in url_patterns() if name is None and not route.startswith(("static", "media")))


def load_access() -> tuple[dict[str, list[dict]], list[Callable]]:
    entries: dict[str, list[dict]] = {}
    builders: list[Callable] = []
    for module_name in ACCESS_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if not (exc.name and (module_name + ".").startswith(exc.name + ".")):
                raise  # the module exists but fails to import
            continue
        if hasattr(module, "build"):
            builders.append(module.build)
        for name, entry in getattr(module, "ACCESS", {}).items():
            assert name not in entries, f"{name} has entries in two access modules"
            entries[name] = entry if isinstance(entry, list) else [entry]
    return entries, builders


ENTRIES, BUILDERS = load_access()


def matrix_cases():
    for name in sorted(set(named_urls()) | set(ENTRIES)):
        if name not in ENTRIES:
            # One failure per uncovered URL, not one per persona.
            yield pytest.param(name, 0, "anonymous", id=f"{name}-no-entry")
            continue
        entries = ENTRIES[name]
        methods = [entry.get("method", "get") for entry in entries]
        for index, method in enumerate(methods):
            suffix = f"-{index}" if methods.count(method) > 1 else ""
            for persona in PERSONAS:
                yield pytest.param(name, index, persona, id=f"{name}-{method}{suffix}-{persona}")


def csrf_cases():
    for name, entries in sorted(ENTRIES.items()):
        for index, entry in enumerate(entries):
            if entry.get("method") == "post":
                yield pytest.param(name, index, id=name)


# The world ----------------------------------------------------------------------
@pytest.fixture
def world(db) -> SimpleNamespace:
    return build_world()


def build_world() -> SimpleNamespace:
    """The personas, then every app's objects (``build(world)`` of each access module)."""
    expertise = ExpertiseFactory(name="Matrix expertise", slug="matrix-expertise")
    lead = UserFactory(display_name="Matrix Lead", email="matrix-lead@example.org", roles=[Role.MVP_LEAD])
    RegionFactory(name="Matrix UK and Ireland", countries=["IE", "GB"], leads=[lead])
    other_lead = UserFactory(
        display_name="Matrix Otherlead", email="matrix-other-lead@example.org", country="DE", roles=[Role.MVP_LEAD]
    )
    RegionFactory(name="Matrix DACH", countries=["DE", "AT", "CH"], leads=[other_lead])
    mvp = UserFactory(display_name="Matrix Mvp", email="matrix-mvp@example.org")
    AwardFactory(user=mvp, expertise=expertise, starts_on=date(2026, 10, 1))  # covers TODAY
    world = SimpleNamespace(
        today=TODAY,
        expertise=expertise,
        nominee=UserFactory(display_name="Matrix Nominee", email="matrix-nominee@example.org"),
        other_nominee=UserFactory(display_name="Matrix Othernominee", email="matrix-other-nominee@example.org"),
        mvp=mvp,
        employee=UserFactory(
            display_name="Matrix Employee", email="matrix-employee@example.org", roles=[Role.EMPLOYEE]
        ),
        lead=lead,
        other_lead=other_lead,
        admin=UserFactory(
            display_name="Matrix Admin", email="matrix-admin@example.org", roles=[Role.PROGRAM_ADMIN], is_staff=True
        ),
    )
    for build in BUILDERS:
        build(world)
    return world


def request(client: Client, world: SimpleNamespace, name: str, entry: dict):
    kwargs = entry.get("kwargs", lambda world: {})(world)
    url = reverse(name, kwargs=kwargs)
    if entry.get("method", "get") == "post":
        data = entry.get("data", lambda world: {})(world)
        return url, client.post(url, data)
    return url, client.get(url)


def describe(response) -> Any:
    if response.status_code in (301, 302, 303, 307, 308):
        login = reverse("accounts:login")
        return "login" if response.url.split("?")[0] == login else 302
    return response.status_code


# The tests ---------------------------------------------------------------------------
def test_every_url_pattern_is_named():
    assert unnamed_routes() == [], "give these URL patterns a name so the matrix can cover them"


@pytest.mark.parametrize(("name", "index", "persona"), list(matrix_cases()))
def test_access(world, client, name, index, persona):
    assert name in ENTRIES, f"{name} has no entry: add it to ACCESS in tests/<app>/access.py"
    assert name in named_urls(), f"{name} is in an access module but no URL pattern has that name any more"
    entry = ENTRIES[name][index]
    missing = [p for p in PERSONAS if p not in entry["expect"]]
    assert not missing, f"{name}: no expectation for {missing}"
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url, response = request(client, world, name, entry)
    assert response.status_code < 500
    expected = entry["expect"][persona]
    got = describe(response)
    assert got == expected, f"{entry.get('method', 'get').upper()} {url} as {persona}: expected {expected}, got {got}"


@pytest.mark.parametrize(("name", "index"), list(csrf_cases()))
def test_post_without_csrf_token_is_refused(world, name, index):
    entry = ENTRIES[name][index]
    # A persona the view itself would admit, so that the CSRF check is what refuses.
    admitted = [p for p in PERSONAS if entry["expect"][p] not in ("login", 403, 404, 405)]
    assert admitted, f"{name}: no persona reaches the view, so its CSRF protection cannot be shown"
    persona = admitted[-1]
    client = Client(enforce_csrf_checks=True)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url, response = request(client, world, name, entry)
    assert response.status_code == 403, f"POST {url} as {persona} without a CSRF token answered {response.status_code}"
    assert b"CSRF" in response.content or b"forbidden" in response.content.lower()


def test_enumeration_sees_namespaced_names_and_leaves_out_the_admin():
    names = named_urls()
    assert {"home", "healthz", "accounts:login", "accounts:profile-edit"} <= set(names)
    assert not any(name.startswith("admin:") for name in names)
    # The matrix has a case for every name, so a new URL without an entry fails.
    cases = {case.values[0] for case in matrix_cases()}
    assert set(names) <= cases
