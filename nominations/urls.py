from django.urls import path

from . import views

app_name = "nominations"

urlpatterns = [
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier-detail"),
    path("dossiers/<int:pk>/return/", views.dossier_return, name="dossier-return"),
]
