"""The API's docs page in Chromium: Swagger UI from our origin, the CSP intact, no violation.

And the tokens page's copy button, whose script is a static file too.
"""

import pytest

from tests.browser.conftest import browser  # noqa: F401  (one Chromium for the module)

pytestmark = pytest.mark.browser

# Collects CSP violations from the first moment of each page (init scripts are not subject to the page's CSP).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def tab(browser, transactional_db, live_server, settings):  # noqa: F811
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.console_messages = []
    page.requested = []
    page.on("console", lambda message: page.console_messages.append(message.text))
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def assert_no_csp_violation(page):
    violations = page.evaluate("window.__cspViolations")
    refused = [text for text in page.console_messages if "Content Security Policy" in text or "Refused to" in text]
    assert violations == [] and refused == [], (violations, refused)


def test_docs_page_renders_every_operation_under_the_csp(tab, live_server, test_output_dir):
    response = tab.goto("/api/v1/docs/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    tab.locator(".opblock").first.wait_for()
    assert tab.locator(".opblock").count() == 14  # every operation of the document
    assert tab.get_by_text("Add an activity").count() >= 1
    assert tab.locator(".swagger-ui .btn.authorize").count() == 1  # the Bearer scheme
    tab.screenshot(path=str(test_output_dir / "api-docs.png"), full_page=False)
    assert_no_csp_violation(tab)
    others = [url for url in tab.requested if not url.startswith(live_server.url)]
    assert others == [], f"the docs page loaded something from another origin: {others}"
    assert any("swagger-ui-bundle.js" in url for url in tab.requested)
    assert any("?script" in url or "&script" in url for url in tab.requested)


def test_new_token_copy_button_works_under_the_csp(tab, live_server, test_output_dir):
    from tests.factories import TEST_PASSWORD, UserFactory

    person = UserFactory(email="docs-page@example.org")
    tab.goto("/accounts/login/")
    tab.get_by_label("E-mail address").fill(person.email)
    tab.get_by_label("Password").fill(TEST_PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.goto("/accounts/profile/")
    tab.get_by_role("link", name="API tokens").click()
    tab.get_by_label("Name").fill("Browser test")
    tab.get_by_label("Read and write: also add, change and delete activities").check()
    tab.get_by_role("button", name="Create the token").click()
    token = tab.locator("[data-token-value]").input_value()
    assert token.startswith("mvp_")
    copy = tab.get_by_role("button", name="Copy")
    copy.wait_for(state="visible")  # hidden in the markup: the script reveals it
    copy.click()
    tab.locator("[data-copy-status]").filter(has_text="Cop").wait_for()
    tab.screenshot(path=str(test_output_dir / "api-token-created.png"), full_page=False)
    assert_no_csp_violation(tab)
    tab.goto("/api/tokens/")
    assert token not in tab.content()
    assert token[:12] in tab.content()
