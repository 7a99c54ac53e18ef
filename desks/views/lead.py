"""The lead desk: one queue of what waits on the lead, the dossier list with
batch assignment, and the nominations of their countries."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from evaluations import selectors as evaluation_selectors
from evaluations import services as evaluation_services
from evaluations.fairness import (
    DISAGREEMENT_SPREAD,
    MIN_SCORED_TO_NORMALISE,
    MIN_SHARED_FOR_OUTLIER,
    OUTLIER_DISTANCE,
)
from mvp_portal import kept_pages
from mvp_portal.accounts.roles import is_program_admin
from mvp_portal.http import body_first, parse_id
from mvp_portal.program_calendar import program_today
from nominations import services as nomination_services
from nominations.selectors import dossiers_in_staff_scope, get_nomination_for_staff, with_viewer_conflict

from .. import selectors
from ..forms import AssignForm, CycleChoiceForm, QueueFilterForm
from . import apply_errors, back, require_desk

QUEUE_PAGE_SIZE = 50


@login_required
@require_GET
def desk_home(request: HttpRequest) -> HttpResponse:
    """``/desk/``: the admin desk for program admins, the lead desk for leads."""
    require_desk(request.user)
    return redirect("desks:admin" if is_program_admin(request.user) else "desks:lead")


@login_required
@require_GET
@kept_pages.keep
def lead_desk(request: HttpRequest) -> HttpResponse:
    require_desk(request.user)
    today = program_today()
    return kept_pages.page(
        request,
        "desks/lead_desk.html",
        lambda: {"desk": selectors.lead_desk(request.user, today=today), "tab": "lead"},
    )


# The dossier list -------------------------------------------------------------------
def evaluator_choices(employees=None, exclude: set[int] = frozenset()):
    employees = evaluation_selectors.assignable_evaluators() if employees is None else employees
    return [(u.pk, f"{u.display_name} <{u.email}>") for u in employees if u.pk not in exclude]


def _dossier_list_context(request: HttpRequest, *, assign_form: AssignForm | None = None) -> dict:
    user = request.user
    scope = dossiers_in_staff_scope(user)
    award_dates = evaluation_selectors.queue_award_dates(scope)
    form = QueueFilterForm(request.GET or None, award_dates=award_dates)
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    chosen = cleaned.get("award_date")
    today = program_today()
    award_date = date.fromisoformat(chosen) if chosen else evaluation_selectors.default_award_date(award_dates, today)
    if not form.is_bound:
        form = QueueFilterForm(initial={"award_date": award_date.isoformat()}, award_dates=award_dates)
    filters = evaluation_selectors.QueueFilters(
        award_date=award_date,
        expertise_id=cleaned["expertise"].pk if cleaned.get("expertise") else None,
        kind=cleaned.get("kind") or "",
        state=cleaned.get("state") or "",
        sort=cleaned.get("sort") or "score",
    )
    queue = evaluation_selectors.queue_dossiers(user, scope, filters)
    figures = evaluation_selectors.cycle_figures(award_date)
    order = evaluation_selectors.queue_order(queue, figures, filters.sort)
    page = Paginator(order, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = {dossier.pk: dossier for dossier in with_viewer_conflict(queue.filter(pk__in=page.object_list), user)}
    dossiers = [shown[pk] for pk in page.object_list if pk in shown]
    aggregates = evaluation_selectors.medians_for([d.pk for d in dossiers])
    visible = evaluation_selectors.figures_of(dossiers, figures)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "tab": "dossiers",
        "filter_form": form,
        "award_date": award_date,
        "counts": evaluation_selectors.queue_counts(scope, award_date),
        "rows": [(dossier, aggregates[dossier.pk], visible[dossier.pk]) for dossier in dossiers],
        "min_scored_to_normalise": MIN_SCORED_TO_NORMALISE,
        "disagreement_spread": DISAGREEMENT_SPREAD,
        "outliers": evaluation_selectors.reviewer_outliers(user, scope, award_date),
        "page": page,
        "query": query.urlencode(),
        "assign_form": assign_form or AssignForm(evaluator_choices=evaluator_choices()),
        "can_export": is_program_admin(user),
        "export_dates": award_dates,
    }


@login_required
@require_GET
@kept_pages.keep
def dossier_list(request: HttpRequest) -> HttpResponse:
    require_desk(request.user)
    return kept_pages.page(request, "desks/dossier_list.html", lambda: _dossier_list_context(request))


@login_required
@require_POST
@body_first
def assignment_create(request: HttpRequest) -> HttpResponse:
    """Assign evaluators to one or many dossiers (a batch: one digest per evaluator)."""
    user = request.user
    require_desk(user)
    posted = [pk for pk in map(parse_id, request.POST.getlist("dossiers")) if pk is not None]
    in_scope = list(dossiers_in_staff_scope(user).filter(pk__in=posted).values_list("pk", flat=True))
    form = AssignForm(
        request.POST,
        dossier_choices=[(pk, str(pk)) for pk in in_scope],
        evaluator_choices=evaluator_choices(),
    )
    if form.is_valid():
        try:
            created = evaluation_services.assignments_create(
                dossier_ids=form.cleaned_data["dossiers"], evaluator_ids=form.cleaned_data["evaluators"], actor=user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if created:
                count = len(created)
                messages.success(
                    request,
                    ngettext(
                        "%(count)d assignment made; each evaluator gets one e-mail.",
                        "%(count)d assignments made; each evaluator gets one e-mail.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.info(request, _("Those evaluators were already assigned."))
            return back(request, reverse("desks:dossier-list"))
    if len(in_scope) == 1 and request.POST.get("from") == "dossier":
        from .dossier import dossier_page

        return dossier_page(request, selectors.get_dossier_on_desk(user, in_scope[0]), assign_form=form)
    return render(request, "desks/dossier_list.html", _dossier_list_context(request, assign_form=form), status=400)


@login_required
@require_POST
@body_first
def assignment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_desk(request.user)
    assignment = evaluation_selectors.get_assignment_for_lead(request.user, pk)
    try:
        evaluation_services.assignment_remove(assignment_id=assignment.pk, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s no longer evaluates this dossier.") % {"name": assignment.evaluator})
    return back(request, reverse("desks:dossier", args=[assignment.dossier_id]))


# Reviewer profiles ------------------------------------------------------------------------
@login_required
@require_GET
def reviewer_profiles(request: HttpRequest) -> HttpResponse:
    """Each evaluator's habits in one cycle, over the dossiers on the viewer's desk."""
    user = request.user
    require_desk(user)
    scope = dossiers_in_staff_scope(user)
    award_dates = evaluation_selectors.queue_award_dates(scope)
    form = CycleChoiceForm(request.GET or None, award_dates=award_dates)
    chosen = form.cleaned_data.get("award_date") if form.is_bound and form.is_valid() else None
    award_date = (
        date.fromisoformat(chosen) if chosen else evaluation_selectors.default_award_date(award_dates, program_today())
    )
    if not form.is_bound or not form.is_valid():
        form = CycleChoiceForm(initial={"award_date": award_date.isoformat()}, award_dates=award_dates)
    rows = evaluation_selectors.cycle_reviewer_profiles(user, scope, award_date)
    return render(
        request,
        "desks/reviewer_profiles.html",
        {
            "tab": "reviewers",
            "form": form,
            "award_date": award_date,
            "rows": rows,
            "calibration": evaluation_selectors.calibration_rows(award_date, scope),
            "criteria": evaluation_selectors.profile_criteria(rows),
            "outlier_distance": OUTLIER_DISTANCE,
            "min_shared_for_outlier": MIN_SHARED_FOR_OUTLIER,
        },
    )


# Nominations ----------------------------------------------------------------------------
@login_required
@require_GET
@kept_pages.keep
def nomination_list(request: HttpRequest) -> HttpResponse:
    require_desk(request.user)

    def context() -> dict:
        history = selectors.nomination_history(request.user)
        return {"page": Paginator(history, QUEUE_PAGE_SIZE).get_page(request.GET.get("page")), "tab": "nominations"}

    return kept_pages.page(request, "desks/nomination_list.html", context)


@login_required
@require_GET
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_desk(request.user)
    nomination = get_nomination_for_staff(request.user, pk)
    invitations = list(nomination.invitations.select_related("invited_by", "used_by"))
    return render(
        request,
        "desks/nomination_detail.html",
        {"nomination": nomination, "invitations": invitations, "tab": "nominations"},
    )


@login_required
@require_POST
@body_first
def nomination_invite(request: HttpRequest, pk: int) -> HttpResponse:
    require_desk(request.user)
    nomination = get_nomination_for_staff(request.user, pk)
    try:
        nomination_services.invitation_send(nomination_id=nomination.pk, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Invitation sent to %(email)s. The link works once, for 30 days.") % {"email": nomination.nominee_email},
        )
    return back(request, reverse("desks:nomination", args=[nomination.pk]))
