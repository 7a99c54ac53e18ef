from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "ref", "state", "done", "total", "heartbeat_at", "resumes")
    list_filter = ("state", "kind")
    search_fields = ("label", "ref")
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False
