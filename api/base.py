"""What every endpoint shares: the owner's rows only, writes through services, errors as 400s.

- `OwnedViewSet.get_queryset` starts from `model.objects.filter(owner=request.user)`, so another
  user's object URL is a 404 like an id that does not exist.
- `OwnedPrimaryKeyRelatedField` looks ids in a payload up among the owner's rows only, so
  another user's id is a 400 "not found", never a link to their row.
- Serializers never save a model themselves: `create` and `update` call a service inside
  `service_errors()`, which turns the services' ValueError / ValidationError into a 400.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.settings import api_settings

from interactions.services.events import EARLIEST_YEAR, LATEST_YEAR


@contextmanager
def service_errors() -> Iterator[None]:
    try:
        yield
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise serializers.ValidationError(error.message_dict) from error
        raise serializers.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
        ) from error
    except ValueError as error:
        raise serializers.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [str(error)]}
        ) from error


class OwnedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id of one of the requesting user's rows; any other id reads as "not found"."""

    default_error_messages = {
        "does_not_exist": "Not found: you have no {model} with id {pk_value}.",
        "incorrect_type": "Expected an id (a number), received {data_type}.",
    }

    def __init__(self, model, **kwargs):
        self.model = model
        kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context["request"]
        return self.model.objects.filter(owner=request.user)

    def to_internal_value(self, data):
        # A number too large for the database is "not found" too, not a database error.
        if isinstance(data, int) and not isinstance(data, bool) and not 0 < data < 2**63:
            self.fail("does_not_exist", pk_value=data, model=self._model_name())
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            return self.get_queryset().get(pk=data)
        except (self.model.DoesNotExist, TypeError, ValueError, DjangoValidationError):
            self.fail("does_not_exist", pk_value=data, model=self._model_name())

    def _model_name(self) -> str:
        return self.model._meta.verbose_name

    def fail(self, key, **kwargs):
        kwargs.setdefault("model", self._model_name())
        super().fail(key, **kwargs)


class OwnedViewSet(viewsets.ModelViewSet):
    """List, create, read, update (PUT and PATCH) and delete the requesting user's rows."""

    model = None
    # Ids only: `/contacts/abc/` is a 404 from the URL resolver, never a lookup.
    lookup_value_regex = r"[0-9]{1,18}"
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    @classmethod
    def as_view(cls, *args, **kwargs):
        # The API authenticates with its own classes (a key, or the session), so the site-wide
        # LoginRequiredMiddleware must let its requests through to DRF.
        return login_not_required(super().as_view(*args, **kwargs))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return self.model.objects.none()
        return self.owned_queryset(self.request.user)

    def owned_queryset(self, owner):
        """The owner's rows, with what the serializer reads prefetched."""
        return self.model.objects.filter(owner=owner)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Private data: no browser or proxy keeps a copy (the session middleware only sees
        # session users, not key holders).
        response["Cache-Control"] = "no-store"
        return response

    def perform_destroy(self, instance):
        raise NotImplementedError("Each endpoint deletes through its service.")


class MomentField(serializers.DateTimeField):
    """A date and time within the years Rapport keeps (1900 to 2200): outside them is a typo,
    and the far ends cannot even be moved between time zones."""

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            raise serializers.ValidationError(
                f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}."
            )
        return moment


class _StrictText:
    """Text only: DRF would turn `"notes": 0` into "0", hiding a client's bug."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class CharField(_StrictText, serializers.CharField):
    pass


class EmailField(_StrictText, serializers.EmailField):
    pass


class URLField(_StrictText, serializers.URLField):
    pass


LOCAL_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$")


@extend_schema_field(
    {"type": "string", "pattern": LOCAL_TIME.pattern, "example": "09:30", "nullable": True}
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in the owner's own zone ("09:30"), without an offset."""

    def to_internal_value(self, value):
        if not isinstance(value, str) or not LOCAL_TIME.match(value):
            raise serializers.ValidationError(
                "Give a time as HH:MM, without an offset: it is read in your own time zone."
            )
        return super().to_internal_value(value)


class OwnedModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: CharField,
        models.TextField: CharField,
        models.EmailField: EmailField,
        models.URLField: URLField,
        models.TimeField: LocalTimeField,
    }
