"""The plain sign-in page is kept whole per language, with a slot for each visitor's CSRF token
(``SignInView``): rendered once, and each visitor signs in with their own token."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client as DjangoClient
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def token_in(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_the_page_is_rendered_once_and_each_visitor_signs_in_with_their_own_token(django_assert_num_queries):
    UserFactory(email="nina@example.org", password="a long enough passphrase")
    DjangoClient().get(LOGIN)  # rendered and kept
    visitor = DjangoClient(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        response = visitor.get(LOGIN)
    assert response.status_code == 200 and response.templates == []  # nothing rendered
    page = response.content.decode()
    assert "mvpshellslot" not in page
    assert 'name="username"' in page and 'name="next" value=""' in page
    assert "no-cache" in response["Cache-Control"]  # as Django's sign-in view: never stored
    signed_in = visitor.post(
        LOGIN,
        {"csrfmiddlewaretoken": token_in(page), "username": "nina@example.org", "password": "a long enough passphrase"},
    )
    assert signed_in.status_code == 302
    assert DjangoClient().get(LOGIN).content.decode() != page  # another visitor, another token


def test_a_return_address_or_a_waiting_message_gets_the_page_rendered():
    client = DjangoClient()
    client.get(LOGIN)
    page = client.get(LOGIN, {"next": "/desk/"}).content.decode()
    assert 'name="next" value="/desk/"' in page
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode([Message(constants.INFO, "You signed out.")])
    assert "You signed out." in client.get(LOGIN).content.decode()


def test_the_page_is_kept_per_language():
    english = DjangoClient().get(LOGIN).content.decode()
    german = DjangoClient(HTTP_ACCEPT_LANGUAGE="de").get(LOGIN).content.decode()
    assert 'lang="de"' in german and "Anmelden" in german
    assert 'lang="en"' in english and "Anmelden" not in english
