from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Preferences", {"fields": ("display_name", "time_zone")}),
    )
    list_display = ("username", "email", "display_name", "time_zone", "is_staff", "date_joined")
