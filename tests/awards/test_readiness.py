"""Renewal readiness: the picture of an award year against the rubric (coverage per
criterion, recency with ``today`` passed in, the share with evidence), the lead's
note and its window, and the pages that show them."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import services
from awards.models import ReadinessNote, ReadinessNoteEdit
from awards.permissions import can_view_readiness, can_write_readiness_note
from awards.readiness import Coverage, elapsed_months, readiness_for
from evaluations.models import Criterion
from mvp_portal.accounts.roles import Role
from tests.conftest import NOON_TODAY, TODAY
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    AwardFactory,
    CriterionFactory,
    DossierFactory,
    ExpertiseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Signal = Criterion.ReadinessSignal
IN_WINDOW_START = date(2026, 1, 1)  # window 2026-10-01 – 2026-12-31: open on TODAY (2026-11-28)


@pytest.fixture
def criteria(db):
    """One criterion per signal and one without (the shipped rubric is switched off)."""
    Criterion.objects.update(is_active=False)
    return {
        signal: CriterionFactory(name=f"R {signal or 'judged'}", readiness_signal=signal, position=n)
        for n, signal in enumerate(["kinds", "reach", "evidence", "spread", "area", ""])
    }


def renewing(expertise, *, starts_on=IN_WINDOW_START, country="IE", with_dossier=True):
    """An award and, like the renewal window opens it, its renewal dossier (period = the award year)."""
    award = AwardFactory(user=UserFactory(country=country), expertise=expertise, starts_on=starts_on)
    if with_dossier:
        award.renewal_dossier = DossierFactory(
            owner=award.user,
            kind="renewal",
            nomination=None,
            expertise=expertise,
            country=country,
            award_date=date(starts_on.year + 1, starts_on.month, 1),
            period_start=award.starts_on,
            period_end=award.ends_on,
        )
        award.save(update_fields=["renewal_dossier"])
    return award


def states(readiness) -> dict[str, str]:
    return {row.criterion.readiness_signal: row.state for row in readiness.criteria}


def test_coverage_per_criterion_counts_only_what_counts(criteria, expertise):
    award = renewing(expertise)
    dossier = award.renewal_dossier
    posts = ActivityTypeFactory(slug="r-posts", name="R posts")
    talks = ActivityTypeFactory(slug="r-talks", name="R talks")
    elsewhere = ExpertiseFactory(name="Elsewhere", slug="elsewhere")
    common = {"dossier": dossier, "expertise": elsewhere}
    for month in (1, 2, 3):
        ActivityFactory(
            activity_type=posts, started_on=date(2026, month, 10), url=f"https://x.org/{month}", reach=100, **common
        )
    ActivityFactory(activity_type=talks, started_on=date(2026, 11, 20), url="", reach=None, **common)
    ActivityFactory(activity_type=talks, started_on=date(2026, 11, 21), url="", reach=None, **common)
    # Not counted (the one rule of nominations.counting): a repeat, outside the period, in the future.
    ActivityFactory(activity_type=posts, started_on=date(2026, 1, 11), url="https://x.org/1", **common)
    ActivityFactory(activity_type=posts, started_on=date(2025, 6, 1), **common)
    ActivityFactory(activity_type=posts, started_on=date(2026, 12, 20), **common)

    readiness = readiness_for(award, today=TODAY)

    assert readiness.counted_count == 5
    assert states(readiness) == {
        "kinds": Coverage.COVERED,  # two kinds of work, five activities
        "reach": Coverage.COVERED,  # 3 of 5 report their reach: 60 %
        "evidence": Coverage.THIN,  # 3 of 5 have a link: 60 % (< 75 %)
        "spread": Coverage.THIN,  # 4 of the 11 months so far
        "area": Coverage.NOT_YET,  # none in the award's technology area
        "": Coverage.JUDGED,
    }
    assert (readiness.with_evidence, readiness.evidence_percent) == (3, 60)
    assert readiness.months_without == [date(2026, m, 1) for m in range(4, 11)]
    assert (readiness.last_activity_on, readiness.days_since_last) == (date(2026, 11, 21), 7)
    kinds = next(row for row in readiness.criteria if row.criterion.readiness_signal == "kinds")
    assert [a.started_on for a in kinds.behind][:2] == [date(2026, 11, 21), date(2026, 11, 20)]  # newest first
    assert "R posts, R talks" in kinds.explanation
    evidence = next(row for row in readiness.criteria if row.criterion.readiness_signal == "evidence")
    assert evidence.behind_count == 3 and "60%" in evidence.explanation


def test_an_empty_year_is_not_yet_everywhere_but_the_judged(criteria, expertise):
    readiness = readiness_for(renewing(expertise), today=TODAY)
    assert set(states(readiness).values()) == {Coverage.NOT_YET, Coverage.JUDGED}
    assert readiness.last_activity_on is None and readiness.evidence_percent is None
    assert len(readiness.months_without) == 11


def test_recency_moves_with_the_day_passed_in(criteria, expertise):
    award = renewing(expertise)
    talks = ActivityTypeFactory(slug="r-talks", name="R talks")
    for month in range(1, 10):  # January to September, every month
        ActivityFactory(dossier=award.renewal_dossier, activity_type=talks, started_on=date(2026, month, 10))
    in_september = readiness_for(award, today=date(2026, 9, 30))
    spread = next(r for r in in_september.criteria if r.criterion.readiness_signal == "spread")
    assert spread.state == Coverage.COVERED and in_september.months_without == []
    # Two months later nothing new: 9 of 11 months is still most, but the last is 79 days old.
    later = readiness_for(award, today=TODAY)
    spread = next(r for r in later.criteria if r.criterion.readiness_signal == "spread")
    assert spread.state == Coverage.THIN and "Nothing in the last 60 days" in spread.explanation
    assert later.days_since_last == 79 and later.months_without == [date(2026, 10, 1), date(2026, 11, 1)]


def test_before_the_window_the_year_reads_the_persons_activities_of_the_award_year(criteria, expertise):
    award = renewing(expertise, starts_on=date(2026, 4, 1), with_dossier=False)
    earlier = DossierFactory(owner=award.user, state="decided", period_start=date(2025, 4, 1))
    ActivityFactory(dossier=earlier, started_on=date(2026, 4, 20))  # inside the award year
    ActivityFactory(dossier=earlier, started_on=date(2026, 2, 1))  # before it
    ActivityFactory(started_on=date(2026, 5, 1))  # somebody else's
    readiness = readiness_for(award, today=TODAY)
    assert readiness.dossier is None and not readiness.window_open
    assert readiness.window_opens_on == date(2027, 1, 1)
    assert [a.started_on for a in readiness.counted] == [date(2026, 4, 20)]


def test_elapsed_months_stop_at_today_and_at_the_period_end():
    assert elapsed_months(period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), today=date(2026, 3, 2)) == [
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]
    assert elapsed_months(period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), today=date(2025, 12, 1)) == []
    assert (
        len(elapsed_months(period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), today=date(2028, 1, 1))) == 12
    )


# The lead's note -------------------------------------------------------------------
def test_the_note_waits_for_the_renewal_window(lead, expertise):
    before = renewing(expertise, starts_on=date(2026, 4, 1), with_dossier=False)  # window opens 2027-01-01
    assert not can_write_readiness_note(lead, before, today=TODAY)
    with pytest.raises(ValidationError, match="once the renewal window opens"):
        services.readiness_note_save(award_id=before.pk, actor=lead, text="Too early", today=TODAY)
    assert can_write_readiness_note(lead, before, today=date(2027, 1, 1))
    services.readiness_note_save(award_id=before.pk, actor=lead, text="Now", today=date(2027, 1, 1))
    # After the award ends, the window is closed again.
    with pytest.raises(ValidationError):
        services.readiness_note_save(award_id=before.pk, actor=lead, text="Late", today=date(2027, 4, 1))
    assert ReadinessNote.objects.get(award=before).text == "Now"


def test_the_note_records_author_and_time_and_logs_each_edit(lead, program_admin, expertise):
    award = renewing(expertise)
    first = services.readiness_note_save(
        award_id=award.pk, actor=lead, text="Add links to your answers.", today=TODAY, now=NOON_TODAY
    )
    later = NOON_TODAY + timedelta(hours=2)
    services.readiness_note_save(award_id=award.pk, actor=program_admin, text="And talks.", today=TODAY, now=later)
    services.readiness_note_save(award_id=award.pk, actor=program_admin, text="And talks.", today=TODAY, now=later)
    note = ReadinessNote.objects.get(pk=first.pk)
    assert (note.written_by, note.written_at, note.updated_by, note.updated_at) == (
        lead,
        NOON_TODAY,
        program_admin,
        later,
    )
    assert note.was_edited and note.text == "And talks."
    log = list(ReadinessNoteEdit.objects.filter(note=note).values_list("edited_by__email", "text"))
    assert log == [(lead.email, "Add links to your answers."), (program_admin.email, "And talks.")]  # no empty re-save
    with pytest.raises(ValidationError):
        services.readiness_note_save(award_id=award.pk, actor=lead, text="   ", today=TODAY)


def test_who_may_write_and_read_the_note(lead, other_lead, program_admin, expertise):
    award = renewing(expertise)
    holder = award.user
    employee = UserFactory(roles=[Role.EMPLOYEE])
    other_mvp = renewing(expertise).user
    # The MVP is never the author, even when they are a program admin themselves.
    holder.groups.add(Group.objects.get(name=Role.PROGRAM_ADMIN))
    assert [can_write_readiness_note(p, award, today=TODAY) for p in (lead, program_admin, holder)] == [
        True,
        True,
        False,
    ]
    assert not any(can_write_readiness_note(p, award, today=TODAY) for p in (other_lead, employee, other_mvp))
    assert all(can_view_readiness(p, award) for p in (holder, lead, program_admin))
    assert not any(can_view_readiness(p, award) for p in (other_lead, employee, other_mvp))
    for person in (holder, other_lead, other_mvp):
        with pytest.raises(ValidationError):
            services.readiness_note_save(award_id=award.pk, actor=person, text="x", today=TODAY)


# The pages -------------------------------------------------------------------------
def test_the_mvp_sees_the_readiness_panel_and_the_note_on_their_award_page(client, lead, criteria, expertise):
    award = renewing(expertise)
    ActivityFactory(dossier=award.renewal_dossier, started_on=date(2026, 3, 3), title="Spring post", url="")
    services.readiness_note_save(award_id=award.pk, actor=lead, text="Please add evidence links.", today=TODAY)
    client.force_login(award.user)
    page = client.get(reverse("directory:my-award")).content.decode()
    assert "Renewal readiness" in page and "Spring post" in page
    assert "Not yet" in page and "Thin" in page  # the states in words, not colour alone
    assert "Please add evidence links." in page and "Written by Lena Lead" in page
    assert reverse("nominations:dossier-detail", args=[award.renewal_dossier.pk]) in page
    # Another MVP sees their own picture, without that note.
    other = renewing(expertise)
    client.force_login(other.user)
    page = client.get(reverse("directory:my-award")).content.decode()
    assert "Renewal readiness" in page and "Please add evidence links." not in page


def test_the_lead_writes_the_note_on_the_desk_and_sees_its_versions(client, lead, criteria, expertise):
    award = renewing(expertise)
    client.force_login(lead)
    url = reverse("desks:readiness", args=[award.pk])
    page = client.get(url).content.decode()
    assert "Renewal readiness" in page and 'name="text"' in page
    save = reverse("desks:readiness-note-save", args=[award.pk])
    response = client.post(save, {"text": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    response = client.post(save, {"text": "Document your talks."})
    assert response.status_code == 302 and response.url == url
    client.post(save, {"text": "Document your talks, with attendance."})
    page = client.get(url).content.decode()
    assert "Versions of the note" in page and page.count("Document your talks") >= 3
    assert ReadinessNoteEdit.objects.filter(note__award=award).count() == 2


def test_before_the_window_the_desk_shows_the_picture_without_the_form(client, lead, criteria, expertise):
    award = renewing(expertise, starts_on=date(2026, 4, 1), with_dossier=False)
    client.force_login(lead)
    page = client.get(reverse("desks:readiness", args=[award.pk])).content.decode()
    assert "Renewal readiness" in page and 'name="text"' not in page and "once the renewal window opens" in page
    response = client.post(reverse("desks:readiness-note-save", args=[award.pk]), {"text": "Early"})
    assert response.status_code == 403 and not ReadinessNote.objects.exists()


def test_bad_ids_answer_404(client, lead):
    client.force_login(lead)
    assert client.get(reverse("desks:readiness", args=[999999])).status_code == 404
    assert client.post(reverse("desks:readiness-note-save", args=[999999]), {"text": "x"}).status_code == 404
    assert client.get(reverse("desks:readiness", args=[1]).replace("/1/", "/x/")).status_code == 404


@pytest.mark.parametrize("size", [3, 120])
def test_desk_readiness_query_count_is_constant(client, lead, criteria, expertise, django_assert_num_queries, size):
    award = renewing(expertise)
    talks = ActivityTypeFactory(slug="r-talks", name="R talks")
    for n in range(size):
        ActivityFactory(dossier=award.renewal_dossier, activity_type=talks, started_on=date(2026, 1 + n % 10, 5))
    services.readiness_note_save(award_id=award.pk, actor=lead, text="Note", today=TODAY)
    client.force_login(lead)
    with django_assert_num_queries(DESK_READINESS_QUERIES):
        response = client.get(reverse("desks:readiness", args=[award.pk]))
    assert response.context["readiness"].counted_count == size


# The user, their two-factor device and roles, the award, the lead's regions, the year's activities,
# the note, the rubric, the note's versions, and the navigation's three (award held, dossier, assignment).
DESK_READINESS_QUERIES = 12


def test_my_award_with_readiness_costs_the_same_at_two_sizes(client, lead, criteria, expertise):
    def queries(size: int) -> int:
        award = renewing(expertise)
        for n in range(size):
            ActivityFactory(dossier=award.renewal_dossier, started_on=date(2026, 1 + n % 10, 3))
        services.readiness_note_save(award_id=award.pk, actor=lead, text="Note", today=TODAY)
        client.force_login(award.user)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("directory:my-award"))
        assert response.context["readiness"].counted_count == size
        return len(captured.captured_queries)

    assert queries(2) == queries(80)


def test_the_admin_shows_notes_and_their_versions_read_only(client, lead, program_admin, expertise):
    award = renewing(expertise)
    note = services.readiness_note_save(award_id=award.pk, actor=lead, text="First words", today=TODAY)
    client.force_login(program_admin)
    assert award.user.display_name in client.get(reverse("admin:awards_readinessnote_changelist")).content.decode()
    page = client.get(reverse("admin:awards_readinessnote_change", args=[note.pk])).content.decode()
    assert "First words" in page and 'name="text"' not in page
