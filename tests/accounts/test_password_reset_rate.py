"""Password reset is rate-limited per address and per client, with a clear message."""

from django.urls import reverse

from mvp_portal.notices.models import Notice
from tests.factories import UserFactory

URL = reverse("accounts:password-reset")
LIMIT_TEXT = "Too many reset requests"


def test_reset_is_limited_per_address(client, outsider, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = 5
    for n in range(5):
        response = client.post(URL, {"email": outsider.email}, REMOTE_ADDR=f"198.51.100.{n}")
        assert response.status_code == 302
    # The same address in another case, from yet another client: still the same address.
    refused = client.post(URL, {"email": outsider.email.upper()}, REMOTE_ADDR="198.51.100.99")
    assert refused.status_code == 200
    assert LIMIT_TEXT in refused.content.decode()
    assert Notice.objects.filter(recipient=outsider).count() == 5


def test_reset_is_limited_per_client(client, db, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = 5
    people = [UserFactory(email=f"reset{n}@example.org") for n in range(6)]
    for person in people[:5]:
        assert client.post(URL, {"email": person.email}, REMOTE_ADDR="198.51.100.7").status_code == 302
    refused = client.post(URL, {"email": people[5].email}, REMOTE_ADDR="198.51.100.7")
    assert LIMIT_TEXT in refused.content.decode()
    assert not Notice.objects.filter(recipient=people[5]).exists()
    # Another client is not affected.
    assert client.post(URL, {"email": people[5].email}, REMOTE_ADDR="198.51.100.8").status_code == 302


def test_unknown_addresses_count_too_so_the_limit_reveals_nothing(client, db, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = 2
    for _ in range(2):
        client.post(URL, {"email": "nobody@example.org"}, REMOTE_ADDR="198.51.100.1")
    assert LIMIT_TEXT in client.post(URL, {"email": "nobody@example.org"}).content.decode()
