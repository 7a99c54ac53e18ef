"""The admin desk: the cycles with their funnels (deadlines, announcement),
the export and the program dashboard. Deciding happens on the dossier page."""

import csv
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards import selectors as award_selectors
from awards import services as award_services
from awards.models import Award
from evaluations import selectors as evaluation_selectors
from evaluations import services as evaluation_services
from mvp_portal import kept_pages
from mvp_portal.accounts.services import security_event_export
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.cycles.selectors import cycle_log, with_extension
from mvp_portal.cycles.services import cycle_deadlines_update, cycle_for, cycles_ensure
from mvp_portal.http import body_first, parse_id
from mvp_portal.program_calendar import program_today
from mvp_portal.spreadsheets import spreadsheet_cell
from nominations import services as nomination_services
from nominations.counting import counted_activity_counts
from nominations.models import Dossier
from nominations.permissions import can_act_as_lead_on

from .. import dashboard as program_dashboard
from .. import selectors
from ..forms import (
    AnnounceForm,
    AwardRevokeForm,
    CalibrationMarkForm,
    CycleDeadlinesForm,
    DeadlineExtendForm,
    DossierChaseForm,
)
from . import apply_errors, back, require_admin

LIST_LIMIT = 50


def get_cycle_for(user, pk: int) -> AwardCycle:
    require_admin(user)
    return get_object_or_404(AwardCycle, pk=pk)


@login_required
@require_GET
@kept_pages.keep
def admin_desk(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    today = program_today()
    return kept_pages.page(
        request,
        "desks/admin_desk.html",
        lambda: {
            "tab": "admin",
            "today": today,
            "summaries": selectors.cycle_summaries(selectors.active_cycles(today)),
            "time_zone": settings.PROGRAM_TIME_ZONE,
        },
    )


@login_required
@require_GET
def cycle_list(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    today = program_today()
    cycles = list(AwardCycle.objects.order_by("-award_date"))
    return render(
        request,
        "desks/cycle_list.html",
        {
            "tab": "cycles",
            "summaries": selectors.cycle_summaries(cycles),
            "today": today,
            "time_zone": settings.PROGRAM_TIME_ZONE,
            # The daily run creates cycles ahead; before its first run (a new
            # installation) an admin can ask for them.
            "missing_upcoming": not any(cycle.award_date > today for cycle in cycles),
        },
    )


@login_required
@require_POST
@body_first
def cycle_create_upcoming(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    created = cycles_ensure(today=program_today())
    messages.success(
        request,
        ngettext("%(count)d upcoming cycle created.", "%(count)d upcoming cycles created.", created)
        % {"count": created},
    )
    return redirect("desks:cycle-list")


def _cycle_page(
    request: HttpRequest, cycle: AwardCycle, *, announce_form=None, calibration_form=None, status: int = 200
) -> HttpResponse:
    today = program_today()
    context = _cycle_context(cycle, today=today, announce_form=announce_form, calibration_form=calibration_form)
    return render(request, "desks/cycle_detail.html", context, status=status)


def _cycle_context(cycle: AwardCycle, *, today, announce_form=None, calibration_form=None) -> dict:
    counts = award_selectors.cycle_counts([cycle.award_date])[cycle.award_date]
    unsubmitted = award_selectors.cycle_unsubmitted(cycle)
    # What the announcement would settle (undecided_dossiers), counted from the same rows.
    undecided_total = counts.count(states=award_selectors.UNSETTLED_STATES, decided=False)
    health = award_selectors.announcement_health(cycle, now=timezone.now())
    return {
        "tab": "cycles",
        "cycle": cycle,
        "today": today,
        "time_zone": settings.PROGRAM_TIME_ZONE,
        "summary": selectors.cycle_summary(cycle, counts, awards=cycle.awards.count()),
        "funnel": award_selectors.cycle_funnel(counts),
        "undecided": award_selectors.cycle_undecided(cycle, first=LIST_LIMIT),
        "undecided_count": counts.count(states=Dossier.SUBMITTED_STATES, decided=False),
        "unsubmitted": list(unsubmitted[:LIST_LIMIT]),
        "unsubmitted_count": counts.count(states=Dossier.EDITABLE_STATES),
        "undecided_total": undecided_total,
        "list_limit": LIST_LIMIT,
        "can_announce_now": cycle.state in AwardCycle.ANNOUNCEABLE_STATES and cycle.award_date <= today,
        "health": health,
        "stall_label": stall_label(health),
        "announce_form": announce_form or AnnounceForm(),
        "calibrations": evaluation_selectors.calibrations_for(cycle.award_date),
        "calibration_form": calibration_form or CalibrationMarkForm(),
        "log": cycle_log(cycle),
    }


@login_required
@require_GET
@kept_pages.keep
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.user, pk)
    if award_selectors.health_follows_the_clock(cycle):
        return _cycle_page(request, cycle)  # drawn each time: a stall is not a write
    today = program_today()
    return kept_pages.page(request, "desks/cycle_detail.html", lambda: _cycle_context(cycle, today=today))


@login_required
@require_http_methods(["GET", "POST"])
@body_first
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.user, pk)
    if cycle.state not in AwardCycle.ANNOUNCEABLE_STATES:
        messages.error(request, _("This cycle is being or has been announced; its deadlines can no longer change."))
        return redirect("desks:cycle", pk=cycle.pk)
    form = CycleDeadlinesForm(request.POST if request.method == "POST" else None, instance=cycle)
    if form.is_bound and form.is_valid():
        try:
            cycle_deadlines_update(
                cycle_id=cycle.pk,
                submission_deadline=form.cleaned_data["submission_deadline"],
                evaluation_deadline=form.cleaned_data["evaluation_deadline"],
                actor=request.user,
                today=program_today(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Deadlines saved."))
            return redirect("desks:cycle", pk=cycle.pk)
    return render(
        request,
        "desks/cycle_edit.html",
        {"tab": "cycles", "cycle": cycle, "form": form, "time_zone": settings.PROGRAM_TIME_ZONE},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
@body_first
def cycle_announce(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.user, pk)
    restarting = cycle.state == AwardCycle.State.ANNOUNCING
    form = AnnounceForm(request.POST)
    if form.is_valid():
        try:
            claimed = award_services.cycle_announce_request(
                cycle_id=cycle.pk,
                actor=request.user,
                today=program_today(),
                undecided_action=form.cleaned_data["undecided_action"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if claimed and restarting:
                messages.success(
                    request, _("The stalled announcement has been restarted: it goes on where it stopped.")
                )
            elif claimed:
                messages.success(
                    request, _("The announcement has started: awards and result notices are on their way.")
                )
            elif restarting:
                messages.info(request, _("The announcement is moving; nothing was restarted."))
            else:
                messages.info(request, _("This cycle is already being announced or has been announced."))
            return redirect("desks:cycle", pk=cycle.pk)
    cycle.refresh_from_db()
    return _cycle_page(request, cycle, announce_form=form, status=400)


@never_cache
@login_required
@require_GET
def cycle_progress(request: HttpRequest, pk: int) -> JsonResponse:
    cycle = get_cycle_for(request.user, pk)
    health = award_selectors.announcement_health(cycle, now=timezone.now())
    return JsonResponse(
        {
            "state": cycle.state,
            "state_label": cycle.get_state_display(),
            "done": cycle.progress_done,
            "total": cycle.progress_total,
            "percent": cycle.progress_percent,
            "stalled_since": health.stalled_since.isoformat() if health.stalled else None,
            "stalled_label": stall_label(health),
        }
    )


def stall_label(health) -> str:
    """What the progress page says of a stalled announcement (the page and its polling)."""
    if not health.stalled:
        return ""
    since = date_format(timezone.localtime(health.stalled_since), "TIME_FORMAT")
    if health.gave_up:
        return _("Stalled since %(time)s UTC; given up after %(resumes)s restarts. Press Announce again.") % {
            "time": since,
            "resumes": health.resumes,
        }
    return _("Stalled since %(time)s UTC, resuming.") % {"time": since}


# Export and dashboard -------------------------------------------------------------------
HIDDEN_AGGREGATE = evaluation_selectors.aggregate([])
EXPORT_HEADER = [
    "dossier",
    "person",
    "email",
    "country",
    "expertise",
    "kind",
    "state",
    "activities_counted",
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


@login_required
@never_cache  # a file download: never kept by a cache
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """CSV of one cycle's dossiers (``?award_date=YYYY-MM-DD``; default the coming one)."""
    require_admin(request.user)
    today = program_today()
    try:
        award_date = date.fromisoformat(request.GET.get("award_date", ""))
    except ValueError:
        award_date = evaluation_selectors.default_award_date(evaluation_selectors.export_award_dates(), today)
    dossiers = list(evaluation_selectors.cycle_dossiers(award_date))
    aggregates = evaluation_selectors.medians_for([d.pk for d in dossiers])
    # An admin who still has to evaluate a dossier gets its row without the scores, as on every page.
    hidden = evaluation_selectors.pending_evaluation_ids(request.user, [d.pk for d in dossiers])
    counted = counted_activity_counts([d.pk for d in dossiers], today=today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"dossiers-{award_date:%Y-%m-%d}.csv"
    security_event_export(request, name=filename)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(EXPORT_HEADER)
    for dossier in dossiers:
        agg = aggregates[dossier.pk] if dossier.pk not in hidden else HIDDEN_AGGREGATE
        recommendation = getattr(dossier, "recommendation", None)
        decision = getattr(dossier, "decision", None)
        writer.writerow(
            [
                spreadsheet_cell(dossier.pk),
                spreadsheet_cell(dossier.owner.display_name),
                spreadsheet_cell(dossier.owner.email),
                spreadsheet_cell(str(dossier.country)),
                spreadsheet_cell(dossier.expertise.name),
                dossier.kind,
                dossier.state,
                counted[dossier.pk],
                "" if agg.mean is None else f"{agg.mean:.2f}",
                "" if agg.median is None else f"{agg.median:.2f}",
                dossier.evaluation_count,
                dossier.abstention_count,
                recommendation.verdict if recommendation else "",
                spreadsheet_cell(recommendation.note) if recommendation else "",
                decision.verdict if decision else "",
                spreadsheet_cell(decision.rationale) if decision else "",
                "yes" if decision and decision.is_frozen else "",
            ]
        )
    return response


@login_required
@require_GET
@kept_pages.keep
def dashboard(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    today = program_today()
    return kept_pages.page(request, "desks/dashboard.html", lambda: _dashboard_context(today))


def _dashboard_context(today) -> dict:
    days = program_dashboard.nomination_days()  # one query for the funnel and the trends
    counts = program_dashboard.award_counts(today)  # one read of the kept counts for every part
    trends = program_dashboard.program_trends(today, days=days, counts=counts)
    return {
        "tab": "dashboard",
        "today": today,
        "totals": counts.totals,
        "by_expertise": program_dashboard.mvps_by_expertise(counts),
        "by_country": program_dashboard.mvps_by_country(counts),
        "renewal_rates": program_dashboard.renewal_rates(),
        "funnel": program_dashboard.nominations_funnel(days),
        "trends": trends,
        "trend_charts": [
            (metric, title, program_dashboard.trend_columns(trends, metric))
            for metric, title in (
                ("awards", _("Awards granted")),
                ("renewals", _("Of which renewals")),
                ("nominations", _("Nominations")),
            )
        ],
    }


# Revoking an award ----------------------------------------------------------------------
def get_award_for(user, pk: int) -> Award:
    require_admin(user)
    return get_object_or_404(Award.objects.select_related("user", "expertise", "revocation"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
@body_first
def award_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then revoke: the credential verifies as revoked from then on."""
    award = get_award_for(request.user, pk)
    revocation = getattr(award, "revocation", None)
    form = AwardRevokeForm(request.POST if request.method == "POST" and revocation is None else None)
    if form.is_bound and form.is_valid():
        try:
            award_services.award_revoke(award_id=award.pk, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The award is revoked: its credential now verifies as revoked."))
            return redirect("credentials:verify", credential_id=award.credential_id)
    return render(
        request,
        "desks/award_revoke.html",
        {"tab": "admin", "award": award, "revocation": revocation, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
@body_first
def calibration_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a past dossier as calibration for the cycle."""
    cycle = get_cycle_for(request.user, pk)
    form = CalibrationMarkForm(request.POST)
    if form.is_valid():
        try:
            evaluation_services.calibration_mark(
                award_date=cycle.award_date, dossier_id=form.cleaned_data["dossier"], actor=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Calibration dossier marked."))
            return redirect("desks:cycle", pk=cycle.pk)
    return _cycle_page(request, cycle, calibration_form=form, status=400)


# Dossiers without a decision: remind and extend ---------------------------------------------
def _undecided_page(request: HttpRequest, cycle: AwardCycle, *, form=None, status: int = 200) -> HttpResponse:
    today = program_today()
    group = request.GET.get("group", "")
    group = group if group in selectors.UNDECIDED_GROUPS else ""
    undecided = selectors.cycle_without_decision(cycle, request.user, today=today, group=group)
    return render(
        request,
        "desks/cycle_undecided.html",
        {
            "tab": "cycles",
            "cycle": cycle,
            "today": today,
            "time_zone": settings.PROGRAM_TIME_ZONE,
            "group": group,
            "groups": [
                ("", _("All"), sum(undecided.counts.values())),
                ("past", _("Drafts past their deadline"), undecided.counts["past"]),
                ("drafts", _("Drafts before their deadline"), undecided.counts["drafts"]),
                ("submitted", _("Submitted, waiting for a decision"), undecided.counts["submitted"]),
            ],
            "undecided": undecided,
            "form": form or DossierChaseForm(),
            "selected": {parse_id(v) for v in request.POST.getlist("dossiers")} - {None},
            "list_limit": selectors.DESK_LIMIT,
            # The cycle's rule: a submission deadline no later than its evaluation deadline.
            "can_extend": not cycle.is_closed and cycle.evaluation_deadline >= today,
        },
        status=status,
    )


@login_required
@require_GET
def cycle_undecided(request: HttpRequest, pk: int) -> HttpResponse:
    """The cycle's dossiers without a decision: drafts past their deadline apart
    from those submitted, each to remind or give a later deadline."""
    return _undecided_page(request, get_cycle_for(request.user, pk))


def _chase(*, dossier_ids: list[int], run) -> dict[str, list]:
    """Run ``run(dossier_id)`` on each dossier; the outcomes by kind, with the refusals' reasons."""
    outcomes: dict[str, list] = {"done": [], "skipped": [], "refused": []}
    for dossier_id in dossier_ids:
        try:
            outcomes["done" if run(dossier_id) else "skipped"].append(dossier_id)
        except (ValidationError, PermissionDenied) as exc:
            reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            outcomes["refused"].append((dossier_id, " ".join(reasons)))
    return outcomes


@login_required
@require_POST
@body_first
def cycle_undecided_act(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind (one row, or the selection) or extend the deadline of the selection."""
    cycle = get_cycle_for(request.user, pk)
    ids = list(award_services.undecided_dossiers(cycle.award_date).values_list("pk", flat=True))
    form = DossierChaseForm(request.POST, dossier_ids=ids)
    if not form.is_valid():
        return _undecided_page(request, cycle, form=form, status=400)
    chosen = [pk for pk in form.cleaned_data["dossiers"] if pk in set(ids)]
    if not chosen:
        form.add_error(None, _("That dossier is not one of this cycle's without a decision."))
        return _undecided_page(request, cycle, form=form, status=400)
    today = program_today()
    if form.cleaned_data["action"] == "remind":
        outcomes = _chase(
            dossier_ids=chosen,
            run=lambda dossier_id: nomination_services.dossier_remind(
                dossier_id=dossier_id, actor=request.user, today=today
            ),
        )
        done, skipped = len(outcomes["done"]), len(outcomes["skipped"])
        if done:
            messages.success(
                request,
                ngettext("%(count)s reminder sent.", "%(count)s reminders sent.", done) % {"count": done},
            )
        if skipped:
            messages.info(
                request,
                ngettext(
                    "%(count)s dossier was already reminded today; one reminder per dossier per day.",
                    "%(count)s dossiers were already reminded today; one reminder per dossier per day.",
                    skipped,
                )
                % {"count": skipped},
            )
    else:
        outcomes = _chase(
            dossier_ids=chosen,
            run=lambda dossier_id: nomination_services.dossier_deadline_extend(
                dossier_id=dossier_id,
                actor=request.user,
                new_deadline=form.cleaned_data["new_deadline"],
                reason=form.cleaned_data["reason"],
                today=today,
            ),
        )
        done = len(outcomes["done"])
        if done:
            messages.success(
                request,
                ngettext("%(count)s deadline extended to %(day)s.", "%(count)s deadlines extended to %(day)s.", done)
                % {"count": done, "day": date_format(form.cleaned_data["new_deadline"])},
            )
    for dossier_id, reason in outcomes["refused"]:
        messages.error(request, _("Dossier %(id)s: %(reason)s") % {"id": dossier_id, "reason": reason})
    return back(request, reverse("desks:cycle-undecided", args=[cycle.pk]))


@login_required
@require_http_methods(["GET", "POST"])
@body_first
def dossier_deadline_extend(request: HttpRequest, pk: int) -> HttpResponse:
    """Give one dossier a later submission deadline, with a reason."""
    require_admin(request.user)
    dossier = get_dossier_to_chase(request.user, pk)
    cycle = cycle_for(dossier.award_date)
    today = program_today()
    form = DeadlineExtendForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            nomination_services.dossier_deadline_extend(
                dossier_id=dossier.pk,
                actor=request.user,
                new_deadline=form.cleaned_data["new_deadline"],
                reason=form.cleaned_data["reason"],
                today=today,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The submission deadline of %(name)s's dossier is now %(day)s.")
                % {"name": dossier.owner.display_name, "day": date_format(form.cleaned_data["new_deadline"])},
            )
            return redirect("desks:cycle-undecided", pk=cycle.pk)
    deadline = with_extension(cycle.submission_deadline, dossier.deadline_extended_to)
    return render(
        request,
        "desks/dossier_extend.html",
        {
            "tab": "cycles",
            "cycle": cycle,
            "dossier": dossier,
            "deadline": deadline,
            "today": today,
            "time_zone": settings.PROGRAM_TIME_ZONE,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def get_dossier_to_chase(user, pk: int) -> Dossier:
    """An unsubmitted dossier ``user`` may act on as staff; 404 for missing,
    forbidden (their own, a conflict of interest) and handed-in alike."""
    dossier = Dossier.objects.select_related("owner", "expertise", "nomination").filter(pk=pk).first()
    if dossier is None or not dossier.is_editable or not can_act_as_lead_on(user, dossier):
        raise Http404("No such dossier.")
    return dossier
