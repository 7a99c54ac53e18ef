from django.contrib import admin

from .models import Award


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["user", "expertise", "starts_on", "ends_on", "cycle", "renewal_dossier"]
    list_filter = ["starts_on", "expertise__category", "expertise"]
    search_fields = ["user__display_name", "user__email", "expertise__name"]
    raw_id_fields = ["user", "dossier", "renewal_dossier"]
    list_select_related = ["user", "expertise", "cycle", "renewal_dossier"]
    date_hierarchy = "starts_on"
