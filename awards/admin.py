from django.contrib import admin

from .models import Award


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["user", "expertise", "starts_on", "ends_on"]
    list_filter = ["starts_on", "expertise__category", "expertise"]
    search_fields = ["user__display_name", "user__email", "expertise__name"]
    raw_id_fields = ["user"]
    date_hierarchy = "starts_on"
