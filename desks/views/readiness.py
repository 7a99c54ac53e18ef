"""An MVP's renewal-readiness picture on the desk of the staff responsible for
them, and the lead's note on it (written once the renewal window is open)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards import services as award_services
from awards.models import ReadinessNoteEdit
from awards.permissions import readiness_note_open
from awards.readiness import readiness_for
from mvp_portal import program_calendar as cal
from mvp_portal.http import body_first

from ..forms import ReadinessNoteForm
from ..selectors import get_award_for_readiness
from . import apply_errors, require_desk


def _page(request: HttpRequest, award, *, form: ReadinessNoteForm | None = None, status: int = 200) -> HttpResponse:
    today = cal.program_today()
    readiness = readiness_for(award, today=today)
    note_open = readiness_note_open(award, today=today)
    if note_open and form is None:
        form = ReadinessNoteForm(initial={"text": readiness.note.text} if readiness.note else None)
    edits = (
        list(ReadinessNoteEdit.objects.filter(note=readiness.note).select_related("edited_by").order_by("-edited_at"))
        if readiness.note
        else []
    )
    context = {
        "tab": "dossiers",
        "award": award,
        "readiness": readiness,
        "note_open": note_open,
        "form": form if note_open else None,
        "edits": edits,
    }
    return render(request, "desks/readiness.html", context, status=status)


@login_required
@require_GET
def readiness(request: HttpRequest, pk: int) -> HttpResponse:
    require_desk(request.user)
    return _page(request, get_award_for_readiness(request.user, pk))


@login_required
@require_POST
@body_first
def readiness_note_save(request: HttpRequest, pk: int) -> HttpResponse:
    require_desk(request.user)
    award = get_award_for_readiness(request.user, pk)
    if not readiness_note_open(award, today=cal.program_today()):
        raise PermissionDenied(
            _("A note can be left once the renewal window opens, on %(day)s, until the award ends.")
            % {"day": date_format(cal.renewal_opens_on(award.starts_on), "DATE_FORMAT")}
        )
    form = ReadinessNoteForm(request.POST)
    if form.is_valid():
        try:
            award_services.readiness_note_save(
                award_id=award.pk, actor=request.user, text=form.cleaned_data["text"], today=cal.program_today()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Your note is saved: %(name)s sees it with their readiness.") % {"name": award.user}
            )
            return redirect("desks:readiness", pk=award.pk)
    return _page(request, award, form=form, status=400)
