"""The staff desks' pages: thin views over the domain apps' services and selectors.

Every action comes back to the page it was taken from (a ``next`` field, checked
to stay on this site), else to the object's desk page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect

from mvp_portal.accounts.roles import is_mvp_lead, is_program_admin
from mvp_portal.http import safe_next_url

LEADS_AND_ADMINS = "Only MVP leads and program admins have a desk."
ADMINS_ONLY = "Only program admins may do this."


def require_desk(user) -> None:
    if not (is_mvp_lead(user) or is_program_admin(user)):
        raise PermissionDenied(LEADS_AND_ADMINS)


def require_admin(user) -> None:
    if not is_program_admin(user):
        raise PermissionDenied(ADMINS_ONLY)


def back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Redirect to where the action was taken from (``next``), else ``default``."""
    return HttpResponseRedirect(safe_next_url(request, request.POST.get("next"), default))


def apply_errors(form, exc: ValidationError, request: HttpRequest | None = None) -> None:
    """A service's ValidationError next to the field it names, else on top of the
    form (or, given ``request``, as a page message for forms the page no longer shows)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif request is not None:
        for message in exc.messages:
            messages.error(request, message)
    else:
        form.add_error(None, exc.messages)
