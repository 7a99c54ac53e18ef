"""``seed_demo`` shows renewal readiness on any day: the demo MVP's year has gaps
and a note from their lead in the renewal window; a renewal on the desk has a
previous year to compare with on its decision page."""

from datetime import date

import pytest

from awards.models import Award, ReadinessNoteEdit
from awards.permissions import can_view_readiness
from awards.readiness import Coverage, readiness_for
from evaluations.selectors import year_over_year
from mvp_portal.accounts.models import User
from nominations.counting import dossier_picture
from nominations.models import Dossier
from tests.awards import test_showroom_any_day

showroom = test_showroom_any_day.showroom  # the fixture: seed_demo as on its day


@pytest.mark.parametrize(
    "showroom",
    [date(2026, 11, 29), date(2027, 1, 1), date(2027, 3, 31), date(2028, 2, 29)],
    indirect=True,
    ids=str,
)
def test_the_demo_shows_readiness_with_gaps_a_note_and_a_year_to_compare(showroom):
    today = showroom
    mvp = User.objects.get(email="mvp@mvp.example")
    award = Award.objects.held_on(today).filter(user=mvp).select_related("renewal_dossier", "user").get()
    readiness = readiness_for(award, today=today)
    assert readiness.window_open and readiness.counted_count
    assert readiness.gaps and readiness.months_without
    assert {row.state for row in readiness.criteria} & {Coverage.THIN, Coverage.NOT_YET}
    note = readiness.note
    assert note is not None and note.was_edited and ReadinessNoteEdit.objects.filter(note=note).count() == 2
    assert can_view_readiness(note.written_by, award) and note.written_by != mvp

    renewals = Dossier.objects.filter(kind="renewal", state="under_evaluation").select_related("owner")
    compared = [yoy for d in renewals if (yoy := year_over_year(d, dossier_picture(d, today=today), today=today))]
    assert compared
    yoy = compared[0]
    assert yoy.decision and yoy.decision.verdict == "award" and yoy.feedback_published
    assert yoy.criteria and all(row.then_median is not None for row in yoy.criteria)
    assert any(row.now_median is not None for row in yoy.criteria)
    assert {row.trend for row in yoy.types} & {"new", "stopped", "grew", "shrank", "steady"}
