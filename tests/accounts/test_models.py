import pytest
from django.db import IntegrityError

from mvp_portal.accounts.models import Expertise, Language, User
from mvp_portal.accounts.roles import Role, is_employee, is_mvp_lead, is_program_admin
from mvp_portal.accounts.selectors import is_mvp_on
from tests.conftest import TODAY
from tests.factories import AwardFactory, UserFactory


def test_email_is_stored_in_one_case_and_found_in_any(db):
    user = User.objects.create_user("Grace.Hopper@Example.ORG", "x" * 12, display_name="Grace")
    assert user.email == "grace.hopper@example.org"
    assert User.objects.get_by_natural_key("GRACE.hopper@example.org") == user


def test_email_unique_case_insensitively_in_the_database(db):
    UserFactory(email="ada@example.org")
    with pytest.raises(IntegrityError):
        # Bypasses the manager's normalisation: the constraint still holds.
        User.objects.bulk_create([User(email="ADA@example.org", display_name="Other Ada")])


def test_reference_data_ships_about_ninety_expertises_and_forty_languages(db):
    assert 85 <= Expertise.objects.count() <= 100
    assert {"Configuration Manager", "Virtual Machine", "Xbox", ".NET", "Active Directory"} <= set(
        Expertise.objects.values_list("name", flat=True)
    )
    assert Expertise.objects.values("category").distinct().count() >= 10
    assert Language.objects.count() == 40


def test_role_groups_exist_after_migrate(db):
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}
    admins = Group.objects.get(name=Role.PROGRAM_ADMIN)
    assert admins.permissions.filter(codename="change_expertise").exists()
    assert not Group.objects.get(name=Role.EMPLOYEE).permissions.exists()


def test_role_predicates(employee, lead, program_admin, outsider):
    assert is_employee(employee) and not is_mvp_lead(employee) and not is_program_admin(employee)
    assert is_employee(lead) and is_mvp_lead(lead)
    assert is_employee(program_admin) and is_program_admin(program_admin)
    assert not (is_employee(outsider) or is_mvp_lead(outsider) or is_program_admin(outsider))


@pytest.mark.parametrize(
    ("starts_on", "mvp_on_today"),
    [
        ("2025-10-01", False),  # ended 2026-09-30
        ("2025-12-01", True),  # ends 2026-11-30: covers TODAY (2026-11-28)
        ("2026-10-01", True),
        ("2027-01-01", False),  # not yet started
    ],
)
def test_mvp_status_is_derived_from_awards(db, starts_on, mvp_on_today):
    from datetime import date

    award = AwardFactory(starts_on=date.fromisoformat(starts_on))
    assert is_mvp_on(award.user, TODAY) is mvp_on_today


def test_mvp_status_ends_the_day_after_ends_on(db):
    from datetime import timedelta

    award = AwardFactory()
    assert is_mvp_on(award.user, award.ends_on)
    fresh = User.objects.get(pk=award.user.pk)
    assert not is_mvp_on(fresh, award.ends_on + timedelta(days=1))


def test_a_country_belongs_to_one_region_at_most(lead):
    from mvp_portal.accounts.forms import RegionForm

    form = RegionForm(data={"name": "Islands", "countries": ["IE", "IS"], "leads": [lead.pk]})
    assert not form.is_valid()
    assert "Already in another region: Ireland (UK and Ireland)" in form.errors["countries"][0]
    assert RegionForm(data={"name": "Islands", "countries": ["IS"], "leads": [lead.pk]}).is_valid()
