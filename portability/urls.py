from django.urls import path

from portability import views

app_name = "portability"

urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("accounts/calendar-feed/", views.calendar_feed_enable, name="calendar_feed_enable"),
    path(
        "accounts/calendar-feed/off/",
        views.calendar_feed_disable_view,
        name="calendar_feed_disable",
    ),
    path("accounts/export/", views.export_start, name="export_start"),
    path("accounts/export/<int:pk>/", views.export_status, name="export_status"),
    path("accounts/export/<int:pk>/download/", views.export_download, name="export_download"),
    path("accounts/restore/", views.restore_upload, name="restore"),
    path("accounts/restore/<int:pk>/", views.restore_status, name="restore_status"),
    path("contacts/import/", views.import_upload, name="import_upload"),
    path("contacts/import/<int:pk>/", views.import_status, name="import_status"),
    path("contacts/import/<int:pk>/read/", views.import_read, name="import_read"),
    path("contacts/import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
]
