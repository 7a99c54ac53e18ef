"""Set-based writes (``mvp_portal.bulk``) tell what is kept over a model's rows that they wrote:
no ``post_save`` is sent for them, so ``public_cache.replaced_on_writes`` listens to ``rows_written``."""

import pytest

from evaluations.selectors import QUEUE
from mvp_portal import bulk, public_cache
from nominations.models import Dossier
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db


def token() -> str:
    return public_cache.generations([QUEUE])[0]


def test_a_set_based_write_replaces_what_is_kept_over_its_rows(expertise):
    dossier = DossierFactory(expertise=expertise)
    before = token()
    assert bulk.update_rows(Dossier, field_name="return_message", values={dossier.pk: "Please add dates."}) == 1
    after_update = token()
    assert after_update != before
    row = {
        "owner_id": UserFactory().pk,  # a person: not a row the queue keeps anything over
        "kind": Dossier.Kind.RENEWAL,
        "state": Dossier.State.DRAFT,
        "expertise_id": expertise.pk,
        "country": "IE",
        "award_date": dossier.award_date.replace(year=dossier.award_date.year + 1),
        "period_start": dossier.period_start,
        "period_end": dossier.period_end,
    }
    assert token() == after_update
    assert len(bulk.insert_rows(Dossier, [row])) == 1
    assert token() != after_update


def test_a_set_based_write_that_changes_nothing_replaces_nothing(expertise):
    dossier = DossierFactory(expertise=expertise)
    before = token()
    assert bulk.update_rows(Dossier, field_name="return_message", values={dossier.pk + 1000: "No such dossier."}) == 0
    assert bulk.insert_rows(Dossier, []) == []
    assert token() == before
