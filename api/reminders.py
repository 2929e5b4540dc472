"""/api/v1/reminders/: follow-ups with their state changes as actions (complete, snooze,
dismiss). Writes go through reminders.services, which also schedule what follows (the next
occurrence of a series, the next keep-in-touch reminder)."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from api.base import (
    OwnedModelSerializer,
    OwnedPrimaryKeyRelatedField,
    OwnedViewSet,
    service_errors,
)
from api.filters import BooleanFilter, IdFilter, OwnedFilterSet
from contacts.models import Contact, Organization
from interactions.models import Event, Interaction
from interactions.services.events import EARLIEST_YEAR, LATEST_YEAR
from reminders import services
from reminders.models import PENDING_STATUSES, Reminder, ReminderKind, ReminderStatus

WRITABLE = (
    "title",
    "note",
    "kind",
    "due_on",
    "due_time",
    "notice_days",
    "recur_every",
    "recur_unit",
    "contact",
    "event",
    "organization",
    "interaction",
)


class DayField(serializers.DateField):
    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise serializers.ValidationError(
                f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}."
            )
        return day


class ReminderSerializer(OwnedModelSerializer):
    contact = OwnedPrimaryKeyRelatedField(Contact, required=False, allow_null=True)
    event = OwnedPrimaryKeyRelatedField(Event, required=False, allow_null=True)
    organization = OwnedPrimaryKeyRelatedField(Organization, required=False, allow_null=True)
    interaction = OwnedPrimaryKeyRelatedField(Interaction, required=False, allow_null=True)
    due_on = DayField(help_text="Your own calendar day.")
    notice_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    recur_every = serializers.IntegerField(
        min_value=1, max_value=999, required=False, allow_null=True
    )

    class Meta:
        model = Reminder
        fields = [
            "id",
            *WRITABLE,
            "status",
            "snoozed_until",
            "completed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "snoozed_until", "completed_at", "created_at", "updated_at"]
        extra_kwargs = {"recur_unit": {"allow_blank": True}}

    def validate_title(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("A reminder needs a title.")
        return value

    def validate(self, data):
        current = {n: getattr(self.instance, n) for n in WRITABLE} if self.instance else {}
        merged = {**current, **data}
        if bool(merged.get("recur_every")) != bool(merged.get("recur_unit")):
            raise serializers.ValidationError(
                {"recur_every": "Give both how often and the unit (e.g. 2 and weeks), or neither."}
            )
        return data

    def create(self, validated_data):
        with service_errors():
            return services.reminder_create(owner=self.context["request"].user, **validated_data)

    def update(self, reminder, validated_data):
        with service_errors():
            return services.reminder_update(reminder=reminder, fields=validated_data)


class SnoozeSerializer(serializers.Serializer):
    until = DayField(help_text="The day it comes back.")


class ReminderFilter(OwnedFilterSet):
    status = django_filters.ChoiceFilter(choices=ReminderStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ReminderKind.choices)
    pending = BooleanFilter(method="filter_pending", help_text="Open or snoozed.")
    contact = IdFilter(field_name="contact_id")
    event = IdFilter(field_name="event_id")
    organization = IdFilter(field_name="organization_id")
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Reminder
        fields = ["status", "kind"]

    def filter_pending(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(status__in=PENDING_STATUSES)
        return queryset.exclude(status__in=PENDING_STATUSES)


class ReminderViewSet(OwnedViewSet):
    """Reminders, soonest first. Their state changes through the actions, not through PATCH."""

    model = Reminder
    serializer_class = ReminderSerializer
    filterset_class = ReminderFilter
    ordering_fields = ["due_on", "created_at"]
    ordering = ["due_on", "due_time", "pk"]

    def owned_queryset(self, owner):
        return super().owned_queryset(owner).select_related("owner")

    def perform_destroy(self, instance):
        services.reminder_delete(reminder=instance)

    def _state_change(self, change, **kwargs):
        reminder = self.get_object()
        return self._changed(reminder, change, **kwargs)

    def _changed(self, reminder, change, **kwargs):
        with service_errors():
            reminder = change(reminder=reminder, **kwargs)
        return Response(self.get_serializer(reminder).data)

    @extend_schema(request=None, responses=ReminderSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._state_change(services.reminder_complete)

    @extend_schema(request=None, responses=ReminderSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        return self._state_change(services.reminder_dismiss)

    @extend_schema(request=SnoozeSerializer, responses=ReminderSerializer)
    @action(detail=True, methods=["post"])
    def snooze(self, request, pk=None):
        reminder = self.get_object()  # first: another user's reminder is a 404, not a 400
        serializer = SnoozeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._changed(
            reminder, services.reminder_snooze, until=serializer.validated_data["until"]
        )
