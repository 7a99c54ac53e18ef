"""The admin watches an announcement whose worker died: the progress page says
"Stalled since 10:54 UTC, resuming" instead of a frozen bar, and follows the
recovery (the job sweeper's new run) to 100% without a reload."""

import re
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect

from awards import services
from evaluations.models import Decision
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.jobs.tasks import sweep_jobs
from nominations.models import Dossier
from tests.browser import journeys
from tests.browser.journeys import browser_as, submitted_dossier
from tests.factories import AwardCycleFactory

pytestmark = pytest.mark.browser

cast = journeys.cast
activity_types = journeys.activity_types

AWARD_DATE = date(2027, 1, 1)


def test_a_stalled_announcement_shows_its_stall_then_its_recovery(
    page, shoot, cast, activity_types, clock, monkeypatch
):
    cycle = AwardCycleFactory(award_date=AWARD_DATE)
    dossier = submitted_dossier(cast, award_date=AWARD_DATE)
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.DECIDED)
    Decision.objects.create(dossier=dossier, verdict="award", rationale="A fine year.", decided_by=cast.admin)

    # Claimed at 10:54; its worker dies before the first chunk (the task never runs).
    clock.move_to(datetime(2027, 1, 1, 10, 54, tzinfo=UTC))
    with monkeypatch.context() as lost:
        lost.setattr("awards.tasks.announce_cycle.delay", lambda cycle_id: None)
        assert services.cycle_announce_request(cycle_id=cycle.pk, actor=cast.admin, today=AWARD_DATE)

    clock.move_to(datetime(2027, 1, 1, 10, 57, tzinfo=UTC))
    admin = browser_as(page, cast.admin)
    admin.goto(f"/desk/admin/cycles/{cycle.pk}/")
    stall = admin.get_by_role("status").filter(has_text="Stalled since")
    expect(stall).to_have_text("Stalled since 10:54 UTC, resuming.")
    expect(admin.get_by_role("progressbar")).to_have_attribute("value", "0")
    expect(admin.get_by_role("button", name="Restart the announcement")).to_be_visible()
    shoot(admin, "announcement-stalled")

    # The job sweeper dispatches it again (eagerly here): the open page follows it to the end.
    assert sweep_jobs() == 1
    assert AwardCycle.objects.get(pk=cycle.pk).state == AwardCycle.State.ANNOUNCED
    expect(admin.get_by_role("progressbar")).to_have_attribute("value", "100")
    expect(admin.get_by_text(re.compile(r"Announced: 1 of 1 decisions announced"))).to_be_visible()
    expect(admin.get_by_text("Stalled since")).to_have_count(0)
    shoot(admin, "announcement-recovered")
