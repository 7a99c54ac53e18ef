"""The sources in the admin. A connection's token is never shown: the field is
left out of every form and list, only whether there is one."""

from django.contrib import admin

from nominations.models import ActivityProvenance, SourceConnection, Suggestion


@admin.register(SourceConnection)
class SourceConnectionAdmin(admin.ModelAdmin):
    list_display = ["owner", "kind", "identifier", "last_synced_at", "next_sync_at", "failures", "has_token"]
    list_filter = ["kind", "failures"]
    search_fields = ["identifier", "title", "owner__email", "owner__display_name"]
    raw_id_fields = ["owner"]
    list_select_related = ["owner"]
    exclude = ["token_encrypted", "validators", "cache"]
    readonly_fields = [
        "has_token",
        "created_at",
        "last_attempt_at",
        "last_synced_at",
        "last_error",
        "last_error_at",
        "items_found",
        "new_suggestions",
        "sync_requested_at",
        "syncing_since",
    ]

    @admin.display(boolean=True, description="token")
    def has_token(self, obj) -> bool:
        return obj.has_token


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "source_kind", "occurred_on", "state"]
    list_filter = ["state", "source_kind"]
    search_fields = ["title", "url", "owner__email", "owner__display_name"]
    raw_id_fields = ["owner", "connection", "activity"]
    list_select_related = ["owner"]


@admin.register(ActivityProvenance)
class ActivityProvenanceAdmin(admin.ModelAdmin):
    list_display = ["activity", "source_name", "fetched_at"]
    list_filter = ["source_kind"]
    search_fields = ["canonical_url", "source_name"]
    raw_id_fields = ["activity", "connection"]
    list_select_related = ["activity"]
