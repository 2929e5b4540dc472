from django.urls import path

from interactions.views import events, interactions

app_name = "interactions"

urlpatterns = [
    # Interactions
    path("interactions/log/", interactions.interaction_create, name="interaction_create"),
    path("interactions/<int:pk>/", interactions.interaction_detail, name="interaction_detail"),
    path("interactions/<int:pk>/edit/", interactions.interaction_update, name="interaction_update"),
    path(
        "interactions/<int:pk>/delete/", interactions.interaction_delete, name="interaction_delete"
    ),
    path(
        "contacts/<int:contact_pk>/timeline/",
        interactions.contact_timeline,
        name="contact_timeline",
    ),
    path(
        "contacts/<int:contact_pk>/introductions/new/",
        interactions.introduction_create,
        name="introduction_create",
    ),
    # Events and the people met there
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/import/", events.event_import, name="event_import"),
    path("events/import/<int:pk>/", events.event_import_status, name="event_import_status"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events.event_update, name="event_update"),
    path("events/<int:pk>/delete/", events.event_delete, name="event_delete"),
    path("events/<int:pk>/people/add/", events.event_people_add, name="event_people_add"),
    path("events/<int:pk>/people/new/", events.event_people_create, name="event_people_create"),
    path("attendances/<int:pk>/delete/", events.attendance_delete, name="attendance_delete"),
    path("autocomplete/events/", events.event_autocomplete, name="event_autocomplete"),
]
