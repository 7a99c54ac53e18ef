from dataclasses import dataclass

from django import template
from django.core.paginator import Paginator
from django.utils.safestring import SafeString

from evaluations import rows as rows_html
from evaluations.models import Assignment
from mvp_portal.accounts.roles import is_employee, is_mvp_lead, is_program_admin

register = template.Library()


@register.simple_tag(takes_context=True)
def has_evaluations(context) -> bool:
    """Whether "My evaluations" applies: every employee who is not a lead or an
    admin (evaluating is their part), and leads and admins who were asked to."""
    user = getattr(context.get("request"), "user", None)
    if not (user and user.is_authenticated and is_employee(user)):
        return False
    if not (is_mvp_lead(user) or is_program_admin(user)):
        return True
    if "_has_evaluations" not in user.__dict__:
        user.__dict__["_has_evaluations"] = Assignment.objects.filter(evaluator=user).exists()
    return user.__dict__["_has_evaluations"]


@register.inclusion_tag("evaluations/_result_feedback.html")
def result_feedback(dossier):
    """The person's feedback on their own dossier (the caller checks it is theirs):
    the approved note and the per-criterion standing, once the result is announced."""
    from evaluations.selectors import published_feedback

    published = published_feedback(dossier)
    context = {"feedback": published[0], "standings": published[1]} if published else {"feedback": None}
    return context | _reconsideration(dossier)


def _reconsideration(dossier) -> dict:
    """Whether the person may ask for reconsideration (until when), or has asked."""
    from evaluations import permissions as perms
    from evaluations.selectors import reconsideration_of
    from mvp_portal.program_calendar import program_today

    existing = reconsideration_of(dossier)
    may_ask = existing is None and perms.can_request_reconsideration(dossier.owner, dossier, today=program_today())
    closes_on = perms.reconsideration_closes_on(getattr(dossier, "decision", None)) if may_ask else None
    return {"dossier": dossier, "reconsideration": existing, "may_ask_reconsideration": may_ask, "closes_on": closes_on}


# The activities of a dossier, a few at a time --------------------------------------------------
ACTIVITY_PREVIEW = 5  # rows of each type on the page; the group's link shows them all, a page at a time
ACTIVITY_PAGE = 25  # rows of a page of one type's activities


@dataclass
class ActivityGroup:
    """One type's activities as a page shows them: a preview, or (``page``) one page of them all."""

    total: object  # nominations.counting.TypeTotal
    rows: list
    page: object | None = None  # a django.core.paginator.Page when the group is opened

    @property
    def is_open(self) -> bool:
        return self.page is not None

    @property
    def more(self) -> int:
        return 0 if self.page is not None else len(self.total.activities) - len(self.rows)


@register.simple_tag(takes_context=True)
def activity_groups(context, picture) -> list[ActivityGroup]:
    """The picture's per-type groups: each shows its first ``ACTIVITY_PREVIEW``
    activities; ``?activities=<type id>`` opens that type's group, paged by
    ``ACTIVITY_PAGE`` (``&activities_page=N``). Never hundreds of rows at once."""
    request = context.get("request")
    query = request.GET if request is not None else {}
    opened = str(query.get("activities", ""))
    groups = []
    for total in picture.types:
        if opened and opened == str(total.activity_type.pk):
            page = Paginator(total.activities, ACTIVITY_PAGE).get_page(query.get("activities_page"))
            groups.append(ActivityGroup(total, list(page.object_list), page))
        else:
            groups.append(ActivityGroup(total, total.activities[:ACTIVITY_PREVIEW]))
    return groups


# The rows of the activity tables (evaluations/_activities.html) are written in Python
# (evaluations.rows): the template loops cost 0.5-1 ms an activity row, most of the review
# page's and the evaluation form's template time. Byte for byte what the loops wrote:
# tests/evaluations/test_activity_group_rows.py renders both.


@register.simple_tag
def group_rows(rows, activity_type) -> SafeString:
    """``{% group_rows group.rows t %}``: a ``<tr>`` for each activity of a type's group."""
    return rows_html.group_rows(rows, activity_type)


@register.simple_tag
def month_rows(picture) -> SafeString:
    """``{% month_rows picture %}``: a ``<tr>`` for each month of the dossier's period."""
    return rows_html.month_rows(picture)


@register.simple_tag
def type_total_rows(picture) -> SafeString:
    """``{% type_total_rows picture %}``: a ``<tr>`` for each type's counted activities and metrics."""
    return rows_html.type_total_rows(picture)
