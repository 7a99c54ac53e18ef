"""Home-page item of the evaluations app: dossiers the person was asked to evaluate."""

from django.urls import reverse
from django.utils.translation import gettext as _

from mvp_portal.accounts.roles import is_employee
from mvp_portal.attention import AttentionItem

from . import selectors


def attention_items(user) -> list[AttentionItem]:
    if not is_employee(user):
        return []
    to_evaluate = selectors.open_assignment_count(user)
    if not to_evaluate:
        return []
    return [
        AttentionItem(
            title=_("Dossiers to evaluate"),
            url=reverse("evaluations:my-assignments"),
            detail=_("Score them or abstain with a reason."),
            count=to_evaluate,
        )
    ]
