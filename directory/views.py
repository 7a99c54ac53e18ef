"""Thin views: access check, selector or service, render or redirect."""

import secrets
from dataclasses import asdict, astuple, replace
from datetime import datetime, time
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from awards.models import Award
from awards.readiness import readiness_for
from awards.selectors import renewal_dossier_id_of
from awards.services import renewal_dossier_open_early
from mvp_portal import public_cache
from mvp_portal.accounts.avatars import SIZES as AVATAR_SIZES
from mvp_portal.http import safe_next_url
from mvp_portal.pagination import page_nav, requested_page
from mvp_portal.program_calendar import program_today
from mvp_portal.public_cache import PublicPage

from . import selectors
from .certificate import certificate_pdf
from .forms import DirectoryFilterForm, KitAddressForm, NdaAcceptForm
from .models import AwardKit, Briefing
from .pagination import page_missing
from .permissions import can_confirm_kit_address, can_download_certificate, can_see_photo
from .services import award_kit_confirm_address, nda_accept

PAGE_SIZE = 24
NOT_AN_MVP = "Only people who hold a current MVP award may see this page."


# Access helpers ---------------------------------------------------------------
def get_award_for(user, pk: int) -> Award:
    """The user's own award; 404 for a missing award and for someone else's."""
    award = Award.objects.filter(pk=pk).select_related("user", "expertise").first()
    if award is None or not can_download_certificate(user, award):
        raise Http404("No such award.")
    return award


def get_briefing_for(award: Award, pk: int, now) -> Briefing:
    briefing = selectors.briefings_for(award, now).filter(pk=pk).first()
    if briefing is None:
        raise Http404("No such briefing.")
    return briefing


def _current_award_or_403(user, today) -> Award:
    award = selectors.current_award_of(user, today)
    if award is None:
        raise PermissionDenied(NOT_AN_MVP)
    return award


def _nda_gate(request: HttpRequest, now) -> tuple[Award, HttpResponse | None]:
    """For NDA-gated pages: the MVP's current award, or a redirect to the NDA page.

    Derived from dates at each request: a lapsed MVP is refused at once.
    """
    award = _current_award_or_403(request.user, program_today(now))
    version = selectors.current_nda(now)
    if not selectors.has_accepted(request.user, version):
        return award, redirect(f"{reverse('directory:nda')}?{urlencode({'next': request.get_full_path()})}")
    return award, None


# The public directory ---------------------------------------------------------
# Anonymous visitors get the whole page from the public cache (see
# mvp_portal/public_cache.py for what invalidates it), the shell around the content
# included, with slots for each visitor's own values (``public_cache.kept_shell``).
# Signed-in people always get a fresh render (their responses are never stored, see
# middleware).
def _public_page(request: HttpRequest, today, *parts, generation_keys) -> PublicPage | None:
    if request.user.is_authenticated:
        return None
    return PublicPage([translation.get_language(), today.isoformat(), *parts], generation_keys)


def _last_modified(page: PublicPage, today) -> float:
    # The listing also changes with the date, without any write.
    start_of_day = datetime.combine(today, time.min, tzinfo=ZoneInfo(settings.PROGRAM_TIME_ZONE))
    return page.last_modified_at(floor=start_of_day).timestamp()


def _not_modified(request: HttpRequest, page: PublicPage | None, today) -> HttpResponse | None:
    """A 304 when the visitor's copy is current. The shell holds a CSRF token tied
    to the visitor's cookie: without that cookie their copy cannot be current."""
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if page is None or not secret:
        return None
    return get_conditional_response(request, etag=page.etag(secret), last_modified=_last_modified(page, today))


def _stamp(request: HttpRequest, response: HttpResponse, page: PublicPage | None, today) -> HttpResponse:
    if page is not None:
        response["ETag"] = page.etag(request.META.get("CSRF_COOKIE", ""))
        response["Last-Modified"] = http_date(_last_modified(page, today))
        # Kept by the browser only, and checked with us before each use (a 304 when unchanged).
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _directory_query(filters: selectors.DirectoryFilters, sort: str) -> str:
    """The normalised query of a directory page, without its page number: kept by
    the sort control, the filters and the page links."""
    params = {name: value for name, value in asdict(filters).items() if value}
    if sort != selectors.DirectorySort.NAME:
        params["sort"] = sort
    return urlencode(params)


# The directory's page is kept once per *normalised* query ("José", "jose" and
# "JOSE" find the same people and share one page); the keywords as this visitor
# typed them are written in afterwards, where the page holds a random slot (hex
# digits: HTML escaping and URL encoding leave it as it is), stored with the page.
def _with_typed_query(html: str, slot: str, q: str) -> str:
    if not slot:
        return html
    html = html.replace(urlencode({"q": slot}), escape(urlencode({"q": q})))
    return html.replace(slot, escape(q))


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Current MVPs, searchable, filterable and sortable; all of it lives in the query string."""
    today = program_today()
    form = DirectoryFilterForm(request.GET) if request.GET else None  # the plain directory builds no form
    filters = form.filters() if form else selectors.DirectoryFilters()
    sort = form.chosen_sort() if form else selectors.DirectorySort.NAME
    query = _directory_query(filters, sort)
    number = requested_page(request)
    if number is None:
        return page_missing(request, path=request.path, querystring=query, number=None, last_page=None)
    public = _public_page(
        request,
        today,
        "directory",
        *astuple(filters.normalised()),
        sort,
        number,
        generation_keys=[public_cache.DIRECTORY],
    )
    not_modified = _not_modified(request, public, today)
    if not_modified:
        return not_modified

    def content() -> dict:
        slot = f"q{secrets.token_hex(8)}" if filters.q else ""
        shown = replace(filters, q=slot) if slot else filters
        results = selectors.directory_results(today=today, filters=filters, sort=sort)
        paginator = Paginator(results, PAGE_SIZE)
        if number > paginator.num_pages:
            return {"missing_page": True, "last_page": paginator.num_pages}  # cached too
        page = paginator.page(number)
        facets = selectors.directory_facets(today=today, filters=filters)
        shown_query = _directory_query(shown, sort)
        html = render_to_string(
            "directory/_directory_content.html",
            {
                "filters": shown,
                "sort": sort,
                "sorts": selectors.DirectorySort.choices,
                "page": page,
                "page_nav": page_nav(page, path=request.path, querystring=shown_query),
                "facets": facets,
                "querystring": shown_query,
                "is_filtered": any(astuple(filters)),
            },
            request=request,
        )
        shown = {"content": mark_safe(html)}  # noqa: S308
        kept = public_cache.kept_shell(request, "directory/directory.html", shown) if public else ""
        return {"html": html, "page": kept, "slot": slot}

    payload = public.get_or_render(content) if public else content()
    if payload.get("missing_page"):
        return page_missing(
            request, path=request.path, querystring=query, number=number, last_page=payload["last_page"]
        )
    if public and payload.get("page") and not public_cache.messages_waiting(request):
        # The visitor's values first: the keywords they typed are theirs, never a slot.
        page = _with_typed_query(public_cache.shell_for(request, payload["page"]), payload.get("slot", ""), filters.q)
        return _stamp(request, HttpResponse(page), public, today)
    html = _with_typed_query(payload["html"], payload.get("slot", ""), filters.q)
    response = render(request, "directory/directory.html", {"content": mark_safe(html)})  # noqa: S308
    return _stamp(request, response, public, today)


@require_GET
def alumni(request: HttpRequest) -> HttpResponse:
    """Former MVPs who chose to be listed, apart from the current ones."""
    number = requested_page(request)
    if number is None:
        return page_missing(request, path=request.path, querystring="", number=None, last_page=None)
    paginator = Paginator(selectors.listed_alumni(program_today()), PAGE_SIZE)
    if number > paginator.num_pages:
        return page_missing(request, path=request.path, querystring="", number=number, last_page=paginator.num_pages)
    page = paginator.page(number)
    return render(
        request,
        "directory/alumni.html",
        {"page": page, "page_nav": page_nav(page, path=request.path, querystring="")},
    )


@require_GET
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    """A listed MVP's public profile; hidden profiles and non-MVPs answer 404."""
    today = program_today()
    public = _public_page(
        request,
        today,
        "profile",
        pk,
        generation_keys=[public_cache.DIRECTORY, public_cache.profile_generation_key(pk)],
    )
    not_modified = _not_modified(request, public, today)
    if not_modified:
        return not_modified

    def content() -> dict:
        found = selectors.profile_for(pk=pk, today=today)
        if found is None:
            return {"missing": True}  # cached too: unknown ids cost no query until the next change
        html = render_to_string(
            "directory/_profile_content.html", {"profile": found, "person": found.user}, request=request
        )
        shown = {"title": found.user.display_name, "content": mark_safe(html)}  # noqa: S308
        return {
            "title": found.user.display_name,
            "html": html,
            "page": public_cache.kept_shell(request, "directory/profile.html", shown) if public else "",
        }

    payload = public.get_or_render(content) if public else content()
    if payload.get("missing"):
        raise Http404("No MVP with this profile.")
    if public and payload.get("page") and not public_cache.messages_waiting(request):
        return _stamp(request, HttpResponse(public_cache.shell_for(request, payload["page"])), public, today)
    response = render(
        request,
        "directory/profile.html",
        {"title": payload["title"], "content": mark_safe(payload["html"])},  # noqa: S308
    )
    return _stamp(request, response, public, today)


# Profile photos -----------------------------------------------------------------
PHOTO_PUBLIC_SECONDS = 3600


@require_GET
def photo(request: HttpRequest, pk: int, size: int) -> HttpResponse:
    """A profile photo (``size`` 256 or 64 pixels), from the database: any web node
    serves it. Its address carries the version (``?v=``), so a new photo is a new
    address; the ETag answers a revalidation with a 304 without reading the image.
    Public while its person is listed; otherwise their own only, never kept by a
    shared cache. 404 for no photo, no such person, someone not listed, another size."""
    if size not in AVATAR_SIZES:
        raise Http404("No such photo.")
    state = selectors.photo_state(user_id=pk, today=program_today())
    if state is None or not state.digest or not can_see_photo(request.user, pk, listed=state.listed):
        raise Http404("No such photo.")

    def headers(response: HttpResponse) -> HttpResponse:
        response["ETag"] = f'"{state.digest}-{size}"'
        if state.listed:
            patch_cache_control(response, public=True, max_age=PHOTO_PUBLIC_SECONDS)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    not_modified = get_conditional_response(request, etag=f'"{state.digest}-{size}"')
    if not_modified is not None:
        return headers(not_modified)
    found = selectors.photo_bytes(user_id=pk, size=size)
    if found is None:
        raise Http404("No such photo.")
    data, content_type = found
    return headers(HttpResponse(data, content_type=content_type))


# NDA and briefings ------------------------------------------------------------
@login_required
@require_GET
def nda(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    award = _current_award_or_403(request.user, program_today(now))
    version = selectors.current_nda(now)
    accepted = selectors.acceptance_of(request.user, version)
    next_url = request.GET.get("next", "")
    form = NdaAcceptForm(initial={"version": version.pk, "next": next_url}) if version and not accepted else None
    previous = selectors.latest_acceptance(request.user) if version and not accepted else None
    return render(
        request,
        "directory/nda.html",
        {
            "award": award,
            "version": version,
            "accepted": accepted,
            "previous": previous,
            "form": form,
            "next_url": next_url,
            **_nda_text(version, accepted),
        },
    )


def _nda_text(version, accepted) -> dict:
    if version is None:
        return {}
    text, language = selectors.nda_as_read(version, accepted)
    return {"nda_text": text, "nda_language": language}


@login_required
@require_POST
def nda_accept_view(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    award = _current_award_or_403(request.user, program_today(now))
    version = selectors.current_nda(now)
    form = NdaAcceptForm(request.POST)
    if version is not None and form.is_valid():
        if form.cleaned_data["version"] != version.pk:
            messages.warning(request, _("A newer version of the NDA was published meanwhile; please read it first."))
            form = NdaAcceptForm(initial={"version": version.pk, "next": form.cleaned_data["next"]})
        else:
            try:
                nda_accept(user=request.user, version=version, now=now, language=translation.get_language())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("You accepted the NDA, version %(version)s.") % {"version": version.version}
                )
                return HttpResponseRedirect(
                    safe_next_url(request, form.cleaned_data["next"], reverse("directory:briefing-list"))
                )
    return render(
        request,
        "directory/nda.html",
        {
            "award": award,
            "version": version,
            "accepted": None,
            "form": form,
            "next_url": request.POST.get("next"),
            **_nda_text(version, None),
        },
    )


@login_required
@require_GET
def briefing_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    award, gate = _nda_gate(request, now)
    if gate:
        return gate
    briefings = selectors.briefings_for(award, now)
    return render(request, "directory/briefing_list.html", {"award": award, "briefings": briefings})


@login_required
@require_GET
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    award, gate = _nda_gate(request, now)
    if gate:
        return gate
    briefing = get_briefing_for(award, pk, now)
    return render(request, "directory/briefing_detail.html", {"award": award, "briefing": briefing})


# Certificate and award kit ----------------------------------------------------
@never_cache  # a file download: never kept by a cache
@require_GET
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    award = get_award_for(request.user, pk)
    response = HttpResponse(certificate_pdf(award), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mvp-certificate-{award.starts_on:%Y-%m-%d}.pdf"'
    return response


def _my_award_page(request: HttpRequest, *, form: KitAddressForm | None = None, status: int = 200) -> HttpResponse:
    now = timezone.now()
    today = program_today(now)
    awards = selectors.awards_with_kits(request.user)
    current = next((award for award in awards if award.covers(today)), None)
    if current is None:
        raise PermissionDenied(NOT_AN_MVP)
    kit = current.kit_or_none
    if form is None and not (kit and kit.shipped_on):
        form = KitAddressForm(initial={"shipping_address": kit.shipping_address if kit else ""})
    version = selectors.current_nda(now)
    return render(
        request,
        "directory/my_award.html",
        {
            "current": current,
            "readiness": readiness_for(current, today=today),
            "renewal_dossier_id": renewal_dossier_id_of(current),
            "kit": kit,
            "kit_status": kit.get_status_display() if kit else AwardKit.Status.ADDRESS_NEEDED.label,
            "form": form,
            "awards": awards,
            "nda_version": version,
            "nda_accepted": selectors.has_accepted(request.user, version),
        },
        status=status,
    )


@login_required
@require_GET
def my_award(request: HttpRequest) -> HttpResponse:
    return _my_award_page(request)


@login_required
@require_POST
def renewal_dossier_open(request: HttpRequest) -> HttpResponse:
    """The MVP opens their renewal dossier before the window, to record the year as it goes."""
    today = program_today()
    award = _current_award_or_403(request.user, today)
    try:
        dossier_id = renewal_dossier_open_early(award_id=award.pk, actor=request.user, today=today)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("directory:my-award")
    messages.success(
        request,
        _("Your renewal dossier is open: add the year's work as it happens. It is handed in when the renewal comes."),
    )
    return redirect("nominations:dossier-detail", pk=dossier_id)


@login_required
@require_POST
def kit_address(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    award = _current_award_or_403(request.user, program_today(now))
    if not can_confirm_kit_address(request.user, award, program_today(now)):
        raise PermissionDenied(NOT_AN_MVP)
    form = KitAddressForm(request.POST)
    if form.is_valid():
        try:
            award_kit_confirm_address(award=award, shipping_address=form.cleaned_data["shipping_address"], now=now)
        except ValidationError as error:
            if AwardKit.objects.filter(award=award, shipped_on__isnull=False).exists():
                messages.error(request, error.messages[0])
                return redirect("directory:my-award")
            form.add_error("shipping_address", error)
        else:
            messages.success(request, _("Thank you: your shipping address is confirmed."))
            return redirect("directory:my-award")
    return _my_award_page(request, form=form)
