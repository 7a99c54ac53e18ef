from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("alumni/", views.alumni, name="alumni"),
    path("mvps/<id:pk>/", views.profile, name="profile"),
    path("nda/", views.nda, name="nda"),
    path("nda/accept/", views.nda_accept_view, name="nda-accept"),
    path("briefings/", views.briefing_list, name="briefing-list"),
    path("briefings/<id:pk>/", views.briefing_detail, name="briefing-detail"),
    path("my-award/", views.my_award, name="my-award"),
    path("my-award/address/", views.kit_address, name="kit-address"),
    path("awards/<id:pk>/certificate.pdf", views.certificate, name="certificate"),
]
