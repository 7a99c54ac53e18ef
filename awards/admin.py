from django.contrib import admin

from .models import Award, AwardCycle


@admin.register(AwardCycle)
class AwardCycleAdmin(admin.ModelAdmin):
    list_display = [
        "award_date",
        "state",
        "submission_deadline",
        "evaluation_deadline",
        "progress_done",
        "announced_at",
    ]
    list_filter = ["state"]
    date_hierarchy = "award_date"
    # The state moves only through the services (announce from the cycle page).
    readonly_fields = [
        "state",
        "progress_done",
        "progress_total",
        "announce_requested_by",
        "announce_requested_at",
        "announced_at",
    ]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["user", "expertise", "starts_on", "ends_on", "cycle", "renewal_dossier"]
    list_filter = ["starts_on", "expertise__category", "expertise"]
    search_fields = ["user__display_name", "user__email", "expertise__name"]
    raw_id_fields = ["user", "dossier", "renewal_dossier"]
    list_select_related = ["user", "expertise", "cycle", "renewal_dossier"]
    date_hierarchy = "starts_on"
