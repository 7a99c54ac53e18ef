"""Home-page attention items of the nominations app: the person's own dossiers.
(Staff items — nominations to invite, dossiers to review — are the desks'.)"""

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mvp_portal.attention import AttentionItem
from mvp_portal.program_calendar import program_time_zone, program_today

from .models import Dossier
from .selectors import submission_target

# Whole sentences: the kind and the state change the words around them in other languages.
TITLES = {
    (Dossier.Kind.NEW, False): gettext_lazy("Your new dossier is a draft"),
    (Dossier.Kind.NEW, True): gettext_lazy("Your new dossier was returned to you"),
    (Dossier.Kind.RENEWAL, False): gettext_lazy("Your renewal dossier is a draft"),
    (Dossier.Kind.RENEWAL, True): gettext_lazy("Your renewal dossier was returned to you"),
}


def attention_items(user) -> list[AttentionItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    dossiers = list(
        Dossier.objects.filter(owner=user, state__in=Dossier.EDITABLE_STATES).annotate(
            activity_count=Count("activities")
        )
    )
    today = program_today()
    items: list[AttentionItem] = []
    for dossier in dossiers:
        deadline = submission_target(dossier, today).deadline
        day = date_format(deadline)
        when = (
            _("The deadline was %(day)s") % {"day": day}
            if deadline < today
            else _("Submit it by %(day)s, 23:59:59 %(zone)s") % {"day": day, "zone": program_time_zone()}
        )
        items.append(
            AttentionItem(
                title=TITLES[(dossier.kind, dossier.state == Dossier.State.RETURNED)],
                url=reverse("nominations:dossier-edit", kwargs={"pk": dossier.pk}),
                detail=ngettext(
                    "%(when)s (%(count)d activity so far).",
                    "%(when)s (%(count)d activities so far).",
                    dossier.activity_count,
                )
                % {"when": when, "count": dossier.activity_count},
            )
        )
    return items
