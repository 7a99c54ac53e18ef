"""The showroom on any day: ``seed_demo --date D`` leaves every stage actionable
for the demo logins, read through the selectors and permissions the pages use."""

from datetime import date

import pytest
from django.core.management import call_command

from awards.models import Award
from awards.permissions import can_announce_cycle
from awards.selectors import open_renewal_dossier_for
from desks.selectors import active_cycles, lead_desk
from evaluations.models import Decision, Evaluation, Score
from evaluations.selectors import open_assignment_count
from mvp_portal import program_calendar as cal
from mvp_portal.accounts.models import User
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.cycles.selectors import submission_deadline_for
from nominations.models import Dossier, Nomination
from nominations.permissions import can_edit_dossier

DAYS = [
    date(2027, 1, 1),
    date(2027, 2, 18),
    date(2027, 3, 31),
    date(2027, 4, 1),
    date(2027, 5, 20),
    date(2027, 6, 30),
    date(2027, 8, 19),
    date(2027, 9, 30),
    date(2026, 11, 20),
    date(2026, 11, 21),
    date(2026, 11, 29),
    date(2027, 12, 31),
    date(2028, 2, 29),
]


def login(email: str) -> User:
    return User.objects.get(email=email)


@pytest.fixture
def showroom(db, clock, request):
    day = request.param
    clock.move_to(f"{day.isoformat()} 12:00:00")
    call_command("seed_demo", mvps=8, date=day)
    return day


@pytest.mark.parametrize("showroom", DAYS, indirect=True, ids=str)
def test_every_stage_is_actionable_on_any_day(showroom):
    today = showroom
    # The MVP: a renewal dossier open for editing, its deadline still ahead.
    mvp = login("mvp@mvp.example")
    renewal = open_renewal_dossier_for(mvp)
    assert renewal is not None and can_edit_dossier(mvp, renewal)
    assert submission_deadline_for(renewal.award_date) >= today
    # The nominee: a dossier open for editing, its deadline still ahead.
    nominee = login("nominee@mvp.example")
    dossier = Dossier.objects.get(owner=nominee, kind=Dossier.Kind.NEW)
    assert can_edit_dossier(nominee, dossier) and submission_deadline_for(dossier.award_date) >= today
    # The lead: dossiers to review on the lead desk.
    assert lead_desk(login("lead@mvp.example"), today=today).dossiers.total > 0
    # The employee: an evaluation to score.
    assert open_assignment_count(login("employee@mvp.example")) > 0
    # The admin: a cycle on the desk ready to announce today, with decisions made.
    admin = login("admin@mvp.example")
    ready = [c for c in active_cycles(today) if c.state in AwardCycle.ANNOUNCEABLE_STATES and c.award_date <= today]
    assert ready and all(can_announce_cycle(admin, c) for c in ready)
    assert Dossier.objects.filter(award_date=ready[0].award_date, decision__isnull=False).exists()


@pytest.mark.parametrize("showroom", [date(2026, 11, 29), date(2027, 3, 1)], indirect=True, ids=str)
def test_demo_texts_agree_with_their_numbers(showroom):
    for evaluation in Evaluation.objects.filter(abstained=False).prefetch_related("scores__criterion"):
        for score in evaluation.scores.all():
            # Each criterion the comment names is described with its own score.
            if score.criterion.name.lower() in evaluation.comment.lower():
                assert f"({score.value} of 5)" in evaluation.comment
    assert not User.objects.filter(biography__contains="years").exists()
    # A decision's rationale says evaluators and lead agree: its scores and recommendation do.
    for decision in Decision.objects.select_related("dossier__recommendation"):
        values = [s.value for s in Score.objects.filter(evaluation__dossier=decision.dossier_id)]
        assert values and decision.dossier.recommendation.verdict == decision.verdict
        assert all(v >= 4 for v in values) if decision.verdict == "award" else all(v <= 2 for v in values)
    # Headlines speak of the expertise of the person's award or nomination.
    for award in Award.objects.filter(starts_on__lte=showroom, ends_on__gte=showroom).select_related("user"):
        assert award.expertise.name in award.user.headline
    for nomination in Nomination.objects.select_related("expertise"):
        assert nomination.expertise.name in User.objects.get(email=nomination.nominee_email).headline


@pytest.mark.parametrize("showroom", [date(2026, 11, 29)], indirect=True, ids=str)
def test_an_extended_deadline_is_logged_on_its_cycle(showroom):
    cycle = AwardCycle.objects.get(award_date=date(2027, 1, 1))
    assert cycle.submission_deadline >= showroom and cycle.state == AwardCycle.State.OPEN
    assert cycle.log_entries.filter(action="deadlines_changed").exists()


@pytest.mark.parametrize("showroom", [date(2026, 11, 29), date(2027, 1, 1)], indirect=True, ids=str)
def test_the_ready_cycle_announces_and_grants_its_awards(showroom):
    from awards import services

    admin = login("admin@mvp.example")
    cycle = AwardCycle.objects.get(award_date=cal.award_date_on_or_before(showroom))
    granted = Decision.objects.filter(dossier__award_date=cycle.award_date, verdict="award").count()
    assert granted
    # One draft past its deadline was left undecided (the admin desk's chase, desks/demo.py): the admin
    # chooses to move it on, as the announcement asks.
    late = Dossier.objects.get(award_date=cycle.award_date, state__in=Dossier.EDITABLE_STATES)
    assert services.cycle_announce_request(cycle_id=cycle.pk, actor=admin, today=showroom, undecided_action="roll")
    services.cycle_announce(cycle_id=cycle.pk, today=showroom)  # the task's body (it runs after commit)
    cycle.refresh_from_db()
    assert cycle.state == AwardCycle.State.ANNOUNCED
    assert Award.objects.filter(cycle=cycle).count() == granted
    assert Dossier.objects.get(pk=late.pk).award_date > cycle.award_date
