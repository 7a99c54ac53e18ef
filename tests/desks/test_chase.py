"""Chasing the dossiers of a cycle without a decision: drafts past their deadline
told apart from submitted ones, a reminder (once per dossier per day, in the
nominee's language) and a per-dossier extension of the deadline (within the
cycle's rules, logged, read by the submission and every page)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from api.v1.serializers import DossierSerializer
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.notices.models import Notice
from nominations import services as nomination_services
from nominations.models import Dossier, DossierLogEntry
from nominations.selectors import dossier_deadline, submission_target
from tests.conftest import TODAY
from tests.factories import AwardCycleFactory, DossierFactory, UserFactory

CYCLE_DATE = date(2027, 1, 1)  # submissions closed on 20 November 2026; evaluations close on 25 December


@pytest.fixture
def cycle(db):
    return AwardCycleFactory(award_date=CYCLE_DATE, state=AwardCycle.State.EVALUATING)


@pytest.fixture
def late(cycle, expertise):
    """A renewal draft past its deadline: it can no longer be submitted, unless extended."""
    owner = UserFactory(display_name="Rita Renewal", country="IE", language="de")
    return DossierFactory(owner=owner, kind=Dossier.Kind.RENEWAL, expertise=expertise, award_date=CYCLE_DATE)


@pytest.fixture
def handed_in(cycle, expertise):
    owner = UserFactory(display_name="Sam Submitted", country="IE")
    return DossierFactory(owner=owner, expertise=expertise, award_date=CYCLE_DATE, state=Dossier.State.SUBMITTED)


def chase(client, cycle, **data):
    return client.post(reverse("desks:cycle-undecided-act", args=[cycle.pk]), data)


# The page ------------------------------------------------------------------------
def test_page_tells_drafts_past_deadline_from_submitted(client, program_admin, cycle, late, handed_in):
    client.force_login(program_admin)
    page = client.get(reverse("desks:cycle-undecided", args=[cycle.pk])).content.decode()
    assert "Rita Renewal" in page and "Sam Submitted" in page
    assert "Drafts past their deadline" in page and "past its deadline" in page
    assert f'name="remind" value="{late.pk}"' in page and f'name="remind" value="{handed_in.pk}"' not in page
    past = client.get(reverse("desks:cycle-undecided", args=[cycle.pk]), {"group": "past"}).content.decode()
    assert "Rita Renewal" in past and "Sam Submitted" not in past
    submitted = client.get(reverse("desks:cycle-undecided", args=[cycle.pk]), {"group": "submitted"}).content.decode()
    assert "Sam Submitted" in submitted and "Rita Renewal" not in submitted
    # A made-up group is all of them, never an error.
    assert client.get(reverse("desks:cycle-undecided", args=[cycle.pk]), {"group": "<x>"}).status_code == 200


def test_cycle_page_and_desk_link_to_the_page(client, program_admin, late):
    client.force_login(program_admin)
    cycle = AwardCycle.objects.get(award_date=CYCLE_DATE)
    url = reverse("desks:cycle-undecided", args=[cycle.pk])
    assert url in client.get(reverse("desks:admin")).content.decode()


UNDECIDED_QUERIES = 10  # the page, exactly, at 2 and 60 dossiers (50 shown)


@pytest.mark.parametrize("size", [2, 60])
def test_page_queries_are_pinned(client, program_admin, cycle, expertise, django_assert_num_queries, size):
    for _n in range(size):
        DossierFactory(owner=UserFactory(country="IE"), expertise=expertise, award_date=CYCLE_DATE)
    client.force_login(program_admin)
    with django_assert_num_queries(UNDECIDED_QUERIES):
        page = client.get(reverse("desks:cycle-undecided", args=[cycle.pk])).content.decode()
    assert page.count('class="undecided-row"') == min(size, 50)


# Reminding -------------------------------------------------------------------------
def test_reminder_goes_once_per_dossier_per_day(client, program_admin, cycle, late):
    client.force_login(program_admin)
    first = chase(client, cycle, remind=late.pk)
    assert first.status_code == 302
    notices = Notice.objects.filter(key__startswith="nominations:dossier-reminder:")
    assert notices.count() == 1
    notice = notices.get()
    assert notice.to_email == late.owner.email and notice.language == "de"
    assert notice.subject and notice.body_text and notice.body_html
    # A double click, or the selection including it again, the same day: nothing more is sent.
    chase(client, cycle, remind=late.pk)
    response = chase(client, cycle, action="remind", dossiers=[late.pk])
    assert notices.count() == 1
    assert DossierLogEntry.objects.filter(dossier=late, action="reminded").count() == 1
    page = client.get(response.url).content.decode()
    assert "already reminded today" in page and "Reminded today" in page
    # The next day, one more.
    assert nomination_services.dossier_remind(dossier_id=late.pk, actor=program_admin, today=TODAY + timedelta(days=1))
    assert notices.count() == 2


def test_reminder_names_the_deadline_in_the_nominees_language(program_admin, cycle, late):
    nomination_services.dossier_remind(dossier_id=late.pk, actor=program_admin, today=TODAY)
    notice = Notice.objects.get(key__startswith="nominations:dossier-reminder:")
    assert notice.language == "de" and "20. November 2026" in notice.body_text  # the date as a German reads it
    assert reverse("nominations:dossier-detail", args=[late.pk]) in notice.body_text


def test_submitted_dossiers_are_not_reminded(program_admin, handed_in):
    with pytest.raises(ValidationError):
        nomination_services.dossier_remind(dossier_id=handed_in.pk, actor=program_admin, today=TODAY)


def test_staff_never_chase_their_own_dossier_nor_a_conflict(program_admin, cycle, expertise, lead):
    own = DossierFactory(owner=program_admin, expertise=expertise, award_date=CYCLE_DATE, country="IE")
    with pytest.raises(PermissionDenied):
        nomination_services.dossier_remind(dossier_id=own.pk, actor=program_admin, today=TODAY)
    nominated = DossierFactory(owner=UserFactory(country="IE"), expertise=expertise, award_date=CYCLE_DATE)
    nominated.nomination.nominator = program_admin
    nominated.nomination.save(update_fields=["nominator"])
    with pytest.raises(PermissionDenied):
        nomination_services.dossier_deadline_extend(
            dossier_id=nominated.pk, actor=program_admin, new_deadline=date(2026, 12, 10), reason="x", today=TODAY
        )
    assert not Notice.objects.filter(key__startswith="nominations:dossier-reminder:").exists()


def test_own_dossier_offers_no_action_and_a_forged_post_is_refused(client, program_admin, cycle, expertise):
    own = DossierFactory(owner=program_admin, expertise=expertise, award_date=CYCLE_DATE, country="IE")
    client.force_login(program_admin)
    page = client.get(reverse("desks:cycle-undecided", args=[cycle.pk])).content.decode()
    assert f'name="remind" value="{own.pk}"' not in page and "Not yours to chase" in page
    response = chase(client, cycle, remind=own.pk)
    assert not Notice.objects.filter(key__startswith="nominations:dossier-reminder:").exists()
    assert "cannot act on this dossier" in client.get(response.url).content.decode()
    assert client.get(reverse("desks:dossier-deadline-extend", args=[own.pk])).status_code == 404


def test_bad_input_is_a_form_error_never_a_500(client, program_admin, cycle, late):
    client.force_login(program_admin)
    assert chase(client, cycle).status_code == 400  # no action
    assert chase(client, cycle, action="remind").status_code == 400  # nothing selected
    assert chase(client, cycle, remind="abc").status_code == 400
    assert chase(client, cycle, remind=99999999).status_code == 400  # not this cycle's
    # "²" is a digit to Python, and 4,301 digits are past what int() reads: the page re-shows, no 500.
    assert chase(client, cycle, action="remind", dossiers=["²", "9" * 4301]).status_code == 400
    response = chase(client, cycle, action="extend", dossiers=[late.pk], new_deadline="not a date", reason="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page and 'value="not a date"' in page and "Say why the deadline is extended." in page


# Extending ------------------------------------------------------------------------
def test_extension_lets_the_nominee_submit_until_the_new_deadline(client, program_admin, cycle, late):
    with pytest.raises(ValidationError, match="deadline of this renewal was"):
        nomination_services.dossier_submit(dossier_id=late.pk, actor=late.owner, today=TODAY)
    client.force_login(program_admin)
    response = client.post(
        reverse("desks:dossier-deadline-extend", args=[late.pk]),
        {"new_deadline": "2026-12-05", "reason": "Ill for two weeks"},
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.deadline_extended_to == date(2026, 12, 5)
    entry = DossierLogEntry.objects.get(dossier=late, action="deadline_extended")
    assert entry.actor == program_admin and entry.data["reason"] == "Ill for two weeks"
    assert entry.data == {"before": "2026-11-20", "after": "2026-12-05", "reason": "Ill for two weeks"}
    # The nominee's deadline, wherever it is shown, is the new one.
    assert submission_target(late, TODAY).deadline == date(2026, 12, 5)
    assert dossier_deadline(late, late.owner, TODAY).passed is False
    client.force_login(late.owner)
    assert "5 December 2026" in client.get(reverse("nominations:dossier-detail", args=[late.pk])).content.decode()
    assert DossierSerializer(late).data["submission_deadline"] == "2026-12-05"  # the API's too
    # Only this dossier: the cycle and the others keep theirs.
    assert AwardCycle.objects.get(pk=cycle.pk).submission_deadline == date(2026, 11, 20)
    # Until the new day ends; not after.
    submitted = nomination_services.dossier_submit(dossier_id=late.pk, actor=late.owner, today=date(2026, 12, 5))
    assert submitted.state == Dossier.State.SUBMITTED and submitted.award_date == CYCLE_DATE


def test_extension_ends_too(cycle, late, program_admin):
    nomination_services.dossier_deadline_extend(
        dossier_id=late.pk, actor=program_admin, new_deadline=date(2026, 12, 1), reason="r", today=TODAY
    )
    with pytest.raises(ValidationError, match="deadline of this renewal was"):
        nomination_services.dossier_submit(dossier_id=late.pk, actor=late.owner, today=date(2026, 12, 2))


def test_new_draft_past_deadline_stays_with_its_date_when_extended(cycle, expertise, program_admin):
    draft = DossierFactory(owner=UserFactory(country="IE"), expertise=expertise, award_date=CYCLE_DATE)
    assert submission_target(draft, TODAY).moved  # without an extension: to the next award date
    nomination_services.dossier_deadline_extend(
        dossier_id=draft.pk, actor=program_admin, new_deadline=date(2026, 12, 1), reason="r", today=TODAY
    )
    draft.refresh_from_db()
    assert not submission_target(draft, TODAY).moved
    submitted = nomination_services.dossier_submit(dossier_id=draft.pk, actor=draft.owner, today=TODAY)
    assert submitted.award_date == CYCLE_DATE


@pytest.mark.parametrize(
    "new_deadline, message",
    [
        (date(2026, 12, 26), "no later than the cycle's evaluation deadline"),
        (date(2026, 11, 27), "cannot be in the past"),
        (date(2026, 11, 20), "cannot be in the past"),
    ],
)
def test_extension_bounded_by_the_cycles_rules(cycle, late, program_admin, new_deadline, message):
    with pytest.raises(ValidationError, match=message):
        nomination_services.dossier_deadline_extend(
            dossier_id=late.pk, actor=program_admin, new_deadline=new_deadline, reason="r", today=TODAY
        )


def test_extension_must_be_later_than_the_cycles_deadline(program_admin, expertise):
    AwardCycleFactory(award_date=date(2027, 4, 1))  # submissions until 18 February 2027
    draft = DossierFactory(owner=UserFactory(country="IE"), expertise=expertise, award_date=date(2027, 4, 1))
    with pytest.raises(ValidationError, match="must come after the cycle's submission deadline"):
        nomination_services.dossier_deadline_extend(
            dossier_id=draft.pk, actor=program_admin, new_deadline=date(2027, 2, 1), reason="r", today=TODAY
        )


def test_no_extension_once_the_date_is_being_announced(cycle, late, program_admin):
    AwardCycle.objects.filter(pk=cycle.pk).update(state=AwardCycle.State.ANNOUNCING)
    with pytest.raises(ValidationError, match="being or has been announced"):
        nomination_services.dossier_deadline_extend(
            dossier_id=late.pk, actor=program_admin, new_deadline=date(2026, 12, 5), reason="r", today=TODAY
        )


def test_batch_extension_from_the_page(client, program_admin, cycle, late, expertise):
    other = DossierFactory(owner=UserFactory(country="IE"), expertise=expertise, award_date=CYCLE_DATE)
    client.force_login(program_admin)
    response = chase(
        client, cycle, action="extend", dossiers=[late.pk, other.pk], new_deadline="2026-12-10", reason="Holidays"
    )
    assert response.status_code == 302
    assert set(Dossier.objects.filter(deadline_extended_to=date(2026, 12, 10)).values_list("pk", flat=True)) == {
        late.pk,
        other.pk,
    }
    assert DossierLogEntry.objects.filter(action="deadline_extended", actor=program_admin).count() == 2
    page = client.get(response.url).content.decode()
    assert "2 deadlines extended" in page
