from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.cycle_list, name="cycle-list"),
    path("upcoming/", views.cycle_create_upcoming, name="cycle-create-upcoming"),
    path("<int:pk>/", views.cycle_detail, name="cycle-detail"),
    path("<int:pk>/deadlines/", views.cycle_edit, name="cycle-edit"),
    path("<int:pk>/announce/", views.cycle_announce, name="cycle-announce"),
    path("<int:pk>/progress.json", views.cycle_progress, name="cycle-progress"),
]
