"""Project-level pages: the home page and the health check."""

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import kept_pages
from .attention import cached_attention_items_for
from .program_calendar import program_today

logger = logging.getLogger(__name__)


@require_GET
@kept_pages.keep
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home.html", {"attention_items": []})
    today = program_today()
    return kept_pages.page(
        request,
        "home.html",
        lambda: {"attention_items": cached_attention_items_for(request.user, today=today)},
    )


def _database_state() -> str:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "down"; the log says why, the answer does not
        logger.warning("Health check: the database is down", exc_info=True)
        connection.close_if_unusable_or_obsolete()
        return "down"
    return "ok"


def _broker_state() -> str:
    from .celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.warning("Health check: the broker is down", exc_info=True)
        return "down"
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with each dependency's state, or 503 naming the one that is down."""
    states = {"database": _database_state(), "broker": _broker_state()}
    healthy = all(state == "ok" for state in states.values())
    return JsonResponse(states, status=200 if healthy else 503)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """403 page that says who may do what was asked, when the view said it."""
    reason = str(exception) if exception and str(exception) else ""
    way_out = {"back_url": getattr(exception, "back_url", ""), "back_text": getattr(exception, "back_text", "")}
    return render(request, "403.html", {"reason": reason, **way_out}, status=403)
