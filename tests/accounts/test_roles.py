"""Roles change only through the role page (audited); the admin keeps privilege fields for superusers."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from mvp_portal.accounts.models import SecurityEvent
from mvp_portal.accounts.roles import Role
from tests.factories import UserFactory

ROLES_URL = reverse("accounts:roles")


def admin_change_data(user, **extra):
    """A full POST of the admin's change form for ``user``, plus ``extra``."""
    return {
        "email": user.email,
        "display_name": user.display_name,
        "country": str(user.country),
        "headline": "",
        "biography": "",
        "time_zone": "",
        "show_in_directory": "on",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "online_identities-TOTAL_FORMS": "0",
        "online_identities-INITIAL_FORMS": "0",
        **extra,
    }


def test_program_admin_cannot_make_themselves_superuser_in_the_admin(client, program_admin):
    client.force_login(program_admin)
    url = reverse("admin:accounts_user_change", args=[program_admin.pk])
    everything = list(Permission.objects.values_list("pk", flat=True))
    response = client.post(
        url,
        admin_change_data(
            program_admin,
            is_staff="on",
            is_superuser="on",
            groups=[g.pk for g in Group.objects.all()],
            user_permissions=everything,
            headline="Changed by the form",
        ),
    )
    assert response.status_code == 302  # the form saved: only the privilege fields were ignored
    program_admin.refresh_from_db()
    assert program_admin.headline == "Changed by the form"
    assert not program_admin.is_superuser
    assert list(program_admin.groups.values_list("name", flat=True)) == [Role.PROGRAM_ADMIN]
    assert not program_admin.user_permissions.exists()


def test_program_admin_cannot_touch_a_superusers_account_or_set_passwords(client, program_admin, outsider):
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(program_admin)
    response = client.post(reverse("admin:accounts_user_change", args=[root.pk]), admin_change_data(root))
    assert response.status_code == 403
    for person in (root, outsider):
        url = reverse("admin:auth_user_password_change", args=[person.pk])
        assert client.post(url, {"password1": "x" * 20, "password2": "x" * 20}).status_code == 403


def test_superuser_still_manages_privileges_in_the_admin(client, outsider):
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(root)
    group = Group.objects.get(name=Role.EMPLOYEE)
    response = client.post(
        reverse("admin:accounts_user_change", args=[outsider.pk]), admin_change_data(outsider, groups=[group.pk])
    )
    assert response.status_code == 302
    assert list(outsider.groups.all()) == [group]


# The role page ------------------------------------------------------------------------
def test_program_admin_grants_and_revokes_a_role_and_each_change_is_audited(client, program_admin, outsider):
    client.force_login(program_admin)
    page = client.get(ROLES_URL)
    assert page.status_code == 200
    response = client.post(ROLES_URL, {"email": outsider.email.upper(), "role": Role.MVP_LEAD, "action": "grant"})
    assert response.status_code == 302
    assert set(outsider.groups.values_list("name", flat=True)) == {Role.MVP_LEAD}
    granted = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ROLE_GRANTED)
    assert (granted.user, granted.actor, granted.details["role"]) == (outsider, program_admin, Role.MVP_LEAD)
    assert outsider.display_name in client.get(ROLES_URL).content.decode()
    client.post(ROLES_URL, {"email": outsider.email, "role": Role.MVP_LEAD, "action": "revoke"})
    assert not outsider.groups.exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_REVOKED, user=outsider).count() == 1


def test_granting_program_admin_gives_admin_access_and_revoking_takes_it(client, program_admin, outsider):
    client.force_login(program_admin)
    client.post(ROLES_URL, {"email": outsider.email, "role": Role.PROGRAM_ADMIN, "action": "grant"})
    outsider.refresh_from_db()
    assert outsider.is_staff and not outsider.is_superuser
    client.post(ROLES_URL, {"email": outsider.email, "role": Role.PROGRAM_ADMIN, "action": "revoke"})
    outsider.refresh_from_db()
    assert not outsider.is_staff


def test_nobody_changes_their_own_roles(client, program_admin, employee):
    employee.groups.add(Group.objects.get(name=Role.PROGRAM_ADMIN))
    client.force_login(program_admin)
    response = client.post(ROLES_URL, {"email": program_admin.email, "role": Role.MVP_LEAD, "action": "grant"})
    assert response.status_code == 200
    assert "another program admin" in response.content.decode()
    assert program_admin.email in response.content.decode()  # what was typed is kept
    assert list(program_admin.groups.values_list("name", flat=True)) == [Role.PROGRAM_ADMIN]
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_GRANTED).exists()


def test_unknown_address_is_said_next_to_the_field(client, program_admin):
    client.force_login(program_admin)
    response = client.post(ROLES_URL, {"email": "nobody@example.org", "role": Role.EMPLOYEE, "action": "grant"})
    assert response.status_code == 200
    assert "No account uses this address" in response.content.decode()


@pytest.mark.parametrize("fixture", ["lead", "employee", "outsider"])
def test_only_program_admins_reach_the_role_page(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(ROLES_URL).status_code == 403
    assert (
        client.post(ROLES_URL, {"email": "x@example.org", "role": Role.PROGRAM_ADMIN, "action": "grant"}).status_code
        == 403
    )


@pytest.mark.parametrize("size", [3, 60])
def test_role_page_queries_do_not_grow(client, program_admin, size, django_assert_num_queries):
    for n in range(size):
        UserFactory(email=f"staff{n}@example.org", roles=[Role.EMPLOYEE, Role.MVP_LEAD] if n % 2 else [Role.EMPLOYEE])
    client.force_login(program_admin)
    with django_assert_num_queries(ROLE_PAGE_QUERIES):
        response = client.get(ROLES_URL)
    assert len(response.context["people"]) == size + 1


# The two-factor device of the signed-in staff member and the navigation (the session from the cache).
ROLE_PAGE_QUERIES = 8
