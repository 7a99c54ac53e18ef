from django.contrib import admin

from .models import Activity, ActivityType, Dossier, DossierLogEntry, Invitation, Nomination, NominationSupport


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "quantity_label",
        "second_quantity_label",
        "reach_label",
        "url_required",
        "position",
        "is_active",
    ]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "url_required", "spans_dates"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class NominationSupportInline(admin.TabularInline):
    model = NominationSupport
    extra = 0
    raw_id_fields = ["supporter"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["invited_by", "created_at", "used_at", "used_by"]
    readonly_fields = fields
    can_delete = False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["nominee_name", "nominee_email", "nominee_country", "expertise", "nominator", "state", "created_at"]
    list_filter = ["state", "nominee_country", "expertise__category"]
    search_fields = ["nominee_name", "nominee_email", "nominator__display_name", "nominator__email"]
    raw_id_fields = ["nominator", "nominee"]
    readonly_fields = ["state", "created_at", "invited_at", "claimed_at"]
    date_hierarchy = "created_at"
    inlines = [NominationSupportInline, InvitationInline]


@admin.register(NominationSupport)
class NominationSupportAdmin(admin.ModelAdmin):
    list_display = ["nomination", "supporter", "created_at"]
    search_fields = ["nomination__nominee_name", "nomination__nominee_email", "supporter__display_name"]
    list_filter = ["nomination__state"]
    raw_id_fields = ["nomination", "supporter"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["nomination", "invited_by", "created_at", "used_at"]
    list_filter = [("used_at", admin.EmptyFieldListFilter)]
    search_fields = ["nomination__nominee_name", "nomination__nominee_email"]
    # The token stays out of the admin: with the site's key it makes a working link.
    exclude = ["token"]
    readonly_fields = ["created_at", "used_at", "used_by", "revoked_at"]
    raw_id_fields = ["nomination", "invited_by"]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["started_on", "activity_type", "title", "quantity", "second_quantity", "reach", "visibility"]
    show_change_link = True


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["owner", "kind", "state", "expertise", "award_date", "submitted_at"]
    list_filter = ["state", "kind", "award_date", "expertise__category"]
    search_fields = ["owner__display_name", "owner__email"]
    raw_id_fields = ["owner", "nomination"]
    readonly_fields = ["state", "created_at", "updated_at", "submitted_at", "returned_at"]
    list_select_related = ["owner", "expertise"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "activity_type", "started_on", "dossier", "visibility"]
    list_filter = ["activity_type", "visibility"]
    search_fields = ["title", "url", "dossier__owner__display_name", "dossier__owner__email"]
    raw_id_fields = ["dossier", "expertise"]
    list_select_related = ["activity_type", "dossier__owner"]
    date_hierarchy = "started_on"


@admin.register(DossierLogEntry)
class DossierLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "dossier", "action", "actor"]
    list_filter = ["action"]
    search_fields = ["dossier__owner__display_name", "dossier__owner__email", "message"]
    raw_id_fields = ["dossier", "actor"]
    list_select_related = ["dossier__owner", "actor"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the audit trail is append-only

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
