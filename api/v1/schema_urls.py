"""What the /api/v1/ OpenAPI document describes: these paths and no others (not a later /mvp/api/)."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("api.v1.urls"))]
