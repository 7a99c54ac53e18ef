"""The admin desk: cycles now, every cycle (funnel, undecided, renewals due), deadlines
with their log, the announcement that closes the award date, its progress."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from awards import services
from awards.models import Award
from evaluations import services as evaluation_services
from evaluations.models import Decision
from mvp_portal.accounts.roles import Role
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.jobs.tasks import sweep_jobs
from mvp_portal.notices.models import Notice
from nominations.models import Dossier
from tests.awards.conftest import bulk_awards
from tests.directory.test_public_cache import (  # noqa: F401 (fixtures)
    committed_db,
    database_url_of_the_test_database,
    redis_cache,
    reference_data_after_flush,
    run_django,
)
from tests.factories import AwardCycleFactory, DossierFactory, UserFactory

CYCLE_DATE = date(2027, 1, 1)


@pytest.fixture
def cycle(db):
    return AwardCycleFactory(award_date=CYCLE_DATE)


def fill_cycle(size: int, *, expertise, admin):
    """``size`` MVPs in their renewal window for the cycle, in every dossier state."""
    bulk_awards(size, starts_on=date(2026, 1, 1), expertise=expertise, prefix=f"v{size}")
    services.renewals_open(today=date(2026, 10, 1))
    pks = list(Dossier.objects.order_by("pk").values_list("pk", flat=True))
    states = [s for s, _ in Dossier.State.choices]
    for index, state in enumerate(states):
        Dossier.objects.filter(pk__in=pks[index :: len(states)]).update(state=state)
    Decision.objects.bulk_create(
        [
            Decision(dossier_id=pk, verdict="award", rationale="ok", decided_by=admin)
            for pk in Dossier.objects.filter(state="decided").values_list("pk", flat=True)
        ]
    )


@pytest.mark.parametrize("size", [10, 200])
def test_cycle_detail_queries_do_not_grow(client, program_admin, expertise, cycle, django_assert_max_num_queries, size):
    fill_cycle(size, expertise=expertise, admin=program_admin)
    client.force_login(program_admin)
    with django_assert_max_num_queries(17):
        page = client.get(reverse("desks:cycle", args=[cycle.pk])).content.decode()
    assert f'<td class="text-end">{size}</td>' in page  # "All dossiers" step of the funnel
    assert 'class="funnel-fill funnel-' in page and "style=" not in page
    assert "23:59:59 (UTC)" in page and "20 November 2026" in page
    assert "Not submitted yet, renewals due among them" in page


@pytest.mark.parametrize("size", [2, 30])
def test_cycle_list_queries_do_not_grow(client, program_admin, expertise, django_assert_max_num_queries, size):
    for n in range(size):
        AwardCycleFactory(award_date=date(2000 + n, 1, 1))
    client.force_login(program_admin)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("desks:cycle-list")).content.decode()
    assert page.count('href="/desk/admin/cycles/') >= size


def test_dashboard_lists_undecided_and_unsubmitted_renewals(client, program_admin, mvp, expertise, cycle):
    submitted = DossierFactory(
        owner=UserFactory(display_name="Sam Submitted"),
        expertise=expertise,
        award_date=CYCLE_DATE,
        state=Dossier.State.SUBMITTED,
    )
    award = bulk_awards(1, starts_on=date(2026, 1, 1), expertise=expertise, prefix="Rita")[0]
    services.renewals_open(today=date(2026, 10, 1))
    client.force_login(program_admin)
    page = client.get(reverse("desks:cycle", args=[cycle.pk])).content.decode()
    assert "Submitted, still lacking a decision (1)" in page and "Sam Submitted" in page
    assert award.user.display_name in page and "31 December 2026" in page  # renewal due, award ends
    assert submitted.pk


def test_cycle_lists_put_the_longest_waiting_first_and_new_nominees_before_renewals(
    client, program_admin, expertise, cycle
):
    """Orders an index serves (the first 50 of a 30,000-dossier cycle cost what 50 of 100 do):
    submitted dossiers by when they were submitted, unsubmitted ones new before renewals, each in
    the order opened — not by name, which needed the whole cycle sorted across the people table."""
    names = {}
    for name, day in (("Ann Late", 20), ("Zed Early", 2), ("Mia Middle", 10)):
        dossier = DossierFactory(owner=UserFactory(display_name=name), expertise=expertise, award_date=CYCLE_DATE)
        Dossier.objects.filter(pk=dossier.pk).update(
            state=Dossier.State.SUBMITTED, submitted_at=datetime(2026, 11, day, tzinfo=UTC)
        )
        names[name] = dossier
    decided = DossierFactory(owner=UserFactory(display_name="Dee Decided"), expertise=expertise, award_date=CYCLE_DATE)
    Dossier.objects.filter(pk=decided.pk).update(state=Dossier.State.DECIDED)
    Decision.objects.create(dossier=decided, verdict="award", rationale="ok", decided_by=program_admin)
    bulk_awards(1, starts_on=date(2026, 1, 1), expertise=expertise, prefix="Ren")
    services.renewals_open(today=date(2026, 10, 1))
    draft = DossierFactory(owner=UserFactory(display_name="Nia New"), expertise=expertise, award_date=CYCLE_DATE)
    client.force_login(program_admin)
    context = client.get(reverse("desks:cycle", args=[cycle.pk])).context
    assert [d.owner.display_name for d in context["undecided"]] == ["Zed Early", "Mia Middle", "Ann Late"]
    assert [(d.kind, d.pk) for d in context["unsubmitted"]][0] == (Dossier.Kind.NEW, draft.pk)
    assert [d.kind for d in context["unsubmitted"]] == [Dossier.Kind.NEW, Dossier.Kind.RENEWAL]


def test_announce_asks_what_to_do_with_the_undecided_and_does_it(
    client, program_admin, expertise, cycle, clock, django_capture_on_commit_callbacks
):
    undecided = DossierFactory(
        owner=UserFactory(display_name="Una Undecided"),
        expertise=expertise,
        award_date=CYCLE_DATE,
        state=Dossier.State.SUBMITTED,
    )
    clock.move_to("2027-01-02 10:00Z")
    client.force_login(program_admin)
    page = client.get(reverse("desks:cycle", args=[cycle.pk])).content.decode()
    # The choice comes first on the page, before the long lists.
    assert page.index('name="undecided_action"') < page.index("Submitted, still lacking a decision")
    response = client.post(reverse("desks:cycle-announce", args=[cycle.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "1 dossier of this cycle has no decision" in page and "Una Undecided" in page
    assert AwardCycle.objects.get(pk=cycle.pk).state == AwardCycle.State.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("desks:cycle-announce", args=[cycle.pk]), {"undecided_action": "roll"})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.state == AwardCycle.State.ANNOUNCED  # the eager task ran after commit
    undecided.refresh_from_db()
    assert undecided.award_date == date(2027, 4, 1)
    page = client.get(reverse("desks:cycle", args=[cycle.pk])).content.decode()
    assert "Announcement started: 0 decisions; 1 undecided dossier to move to the next award date." in page
    assert "1 dossier moved to the next award date, 0 closed." in page


def test_announce_through_the_page_runs_the_task_and_shows_progress(
    client, program_admin, expertise, cycle, clock, django_capture_on_commit_callbacks
):
    winner = DossierFactory(owner=UserFactory(), expertise=expertise, award_date=CYCLE_DATE, state="decided")
    Decision.objects.create(dossier=winner, verdict="award", rationale="ok", decided_by=program_admin)
    clock.move_to("2027-01-01 09:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(program_admin)
        client.post(reverse("desks:cycle-announce", args=[cycle.pk]))
    assert winner.owner.awards.get().starts_on == CYCLE_DATE
    assert Notice.objects.filter(key=f"awards:result:{winner.pk}").count() == 1
    progress = client.get(reverse("desks:cycle-progress", args=[cycle.pk])).json()
    assert progress == {
        "state": "announced",
        "state_label": "Announced",
        "done": 1,
        "total": 1,
        "percent": 100,
        "stalled_since": None,
        "stalled_label": "",
    }
    page = client.get(reverse("desks:cycle", args=[cycle.pk])).content.decode()
    assert 'id="announce-progress-bar"' in page and 'value="100"' in page and "desks/cycle_progress.js" in page


def test_progress_shows_a_running_announcement(client, program_admin, cycle):
    AwardCycle.objects.filter(pk=cycle.pk).update(state="announcing", progress_done=250, progress_total=1000)
    client.force_login(program_admin)
    assert client.get(reverse("desks:cycle-progress", args=[cycle.pk])).json()["percent"] == 25
    page = client.get(reverse("desks:cycle", args=[cycle.pk])).content.decode()
    assert 'data-state="announcing"' in page and 'value="25"' in page and "Reload this page" in page


def test_admin_moves_the_deadlines_and_the_log_says_so(client, program_admin, cycle, clock):
    url = reverse("desks:cycle-edit", args=[cycle.pk])
    clock.move_to("2026-11-01 09:00Z")
    client.force_login(program_admin)
    response = client.post(url, {"submission_deadline": "2026-11-27", "evaluation_deadline": "2026-12-28"})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.submission_deadline, cycle.evaluation_deadline) == (date(2026, 11, 27), date(2026, 12, 28))
    entry = cycle.log_entries.get()
    assert (entry.action, entry.actor) == ("deadlines_changed", program_admin)
    assert entry.data["before"]["submission_deadline"] == "2026-11-20"
    page = client.get(reverse("desks:cycle", args=[cycle.pk])).content.decode()
    assert "Submissions until 27 Nov 2026, evaluations until 28 Dec 2026." in page


def test_deadlines_out_of_order_are_refused_with_the_input_kept(client, program_admin, cycle):
    client.force_login(program_admin)
    page = client.post(
        reverse("desks:cycle-edit", args=[cycle.pk]),
        {"submission_deadline": "2026-12-30", "evaluation_deadline": "2026-12-20"},
    ).content.decode()
    assert "must come no later than" in page and 'value="2026-12-30"' in page
    assert not cycle.log_entries.exists()
    assert AwardCycle.objects.get(pk=cycle.pk).submission_deadline == date(2026, 11, 20)


def test_non_admins_are_told_who_may(client, lead, cycle):
    client.force_login(lead)
    response = client.get(reverse("desks:cycle", args=[cycle.pk]))
    assert response.status_code == 403 and "Only program admins" in response.content.decode()


def test_nav_shows_the_admin_desk_to_admins_only(client, program_admin, lead):
    client.force_login(lead)
    assert reverse("desks:admin") not in client.get(reverse("home")).content.decode()
    client.force_login(program_admin)
    assert reverse("desks:admin") in client.get(reverse("home")).content.decode()


def test_home_tells_the_mvp_their_renewal_dossier_is_open_once(client, mvp, clock):
    services.awards_daily(today=date(2027, 7, 1))
    clock.move_to("2027-07-02 09:00Z")
    client.force_login(mvp)
    page = client.get(reverse("home")).content.decode()
    assert "Your renewal dossier is a draft" in page and "Submit it by 20 August 2027, 23:59:59 UTC" in page
    assert page.count("renewal dossier") == 1


def test_home_shows_admins_the_cycle_to_announce(client, program_admin, cycle, clock):
    clock.move_to("2027-01-02 09:00Z")
    client.force_login(program_admin)
    page = client.get(reverse("home")).content.decode()
    assert "Announce the 1 January 2027 cycle" in page


def test_cycle_list_reads_only_and_offers_to_create_the_upcoming_cycles(client, program_admin):
    from mvp_portal.cycles.models import AwardCycle

    client.force_login(program_admin)
    page = client.get(reverse("desks:cycle-list")).content.decode()
    assert AwardCycle.objects.count() == 0
    assert "Create the upcoming cycles now" in page
    client.post(reverse("desks:cycle-create-upcoming"))
    assert AwardCycle.objects.count() >= 4
    assert "Create the upcoming cycles now" not in client.get(reverse("desks:cycle-list")).content.decode()


# A stalled announcement ------------------------------------------------------------
@pytest.fixture
def stalled(db, program_admin, expertise, cycle, clock):
    """An announcement claimed at 2027-01-01 10:54 whose task never moved it."""
    for verdict in ("award", "decline"):
        dossier = DossierFactory(owner=UserFactory(), expertise=expertise, award_date=CYCLE_DATE, state="decided")
        Decision.objects.create(dossier=dossier, verdict=verdict, rationale="ok", decided_by=program_admin)
    clock.move_to("2027-01-01 10:54Z")
    assert services.cycle_announce_request(cycle_id=cycle.pk, actor=program_admin, today=CYCLE_DATE)
    return cycle


def progress_of(client, cycle):
    return client.get(reverse("desks:cycle-progress", args=[cycle.pk])).json()


def test_a_moving_announcement_shows_no_stall(client, program_admin, stalled, clock):
    clock.move_to("2027-01-01 10:56Z")  # two minutes: within the bound
    client.force_login(program_admin)
    assert progress_of(client, stalled)["stalled_label"] == ""
    page = client.get(reverse("desks:cycle", args=[stalled.pk])).content.decode()
    assert "data-progress-stall hidden" in page and "Restart the announcement" not in page


def test_a_stalled_announcement_says_since_when_and_that_it_resumes(
    client, program_admin, stalled, clock, django_capture_on_commit_callbacks
):
    clock.move_to("2027-01-01 10:56:01Z")
    client.force_login(program_admin)
    progress = progress_of(client, stalled)
    assert progress["stalled_label"] == "Stalled since 10:54 UTC, resuming."
    assert progress["stalled_since"].startswith("2027-01-01T10:54")
    page = client.get(reverse("desks:cycle", args=[stalled.pk])).content.decode()
    assert "Stalled since 10:54 UTC, resuming." in page and "Restart the announcement" in page
    assert 'value="0"' in page
    # The sweeper dispatches it again (the task has not run yet): still "since 10:54".
    clock.move_to("2027-01-01 10:57Z")
    with django_capture_on_commit_callbacks(execute=False):
        assert sweep_jobs() == 1
    assert progress_of(client, stalled)["stalled_label"] == "Stalled since 10:54 UTC, resuming."
    # The new run moves: the stall is gone and the bar moves on.
    services.cycle_announce(cycle_id=stalled.pk, today=CYCLE_DATE)
    progress = progress_of(client, stalled)
    assert (progress["state"], progress["percent"], progress["stalled_label"]) == ("announced", 100, "")


def test_pressing_restart_on_a_stalled_announcement_finishes_it_once(
    client, program_admin, stalled, clock, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    url = reverse("desks:cycle-announce", args=[stalled.pk])
    clock.move_to("2027-01-01 10:55Z")
    response = client.post(url, follow=True)
    assert "The announcement is moving; nothing was restarted." in response.content.decode()
    clock.move_to("2027-01-01 11:30Z")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "The stalled announcement has been restarted" in response.content.decode()
    stalled.refresh_from_db()
    assert stalled.state == AwardCycle.State.ANNOUNCED
    assert Award.objects.filter(cycle=stalled).count() == 1
    assert Notice.objects.filter(key__startswith="awards:result:").count() == 2


def test_an_announcement_given_up_asks_the_admin_who_restarts_it(
    client, program_admin, stalled, clock, settings, django_capture_on_commit_callbacks
):
    settings.JOB_MAX_RESUMES = 0
    clock.move_to("2027-01-01 11:00Z")
    assert sweep_jobs() == 0
    client.force_login(program_admin)
    assert progress_of(client, stalled)["stalled_label"] == (
        "Stalled since 10:54 UTC; given up after 0 restarts. Press Announce again."
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("desks:cycle-announce", args=[stalled.pk]))
    assert AwardCycle.objects.get(pk=stalled.pk).state == AwardCycle.State.ANNOUNCED


@pytest.mark.usefixtures("pages_drawn")  # the page drawn each time: what its kept reads save
def test_the_cycle_page_keeps_its_counts_until_a_dossier_or_decision_is_written(
    client, program_admin, expertise, cycle, django_assert_num_queries
):
    """The cycle's counts and its undecided dossiers are kept (a cycle of 16,000 dossiers took 70 ms
    to count at 40,000 MVPs) and read again after the writes they count: a decision recorded, and
    renewal drafts opened in bulk by the daily run (a set-based insert, past the model signals)."""
    waiting = DossierFactory(
        owner=UserFactory(display_name="Wanda Waiting"), expertise=expertise, award_date=CYCLE_DATE
    )
    Dossier.objects.filter(pk=waiting.pk).update(state=Dossier.State.SUBMITTED, submitted_at=datetime.now(UTC))
    client.force_login(program_admin)
    url = reverse("desks:cycle", args=[cycle.pk])

    def seen() -> tuple[int, list[str], int]:
        context = client.get(url).context
        undecided = [dossier.owner.display_name for dossier in context["undecided"]]
        return context["summary"].dossiers, undecided, context["summary"].drafts

    assert seen() == (1, ["Wanda Waiting"], 0)
    with django_assert_num_queries(9):  # kept: neither the counts nor the waiting ids again
        assert seen() == (1, ["Wanda Waiting"], 0)
    bulk_awards(3, starts_on=date(2026, 1, 1), expertise=expertise, prefix="renewing")
    services.renewals_open(today=date(2026, 10, 1))  # three drafts for the cycle, written in bulk
    assert seen() == (4, ["Wanda Waiting"], 3)
    evaluation_services.decision_record(
        dossier_id=waiting.pk,
        actor=program_admin,
        verdict="award",
        rationale="A year of talks.",
        confirm_without_evaluations=True,
    )
    assert seen() == (4, [], 3)


@pytest.mark.services
@pytest.mark.usefixtures("committed_db", "postgres", "pages_drawn")
def test_drafts_opened_in_bulk_elsewhere_show_on_the_kept_cycle_page(redis_cache, client, expertise):  # noqa: F811
    """Two processes sharing PostgreSQL and Redis: the renewal scan run by the other one writes its
    drafts in bulk (no model signal), and the counts this one keeps in Redis are read again."""
    url, prefix = redis_cache
    admin = UserFactory(email="cycles@example.org", roles=[Role.PROGRAM_ADMIN], is_staff=True)
    cycle = AwardCycleFactory(award_date=CYCLE_DATE)
    bulk_awards(3, starts_on=date(2026, 1, 1), expertise=expertise, prefix="elsewhere")
    client.force_login(admin)
    page = reverse("desks:cycle", args=[cycle.pk])
    assert client.get(page).context["summary"].drafts == 0
    assert client.get(page).context["summary"].drafts == 0  # kept
    run_django(
        "from datetime import date\n"
        "from awards import services\n"
        "print(services.renewals_open(today=date(2026, 10, 1)))\n",
        cache_url=url,
        prefix=prefix,
        database_url=database_url_of_the_test_database(),
    )
    assert client.get(page).context["summary"].drafts == 3
