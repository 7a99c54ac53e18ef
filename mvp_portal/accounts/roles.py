"""Roles are Django groups; these names are the only place they are spelled.

MVP is not a role here: it is derived from awards (``selectors.is_mvp_on``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "Employees", _("Employee")
    MVP_LEAD = "MVP leads", _("MVP lead")
    PROGRAM_ADMIN = "Program admins", _("Program admin")


def role_names(user) -> frozenset[str]:
    """The user's role names, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def is_program_admin(user) -> bool:
    return getattr(user, "is_superuser", False) or Role.PROGRAM_ADMIN in role_names(user)


def is_mvp_lead(user) -> bool:
    return Role.MVP_LEAD in role_names(user)


def is_employee(user) -> bool:
    """Program staff: leads and admins are employees too."""
    return is_program_admin(user) or bool(role_names(user) & {Role.EMPLOYEE, Role.MVP_LEAD})


# What each role may do in the Django admin, as "app_label" (every permission
# of the app) or "app_label.codename". Applied after every migrate by
# ``sync_role_groups`` so that new models' permissions are picked up.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.EMPLOYEE: [],
    Role.MVP_LEAD: ["accounts.view_region", "accounts.view_user"],
    Role.PROGRAM_ADMIN: [
        "accounts.view_user",
        "accounts.change_user",
        "accounts.add_user",
        "accounts.view_onlineidentity",
        "accounts.change_onlineidentity",
        "accounts.add_expertise",
        "accounts.change_expertise",
        "accounts.view_expertise",
        "accounts.add_region",
        "accounts.change_region",
        "accounts.delete_region",
        "accounts.view_region",
        "accounts.add_language",
        "accounts.change_language",
        "accounts.view_language",
        "accounts.view_securityevent",
        "notices",
        "nominations",
        "evaluations",
        "awards",
        "directory",
        "django_celery_beat",
    ],
}


def sync_role_groups(**kwargs) -> None:
    """Create the role groups and give them exactly their permissions."""
    from django.contrib.auth.models import Group, Permission

    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.none()
        for grant in grants:
            app_label, _, codename = grant.partition(".")
            query = Permission.objects.filter(content_type__app_label=app_label)
            if codename:
                query = query.filter(codename=codename)
            permissions = permissions | query
        group.permissions.set(permissions)
