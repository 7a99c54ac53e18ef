from django.contrib import admin

from .models import AwardCycle, CycleLogEntry


class CycleLogEntryInline(admin.TabularInline):
    model = CycleLogEntry
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "action", "message", "data"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AwardCycle)
class AwardCycleAdmin(admin.ModelAdmin):
    list_display = ["award_date", "state", "submission_deadline", "evaluation_deadline", "progress_done"]
    list_filter = ["state"]
    date_hierarchy = "award_date"
    inlines = [CycleLogEntryInline]

    def get_readonly_fields(self, request, obj=None):
        # Deadlines change on the admin desk (logged, checked); the state only
        # through the services (announce from the cycle page).
        return [field.name for field in self.model._meta.fields]
