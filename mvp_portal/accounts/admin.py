from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mvp_portal import public_cache

from .forms import AdminUserCreationForm, ExpertiseAdminForm, RegionForm
from .models import Expertise, Language, OnlineIdentity, Region, SecurityEvent, User
from .services import avatar_remove, security_event_record


class OnlineIdentityInline(admin.TabularInline):
    model = OnlineIdentity
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = AdminUserCreationForm
    ordering = ["display_name"]
    list_display = ["display_name", "email", "country", "is_active", "is_staff", "date_joined"]
    list_filter = ["groups", "is_active", "is_staff", "country", "show_in_directory"]
    search_fields = ["display_name", "email", "headline"]
    filter_horizontal = ["groups", "user_permissions", "languages"]
    inlines = [OnlineIdentityInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "country", "languages", "headline", "biography", "time_zone"]}),
        (_("Directory"), {"fields": ["show_in_directory", "show_in_alumni"]}),
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]}),
    ]
    # Privileges are a superuser's business here; program admins change roles on
    # the role page (/accounts/roles/), which refuses one's own and is audited.
    # is_staff follows the Program admin role there, so it is read-only here too.
    PRIVILEGE_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]
    actions = ["remove_photo"]

    @admin.action(description=_("Remove the profile photo of the selected people"))
    def remove_photo(self, request, queryset):
        """Moderation: a photo that should not be public goes (the person may upload another)."""
        removed = sum(avatar_remove(user=user) for user in queryset)
        self.message_user(
            request, ngettext("%(count)s photo removed.", "%(count)s photos removed.", removed) % {"count": removed}
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Name, headline, languages, links or the directory opt-out may have changed.
        public_cache.directory_changed()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else fields + self.PRIVILEGE_FIELDS

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # Setting someone's password is account takeover: superusers only; others send a reset.
        if not request.user.is_superuser:
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and isinstance(response, HttpResponseRedirect):
            person = self.get_object(request, id)
            security_event_record(
                kind=SecurityEvent.Kind.PASSWORD_CHANGED, request=request, user=person, actor=request.user, via="admin"
            )
        return response


@admin.register(Expertise)
class ExpertiseAdmin(admin.ModelAdmin):
    form = ExpertiseAdminForm
    list_display = ["name", "category", "is_active", "legacy_id_count"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "category", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "is_active"]}),
        (_("MVP API (2017-2022) vocabulary"), {"fields": ["legacy_ids", "aliases"]}),
        (_("In other languages"), {"fields": ["translations"]}),
    ]

    @admin.display(description=_("legacy ids"))
    def legacy_id_count(self, expertise: Expertise) -> int:
        return len(expertise.legacy_ids or [])


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    form = RegionForm
    list_display = ["name", "country_list", "lead_list"]
    search_fields = ["name", "leads__display_name", "leads__email"]
    list_filter = ["leads"]
    filter_horizontal = ["leads"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("leads")

    @admin.display(description="countries")
    def country_list(self, region: Region) -> str:
        return ", ".join(c.name for c in region.countries)

    @admin.display(description="leads")
    def lead_list(self, region: Region) -> str:
        return ", ".join(str(lead) for lead in region.leads.all())


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(OnlineIdentity)
class OnlineIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["user__display_name", "user__email", "url"]
    raw_id_fields = ["user"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: the log is evidence."""

    list_display = ["created_at", "kind", "username", "user", "actor", "client_address"]
    list_filter = ["kind"]
    search_fields = ["username", "user__email", "actor__email", "client_address"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "actor"]
    readonly_fields = [f.name for f in SecurityEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
