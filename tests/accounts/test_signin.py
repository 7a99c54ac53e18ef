"""Sign-in protection: the lockout holds whatever the letter case of the address,
behind a proxy each client is counted on its own, and the lockout page speaks plainly."""

from datetime import timedelta

import pytest
from django.urls import reverse

from mvp_portal.accounts.roles import Role
from mvp_portal.accounts.signin import duration_words
from tests.factories import TEST_PASSWORD, UserFactory

WRONG = "not the password at all"


def sign_in(client, email, password, **headers):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, **headers)


@pytest.fixture
def employee2(db):
    return UserFactory(display_name="Evan Employee", email="employee2@example.org", roles=[Role.EMPLOYEE])


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return 5


VARIANTS = [
    "employee2@example.org",
    "Employee2@example.org",
    "EMPLOYEE2@EXAMPLE.ORG",
    "employee2@Example.Org",
    "eMpLoYeE2@example.org",
    "  Employee2@example.org  ",
]


@pytest.mark.parametrize("variant", VARIANTS)
def test_lockout_holds_for_every_letter_case_of_the_address(client, employee2, limit, variant):
    for _ in range(limit):
        sign_in(client, "employee2@example.org", WRONG)
    guess = sign_in(client, variant, WRONG)
    assert guess.status_code == 429
    right = sign_in(client, variant, TEST_PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_typed_in_different_cases_count_together(client, employee2, limit):
    for variant in VARIANTS[1:]:
        sign_in(client, variant, WRONG)
    response = sign_in(client, "employee2@example.org", TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_says_the_cool_off_in_words(client, employee2, limit):
    for _ in range(limit):
        sign_in(client, employee2.email, WRONG)
    page = sign_in(client, employee2.email, WRONG).content.decode()
    assert "15 minutes" in page
    assert "PT15M" not in page


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(minutes=15), "15 minutes"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=2, minutes=30), "2 hours and 30 minutes"),
        (timedelta(days=1), "1 day"),
        (timedelta(seconds=30), "30 seconds"),
    ],
)
def test_duration_words_are_plural_aware(delta, words):
    assert duration_words(delta) == words


# Behind a proxy --------------------------------------------------------------------------
PROXY = "10.0.0.2"


def test_two_clients_behind_one_proxy_are_locked_separately(client, employee2, limit, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(limit):
        sign_in(client, employee2.email, WRONG, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    locked = sign_in(client, employee2.email, TEST_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked.status_code == 429
    # A forged entry on the left does not get the attacker out: the proxy appended the real address.
    forged = sign_in(
        client, employee2.email, TEST_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.50, 198.51.100.7"
    )
    assert forged.status_code == 429
    other = sign_in(client, employee2.email, TEST_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_is_ignored(client, employee2, limit, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(limit):
        sign_in(client, employee2.email, WRONG, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = sign_in(
        client, employee2.email, TEST_PASSWORD, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.99"
    )
    assert response.status_code == 429


def test_client_address_counts_trusted_proxies_from_the_right(rf, settings):
    from mvp_portal.accounts.signin import client_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7, 10.0.0.2")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.3"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "198.51.100.7"
    # Fewer entries than proxies: the header is not what our proxies send; fall back to the socket.
    settings.TRUSTED_PROXY_COUNT = 5
    assert client_address(request) == "10.0.0.3"
