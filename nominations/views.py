"""Thin views: access check, form, one service call, redirect."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mvp_portal import kept_pages
from mvp_portal.accounts.models import Expertise, User
from mvp_portal.http import RefusedWithWayOut, parse_id
from mvp_portal.pagination import page_nav
from mvp_portal.program_calendar import program_today

from . import csv_import, file_import, selectors, services
from .counting import dossier_picture, outside_period_note
from .forms import ActivityForm, ActivityImportForm, ClaimNewAccountForm, NominationForm
from .models import Activity, ActivityType, Dossier, Nomination
from .permissions import NOMINATE_REFUSAL, can_act_as_lead_on, can_edit_dossier, can_nominate
from .selectors import get_dossier_for
from .sources.selectors import pending_suggestion_count

# Rows of the activity table a page: a year of a busy MVP is hundreds of activities.
ACTIVITY_PAGE_SIZE = 50

LOCKED_REFUSAL = (
    "This dossier is submitted and locked: it can be changed again only if your MVP lead returns it to you "
    "with a message."
)


# Nominating -----------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request: HttpRequest) -> HttpResponse:
    today = program_today()
    if not can_nominate(request.user, today):
        raise PermissionDenied(NOMINATE_REFUSAL)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.nomination_create(
                nominator=request.user,
                today=today,
                support=request.POST.get("confirm_support") == "yes",
                **form.cleaned_data,
            )
        except services.SupportConfirmationNeeded:
            # Nothing is added yet: the nominator sees what supporting means and confirms.
            return render(request, "nominations/nomination_support_confirm.html", {"form": form})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            name = outcome.nomination.nominee_name
            if outcome.created:
                messages.success(
                    request, _("Thank you: %(name)s is nominated. Their MVP lead will invite them.") % {"name": name}
                )
            else:
                messages.info(
                    request,
                    _(
                        "%(name)s already has an open nomination: you were added as a supporter of it, "
                        "which the MVP lead will see."
                    )
                    % {"name": name},
                )
            return redirect("nominations:nomination-list")
    return render(request, "nominations/nomination_form.html", {"form": form})


@login_required
@require_GET
def nomination_list(request: HttpRequest) -> HttpResponse:
    """The nominator's nominations, status only."""
    nominations = selectors.nominations_of_nominator(request.user)
    return render(request, "nominations/nomination_list.html", {"nominations": nominations})


# Claiming an invitation -----------------------------------------------------
PROBLEM_TEXT = {
    "tampered": "This invitation link is not valid: it may have been cut short or changed when it was copied. "
    "Open the link exactly as it appears in the invitation e-mail.",
    "expired": "This invitation link has expired: links work for 30 days after they are sent.",
    "used": "This invitation link has already been used: each link works once.",
    "revoked": gettext_lazy(
        "A newer invitation was sent for this nomination, so this link no longer works: "
        "use the link in the latest invitation e-mail."
    ),
    "closed": "This nomination is no longer waiting to be claimed.",
}


def _problem_page(request, problem: services.InvitationProblem, status: int = 410) -> HttpResponse:
    context = {
        "kind": problem.kind,
        "explanation": PROBLEM_TEXT[problem.kind],
        "can_request": problem.kind in ("expired", "used", "revoked")
        and problem.invitation is not None
        and problem.invitation.nomination.state in (Nomination.State.SUBMITTED, Nomination.State.INVITED),
        "claimed": bool(problem.invitation and problem.invitation.nomination.state == Nomination.State.CLAIMED),
        "signed": request.resolver_match.kwargs.get("signed", ""),
        "already_claimed_by_you": bool(
            problem.invitation
            and request.user.is_authenticated
            and problem.invitation.nomination.nominee_id == request.user.pk
        ),
    }
    return render(request, "nominations/invitation_problem.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invitation_claim(request: HttpRequest, signed: str) -> HttpResponse:
    """A new person sets a name and password; a signed-in person attaches the nomination."""
    try:
        invitation = services.invitation_from_link(signed)
    except services.InvitationProblem as problem:
        return _problem_page(request, problem, status=400 if problem.kind == "tampered" else 410)
    nomination = invitation.nomination
    if request.user.is_authenticated and not services.invitation_is_for(invitation, request.user):
        # Only the invited address may claim: another account is told to sign out first.
        context = {"signed": signed, "claim_path": request.path}
        return render(request, "nominations/invitation_wrong_account.html", context, status=403)
    today = program_today()
    account_exists = User.objects.filter(email__iexact=nomination.nominee_email).exists()
    form = None
    if not request.user.is_authenticated and not account_exists:
        form = ClaimNewAccountForm(request.POST or None, email=nomination.nominee_email)
    if request.method == "POST" and (request.user.is_authenticated or (form is not None and form.is_valid())):
        try:
            if request.user.is_authenticated:
                dossier = services.invitation_claim(invitation_id=invitation.pk, today=today, user=request.user)
            else:
                dossier = services.invitation_claim(
                    invitation_id=invitation.pk,
                    today=today,
                    display_name=form.cleaned_data["display_name"],
                    password=form.cleaned_data["password1"],
                )
                login(request, dossier.owner, backend="mvp_portal.accounts.viewer.ViewerBackend")
        except services.InvitationProblem as problem:
            return _problem_page(request, problem)
        except PermissionDenied:
            context = {"signed": signed, "claim_path": request.path}
            return render(request, "nominations/invitation_wrong_account.html", context, status=403)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "Welcome! Your dossier is open: add the community work of the last 12 months. "
                    "Everything you save is kept as a draft until you submit."
                ),
            )
            return redirect("nominations:dossier-edit", pk=dossier.pk)
    login_url = f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"
    context = {
        "nomination": nomination,
        "invitation": invitation,
        "form": form,
        "account_exists": account_exists,
        "login_url": login_url,
        "signed": signed,
    }
    return render(request, "nominations/invitation_claim.html", context)


@require_POST
def invitation_request_new(request: HttpRequest, signed: str) -> HttpResponse:
    """From an expired or used link: ask the lead for a new one."""
    try:
        invitation = services.invitation_from_link(signed)
    except services.InvitationProblem as problem:
        invitation = problem.invitation
    else:
        return redirect("nominations:invitation-claim", signed=signed)
    if invitation is None:
        return _problem_page(request, services.InvitationProblem("tampered"), status=400)
    services.invitation_request_new(invitation_id=invitation.pk, today=program_today())
    return render(request, "nominations/invitation_requested.html", {"nomination": invitation.nomination})


# Dossiers -------------------------------------------------------------------
def _owned_editable(request, pk: int) -> Dossier:
    """The dossier for its owner to edit: 404 for others, 403 while it is locked."""
    dossier = get_dossier_for(request.user, pk)
    if dossier.owner_id != request.user.pk:
        raise PermissionDenied("Only the owner of a dossier may change it.")
    if not can_edit_dossier(request.user, dossier):
        raise RefusedWithWayOut(
            LOCKED_REFUSAL,
            back_url=reverse("nominations:dossier-detail", kwargs={"pk": dossier.pk}),
            back_text=gettext_lazy("See my dossier"),
        )
    return dossier


def _types() -> list[ActivityType]:
    return list(ActivityType.objects.filter(is_active=True))


def _types_json(types: list[ActivityType]) -> dict:
    """The labels the activity form's script uses to relabel the metric fields."""
    return {
        str(t.pk): {
            "quantity": t.local_quantity_label,
            "second_quantity": t.local_second_quantity_label,
            "reach": t.local_reach_label,
            "url_required": t.url_required,
        }
        for t in types
    }


def _activity_form(request, *, today, types, instance=None, initial=None) -> ActivityForm:
    """Bound to the POST, except for the no-JavaScript "show the fields for this type"
    button, which re-renders what was typed with the new type's labels and saves nothing."""
    kwargs = {"today": today, "types": types, "expertises": _expertises(), "instance": instance}
    if request.method == "POST" and "_relabel" in request.POST:
        return ActivityForm(initial={k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}, **kwargs)
    return ActivityForm(request.POST or None, initial=initial, **kwargs)


def _expertises() -> list[Expertise]:
    return list(Expertise.objects.filter(is_active=True))


@login_required
@require_GET
def dossier_list(request: HttpRequest) -> HttpResponse:
    """My dossiers (a nominee or MVP sees only their own)."""
    dossiers = selectors.dossiers_owned_by(request.user)
    return render(request, "nominations/dossier_list.html", {"dossiers": dossiers})


def _dossier_context(request, dossier: Dossier) -> dict:
    """What the dossier's pages show: the picture counts every activity; the table
    shows ``ACTIVITY_PAGE_SIZE`` of them a page (``?page=``), never hundreds of rows."""
    today = program_today()
    picture = dossier_picture(dossier, today=today)
    page = Paginator(picture.activities, ACTIVITY_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "dossier": dossier,
        "picture": picture,
        "activities": page.object_list,
        "activities_page": page,
        "activities_nav": page_nav(page, path=request.path, querystring="", fragment="activities"),
        "deadline": selectors.dossier_deadline(dossier, request.user, today),
        "is_owner": dossier.owner_id == request.user.pk,
        "can_edit": can_edit_dossier(request.user, dossier),
        "can_review": dossier.owner_id != request.user.pk and can_act_as_lead_on(request.user, dossier),
    }


@login_required
@require_GET
@kept_pages.keep
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for(request.user, pk)
    return kept_pages.page(request, "nominations/dossier_detail.html", lambda: _dossier_context(request, dossier))


@login_required
@require_http_methods(["GET", "POST"])
@kept_pages.keep
def dossier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor: a quick add form on top, every activity below. POST adds one."""
    dossier = _owned_editable(request, pk)
    today = program_today()
    types = _types()
    initial = {}
    chosen = request.GET.get("type")
    if chosen:
        initial["activity_type"] = next((str(t.pk) for t in types if t.slug == chosen), None)
    copy_of = parse_id(request.GET.get("copy"))
    if copy_of is not None:
        # "Add another like this": a recurring activity (a monthly meetup) without retyping; the date is new.
        source = dossier.activities.filter(pk=copy_of).first()
        if source is not None:
            initial = {name: getattr(source, name) for name in ActivityForm.Meta.fields if name != "started_on"}
            initial |= {"activity_type": str(source.activity_type_id), "ended_on": None, "url": ""}

    def context(form: ActivityForm) -> dict:
        return _dossier_context(request, dossier) | {
            "form": form,
            "types_json": _types_json(types),
            "pending_suggestions": pending_suggestion_count(request.user),
        }

    if request.method == "GET":
        return kept_pages.page(
            request,
            "nominations/dossier_edit.html",
            lambda: context(_activity_form(request, today=today, types=types, initial=initial)),
        )
    form = _activity_form(request, today=today, types=types, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            activity = services.activity_save(
                dossier_id=dossier.pk, actor=request.user, today=today, **form.activity_fields()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            note = outside_period_note(activity)
            messages.success(
                request, " ".join(filter(None, [_("Saved “%(title)s”.") % {"title": activity.title}, note]))
            )
            if note:  # kept, and flagged beside its date where it can be corrected
                return redirect(f"{reverse('nominations:activity-edit', kwargs={'pk': activity.pk})}#id_started_on")
            url = reverse("nominations:dossier-edit", kwargs={"pk": dossier.pk})
            return redirect(f"{url}?{urlencode({'type': activity.activity_type.slug})}#add-activity")
    return render(request, "nominations/dossier_edit.html", context(form), status=400 if form.errors else 200)


def _activity_or_404(request, pk: int) -> tuple[Activity, Dossier]:
    """An activity of a dossier the user owns and may edit; 404 for others' or missing ones."""
    activity = Activity.objects.select_related("activity_type").filter(pk=pk).first()
    if activity is None:
        raise Http404("No such activity.")
    dossier = _owned_editable(request, activity.dossier_id)
    activity.dossier = dossier
    return activity, dossier


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity, dossier = _activity_or_404(request, pk)
    today = program_today()
    types = _types()
    form = _activity_form(request, today=today, types=types, instance=activity)
    if form.is_bound and form.is_valid():
        try:
            saved = services.activity_save(
                dossier_id=dossier.pk,
                actor=request.user,
                today=today,
                activity_id=activity.pk,
                **form.activity_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            saved.dossier = dossier
            note = outside_period_note(saved)
            messages.success(request, " ".join(filter(None, [_("Saved “%(title)s”.") % {"title": saved.title}, note])))
            if note:  # kept, and flagged beside its date where it can be corrected
                return redirect(f"{reverse('nominations:activity-edit', kwargs={'pk': activity.pk})}#id_started_on")
            return redirect(f"{reverse('nominations:dossier-edit', kwargs={'pk': dossier.pk})}#activity-{activity.pk}")
    context = {
        "form": form,
        "activity": activity,
        "dossier": dossier,
        "types_json": _types_json(types),
        # The saved activity's standing beside its date field (counting's rule, not the typed dates).
        "period_warning": outside_period_note(activity) if not form.is_bound else "",
    }
    return render(request, "nominations/activity_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm (works without JavaScript); POST deletes for good."""
    activity, dossier = _activity_or_404(request, pk)
    if request.method == "POST":
        services.activity_delete(activity_id=activity.pk, actor=request.user)
        messages.success(request, _("Deleted “%(title)s”.") % {"title": activity.title})
        return redirect(f"{reverse('nominations:dossier-edit', kwargs={'pk': dossier.pk})}#activities")
    return render(request, "nominations/activity_delete.html", {"activity": activity, "dossier": dossier})


# CSV import -------------------------------------------------------------------
def _import_key(dossier: Dossier) -> str:
    return f"nominations-import-{dossier.pk}"


@login_required
@never_cache  # a file download: never kept by a cache
@require_GET
def activity_csv_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(csv_import.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="activities-template.csv"'
    return response


@csrf_exempt  # only until the upload cap is in place: the view below checks the token
@login_required
@require_http_methods(["GET", "POST"])
def dossier_import(request: HttpRequest, pk: int) -> HttpResponse:
    request.upload_handlers.insert(0, file_import.CappedUploadHandler(request))
    return _dossier_import(request, pk)


@csrf_protect
def _dossier_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a file in any accepted format: a preview with per-row errors, warnings and skipped duplicates;
    nothing is saved yet. A refused file leaves no preview to confirm."""
    dossier = _owned_editable(request, pk)
    form = ActivityImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        # One byte more than the cap is enough to know the file is too large.
        raw = form.cleaned_data["file"].read(file_import.MAX_BYTES + 1)
        preview = csv_import.preview(dossier=dossier, raw=raw, today=program_today())
        if preview.problem:
            form.add_error("file", preview.problem)
            request.session.pop(_import_key(dossier), None)
        else:
            request.session[_import_key(dossier)] = preview.session_rows()
    context = {
        "dossier": dossier,
        "form": form,
        "preview": preview,
        "columns": csv_import.COLUMNS,
        "accepted": file_import.ACCEPTED,
        "types": _types(),
    }
    return render(request, "nominations/dossier_import.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def dossier_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _owned_editable(request, pk)
    rows = request.session.pop(_import_key(dossier), None) or []
    # "Leave out the rows outside the period": one box on the preview; "import anyway": one box per duplicate.
    leave_out = request.POST.get("leave_out_outside") == "1"
    anyway = set(request.POST.getlist("import_duplicate"))
    rows = [
        {k: v for k, v in row.items() if k not in ("outside", "duplicate", "line")}
        | ({"allow_duplicate": True} if row.get("duplicate") else {})
        for row in rows
        if not (leave_out and row.get("outside")) and (not row.get("duplicate") or str(row.get("line")) in anyway)
    ]
    if not rows:
        messages.error(request, _("There is nothing to import: upload the file again to see a preview."))
        return redirect("nominations:dossier-import", pk=dossier.pk)
    added, skipped, over_cap = services.activities_import(
        dossier_id=dossier.pk, actor=request.user, today=program_today(), rows=rows
    )
    sentences = [ngettext("Imported %(count)d activity.", "Imported %(count)d activities.", added) % {"count": added}]
    if skipped:
        sentences.append(
            ngettext(
                "%(count)d skipped: it repeats an activity already in your dossier or no longer passes the rules.",
                "%(count)d skipped: they repeat activities already in your dossier or no longer pass the rules.",
                skipped,
            )
            % {"count": skipped}
        )
    if over_cap:
        sentences.append(
            ngettext(
                "%(count)d left out: a dossier holds at most %(most)d activities; "
                "group recurring work into one activity with a count.",
                "%(count)d left out: a dossier holds at most %(most)d activities; "
                "group recurring work into one activity with a count.",
                over_cap,
            )
            % {"count": over_cap, "most": services.MAX_ACTIVITIES}
        )
    messages.success(request, " ".join(sentences))
    return redirect("nominations:dossier-edit", pk=dossier.pk)


# Submit and return ------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def dossier_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the summary to confirm. POST: submit, which locks the dossier."""
    dossier = _owned_editable(request, pk)
    if request.method == "POST":
        try:
            submitted = services.dossier_submit(dossier_id=dossier.pk, actor=request.user, today=program_today())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "Submitted. It is evaluated for the %(award_date)s awards; your MVP lead "
                    "has been told, and the dossier is locked unless they return it."
                )
                % {"award_date": date_format(submitted.award_date)},
            )
            return redirect("nominations:dossier-detail", pk=dossier.pk)
    return render(request, "nominations/dossier_submit.html", _dossier_context(request, dossier))
