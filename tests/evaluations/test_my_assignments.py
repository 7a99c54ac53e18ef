"""The employee's "My evaluations": a dossier decided before they scored it is
closed for them, not something still to do."""

import uuid

from django.urls import reverse

from evaluations.models import Assignment
from nominations.models import Dossier


def test_a_decided_dossier_left_unscored_reads_closed_not_to_do(client, dossier, evaluator, lead):
    Assignment.objects.create(dossier=dossier, evaluator=evaluator, assigned_by=lead, batch=uuid.uuid4())
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.DECIDED)
    client.force_login(evaluator)
    page = client.get(reverse("evaluations:my-assignments")).content.decode()
    done = page[page.index('id="done-heading"') :]
    assert "not evaluated: closed" in done and "to do" not in done
