"""Home-page items: evaluations to do, dossiers to recommend, decisions missing."""

from django.urls import reverse

from mvp_portal.accounts.roles import is_employee, is_mvp_lead, is_program_admin
from mvp_portal.attention import AttentionItem

from . import selectors


def attention_items(user) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    if not is_employee(user):
        return items
    to_evaluate = selectors.open_assignment_count(user)
    if to_evaluate:
        items.append(
            AttentionItem(
                title="Dossiers to evaluate",
                url=reverse("evaluations:my-assignments"),
                detail="Score them or abstain with a reason.",
                count=to_evaluate,
            )
        )
    if is_mvp_lead(user):
        to_recommend = selectors.dossiers_to_recommend_count(user)
        if to_recommend:
            items.append(
                AttentionItem(
                    title="Dossiers to review and recommend",
                    url=reverse("evaluations:queue"),
                    detail="Submitted dossiers of your regions without your recommendation.",
                    count=to_recommend,
                )
            )
    if is_program_admin(user):
        undecided = selectors.dossiers_without_decision_count()
        if undecided:
            items.append(
                AttentionItem(
                    title="Dossiers lacking a decision",
                    url=reverse("evaluations:queue"),
                    detail="Award or decline, with a rationale.",
                    count=undecided,
                )
            )
    return items
