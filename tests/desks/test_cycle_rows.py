"""The admin's cycle page writes its two dossier tables' rows with ``{% dossier_table_rows %}``,
and the lead's nominations page its rows with ``{% nomination_list_rows %}``: byte for byte what
the loops they replaced wrote (``tests/desks/reference/``), on the demo's cycles (with and without
the end of the award renewed) and nominations, in every language of the portal."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import engines
from django.utils import translation

from awards import selectors as award_selectors
from desks.selectors import nomination_history
from mvp_portal.accounts.models import User
from mvp_portal.cycles.models import AwardCycle
from nominations.models import Dossier, Nomination
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.LANGUAGES]  # French and Portuguese write apostrophes

# The row loop of desks/_dossier_table.html as it was, the reference.
REFERENCE = Path(__file__).parent / "reference"
FORMER_LOOP = "{% load i18n %}" + (REFERENCE / "dossier_table_rows.html").read_text()
FORMER_NOMINATION_LOOP = "{% load i18n accounts_tags %}" + (REFERENCE / "nomination_list_rows.html").read_text()
ESCAPE_ME = 'Zoë <b>&amp; "O\'Neil" %(name)s'


def test_the_rows_are_what_the_template_wrote(db):
    call_command("seed_demo", mvps=12, date=TODAY)
    for dossier in Dossier.objects.all():
        dossier.owner.display_name = 'Zoë <b>&amp; "O\'Neil"'
        dossier.owner.save(update_fields=["display_name"])
    engine = engines["django"]
    former = engine.from_string(FORMER_LOOP)
    tag = engine.from_string("{% load desks_tags %}{% dossier_table_rows dossiers show_ends %}")
    shown, renewing = 0, 0
    for cycle in AwardCycle.objects.all():
        for dossiers in (award_selectors.cycle_undecided(cycle, first=50), award_selectors.cycle_unsubmitted(cycle)):
            dossiers = list(dossiers)
            shown += len(dossiers)
            renewing += sum(1 for dossier in dossiers if getattr(dossier, "renewed_award", None))
            for language in LANGUAGES:
                for show_ends in (True, False, ""):
                    context = {"dossiers": dossiers, "show_ends": show_ends}
                    with translation.override(language):
                        assert tag.render(context) == former.render(context), (cycle, language, show_ends)
    assert shown and renewing


def test_the_nomination_rows_are_what_the_template_wrote(db):
    call_command("seed_demo", mvps=12, date=TODAY)
    Nomination.objects.filter(pk=Nomination.objects.order_by("pk").first().pk).update(nominee_name=ESCAPE_ME)
    engine = engines["django"]
    former = engine.from_string(FORMER_NOMINATION_LOOP)
    tag = engine.from_string("{% load desks_tags %}{% nomination_list_rows page.object_list %}")
    states = set()
    for email in ("lead@mvp.example", "admin@mvp.example"):
        nominations = list(nomination_history(User.objects.get(email=email)))
        states |= {nomination.state for nomination in nominations}
        for language in LANGUAGES:
            context = {"page": {"object_list": nominations}}
            with translation.override(language):
                assert tag.render(context) == former.render(context), (email, language)
    assert len(states) >= 3, states
