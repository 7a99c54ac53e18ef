"""The sources pages: thin views (access, form, one service call, redirect).

Every page acts on the signed-in person's own connections and suggestions;
someone else's answers 404, as a missing one does.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mvp_portal.accounts.models import Expertise
from mvp_portal.program_calendar import program_today
from nominations.counting import outside_period_note
from nominations.models import ActivityType, Suggestion

from . import selectors, services
from .forms import CONNECT_FORMS, SuggestionAcceptForm


@login_required
@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    """The person's sources with their status, what to connect, and the suggestions waiting."""
    now = timezone.now()
    suggestions = selectors.pending_suggestions(request.user)
    dossiers = selectors.editable_dossiers(request.user)
    context = {
        "statuses": selectors.connections_of(request.user, now=now),
        "suggestions": suggestions,
        "dossiers": dossiers,
        "today": program_today(),
        "connect_forms": [(kind, form_class) for kind, form_class in CONNECT_FORMS.items()],
    }
    return render(request, "nominations/sources/source_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def source_connect(request: HttpRequest, kind: str) -> HttpResponse:
    form_class = CONNECT_FORMS.get(kind)
    if form_class is None:
        raise Http404("No such kind of source.")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            connection = services.source_connect(
                owner=request.user,
                kind=kind,
                identifier=form.identifier(),
                token=form.access_token(),
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Connected %(source)s. The first sync has started: its suggestions appear here in a minute or two.")
                % {"source": connection.display_name},
            )
            return redirect(f"{reverse('nominations:source-list')}#source-{connection.pk}")
    return render(
        request, "nominations/sources/source_connect.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def source_sync(request: HttpRequest, pk: int) -> HttpResponse:
    connection = selectors.get_connection_for(request.user, pk)
    try:
        services.source_request_sync(connection_id=connection.pk, actor=request.user, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Syncing %(source)s now.") % {"source": connection.display_name})
    return redirect(f"{reverse('nominations:source-list')}#source-{connection.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def source_disconnect(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm (works without JavaScript); POST disconnects."""
    connection = selectors.get_connection_for(request.user, pk)
    if request.method == "POST":
        services.source_disconnect(connection_id=connection.pk, actor=request.user)
        messages.success(request, _("Disconnected %(source)s.") % {"source": connection.display_name})
        return redirect("nominations:source-list")
    pending = connection.suggestions.filter(state=Suggestion.State.PENDING).count()
    return render(request, "nominations/sources/source_disconnect.html", {"connection": connection, "pending": pending})


def _types() -> list[ActivityType]:
    return list(ActivityType.objects.filter(is_active=True))


def _initial(suggestion, dossier) -> dict:
    today = program_today()
    ended_on = suggestion.ended_on if suggestion.ended_on and suggestion.ended_on <= today else None
    return {
        "dossier": dossier.pk if dossier else None,
        "activity_type": str(suggestion.activity_type_id) if suggestion.activity_type_id else "",
        "title": suggestion.title,
        "started_on": suggestion.occurred_on,
        "ended_on": ended_on,
        "url": suggestion.url,
        "quantity": suggestion.quantity,
        "second_quantity": suggestion.second_quantity,
        "reach": suggestion.reach,
        "description": suggestion.description,
        "visibility": "public",
    }


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The activity form pre-filled from the suggestion; saving adds the activity."""
    suggestion = selectors.get_suggestion_for(request.user, pk)
    if suggestion.state != suggestion.State.PENDING:
        messages.info(
            request,
            _("This suggestion was already decided: %(state)s.") % {"state": suggestion.get_state_display().lower()},
        )
        return redirect("nominations:source-list")
    dossiers = selectors.editable_dossiers(request.user)
    if not dossiers:
        raise PermissionDenied(
            _(
                "You have no dossier open for changes, so there is nowhere to add this activity. Suggestions wait "
                "here until a dossier opens (a new nomination, or your renewal)."
            )
        )
    today = program_today()
    types = _types()
    kwargs = {
        "today": today,
        "types": types,
        "expertises": list(Expertise.objects.filter(is_active=True)),
        "dossiers": dossiers,
    }
    if request.method == "POST" and "_relabel" in request.POST:
        # No JavaScript: show the chosen type's fields again with what was typed; nothing is saved.
        form = SuggestionAcceptForm(
            initial={k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}, **kwargs
        )
    else:
        form = SuggestionAcceptForm(
            request.POST or None, initial=_initial(suggestion, selectors.dossier_for(suggestion, dossiers)), **kwargs
        )
    if form.is_bound and form.is_valid():
        try:
            activity = services.suggestion_accept(
                suggestion_id=suggestion.pk,
                actor=request.user,
                dossier_id=form.cleaned_data["dossier"],
                today=today,
                now=timezone.now(),
                **form.activity_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            note = outside_period_note(activity)
            messages.success(
                request,
                " ".join(filter(None, [_("Added “%(title)s” to your dossier.") % {"title": activity.title}, note])),
            )
            return redirect(f"{reverse('nominations:source-list')}#suggestions")
    types_json = {
        str(t.pk): {
            "quantity": t.quantity_label,
            "second_quantity": t.second_quantity_label,
            "reach": t.reach_label,
            "url_required": t.url_required,
        }
        for t in types
    }
    context = {"form": form, "suggestion": suggestion, "types_json": types_json}
    return render(request, "nominations/sources/suggestion_accept.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def suggestion_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = selectors.get_suggestion_for(request.user, pk)
    if services.suggestion_dismiss(suggestion_id=suggestion.pk, actor=request.user, now=timezone.now()):
        messages.success(
            request, _("Dismissed “%(title)s”: it will not be suggested again.") % {"title": suggestion.title}
        )
    return redirect(f"{reverse('nominations:source-list')}#suggestions")
