"""Schemathesis generates requests from the OpenAPI schema and checks every response: no server
error, and every body, status and content type as the schema says. It calls the WSGI app in
the test process as the owner, with a key, while the owner has one row of every kind."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
)

from accounts.tokens import api_token_create
from tests.factories import (
    AffiliationFactory,
    ContactEmailFactory,
    ContactFactory,
    EventAttendanceFactory,
    EventFactory,
    InteractionFactory,
    OrganizationFactory,
    ReminderFactory,
    TagFactory,
    UserFactory,
)

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    negative_data_rejection,
]


@pytest.fixture
def _one_connection():
    """Schemathesis calls the WSGI app itself, which closes the database connection after each
    request; Django's own test client switches that off so the test's transaction survives,
    and so does this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def owners_data(db, _one_connection):
    """A key of the owner's, and the id of one of their rows per endpoint."""
    owner = UserFactory(username="schemathesis-owner")
    organization = OrganizationFactory(owner=owner)
    contact = ContactFactory(owner=owner, tags=[TagFactory(owner=owner)])
    ContactEmailFactory(contact=contact)
    event = EventFactory(owner=owner, host_organization=organization)
    EventAttendanceFactory(event=event, contact=contact)
    ids = {
        "contacts": contact.pk,
        "organizations": organization.pk,
        "affiliations": AffiliationFactory(contact=contact, organization=organization).pk,
        "interactions": InteractionFactory(owner=owner, participants=[contact]).pk,
        "events": event.pk,
        "reminders": ReminderFactory(owner=owner, contact=contact).pk,
    }
    return api_token_create(owner=owner, name="schemathesis").key, ids


def aim_at_a_real_row(case, ids: dict) -> None:
    """Generated ids rarely name an existing row: every other valid one is swapped for the
    owner's own, so reads, updates and deletes of real rows are exercised too."""
    generated = case.path_parameters.get("id") if case.path_parameters else None
    if isinstance(generated, int) and generated > 0 and generated % 2 == 0:
        resource = case.operation.path.split("/")[3]
        case.path_parameters["id"] = ids[resource]


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_schema(case, owners_data):
    key, ids = owners_data
    aim_at_a_real_row(case, ids)
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
