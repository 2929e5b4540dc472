from django.urls import path

from reminders.digests import actions, views

app_name = "digests"

urlpatterns = [
    path("digests/settings/", views.preferences, name="preferences"),
    path("digests/test/", views.send_test, name="send_test"),
    path("digests/preview/", views.preview, name="preview"),
    path("digests/preview/email/", views.preview_html, name="preview_html"),
    # Signed links from the emails, which work without a login (see views.py).
    path("digests/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("digests/reminder/<str:token>/", actions.reminder_action, name="reminder_action"),
]
