"""Reads of the API app."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import ApiToken


def tokens_of(user) -> QuerySet[ApiToken]:
    """Every token of ``user``, newest first (one query)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def get_token_for(user, pk: int) -> ApiToken:
    """One of ``user``'s tokens; 404 for missing and others' alike."""
    token = tokens_of(user).filter(pk=pk).first()
    if token is None:
        raise Http404(_("No such token."))
    return token


def current_dossier(user):
    """The dossier the legacy API's "contributions" are: the newest one its owner can still edit,
    else the newest of all (read-only); None for someone with no dossier. At most two queries."""
    from nominations.models import Dossier

    dossiers = Dossier.objects.filter(owner=user).select_related("expertise").order_by("-award_date", "-pk")
    return dossiers.filter(state__in=Dossier.EDITABLE_STATES).first() or dossiers.first()
