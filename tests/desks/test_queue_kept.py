"""The queue's whole-cycle reads (its order, counts, award dates and the cycle's fairness
figures) are kept in the cache, and gone with the write that changes them, whichever
service makes it (``public_cache.replaced_on_writes``, on the rows' signals)."""

import pytest
from django.urls import reverse

from evaluations import services
from mvp_portal.public_cache import directory_changed
from nominations.models import Dossier
from tests.evaluations.test_services import scores_for
from tests.factories import DossierFactory, UserFactory

# The queue drawn on every request, not its viewer's kept copy: these tests are about its kept reads.
pytestmark = pytest.mark.usefixtures("pages_drawn")

URL = reverse("desks:dossier-list")


def order(client) -> list[int]:
    return [row[0].pk for row in client.get(URL, {"award_date": "2027-01-01"}).context["rows"]]


def test_an_evaluation_submitted_reorders_the_kept_queue(client, lead, dossier, evaluator, rubric, expertise):
    aaron = UserFactory(display_name="Aaron First", country="IE")
    other = DossierFactory(owner=aaron, expertise=expertise, state=Dossier.State.SUBMITTED)
    services.assignments_create(dossier_ids=[dossier.pk, other.pk], evaluator_ids=[evaluator.pk], actor=lead)
    client.force_login(lead)
    assert order(client) == [other.pk, dossier.pk]  # both unscored: by the owner's name
    assert order(client) == [other.pk, dossier.pk]  # kept

    services.evaluation_submit(
        dossier_id=dossier.pk, evaluator=evaluator, comment="Strong.", scores=scores_for(rubric, 5, 4, 2)
    )
    assert order(client) == [dossier.pk, other.pk]  # the scored one first


def test_a_recommendation_saved_changes_the_kept_counts(client, lead, dossier):
    client.force_login(lead)
    assert client.get(URL).context["counts"]["without_recommendation"] == 1
    services.recommendation_save(dossier_id=dossier.pk, actor=lead, verdict="award", note="A year of talks.")
    assert client.get(URL).context["counts"]["without_recommendation"] == 0


def test_a_renamed_owner_moves_in_the_kept_order(client, lead, dossier, expertise):
    other = DossierFactory(owner=UserFactory(display_name="Aaron First", country="IE"), expertise=expertise)
    Dossier.objects.filter(pk=other.pk).update(state=Dossier.State.SUBMITTED)  # past the signals: not yet seen
    client.force_login(lead)
    assert order(client) == [other.pk, dossier.pk]
    owner = other.owner
    owner.display_name = "Zoë Last"
    owner.save()
    assert order(client) == [other.pk, dossier.pk]  # no write the queue reads: kept
    directory_changed()  # what profile_save calls next to the write
    assert order(client) == [dossier.pk, other.pk]
