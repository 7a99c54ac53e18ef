from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import views

handler403 = "mvp_portal.views.permission_denied"

admin.site.site_header = "MVP Portal administration"
admin.site.site_title = "MVP Portal admin"
# The admin is entered through the portal's sign-in (lockout, two-factor), never its own form.
admin.site.login = login_required(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The translations the pages' scripts use, from our origin (the CSP allows nothing else).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("mvp_portal.accounts.urls")),
    path("nominations/", include("nominations.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("desk/", include("desks.urls")),
    path("directory/", include("directory.urls")),
    path("credentials/", include("directory.credential_urls")),
    path("api/", include("api.urls")),
    # The 2022 MVP API's paths (mvpapi.azure-api.net/mvp/api/), for the community's existing tools.
    path("mvp/api/", include("api.legacy.urls")),
    path("admin/", admin.site.urls),
]
