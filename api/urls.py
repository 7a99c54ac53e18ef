from django.urls import include, path

from . import views

app_name = "api"

urlpatterns = [
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<id:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("takeout/", views.takeout, name="takeout"),
    path("v1/", include("api.v1.urls")),
]
