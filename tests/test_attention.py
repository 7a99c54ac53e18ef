"""The home page's items, cached per person (mvp_portal/attention.py): each write
that changes a personal item invalidates it next to the write, and the cached
item is gone on the next look. A write that did not invalidate would leave the
stale item (``test_items_stay_cached_until_their_owner_changes``)."""

from datetime import date

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Award
from evaluations import services as evaluation_services
from mvp_portal.accounts.roles import Role
from mvp_portal.attention import attention_changed, cached_attention_items_for
from mvp_portal.cycles import services as cycle_services
from nominations import services as nomination_services
from nominations.models import Dossier
from nominations.sources import services as source_services
from nominations.sources.connectors.base import FoundItem
from tests.conftest import TODAY
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    AssignmentFactory,
    AwardCycleFactory,
    AwardFactory,
    CriterionFactory,
    DossierFactory,
    NominationFactory,
    UserFactory,
)
from tests.factories.directory import NdaVersionFactory
from tests.factories.sources import NOW, SourceConnectionFactory, SuggestionFactory


def items(user) -> dict[str, object]:
    """What the home page shows ``user``: title → count or detail."""
    return {
        item.title: item.count if item.count is not None else item.detail
        for item in cached_attention_items_for(user, today=TODAY)
    }


DRAFT = "Your new dossier is a draft"
RETURNED = "Your new dossier was returned to you"
TO_EVALUATE = "Dossiers to evaluate"
SUGGESTIONS = "Activities found by your sources"
NDA = "Accept the NDA (version 2026.3)"
KIT = "Confirm where to send your certificate and trophy"


@pytest.fixture
def draft(db, nominee, expertise):
    return DossierFactory(owner=nominee, expertise=expertise)


@pytest.fixture
def evaluator(db):
    return UserFactory(display_name="Eve Evaluator", roles=[Role.EMPLOYEE])


@pytest.fixture
def assigned(db, nominee, expertise, evaluator):
    """A dossier under evaluation, assigned to ``evaluator``; its cycle evaluating."""
    AwardCycleFactory(award_date=date(2027, 1, 1), state="evaluating")
    dossier = DossierFactory(owner=nominee, expertise=expertise, state=Dossier.State.UNDER_EVALUATION)
    AssignmentFactory(dossier=dossier, evaluator=evaluator)
    return dossier


# The cache itself ---------------------------------------------------------------------------
def test_items_stay_cached_until_their_owner_changes(draft):
    assert "(0 activities so far)" in items(draft.owner)[DRAFT]
    ActivityFactory(dossier=draft)  # behind the services' back: nothing invalidates
    assert "(0 activities so far)" in items(draft.owner)[DRAFT]
    attention_changed(draft.owner_id)
    assert "(1 activity so far)" in items(draft.owner)[DRAFT]


def test_items_are_cached_per_language(draft):
    from django.utils import translation

    assert DRAFT in items(draft.owner)
    with translation.override("de"):
        german = items(draft.owner)
    assert DRAFT not in german and len(german) == 1


def test_the_home_page_reads_the_cache_in_a_constant_number_of_queries(client, nominee, expertise):
    client.force_login(nominee)

    def warm_queries() -> int:
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("home")).content.decode()
        assert DRAFT in page or "renewal" in page
        return len(queries)

    DossierFactory(owner=nominee, expertise=expertise)
    one = warm_queries()
    for day in (date(2027, 4, 1), date(2027, 7, 1), date(2027, 10, 1)):
        DossierFactory(owner=nominee, expertise=expertise, kind=Dossier.Kind.RENEWAL, award_date=day)
    attention_changed(nominee.pk)
    # No provider runs, the navigation bar is kept too, and so are the page and its viewer.
    assert warm_queries() == one == 0


# The navigation bar, kept under the same rule -----------------------------------------------
def navigation(client) -> str:
    page = client.get(reverse("home")).content.decode()
    return page[page.index('id="main-nav"') : page.index("</nav>")]


@pytest.mark.usefixtures("pages_drawn")  # the page drawn each time: this is about the bar kept in it
def test_the_navigation_is_kept_until_its_person_changes(client, nominee, expertise):
    client.force_login(nominee)
    assert "My dossiers" not in navigation(client)
    DossierFactory(owner=nominee, expertise=expertise)  # behind the services' back: nothing invalidates
    assert "My dossiers" not in navigation(client)
    attention_changed(nominee.pk)
    assert "My dossiers" in navigation(client)
    AwardFactory(user=nominee, expertise=expertise, starts_on=date(2026, 10, 1))
    assert "My award" not in navigation(client)
    from mvp_portal.attention import everyone_attention_changed

    everyone_attention_changed()  # as every write of who holds an award does
    assert "My award" in navigation(client)


def test_a_role_given_or_taken_shows_at_once(client, nominee):
    """Roles are read on every request and are part of the kept bar's key: a role taken away
    takes its desks out of the bar on the next page, with no invalidation to forget."""
    from django.contrib.auth.models import Group

    leads = Group.objects.get(name=Role.MVP_LEAD)
    nominee.groups.add(leads)
    client.force_login(nominee)  # with the code staff give
    assert "Lead desk" in navigation(client)
    nominee.groups.remove(leads)
    assert "Lead desk" not in navigation(client)
    nominee.groups.add(leads)
    assert "Lead desk" in navigation(client)


def test_the_navigation_is_kept_per_language(client, nominee):
    client.force_login(nominee)
    assert "Directory" in navigation(client)
    client.post(reverse("accounts:language"), {"language": "de", "next": "/"})
    assert "Verzeichnis" in navigation(client)


# nominations/services.py ---------------------------------------------------------------------
def test_dossier_create(nominee, expertise):
    assert DRAFT not in items(nominee)
    nomination = NominationFactory(nominee=nominee, expertise=expertise, state="claimed")
    nomination_services.dossier_create(
        owner=nominee,
        kind=Dossier.Kind.NEW,
        expertise=expertise,
        award_date=date(2027, 4, 1),
        period_start=date(2025, 11, 29),
        period_end=TODAY,
        nomination=nomination,
    )
    assert DRAFT in items(nominee)


def test_dossier_transition_for_the_owner(draft):
    Dossier.objects.filter(pk=draft.pk).update(state=Dossier.State.SUBMITTED)
    attention_changed(draft.owner_id)
    assert RETURNED not in items(draft.owner)
    nomination_services.dossier_transition(
        dossier_id=draft.pk, to_state=Dossier.State.RETURNED, actor=None, action="returned"
    )
    assert RETURNED in items(draft.owner)


def test_dossier_transition_for_its_evaluators(assigned, evaluator):
    assert items(evaluator)[TO_EVALUATE] == 1
    nomination_services.dossier_close(dossier_id=assigned.pk)
    assert TO_EVALUATE not in items(evaluator)


def test_dossier_roll_over(nominee, expertise):
    draft = DossierFactory(owner=nominee, expertise=expertise, award_date=date(2027, 4, 1))
    AwardCycleFactory(award_date=date(2027, 4, 1))
    before = items(nominee)[DRAFT]
    assert "18 February 2027" in before
    nomination_services.dossier_roll_over(dossier_id=draft.pk, today=TODAY)
    draft.refresh_from_db()
    assert draft.award_date == date(2027, 7, 1)
    assert "18 February 2027" not in items(nominee)[DRAFT]


def test_dossier_deadline_extend(nominee, expertise, program_admin):
    draft = DossierFactory(owner=nominee, expertise=expertise, award_date=date(2027, 4, 1))
    AwardCycleFactory(award_date=date(2027, 4, 1))
    assert "18 February 2027" in items(nominee)[DRAFT]
    nomination_services.dossier_deadline_extend(
        dossier_id=draft.pk, actor=program_admin, new_deadline=date(2027, 3, 1), reason="Illness", today=TODAY
    )
    assert "1 March 2027" in items(nominee)[DRAFT]


def test_activity_save(draft):
    assert "(0 activities so far)" in items(draft.owner)[DRAFT]
    nomination_services.activity_save(
        dossier_id=draft.pk,
        actor=draft.owner,
        today=TODAY,
        activity_type=ActivityTypeFactory(),
        title="A talk",
        started_on=date(2026, 6, 1),
        quantity=1,
    )
    assert "(1 activity so far)" in items(draft.owner)[DRAFT]


def test_activity_delete(draft):
    activity = ActivityFactory(dossier=draft)
    assert "(1 activity so far)" in items(draft.owner)[DRAFT]
    nomination_services.activity_delete(activity_id=activity.pk, actor=draft.owner)
    assert "(0 activities so far)" in items(draft.owner)[DRAFT]


def test_activities_import(draft):
    assert "(0 activities so far)" in items(draft.owner)[DRAFT]
    kind = ActivityTypeFactory()
    row = {"activity_type_id": kind.pk, "title": "Imported", "started_on": "2026-05-01", "quantity": 1}
    assert nomination_services.activities_import(dossier_id=draft.pk, actor=draft.owner, today=TODAY, rows=[row]).added
    assert "(1 activity so far)" in items(draft.owner)[DRAFT]


def test_dossiers_open_renewals(mvp, expertise):
    renewal = "Your renewal dossier is a draft"
    assert renewal not in items(mvp)
    spec = nomination_services.RenewalDossierSpec(
        owner_id=mvp.pk,
        country="IE",
        expertise_id=expertise.pk,
        award_date=date(2027, 10, 1),
        period_start=date(2025, 11, 29),
        period_end=TODAY,
    )
    nomination_services.dossiers_open_renewals(specs=[spec], owner_ids=[mvp.pk])
    assert renewal in items(mvp)


def test_dossier_content_erase(draft):
    ActivityFactory(dossier=draft)
    assert "(1 activity so far)" in items(draft.owner)[DRAFT]
    nomination_services.dossier_content_erase(dossier_id=draft.pk)
    assert "(0 activities so far)" in items(draft.owner)[DRAFT]


# nominations/sources/services.py ---------------------------------------------------------------
@pytest.fixture
def found(db, nominee):
    suggestion = SuggestionFactory(connection=SourceConnectionFactory(owner=nominee))
    return suggestion


def test_suggestions_recorded(nominee):
    connection_ = SourceConnectionFactory(owner=nominee)
    assert SUGGESTIONS not in items(nominee)
    item = FoundItem(
        url="https://blog.example.org/new/", title="New", occurred_on=date(2026, 11, 1), type_slug="blog-post"
    )
    assert source_services._record_suggestions(connection_, [item], now=NOW) == 1
    assert items(nominee)[SUGGESTIONS] == 1


def test_suggestion_dismiss(found, nominee):
    assert items(nominee)[SUGGESTIONS] == 1
    source_services.suggestion_dismiss(suggestion_id=found.pk, actor=nominee, now=NOW)
    assert SUGGESTIONS not in items(nominee)


def test_suggestion_accept(found, nominee, expertise):
    dossier = DossierFactory(owner=nominee, expertise=expertise)
    assert items(nominee)[SUGGESTIONS] == 1
    source_services.suggestion_accept(
        suggestion_id=found.pk,
        actor=nominee,
        dossier_id=dossier.pk,
        today=TODAY,
        now=NOW,
        activity_type=found.activity_type,
        title=found.title,
        started_on=found.occurred_on,
        url=found.url,
        quantity=1,
    )
    assert SUGGESTIONS not in items(nominee)


def test_source_disconnect(found, nominee):
    assert items(nominee)[SUGGESTIONS] == 1
    source_services.source_disconnect(connection_id=found.connection_id, actor=nominee)
    assert SUGGESTIONS not in items(nominee)


# evaluations/services.py -----------------------------------------------------------------------
def test_assignments_create(lead, nominee, expertise, evaluator):
    AwardCycleFactory(award_date=date(2027, 1, 1), state="evaluating")
    dossier = DossierFactory(owner=nominee, expertise=expertise, state=Dossier.State.SUBMITTED)
    assert TO_EVALUATE not in items(evaluator)
    evaluation_services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    assert items(evaluator)[TO_EVALUATE] == 1


def test_assignment_remove(lead, assigned, evaluator):
    assert items(evaluator)[TO_EVALUATE] == 1
    evaluation_services.assignment_remove(assignment_id=assigned.assignments.get().pk, actor=lead)
    assert TO_EVALUATE not in items(evaluator)


def test_conflict_declare(assigned, evaluator):
    assert items(evaluator)[TO_EVALUATE] == 1
    evaluation_services.conflict_declare(dossier_id=assigned.pk, employee=evaluator, reason="We work together.")
    assert TO_EVALUATE not in items(evaluator)


def test_evaluation_submit(assigned, evaluator):
    from evaluations.models import Criterion

    Criterion.objects.update(is_active=False)
    rubric = [CriterionFactory(name="T Impact", weight=1, position=1)]
    assert items(evaluator)[TO_EVALUATE] == 1
    evaluation_services.evaluation_submit(
        dossier_id=assigned.pk, evaluator=evaluator, comment="ok", scores={c.pk: 4 for c in rubric}
    )
    assert TO_EVALUATE not in items(evaluator)


# directory --------------------------------------------------------------------------------------
def test_nda_accept(mvp):
    from directory.services import nda_accept

    version = NdaVersionFactory(version="2026.3")
    assert NDA in items(mvp)
    nda_accept(user=mvp, version=version, now=NOW)
    assert NDA not in items(mvp)


def test_award_kit_confirm_address(mvp):
    from directory.services import award_kit_confirm_address

    assert KIT in items(mvp)
    award_kit_confirm_address(award=mvp.awards.get(), shipping_address="1 Main Street, Dublin", now=NOW)
    assert KIT not in items(mvp)


def _admin_request(user):
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().post("/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_nda_version_published_in_the_admin(mvp, program_admin):
    from directory.models import NdaVersion

    assert NDA not in items(mvp)
    draft_version = NdaVersionFactory(version="2026.3", published_at=None)
    assert NDA not in items(mvp)
    admin = site._registry[NdaVersion]
    admin.publish_now(_admin_request(program_admin), NdaVersion.objects.filter(pk=draft_version.pk))
    assert NDA in items(mvp)


def test_award_added_in_the_admin(nominee, expertise, program_admin):
    NdaVersionFactory(version="2026.3")
    assert KIT not in items(nominee)
    award = AwardFactory.build(user=nominee, expertise=expertise, starts_on=date(2026, 10, 1))
    site._registry[Award].save_model(_admin_request(program_admin), award, form=None, change=False)
    assert KIT in items(nominee) and NDA in items(nominee)


def test_cycle_deadlines_update(draft, program_admin):
    cycle = AwardCycleFactory(award_date=date(2027, 4, 1))
    before = items(draft.owner)[DRAFT]
    assert "18 February 2027" in before  # the draft's next open date, 2027-04-01, and its default deadline
    cycle_services.cycle_deadlines_update(
        cycle_id=cycle.pk,
        submission_deadline=date(2027, 2, 25),
        evaluation_deadline=date(2027, 3, 10),
        actor=program_admin,
        today=TODAY,
    )
    assert "25 February 2027" in items(draft.owner)[DRAFT]
