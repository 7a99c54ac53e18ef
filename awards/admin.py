from django.contrib import admin

from mvp_portal.program_calendar import program_today

from .models import AlumniCredential, Award, AwardRevocation, ReadinessNote, ReadinessNoteEdit
from .signals import awards_changed


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["user", "expertise", "starts_on", "ends_on", "cycle", "renewal_dossier"]
    list_filter = ["starts_on", "expertise__category", "expertise"]
    search_fields = ["user__display_name", "user__email", "expertise__name"]
    raw_id_fields = ["user", "dossier", "renewal_dossier"]
    list_select_related = ["user", "expertise", "cycle", "renewal_dossier"]
    date_hierarchy = "starts_on"

    # An edit here changes who holds an award, as the services' writes do: the same one signal
    # (the public directory's pages and facet counts, everyone's home-page items).
    def _changed(self) -> None:
        awards_changed.send(sender=Award, today=program_today())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._changed()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by the awards services (revocation on the admin desk,
    alumni credentials by the daily run): shown here, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AwardRevocation)
class AwardRevocationAdmin(ReadOnlyAdmin):
    list_display = ["award", "revoked_at", "revoked_by"]
    search_fields = ["award__user__display_name", "award__user__email", "reason"]
    list_select_related = ["award__user", "award__expertise", "revoked_by"]
    date_hierarchy = "revoked_at"


@admin.register(AlumniCredential)
class AlumniCredentialAdmin(ReadOnlyAdmin):
    list_display = ["user", "alumnus_since", "first_award_on", "issued_at", "credential_id"]
    search_fields = ["user__display_name", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = "alumnus_since"


class ReadinessNoteEditInline(admin.TabularInline):
    model = ReadinessNoteEdit
    fields = ["edited_at", "edited_by", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReadinessNote)
class ReadinessNoteAdmin(ReadOnlyAdmin):
    """Written on the desk (``services.readiness_note_save``); here with its versions, read-only."""

    list_display = ["award", "written_by", "written_at", "updated_by", "updated_at"]
    search_fields = ["award__user__display_name", "award__user__email", "text"]
    list_select_related = ["award__user", "award__expertise", "written_by", "updated_by"]
    inlines = [ReadinessNoteEditInline]
