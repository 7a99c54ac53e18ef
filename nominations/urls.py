from django.urls import include, path

from . import views

app_name = "nominations"

urlpatterns = [
    path("", views.nomination_list, name="nomination-list"),
    path("new/", views.nomination_create, name="nomination-create"),
    path("invitation/<str:signed>/", views.invitation_claim, name="invitation-claim"),
    path("invitation/<str:signed>/ask-again/", views.invitation_request_new, name="invitation-request-new"),
    path("dossiers/", views.dossier_list, name="dossier-list"),
    path("dossiers/<id:pk>/", views.dossier_detail, name="dossier-detail"),
    path("dossiers/<id:pk>/edit/", views.dossier_edit, name="dossier-edit"),
    path("dossiers/<id:pk>/import/", views.dossier_import, name="dossier-import"),
    path("dossiers/<id:pk>/import/confirm/", views.dossier_import_confirm, name="dossier-import-confirm"),
    path("dossiers/<id:pk>/submit/", views.dossier_submit, name="dossier-submit"),
    path("activities/<id:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<id:pk>/delete/", views.activity_delete, name="activity-delete"),
    path("activities/template.csv", views.activity_csv_template, name="activity-csv-template"),
    path("sources/", include("nominations.sources.urls")),
]
