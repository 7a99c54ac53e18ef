"""The admin's cycle page writes its two dossier tables' rows with ``{% dossier_table_rows %}``:
byte for byte what the loop of ``desks/_dossier_table.html`` it replaced wrote, on every cycle
of the demo, with and without the end of the award renewed, in four languages."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import engines
from django.utils import translation

from awards import selectors as award_selectors
from mvp_portal.cycles.models import AwardCycle
from nominations.models import Dossier
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db

# The row loop of desks/_dossier_table.html as it was, the reference.
FORMER_LOOP = "{% load i18n %}" + (Path(__file__).parent / "reference" / "dossier_table_rows.html").read_text()


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
        for dossiers in (award_selectors.cycle_undecided(cycle), award_selectors.cycle_unsubmitted(cycle)):
            dossiers = list(dossiers)
            shown += len(dossiers)
            renewing += sum(1 for dossier in dossiers if getattr(dossier, "renewed_award", None))
            for language in ("en", "de", "ja", "ar"):
                for show_ends in (True, False, ""):
                    context = {"dossiers": dossiers, "show_ends": show_ends}
                    with translation.override(language):
                        assert tag.render(context) == former.render(context), (cycle, language, show_ends)
    assert shown and renewing
