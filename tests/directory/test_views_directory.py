"""The public directory: filters, facet counts, hidden and lapsed people, pagination, speed."""

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from mvp_portal.accounts.models import Expertise, Language
from tests.conftest import TODAY
from tests.factories import AwardFactory, ExpertiseFactory, LanguageFactory, UserFactory
from tests.factories.directory import bulk_mvps

URL = reverse("directory:directory")
CARD_NAME = re.compile(r'<h2 class="h5 card-title mb-1"><a href="[^"]+">([^<]+)</a>')


@pytest.fixture
def world(db):
    """Four listed MVPs, one hidden, one lapsed, one never awarded."""
    azure = ExpertiseFactory(name="Azure", slug="azure", category="Cloud and Datacenter")
    vm = ExpertiseFactory(name="Virtual Machine", slug="virtual-machine", category="Cloud and Datacenter")
    excel = ExpertiseFactory(name="Excel", slug="excel", category="Office")
    en = LanguageFactory(code="en", name="English")
    de = LanguageFactory(code="de", name="German")
    fr = LanguageFactory(code="fr", name="French")

    def mvp(name, country, expertise, languages, starts_on=date(2026, 10, 1), **fields):
        person = UserFactory(display_name=name, country=country, **fields)
        person.languages.set(languages)
        AwardFactory(user=person, expertise=expertise, starts_on=starts_on)
        return person

    people = {
        "alice": mvp("Alice Archer", "IE", azure, [en], headline="Kubernetes speaker"),
        "bruno": mvp("Bruno Berg", "DE", azure, [de, en], biography="He writes about kubernetes weekly."),
        "chloe": mvp("Chloé Carré", "FR", vm, [fr, en]),
        "dieter": mvp("Dieter Dorn", "DE", excel, [de], starts_on=date(2026, 1, 1)),
        "hidden": mvp("Hannah Hidden", "IE", azure, [en], show_in_directory=False, headline="Kubernetes too"),
        "lapsed": mvp("Larry Lapsed", "IE", azure, [en], starts_on=date(2025, 10, 1), headline="Kubernetes fan"),
        "never": UserFactory(display_name="Nora Never", country="IE", headline="Kubernetes"),
    }
    people["never"].languages.set([en])
    return people


def names(response) -> list[str]:
    """The names on the cards, read from the HTML (a page served from the cache has no context)."""
    return [html.unescape(name) for name in CARD_NAME.findall(response.content.decode())]


def counts(response, facet: str) -> dict[str, int]:
    facets = response.context["facets"]
    if facet == "expertise":
        return {v.value: v.count for group in facets.expertise_groups for v in group.values}
    return {v.value: v.count for v in getattr(facets, facet)}


def test_directory_is_public_and_lists_current_mvps_only(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Alice Archer", "Bruno Berg", "Chloé Carré", "Dieter Dorn"]
    body = response.content.decode()
    for absent in ("Hannah Hidden", "Larry Lapsed", "Nora Never"):
        assert absent not in body
    assert "4 MVPs" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"country": "DE"}, ["Bruno Berg", "Dieter Dorn"]),
        ({"country": "DE", "language": "en"}, ["Bruno Berg"]),
        ({"expertise": "azure", "language": "en"}, ["Alice Archer", "Bruno Berg"]),
        ({"expertise": "azure", "country": "FR"}, []),
        ({"language": "fr"}, ["Chloé Carré"]),
        ({"q": "kubernetes"}, ["Alice Archer", "Bruno Berg"]),  # headline or biography; never hidden/lapsed
        ({"q": "kubernetes", "country": "IE"}, ["Alice Archer"]),
        ({"q": "chlo"}, ["Chloé Carré"]),
        ({"q": "DORN"}, ["Dieter Dorn"]),
        ({"expertise": "excel", "country": "DE", "language": "de", "q": "dieter"}, ["Dieter Dorn"]),
    ],
)
def test_directory_filters_combine(client, world, query, expected):
    assert names(client.get(URL, query)) == expected


def test_directory_facet_counts_apply_the_other_filters(client, world):
    response = client.get(URL, {"country": "DE"})
    # Expertise and language counts are narrowed to Germany...
    # (an expertise that would show nobody, here Virtual Machine, is not offered)
    assert counts(response, "expertise") == {"azure": 1, "excel": 1}
    assert counts(response, "languages") == {"de": 2, "en": 1}
    # ...while the country facet ignores its own filter, so other countries stay reachable.
    assert counts(response, "countries") == {"IE": 1, "DE": 2, "FR": 1}
    body = response.content.decode()
    assert "Excel (1)" in body
    excel = Expertise.objects.get(slug="excel")
    assert f'<optgroup label="{excel.category}">' in body
    assert '<option value="DE" selected>Germany (2)</option>' in body


def test_directory_facet_counts_match_results(client, world):
    unfiltered = client.get(URL, {"language": "en"})
    for facet, param in (("expertise", "expertise"), ("countries", "country"), ("languages", "language")):
        for value, count in counts(unfiltered, facet).items():
            if facet == "expertise" and value not in ("azure", "virtual-machine", "excel"):
                assert count == 0
                continue
            query = {"language": "en", param: value}
            assert len(names(client.get(URL, query))) == count, (facet, value)


def test_directory_hidden_profile_never_counted(client, world):
    response = client.get(URL, {"expertise": "azure"})
    assert names(response) == ["Alice Archer", "Bruno Berg"]
    assert counts(response, "countries") == {"IE": 1, "DE": 1}
    assert counts(client.get(URL), "expertise")["azure"] == 2
    assert "Hannah Hidden" not in client.get(URL, {"q": "hannah"}).content.decode()


def test_directory_lapsed_mvp_disappears_the_day_after_ends_on(client, world, clock):
    ending = UserFactory(display_name="Erin Ending", country="IE")
    AwardFactory(user=ending, expertise=world["alice"].awards.get().expertise, starts_on=date(2025, 12, 1))
    ending.awards.update(ends_on=TODAY)  # last day held: today
    assert "Erin Ending" in names(client.get(URL))
    assert client.get(reverse("directory:profile", args=[ending.pk])).status_code == 200
    tomorrow = datetime(TODAY.year, TODAY.month, TODAY.day, 0, 1, tzinfo=UTC) + timedelta(days=1)
    clock.move_to(tomorrow)
    response = client.get(URL)
    assert "Erin Ending" not in names(response)
    assert counts(response, "countries")["IE"] == 1
    assert client.get(reverse("directory:profile", args=[ending.pk])).status_code == 404


def test_directory_filters_live_in_the_query_string(client, world):
    response = client.get(URL, {"country": "DE", "q": "Berg"})
    body = response.content.decode()
    assert '<form method="get"' in body
    assert 'name="q" id="id_q" value="Berg"' in body
    assert names(response) == ["Bruno Berg"]


def test_directory_unknown_filter_values_give_no_result_not_an_error(client, world):
    response = client.get(URL, {"country": "ZZ", "expertise": "no-such", "language": "xx"})
    assert response.status_code == 200
    assert names(response) == []


def test_directory_paginates_and_keeps_filters(client, db):
    expertise = ExpertiseFactory(name="Azure", slug="azure")
    bulk_mvps(30, expertises=[expertise], languages=[LanguageFactory(code="en", name="English")])
    response = client.get(URL, {"expertise": "azure"})
    assert len(response.context["page"].object_list) == 24
    assert 'href="?expertise=azure&amp;page=2"' in response.content.decode()
    second = client.get(URL, {"expertise": "azure", "page": 2})
    assert len(second.context["page"].object_list) == 6
    assert set(names(response)).isdisjoint(names(second))


# Queries per page, the same at 40 and 4,000 MVPs: the page, its count, the
# languages of its cards, the expertises and language names of the selects, and
# the three facet counts (unless precomputed or kept: see directory.services).
RENDERED = 8
RENDERED_COUNTS_KEPT = RENDERED - 3
# A signed-in person (never a cached page): their user and roles, and whether they are an
# MVP or own a dossier (the navigation bar); the session itself comes from the cache. From
# then on the viewer and the bar are kept (mvp_portal/accounts/viewer.py, mvp_portal.attention).
SIGNED_IN_EXTRA = 4
SIGNED_IN_EXTRA_VIEWER_AND_NAVIGATION_KEPT = 0


@pytest.mark.parametrize("size", [40, 4000])
def test_directory_query_count_is_pinned(client, db, django_assert_num_queries, django_assert_max_num_queries, size):
    expertises = list(Expertise.objects.order_by("pk"))  # the ~90 of the reference data
    languages = list(Language.objects.order_by("pk"))  # the 40 of the reference data
    assert len(expertises) >= 90 and len(languages) == 40
    bulk_mvps(size, expertises=expertises, languages=languages)
    with django_assert_num_queries(RENDERED):
        response = client.get(URL)
    assert response.context["page"].paginator.count == size
    assert len(response.context["page"].object_list) == 24
    with django_assert_num_queries(0):  # an anonymous visitor's next request: from the cache
        client.get(URL)
    with django_assert_num_queries(RENDERED):
        response = client.get(URL, {"language": languages[1].code})
    assert response.context["page"].paginator.count > 0
    with django_assert_max_num_queries(RENDERED):  # no page query when nothing matches
        response = client.get(URL, {"country": "DE", "expertise": expertises[3].slug, "q": "speaker"})
    assert response.status_code == 200
    with django_assert_num_queries(RENDERED_COUNTS_KEPT):  # the front page's counts, kept
        response = client.get(URL, {"page": 2})
    assert len(response.context["page"].object_list) == min(24, max(size - 24, 0))
    client.force_login(UserFactory())
    with django_assert_num_queries(RENDERED_COUNTS_KEPT + SIGNED_IN_EXTRA):
        client.get(URL)
    with django_assert_num_queries(
        RENDERED_COUNTS_KEPT + SIGNED_IN_EXTRA_VIEWER_AND_NAVIGATION_KEPT
    ):  # not the page cache
        client.get(URL)


def test_directory_drops_only_the_invalid_filter(client, world):
    response = client.get(URL, {"country": "DEU-too-long", "q": "kubernetes"})
    assert names(response) == ["Alice Archer", "Bruno Berg"]


@pytest.mark.parametrize("country", ["²", "I²", "ie", "XX", "é"])
def test_directory_odd_country_filter_is_dropped_not_a_500(client, db, country):
    response = client.get(reverse("directory:directory"), {"country": country})
    assert response.status_code == 200
