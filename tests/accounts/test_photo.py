"""The profile photo from the profile page: upload, refusal beside the field,
removal; erased with the account; part of the data download."""

import io
import json
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from mvp_portal.accounts.models import Avatar, User
from mvp_portal.accounts.services import account_erase
from tests.factories import UserFactory
from tests.support.images import give_photo, picture, upload

PROFILE = reverse("accounts:profile-edit")
UPLOAD = reverse("accounts:avatar-upload")
REMOVE = reverse("accounts:avatar-remove")


def test_uploading_a_photo_keeps_its_squares_and_shows_it_on_the_profile_page(client, nominee):
    client.force_login(nominee)
    response = client.post(UPLOAD, {"photo": upload(picture((800, 600)))})
    assert response.status_code == 302 and response.url == PROFILE
    nominee.refresh_from_db()
    avatar = Avatar.objects.get(user=nominee)
    assert nominee.avatar_digest == avatar.digest != ""
    assert Image.open(io.BytesIO(avatar.large)).size == (256, 256)
    assert Image.open(io.BytesIO(avatar.small)).size == (64, 64)
    page = client.get(PROFILE).content.decode()
    assert reverse("directory:photo", args=[nominee.pk, 256]) + f"?v={nominee.avatar_digest}" in page
    assert 'enctype="multipart/form-data"' in page
    assert "Remove the photo" in page


def test_a_new_photo_replaces_the_old_one(client, nominee):
    give_photo(nominee)
    first = User.objects.get(pk=nominee.pk).avatar_digest
    client.force_login(nominee)
    client.post(UPLOAD, {"photo": upload(picture((300, 300), colour=(0, 90, 200)))})
    assert Avatar.objects.filter(user=nominee).count() == 1
    assert User.objects.get(pk=nominee.pk).avatar_digest not in ("", first)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"MZ\x90\x00 not a picture at all", "This file is not an image we can read"),
        (picture((20, 20)), "The picture is too small"),
    ],
)
def test_a_bad_file_is_refused_beside_the_field_and_nothing_changes(client, nominee, data, message):
    give_photo(nominee)
    before = User.objects.get(pk=nominee.pk).avatar_digest
    client.force_login(nominee)
    response = client.post(UPLOAD, {"photo": upload(data, name="holiday.jpg")})
    assert response.status_code == 400
    body = response.content.decode()
    field = re.search(r'<input[^>]*name="photo"[^>]*>', body).group()
    assert "is-invalid" in field
    error = re.search(r'<[^>]*id="error_1_id_photo"[^>]*>(.*?)</', body, flags=re.S).group(1)
    assert message in error  # beside the field
    assert "data-error-summary" in body  # and in the summary at the top of the form
    assert User.objects.get(pk=nominee.pk).avatar_digest == before


def test_no_file_is_refused_beside_the_field(client, nominee):
    client.force_login(nominee)
    response = client.post(UPLOAD, {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Avatar.objects.exists()


def test_the_profile_form_still_works_beside_it(client, nominee):
    """The page keeps its profile form (its fields, its own submit) next to the photo's."""
    client.force_login(nominee)
    body = client.get(PROFILE).content.decode()
    assert 'name="display_name"' in body and 'name="photo"' in body
    title = body[body.index("<title>") : body.index("</title>")]
    assert "Your profile" in title and "Leaving" not in title
    assert body.count('id="leaving-heading"') == 1


def test_removing_the_photo_brings_back_the_initials(client, nominee):
    give_photo(nominee)
    client.force_login(nominee)
    response = client.post(REMOVE)
    assert response.status_code == 302
    assert not Avatar.objects.filter(user=nominee).exists()
    assert User.objects.get(pk=nominee.pk).avatar_digest == ""
    page = client.get(PROFILE).content.decode()
    assert "avatar-initials" in page and ">NN</span>" in page  # Nico Nominee
    assert "Remove the photo" not in page
    assert client.post(REMOVE).status_code == 302  # nothing to remove: no error


def test_one_cannot_touch_anyone_elses_photo(client, nominee, outsider):
    """The views act on the signed-in person only: there is no one else to name."""
    give_photo(nominee)
    client.force_login(outsider)
    client.post(REMOVE)
    client.post(UPLOAD, {"photo": upload()})
    assert Avatar.objects.get(user=nominee).digest == User.objects.get(pk=nominee.pk).avatar_digest
    assert Avatar.objects.filter(user=outsider).exists()


def test_erasing_the_account_deletes_the_photo(nominee):
    give_photo(nominee)
    assert account_erase(user_id=nominee.pk, now=timezone.now())
    assert not Avatar.objects.filter(user=nominee).exists()
    assert User.objects.get(pk=nominee.pk).avatar_digest == ""


def test_the_data_download_holds_the_photo(client, nominee):
    give_photo(nominee)
    client.force_login(nominee)
    response = client.get(reverse("api:takeout"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("portal-data.json"))
    assert data["profile"]["photo"] == "photo.webp"
    assert archive.read("photo.webp") == bytes(Avatar.objects.get(user=nominee).large)


def test_the_data_download_without_a_photo_says_so(client, nominee):
    client.force_login(nominee)
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("api:takeout")).content))
    assert json.loads(archive.read("portal-data.json"))["profile"]["photo"] is None
    assert "photo.webp" not in archive.namelist()


def test_a_superuser_removes_a_photo_from_the_admin(client, nominee, outsider):
    """Moderation: the people admin's action removes the photos of the people chosen, and only theirs."""
    give_photo(nominee)
    give_photo(outsider)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "remove_photo", "_selected_action": [nominee.pk]},
        follow=True,
    )
    assert "1 photo removed." in response.content.decode()
    assert not Avatar.objects.filter(user=nominee).exists()
    assert User.objects.get(pk=nominee.pk).avatar_digest == ""
    assert Avatar.objects.filter(user=outsider).exists()
