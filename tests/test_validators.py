"""One date rule and one web-address rule, in the kernel, used by every form that takes them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mvp_portal.validators import validate_program_date, validate_web_url


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1999, 12, 31)])
def test_dates_before_2000_are_refused(day):
    with pytest.raises(ValidationError):
        validate_program_date(day)


def test_dates_from_2000_are_accepted():
    validate_program_date(date(2000, 1, 1))


@pytest.mark.parametrize("url", ["ftp://files.example.org/talk.pdf", "ftps://x.example.org/", "javascript:alert(1)"])
def test_non_web_addresses_are_refused(url):
    with pytest.raises(ValidationError):
        validate_web_url(url)


def test_web_addresses_are_accepted():
    validate_web_url("https://blog.example.org/post")
    validate_web_url("http://blog.example.org/post")


def test_profile_refuses_an_ftp_link(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("accounts:profile-edit"),
        {
            "display_name": "Olga",
            "identities-TOTAL_FORMS": "1",
            "identities-INITIAL_FORMS": "0",
            "identities-0-kind": "website",
            "identities-0-url": "ftp://files.example.org/",
        },
    )
    assert response.status_code == 200
    assert "https://" in response.content.decode()
    assert not outsider.online_identities.exists()
