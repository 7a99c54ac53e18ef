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
