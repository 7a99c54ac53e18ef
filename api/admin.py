from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be seen and revoked here, never read back: only their hash is stored."""

    list_display = ["prefix", "name", "user", "scope", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["key_id", "name", "user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["user", "key_id", "secret_hash", "scope", "created_at", "expires_at", "last_used_at"]
    fields = ["user", "name", "key_id", "scope", "created_at", "expires_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # tokens are made by their owner (tokens page) or by create_api_token

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, _("%(count)s token(s) revoked.") % {"count": count}, messages.SUCCESS)
