"""The language menu, the account's language and the browser's Accept-Language."""

from django.urls import reverse

from tests.factories import UserFactory


def html_lang(response) -> str:
    head = response.content.decode()[:300]
    return head.split('<html lang="', 1)[1].split('"', 1)[0]


def test_first_visit_follows_accept_language(client, db):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")
    assert html_lang(response) == "de"


def test_arabic_pages_are_right_to_left_with_the_rtl_stylesheet(client, db):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ar")
    content = response.content.decode()
    assert 'dir="rtl"' in content[:300]
    assert "bootstrap.rtl.min.css" in content


def test_the_menu_remembers_a_visitor_in_a_cookie(client, db):
    response = client.post(reverse("accounts:language"), {"language": "ja", "next": "/directory/"})
    assert response.status_code == 302 and response["Location"] == "/directory/"
    assert response.cookies["django_language"].value == "ja"
    assert html_lang(client.get(reverse("home"))) == "ja"


def test_the_menu_remembers_a_person_on_their_account_on_every_device(client, db):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("accounts:language"), {"language": "fr"})
    person.refresh_from_db()
    assert person.language == "fr"
    other_device = type(client)()
    other_device.force_login(person)
    assert html_lang(other_device.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")) == "fr"


def test_an_unknown_language_or_foreign_next_changes_nothing(client, db):
    response = client.post(reverse("accounts:language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")
    assert "django_language" not in response.cookies


def test_dates_use_one_long_form_in_english(db):
    from datetime import date

    from django.utils import formats, translation

    with translation.override("en"):
        assert formats.date_format(date(2027, 1, 1)) == "1 January 2027"
        assert formats.date_format(date(2027, 1, 1), "SHORT_DATE_FORMAT") == "1 Jan 2027"
    with translation.override("de"):
        assert formats.date_format(date(2027, 1, 1)) == "1. Januar 2027"
