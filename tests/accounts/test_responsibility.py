"""Who is responsible for a country: the one rule of every queue, notice and permission."""

import pytest

from mvp_portal.accounts import responsibility
from mvp_portal.accounts.models import User
from mvp_portal.accounts.roles import Role
from tests.factories import RegionFactory, UserFactory

COUNTRIES = ["IE", "GB", "DE", "NL", "BE", "JP", ""]


def test_leads_by_country_lists_active_leads_only(lead, other_lead):
    retired = UserFactory(display_name="Rita Retired", roles=[Role.MVP_LEAD], is_active=False)
    RegionFactory(name="Iceland", countries=["IS"], leads=[retired])
    mapping = responsibility.leads_by_country()
    assert mapping["IE"] == mapping["GB"] == [lead]
    assert mapping["DE"] == [other_lead]
    assert "IS" not in mapping and "JP" not in mapping


def test_responsible_staff_is_the_lead_else_the_program_admins(lead, other_lead, program_admin):
    assert responsibility.responsible_staff("IE") == [lead]
    assert responsibility.responsible_staff("DE") == [other_lead]
    # The demo's Netherlands and Belgium have no lead: the program admins answer for them.
    assert responsibility.responsible_staff("NL") == [program_admin]
    assert responsibility.responsible_staff("BE") == [program_admin]
    assert responsibility.responsible_staff("") == [program_admin]


def test_countries_led_by_follow_the_regions(lead):
    assert responsibility.countries_led_by(lead) == {"IE", "GB"}
    RegionFactory(name="Nordics", countries=["SE"], leads=[lead])
    assert responsibility.countries_led_by(User.objects.get(pk=lead.pk)) == {"IE", "GB", "SE"}


def test_admins_are_responsible_where_no_lead_is_and_may_act_everywhere(lead, program_admin):
    assert responsibility.is_responsible_for(lead, "IE")
    assert not responsibility.is_responsible_for(lead, "NL")
    assert responsibility.is_responsible_for(program_admin, "NL")
    assert not responsibility.is_responsible_for(program_admin, "IE")
    assert responsibility.may_act_for_country(program_admin, "IE")
    assert not responsibility.may_act_for_country(lead, "NL")


@pytest.mark.parametrize("who", ["lead", "other_lead", "program_admin", "employee"])
def test_the_queryset_form_agrees_with_the_predicate(request, lead, other_lead, program_admin, employee, who):
    person = request.getfixturevalue(who)
    RegionFactory(name="Benelux", countries=["NL"])  # a region without a lead: admins answer for it
    rows = {code: UserFactory(country=code) for code in COUNTRIES}
    matched = set(
        User.objects.filter(pk__in=[u.pk for u in rows.values()])
        .filter(responsibility.responsible_country_filter(person, "country"))
        .values_list("country", flat=True)
    )
    expected = {code for code in COUNTRIES if responsibility.is_responsible_for(person, code)}
    assert matched == expected
