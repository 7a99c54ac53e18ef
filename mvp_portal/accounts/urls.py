from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        views.SignInView.as_view(),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("profile/", views.profile_edit, name="profile-edit"),
    path("profile/photo/", views.avatar_upload, name="avatar-upload"),
    path("profile/photo/remove/", views.avatar_delete, name="avatar-remove"),
    path("delete/", views.account_delete, name="account-delete"),
    path("delete/cancel/", views.account_delete_cancel, name="account-delete-cancel"),
    path("roles/", views.roles, name="roles"),
    path("language/", views.language_set, name="language"),
    path("two-factor/", views.two_factor_overview, name="two-factor"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/recovery-codes/", views.two_factor_recovery_codes, name="two-factor-recovery-codes"),
    path("two-factor/remove/", views.two_factor_remove, name="two-factor-remove"),
]
