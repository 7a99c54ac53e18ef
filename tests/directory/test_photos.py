"""Profile photos in the directory: on the cards and the profile (initials without
one), served from the database with a version, an ETag and a cache policy,
to whom they are shown, and the public pages refreshed when a photo changes."""

from datetime import date

import pytest
from django.test import Client as DjangoClient
from django.urls import reverse

from mvp_portal.accounts.avatars import colour_index
from mvp_portal.accounts.models import User
from mvp_portal.accounts.services import avatar_remove
from tests.factories import AwardFactory, UserFactory
from tests.support.images import give_photo, picture, upload

DIRECTORY = reverse("directory:directory")


def photo_url(person, size=64) -> str:
    return reverse("directory:photo", args=[person.pk, size])


def profile_url(person) -> str:
    return reverse("directory:profile", args=[person.pk])


@pytest.fixture
def listed(db, expertise):
    person = UserFactory(display_name="Paula Pictured", country="IE")
    AwardFactory(user=person, expertise=expertise, starts_on=date(2026, 10, 1))
    give_photo(person)
    return User.objects.get(pk=person.pk)


@pytest.fixture
def plain(db, expertise):
    person = UserFactory(display_name="Pedro Plain", country="ES")
    AwardFactory(user=person, expertise=expertise, starts_on=date(2026, 10, 1))
    return person


def test_cards_and_profile_show_the_photo_with_its_version(client, listed):
    versioned = f"?v={listed.avatar_digest}"
    card = client.get(DIRECTORY).content.decode()
    assert f'src="{photo_url(listed, 64)}{versioned}"' in card
    assert f"{photo_url(listed, 256)}{versioned} 2x" in card
    assert 'alt=""' in card  # decorative: the name is beside it
    profile = client.get(profile_url(listed)).content.decode()
    assert f'src="{photo_url(listed, 256)}{versioned}"' in profile


def test_without_a_photo_the_initials_show_in_a_coloured_circle(client, plain):
    colour = f"avatar-c{colour_index(plain.pk)}"
    circle = f'<span class="avatar avatar-small avatar-initials {colour}" aria-hidden="true">PP</span>'
    assert circle in client.get(DIRECTORY).content.decode()
    assert "avatar-large avatar-initials" in client.get(profile_url(plain)).content.decode()
    assert photo_url(plain) not in client.get(DIRECTORY).content.decode()


def test_the_photo_is_served_with_a_validator_and_a_public_cache_policy(listed):
    visitor = DjangoClient()
    response = visitor.get(photo_url(listed, 256))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response.content[:4] == b"RIFF" and response.content[8:12] == b"WEBP"
    assert response["ETag"] == f'"{listed.avatar_digest}-256"'
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    small = visitor.get(photo_url(listed, 64))
    assert len(small.content) < len(response.content) and small["ETag"] == f'"{listed.avatar_digest}-64"'


def test_a_revalidation_is_a_304_without_reading_the_picture(listed, django_assert_num_queries):
    visitor = DjangoClient()
    etag = visitor.get(photo_url(listed))["ETag"]
    with django_assert_num_queries(1):  # who and which version, not the bytes
        response = visitor.get(photo_url(listed), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["ETag"] == etag
    assert visitor.get(photo_url(listed), HTTP_IF_NONE_MATCH='"stale-64"').status_code == 200


@pytest.mark.parametrize("size", [0, 32, 128, 1024])
def test_other_sizes_do_not_exist(listed, size):
    assert DjangoClient().get(photo_url(listed, size)).status_code == 404


def test_a_person_not_listed_has_no_public_photo_but_sees_their_own(client, listed):
    listed.show_in_directory = False
    listed.save(update_fields=["show_in_directory"])
    assert DjangoClient().get(photo_url(listed)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(photo_url(listed)).status_code == 404
    client.force_login(listed)
    own = client.get(photo_url(listed))
    assert own.status_code == 200
    assert "public" not in own["Cache-Control"] and "private" in own["Cache-Control"]


def test_no_photo_and_no_person_are_404(plain):
    assert DjangoClient().get(photo_url(plain)).status_code == 404
    assert DjangoClient().get(reverse("directory:photo", args=[987654, 64])).status_code == 404


def test_a_lapsed_mvps_photo_is_no_longer_public(db, expertise):
    person = UserFactory(display_name="Larry Lapsed")
    AwardFactory(user=person, expertise=expertise, starts_on=date(2025, 1, 1))
    give_photo(person)
    assert DjangoClient().get(photo_url(person)).status_code == 404


# The public pages after a change of photo ------------------------------------------
def served_from_cache(visitor, url, django_assert_num_queries) -> str:
    visitor.get(url)
    with django_assert_num_queries(0):
        return visitor.get(url).content.decode()


def test_a_new_photo_refreshes_the_cached_directory_and_profile(client, plain, django_assert_num_queries):
    visitor = DjangoClient()
    for url in (DIRECTORY, profile_url(plain)):
        assert photo_url(plain, 64) not in served_from_cache(visitor, url, django_assert_num_queries)
    client.force_login(plain)
    assert client.post(reverse("accounts:avatar-upload"), {"photo": upload(picture())}).status_code == 302
    digest = User.objects.get(pk=plain.pk).avatar_digest
    assert f"{photo_url(plain, 64)}?v={digest}" in visitor.get(DIRECTORY).content.decode()
    assert f"{photo_url(plain, 256)}?v={digest}" in visitor.get(profile_url(plain)).content.decode()


def test_a_replaced_photo_is_a_new_address(listed, django_assert_num_queries):
    visitor = DjangoClient()
    old = f"?v={listed.avatar_digest}"
    assert old in served_from_cache(visitor, DIRECTORY, django_assert_num_queries)
    give_photo(listed, picture((400, 400), colour=(10, 120, 40)))
    page = visitor.get(DIRECTORY).content.decode()
    assert old not in page and f"?v={User.objects.get(pk=listed.pk).avatar_digest}" in page


def test_a_removed_photo_refreshes_the_cached_pages(listed, django_assert_num_queries):
    visitor = DjangoClient()
    assert photo_url(listed) in served_from_cache(visitor, DIRECTORY, django_assert_num_queries)
    assert photo_url(listed, 256) in served_from_cache(visitor, profile_url(listed), django_assert_num_queries)
    avatar_remove(user=listed)
    assert photo_url(listed) not in visitor.get(DIRECTORY).content.decode()
    profile = visitor.get(profile_url(listed)).content.decode()
    assert photo_url(listed, 256) not in profile and ">PP</span>" in profile
