"""Shared steps of the three browser journeys (tests/browser/test_journey_*.py).

The journeys use ``transactional_db`` (through the ``page`` fixture), which
flushes every table, data migrations included: ``activity_types`` and
``criteria`` put the migrated rows back.
"""

import importlib
import re

import pytest
from django.apps import apps
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from mvp_portal.accounts.roles import Role
from tests.factories import TEST_PASSWORD, AwardFactory, ExpertiseFactory, RegionFactory, UserFactory
from tests.support.totp import code_for


@pytest.fixture
def activity_types(transactional_db):
    from nominations.models import ActivityType
    from tests.support.reference_data import restore_activity_types

    restore_activity_types()
    return list(ActivityType.objects.all())


@pytest.fixture
def cast(transactional_db):
    """An MVP of Ireland, the MVP lead of UK and Ireland, an employee and a program admin."""
    from datetime import date
    from types import SimpleNamespace

    expertise = ExpertiseFactory(name="Azure", slug="azure", category="Cloud")
    lead = UserFactory(display_name="Lena Lead", email="lead@example.org", country="IE", roles=[Role.MVP_LEAD])
    RegionFactory(name="UK and Ireland", countries=["IE", "GB"], leads=[lead])
    mvp = UserFactory(display_name="Mia Mvp", email="mvp@example.org", country="IE")
    AwardFactory(user=mvp, expertise=expertise, starts_on=date(2026, 10, 1))
    employee = UserFactory(display_name="Emma Employee", email="employee@example.org", roles=[Role.EMPLOYEE])
    admin = UserFactory(display_name="Ada Admin", email="admin@example.org", roles=[Role.PROGRAM_ADMIN], is_staff=True)
    for person in (lead, employee, admin):  # staff sign in with a code (see pass_two_factor)
        TOTPDevice.objects.create(user=person, name="Phone", confirmed=True)
    return SimpleNamespace(expertise=expertise, lead=lead, mvp=mvp, employee=employee, admin=admin)


def browser_as(page, user, password: str = TEST_PASSWORD):
    """A second, separately signed-in tab (own cookies) for ``user``."""
    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900}, base_url=page.base)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.base = page.base
    sign_in(tab, user.email, password)
    return tab


def pass_two_factor(page, email: str) -> None:
    """After the password: staff are asked for a code, typed here from their device."""
    page.wait_for_load_state()
    if "/accounts/two-factor/verify/" not in page.url:
        return
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    page.get_by_label("Code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def sign_in(page, email: str, password: str = TEST_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    pass_two_factor(page, email)
    expect(page.get_by_role("navigation").get_by_role("link", name="Sign in")).to_have_count(0)


def sign_out(page) -> None:
    page.context.clear_cookies()


def path_of(link: str, base: str) -> str:
    assert link.startswith(base), f"{link} does not point at the live server {base}"
    return link[len(base) :]


def flash(page, text: str):
    """A success/info message shown after a redirect."""
    return expect(page.get_by_text(re.compile(re.escape(text))).first).to_be_visible()


@pytest.fixture
def criteria(transactional_db):
    from evaluations.models import Criterion

    importlib.import_module("evaluations.migrations.0004_default_rubric").create_rubric(apps, None)
    return list(Criterion.objects.order_by("position"))


def submitted_dossier(cast, *, award_date=None, name: str = "Niamh Byrne", email: str = "niamh.byrne@example.org"):
    """A nominee of Ireland whose dossier is submitted, with three activities."""
    from datetime import date

    from nominations.models import ActivityType, Dossier
    from tests.factories import ActivityFactory, DossierFactory

    owner = UserFactory(display_name=name, email=email, country="IE")
    extra = {"award_date": award_date} if award_date else {}
    dossier = DossierFactory(owner=owner, expertise=cast.expertise, **extra)
    blog = ActivityType.objects.get(slug="blog-post")
    for title, day in [
        ("Private endpoints without tears", date(2026, 6, 14)),
        ("Hub and spoke in Bicep", date(2026, 7, 2)),
        ("Bicep modules for the public sector", date(2026, 9, 20)),
    ]:
        ActivityFactory(
            dossier=dossier,
            activity_type=blog,
            title=title,
            started_on=min(day, dossier.period_end),
            url=f"https://niamh.example.org/{slugify(title)}",
        )
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.SUBMITTED, submitted_at=timezone.now())
    dossier.refresh_from_db()
    return dossier


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


ACTIVE_NAME = "document.activeElement && (document.activeElement.name || document.activeElement.tagName)"


def tab_to(page, name: str, limit: int = 40) -> None:
    """Press Tab until the focused control is ``name`` (a control's name, else its tag)."""
    for _ in range(limit):
        if page.evaluate(ACTIVE_NAME) == name:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {name}; focus is on {page.evaluate(ACTIVE_NAME)}")
