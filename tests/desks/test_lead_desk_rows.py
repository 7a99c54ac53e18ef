"""The lead desk's three lists (``{% nomination_rows %}``, ``{% review_rows %}``,
``{% overdue_rows %}``) write what the loops of ``desks/lead_desk.html`` they replaced wrote,
byte for byte: on the demo's desks, in every language of the portal, with names to escape."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import engines
from django.urls import reverse
from django.utils import translation

from desks.selectors import lead_desk
from evaluations.models import Assignment
from mvp_portal.accounts.models import User
from nominations.models import Dossier, Nomination
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.LANGUAGES]  # French and Portuguese write apostrophes

# The three row loops of desks/lead_desk.html as they were, the reference.
NOMINATIONS, REVIEW, OVERDUE = (
    "{% load i18n %}" + loop
    for loop in (Path(__file__).parent / "reference" / "lead_desk_rows.html").read_text().split("\n{# ---- #}\n")
)
LAST_AWARD_DATE = date(2027, 4, 1)  # the demo's latest cycle (seed_demo on TODAY)
ESCAPE_ME = 'Zoë <b>&amp; "O\'Neil" %(name)s'


@pytest.fixture
def demo(db):
    call_command("seed_demo", mvps=12, date=TODAY)
    # Names that escaping and a translation's placeholders could trip up.
    Nomination.objects.filter(state=Nomination.State.SUBMITTED).update(nominee_name=ESCAPE_ME)
    for dossier in Dossier.objects.filter(state__in=Dossier.IN_REVIEW_STATES):
        dossier.owner.display_name = ESCAPE_ME
        dossier.owner.save(update_fields=["display_name"])
    # A dossier without evaluators: the desk says it needs them.
    Assignment.objects.filter(dossier=Dossier.objects.filter(state__in=Dossier.IN_REVIEW_STATES).first()).delete()


# Django's own {% csrf_token %} warns on its "NOTPROVIDED" token (format_html without arguments).
@pytest.mark.filterwarnings("ignore:Calling format_html.. without passing args")
def test_the_rows_are_what_the_template_wrote(demo):
    engine = engines["django"]
    former = {name: engine.from_string(loop) for name, loop in zip("nro", (NOMINATIONS, REVIEW, OVERDUE), strict=True)}
    tags = {
        "n": engine.from_string("{% load desks_tags %}{% nomination_rows desk.nominations.rows %}"),
        "r": engine.from_string("{% load desks_tags %}{% review_rows desk.dossiers.rows %}"),
        "o": engine.from_string("{% load desks_tags %}{% overdue_rows desk.overdue.rows %}"),
    }
    request = type("Request", (), {"get_full_path": lambda self: "/desk/lead/?a=1&b=<2>"})()
    shown = {"n": 0, "r": 0, "o": 0}
    needs = set()
    for email in ("lead@mvp.example", "admin@mvp.example"):
        # The day before the last cycle's award date: its evaluations not made are overdue.
        desk = lead_desk(User.objects.get(email=email), today=LAST_AWARD_DATE - timedelta(days=1))
        shown["n"] += len(desk.nominations.rows)
        shown["r"] += len(desk.dossiers.rows)
        shown["o"] += len(desk.overdue.rows)
        needs |= {(bool(d.has_evaluators), bool(getattr(d, "recommendation", None))) for d in desk.dossiers.rows}
        for language in LANGUAGES:
            for token in ("a-token&<>", "NOTPROVIDED", ""):
                context = {"desk": desk, "request": request, "csrf_token": token}
                with translation.override(language):
                    for name in former:
                        assert tags[name].render(context) == former[name].render(context), (email, language, name)
    assert all(shown.values()), shown
    assert len(needs) >= 2, needs


def test_the_desk_page_writes_its_rows_in_python(demo, client, monkeypatch):
    from desks import rows

    calls = []
    for name in ("nomination_rows", "review_rows", "overdue_rows"):
        original = getattr(rows, name)
        monkeypatch.setattr(rows, name, lambda *a, _f=original, _n=name, **k: calls.append(_n) or _f(*a, **k))
    client.force_login(User.objects.get(email="lead@mvp.example"))
    response = client.get(reverse("desks:lead"))
    assert response.status_code == 200
    assert sorted(calls) == ["nomination_rows", "review_rows"]  # nothing overdue on TODAY: no such table
    assert b'name="csrfmiddlewaretoken"' in response.content
