"""The evaluator's pages: my assignments, score a dossier, declare a conflict.
(The lead's and the admin's pages are on the staff desks, ``desks``.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mvp_portal import kept_pages
from mvp_portal.program_calendar import program_today
from nominations.counting import dossier_picture

from . import permissions as perms
from . import selectors, services
from .forms import CalibrationForm, ConflictForm, EvaluationForm, ReconsiderationForm
from .models import CalibrationScore


def _require_employee(user) -> None:
    if not perms.can_be_evaluator(user):
        raise PermissionDenied("Only employees evaluate dossiers.")


def _apply_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError next to the field it names, else on top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# Evaluating ----------------------------------------------------------------------------------
@login_required
@require_GET
def my_assignments(request: HttpRequest) -> HttpResponse:
    _require_employee(request.user)
    assignments = selectors.in_review_order(selectors.assignments_for(request.user))
    drafts = selectors.drafts_of(request.user)
    for assignment in assignments:
        assignment.own_draft = drafts.get(assignment.pk)
    return render(
        request,
        "evaluations/my_assignments.html",
        {
            "open": [a for a in assignments if not a.evaluated and a.dossier.state in perms.EVALUABLE_STATES],
            "calibrations": selectors.pending_calibrations_of(request.user),
            "calibration_offsets": selectors.own_calibration_offsets(request.user),
            "done": [a for a in assignments if a.evaluated or a.dossier.state not in perms.EVALUABLE_STATES],
        },
    )


def _evaluation_context(request: HttpRequest, assignment, *, form=None, conflict_form=None) -> dict:
    dossier = assignment.dossier
    evaluations = selectors.evaluations_of(dossier)
    own = next((e for e in evaluations if e.evaluator_id == request.user.pk), None)
    criteria = selectors.active_criteria()
    draft = None if own is not None else selectors.draft_of(request.user, assignment)
    if form is None:
        initial = draft.values if draft is not None else None
        if own is not None:
            initial = {
                "comment": own.comment,
                "confidence": own.confidence,
                "abstain": own.abstained,
                "abstain_reason": own.abstain_reason,
            }
            initial |= {f"score_{s.criterion_id}": s.value for s in own.scores.all()}
        form = EvaluationForm(initial=initial, criteria=criteria)
    return {
        "assignment": assignment,
        "dossier": dossier,
        "owner": dossier.owner,
        "picture": dossier_picture(dossier, today=program_today()),
        "own": own,
        "draft": draft,
        # Others' scores and comments only once the evaluator has submitted their own.
        "others": [e for e in evaluations if e.evaluator_id != request.user.pk] if own else None,
        "aggregate": selectors.aggregate([e.weighted_score for e in evaluations]) if own else None,
        "criteria": criteria,
        "form": form,
        "conflict_form": conflict_form or ConflictForm(),
        "can_evaluate": dossier.state in perms.EVALUABLE_STATES,
        "conflict": selectors.conflict_reason(request.user, dossier),
        "pending_calibrations": selectors.pending_calibrations(request.user, dossier.award_date),
    }


@login_required
@require_http_methods(["GET", "POST"])
@kept_pages.keep
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_employee(request.user)
    assignment = selectors.get_assignment_for(request.user, pk)
    if request.method == "GET":
        return kept_pages.page(
            request,
            "evaluations/evaluate.html",
            lambda: _evaluation_context(request, assignment),
        )
    form = None
    if "save_draft" in request.POST:
        typed = EvaluationForm(request.POST, criteria=selectors.active_criteria()).typed_values()
        try:
            services.evaluation_draft_save(dossier_id=pk, evaluator=request.user, values=typed)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            form = EvaluationForm(initial=typed, criteria=selectors.active_criteria())
        else:
            messages.success(request, _("Draft saved. Only you can see it; submit it when it is finished."))
            return redirect("evaluations:evaluate", pk=pk)
    else:
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
                    confidence=form.cleaned_data["confidence"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Evaluation submitted. The other evaluations are now visible to you."))
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
            messages.success(request, _("Conflict declared: you no longer evaluate this dossier."))
            return redirect("evaluations:my-assignments")
    return render(request, "evaluations/evaluate.html", _evaluation_context(request, assignment, conflict_form=form))


# Reconsideration (the person's own page) ------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def reconsideration(request: HttpRequest, pk: int) -> HttpResponse:
    """The person asks for reconsideration of their announced decline, or sees
    their request and its outcome."""
    dossier = selectors.own_decided_dossier(request.user, pk)
    today = program_today()
    existing = selectors.reconsideration_of(dossier)
    refusal = perms.reconsideration_refusal(request.user, dossier, today=today)
    form = None
    status = 200
    if existing is None and not refusal:
        form = ReconsiderationForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.reconsideration_request(
                        dossier_id=dossier.pk, actor=request.user, today=today, **form.cleaned_data
                    )
                except ValidationError as exc:
                    _apply_errors(form, exc)
                else:
                    messages.success(request, _("Your request is with the program; we will write with the outcome."))
                    return redirect("evaluations:reconsideration", pk=dossier.pk)
            status = 400
    elif request.method == "POST":
        status = 400
        messages.error(request, refusal)
    context = {
        "dossier": dossier,
        "reconsideration": existing,
        "form": form,
        "refusal": refusal,
        "closes_on": perms.reconsideration_closes_on(getattr(dossier, "decision", None)),
    }
    return render(request, "evaluations/reconsideration.html", context, status=status)


# Calibration ------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def calibrate(request: HttpRequest, pk: int) -> HttpResponse:
    """Score a calibration dossier, shown without who it is: before one's other assignments."""
    _require_employee(request.user)
    calibration = selectors.get_calibration_for(request.user, pk)
    criteria = selectors.active_criteria()
    done = CalibrationScore.objects.filter(calibration=calibration, evaluator=request.user).first()
    form = None if done else CalibrationForm(request.POST if request.method == "POST" else None, criteria=criteria)
    status = 200
    if form is not None and form.is_bound:
        if form.is_valid():
            try:
                services.calibration_score(calibration_id=calibration.pk, evaluator=request.user, scores=form.scores())
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Calibration scored."))
                return redirect("evaluations:my-assignments")
        status = 400
    dossier = calibration.dossier
    context = {
        "calibration": calibration,
        "dossier": dossier,
        "picture": dossier_picture(dossier, today=program_today()),
        "form": form,
        "done": done,
    }
    return render(request, "evaluations/calibrate.html", context, status=status)
