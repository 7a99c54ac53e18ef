"""Every persona's pages, in Chromium, at a phone's width and a laptop's: axe-core
(WCAG 2.2 A/AA rules, from the ``axe-playwright-python`` package, not a CDN) finds
no serious or critical violation, and nothing is wider than the window.

The pages are those of the permission matrix (``tests/access.py`` and the apps'
``access.py``), on the matrix's world: each page that answers a GET with 200 is
seen by the first persona of ``PERSONAS_IN_ORDER`` who may open it (the nominee
sees the dossier pages, the lead the review, the admin the admin desk), and every
persona sees the home page (its dashboard differs). JSON, downloads and the probe
are left out. One Chromium tab per persona, signed in with a session cookie of
the suite's client (staff pass two-factor as the matrix's client does); each page
is loaded once and measured at both widths, axe included: axe-core is injected
once per page load and run at each width, answering only the serious and critical
violations in a few words (not its whole report), so that the laptop's width costs
one more axe pass per page, not a second page load. One test: one world to build.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.browser import journeys
from tests.support.clients import Client
from tests.test_permission_matrix import ENTRIES, build_world

pytestmark = pytest.mark.browser

PHONE, LAPTOP = 390, 1280
WIDTHS = (PHONE, LAPTOP)
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
# Not pages: the probe, the scripts' catalogue, the API (JSON and its schema UI).
SKIPPED_PREFIXES = ("healthz", "javascript-catalog", "api:")

AXE = Axe()
# The outermost elements that end past the window's right edge, to say what to fix.
WIDEST = """
[...document.body.querySelectorAll('*')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
               && e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
  .slice(0, 3)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.') : '')
            + ' ' + Math.round(e.getBoundingClientRect().width) + 'px')
  .join(', ')
"""

activity_types = journeys.activity_types
criteria = journeys.criteria


# The other nominee and the other lead see what the nominee and the lead see.
PERSONAS_IN_ORDER = ["anonymous", "nominee", "mvp", "employee", "lead", "admin"]


def pages_for(persona: str, world) -> list[str]:
    urls = [reverse("home")]
    for name, entries in sorted(ENTRIES.items()):
        if name.startswith(SKIPPED_PREFIXES):
            continue
        for entry in entries:
            if entry.get("method", "get") == "get" and first_reader(entry) == persona:
                urls.append(reverse(name, kwargs=entry.get("kwargs", lambda world: {})(world)))
    return list(dict.fromkeys(urls))


def first_reader(entry: dict) -> str | None:
    return next((persona for persona in PERSONAS_IN_ORDER if entry["expect"].get(persona) == 200), None)


def session_cookie(world, persona: str, base: str) -> list[dict]:
    if persona == "anonymous":
        return []
    client = Client()
    client.force_login(getattr(world, persona))
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base}]


def problems_on(tab, url: str) -> list[str]:
    try:
        response = tab.goto(url)
    except PlaywrightError as exc:
        if "Download is starting" in str(exc):
            return []  # a download (CSV, PDF): nothing to lay out
        raise
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        return []  # JSON or a file shown inline
    tab.evaluate(AXE.axe_script)  # once per load, for both widths
    found = []
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 900})
        # The page's resize handler (portal.js marks tables that now scroll) runs before the next
        # frame's callbacks: axe looks only after it ran (a busy machine once saw a box unmarked).
        tab.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        widths = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            found.append(f"{url} at {width} px: {widths[0]} px wide, past the edge: {tab.evaluate(WIDEST)}")
        found += [f"{url} at {width} px: {problem}" for problem in axe_problems(tab)]
    return found


# axe's verdict, summed up in the page: only what is reported, not the whole result.
AXE_SERIOUS = """
options => axe.run(document, options).then(results => results.violations
  .filter(v => v.impact === "serious" || v.impact === "critical")
  .map(v => `${v.id} (${v.impact}) on ${JSON.stringify(v.nodes[0].target)} and ${v.nodes.length - 1} more: `
            + v.nodes[0].any.slice(0, 1).map(check => check.message).join(" ")))
"""


def axe_problems(tab) -> list[str]:
    """axe's serious and critical violations on the page as it is (axe injected once per load)."""
    if not tab.evaluate("typeof axe !== 'undefined'"):
        tab.evaluate(AXE.axe_script)
    return tab.evaluate(AXE_SERIOUS, AXE_OPTIONS)


def test_every_persona_s_pages_are_accessible_and_fit(browser, live_server, journey_settings, activity_types, criteria):
    world = build_world()
    problems, seen = [], 0
    for persona in PERSONAS_IN_ORDER:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
        context.set_default_timeout(15_000)
        context.add_cookies(session_cookie(world, persona, live_server.url))
        tab = context.new_page()
        urls = pages_for(persona, world)
        for url in urls:
            problems += [f"{persona}: {p}" for p in problems_on(tab, url)]
        seen += len(urls)
        context.close()
    assert seen > 40, "the permission matrix gave too few pages"
    assert not problems, f"{len(problems)} problems on {seen} pages:\n" + "\n".join(problems)
