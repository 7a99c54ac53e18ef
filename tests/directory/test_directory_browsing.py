"""Browsing the public directory: the sort control, the page numbers, the page
that does not exist, and the expertise options that would show someone."""

import html
import re
from datetime import date

import pytest
from django.test import Client as DjangoClient
from django.urls import reverse

from tests.factories import AwardFactory, ExpertiseFactory, LanguageFactory, UserFactory
from tests.factories.directory import bulk_mvps

URL = reverse("directory:directory")
ALUMNI = reverse("directory:alumni")
CARD_NAME = re.compile(r'<h2 class="h5 card-title mb-1"><a href="[^"]+">([^<]+)</a>')


def names(response) -> list[str]:
    return [html.unescape(name) for name in CARD_NAME.findall(response.content.decode())]


@pytest.fixture
def world(db):
    """Four listed MVPs with different names, countries and award dates."""
    azure = ExpertiseFactory(name="Azure", slug="azure", category="Cloud and Datacenter")
    sheets = ExpertiseFactory(name="Sheets", slug="sheets", category="Office Tools")
    ExpertiseFactory(name="Docs", slug="docs", category="Office Tools")  # nobody holds it
    ExpertiseFactory(name="Quantum", slug="quantum", category="Research")  # nobody either: an empty group

    def mvp(name, country, expertise, starts_on):
        person = UserFactory(display_name=name, country=country)
        AwardFactory(user=person, expertise=expertise, starts_on=starts_on)
        return person

    return {
        "alice": mvp("Alice Archer", "IE", azure, date(2026, 1, 1)),
        "bruno": mvp("Bruno Berg", "DE", azure, date(2026, 10, 1)),
        "chloe": mvp("Chloé Carré", "FR", sheets, date(2026, 4, 1)),
        "dieter": mvp("Dieter Dorn", "AT", sheets, date(2026, 7, 1)),
    }


# Sort ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Alice Archer", "Bruno Berg", "Chloé Carré", "Dieter Dorn"]),
        ("name", ["Alice Archer", "Bruno Berg", "Chloé Carré", "Dieter Dorn"]),
        ("recent", ["Bruno Berg", "Dieter Dorn", "Chloé Carré", "Alice Archer"]),
        # Austria, France, Germany, Ireland (by the country's name, not its code).
        ("country", ["Dieter Dorn", "Chloé Carré", "Bruno Berg", "Alice Archer"]),
    ],
)
def test_sort_orders_the_results(client, world, sort, expected):
    assert names(client.get(URL, {"sort": sort})) == expected


def test_sort_by_country_follows_the_country_names_in_the_visitors_language(client, world):
    # In German: Deutschland (Bruno), Frankreich (Chloé), Irland (Alice), Österreich (Dieter).
    response = client.get(URL, {"sort": "country"}, HTTP_ACCEPT_LANGUAGE="de")
    assert names(response) == ["Bruno Berg", "Chloé Carré", "Alice Archer", "Dieter Dorn"]


@pytest.mark.parametrize("sort", ["random", "-name", "NAME", "name;drop", "²", "x" * 500])
def test_an_unknown_sort_is_the_default_never_an_error(client, world, sort):
    response = client.get(URL, {"sort": sort, "country": "DE"})
    assert response.status_code == 200
    assert names(response) == ["Bruno Berg"]  # the other filters still apply
    assert '<option value="name" selected>' in response.content.decode()


def test_the_sort_control_shows_the_choice_and_is_labelled(client, world):
    body = client.get(URL, {"sort": "recent"}).content.decode()
    assert '<label for="id_sort" class="form-label">Sort by</label>' in body
    assert '<option value="recent" selected>Most recently awarded</option>' in body


def test_the_sort_is_part_of_the_cached_pages_key(world, django_assert_num_queries):
    visitor = DjangoClient()
    visitor.get(URL)
    with django_assert_num_queries(0):  # ?sort=name is the default: the same page
        assert names(visitor.get(URL, {"sort": "name"}))[0] == "Alice Archer"
    with django_assert_num_queries(0):
        assert names(visitor.get(URL, {"sort": "bogus"}))[0] == "Alice Archer"
    assert names(visitor.get(URL, {"sort": "recent"}))[0] == "Bruno Berg"  # another page, rendered
    with django_assert_num_queries(0):
        assert names(visitor.get(URL, {"sort": "recent"}))[0] == "Bruno Berg"


# Page numbers ---------------------------------------------------------------------------
@pytest.fixture
def many(db):
    expertise = ExpertiseFactory(name="Azure", slug="azure")
    bulk_mvps(24 * 9 + 5, expertises=[expertise], languages=[LanguageFactory(code="en", name="English")])
    return expertise


def nav(response) -> str:
    body = response.content.decode()
    start = body.index('<nav aria-label="Directory pages"')
    return body[start : body.index("</nav>", start)]


def test_the_page_nav_has_first_last_and_nearby_numbers_with_gaps(client, many):
    links = nav(client.get(URL, {"page": 5}))
    numbers = re.findall(r'aria-label="Page (\d+)"', links)
    assert numbers == ["1", "4", "5", "6", "10"]
    assert links.count("…") == 2
    assert 'aria-label="Page 5" aria-current="page">5</a>' in links
    assert links.count('aria-current="page"') == 1
    assert 'rel="prev"' in links and 'rel="next"' in links
    assert "Page 5 of 10" in links


def test_the_page_links_keep_the_filters_and_the_sort(client, many):
    links = nav(client.get(URL, {"expertise": "azure", "sort": "recent", "page": 2}))
    assert 'href="?expertise=azure&amp;sort=recent&amp;page=3"' in links
    assert 'href="?expertise=azure&amp;sort=recent"' in links  # page 1: no page= at all
    assert "sort=name" not in nav(client.get(URL, {"sort": "name", "page": 2}))  # the default is not repeated


def test_the_filter_form_keeps_the_sort(client, many):
    body = client.get(URL, {"sort": "country", "page": 2}).content.decode()
    form = body[body.index('<form method="get"') : body.index("</form>")]
    assert '<option value="country" selected>' in form


def test_the_first_and_last_pages_have_no_link_beyond_them(client, many):
    assert 'rel="prev"' not in nav(client.get(URL))
    last = client.get(URL, {"page": 10})
    assert 'rel="next"' not in nav(last) and len(names(last)) == 5


def test_one_page_has_no_page_nav(client, world):
    assert 'aria-label="Directory pages"' not in client.get(URL).content.decode()


# The page that does not exist ------------------------------------------------------------
def test_a_page_beyond_the_last_is_a_404_linking_to_the_last_page(client, many):
    response = client.get(URL, {"page": 99, "expertise": "azure", "sort": "recent"})
    assert response.status_code == 404
    body = response.content.decode()
    assert "This page does not exist" in body
    assert "This list has 10 pages: there is no page 99." in body
    assert 'href="?expertise=azure&amp;sort=recent&amp;page=10"' in body and "Go to the last page (page 10)" in body
    assert 'href="?expertise=azure&amp;sort=recent"' in body  # the first page
    assert names(response) == []  # not the last page, silently


def test_a_page_beyond_the_last_is_a_404_from_the_cache_too(many, django_assert_num_queries):
    visitor = DjangoClient()
    assert visitor.get(URL, {"page": 99}).status_code == 404
    with django_assert_num_queries(0):
        assert visitor.get(URL, {"page": 99}).status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "²", "1e3", "99999999999999999999"])
def test_a_page_that_is_not_a_number_is_a_404_linking_to_the_first(client, world, page):
    response = client.get(URL, {"page": page, "country": "DE"})
    assert response.status_code == 404
    body = response.content.decode()
    assert "This page does not exist" in body and 'href="?country=DE"' in body
    assert "Go to the last page" not in body


def test_page_2_of_no_results_is_a_404_and_page_1_is_the_empty_list(client, world):
    assert client.get(URL, {"country": "JP"}).status_code == 200
    response = client.get(URL, {"country": "JP", "page": 2})
    assert response.status_code == 404
    assert "Go to the first page" in response.content.decode()


def test_an_empty_page_parameter_is_the_first_page(client, world):
    assert names(client.get(URL, {"page": ""}))[0] == "Alice Archer"


def test_the_alumni_list_answers_the_same(client, db, expertise):
    for i in range(30):
        AwardFactory(
            user=UserFactory(display_name=f"Old Timer {i:02d}", show_in_alumni=True),
            expertise=expertise,
            starts_on=date(2024, 1, 1),
        )
    second = client.get(ALUMNI, {"page": 2})
    assert second.status_code == 200 and len(second.context["page"].object_list) == 6
    assert 'aria-current="page">2</a>' in second.content.decode()
    beyond = client.get(ALUMNI, {"page": 99})
    assert beyond.status_code == 404 and 'href="?page=2"' in beyond.content.decode()
    assert client.get(ALUMNI, {"page": "abc"}).status_code == 404
    assert client.get(ALUMNI, {"page": "9" * 4301}).status_code == 404  # past what int() reads: not a 500


# Expertise options -------------------------------------------------------------------------
def expertise_select(response) -> str:
    body = response.content.decode()
    start = body.index('<select name="expertise"')
    return body[start : body.index("</select>", start)]


def test_expertises_nobody_holds_are_not_offered(client, world):
    select = expertise_select(client.get(URL))
    assert "Azure (2)" in select and "Sheets (2)" in select
    assert "Docs" not in select
    assert "(0)" not in select
    assert "Research" not in select  # a category with nothing to offer has no group
    assert '<optgroup label="Office Tools">' in select and '<optgroup label="Cloud and Datacenter">' in select


def test_options_follow_the_other_filters(client, world):
    select = expertise_select(client.get(URL, {"country": "DE"}))
    assert "Azure (1)" in select and "Sheets" not in select


def test_the_chosen_expertise_stays_offered_even_when_it_shows_nobody(client, world):
    response = client.get(URL, {"expertise": "docs"})
    assert names(response) == []
    select = expertise_select(response)
    assert '<option value="docs" selected>Docs (0)</option>' in select
    assert "Quantum" not in select


def test_the_front_pages_options_come_from_the_precomputed_counts(client, world, django_assert_num_queries):
    """The counts of the unfiltered directory are kept; hiding the empty options costs no query."""
    client.get(URL)
    visitor = DjangoClient()
    with django_assert_num_queries(5):  # page, count, languages of the cards, expertises, language names
        select = expertise_select(visitor.get(URL, {"page": 1, "sort": "recent"}))
    assert "Docs" not in select and "Azure (2)" in select
