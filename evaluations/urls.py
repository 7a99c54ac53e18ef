from django.urls import path

from . import views

app_name = "evaluations"

# The evaluator's pages; the lead's and admin's live on the staff desks (``desks``).
urlpatterns = [
    path("mine/", views.my_assignments, name="my-assignments"),
    path("dossiers/<id:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("dossiers/<id:pk>/conflict/", views.conflict_declare, name="conflict-declare"),
    path("calibration/<id:pk>/", views.calibrate, name="calibrate"),
    # The person's own: reconsideration of an announced decline
    path("dossiers/<id:pk>/reconsideration/", views.reconsideration, name="reconsideration"),
]
