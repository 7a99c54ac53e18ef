"""The portal's URLs untouched, plus a hello-world view: the framework's ceiling
(the same middleware, server and workers, no template, no query), and the shell
of every page with nothing in it: the floor under any page a person signed in
sees (their session and account, the navigation, the language menu, the footer);
and between the two, a signed-in request with no page at all: the session, the
account and its roles, CSRF and the two-factor check, as Django's middleware
does them before any view of the portal runs."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

_EMPTY_PAGE = engines["django"].from_string('{% extends "base.html" %}{% block title %}Bench{% endblock %}')


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world", content_type="text/plain")


def signed_in(request: HttpRequest) -> HttpResponse:
    # The roles, as every page's navigation and two-factor check read them (one query).
    from mvp_portal.accounts.roles import role_names

    return HttpResponse(f"{request.user.pk} {sorted(role_names(request.user))}", content_type="text/plain")


def shell(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_EMPTY_PAGE.render({}, request))


handler403 = "mvp_portal.views.permission_denied"

urlpatterns = [
    path("bench/hello", hello, name="bench-hello"),
    path("bench/signed-in", signed_in, name="bench-signed-in"),
    path("bench/shell", shell, name="bench-shell"),
    path("", include("mvp_portal.urls")),
]
