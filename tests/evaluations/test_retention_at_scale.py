"""The retention of declined nominees' dossiers at scale: set-based, in chunks,
each committed on its own, the statements growing with the chunks only."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations import services
from evaluations.models import Decision
from nominations.models import Activity, Dossier, Nomination
from tests.factories import ActivityFactory, DecisionFactory, DossierFactory

TODAY = date(2027, 1, 1)  # two years after the 2025-01-01 cycle


def declined(count: int, expertise, program_admin, *, message: str = "") -> list[Dossier]:
    dossiers = []
    for _ in range(count):
        dossier = DossierFactory(
            expertise=expertise, state=Dossier.State.DECIDED, award_date=date(2025, 1, 1), return_message=message
        )
        ActivityFactory.create_batch(2, dossier=dossier)
        DecisionFactory(dossier=dossier, verdict=Decision.Verdict.DECLINE, decided_by=program_admin)
        dossiers.append(dossier)
    return dossiers


def erase_queries(monkeypatch, chunk: int) -> tuple[int, int]:
    monkeypatch.setattr(services, "ERASE_CHUNK", chunk)
    with CaptureQueriesContext(connection) as queries:
        erased = services.declined_dossiers_erase(today=TODAY)
    return erased, len(queries)


def test_declined_dossiers_are_erased_in_chunks_each_once(db, expertise, program_admin, monkeypatch):
    dossiers = declined(7, expertise, program_admin, message="Please add your talks.")
    kept = DossierFactory(expertise=expertise, state=Dossier.State.DECIDED, award_date=date(2025, 1, 1))
    ActivityFactory(dossier=kept)
    DecisionFactory(dossier=kept, verdict=Decision.Verdict.AWARD, decided_by=program_admin)

    erased, _ = erase_queries(monkeypatch, 3)
    assert erased == 7
    assert not Activity.objects.filter(dossier__in=dossiers).exists()
    assert not Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).exclude(return_message="").exists()
    assert not Nomination.objects.filter(dossier__in=dossiers).exclude(statement="").exists()
    assert Decision.objects.filter(dossier__in=dossiers, verdict="decline").count() == 7  # the figures stay
    assert kept.activities.exists()
    assert services.declined_dossiers_erase(today=TODAY) == 0  # twice changes nothing


def test_erasure_statements_grow_with_the_chunks_not_the_dossiers(db, expertise, program_admin, monkeypatch):
    declined(2, expertise, program_admin)
    _, small = erase_queries(monkeypatch, 1)  # two chunks of one
    declined(8, expertise, program_admin)
    erased, large = erase_queries(monkeypatch, 4)  # two chunks of four
    assert erased == 8
    assert large == small
