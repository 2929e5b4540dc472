from django.urls import include, path
from rest_framework.routers import DefaultRouter

from api.contacts import ContactViewSet
from api.docs import DocsView, SchemaView
from api.events import EventViewSet
from api.interactions import InteractionViewSet
from api.organizations import AffiliationViewSet, OrganizationViewSet
from api.reminders import ReminderViewSet

app_name = "api"


class Router(DefaultRouter):
    include_root_view = False


router = Router(trailing_slash=True)
router.register("contacts", ContactViewSet, basename="contact")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("affiliations", AffiliationViewSet, basename="affiliation")
router.register("interactions", InteractionViewSet, basename="interaction")
router.register("events", EventViewSet, basename="event")
router.register("reminders", ReminderViewSet, basename="reminder")

urlpatterns = [
    path("v1/schema/", SchemaView.as_view(), name="schema"),
    path("v1/docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include(router.urls)),
]
