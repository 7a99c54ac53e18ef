"""The admin desk's new pages in Chromium, at a phone's width and a laptop's:
no serious axe-core violation, nothing wider than the window; the admin's
navigation bar on one line at 1280 px, without "My dossiers" and "My
evaluations"; the announcement's question about undecided dossiers near the top
of the cycle page, not under its lists."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from mvp_portal.cycles.models import AwardCycle
from nominations.models import Dossier
from tests.browser.test_accessibility import LAPTOP, problems_on
from tests.factories import AwardCycleFactory, AwardFactory, DossierFactory, UserFactory
from tests.factories.directory import AwardKitFactory
from tests.support.clients import Client

pytestmark = pytest.mark.browser

# The main navigation's links: the tops of their boxes (one line: one value).
NAV_TOPS = "[...document.querySelectorAll('#main-nav .nav-link')].map(a => Math.round(a.getBoundingClientRect().top))"


@pytest.fixture
def world(db, program_admin, expertise):
    announced = AwardCycleFactory(award_date=date(2026, 7, 1), state=AwardCycle.State.ANNOUNCED)
    cycle = AwardCycleFactory(award_date=date(2027, 1, 1), state=AwardCycle.State.EVALUATING)
    late = DossierFactory(
        owner=UserFactory(display_name="Rita Renewal", country="IE"),
        kind=Dossier.Kind.RENEWAL,
        expertise=expertise,
        award_date=cycle.award_date,
    )
    for n in range(3):
        award = AwardFactory(
            user=UserFactory(display_name=f"Kit Person {n}", country="IE"), starts_on=announced.award_date
        )
        AwardKitFactory(award=award, shipping_address="1 Main Street\nDublin", address_confirmed_at=timezone.now())
    # A past cycle to announce, with a dossier left without a decision.
    past = AwardCycleFactory(award_date=date(2026, 10, 1))
    return {"cycle": cycle, "late": late, "past": past}


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": LAPTOP, "height": 900}, base_url=live_server.url)
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])
    return context


def test_admin_pages_fit_and_pass_axe(browser, live_server, journey_settings, world, program_admin):
    context = signed_in(browser, live_server, program_admin)
    tab = context.new_page()
    urls = [
        reverse("desks:cycle-undecided", args=[world["cycle"].pk]),
        reverse("desks:dossier-deadline-extend", args=[world["late"].pk]),
        reverse("directory:kit-list"),
        reverse("desks:dashboard"),
    ]
    problems = []
    for url in urls:
        problems += problems_on(tab, url)
    assert not problems, "\n".join(problems)
    context.close()


def test_admin_navigation_is_one_line_at_1280(browser, live_server, journey_settings, world, program_admin):
    context = signed_in(browser, live_server, program_admin)
    tab = context.new_page()
    tab.goto(reverse("desks:admin"))
    links = tab.locator("#main-nav .nav-link").all_inner_texts()
    assert "My dossiers" not in links and "My evaluations" not in links
    assert len(set(tab.evaluate(NAV_TOPS))) == 1, links
    context.close()


def test_announce_question_is_near_the_top(browser, live_server, journey_settings, world, program_admin, expertise):
    for _n in range(12):  # long lists under the announcement
        DossierFactory(owner=UserFactory(country="IE"), expertise=expertise, award_date=date(2026, 10, 1))
    context = signed_in(browser, live_server, program_admin)
    tab = context.new_page()
    tab.goto(reverse("desks:cycle", args=[world["past"].pk]))
    legend = tab.locator("legend", has_text="no decision")
    assert legend.bounding_box()["y"] < 900  # in the first screen at 1280 × 900
    context.close()
