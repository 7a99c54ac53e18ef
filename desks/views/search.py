"""Search-as-you-type for the desks' assign forms: evaluators as small JSON pages.

Staff with a desk only (403 otherwise). ``q`` is a part of a name or e-mail
address (at most ``MAX_QUERY`` characters, at least ``MIN_QUERY``), ``page`` a
page of ``PAGE_SIZE`` (at most ``MAX_PAGE``); ``dossier`` leaves out
who may not evaluate that dossier (already assigned, nominee, nominators,
declared conflicts), and answers 404 for a dossier the person may not review.
Each person gets ``RATE_LIMIT`` answers a minute; more are answered 429.
The forms work without it: the page's own inputs are the fallback."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from evaluations import selectors as evaluation_selectors
from mvp_portal.http import parse_id
from nominations.selectors import conflicts_for

from ..selectors import get_dossier_on_desk
from . import require_desk

PAGE_SIZE = 20
MAX_PAGE = 50
MIN_QUERY = 1
MAX_QUERY = 100
RATE_LIMIT = 240  # answers a minute per person: typing quickly, several forms


def _rate_limited(user) -> bool:
    key = f"desks:search:{user.pk}"
    if cache.add(key, 1, timeout=60):
        return False
    try:
        return cache.incr(key) > RATE_LIMIT
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout=60)
        return False


def _query_and_page(request: HttpRequest) -> tuple[str, int]:
    typed = "".join(c for c in str(request.GET.get("q", "")) if c.isprintable() or c.isspace())
    q = " ".join(typed.split())[:MAX_QUERY]
    page = parse_id(request.GET.get("page", "1")) or 1
    return q, min(page, MAX_PAGE)


def _answer(rows: list[dict], page: int, more: bool) -> JsonResponse:
    response = JsonResponse({"results": rows, "page": page, "more": more})
    response["Cache-Control"] = "private, no-store"
    return response


def _paged(queryset, page: int):
    start = (page - 1) * PAGE_SIZE
    found = list(queryset[start : start + PAGE_SIZE + 1])
    return found[:PAGE_SIZE], len(found) > PAGE_SIZE


@login_required
@require_GET
def evaluator_search(request: HttpRequest) -> JsonResponse:
    require_desk(request.user)
    if _rate_limited(request.user):
        return JsonResponse({"error": "Too many searches; wait a minute."}, status=429)
    q, page = _query_and_page(request)
    if len(q) < MIN_QUERY:
        return _answer([], page, False)
    people = evaluation_selectors.assignable_evaluators().filter(Q(display_name__icontains=q) | Q(email__icontains=q))
    dossier_id = parse_id(request.GET.get("dossier")) if request.GET.get("dossier") else None
    if request.GET.get("dossier") and dossier_id is None:
        return JsonResponse({"error": "No such dossier."}, status=404)
    excluded: set[int] = set()
    if dossier_id is not None:
        dossier = get_dossier_on_desk(request.user, dossier_id)
        excluded = set(dossier.assignments.values_list("evaluator_id", flat=True)) | {dossier.owner_id}
    found, more = _paged(people.exclude(pk__in=excluded).only("pk", "display_name", "email"), page)
    if dossier_id is not None and found:
        conflicted = {pair[1] for pair in conflicts_for([dossier_id], [u.pk for u in found])}
        found = [u for u in found if u.pk not in conflicted]
    rows = [{"id": u.pk, "label": f"{u.display_name} <{u.email}>"} for u in found]
    return _answer(rows, page, more)
