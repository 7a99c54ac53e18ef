from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "v1"

urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", SpectacularJSONAPIView.as_view(urlconf="api.v1.schema_urls"), name="openapi"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:v1:openapi", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("me/", views.MeView.as_view(), name="me"),
    path("activity-types/", views.ActivityTypeList.as_view(), name="activity-type-list"),
    path("expertises/", views.ExpertiseList.as_view(), name="expertise-list"),
    path("dossiers/", views.DossierList.as_view(), name="dossier-list"),
    path("dossiers/<id:pk>/", views.DossierDetail.as_view(), name="dossier-detail"),
    path("activities/", views.ActivityList.as_view(), name="activity-list"),
    path("activities/<id:pk>/", views.ActivityDetail.as_view(), name="activity-detail"),
    path("staff/nominations/", views.StaffNominationList.as_view(), name="staff-nomination-list"),
    path("staff/dossiers/", views.StaffDossierList.as_view(), name="staff-dossier-list"),
    path("staff/assignments/", views.StaffAssignmentList.as_view(), name="staff-assignment-list"),
    re_path(r"^(?P<rest>[\s\S]*)$", views.not_found, name="not-found"),  # any character, newlines too
]
