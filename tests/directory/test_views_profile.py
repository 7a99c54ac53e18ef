"""The public profile: what it shows, what it never shows, and its speed."""

from datetime import date

import pytest
from django.urls import reverse

from mvp_portal.accounts.models import Expertise, Language
from nominations.models import Activity, Dossier
from tests.factories import (
    ActivityFactory,
    AwardFactory,
    DossierFactory,
    LanguageFactory,
    OnlineIdentityFactory,
    UserFactory,
)
from tests.factories.directory import bulk_mvps


@pytest.fixture
def veteran(db, expertise):
    """An MVP since 2023 (four awards), with public and private activities."""
    person = UserFactory(
        display_name="Vera Veteran",
        email="vera.secret@example.org",
        country="IE",
        headline="Hyper-V community lead",
        biography="Runs the Dublin virtualisation user group.",
    )
    person.languages.set([LanguageFactory(code="ga", name="Irish"), LanguageFactory(code="en", name="English")])
    OnlineIdentityFactory(user=person, url="https://vera.example.org/")
    for year in (2023, 2024, 2025, 2026):
        AwardFactory(user=person, expertise=expertise, starts_on=date(year, 10, 1))
    renewal = DossierFactory(
        owner=person,
        kind=Dossier.Kind.RENEWAL,
        expertise=expertise,
        award_date=date(2027, 10, 1),
        period_start=date(2026, 9, 1),
        period_end=date(2027, 8, 31),
    )
    ActivityFactory(dossier=renewal, title="Public talk at the user group", started_on=date(2026, 10, 20))
    ActivityFactory(
        dossier=renewal,
        title="Private beta feedback session",
        started_on=date(2026, 11, 2),
        visibility=Activity.Visibility.PRIVATE,
    )
    ActivityFactory(dossier=renewal, title="Blog post from before this award", started_on=date(2026, 9, 10))
    return person


def test_profile_shows_the_public_facts(client, veteran, expertise):
    response = client.get(reverse("directory:profile", args=[veteran.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for shown in (
        "Vera Veteran",
        "Hyper-V community lead",
        "Runs the Dublin virtualisation user group.",
        expertise.name,
        "Ireland",
        "Irish",
        "English",
        "https://vera.example.org/",
        "Public talk at the user group",
    ):
        assert shown in body, shown
    assert response.context["profile"].first_award_year == 2023
    assert response.context["profile"].years_as_mvp == 4
    assert "<dt>First awarded</dt><dd>2023</dd>" in body
    assert "<dt>Years as MVP</dt><dd>4</dd>" in body


def test_profile_hides_private_activities_and_contact_details(client, veteran):
    body = client.get(reverse("directory:profile", args=[veteran.pk])).content.decode()
    assert "Private beta feedback session" not in body
    assert "Blog post from before this award" not in body  # not from the current award year
    assert "vera.secret@example.org" not in body
    assert "mailto:" not in body
    assert "@example.org" not in body


def test_profile_of_hidden_person_answers_404(client, veteran):
    veteran.show_in_directory = False
    veteran.save(update_fields=["show_in_directory"])
    assert client.get(reverse("directory:profile", args=[veteran.pk])).status_code == 404


def test_profile_of_non_mvp_and_lapsed_answers_404(client, nominee, expertise):
    lapsed = UserFactory(display_name="Lapsed Person")
    AwardFactory(user=lapsed, expertise=expertise, starts_on=date(2025, 7, 1))
    assert client.get(reverse("directory:profile", args=[nominee.pk])).status_code == 404
    assert client.get(reverse("directory:profile", args=[lapsed.pk])).status_code == 404
    assert client.get(reverse("directory:profile", args=[999999])).status_code == 404


def test_directory_links_to_profiles(client, veteran):
    body = client.get(reverse("directory:directory")).content.decode()
    assert f'href="{reverse("directory:profile", args=[veteran.pk])}"' in body
    assert "vera.secret@example.org" not in body


# The award with its user, expertise, languages and links; the award history; the activities.
PROFILE_QUERIES = 5


@pytest.mark.parametrize("size", [40, 4000])
def test_profile_query_count_is_pinned(client, db, django_assert_num_queries, size):
    users = bulk_mvps(size, expertises=list(Expertise.objects.all()), languages=list(Language.objects.all()))
    person = users[size // 2]
    dossier = DossierFactory(
        owner=person,
        kind=Dossier.Kind.RENEWAL,
        expertise=person.awards.get().expertise,
        award_date=date(2027, 10, 1),
        period_start=date(2026, 9, 1),
        period_end=date(2027, 8, 31),
    )
    for day in range(1, 1 + size // 100):
        ActivityFactory(dossier=dossier, started_on=date(2026, 11, day % 27 + 1))
    url = reverse("directory:profile", args=[person.pk])
    with django_assert_num_queries(PROFILE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["profile"].activities) == size // 100
    with django_assert_num_queries(0):  # an anonymous visitor's next request: from the cache
        client.get(url)
    client.force_login(UserFactory())
    # Their user and roles, whether they are an MVP or own a dossier (the menu); never from the cache.
    with django_assert_num_queries(PROFILE_QUERIES + 4):
        client.get(url)
