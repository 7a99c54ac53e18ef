from django.urls import path

from . import views

app_name = "evaluations"

# The evaluator's pages; the lead's and admin's live on the staff desks (``desks``).
urlpatterns = [
    path("mine/", views.my_assignments, name="my-assignments"),
    path("dossiers/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("dossiers/<int:pk>/conflict/", views.conflict_declare, name="conflict-declare"),
]
