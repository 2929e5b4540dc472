"""/api/v1/organizations/ and /api/v1/affiliations/ (a contact's role at an organization),
written through contacts.services.organizations."""

import django_filters
from rest_framework import serializers

from api.base import (
    OwnedModelSerializer,
    OwnedPrimaryKeyRelatedField,
    OwnedViewSet,
    service_errors,
)
from api.filters import IdFilter, OwnedFilterSet, SearchFilter
from contacts.models import Affiliation, Contact, Organization, OrganizationKind
from contacts.services.organizations import (
    affiliation_create,
    affiliation_delete,
    affiliation_update,
    organization_create,
    organization_delete,
    organization_update,
)

ORGANIZATION_FIELDS = ("name", "kind", "website", "industry", "notes")


class OrganizationSerializer(OwnedModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", *ORGANIZATION_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("An organization needs a name.")
        return value

    def create(self, validated_data):
        with service_errors():
            return organization_create(owner=self.context["request"].user, **validated_data)

    def update(self, organization, validated_data):
        current = {name: getattr(organization, name) for name in ORGANIZATION_FIELDS}
        with service_errors():
            return organization_update(organization=organization, **{**current, **validated_data})


class OrganizationFilter(OwnedFilterSet):
    q = SearchFilter(field_name="name", lookup_expr="icontains", help_text="Part of the name.")
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices)

    class Meta:
        model = Organization
        fields = ["kind"]


class OrganizationViewSet(OwnedViewSet):
    model = Organization
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name", "created_at", "updated_at"]
    ordering = ["name", "pk"]

    def perform_destroy(self, instance):
        organization_delete(organization=instance)


AFFILIATION_FIELDS = ("organization", "role", "start_date", "end_date", "is_current")


class AffiliationSerializer(OwnedModelSerializer):
    contact = OwnedPrimaryKeyRelatedField(Contact)
    organization = OwnedPrimaryKeyRelatedField(Organization)

    class Meta:
        model = Affiliation
        fields = ["id", "contact", *AFFILIATION_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, data):
        contact = data.get("contact")
        if self.instance is not None and contact is not None and contact != self.instance.contact:
            raise serializers.ValidationError(
                {"contact": "An affiliation stays with its contact: delete it and add another."}
            )
        return data

    def create(self, validated_data):
        with service_errors():
            return affiliation_create(**validated_data)

    def update(self, affiliation, validated_data):
        validated_data.pop("contact", None)
        current = {name: getattr(affiliation, name) for name in AFFILIATION_FIELDS}
        with service_errors():
            return affiliation_update(affiliation=affiliation, **{**current, **validated_data})


class AffiliationFilter(OwnedFilterSet):
    contact = IdFilter(field_name="contact_id")
    organization = IdFilter(field_name="organization_id")

    class Meta:
        model = Affiliation
        fields = ["is_current"]


class AffiliationViewSet(OwnedViewSet):
    model = Affiliation
    serializer_class = AffiliationSerializer
    filterset_class = AffiliationFilter
    ordering_fields = ["start_date", "created_at"]

    def perform_destroy(self, instance):
        affiliation_delete(affiliation=instance)
