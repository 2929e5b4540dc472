"""The shape of the network the dashboard reads as stored (NetworkCount): after every kind of
write that can move it, the stored figures equal a fresh count of the contacts, their health and
the organizations; the dashboard reads them, and counts live for a user never counted."""

from datetime import timedelta

import pytest
import tablib
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts.admin_import_export import ContactResource, OrganizationResource
from contacts.models import Contact, Organization, Tier
from contacts.services import bulk
from contacts.services.contacts import (
    contact_archive,
    contact_create,
    contact_delete,
    contact_unarchive,
    contact_update,
)
from contacts.services.merge import contacts_merge
from contacts.services.organizations import (
    affiliation_create,
    organization_create,
    organization_delete,
)
from interactions.models import HealthBand, InteractionKind, NetworkCount
from interactions.selectors.network import network_breakdown, network_counted
from interactions.services.health import health_recompute
from interactions.services.interactions import interaction_log
from interactions.services.network import network_counts_refresh
from portability.importing import parsers
from portability.importing.apply import import_apply
from portability.importing.planning import import_plan
from tests.factories import ContactFactory, OrganizationFactory, UserFactory
from tests.portability.import_files import many_connections

pytestmark = pytest.mark.django_db


def assert_current(owner) -> None:
    """Stored (not the live fallback) and equal to a fresh count."""
    assert NetworkCount.objects.filter(owner=owner).exists()
    assert network_breakdown(user=owner) == network_counted(user=owner)


def fields(**values) -> dict:
    return {"display_name": "Ana Lima", "tier": Tier.NETWORK, **values}


@pytest.fixture
def counted(owner):
    """Three contacts (one archived, one without health yet) and an organization, counted."""
    ana, ben = ContactFactory(owner=owner, tier=Tier.CLOSE), ContactFactory(owner=owner)
    ContactFactory(owner=owner, archived_at=timezone.now())
    OrganizationFactory(owner=owner)
    interaction_log(
        owner=owner, occurred_at=timezone.now(), kind=InteractionKind.CALL, contacts=[ana]
    )
    health_recompute(contact_ids=[ana.pk])
    assert_current(owner)
    return ana, ben


def test_every_figure_is_stored_zeros_included(owner, counted):
    stored = network_breakdown(user=owner)

    assert NetworkCount.objects.filter(owner=owner).count() == len(Tier) + len(HealthBand) + 2
    assert (stored.total, stored.archived, stored.organizations) == (2, 1, 1)
    assert stored.by_tier[Tier.INNER_CIRCLE] == 0
    assert stored.by_band["not_yet"] == 1


def test_contact_services_keep_it(owner, counted):
    ana, ben = counted
    contact = contact_create(owner=owner, fields=fields())
    assert_current(owner)
    contact_update(contact=contact, fields=fields(tier=Tier.INNER_CIRCLE))
    assert_current(owner)
    contact_archive(contact=ana)
    assert_current(owner)
    contact_unarchive(contact=ana)
    assert_current(owner)
    contact_delete(contact=contact)
    assert_current(owner)
    contacts_merge(owner=owner, survivor=ana, duplicate=ben, fields={})
    assert_current(owner)
    assert network_breakdown(user=owner).total == 1


def test_bulk_edits_keep_it(owner, counted):
    ids = list(Contact.objects.filter(owner=owner).values_list("pk", flat=True))
    bulk.contacts_bulk_set_tier(owner=owner, contact_ids=ids, tier=Tier.INNER_CIRCLE)
    assert_current(owner)
    bulk.contacts_bulk_archive(owner=owner, contact_ids=ids)
    assert_current(owner)
    assert network_breakdown(user=owner).archived == 3
    bulk.contacts_bulk_unarchive(owner=owner, contact_ids=ids)
    assert_current(owner)


def test_organization_services_keep_it(owner, counted):
    ana, _ = counted
    organization = organization_create(owner=owner, name="Acme")
    assert_current(owner)
    affiliation_create(contact=ana, new_organization_name="Named on the spot")
    assert_current(owner)
    organization_delete(organization=organization)
    assert_current(owner)
    assert network_breakdown(user=owner).organizations == 2


def test_a_health_recompute_keeps_the_bands(owner, counted):
    _, ben = counted
    interaction_log(
        owner=owner, occurred_at=timezone.now(), kind=InteractionKind.COFFEE, contacts=[ben]
    )
    health_recompute(contact_ids=[ben.pk])

    assert_current(owner)
    assert network_breakdown(user=owner).by_band["not_yet"] == 0


def test_the_nightly_recompute_sets_right_what_a_write_path_missed(owner, stranger, counted):
    ContactFactory(owner=owner)  # past the services: the stored count is behind
    ContactFactory(owner=stranger)
    assert network_breakdown(user=owner) != network_counted(user=owner)

    health_recompute(now=timezone.now() + timedelta(days=1))

    assert_current(owner)
    assert_current(stranger)


def test_an_import_keeps_it(owner, counted):
    parsed = parsers.parse(many_connections(5), format="linkedin")
    import_apply(owner=owner, plan=import_plan(owner=owner, parsed=parsed))

    assert_current(owner)
    assert network_breakdown(user=owner).total == 7


def test_the_admin_keeps_it(db, django_capture_on_commit_callbacks):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    response = client.post(
        reverse("admin:contacts_organization_add"),
        {"owner": root.pk, "name": "Acme", "kind": "company"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_current(root)
    organization = Organization.objects.get(owner=root)

    client.post(
        reverse("admin:contacts_organization_changelist"),
        {"action": "delete_selected", "_selected_action": [organization.pk], "post": "yes"},
    )
    assert_current(root)
    assert network_breakdown(user=root).organizations == 0


def test_the_admins_csv_imports_keep_it(owner, counted):
    people = tablib.Dataset(
        ["", "Cleo", "Cleo Park", "close"], headers=["id", "first_name", "display_name", "tier"]
    )
    ContactResource(user=owner).import_data(people, dry_run=False, raise_errors=True)
    assert_current(owner)
    places = tablib.Dataset(["", "Guild", "association"], headers=["id", "name", "kind"])
    OrganizationResource(user=owner).import_data(places, dry_run=False, raise_errors=True)
    assert_current(owner)
    assert (network_breakdown(user=owner).total, network_breakdown(user=owner).organizations) == (
        3,
        2,
    )


def test_the_dashboard_reads_the_stored_figures(owner, owner_client, counted):
    # Proof that the page reads the stored rows: figures no count would give show as stored.
    NetworkCount.objects.filter(owner=owner, part=NetworkCount.Part.ORGANIZATIONS).update(count=41)

    board = owner_client.get(reverse("home")).context["board"]

    assert board.summary == {"contacts": 2, "archived": 1, "organizations": 41}


def test_a_user_never_counted_is_counted_live(owner, owner_client):
    ContactFactory(owner=owner)
    network_counts_refresh(owner=UserFactory())  # someone else's rows are not theirs

    board = owner_client.get(reverse("home")).context["board"]

    assert not NetworkCount.objects.filter(owner=owner).exists()
    assert board.summary["contacts"] == 1
