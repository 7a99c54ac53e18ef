"""The tokens pages: list and create (the new token is shown once), revoke with a confirmation;
and the download of one's own data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import TokenCreateForm
from .takeout import takeout_zip


def _list_context(request: HttpRequest, form: TokenCreateForm) -> dict:
    now = timezone.now()
    tokens = list(selectors.tokens_of(request.user))
    for token in tokens:
        token.state_now = token.state(now)
    return {"form": form, "tokens": tokens}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """GET: my tokens and the form. POST: a new token, shown on the answer page and never again."""
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, plain = services.token_create(user=request.user, now=timezone.now(), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Rendered, not redirected: the plain token is in this one answer only, never stored.
            return render(request, "api/token_created.html", {"token": token, "plain": plain})
    status = 400 if form.errors else 200
    return render(request, "api/token_list.html", _list_context(request, form), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm (works without JavaScript); POST revokes at once."""
    token = selectors.get_token_for(request.user, pk)
    if request.method == "POST":
        services.token_revoke(token_id=token.pk, actor=request.user, now=timezone.now())
        messages.success(request, _("The token %(prefix)s is revoked: it no longer works.") % {"prefix": token.prefix})
        return redirect("api:token-list")
    return render(request, "api/token_revoke.html", {"token": token, "state": token.state(timezone.now())})


@never_cache
@login_required
@require_http_methods(["GET"])
def takeout(request: HttpRequest) -> HttpResponse:
    """Everything the portal holds about the signed-in person, as one zip (see ``api.takeout``)."""
    now = timezone.now()
    response = HttpResponse(takeout_zip(request.user, now=now), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="mvp-portal-data-{now:%Y-%m-%d}.zip"'
    return response
