"""``|country_name``: a country's name in the reader's language, as django-countries names it."""

import pytest
from django.utils import translation
from django_countries import countries
from django_countries.fields import Country

from mvp_portal.accounts.countries import country_name
from nominations.models import Nomination


@pytest.mark.parametrize("language", ["en", "de", "ja", "ar"])
def test_every_country_is_named_as_django_countries_names_it(language):
    with translation.override(language):
        for code, _name in countries:
            assert country_name(Country(code)) == Country(code).name
            assert country_name(code) == Country(code).name


def test_no_country_has_no_name():
    assert country_name(None) == country_name("") == country_name(Country("")) == country_name("XX") == ""


def test_a_nominations_state_label_is_its_display():
    for state in Nomination.State:
        with translation.override("de"):
            assert Nomination(state=state).state_label == Nomination(state=state).get_state_display()
