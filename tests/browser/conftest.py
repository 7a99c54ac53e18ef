"""Journeys in a real browser: Playwright driving Debian's Chromium against the
live server, with e-mail over real SMTP to the in-process ``smtp_server``.

Fixtures a journey uses (see README.md beside this file):

- ``page``: a fresh browser tab (own cookies) with ``page.base`` = the live server's URL;
- ``mail``: the SMTP inbox; ``mail.link_to(address, path_part)`` waits for a message to
  ``address`` and returns the first link in it containing ``path_part``;
- ``shoot(page, name)``: saves ``test-output/<test name>/NN-<name>.png``;
- ``sign_in(page, email, password)``: signs in through the form.

Without Chromium (or Playwright) the tests skip with the reason, except under
``REQUIRE_SERVICES=1``, where they fail.
"""

import os
import re
import shutil
from itertools import count

import pytest

from tests.conftest import service_missing
from tests.support.smtp import text_body

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(tryfirst=True)  # before -m selects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per journey module (module scope: Playwright's loop ends with it)."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        service_missing(f"the browser journeys need Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        service_missing(f"the browser journeys need Playwright for Python: {exc}")
    # Playwright's sync API keeps an event loop in this thread while it runs; the
    # ORM calls the journey makes between browser steps are synchronous and safe.
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.fixture
def journey_settings(settings, live_server, smtp_server):
    """Mail goes over SMTP to the in-process server; links point at the live server.

    Tasks run eagerly (the suite's default) and, with ``transactional_db``, the
    outbox's on-commit dispatch really happens in the live server's thread.
    """
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = live_server.url
    settings.ALLOWED_HOSTS = ["*"]
    # The server runs on the suite's frozen clock, Chromium on the machine's: cookies
    # without an expiry date live as long as the browser, whatever the two say.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    return settings


@pytest.fixture
def page(browser, transactional_db, live_server, journey_settings):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.base = live_server.url
    yield tab
    context.close()


class Mail:
    def __init__(self, server) -> None:
        self.inbox = server.inbox

    def message_to(self, address: str, subject_part: str = ""):
        found = self.inbox.wait_for(
            lambda m: address.lower() in str(m["To"]).lower() and subject_part in str(m["Subject"])
        )
        return found[-1]

    def link_to(self, address: str, path_part: str, subject_part: str = "") -> str:
        body = text_body(self.message_to(address, subject_part))
        links = [link for link in re.findall(r"https?://\S+", body) if path_part in link]
        assert links, f"no link containing {path_part!r} in:\n{body}"
        return links[0]


@pytest.fixture
def mail(smtp_server) -> Mail:
    return Mail(smtp_server)


@pytest.fixture
def shoot(test_output_dir):
    numbers = count(1)

    def save(page, name: str) -> str:
        path = test_output_dir / f"{next(numbers):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return str(path)

    return save


@pytest.fixture
def sign_in():
    def go(page, email: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        from tests.browser.journeys import pass_two_factor

        pass_two_factor(page, email)

    return go
