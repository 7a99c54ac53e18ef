"""Thin views: access check, form, one service call, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import services
from .forms import DossierReturnForm
from .permissions import can_act_as_lead_on
from .selectors import get_dossier_for


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for(request.user, pk)
    return render(request, "nominations/dossier_detail.html", {"dossier": dossier})


@login_required
@require_http_methods(["GET", "POST"])
def dossier_return(request: HttpRequest, pk: int) -> HttpResponse:
    """A lead returns a submitted dossier with a message (GET shows the form)."""
    dossier = get_dossier_for(request.user, pk)
    if not can_act_as_lead_on(request.user, dossier):
        raise PermissionDenied("Only the MVP lead of the owner's country or a program admin may return a dossier.")
    form = DossierReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_return(dossier_id=dossier.pk, actor=request.user, message=form.cleaned_data["message"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"The dossier was returned to {dossier.owner.display_name}, with your message.")
            return redirect("nominations:dossier-detail", pk=dossier.pk)
    return render(request, "nominations/dossier_return.html", {"dossier": dossier, "form": form})
