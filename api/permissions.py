"""Who may call what: DRF permission classes over the apps' own predicates.

Staff endpoints use the same predicates as the staff pages
(``evaluations.permissions``); they move to the staff desks' predicates when
those exist.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from evaluations import permissions as evaluation_permissions

from .models import ApiToken


class TokenScope(BasePermission):
    """A read token reads; only a write token changes anything."""

    message = _(
        "This token may only read (scope “read”): create a token with the “write” scope to add, change or "
        "delete activities."
    )
    code = "token_read_only"

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return isinstance(request.auth, ApiToken) and request.auth.can_write


class LeadOrAdmin(BasePermission):
    """The nomination queue and the review queue: MVP leads and program admins, as on the pages."""

    message = _("Only MVP leads and program admins have the nomination and review queues.")
    code = "not_lead_or_admin"

    def has_permission(self, request, view) -> bool:
        return evaluation_permissions.can_view_queue(request.user)


class Evaluator(BasePermission):
    """An evaluator's own assignments: employees, as on the “My evaluations” page."""

    message = _("Only employees evaluate dossiers.")
    code = "not_employee"

    def has_permission(self, request, view) -> bool:
        return evaluation_permissions.can_be_evaluator(request.user)
