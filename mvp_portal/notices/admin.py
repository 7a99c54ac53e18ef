from django.contrib import admin, messages

from .models import Notice
from .services import notice_dispatch


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["subject", "to_email", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "template", "created_at"]
    search_fields = ["to_email", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Notice._meta.fields]
    actions = ["requeue"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Send selected failed notices again")
    def requeue(self, request, queryset):
        ids = list(queryset.filter(state=Notice.State.FAILED).values_list("pk", flat=True))
        Notice.objects.filter(pk__in=ids).update(state=Notice.State.QUEUED, attempts=0)
        for notice_id in ids:
            notice_dispatch(notice_id)
        self.message_user(request, f"{len(ids)} notice(s) queued again.", messages.SUCCESS)
