"""The Summit's pages: invited MVPs register, wait or cancel; program admins
create summits, add sessions, see and export the attendees. Thin views over
``directory.services`` and ``directory.selectors``."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mvp_portal.accounts.roles import is_program_admin
from mvp_portal.accounts.services import security_event_export
from mvp_portal.program_calendar import program_today
from mvp_portal.spreadsheets import spreadsheet_cell

from . import selectors, services
from .forms import SummitForm, SummitRegistrationForm, SummitSessionForm
from .models import Summit, SummitRegistration

NOT_INVITED = "Only people holding a current MVP award, and program admins, may see the summits."
ADMINS_ONLY = "Only program admins may manage summits."


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _require_admin(user) -> None:
    if not is_program_admin(user):
        raise PermissionDenied(ADMINS_ONLY)


def get_summit_for(user, pk: int) -> Summit:
    """A summit for a program admin or one of its invitees; 404 for everyone else and for a missing one."""
    summit = Summit.objects.filter(pk=pk).select_related("nda_version").first()
    if summit is None or not (is_program_admin(user) or selectors.is_summit_invitee(user, summit)):
        raise Http404("No such summit.")
    return summit


@login_required
@require_GET
def summit_list(request: HttpRequest) -> HttpResponse:
    today = program_today()
    admin = is_program_admin(request.user)
    if admin:
        summits = list(Summit.objects.order_by("-starts_on", "-pk"))
        for summit in summits:
            summit.registration = None
    elif selectors.current_award_of(request.user, today):
        summits = selectors.summits_for(request.user, today)
    else:
        raise PermissionDenied(NOT_INVITED)
    return render(request, "directory/summit_list.html", {"summits": summits, "is_admin": admin, "today": today})


def _summit_page(request: HttpRequest, summit: Summit, *, form=None, status: int = 200) -> HttpResponse:
    today = program_today()
    registration = selectors.summit_registration_of(request.user, summit)
    invited = selectors.is_summit_invitee(request.user, summit)
    nda_ok = invited and selectors.has_accepted_summit_nda(request.user, summit)
    active = registration is not None and registration.state != SummitRegistration.State.CANCELLED
    if form is None and invited and nda_ok and summit.registration_open_on(today):
        initial = {}
        if active:
            initial = {
                "sessions": list(registration.sessions.all()),
                "dietary_needs": registration.dietary_needs,
                "accessibility_needs": registration.accessibility_needs,
            }
        form = SummitRegistrationForm(initial=initial, sessions=selectors.summit_sessions_for(request.user, summit))
    return render(
        request,
        "directory/summit_detail.html",
        {
            "summit": summit,
            "today": today,
            "registration": registration if active else None,
            "position": selectors.summit_waitlist_position(registration) if active else None,
            "invited": invited,
            "nda_ok": nda_ok,
            "is_open": summit.registration_open_on(today),
            "form": form,
            "counts": selectors.summit_counts(summit),
            "is_admin": is_program_admin(request.user),
        },
        status=status,
    )


@login_required
@require_GET
def summit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _summit_page(request, get_summit_for(request.user, pk))


@login_required
@require_POST
def summit_register(request: HttpRequest, pk: int) -> HttpResponse:
    summit = get_summit_for(request.user, pk)
    form = SummitRegistrationForm(request.POST, sessions=selectors.summit_sessions_for(request.user, summit))
    if form.is_valid():
        now = timezone.now()
        try:
            registration = services.summit_register(
                summit_id=summit.pk,
                user=request.user,
                sessions=list(form.cleaned_data["sessions"]),
                dietary_needs=form.cleaned_data["dietary_needs"],
                accessibility_needs=form.cleaned_data["accessibility_needs"],
                today=program_today(now),
                now=now,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            if registration.state == SummitRegistration.State.REGISTERED:
                messages.success(request, _("You are registered: your seat is confirmed."))
            else:
                messages.info(
                    request, _("The summit is full: you are on the waitlist and will be told if a seat frees up.")
                )
            return redirect("directory:summit", pk=summit.pk)
    return _summit_page(request, summit, form=form, status=400)


@login_required
@require_POST
def summit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    summit = get_summit_for(request.user, pk)
    try:
        services.summit_cancel(summit_id=summit.pk, user=request.user, today=program_today())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("directory:summit", pk=summit.pk)


# Program admins ---------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def summit_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request.user)
    initial = {"nda_version": selectors.current_nda(timezone.now())}
    return _summit_form(request, SummitForm(request.POST if request.method == "POST" else None, initial=initial))


@login_required
@require_http_methods(["GET", "POST"])
def summit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request.user)
    summit = get_object_or_404(Summit, pk=pk)
    return _summit_form(request, SummitForm(request.POST if request.method == "POST" else None, instance=summit))


def _summit_form(request: HttpRequest, form: SummitForm) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            summit = services.summit_save(summit=form.instance, actor=request.user, today=program_today())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The summit is saved."))
            return redirect("directory:summit-attendees", pk=summit.pk)
    return render(
        request,
        "directory/summit_form.html",
        {"form": form, "summit": form.instance},
        status=400 if form.errors else 200,
    )


def _attendees_page(request: HttpRequest, summit: Summit, *, session_form=None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "directory/summit_attendees.html",
        {
            "summit": summit,
            "attendees": selectors.summit_attendees(summit),
            "counts": selectors.summit_counts(summit),
            "sessions": summit.sessions.select_related("expertise"),
            "session_form": session_form or SummitSessionForm(),
        },
        status=status,
    )


@login_required
@require_GET
def summit_attendees(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request.user)
    return _attendees_page(request, get_object_or_404(Summit, pk=pk))


@login_required
@require_POST
def summit_session_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request.user)
    summit = get_object_or_404(Summit, pk=pk)
    form = SummitSessionForm(request.POST)
    if form.is_valid():
        services.summit_session_add(
            summit=summit, title=form.cleaned_data["title"], expertise=form.cleaned_data["expertise"]
        )
        messages.success(request, _("The session is added."))
        return redirect("directory:summit-attendees", pk=summit.pk)
    return _attendees_page(request, summit, session_form=form, status=400)


EXPORT_HEADER = ["name", "email", "country", "state", "queued_at", "sessions", "dietary_needs", "accessibility_needs"]


@never_cache
@login_required
@require_GET
def summit_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendee list as CSV (seated, then the waitlist), for the venue and catering."""
    _require_admin(request.user)
    summit = get_object_or_404(Summit, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"summit-{summit.pk}-attendees.csv"
    security_event_export(request, name=filename)  # personal data leaves the portal: on the security log
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(EXPORT_HEADER)
    for registration in selectors.summit_attendees(summit):
        person = registration.user
        writer.writerow(
            [
                spreadsheet_cell(person.display_name),
                spreadsheet_cell(person.email),
                spreadsheet_cell(person.country.code if person.country else ""),
                registration.state,
                registration.queued_at.isoformat(),
                spreadsheet_cell("; ".join(session.title for session in registration.sessions.all())),
                spreadsheet_cell(registration.dietary_needs),
                spreadsheet_cell(registration.accessibility_needs),
            ]
        )
    return response


@login_required
@require_GET
def summit_badges(request: HttpRequest, pk: int) -> HttpResponse:
    """A print sheet of name badges for the seated attendees."""
    _require_admin(request.user)
    summit = get_object_or_404(Summit, pk=pk)
    return render(
        request, "directory/summit_badges.html", {"summit": summit, "badges": selectors.summit_badges(summit)}
    )
