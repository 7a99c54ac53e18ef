"""The signed-in viewer (account, roles, confirmed authenticators) read from the shared cache
until one of their rows is written (``mvp_portal/accounts/viewer.py``)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from mvp_portal import public_cache
from mvp_portal.accounts.roles import Role
from tests.directory.test_public_cache import (
    committed_db,  # noqa: F401
    database_url_of_the_test_database,
    redis_cache,  # noqa: F401
    reference_data_after_flush,  # noqa: F401
    run_django,
)
from tests.factories import UserFactory
from tests.support.cache_calls import cache_calls
from tests.support.clients import Client


def settled(client, url):
    """``url`` seen twice: the second time, the viewer comes from the cache."""
    client.get(url)
    return client.get(url)


def test_a_kept_viewer_costs_no_query(client, lead, django_assert_num_queries):
    client.force_login(lead)
    settled(client, reverse("desks:lead"))
    with django_assert_num_queries(0):  # the viewer kept, the page kept: nothing read from the database
        response = client.get(reverse("desks:lead"))
    assert response.status_code == 200 and response.wsgi_request.user.is_verified()


def test_a_kept_staff_page_is_three_cache_round_trips_from_a_new_caller(client, lead, monkeypatch):
    """The session; the account and the authenticator the session names, read ahead together; the
    page with its tokens."""
    client.force_login(lead)
    settled(client, reverse("desks:lead"))
    monkeypatch.setattr(public_cache, "_PLANS", {})  # as in a process this caller has not asked before
    calls = cache_calls(monkeypatch)
    response = client.get(reverse("desks:lead"))
    assert response.status_code == 200 and response.wsgi_request.user.is_verified()
    assert [name for name, _ in calls] == ["get_many", "get_many", "get_many"]


def test_a_kept_staff_page_asked_for_again_is_one_cache_round_trip(client, lead, monkeypatch):
    """What the caller's last request to the address read, read at once before anything asks."""
    client.force_login(lead)
    settled(client, reverse("desks:lead"))
    calls = cache_calls(monkeypatch)
    response = client.get(reverse("desks:lead"))
    assert response.status_code == 200 and response.wsgi_request.user.is_verified()
    assert [name for name, _ in calls] == ["get_many"]


def test_what_a_caller_read_last_time_is_only_a_guess(client, lead, monkeypatch):
    """A plan naming other keys, or none of what is read now, changes nothing but the round trips."""
    client.force_login(lead)
    settled(client, reverse("desks:lead"))
    monkeypatch.setattr(
        public_cache, "_PLANS", {plan: ("kept:gen:table:nothing_read",) for plan in public_cache._PLANS}
    )
    assert client.get(reverse("desks:lead")).status_code == 200
    lead.groups.remove(Group.objects.get(name=Role.MVP_LEAD))  # and after a write, read again
    assert client.get(reverse("desks:lead")).status_code == 403


def test_without_keeping_the_viewer_is_read_on_every_request(client, lead, pages_drawn):
    client.force_login(lead)
    settled(client, reverse("desks:lead"))
    with CaptureQueriesContext(connection) as seen:
        client.get(reverse("desks:lead"))
    tables = {
        query["sql"].split(" FROM ", 1)[1].split()[0] for query in seen.captured_queries if " FROM " in query["sql"]
    }
    assert {'"accounts_user"', '"auth_group"', '"otp_totp_totpdevice"'} <= tables


def test_a_role_taken_away_takes_effect_on_the_next_request(client, lead):
    client.force_login(lead)
    assert settled(client, reverse("desks:lead")).status_code == 200
    lead.groups.remove(Group.objects.get(name=Role.MVP_LEAD))
    assert client.get(reverse("desks:lead")).status_code == 403


def test_a_role_given_takes_effect_on_the_next_request(client, nominee):
    client.force_login(nominee)
    assert settled(client, reverse("desks:lead")).status_code == 403
    nominee.groups.add(Group.objects.get(name=Role.MVP_LEAD))
    # Staff now: the code is asked before any page.
    assert client.get(reverse("desks:lead")).url.startswith(reverse("accounts:two-factor-setup"))


def test_a_deactivated_account_is_signed_out_on_the_next_request(client, nominee):
    client.force_login(nominee)
    assert settled(client, reverse("accounts:profile-edit")).status_code == 200
    type(nominee).objects.filter(pk=nominee.pk).update(is_active=False)  # no signal: the statement is the write
    response = client.get(reverse("accounts:profile-edit"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_a_password_changed_elsewhere_ends_this_session(client, nominee):
    client.force_login(nominee)
    assert settled(client, reverse("accounts:profile-edit")).status_code == 200
    nominee.set_password("a new and long passphrase")
    nominee.save()
    response = client.get(reverse("accounts:profile-edit"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_an_authenticator_removed_asks_for_a_new_one(client, lead):
    client.force_login(lead)
    assert settled(client, reverse("desks:lead")).status_code == 200
    TOTPDevice.objects.filter(user=lead).delete()
    response = client.get(reverse("desks:lead"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two-factor-setup"))


def test_an_authenticator_of_someone_else_does_not_verify(client, lead, program_admin):
    """The session names a confirmed device, but not the viewer's: not verified, the name dropped."""
    other = TOTPDevice.objects.create(user=program_admin, name="Theirs", confirmed=True)
    client.force_login(lead)
    session = client.session
    session["otp_device_id"] = other.persistent_id
    session.save()
    response = client.get(reverse("desks:lead"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two-factor-verify"))
    assert "otp_device_id" not in client.session


@pytest.mark.services
@pytest.mark.usefixtures("committed_db", "postgres")
def test_a_role_taken_away_in_another_process_takes_effect_here(redis_cache):  # noqa: F811
    """Two processes sharing PostgreSQL and Redis: the role removed in the other one."""
    url, prefix = redis_cache
    lead = UserFactory(email="lead-elsewhere@example.org", roles=[Role.MVP_LEAD])
    client = Client()
    client.force_login(lead)
    assert settled(client, reverse("desks:lead")).status_code == 200
    run_django(
        "from django.contrib.auth.models import Group\n"
        "from mvp_portal.accounts.models import User\n"
        f"User.objects.get(pk={lead.pk}).groups.remove(Group.objects.get(name='{Role.MVP_LEAD}'))\n",
        cache_url=url,
        prefix=prefix,
        database_url=database_url_of_the_test_database(),
    )
    assert client.get(reverse("desks:lead")).status_code == 403
