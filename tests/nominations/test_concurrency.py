"""Races against PostgreSQL: one invitation claimed twice at once; a dossier submitted twice at once."""

import threading

import pytest
from django.db import connection

from mvp_portal.notices.models import Notice
from nominations.models import Dossier, DossierLogEntry, Nomination
from nominations.services import InvitationProblem, dossier_submit, invitation_claim, invitation_send
from tests.conftest import TODAY
from tests.factories import DossierFactory, NominationFactory, UserFactory

pytestmark = pytest.mark.services


def race(*calls):
    barrier = threading.Barrier(len(calls), timeout=20)
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except BaseException as exc:  # collected for the assertions
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_invitation_claimed_twice_at_once_opens_one_dossier(transactional_db, postgres, lead):
    nomination = NominationFactory(nominee_country="IE")
    invitation = invitation_send(nomination_id=nomination.pk, actor=lead)
    # Only the invited address may claim: the same person, from two tabs at once.
    invited = UserFactory(email=nomination.nominee_email)
    outcomes = race(
        lambda: invitation_claim(invitation_id=invitation.pk, today=TODAY, user=invited),
        lambda: invitation_claim(invitation_id=invitation.pk, today=TODAY, user=invited),
    )
    dossiers = [o for o in outcomes if isinstance(o, Dossier)]
    problems = [o for o in outcomes if isinstance(o, InvitationProblem)]
    assert len(dossiers) == 1 and len(problems) == 1, outcomes
    assert problems[0].kind == "used"
    assert Dossier.objects.count() == 1
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.CLAIMED and nomination.nominee_id == dossiers[0].owner_id


def test_dossier_submitted_twice_at_once_is_submitted_once(transactional_db, postgres, lead):
    dossier = DossierFactory(owner=UserFactory(country="IE"))
    outcomes = race(
        lambda: dossier_submit(dossier_id=dossier.pk, actor=dossier.owner, today=TODAY),
        lambda: dossier_submit(dossier_id=dossier.pk, actor=dossier.owner, today=TODAY),
    )
    assert sum(isinstance(o, Dossier) for o in outcomes) == 1, outcomes
    assert DossierLogEntry.objects.filter(dossier=dossier, action="submitted").count() == 1
    assert Notice.objects.filter(template="nominations/emails/dossier_submitted").count() == 1
