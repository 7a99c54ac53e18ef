"""The award credentials' public URLs, mounted at ``/credentials/``: stable,
for verifiers (the issuer profile, its keys and the status list are named
inside every credential issued)."""

from django.urls import path

from . import credential_views as views

app_name = "credentials"

urlpatterns = [
    path("issuer/", views.issuer, name="issuer"),
    path("issuer/jwks.json", views.jwks, name="jwks"),
    path("status/revocation/", views.status_list, name="status-list"),
    path("<uuid:credential_id>/", views.verify, name="verify"),
    path("<uuid:credential_id>/verification.json", views.verification_json, name="verification-json"),
    path("<uuid:credential_id>/credential.json", views.credential_json, name="credential-json"),
    path("<uuid:credential_id>/credential.jwt", views.credential_jwt, name="credential-jwt"),
    path("<uuid:credential_id>/badge.png", views.badge_png, name="badge-png"),
]
