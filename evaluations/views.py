"""Pages of the evaluations app: thin function views over services and selectors."""

import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mvp_portal import program_calendar
from mvp_portal.accounts.roles import is_program_admin
from mvp_portal.accounts.selectors import award_history
from mvp_portal.accounts.services import security_event_export
from mvp_portal.http import parse_id, safe_next_url

from . import permissions as perms
from . import selectors, services
from .forms import AssignForm, ConflictForm, DecisionForm, EvaluationForm, QueueFilterForm, RecommendationForm
from .models import Decision, Recommendation

QUEUE_PAGE_SIZE = 50


def _require_lead_or_admin(user) -> None:
    if not perms.can_view_queue(user):
        raise PermissionDenied("Only MVP leads and program admins review dossiers.")


def _require_employee(user) -> None:
    if not perms.can_be_evaluator(user):
        raise PermissionDenied("Only employees evaluate dossiers.")


def _require_admin(user) -> None:
    if not is_program_admin(user):
        raise PermissionDenied("Only program admins may do this.")


def _apply_errors(form, exc: ValidationError, request: HttpRequest | None = None) -> None:
    """Show a service's ValidationError next to the field it names, else on top of the form
    (or, given ``request``, as a page message: for forms the page may no longer show)."""
    if request is not None and not hasattr(exc, "error_dict"):
        for message in exc.messages:
            messages.error(request, message)
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# The lead queue ---------------------------------------------------------------------------
def _queue_context(request: HttpRequest, *, assign_form: AssignForm | None = None) -> dict:
    user = request.user
    today = program_calendar.program_today()
    award_dates = selectors.queue_award_dates(user)
    form = QueueFilterForm(request.GET or None, award_dates=award_dates)
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    chosen = cleaned.get("award_date")
    award_date = date.fromisoformat(chosen) if chosen else selectors.default_award_date(award_dates, today)
    if not form.is_bound:
        form = QueueFilterForm(initial={"award_date": award_date.isoformat()}, award_dates=award_dates)
    filters = selectors.QueueFilters(
        award_date=award_date,
        expertise_id=cleaned["expertise"].pk if cleaned.get("expertise") else None,
        kind=cleaned.get("kind") or "",
        state=cleaned.get("state") or "",
        sort=cleaned.get("sort") or "score",
    )
    page = Paginator(selectors.queue_dossiers(user, filters), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    dossiers = list(page.object_list)
    aggregates = selectors.medians_for([d.pk for d in dossiers])
    rows = [(dossier, aggregates[dossier.pk]) for dossier in dossiers]
    if assign_form is None:
        assign_form = AssignForm(evaluator_choices=_evaluator_choices())
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "award_date": award_date,
        "counts": selectors.queue_counts(user, award_date),
        "rows": rows,
        "page": page,
        "query": query.urlencode(),
        "assign_form": assign_form,
        "can_export": perms.can_export_cycle(user),
        "export_dates": award_dates,
    }


def _evaluator_choices(employees=None, exclude: set[int] = frozenset()):
    employees = selectors.assignable_evaluators() if employees is None else employees
    return [(u.pk, f"{u.display_name} <{u.email}>") for u in employees if u.pk not in exclude]


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _require_lead_or_admin(request.user)
    return render(request, "evaluations/queue.html", _queue_context(request))


@login_required
@require_POST
def assignment_create(request: HttpRequest) -> HttpResponse:
    """Assign evaluators to one or many dossiers (a batch: one digest per evaluator)."""
    user = request.user
    _require_lead_or_admin(user)
    posted = [pk for pk in map(parse_id, request.POST.getlist("dossiers")) if pk is not None]
    in_scope = list(selectors.dossiers_in_scope(user).filter(pk__in=posted).values_list("pk", flat=True))
    form = AssignForm(
        request.POST,
        dossier_choices=[(pk, str(pk)) for pk in in_scope],
        evaluator_choices=_evaluator_choices(),
    )
    if form.is_valid():
        try:
            created = services.assignments_create(
                dossier_ids=form.cleaned_data["dossiers"], evaluator_ids=form.cleaned_data["evaluators"], actor=user
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if created:
                messages.success(request, f"{len(created)} assignment(s) made; each evaluator gets one notice.")
            else:
                messages.info(request, "Those evaluators were already assigned.")
            return HttpResponseRedirect(safe_next_url(request, request.POST.get("next"), reverse("evaluations:queue")))
    if len(in_scope) == 1 and request.POST.get("from") == "review":
        dossier = selectors.get_dossier_for_lead(user, in_scope[0])
        return render(request, "evaluations/review.html", _review_context(request, dossier, assign_form=form))
    return render(request, "evaluations/queue.html", _queue_context(request, assign_form=form))


@login_required
@require_POST
def assignment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _require_lead_or_admin(request.user)
    assignment = selectors.get_assignment_for_lead(request.user, pk)
    try:
        services.assignment_remove(assignment_id=assignment.pk, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{assignment.evaluator} no longer evaluates this dossier.")
    return redirect("evaluations:review", pk=assignment.dossier_id)


# The review page --------------------------------------------------------------------------
def _review_context(request: HttpRequest, dossier, **forms) -> dict:
    user = request.user
    picture = selectors.activity_picture(dossier)
    previous = selectors.previous_dossier(dossier) if dossier.kind == dossier.Kind.RENEWAL else None
    assignments = selectors.assignments_of(dossier)
    evaluations = selectors.evaluations_of(dossier)
    recommendation = Recommendation.objects.filter(dossier=dossier).select_related("recommended_by").first()
    decision = Decision.objects.filter(dossier=dossier).select_related("decided_by", "changed_by").first()
    assigned_ids = {a.evaluator_id for a in assignments}
    can_assign = perms.can_assign_evaluators(user, dossier)
    viewer_conflict = None
    if can_assign and "assign_form" not in forms:
        employees = list(selectors.assignable_evaluators())
        conflicts = selectors.conflicts_for([dossier.pk], [e.pk for e in employees])
        conflicted = {pair[1] for pair in conflicts}
        viewer_conflict = conflicts.get((dossier.pk, user.pk))
        forms["assign_form"] = AssignForm(
            initial={"dossiers": [dossier.pk]},
            dossier_choices=[(dossier.pk, str(dossier.pk))],
            evaluator_choices=_evaluator_choices(employees, exclude=conflicted | assigned_ids),
        )
    can_recommend = perms.can_recommend_dossier(user, dossier) and not (decision and decision.is_frozen)
    if can_recommend and "recommendation_form" not in forms:
        initial = {"verdict": recommendation.verdict, "note": recommendation.note} if recommendation else None
        forms["recommendation_form"] = RecommendationForm(initial=initial)
    can_decide = perms.can_decide_dossier(user, dossier) and not (decision and decision.is_frozen)
    if can_decide and "decision_form" not in forms:
        initial = (
            {"verdict": decision.verdict, "rationale": decision.rationale, "replaces_version": decision.version}
            if decision
            else None
        )
        forms["decision_form"] = DecisionForm(initial=initial)
    return {
        "dossier": dossier,
        "owner": dossier.owner,
        "history": award_history(dossier.owner, today=program_calendar.program_today())
        if dossier.kind == dossier.Kind.RENEWAL
        else None,
        "picture": picture,
        "previous": previous,
        "comparison": selectors.compare_with_previous(picture, previous) if previous else [],
        "assignments": assignments,
        "evaluations": evaluations,
        "show_evaluations": selectors.may_see_evaluations(user, dossier, assignments, evaluations),
        "aggregate": selectors.aggregate([e.weighted_score for e in evaluations]),
        "criteria": selectors.active_criteria(),
        "recommendation": recommendation,
        "decision": decision,
        "can_assign": can_assign,
        "can_recommend": can_recommend,
        "can_decide": can_decide,
        "can_return": dossier.state in (dossier.State.SUBMITTED, dossier.State.UNDER_EVALUATION),
        "log": selectors.log_of(dossier) if perms.can_view_audit_trail(user, dossier) else None,
        "conflicts": list(dossier.conflict_declarations.select_related("employee")),
        "viewer_conflict": viewer_conflict,
        "evaluated_assignment_ids": {
            a.pk for a in assignments if a.evaluator_id in {e.evaluator_id for e in evaluations}
        },
        **forms,
    }


@login_required
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    _require_lead_or_admin(request.user)
    dossier = selectors.get_dossier_for_lead(request.user, pk)
    return render(request, "evaluations/review.html", _review_context(request, dossier))


@login_required
@require_POST
def recommendation_save(request: HttpRequest, pk: int) -> HttpResponse:
    _require_lead_or_admin(request.user)
    dossier = selectors.get_dossier_for_lead(request.user, pk)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_save(dossier_id=dossier.pk, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc, request)
        else:
            messages.success(request, "Recommendation saved.")
            return redirect("evaluations:review", pk=dossier.pk)
    return render(request, "evaluations/review.html", _review_context(request, dossier, recommendation_form=form))


@login_required
@require_POST
def decision_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or change the decision. A simultaneous or intervening decision is
    shown (who, when, what) with the option to change it, never an error page."""
    _require_admin(request.user)
    dossier = selectors.get_dossier_for_lead(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = services.decision_record(
                dossier_id=dossier.pk,
                actor=request.user,
                verdict=form.cleaned_data["verdict"],
                rationale=form.cleaned_data["rationale"],
                replaces_version=form.cleaned_data.get("replaces_version"),
            )
        except services.DecisionExists as exc:
            messages.warning(request, f"{exc} Your decision was not saved; change it below if you mean to.")
            data = form.cleaned_data | {"replaces_version": exc.decision.version}
            form = DecisionForm(initial=data)
            dossier.refresh_from_db()
        except ValidationError as exc:
            _apply_errors(form, exc, request)
        else:
            messages.success(request, f"Decision recorded: {decision.get_verdict_display()}.")
            return redirect("evaluations:review", pk=dossier.pk)
    return render(request, "evaluations/review.html", _review_context(request, dossier, decision_form=form))


# Evaluating ----------------------------------------------------------------------------------
@login_required
@require_GET
def my_assignments(request: HttpRequest) -> HttpResponse:
    _require_employee(request.user)
    assignments = list(selectors.assignments_for(request.user))
    return render(
        request,
        "evaluations/my_assignments.html",
        {
            "open": [a for a in assignments if not a.evaluated and a.dossier.state in perms.EVALUABLE_STATES],
            "done": [a for a in assignments if a.evaluated or a.dossier.state not in perms.EVALUABLE_STATES],
        },
    )


def _evaluation_context(request: HttpRequest, assignment, *, form=None, conflict_form=None) -> dict:
    dossier = assignment.dossier
    evaluations = selectors.evaluations_of(dossier)
    own = next((e for e in evaluations if e.evaluator_id == request.user.pk), None)
    criteria = selectors.active_criteria()
    if form is None:
        initial = None
        if own is not None:
            initial = {"comment": own.comment, "abstain": own.abstained, "abstain_reason": own.abstain_reason}
            initial |= {f"score_{s.criterion_id}": s.value for s in own.scores.all()}
        form = EvaluationForm(initial=initial, criteria=criteria)
    return {
        "assignment": assignment,
        "dossier": dossier,
        "owner": dossier.owner,
        "picture": selectors.activity_picture(dossier),
        "own": own,
        # Others' scores and comments only once the evaluator has submitted their own.
        "others": [e for e in evaluations if e.evaluator_id != request.user.pk] if own else None,
        "aggregate": selectors.aggregate([e.weighted_score for e in evaluations]) if own else None,
        "criteria": criteria,
        "form": form,
        "conflict_form": conflict_form or ConflictForm(),
        "can_evaluate": dossier.state in perms.EVALUABLE_STATES,
        "conflict": selectors.conflict_reason(request.user, dossier),
    }


@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_employee(request.user)
    assignment = selectors.get_assignment_for(request.user, pk)
    form = None
    if request.method == "POST":
        form = EvaluationForm(request.POST, criteria=selectors.active_criteria())
        if form.is_valid():
            try:
                services.evaluation_submit(
                    dossier_id=pk,
                    evaluator=request.user,
                    comment=form.cleaned_data["comment"],
                    scores=form.scores(),
                    abstain=form.cleaned_data["abstain"],
                    abstain_reason=form.cleaned_data["abstain_reason"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, "Evaluation submitted. The other evaluations are now visible to you.")
                return redirect("evaluations:evaluate", pk=pk)
    return render(request, "evaluations/evaluate.html", _evaluation_context(request, assignment, form=form))


@login_required
@require_POST
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    _require_employee(request.user)
    assignment = selectors.get_assignment_for(request.user, pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.conflict_declare(dossier_id=pk, employee=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Conflict declared: you no longer evaluate this dossier.")
            return redirect("evaluations:my-assignments")
    return render(request, "evaluations/evaluate.html", _evaluation_context(request, assignment, conflict_form=form))


# Export --------------------------------------------------------------------------------------
@login_required
@never_cache  # a file download: never kept by a cache
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """CSV of one cycle's dossiers (``?award_date=YYYY-MM-DD``; default the coming one)."""
    _require_admin(request.user)
    try:
        award_date = date.fromisoformat(request.GET.get("award_date", ""))
    except ValueError:
        award_date = selectors.default_award_date(selectors.export_award_dates(), program_calendar.program_today())
    dossiers = list(selectors.cycle_dossiers(award_date))
    aggregates = selectors.medians_for([d.pk for d in dossiers])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"dossiers-{award_date:%Y-%m-%d}.csv"
    security_event_export(request, name=filename)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "dossier",
            "person",
            "email",
            "country",
            "expertise",
            "kind",
            "state",
            "weighted_mean",
            "median",
            "evaluations",
            "abstentions",
            "recommendation",
            "recommendation_note",
            "decision",
            "rationale",
            "announced",
        ]
    )
    for dossier in dossiers:
        agg = aggregates[dossier.pk]
        recommendation = getattr(dossier, "recommendation", None)
        decision = getattr(dossier, "decision", None)
        writer.writerow(
            [
                _cell(dossier.pk),
                _cell(dossier.owner.display_name),
                _cell(dossier.owner.email),
                _cell(str(dossier.owner.country)),
                _cell(dossier.expertise.name),
                dossier.kind,
                dossier.state,
                "" if agg.mean is None else f"{agg.mean:.2f}",
                "" if agg.median is None else f"{agg.median:.2f}",
                dossier.evaluation_count,
                dossier.abstention_count,
                recommendation.verdict if recommendation else "",
                _cell(recommendation.note) if recommendation else "",
                decision.verdict if decision else "",
                _cell(decision.rationale) if decision else "",
                "yes" if decision and decision.is_frozen else "",
            ]
        )
    return response


def _cell(value) -> str:
    """Neutralise spreadsheet formulas in free text (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
