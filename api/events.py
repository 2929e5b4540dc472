"""/api/v1/events/: events and the people met there, written through
interactions.services.events (each person met also gets a "met at" interaction)."""

import django_filters
from django.db import transaction
from django.db.models import Prefetch
from rest_framework import serializers

from api.base import (
    CharField,
    MomentField,
    OwnedModelSerializer,
    OwnedPrimaryKeyRelatedField,
    OwnedViewSet,
    service_errors,
)
from api.filters import IdFilter, MomentFilter, OwnedFilterSet, SearchFilter
from contacts.models import Contact, Organization
from interactions.models import Event, EventAttendance, EventKind
from interactions.services.events import (
    attendance_delete,
    attendance_update,
    event_create,
    event_delete,
    event_people_add,
    event_update,
)

EVENT_FIELDS = (
    "name",
    "kind",
    "starts_at",
    "ends_at",
    "location",
    "online_url",
    "host_organization",
    "my_role",
    "goals",
    "notes",
)


class PersonMetSerializer(serializers.Serializer):
    contact = OwnedPrimaryKeyRelatedField(Contact)
    note = CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="What you talked about.",
    )

    def to_representation(self, attendance: EventAttendance):
        return {"contact": attendance.contact_id, "note": attendance.note}


class EventSerializer(OwnedModelSerializer):
    starts_at = MomentField()
    ends_at = MomentField(required=False, allow_null=True)
    host_organization = OwnedPrimaryKeyRelatedField(Organization, required=False, allow_null=True)
    people_met = PersonMetSerializer(
        many=True,
        required=False,
        source="attendances",
        help_text="Writing it sets the whole list; people can be added once the event started.",
    )

    class Meta:
        model = Event
        fields = ["id", *EVENT_FIELDS, "people_met", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("An event needs a name.")
        return value

    def validate_people_met(self, people):
        contacts = [person["contact"].pk for person in people]
        if len(contacts) != len(set(contacts)):
            raise serializers.ValidationError("Each person can be on the list only once.")
        return people

    def create(self, validated_data):
        people = validated_data.pop("attendances", [])
        with service_errors(), transaction.atomic():
            event = event_create(owner=self.context["request"].user, **validated_data)
            _set_people(event, people)
        return _reloaded(event)

    def update(self, event, validated_data):
        people = validated_data.pop("attendances", None)
        current = {name: getattr(event, name) for name in EVENT_FIELDS}
        with service_errors(), transaction.atomic():
            event = event_update(event=event, **{**current, **validated_data})
            if people is not None:
                _set_people(event, people)
        return _reloaded(event)


def _set_people(event: Event, people: list[dict]) -> None:
    """Make the event's list of people met exactly `people`, through the services."""
    # A PATCH skips the serializer's defaults, so a person sent without a note has none here.
    wanted = {person["contact"].pk: {"note": "", **person} for person in people}
    existing = {a.contact_id: a for a in event.attendances.select_related("event", "contact")}
    for contact_id, attendance in existing.items():
        if contact_id not in wanted:
            attendance_delete(attendance=attendance)
        elif attendance.note != wanted[contact_id]["note"].strip():
            attendance_update(attendance=attendance, note=wanted[contact_id]["note"])
    for contact_id, person in wanted.items():
        if contact_id not in existing:
            event_people_add(event=event, contacts=[person["contact"]], note=person["note"])


def event_queryset(owner):
    return Event.objects.filter(owner=owner).prefetch_related(
        Prefetch("attendances", queryset=EventAttendance.objects.order_by("pk"))
    )


def _reloaded(event: Event) -> Event:
    return event_queryset(event.owner_id).get(pk=event.pk)


class EventFilter(OwnedFilterSet):
    q = SearchFilter(field_name="name", lookup_expr="icontains", help_text="Part of the name.")
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    contact = IdFilter(field_name="attendances__contact_id", help_text="Events where you met them.")
    host_organization = IdFilter(field_name="host_organization_id")
    starts_after = MomentFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = MomentFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Event
        fields = ["kind", "my_role"]


class EventViewSet(OwnedViewSet):
    """Events, latest first."""

    model = Event
    serializer_class = EventSerializer
    filterset_class = EventFilter
    ordering_fields = ["starts_at", "created_at"]
    ordering = ["-starts_at", "-pk"]

    def owned_queryset(self, owner):
        return event_queryset(owner)

    def perform_destroy(self, instance):
        event_delete(event=instance)
