from django.urls import path

from reminders.operations import views

app_name = "operations"

urlpatterns = [
    path("operations/", views.status_page, name="status"),
    path("operations/health/", views.health, name="health"),
]
