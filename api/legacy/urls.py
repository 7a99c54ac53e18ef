"""/mvp/api/: the paths of the 2022 MVP API (``https://mvpapi.azure-api.net/mvp/api/``), without
trailing slashes as the clients call them (one is tolerated)."""

from django.urls import re_path

from . import views

app_name = "legacy"

ID = r"(?P<pk>[0-9]+)"
PAGE = r"(?P<offset>-?[0-9]+)/(?P<limit>-?[0-9]+)"

urlpatterns = [
    re_path(r"^contributions/?$", views.Contributions.as_view(), name="contributions"),
    re_path(r"^contributions/contributiontypes/?$", views.ContributionTypes.as_view(), name="contribution-types"),
    re_path(r"^contributions/contributionareas/?$", views.ContributionAreas.as_view(), name="contribution-areas"),
    re_path(r"^contributions/sharingpreferences/?$", views.SharingPreferences.as_view(), name="sharing-preferences"),
    re_path(rf"^contributions/{PAGE}/?$", views.ContributionPage.as_view(which="current"), name="contribution-page"),
    re_path(
        rf"^contributions/current/{PAGE}/?$",
        views.ContributionPage.as_view(which="current"),
        name="contribution-current-page",
    ),
    re_path(
        rf"^contributions/historical/{PAGE}/?$",
        views.ContributionPage.as_view(which="historical"),
        name="contribution-historical-page",
    ),
    re_path(rf"^contributions/{ID}/?$", views.ContributionDetail.as_view(), name="contribution-detail"),
    re_path(r"^profile/?$", views.Profile.as_view(), name="profile"),
    re_path(r"^onlineidentities/?$", views.OnlineIdentities.as_view(), name="online-identities"),
    re_path(r"^(?P<rest>[\s\S]*)$", views.not_found, name="not-found"),  # any character, newlines too
]
