"""Cycle pages for program admins: list, dashboard, deadlines, announcement."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mvp_portal.program_calendar import program_today

from . import selectors, services
from .forms import AnnounceForm, CycleDeadlinesForm
from .models import AwardCycle
from .permissions import can_announce_cycle, can_change_cycle, can_view_cycle

ADMINS_ONLY = "Only program admins may run award cycles."
LIST_LIMIT = 50


def get_cycle_for(user, pk: int) -> AwardCycle:
    if not can_view_cycle(user):
        raise PermissionDenied(ADMINS_ONLY)
    return get_object_or_404(AwardCycle, pk=pk)


@login_required
@require_GET
def cycle_list(request: HttpRequest) -> HttpResponse:
    if not can_view_cycle(request.user):
        raise PermissionDenied(ADMINS_ONLY)
    today = program_today()
    cycles = list(selectors.cycles_with_counts().order_by("-award_date"))
    return render(
        request,
        "awards/cycle_list.html",
        {
            "cycles": cycles,
            "today": today,
            "time_zone": settings.PROGRAM_TIME_ZONE,
            # The daily run creates cycles ahead; before its first run (a new
            # installation) an admin can ask for them.
            "missing_upcoming": not any(cycle.award_date > today for cycle in cycles),
        },
    )


@login_required
@require_POST
def cycle_create_upcoming(request: HttpRequest) -> HttpResponse:
    if not can_view_cycle(request.user):
        raise PermissionDenied(ADMINS_ONLY)
    created = services.cycles_ensure(today=program_today())
    messages.success(request, f"{created} upcoming cycle{'s' if created != 1 else ''} created.")
    return redirect("awards:cycle-list")


def _detail_context(cycle: AwardCycle, *, today, announce_form: AnnounceForm | None = None) -> dict:
    undecided = selectors.cycle_undecided(cycle)
    unsubmitted = selectors.cycle_unsubmitted(cycle)
    lacking = selectors.cycle_lacking_decision_count(cycle)
    return {
        "cycle": cycle,
        "today": today,
        "time_zone": settings.PROGRAM_TIME_ZONE,
        "funnel": selectors.cycle_funnel(cycle),
        "undecided": list(undecided[:LIST_LIMIT]),
        "undecided_count": undecided.count(),
        "unsubmitted": list(unsubmitted[:LIST_LIMIT]),
        "unsubmitted_count": unsubmitted.count(),
        "lacking_decision_count": lacking,
        "list_limit": LIST_LIMIT,
        "can_announce_now": cycle.state in AwardCycle.ANNOUNCEABLE_STATES and cycle.award_date <= today,
        "announce_form": announce_form or AnnounceForm(),
    }


@login_required
@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.user, pk)
    return render(request, "awards/cycle_detail.html", _detail_context(cycle, today=program_today()))


@login_required
@require_http_methods(["GET", "POST"])
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.user, pk)
    if not can_change_cycle(request.user, cycle):
        messages.error(request, "This cycle is being or has been announced; its deadlines can no longer change.")
        return redirect("awards:cycle-detail", pk=cycle.pk)
    form = CycleDeadlinesForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_deadlines_update(
                cycle_id=cycle.pk,
                submission_deadline=form.cleaned_data["submission_deadline"],
                evaluation_deadline=form.cleaned_data["evaluation_deadline"],
                actor=request.user,
                today=program_today(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Deadlines saved.")
            return redirect("awards:cycle-detail", pk=cycle.pk)
    return render(
        request, "awards/cycle_edit.html", {"cycle": cycle, "form": form, "time_zone": settings.PROGRAM_TIME_ZONE}
    )


@login_required
@require_POST
def cycle_announce(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for(request.user, pk)
    if not can_announce_cycle(request.user, cycle):
        raise PermissionDenied(ADMINS_ONLY)
    today = program_today()
    form = AnnounceForm(request.POST)
    if form.is_valid():
        try:
            claimed = services.cycle_announce_request(
                cycle_id=cycle.pk,
                actor=request.user,
                today=today,
                confirm_undecided=form.cleaned_data["confirm_undecided"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if claimed:
                messages.success(request, "The announcement has started: awards and result notices are on their way.")
            else:
                messages.info(request, "This cycle is already being announced or has been announced.")
            return redirect("awards:cycle-detail", pk=cycle.pk)
    cycle.refresh_from_db()
    return render(request, "awards/cycle_detail.html", _detail_context(cycle, today=today, announce_form=form))


@never_cache
@login_required
@require_GET
def cycle_progress(request: HttpRequest, pk: int) -> JsonResponse:
    cycle = get_cycle_for(request.user, pk)
    return JsonResponse(
        {
            "state": cycle.state,
            "state_label": cycle.get_state_display(),
            "done": cycle.progress_done,
            "total": cycle.progress_total,
            "percent": cycle.progress_percent,
        }
    )
