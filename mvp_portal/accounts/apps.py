from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "mvp_portal.accounts"
    label = "accounts"
    verbose_name = "People and reference data"

    def ready(self) -> None:
        from django.urls import register_converter

        from mvp_portal.http import IdConverter
        from mvp_portal.notices.services import notice_link_register

        # Every primary key in a URL is an ``<id:…>``: out-of-range numbers are a 404, never a 500.
        # Registered here, before any URL configuration is imported.
        register_converter(IdConverter, "id")

        from .roles import sync_role_groups
        from .services import PASSWORD_RESET_LINK, password_reset_link

        notice_link_register(PASSWORD_RESET_LINK, password_reset_link)

        from mvp_portal.daily import register_daily_job

        from .services import account_deletions_carry_out

        register_daily_job("account_deletions", account_deletions_carry_out)

        from . import receivers

        receivers.connect()

        from mvp_portal import kept_pages

        # Every write to the database makes the signed-in pages kept over its tables stale (one rule, there).
        kept_pages.watch_statements()

        # After every migrate, once all apps' permissions exist.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
