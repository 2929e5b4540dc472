from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404

from accounts.models import ApiToken, CalendarFeed, User
from contacts.admin_scoping import ReadOnlyOwnerScopedAdmin, sees_everything

# What a staff user who is not a superuser may not change about anyone, themselves included:
# granting themselves more would undo the admin's scoping.
_PRIVILEGE_FIELDS = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Superusers manage every account; other staff see only their own, without privileges."""

    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Preferences", {"fields": ("display_name", "time_zone")}),
    )
    list_display = ("username", "email", "display_name", "time_zone", "is_staff", "date_joined")

    def get_queryset(self, request):
        users = super().get_queryset(request)
        return users if sees_everything(request.user) else users.filter(pk=request.user.pk)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such account.")
        return obj

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not sees_everything(request.user):
            fields += [*_PRIVILEGE_FIELDS, "last_login", "date_joined"]
        return fields

    def has_add_permission(self, request):
        return sees_everything(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return sees_everything(request.user) and super().has_delete_permission(request, obj)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyOwnerScopedAdmin):
    """API keys: only their hint is shown (the key itself is never stored). Created and revoked
    by their owner on the settings page."""

    list_display = ("name", "owner", "hint", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    list_select_related = ("owner",)
    search_fields = ("name", "owner__username")
    exclude = ("digest",)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyOwnerScopedAdmin):
    """Who has a calendar feed turned on; the secret in its address is not shown."""

    list_display = ("owner", "created_at")
    list_select_related = ("owner",)
    exclude = ("token",)
