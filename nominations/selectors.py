"""Reads of the nominations app used by more than one view (or app)."""

from django.http import Http404

from .models import Dossier
from .permissions import can_view_dossier


def get_dossier_for(user, pk: int) -> Dossier:
    """The dossier if ``user`` may see it; 404 for missing and forbidden alike."""
    dossier = Dossier.objects.select_related("owner", "nomination", "expertise").filter(pk=pk).first()
    if dossier is None or not can_view_dossier(user, dossier):
        raise Http404("No such dossier.")
    return dossier
