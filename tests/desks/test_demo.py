"""``seed_demo`` leaves the admin desk something to do: a draft past its deadline
to remind, a deadline extended by an admin, kits to ship, and several cycles of
awards and nominations for the dashboard's trends."""

from datetime import date

from django.core.management import call_command

from desks.dashboard import program_trends
from desks.selectors import cycle_without_decision
from directory.models import AwardKit
from mvp_portal.accounts.models import User
from mvp_portal.cycles.models import AwardCycle
from nominations.models import Dossier, DossierLogEntry

TODAY = date(2026, 11, 28)


def test_demo_leaves_dossiers_to_chase_kits_to_ship_and_trends(db):
    call_command("seed_demo", mvps=12, date=TODAY)
    admin = User.objects.get(email="admin@mvp.example")
    latest = AwardCycle.objects.get(award_date=date(2026, 10, 1))
    assert latest.state in AwardCycle.ANNOUNCEABLE_STATES
    chase = cycle_without_decision(latest, admin, today=TODAY, group="past")
    assert chase.counts["past"] >= 1 and any(row.can_chase for row in chase.rows)
    extended = Dossier.objects.get(deadline_extended_to__isnull=False)
    assert extended.award_date == date(2027, 1, 1) and extended.deadline_extended_to > TODAY
    assert DossierLogEntry.objects.filter(dossier=extended, action="deadline_extended", actor=admin).exists()
    assert AwardKit.objects.filter(address_confirmed_at__isnull=False, shipped_on__isnull=True).exists()
    trends = program_trends(TODAY)
    assert sum(1 for row in trends if row.awards) >= 3
    assert sum(1 for row in trends if row.nominations) >= 3
