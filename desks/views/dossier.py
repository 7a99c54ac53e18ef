"""One dossier page for the staff: the picture (the one rule of what counts),
evaluations, and — together — return, recommend, assign, decide and the log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.permissions import may_note_readiness
from evaluations import permissions as perms
from evaluations import selectors as evaluation_selectors
from evaluations import services as evaluation_services
from evaluations.fairness import DISAGREEMENT_SPREAD, MIN_SCORED_TO_NORMALISE, NO_FIGURES
from evaluations.models import Decision, Recommendation
from mvp_portal import kept_pages
from mvp_portal.accounts.selectors import award_history
from mvp_portal.cycles.selectors import is_award_date_closed
from mvp_portal.http import body_first
from mvp_portal.program_calendar import program_today
from nominations import services as nomination_services
from nominations.counting import dossier_picture
from nominations.permissions import can_return_dossier
from nominations.selectors import conflicts_for

from ..forms import (
    AssignForm,
    DecisionForm,
    DossierReturnForm,
    FeedbackForm,
    RecommendationForm,
    ReconsiderationDecideForm,
)
from ..selectors import get_dossier_on_desk
from . import apply_errors, back, require_admin, require_desk
from .lead import evaluator_choices


def dossier_page(request: HttpRequest, dossier, *, status: int = 200, **forms) -> HttpResponse:
    """The dossier page, with any bound forms the caller passes (kept input, errors)."""
    context = _dossier_context(request, dossier, today=program_today(), **forms)
    return render(request, "desks/dossier.html", context, status=status)


def _dossier_context(request: HttpRequest, dossier, *, today, **forms) -> dict:
    user = request.user
    picture = dossier_picture(dossier, today=today)
    yoy = evaluation_selectors.year_over_year(dossier, picture, today=today)
    # The award this dossier renews (selected with the dossier), for the link to its readiness picture.
    renewed_award = getattr(dossier, "renewed_award", None)
    if renewed_award is not None:
        renewed_award.renewal_dossier, renewed_award.user = dossier, dossier.owner  # no second read
    assignments = evaluation_selectors.assignments_of(dossier)
    evaluations = evaluation_selectors.evaluations_of(dossier)
    recommendation = Recommendation.objects.filter(dossier=dossier).select_related("recommended_by").first()
    decision = Decision.objects.filter(dossier=dossier).select_related("decided_by", "changed_by").first()
    closed = is_award_date_closed(dossier.award_date)
    assigned_ids = {a.evaluator_id for a in assignments}
    can_assign = perms.can_assign_evaluators(user, dossier)
    if can_assign and "assign_form" not in forms:
        employees = list(evaluation_selectors.assignable_evaluators())
        conflicted = {pair[1] for pair in conflicts_for([dossier.pk], [e.pk for e in employees])}
        forms["assign_form"] = AssignForm(
            initial={"dossiers": [dossier.pk]},
            dossier_choices=[(dossier.pk, str(dossier.pk))],
            evaluator_choices=evaluator_choices(employees, exclude=conflicted | assigned_ids),
        )
    can_recommend = perms.can_recommend_dossier(user, dossier) and decision is None and not closed
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
    feedback = evaluation_selectors.feedback_of(dossier)
    feedback_open = not (decision and decision.is_frozen) and not closed
    can_draft_feedback = perms.can_draft_feedback(user, dossier) and feedback_open
    if can_draft_feedback and "feedback_form" not in forms:
        forms["feedback_form"] = FeedbackForm(initial={"note": feedback.note} if feedback else None)
    reconsideration = evaluation_selectors.reconsideration_of(dossier)
    can_decide_reconsideration = (
        reconsideration is not None
        and not reconsideration.is_decided
        and perms.can_decide_reconsideration(user, dossier)
        and not perms.staff_refusal(user, dossier)
    )
    if can_decide_reconsideration and "reconsideration_form" not in forms:
        forms["reconsideration_form"] = ReconsiderationDecideForm()
    can_return = can_return_dossier(user, dossier)
    if can_return and "return_form" not in forms:
        forms["return_form"] = DossierReturnForm()
    return {
        "tab": "dossiers",
        "dossier": dossier,
        "owner": dossier.owner,
        "history": award_history(dossier.owner, today=today) if dossier.kind == dossier.Kind.RENEWAL else None,
        "picture": picture,
        "yoy": yoy,
        "previous": yoy.previous if yoy else None,
        "comparison": yoy.types if yoy else [],
        "readiness_award": renewed_award if renewed_award and may_note_readiness(user, renewed_award) else None,
        "assignments": assignments,
        "evaluations": evaluations,
        "show_evaluations": evaluation_selectors.may_see_evaluations(user, dossier, assignments, evaluations),
        "aggregate": evaluation_selectors.aggregate([e.weighted_score for e in evaluations]),
        "figures": evaluation_selectors.cycle_figures(dossier.award_date).get(dossier.pk, NO_FIGURES),
        "min_scored_to_normalise": MIN_SCORED_TO_NORMALISE,
        "disagreement_spread": DISAGREEMENT_SPREAD,
        "criteria": evaluation_selectors.active_criteria(),
        "recommendation": recommendation,
        "decision": decision,
        "date_closed": closed,
        "can_assign": can_assign,
        "can_recommend": can_recommend,
        "can_decide": can_decide,
        "can_return": can_return,
        "feedback": feedback,
        "standings": evaluation_selectors.criterion_standings(dossier),
        "can_draft_feedback": can_draft_feedback,
        "can_approve_feedback": perms.can_approve_feedback(user, dossier) and feedback_open,
        "reconsideration": reconsideration,
        "can_decide_reconsideration": can_decide_reconsideration,
        "log": evaluation_selectors.log_of(dossier),
        "conflicts": list(dossier.conflict_declarations.select_related("employee")),
        "evaluated_assignment_ids": {
            a.pk for a in assignments if a.evaluator_id in {e.evaluator_id for e in evaluations}
        },
        **forms,
    }


@login_required
@require_GET
@kept_pages.keep
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    require_desk(request.user)
    dossier = get_dossier_on_desk(request.user, pk)
    today = program_today()
    return kept_pages.page(request, "desks/dossier.html", lambda: _dossier_context(request, dossier, today=today))


@login_required
@require_POST
@body_first
def dossier_return(request: HttpRequest, pk: int) -> HttpResponse:
    require_desk(request.user)
    found = get_dossier_on_desk(request.user, pk)
    form = DossierReturnForm(request.POST)
    if form.is_valid():
        try:
            nomination_services.dossier_return(
                dossier_id=found.pk, actor=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The dossier was returned to %(name)s, with your message.") % {"name": found.owner.display_name},
            )
            return back(request, reverse("desks:dossier", args=[found.pk]))
    return dossier_page(request, found, return_form=form, status=400)


@login_required
@require_POST
@body_first
def recommendation_save(request: HttpRequest, pk: int) -> HttpResponse:
    require_desk(request.user)
    found = get_dossier_on_desk(request.user, pk)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            evaluation_services.recommendation_save(dossier_id=found.pk, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc, request)
        else:
            messages.success(request, _("Recommendation saved."))
            return back(request, reverse("desks:dossier", args=[found.pk]))
    return dossier_page(request, found, recommendation_form=form, status=400)


@login_required
@require_POST
@body_first
def decision_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or change the decision. A simultaneous or intervening decision is
    shown (who, when, what) with the option to change it, never an error page."""
    require_admin(request.user)
    found = get_dossier_on_desk(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = evaluation_services.decision_record(
                dossier_id=found.pk,
                actor=request.user,
                verdict=form.cleaned_data["verdict"],
                rationale=form.cleaned_data["rationale"],
                replaces_version=form.cleaned_data.get("replaces_version"),
                confirm_without_evaluations=form.cleaned_data["confirm_without_evaluations"],
            )
        except evaluation_services.DecisionExists as exc:
            messages.warning(
                request, _("%(reason)s Your decision was not saved; change it below if you mean to.") % {"reason": exc}
            )
            form = DecisionForm(initial=form.cleaned_data | {"replaces_version": exc.decision.version})
            found.refresh_from_db()
        except ValidationError as exc:
            apply_errors(form, exc, request)
        else:
            messages.success(
                request, _("Decision recorded: %(verdict)s.") % {"verdict": decision.get_verdict_display()}
            )
            return back(request, reverse("desks:dossier", args=[found.pk]))
    return dossier_page(request, found, decision_form=form, status=400 if form.errors else 200)


@login_required
@require_POST
@body_first
def feedback_save(request: HttpRequest, pk: int) -> HttpResponse:
    require_desk(request.user)
    found = get_dossier_on_desk(request.user, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            evaluation_services.feedback_save(dossier_id=found.pk, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Feedback saved; a program admin approves it before the announcement."))
            return back(request, reverse("desks:dossier", args=[found.pk]))
    return dossier_page(request, found, feedback_form=form, status=400)


@login_required
@require_POST
@body_first
def feedback_approve(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request.user)
    found = get_dossier_on_desk(request.user, pk)
    try:
        evaluation_services.feedback_approve(dossier_id=found.pk, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Feedback approved: the person gets it with the result."))
    return back(request, reverse("desks:dossier", args=[found.pk]))


@login_required
@require_POST
@body_first
def reconsideration_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request.user)
    found = get_dossier_on_desk(request.user, pk)
    form = ReconsiderationDecideForm(request.POST)
    if form.is_valid():
        try:
            reconsideration = evaluation_services.reconsideration_decide(
                dossier_id=found.pk, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Reconsideration decided: %(outcome)s. The person has been told; the outcome is final.")
                % {"outcome": reconsideration.get_outcome_display().lower()},
            )
            return back(request, reverse("desks:dossier", args=[found.pk]))
    return dossier_page(request, found, reconsideration_form=form, status=400)
