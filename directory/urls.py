from django.urls import path

from . import views, views_kits, views_summit

app_name = "directory"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("alumni/", views.alumni, name="alumni"),
    path("mvps/<id:pk>/", views.profile, name="profile"),
    path("mvps/<id:pk>/photo/<id:size>/", views.photo, name="photo"),
    path("nda/", views.nda, name="nda"),
    path("nda/accept/", views.nda_accept_view, name="nda-accept"),
    path("briefings/", views.briefing_list, name="briefing-list"),
    path("briefings/<id:pk>/", views.briefing_detail, name="briefing-detail"),
    path("my-award/", views.my_award, name="my-award"),
    path("my-award/address/", views.kit_address, name="kit-address"),
    path("my-award/renewal-dossier/", views.renewal_dossier_open, name="renewal-dossier-open"),
    path("awards/<id:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("kits/", views_kits.kit_list, name="kit-list"),
    path("kits/ship/", views_kits.kit_ship, name="kit-ship"),
    path("kits/addresses.csv", views_kits.kit_export, name="kit-export"),
    path("summits/", views_summit.summit_list, name="summit-list"),
    path("summits/new/", views_summit.summit_create, name="summit-create"),
    path("summits/<id:pk>/", views_summit.summit_detail, name="summit"),
    path("summits/<id:pk>/register/", views_summit.summit_register, name="summit-register"),
    path("summits/<id:pk>/cancel/", views_summit.summit_cancel, name="summit-cancel"),
    path("summits/<id:pk>/edit/", views_summit.summit_edit, name="summit-edit"),
    path("summits/<id:pk>/attendees/", views_summit.summit_attendees, name="summit-attendees"),
    path("summits/<id:pk>/sessions/", views_summit.summit_session_add, name="summit-session-add"),
    path("summits/<id:pk>/badges/", views_summit.summit_badges, name="summit-badges"),
    path("summits/<id:pk>/attendees.csv", views_summit.summit_export, name="summit-export"),
]
