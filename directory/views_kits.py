"""Shipping the award kits (certificate and trophy): program admins list the
kits by award date, status and country, mark a batch shipped and download the
addresses to ship. Thin views over ``directory.services`` and ``directory.selectors``."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mvp_portal.accounts.roles import is_program_admin
from mvp_portal.accounts.services import security_event_export
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.http import body_first, parse_id, safe_next_url
from mvp_portal.program_calendar import program_today
from mvp_portal.spreadsheets import spreadsheet_cell

from . import selectors, services
from .forms import KitFilterForm, KitShipForm
from .models import AwardKit

ADMINS_ONLY = "Only program admins ship award kits."


def _require_admin(user) -> None:
    if not is_program_admin(user):
        raise PermissionDenied(ADMINS_ONLY)


def _filter_form(request: HttpRequest) -> KitFilterForm:
    award_dates = (
        AwardCycle.objects.filter(awards__isnull=False)
        .order_by("-award_date")
        .values_list("award_date", flat=True)
        .distinct()
    )
    return KitFilterForm(request.GET or None, award_dates=list(award_dates))


def _kit_ids(filters: selectors.KitFilters) -> list[int]:
    """The kits the page may have listed (any status: one shipped meanwhile is skipped, not an error)."""
    listed = selectors.KitFilters(award_date=filters.award_date, status="", country=filters.country)
    return list(selectors.kits_for_shipping(listed).filter(kit__isnull=False).values_list("kit__pk", flat=True))


def _page(request: HttpRequest, *, ship_form: KitShipForm | None = None, status: int = 200) -> HttpResponse:
    filter_form = _filter_form(request)
    filters = filter_form.filters()
    awards = selectors.kits_for_shipping(filters)
    rows = list(awards[: selectors.KIT_LIMIT + 1])
    total = len(rows) if len(rows) <= selectors.KIT_LIMIT else awards.count()
    return render(
        request,
        "directory/kit_list.html",
        {
            "tab": "kits",
            "filter_form": filter_form,
            "filters": filters,
            "query": request.GET.urlencode(),
            "awards": rows[: selectors.KIT_LIMIT],
            "total": total,
            "counts": selectors.kit_counts(filters),
            "ship_form": ship_form or KitShipForm(initial={"shipped_on": program_today()}),
            "selected": {parse_id(v) for v in request.POST.getlist("kits")} - {None},
            "today": program_today(),
        },
        status=status,
    )


@login_required
@require_GET
def kit_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request.user)
    return _page(request)


@login_required
@require_POST
@body_first
def kit_ship(request: HttpRequest) -> HttpResponse:
    """Mark the selected kits shipped; a kit someone else marked first is left as they did."""
    _require_admin(request.user)
    filters = _filter_form(request).filters()
    form = KitShipForm(request.POST, kit_ids=_kit_ids(filters))
    if form.is_valid():
        try:
            shipped = services.award_kits_ship(
                kit_ids=form.cleaned_data["kits"],
                shipped_on=form.cleaned_data["shipped_on"],
                carrier=form.cleaned_data["carrier"],
                tracking_note=form.cleaned_data["tracking_note"],
                actor=request.user,
                today=program_today(),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            skipped = len(form.cleaned_data["kits"]) - len(shipped)
            if shipped:
                messages.success(
                    request,
                    ngettext("%(count)s kit marked shipped.", "%(count)s kits marked shipped.", len(shipped))
                    % {"count": len(shipped)},
                )
            if skipped:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s kit had already been marked shipped by someone else; it was left as it was.",
                        "%(count)s kits had already been marked shipped by someone else; they were left as they were.",
                        skipped,
                    )
                    % {"count": skipped},
                )
            default = reverse("directory:kit-list") + (f"?{request.GET.urlencode()}" if request.GET else "")
            return HttpResponseRedirect(safe_next_url(request, request.POST.get("next"), default))
    return _page(request, ship_form=form, status=400)


EXPORT_HEADER = ["kit", "name", "email", "country", "expertise", "award_date", "shipping_address"]


@login_required
@never_cache  # a file download: never kept by a cache
@require_GET
def kit_export(request: HttpRequest) -> HttpResponse:
    """The addresses of the kits ready to ship (the page's award date and country), as CSV."""
    _require_admin(request.user)
    filters = _filter_form(request).filters()
    filters = selectors.KitFilters(
        award_date=filters.award_date, status=AwardKit.Status.READY_TO_SHIP, country=filters.country
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = "award-kits-to-ship.csv"
    security_event_export(request, name=filename)  # addresses leave the portal: on the security log
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(EXPORT_HEADER)
    for award in selectors.kits_for_shipping(filters).iterator(chunk_size=500):
        person = award.user
        writer.writerow(
            [
                award.kit.pk,
                spreadsheet_cell(person.display_name),
                spreadsheet_cell(person.email),
                spreadsheet_cell(person.country.code if person.country else ""),
                spreadsheet_cell(award.expertise.name),
                award.starts_on.isoformat(),
                spreadsheet_cell(award.kit.shipping_address),
            ]
        )
    return response
