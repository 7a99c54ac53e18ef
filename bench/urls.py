"""The portal's URLs untouched, plus a hello-world view: the framework's ceiling
(the same middleware, server and workers, no template, no query)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world", content_type="text/plain")


handler403 = "mvp_portal.views.permission_denied"

urlpatterns = [
    path("bench/hello", hello, name="bench-hello"),
    path("", include("mvp_portal.urls")),
]
