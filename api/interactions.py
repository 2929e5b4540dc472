"""/api/v1/interactions/: what happened with whom, written through interactions.services, so
every change schedules the health recompute of the people involved."""

from datetime import timedelta

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from rest_framework import serializers

from api.base import (
    MomentField,
    OwnedModelSerializer,
    OwnedPrimaryKeyRelatedField,
    OwnedViewSet,
    service_errors,
)
from api.filters import IdFilter, MomentFilter, OwnedFilterSet
from contacts.models import Contact
from interactions.models import Event, Interaction, InteractionKind
from interactions.services.interactions import (
    interaction_delete,
    interaction_log,
    interaction_update,
)

# As on the form: a few minutes ahead of the clock is a slow clock, not the future.
FUTURE_GRACE = timedelta(minutes=15)
INTERACTION_FIELDS = (
    "occurred_at",
    "kind",
    "initiated_by",
    "summary",
    "notes",
    "quality",
    "value",
    "event",
)


class InteractionSerializer(OwnedModelSerializer):
    occurred_at = MomentField()
    participants = OwnedPrimaryKeyRelatedField(
        Contact, many=True, help_text="Ids of the contacts involved (at least one)."
    )
    event = OwnedPrimaryKeyRelatedField(Event, required=False, allow_null=True)
    quality = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True, help_text="1 (poor) to 5."
    )

    class Meta:
        model = Interaction
        fields = ["id", "participants", *INTERACTION_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"value": {"allow_blank": True}}

    def validate_occurred_at(self, value):
        if value > timezone.now() + FUTURE_GRACE:
            raise serializers.ValidationError("That is in the future: log what has happened.")
        return value

    def validate_participants(self, value):
        if not value:
            raise serializers.ValidationError("Name at least one contact.")
        return value

    def create(self, validated_data):
        contacts = validated_data.pop("participants")
        with service_errors():
            interaction = interaction_log(
                owner=self.context["request"].user, contacts=contacts, **validated_data
            )
        return _reloaded(interaction)

    def update(self, interaction, validated_data):
        current = {name: getattr(interaction, name) for name in INTERACTION_FIELDS}
        contacts = validated_data.pop("participants", None)
        if contacts is None:
            contacts = list(interaction.participants.all())
        with service_errors():
            interaction = interaction_update(
                interaction=interaction, contacts=contacts, **{**current, **validated_data}
            )
        return _reloaded(interaction)


def interaction_queryset(owner):
    return Interaction.objects.filter(owner=owner).prefetch_related(
        Prefetch("participants", queryset=Contact.objects.only("pk").order_by("pk"))
    )


def _reloaded(interaction: Interaction) -> Interaction:
    return interaction_queryset(interaction.owner_id).get(pk=interaction.pk)


class InteractionFilter(OwnedFilterSet):
    contact = IdFilter(
        field_name="participations__contact_id", help_text="Interactions with this contact."
    )
    event = IdFilter(field_name="event_id")
    kind = django_filters.ChoiceFilter(choices=InteractionKind.choices)
    occurred_after = MomentFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = MomentFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = Interaction
        fields = ["kind", "initiated_by", "value"]


class InteractionViewSet(OwnedViewSet):
    """Interactions, newest first. `participants` is a list of contact ids."""

    model = Interaction
    serializer_class = InteractionSerializer
    filterset_class = InteractionFilter
    ordering_fields = ["occurred_at", "created_at"]
    ordering = ["-occurred_at", "-pk"]

    def owned_queryset(self, owner):
        return interaction_queryset(owner)

    def perform_destroy(self, instance):
        interaction_delete(interaction=instance)
