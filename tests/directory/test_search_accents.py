"""The directory's keyword search ignores accents and case, in every script.

One rule (``mvp_portal.search.search_key``) normalises both what is stored
(``User.search_text``) and what is typed. These tests run on the configured
database (SQLite by default, PostgreSQL with DATABASE_URL); the ones that ask
for ``postgres`` check the trigram index.
"""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from directory.selectors import DirectoryFilters, directory_results
from mvp_portal.accounts.models import User
from mvp_portal.accounts.services import account_erase
from mvp_portal.search import search_key
from tests.factories import AwardFactory, UserFactory

TODAY = date(2026, 11, 28)
DIRECTORY = reverse("directory:directory")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Jose", "José"),
        ("muller", "Müller"),
        ("ZOË", "Zoe"),
        ("strasse", "Straße"),
        ("istanbul", "İstanbul"),
        ("soren lukasz", "Søren Łukasz"),
        ("ｶﾞｸ", "ガク"),  # half-width katakana
        ("ＭＶＰ", "mvp"),  # full-width Latin
        ("محمد", "مُحَمَّد"),  # Arabic short vowels are optional
    ],
)
def test_both_spellings_have_one_key(typed, stored):
    assert search_key(typed) == search_key(stored)


def test_what_is_not_an_accent_stays():
    assert search_key("がく") != search_key("かく")  # voiced kana are other letters
    assert search_key("김민준") == "김민준"  # Hangul is not decomposed into jamo
    assert search_key("山田太郎") == "山田太郎"


def names_found(q: str) -> list[str]:
    return [award.user.display_name for award in directory_results(today=TODAY, filters=DirectoryFilters(q=q))]


@pytest.fixture
def people(db, expertise):
    for name, headline in [
        ("José Álvarez", "Développeur cloud"),
        ("Jürgen Müller", "Kubernetes"),
        ("Zoe Zhang", "Data"),
        ("山田太郎", "クラウドアーキテクト"),
        ("김민준", "데이터 엔지니어"),
        ("مُحَمَّد علي", "مطور سحابي"),
        ("Anna Other", "Nothing alike"),
    ]:
        AwardFactory(user=UserFactory(display_name=name, headline=headline), expertise=expertise)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Jose", ["José Álvarez"]),
        ("JOSÉ", ["José Álvarez"]),
        ("muller", ["Jürgen Müller"]),
        ("MÜLLER jurgen", ["Jürgen Müller"]),
        ("ZOË", ["Zoe Zhang"]),
        ("developpeur", ["José Álvarez"]),  # the headline too
        ("山田", ["山田太郎"]),
        ("アーキテクト", ["山田太郎"]),
        ("민준", ["김민준"]),
        ("محمد", ["مُحَمَّد علي"]),
        ("jose muller", []),  # every word, in one person's texts
    ],
)
def test_the_directory_finds_regardless_of_accents_and_case(people, q, expected):
    assert names_found(q) == expected


def test_on_postgresql_too(postgres, people):
    assert names_found("jose") == ["José Álvarez"]
    assert names_found("MULLER") == ["Jürgen Müller"]


def test_the_keyword_lookup_uses_the_trigram_index(postgres):
    query = User.objects.filter(search_text__contains=search_key("Müller")).values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show what it can use
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "accounts_user_search_text_trgm" in plan, plan


# Every writer keeps search_text ------------------------------------------------
@pytest.mark.django_db
def test_saving_keeps_it_even_with_update_fields():
    person = UserFactory(display_name="Renée", headline="Café")
    assert person.search_text == "renee\ncafe\n"
    person.headline = "Crème brûlée"
    person.save(update_fields=["headline"])
    person.refresh_from_db()
    assert person.search_text == "renee\ncreme brulee\n"


@pytest.mark.django_db
def test_bulk_writes_keep_it():
    created = User.objects.bulk_create([User(email="bulk@example.org", display_name="Élodie")])
    assert User.objects.get(pk=created[0].pk).search_text == "elodie\n\n"
    created[0].biography = "Ça va"
    User.objects.bulk_update(created, ["biography"])
    assert User.objects.get(pk=created[0].pk).search_text == "elodie\n\nca va"


def test_the_profile_form_keeps_it(client, people):
    person = User.objects.get(display_name="Zoe Zhang")
    client.force_login(person)
    data = {
        "display_name": "Zoë Zhang",
        "country": "IE",
        "headline": "Données",
        "biography": "",
        "time_zone": "Europe/Dublin",
        "show_in_directory": "on",
        "identities-TOTAL_FORMS": "0",
        "identities-INITIAL_FORMS": "0",
    }
    assert client.post(reverse("accounts:profile-edit"), data).status_code == 302
    assert names_found("donnees") == ["Zoë Zhang"]


@pytest.mark.django_db
def test_the_migration_fills_it_for_existing_people():
    person = UserFactory(display_name="Åsa Öberg", headline="Señora")
    User.objects.filter(pk=person.pk).update(search_text="")
    migration = importlib.import_module("mvp_portal.accounts.migrations.0009_user_search_text")
    migration.fill(apps, None)
    assert User.objects.get(pk=person.pk).search_text == "asa oberg\nsenora\n"


# The public cache ---------------------------------------------------------------
def test_one_cached_page_per_normalised_query_showing_what_each_visitor_typed(
    client, people, django_assert_num_queries
):
    first = client.get(DIRECTORY, {"q": "José"}).content.decode()
    assert "José Álvarez" in first
    assert 'value="José"' in first
    with django_assert_num_queries(0):
        again = client.get(DIRECTORY, {"q": "JOSE"}).content.decode()
    assert "José Álvarez" in again
    assert 'value="JOSE"' in again
    assert 'value="José"' not in again


@pytest.mark.django_db
def test_erasing_an_account_leaves_nothing_to_find():
    person = UserFactory(display_name="Zoë Secret", headline="Hidden héadline", biography="Private")
    assert account_erase(user_id=person.pk, now=timezone.now())
    stored = User.objects.get(pk=person.pk).search_text
    assert "zoe" not in stored and "headline" not in stored and "private" not in stored
