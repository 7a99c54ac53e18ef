"""The sources pages, under /nominations/sources/ in the nominations namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.source_list, name="source-list"),
    path("connect/<slug:kind>/", views.source_connect, name="source-connect"),
    path("<id:pk>/sync/", views.source_sync, name="source-sync"),
    path("<id:pk>/disconnect/", views.source_disconnect, name="source-disconnect"),
    path("suggestions/<id:pk>/accept/", views.suggestion_accept, name="suggestion-accept"),
    path("suggestions/<id:pk>/dismiss/", views.suggestion_dismiss, name="suggestion-dismiss"),
]
