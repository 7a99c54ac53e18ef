"""``{% queue_rows rows %}`` writes what the loop of ``desks/dossier_list.html`` it replaced wrote,
byte for byte: on the demo's queues (conflicts, hidden scores, abstentions, figures that need
discussion, recommendations, announced decisions), in every language of the portal, with names to escape."""

import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from desks.views.lead import _dossier_list_context
from evaluations import selectors as evaluation_selectors
from evaluations.fairness import DossierFigures
from evaluations.models import Assignment, ConflictDeclaration
from mvp_portal.accounts.models import User
from mvp_portal.cycles.models import AwardCycle
from nominations.models import Dossier
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.LANGUAGES]  # French and Portuguese write apostrophes

# The row loop of desks/dossier_list.html as it was, the reference.
FORMER_LOOP = (
    "{% load i18n nominations_tags accounts_tags %}"
    + (Path(__file__).parent / "reference" / "queue_rows.html").read_text()
)


@pytest.fixture
def demo(db):
    call_command("seed_demo", mvps=12, date=TODAY)
    admin = User.objects.get(email="admin@mvp.example")
    conflicted, assigned, other = Dossier.objects.filter(state__in=Dossier.SUBMITTED_STATES).order_by("pk")[:3]
    # Names that escaping and a translation's placeholders could trip up, with a tick box and without.
    for dossier in (conflicted, other):
        dossier.owner.display_name = 'Zoë <b>&amp; "O\'Neil" %(name)s'
        dossier.owner.save(update_fields=["display_name"])
    # A dossier the admin declared a conflict on: the queue shows it without its tick box.
    ConflictDeclaration.objects.create(dossier=conflicted, employee=admin, reason="A friend's dossier.")
    # A dossier the admin is to evaluate: its scores are hidden from them until they have.
    Assignment.objects.create(dossier=assigned, evaluator=admin, assigned_by=admin, batch=uuid.uuid4())


def queues(email: str):
    """The rows of every award date's queue, as the queue's view builds them for ``email``."""
    user = User.objects.get(email=email)
    for award_date in AwardCycle.objects.values_list("award_date", flat=True):
        for sort in ("score", "name"):
            request = RequestFactory().get("/", {"award_date": f"{award_date:%Y-%m-%d}", "sort": sort})
            request.user = user
            context = _dossier_list_context(request)
            if context["rows"]:
                yield context["rows"]
                # The demo's cycles are too small to normalise a score (MIN_SCORED_TO_NORMALISE):
                # the same rows with one, as a bigger cycle would show it.
                yield [
                    (dossier, agg, DossierFigures(Decimal("-0.4567"), 3, figures.spread) if agg.scored else figures)
                    for dossier, agg, figures in context["rows"]
                ]


def test_the_rows_are_what_the_template_wrote(demo):
    engine = engines["django"]
    former, tag = engine.from_string(FORMER_LOOP), engine.from_string("{% load desks_tags %}{% queue_rows rows %}")
    compared = []
    for email in ("admin@mvp.example", "lead@mvp.example"):
        for rows in queues(email):
            for language in LANGUAGES:
                with translation.override(language):
                    assert tag.render({"rows": rows}) == former.render({"rows": rows}), (email, language)
            compared += rows
    # Every kind of row was among those compared.
    dossiers = [dossier for dossier, _agg, _figures in compared]
    covered = {
        "a conflict": any(d.viewer_conflict for d in dossiers),
        "a tick box": any(not d.viewer_conflict for d in dossiers),
        "hidden scores": any(d.scores_hidden for d in dossiers),
        "an abstention": any(d.abstention_count for d in dossiers),
        "needs discussion": any(figures.needs_discussion for _d, _a, figures in compared),
        "a normalised score": any(figures.normalised is not None for _d, _a, figures in compared),
        "a recommendation": any(getattr(d, "recommendation", None) for d in dossiers),
        "a decision": any(getattr(d, "decision", None) for d in dossiers),
        "an announced decision": any(getattr(d, "decision", None) and d.decision.is_frozen for d in dossiers),
        "a name to escape": any("<b>" in d.owner.display_name for d in dossiers),
    }
    assert all(covered.values()), [what for what, found in covered.items() if not found]


def test_the_queue_page_writes_its_rows_in_python(demo, client, monkeypatch):
    from desks import rows as queue_rows_module

    calls = []
    original = queue_rows_module.queue_rows
    monkeypatch.setattr(queue_rows_module, "queue_rows", lambda rows: calls.append(len(rows)) or original(rows))
    client.force_login(User.objects.get(email="admin@mvp.example"))
    award_date = evaluation_selectors.default_award_date(
        evaluation_selectors.queue_award_dates(Dossier.objects.all()), TODAY
    )
    response = client.get(reverse("desks:dossier-list"), {"award_date": f"{award_date:%Y-%m-%d}"})
    assert response.status_code == 200
    assert calls and calls[0] == response.content.count(b"<tr>\n      \n      <td")
