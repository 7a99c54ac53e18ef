from django.contrib import admin
from django.urls import include, path

from . import views

handler403 = "mvp_portal.views.permission_denied"

admin.site.site_header = "MVP Portal administration"
admin.site.site_title = "MVP Portal admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("mvp_portal.accounts.urls")),
    path("nominations/", include("nominations.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("cycles/", include("awards.urls")),
    path("directory/", include("directory.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
