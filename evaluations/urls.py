from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("assign/", views.assignment_create, name="assignment-create"),
    path("assignments/<int:pk>/remove/", views.assignment_remove, name="assignment-remove"),
    path("export.csv", views.export, name="export"),
    path("mine/", views.my_assignments, name="my-assignments"),
    path("dossiers/<int:pk>/", views.review, name="review"),
    path("dossiers/<int:pk>/recommend/", views.recommendation_save, name="recommendation-save"),
    path("dossiers/<int:pk>/decide/", views.decision_record, name="decision-record"),
    path("dossiers/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("dossiers/<int:pk>/conflict/", views.conflict_declare, name="conflict-declare"),
]
