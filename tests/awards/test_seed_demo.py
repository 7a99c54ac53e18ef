from datetime import date

import pytest
from django.core.management import CommandError, call_command

from awards.models import AlumniCredential, Award
from mvp_portal import program_calendar as cal
from mvp_portal.accounts.demo import DEMO_PASSWORD
from mvp_portal.accounts.models import Region, User
from mvp_portal.accounts.roles import is_employee, is_mvp_lead, is_program_admin
from mvp_portal.accounts.selectors import is_mvp_on

TODAY = date(2026, 11, 28)


def seed(**options):
    call_command("seed_demo", mvps=12, date=TODAY, **options)


def test_seed_creates_one_working_login_per_role(db):
    seed()
    logins = {
        u.email: u
        for u in User.objects.filter(
            email__in=[
                "admin@mvp.example",
                "lead@mvp.example",
                "employee@mvp.example",
                "mvp@mvp.example",
                "nominee@mvp.example",
            ]
        )
    }
    assert len(logins) == 5
    assert all(u.check_password(DEMO_PASSWORD) for u in logins.values())
    assert is_program_admin(logins["admin@mvp.example"])
    assert is_mvp_lead(logins["lead@mvp.example"])
    assert is_employee(logins["employee@mvp.example"]) and not is_mvp_lead(logins["employee@mvp.example"])
    assert is_mvp_on(logins["mvp@mvp.example"], TODAY)
    assert not is_mvp_on(logins["nominee@mvp.example"], TODAY)


def test_seed_covers_the_award_lifecycle(db):
    seed()
    current = cal.award_date_on_or_before(TODAY)
    held_today = Award.objects.filter(starts_on__lte=TODAY, ends_on__gte=TODAY)
    # Awards started in each of the three quarters before the latest award date (which waits to be announced)...
    assert {a.starts_on for a in held_today} == {cal.add_months(current, -3 * q) for q in range(1, 4)}
    # ...some of them inside their renewal window, the demo MVP among them...
    in_window = [a for a in held_today if cal.renewal_opens_on(a.starts_on) <= TODAY]
    assert any(a.user.email == "mvp@mvp.example" for a in in_window)
    # ...and lapsed MVPs whose last award has ended.
    lapsed = User.objects.filter(email__startswith="alumni")
    assert lapsed.exists() and not any(is_mvp_on(u, TODAY) for u in lapsed)
    # ...who hold the alumni credential the daily run issued.
    assert set(lapsed) == {c.user for c in AlumniCredential.objects.select_related("user")}
    assert Region.objects.filter(leads__isnull=False).count() == Region.objects.count() >= 8


def test_seed_refuses_a_database_with_data_unless_reset(db):
    seed()
    with pytest.raises(CommandError, match="--reset"):
        seed()
    seed(if_empty=True)  # quietly leaves the data alone
    assert User.objects.filter(email="admin@mvp.example").count() == 1


def test_seed_is_deterministic(db):
    seed()
    first = list(User.objects.order_by("email").values_list("email", "display_name", "country"))
    first_awards = sorted(Award.objects.values_list("user__email", "expertise__name", "starts_on"))
    seed(reset=True)
    assert list(User.objects.order_by("email").values_list("email", "display_name", "country")) == first
    assert sorted(Award.objects.values_list("user__email", "expertise__name", "starts_on")) == first_awards


def test_seed_scales_with_mvps(db):
    call_command("seed_demo", mvps=40, date=TODAY)
    assert User.objects.filter(email__startswith="mvp").count() == 40
    assert User.objects.filter(email__startswith="nominee").count() == 10


def test_seed_shows_cycles_and_open_renewals(db):
    from mvp_portal.cycles.models import AwardCycle
    from mvp_portal.notices.models import Notice
    from nominations.models import Dossier

    seed()
    states = set(AwardCycle.objects.values_list("state", flat=True))
    assert {AwardCycle.State.ANNOUNCED, AwardCycle.State.OPEN} <= states
    assert AwardCycle.objects.filter(award_date__gt=TODAY).count() == 4
    # Everyone in their renewal window has exactly one renewal dossier, the demo MVP among them.
    in_window = [a for a in Award.objects.filter(ends_on__gte=TODAY) if cal.is_in_renewal_window(a.starts_on, TODAY)]
    assert in_window and all(a.renewal_dossier_id for a in in_window)
    mvp = User.objects.get(email="mvp@mvp.example")
    assert Dossier.objects.filter(owner=mvp, kind="renewal", state="draft").count() == 1
    assert Notice.objects.filter(key__startswith="awards:renewal-opened:", to_email=mvp.email).count() == 1
    # Awards granted in past cycles point at their (announced) cycle.
    assert not Award.objects.filter(cycle__isnull=True).exists()
