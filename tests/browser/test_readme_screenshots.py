"""The README's screenshots, taken from the demo as ``seed_demo`` leaves it on the
suite's today: the lead desk, a dossier on the desk, the admin desk and a cycle
ready to announce, the public directory. Saved under ``test-output/`` like every
journey's; with ``README_SCREENSHOTS=1`` also under ``docs/screenshots/``."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from mvp_portal.accounts.demo import DEMO_PASSWORD
from mvp_portal.accounts.models import User
from mvp_portal.accounts.roles import sync_role_groups
from tests.browser.journeys import sign_in
from tests.support.reference_data import restore_reference_data

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def demo(transactional_db):
    restore_reference_data()
    sync_role_groups()
    call_command("seed_demo", mvps=24)
    for email in ("admin@mvp.example", "lead@mvp.example"):  # staff sign in with a code
        TOTPDevice.objects.create(user=User.objects.get(email=email), name="Phone", confirmed=True)


@pytest.fixture
def tab(page):
    context = page.context.browser.new_context(viewport={"width": 1280, "height": 800}, base_url=page.base)
    context.set_default_timeout(15_000)
    new = context.new_page()
    new.base = page.base
    yield new
    context.close()


def save(tab, name: str, test_output_dir: Path) -> None:
    path = test_output_dir / f"{name}.png"
    tab.screenshot(path=str(path))  # the viewport (1280×800): small files
    if os.environ.get("README_SCREENSHOTS"):
        shutil.copyfile(path, DOCS / f"{name}.png")


def test_readme_screenshots(demo, tab, test_output_dir):
    from desks.selectors import lead_desk
    from mvp_portal import program_calendar as cal
    from mvp_portal.cycles.models import AwardCycle

    today = cal.program_today()
    sign_in(tab, "lead@mvp.example", DEMO_PASSWORD)
    tab.goto("/desk/lead/")
    assert tab.get_by_role("heading", level=1).count()
    save(tab, "lead-desk", test_output_dir)
    waiting = lead_desk(User.objects.get(email="lead@mvp.example"), today=today).dossiers.rows[0]
    tab.goto(f"/desk/dossiers/{waiting.pk}/")
    save(tab, "desk-dossier", test_output_dir)
    tab.context.clear_cookies()

    sign_in(tab, "admin@mvp.example", DEMO_PASSWORD)
    tab.goto("/desk/admin/")
    assert tab.get_by_text("Ready to announce.").count()
    save(tab, "admin-desk", test_output_dir)
    ready = AwardCycle.objects.get(award_date=cal.award_date_on_or_before(today))
    tab.goto(f"/desk/admin/cycles/{ready.pk}/")
    save(tab, "cycle", test_output_dir)
    tab.context.clear_cookies()

    tab.goto("/directory/")
    save(tab, "directory", test_output_dir)
