"""One reconsideration: within 14 days of an announced decline, once, decided by another admin; final."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.models import Award
from evaluations import permissions as perms
from evaluations import services
from evaluations.models import Decision, Reconsideration
from mvp_portal.accounts.roles import Role
from mvp_portal.notices.models import Notice
from mvp_portal.program_calendar import award_ends_on, program_today
from nominations.models import DossierLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_admin(db):
    return UserFactory(display_name="Bea Admin", email="bea@example.org", roles=[Role.PROGRAM_ADMIN], is_staff=True)


@pytest.fixture
def declined(dossier, program_admin):
    """The dossier declined by Ada and announced today (2026-11-28)."""
    services.decision_record(
        dossier_id=dossier.pk,
        actor=program_admin,
        verdict="decline",
        rationale="Thin year",
        confirm_without_evaluations=True,
    )
    Decision.objects.filter(dossier=dossier).update(announced_at=timezone.now())
    dossier.refresh_from_db()
    return dossier


def ask(dossier, nominee, **kwargs):
    return services.reconsideration_request(
        dossier_id=dossier.pk,
        actor=nominee,
        statement=kwargs.get("statement", "My talks were missed."),
        evidence=kwargs.get("evidence", "https://example.org/talk"),
        today=program_today(),
    )


def test_the_window_is_fourteen_days_from_the_announcement(clock, declined, nominee):
    assert perms.reconsideration_closes_on(declined.decision) == date(2026, 12, 12)
    clock.move_to("2026-12-13T12:00:00+00:00")
    with pytest.raises(ValidationError, match="that time has passed"):
        ask(declined, nominee)
    clock.move_to("2026-12-12T12:00:00+00:00")
    assert ask(declined, nominee).statement == "My talks were missed."


def test_once_only_and_by_the_person_only(declined, nominee, lead):
    with pytest.raises(PermissionDenied):
        ask(declined, lead)
    with pytest.raises(ValidationError, match="Say why"):
        ask(declined, nominee, statement="  ")
    ask(declined, nominee)
    with pytest.raises(ValidationError, match="once"):
        ask(declined, nominee, statement="Again")
    assert Reconsideration.objects.count() == 1
    assert Notice.objects.filter(template="evaluations/emails/reconsideration_requested").count() == 1
    assert DossierLogEntry.objects.filter(dossier=declined, action="reconsideration_requested").count() == 1


def test_not_before_the_announcement_nor_of_an_award(dossier, program_admin, nominee):
    services.decision_record(
        dossier_id=dossier.pk, actor=program_admin, verdict="award", rationale="Fine", confirm_without_evaluations=True
    )
    with pytest.raises(ValidationError, match="announced decline"):
        ask(dossier, nominee)
    Decision.objects.filter(dossier=dossier).update(announced_at=timezone.now())
    with pytest.raises(ValidationError, match="announced decline"):
        ask(dossier, nominee)


def test_a_different_admin_upholds_and_the_outcome_is_final(declined, nominee, program_admin, second_admin, lead):
    ask(declined, nominee)
    with pytest.raises(PermissionDenied, match="no part in the decision"):
        services.reconsideration_decide(dossier_id=declined.pk, actor=program_admin, outcome="upheld", note="No")
    with pytest.raises(PermissionDenied):
        services.reconsideration_decide(dossier_id=declined.pk, actor=lead, outcome="upheld", note="No")
    with pytest.raises(ValidationError, match="Explain"):
        services.reconsideration_decide(dossier_id=declined.pk, actor=second_admin, outcome="upheld", note=" ")
    result = services.reconsideration_decide(
        dossier_id=declined.pk, actor=second_admin, outcome="upheld", note="The talks were counted."
    )
    assert result.outcome == "upheld" and result.decided_by == second_admin
    with pytest.raises(ValidationError, match="final"):
        services.reconsideration_decide(dossier_id=declined.pk, actor=second_admin, outcome="overturned", note="x")
    assert Decision.objects.get(dossier=declined).verdict == "decline"
    assert not Award.objects.exists()
    notice = Notice.objects.get(template="evaluations/emails/reconsideration_decided")
    assert notice.recipient == nominee and "final" in notice.body_text and "upheld" in notice.subject
    assert DossierLogEntry.objects.filter(dossier=declined, action="reconsideration_upheld").exists()


def test_overturning_grants_the_award_for_the_same_award_date(declined, nominee, second_admin):
    ask(declined, nominee)
    services.reconsideration_decide(
        dossier_id=declined.pk, actor=second_admin, outcome="overturned", note="The new talks tip it."
    )
    decision = Decision.objects.get(dossier=declined)
    assert (decision.verdict, decision.changed_by, decision.version) == ("award", second_admin, 2)
    award = Award.objects.get(dossier=declined)
    assert (award.user, award.starts_on, award.ends_on) == (nominee, date(2027, 1, 1), award_ends_on(date(2027, 1, 1)))
    assert award.cycle.award_date == date(2027, 1, 1)
    entry = DossierLogEntry.objects.get(dossier=declined, action="decision_changed")
    assert entry.data["previous_verdict"] == "decline" and entry.data["by_reconsideration"] is True
    notice = Notice.objects.get(template="evaluations/emails/reconsideration_decided")
    assert "overturned" in notice.subject and "final" in notice.body_text


def test_the_pages(client, declined, nominee, second_admin, program_admin):
    own = reverse("evaluations:reconsideration", kwargs={"pk": declined.pk})
    client.force_login(nominee)
    page = client.get(reverse("nominations:dossier-detail", kwargs={"pk": declined.pk})).content.decode()
    assert "Ask for reconsideration" in page
    response = client.post(own, {"statement": "", "evidence": "KEPT-EVIDENCE"})
    assert response.status_code == 400 and "KEPT-EVIDENCE" in response.content.decode()
    assert "Check your request" in response.content.decode()
    response = client.post(own, {"statement": "Missed talks", "evidence": "https://example.org/t"})
    assert response.status_code == 302
    assert "is looking at it" in client.get(own).content.decode()
    desk = reverse("desks:dossier", kwargs={"pk": declined.pk})
    client.force_login(program_admin)
    page = client.get(desk).content.decode()
    assert "Missed talks" in page and "Decide the reconsideration" not in page
    client.force_login(second_admin)
    assert "Decide the reconsideration" in client.get(desk).content.decode()
    decide = reverse("desks:reconsideration-decide", kwargs={"pk": declined.pk})
    response = client.post(decide, {"outcome": "upheld", "note": ""})
    assert response.status_code == 400
    response = client.post(decide, {"outcome": "upheld", "note": "Counted already."})
    assert response.status_code == 302
    client.force_login(nominee)
    page = client.get(own).content.decode()
    assert "the decision is upheld" in page and "This outcome is final" in page
