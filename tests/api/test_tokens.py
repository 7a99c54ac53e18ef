"""Personal access tokens: stored hashed, shown once, listed by prefix, revocable, expiring,
used with a case-insensitive Bearer scheme, and every refusal a 401 that says why."""

import hashlib
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiToken
from api.tokens import TOKEN_PATTERN
from tests.api.conftest import bearer

ME = "/api/v1/me/"


def test_only_the_hash_is_stored(nominee):
    token, plain = services.token_create(user=nominee, name="laptop", scope="read", days=90, now=timezone.now())
    assert TOKEN_PATTERN.match(plain)
    assert plain.startswith(f"mvp_{token.key_id}_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(plain.encode()).hexdigest()
    secret = plain.rsplit("_", 1)[1]
    row = [str(value) for value in ApiToken.objects.filter(pk=token.pk).values_list().get()]
    assert not any(secret in value for value in row), "the secret must not be stored anywhere in the row"


def test_two_tokens_differ(nominee):
    now = timezone.now()
    first = services.token_create(user=nominee, name="a", scope="read", days=1, now=now)[1]
    second = services.token_create(user=nominee, name="a", scope="read", days=1, now=now)[1]
    assert first != second


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"days": 0}, "days"), ({"days": 366}, "days"), ({"scope": "admin"}, "scope"), ({"name": "  "}, "name")],
)
def test_token_create_refuses_bad_values(nominee, kwargs, field):
    values = {"user": nominee, "name": "x", "scope": "read", "days": 90, "now": timezone.now()} | kwargs
    with pytest.raises(ValidationError) as caught:
        services.token_create(**values)
    assert field in caught.value.message_dict
    assert not ApiToken.objects.exists()


def test_expiry_is_at_most_a_year_in_the_database_too(nominee, postgres):
    from django.db import IntegrityError

    token, _ = services.token_create(user=nominee, name="x", scope="read", days=365, now=timezone.now())
    with pytest.raises(IntegrityError):
        ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at + timedelta(days=366))


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_scheme_is_case_insensitive(api, nominee, make_token, scheme):
    response = api.get(ME, **bearer(make_token(nominee), scheme=scheme))
    assert response.status_code == 200
    assert response.json()["email"] == nominee.email


def test_me_names_the_token(api, nominee, make_token):
    plain = make_token(nominee, "write")
    body = api.get(ME, **bearer(plain)).json()
    assert body["token"]["prefix"] == plain[: len("mvp_") + 8]
    assert body["token"]["scope"] == "write"
    assert body["roles"] == [] and body["is_mvp"] is False


def assert_401(response, code: str, words: str):
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == code
    assert words in body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer ")


def test_missing_token(api, db):
    response = api.get(ME)
    assert_401(response, "token_missing", "No API token")
    assert "error=" not in response["WWW-Authenticate"]


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Token mvp_abcdefgh_" + "a" * 40,
        "Basic dXNlcjpwYXNz",
        "Bearer mvp_abcdefgh_" + "a" * 39,
        "Bearer xyz_abcdefgh_" + "a" * 40,
        "Bearer mvp_abcdefgh_" + "a" * 40 + " extra",
        "Bearer mvp_ABCDEFGH_" + "a" * 40,
    ],
)
def test_malformed_header(api, db, header):
    response = api.get(ME, HTTP_AUTHORIZATION=header)
    assert_401(response, "token_malformed", "malformed")
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_unknown_token(api, nominee, make_token):
    plain = make_token(nominee)
    forged = plain[:-1] + ("A" if plain[-1] != "A" else "B")  # right key id, wrong secret
    assert_401(api.get(ME, **bearer(forged)), "token_unknown", "not known")
    assert_401(api.get(ME, **bearer("mvp_zzzzzzzz_" + "a" * 40)), "token_unknown", "not known")


def test_revoked_token(api, nominee, make_token):
    assert_401(api.get(ME, **bearer(make_token(nominee, revoked=True))), "token_revoked", "revoked")


def test_expired_token(api, nominee, make_token):
    assert_401(api.get(ME, **bearer(make_token(nominee, expired=True))), "token_expired", "expired")


def test_token_expires_at_its_time(api, nominee, make_token, clock):
    plain = make_token(nominee, days=1)
    assert api.get(ME, **bearer(plain)).status_code == 200
    clock.move_to(timezone.now() + timedelta(days=1, seconds=1))
    assert_401(api.get(ME, **bearer(plain)), "token_expired", "expired")


def test_token_of_a_deactivated_account(api, nominee, make_token):
    plain = make_token(nominee)
    nominee.is_active = False
    nominee.save(update_fields=["is_active"])
    assert_401(api.get(ME, **bearer(plain)), "token_inactive", "deactivated")


def test_session_does_not_open_the_api(api, client, nominee):
    client.force_login(nominee)
    response = client.get(ME)
    assert response.status_code == 401


def test_last_used_is_written_at_most_once_a_minute(api, nominee, make_token, django_assert_num_queries, clock):
    plain = make_token(nominee)
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    start = timezone.now()
    clock.move_to(start)
    api.get(ME, **bearer(plain))
    token.refresh_from_db()
    assert token.last_used_at == start
    with django_assert_num_queries(3):  # the token with its user, roles, awards (is_mvp): no write
        api.get(ME, **bearer(plain))
    clock.move_to(start + timedelta(seconds=59))
    api.get(ME, **bearer(plain))
    token.refresh_from_db()
    assert token.last_used_at == start
    later = start + timedelta(seconds=61)
    clock.move_to(later)
    api.get(ME, **bearer(plain))
    token.refresh_from_db()
    assert token.last_used_at == later


def test_revoke_twice_changes_nothing(nominee):
    token, _ = services.token_create(user=nominee, name="x", scope="read", days=9, now=timezone.now())
    first = services.token_revoke(token_id=token.pk, actor=nominee, now=timezone.now()).revoked_at
    second = services.token_revoke(token_id=token.pk, actor=nominee, now=timezone.now() + timedelta(hours=1))
    assert second.revoked_at == first


def test_nobody_revokes_someone_elses_token(nominee, outsider):
    from django.core.exceptions import PermissionDenied

    token, _ = services.token_create(user=nominee, name="x", scope="read", days=9, now=timezone.now())
    with pytest.raises(PermissionDenied):
        services.token_revoke(token_id=token.pk, actor=outsider, now=timezone.now())
    token.refresh_from_db()
    assert token.revoked_at is None


# The command ------------------------------------------------------------------------
def test_command_prints_the_token_as_its_last_line(api, nominee):
    out = StringIO()
    call_command(
        "create_api_token", nominee.email.upper(), "--scope", "write", "--name", "CI", "--days", "30", stdout=out
    )
    last = out.getvalue().strip().splitlines()[-1]
    assert TOKEN_PATTERN.match(last)
    token = ApiToken.objects.get()
    assert (token.name, token.scope, token.user) == ("CI", "write", nominee)
    assert token.expires_at - token.created_at == timedelta(days=30)
    assert api.get(ME, **bearer(last)).status_code == 200


def test_command_defaults_to_a_read_token_for_90_days(nominee):
    out = StringIO()
    call_command("create_api_token", nominee.email, stdout=out)
    token = ApiToken.objects.get()
    assert token.scope == "read"
    assert token.expires_at - token.created_at == timedelta(days=90)


@pytest.mark.parametrize(("args", "words"), [(["nobody@example.org"], "No account"), (["--days", "400"], "365")])
def test_command_refuses(nominee, args, words):
    if args[0].startswith("--"):
        args = [nominee.email, *args]
    with pytest.raises(CommandError, match=words):
        call_command("create_api_token", *args, stdout=StringIO())


# The pages ------------------------------------------------------------------------------
def test_tokens_page_is_linked_from_the_profile(client, nominee):
    client.force_login(nominee)
    page = client.get(reverse("accounts:profile-edit")).content.decode()
    assert reverse("api:token-list") in page


def test_create_shows_the_token_once(client, nominee):
    client.force_login(nominee)
    url = reverse("api:token-list")
    response = client.post(url, {"name": "PowerShell", "scope": "write", "days": "30"})
    assert response.status_code == 200
    page = response.content.decode()
    plain = re.search(r'value="(mvp_[a-z0-9]{8}_[A-Za-z0-9]{40})"', page)[1]
    assert "only time it is shown" in page
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert (token.name, token.scope, token.user) == ("PowerShell", "write", nominee)
    assert token.expires_at - token.created_at == timedelta(days=30)
    listing = client.get(url).content.decode()
    assert token.prefix in listing
    assert plain not in listing
    assert "PowerShell" in listing


def test_create_form_keeps_what_was_typed(client, nominee):
    client.force_login(nominee)
    response = client.post(reverse("api:token-list"), {"name": "My script", "scope": "write", "days": "400"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="My script"' in page
    assert "Enter a whole number of at most 365." in page and "Ensure this value" not in page
    assert not ApiToken.objects.exists()


def test_list_shows_prefix_scope_dates_and_state(client, nominee, outsider, make_token):
    make_token(nominee, "read")
    make_token(nominee, "write", revoked=True)
    make_token(nominee, "read", expired=True)
    make_token(outsider, "write")
    client.force_login(nominee)
    page = client.get(reverse("api:token-list")).content.decode()
    for token in ApiToken.objects.filter(user=nominee):
        assert token.prefix in page
    assert ApiToken.objects.get(user=outsider).prefix not in page
    assert "revoked" in page and "expired" in page and "never" in page
    assert page.count(">Revoke<") == 1  # only the active one


def test_revoke_asks_then_revokes(client, nominee, make_token, api):
    plain = make_token(nominee, "write")
    token = ApiToken.objects.get()
    client.force_login(nominee)
    url = reverse("api:token-revoke", kwargs={"pk": token.pk})
    confirm = client.get(url)
    assert confirm.status_code == 200 and token.prefix in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client.post(url)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get(ME, **bearer(plain)).json()["code"] == "token_revoked"


def test_nobody_reaches_someone_elses_token_page(client, nominee, outsider, make_token):
    make_token(nominee)
    token = ApiToken.objects.get()
    client.force_login(outsider)
    url = reverse("api:token-revoke", kwargs={"pk": token.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("size", [2, 60])
def test_tokens_page_queries_do_not_grow(client, nominee, size, django_assert_num_queries):
    now = timezone.now()
    for index in range(size):
        services.token_create(user=nominee, name=f"t{index}", scope="read", days=30, now=now)
    client.force_login(nominee)
    with django_assert_num_queries(5):  # user, tokens; the menu: roles, awards, own dossiers (session: cached)
        response = client.get(reverse("api:token-list"))
    assert response.content.decode().count("<code>mvp_") == size
