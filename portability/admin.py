"""Export, restore and contact import jobs in the admin: read-only, scoped per owner. Their files
are private and reach only their owner, through the app's own pages."""

from django.contrib import admin

from contacts.admin_scoping import ReadOnlyOwnerScopedAdmin
from portability.models import ExportJob, ImportJob, ImportRow, RestoreJob


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyOwnerScopedAdmin):
    list_display = ("owner", "status", "processed", "total", "size", "created_at", "finished_at")
    list_filter = ("status",)
    list_select_related = ("owner",)
    exclude = ("file",)
    date_hierarchy = "created_at"


@admin.register(RestoreJob)
class RestoreJobAdmin(ReadOnlyOwnerScopedAdmin):
    list_display = ("owner", "filename", "status", "processed", "total", "created_at")
    list_filter = ("status",)
    list_select_related = ("owner",)
    exclude = ("file",)
    date_hierarchy = "created_at"


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyOwnerScopedAdmin):
    list_display = ("owner", "filename", "format", "status", "processed", "total", "created_at")
    list_filter = ("status", "format")
    list_select_related = ("owner",)
    exclude = ("file",)
    date_hierarchy = "created_at"


@admin.register(ImportRow)
class ImportRowAdmin(ReadOnlyOwnerScopedAdmin):
    list_display = ("owner", "job", "source", "name", "status", "reason")
    list_filter = ("status",)
    list_select_related = ("owner", "job")
