"""/api/v1/contacts/: people with their emails, phones, profiles and tags, written through
contacts.services (search text, health and keep-in-touch reminders stay in step)."""

import calendar

import django_filters
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.base import (
    CharField,
    EmailField,
    OwnedModelSerializer,
    OwnedPrimaryKeyRelatedField,
    OwnedViewSet,
    URLField,
    service_errors,
)
from api.filters import BooleanFilter, IdFilter, MomentFilter, OwnedFilterSet, SearchFilter
from contacts.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    RelationshipType,
    SocialNetwork,
    SocialProfile,
    Tag,
    Tier,
)
from contacts.phones import normalize_phone
from contacts.selectors.contacts import contacts_matching
from contacts.services.contacts import (
    TAG_NAME_MAX_LENGTH,
    EmailEntry,
    PhoneEntry,
    ProfileEntry,
    contact_archive,
    contact_create,
    contact_delete,
    contact_unarchive,
    contact_update,
)

EARLIEST_BIRTH_YEAR = 1900


class TagNamesField(serializers.ListField):
    """Tags as their names: read from the prefetched tags, written as names."""

    def to_representation(self, data):
        return [tag.name for tag in data.all()]


class EmailSerializer(serializers.Serializer):
    email = EmailField(max_length=254)
    label = CharField(max_length=30, required=False, allow_blank=True, default="")


class PhoneSerializer(serializers.Serializer):
    number = CharField(
        max_length=64, help_text="With its country code; stored in E.164 (+33612345678)."
    )
    label = CharField(max_length=30, required=False, allow_blank=True, default="")

    def validate_number(self, value: str) -> str:
        try:
            return normalize_phone(value)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class ProfileSerializer(serializers.Serializer):
    network = serializers.ChoiceField(choices=SocialNetwork.choices)
    url = URLField(max_length=500)


class HealthSerializer(serializers.Serializer):
    score = serializers.IntegerField(read_only=True)
    band = CharField(read_only=True)
    reason = CharField(read_only=True)


class ContactSerializer(OwnedModelSerializer):
    emails = EmailSerializer(many=True, required=False)
    phones = PhoneSerializer(many=True, required=False)
    profiles = ProfileSerializer(many=True, required=False)
    tags = TagNamesField(
        child=CharField(max_length=TAG_NAME_MAX_LENGTH),
        required=False,
        help_text="Tag names; a name the owner has not used yet creates the tag.",
    )
    introduced_by = OwnedPrimaryKeyRelatedField(Contact, required=False, allow_null=True)
    display_name = CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Made from the name parts when left blank.",
    )
    birthday_day = serializers.IntegerField(
        min_value=1, max_value=31, required=False, allow_null=True
    )
    birthday_month = serializers.IntegerField(
        min_value=1, max_value=12, required=False, allow_null=True
    )
    birthday_year = serializers.IntegerField(
        min_value=EARLIEST_BIRTH_YEAR, max_value=9999, required=False, allow_null=True
    )
    cadence_days = serializers.IntegerField(
        min_value=1, max_value=36500, required=False, allow_null=True
    )
    archived = serializers.BooleanField(
        source="is_archived",
        required=False,
        help_text="Archived contacts are hidden from the app's lists but keep everything.",
    )
    health = serializers.SerializerMethodField()
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = [
            "id",
            "display_name",
            "prefix",
            "first_name",
            "middle_name",
            "last_name",
            "suffix",
            "nickname",
            "job_title",
            "location",
            "birthday_day",
            "birthday_month",
            "birthday_year",
            "how_we_met",
            "met_on",
            "introduced_by",
            "relationship_type",
            "tier",
            "cadence_days",
            "notes",
            "emails",
            "phones",
            "profiles",
            "tags",
            "archived",
            "health",
            "photo_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "relationship_type": {"allow_blank": True},
        }

    @extend_schema_field(HealthSerializer(allow_null=True))
    def get_health(self, contact: Contact):
        health = getattr(contact, "health", None)
        return HealthSerializer(health).data if health is not None else None

    @extend_schema_field(CharField(allow_null=True))
    def get_photo_url(self, contact: Contact) -> str | None:
        if not contact.photo:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("contacts:contact_photo", args=[contact.pk])
        )

    def validate(self, data):
        merged = {**self._current(), **data}
        named = any(
            (merged.get(part) or "").strip()
            for part in ("display_name", "first_name", "middle_name", "last_name")
        )
        if not named:
            raise serializers.ValidationError(
                {"first_name": "Give this person a name: a first, last or display name."}
            )
        self._check_birthday(
            merged.get("birthday_day"), merged.get("birthday_month"), merged.get("birthday_year")
        )
        introducer = data.get("introduced_by")
        if introducer is not None and self.instance is not None and introducer == self.instance:
            raise serializers.ValidationError(
                {"introduced_by": "A contact cannot introduce themselves."}
            )
        return data

    @staticmethod
    def _check_birthday(day, month, year) -> None:
        if day is None and month is None:
            if year is not None:
                raise serializers.ValidationError(
                    {"birthday_year": "A birth year needs the day and month too."}
                )
            return
        if day is None or month is None:
            missing = "birthday_day" if day is None else "birthday_month"
            raise serializers.ValidationError(
                {missing: "Give both the day and the month of the birthday."}
            )
        days_in_month = calendar.monthrange(year if year is not None else 2000, month)[1]
        if day > days_in_month:
            if month == 2 and day == 29:
                message = f"{year} was not a leap year, so it had no 29 February."
            else:
                message = f"{calendar.month_name[month]} has only {days_in_month} days."
            raise serializers.ValidationError({"birthday_day": message})

    def _current(self) -> dict:
        if self.instance is None:
            return {}
        return {
            name: getattr(self.instance, name)
            for name in (
                "display_name",
                "first_name",
                "middle_name",
                "last_name",
                "birthday_day",
                "birthday_month",
                "birthday_year",
            )
        }

    def _write_arguments(self, data: dict, contact: Contact | None) -> dict:
        """What contact_create / contact_update take; on PATCH, what is not sent stays."""
        emails = data.pop("emails", None)
        phones = data.pop("phones", None)
        profiles = data.pop("profiles", None)
        tags = data.pop("tags", None)
        data.pop("is_archived", None)
        if contact is not None:
            current = {name: getattr(contact, name) for name in _CONTACT_FIELDS}
            fields = {**current, **data}
        else:
            fields = data
        if "display_name" in data and not (data["display_name"] or "").strip():
            fields["display_name"] = ""
        return {
            "fields": fields,
            "emails": [EmailEntry(**e) for e in emails]
            if emails is not None
            else [EmailEntry(email=e.email, label=e.label) for e in contact.emails.all()],
            "phones": [PhoneEntry(**p) for p in phones]
            if phones is not None
            else [PhoneEntry(number=p.number, label=p.label) for p in contact.phones.all()],
            "profiles": [ProfileEntry(**p) for p in profiles]
            if profiles is not None
            else [ProfileEntry(network=p.network, url=p.url) for p in contact.profiles.all()],
            "tag_names": tags if tags is not None else [t.name for t in contact.tags.all()],
        }

    @staticmethod
    def _archive(contact: Contact, archived: bool | None) -> None:
        if archived is True:
            contact_archive(contact=contact)
        elif archived is False:
            contact_unarchive(contact=contact)

    def create(self, validated_data):
        archived = validated_data.get("is_archived")
        for key in ("emails", "phones", "profiles", "tags"):
            validated_data.setdefault(key, [])
        with service_errors(), transaction.atomic():
            contact = contact_create(
                owner=self.context["request"].user,
                **self._write_arguments(validated_data, None),
            )
            self._archive(contact, archived)
        return _reloaded(contact)

    def update(self, contact, validated_data):
        archived = validated_data.get("is_archived")
        with service_errors(), transaction.atomic():
            contact = contact_update(
                contact=contact, **self._write_arguments(validated_data, contact)
            )
            self._archive(contact, archived)
        return _reloaded(contact)


_CONTACT_FIELDS = (
    "prefix",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "nickname",
    "display_name",
    "job_title",
    "location",
    "birthday_day",
    "birthday_month",
    "birthday_year",
    "how_we_met",
    "met_on",
    "introduced_by",
    "relationship_type",
    "tier",
    "cadence_days",
    "notes",
)


def contact_queryset(owner):
    return (
        Contact.objects.filter(owner=owner)
        .select_related("health")
        .prefetch_related(
            Prefetch("emails", queryset=ContactEmail.objects.order_by("pk")),
            Prefetch("phones", queryset=ContactPhone.objects.order_by("pk")),
            Prefetch("profiles", queryset=SocialProfile.objects.order_by("pk")),
            Prefetch("tags", queryset=Tag.objects.all()),
        )
    )


def _reloaded(contact: Contact) -> Contact:
    return contact_queryset(contact.owner_id).get(pk=contact.pk)


class ContactFilter(OwnedFilterSet):
    q = SearchFilter(method="search", help_text="Words found in names, emails, tags, notes…")
    tag = django_filters.CharFilter(
        field_name="tags__name", lookup_expr="iexact", help_text="A tag name."
    )
    tier = django_filters.ChoiceFilter(choices=Tier.choices)
    relationship_type = django_filters.ChoiceFilter(choices=RelationshipType.choices)
    archived = BooleanFilter(field_name="archived_at", lookup_expr="isnull", exclude=True)
    organization = IdFilter(
        field_name="affiliations__organization_id",
        distinct=True,
        help_text="Contacts with an affiliation to this organization.",
    )
    updated_after = MomentFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Contact
        fields = ["tier", "relationship_type"]

    def search(self, queryset, name, value):
        matched, _ = contacts_matching(queryset, value, owner=self.request.user)
        return matched


class ContactViewSet(OwnedViewSet):
    """Contacts. Writing `emails`, `phones`, `profiles` or `tags` replaces the whole list;
    leaving one out of a PATCH keeps it."""

    model = Contact
    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    ordering_fields = ["display_name", "created_at", "updated_at"]
    ordering = ["display_name", "pk"]

    def owned_queryset(self, owner):
        return contact_queryset(owner)

    def perform_destroy(self, instance):
        contact_delete(contact=instance)
