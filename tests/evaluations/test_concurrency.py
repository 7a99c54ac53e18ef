"""Two program admins deciding one dossier at the same moment, against PostgreSQL."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from evaluations.models import Decision
from mvp_portal.accounts.roles import Role
from nominations.models import Dossier, DossierLogEntry
from tests.factories import DossierFactory, UserFactory
from tests.support.clients import Client  # force_login passes staff two-factor

pytestmark = pytest.mark.services


def test_two_simultaneous_decisions_leave_exactly_one(transactional_db, postgres):
    first = UserFactory(display_name="Ada Admin", roles=[Role.PROGRAM_ADMIN])
    second = UserFactory(display_name="Abe Admin", roles=[Role.PROGRAM_ADMIN])
    dossier = DossierFactory(state=Dossier.State.UNDER_EVALUATION)
    url = reverse("desks:decision-record", kwargs={"pk": dossier.pk})
    barrier = threading.Barrier(2, timeout=20)
    results: dict[str, tuple[int, str]] = {}
    errors: list[BaseException] = []

    def decide(admin, verdict):
        try:
            client = Client()
            client.force_login(admin)
            barrier.wait()
            response = client.post(
                url,
                {
                    "verdict": verdict,
                    "rationale": f"{admin.display_name} says {verdict}",
                    "confirm_without_evaluations": "on",
                },
            )
            results[admin.display_name] = (response.status_code, response.content.decode())
        except BaseException as exc:  # surfaced in the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(first, "award")),
        threading.Thread(target=decide, args=(second, "decline")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(results) == 2
    decisions = list(Decision.objects.filter(dossier=dossier).select_related("decided_by"))
    assert len(decisions) == 1
    winner = decisions[0].decided_by.display_name
    loser = "Abe Admin" if winner == "Ada Admin" else "Ada Admin"
    assert results[winner][0] == 302
    status, page = results[loser]
    assert status == 200  # no error page: the loser is shown what happened
    assert f"Already decided by {winner}" in page
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.DECIDED
    assert DossierLogEntry.objects.filter(dossier=dossier, action="decided").count() == 1
