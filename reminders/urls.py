from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("reminders/", views.reminder_list, name="reminder_list"),
    path("reminders/new/", views.reminder_create, name="reminder_create"),
    path("reminders/<int:pk>/", views.reminder_detail, name="reminder_detail"),
    path("reminders/<int:pk>/edit/", views.reminder_update, name="reminder_update"),
    path("reminders/<int:pk>/delete/", views.reminder_delete, name="reminder_delete"),
    path("reminders/<int:pk>/done/", views.reminder_complete, name="reminder_complete"),
    path(
        "reminders/<int:pk>/done-and-log/",
        views.reminder_complete_log,
        name="reminder_complete_log",
    ),
    path("reminders/<int:pk>/snooze/", views.reminder_snooze, name="reminder_snooze"),
    path("reminders/<int:pk>/dismiss/", views.reminder_dismiss, name="reminder_dismiss"),
    path("reminders/<int:pk>/undo/", views.reminder_reopen, name="reminder_reopen"),
]
