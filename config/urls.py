from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("dashboard.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("contacts.urls")),
    path("", include("interactions.urls")),
    path("", include("reminders.urls")),
    path("", include("reminders.digests.urls")),
    path("", include("reminders.operations.urls")),
    path("api/", include("api.urls")),
    path("", include("portability.urls")),
    path("admin/", admin.site.urls),
]
