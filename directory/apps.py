from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory and perks"

    def ready(self) -> None:
        from mvp_portal.attention import register_attention_provider

        from .attention import admin_attention, mvp_attention

        register_attention_provider(admin_attention, shared=True)
        register_attention_provider(mvp_attention)

        from mvp_portal.daily import register_daily_job

        from .services import summits_daily

        register_daily_job("summits", summits_daily)

        from mvp_portal.accounts.erasure import register_personal_data_eraser

        from .services import directory_erase_person

        register_personal_data_eraser("directory", directory_erase_person)

        from awards.signals import awards_changed

        awards_changed.connect(_awards_changed, dispatch_uid="directory-public-pages")

        # Public pages show expertise and activity-type names in each language: an
        # admin's edit of a name or its translations makes them stale.
        from django.db.models.signals import post_save

        from mvp_portal.accounts.models import Expertise
        from nominations.models import ActivityType

        for model in (Expertise, ActivityType):
            post_save.connect(_reference_data_changed, sender=model, dispatch_uid=f"directory-names-{model.__name__}")


def _awards_changed(sender, *, today, **kwargs) -> None:
    """Who holds an award changed: the public pages, and everyone's home-page
    items (an MVP's NDA and kit items follow their current award)."""
    from mvp_portal.attention import everyone_attention_changed

    from .services import public_directory_changed

    public_directory_changed(today=today)
    everyone_attention_changed()


def _reference_data_changed(sender, *, created: bool = False, **kwargs) -> None:
    if created:  # a new type or expertise is on no page yet
        return
    from mvp_portal.public_cache import directory_changed

    directory_changed()
