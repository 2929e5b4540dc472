"""Delete my account: after the password, every row the user owns is gone (every model that
points at the user, found in the app registry, so a model added later is counted too), their
photo files with them, and nobody else's rows are touched."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tokens import api_token_create, calendar_feed_regenerate
from interactions.services.health import health_recompute
from portability import tasks
from portability.models import ExportJob
from tests.factories import (
    AffiliationFactory,
    ContactEmailFactory,
    ContactFactory,
    ContactPhoneFactory,
    EventAttendanceFactory,
    EventFactory,
    ImportJobFactory,
    InteractionFactory,
    MembershipFactory,
    OrganizationFactory,
    ReminderFactory,
    SocialProfileFactory,
    TagFactory,
)
from tests.test_ownership import png_bytes

pytestmark = pytest.mark.django_db

DELETE_URL = reverse("accounts:account_delete")
PASSWORD = "correct horse battery"


def rows_pointing_at(user) -> dict[str, int]:
    """For every model with a foreign key to the user model, how many of its rows are the
    user's (through that key)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                field.concrete
                and field.is_relation
                and (field.many_to_one or field.one_to_one)
                and field.related_model is not None
                and field.related_model._meta.label == settings.AUTH_USER_MODEL
            ):
                label = f"{model._meta.label}.{field.name}"
                counts[label] = model._default_manager.filter(**{field.name: user}).count()
    return counts


def a_full_network(user) -> None:
    tag = TagFactory(owner=user)
    organization = OrganizationFactory(owner=user)
    contact = ContactFactory(owner=user, tags=[tag])
    contact.photo.save("p.png", ContentFile(png_bytes()), save=True)
    ContactEmailFactory(contact=contact)
    ContactPhoneFactory(contact=contact)
    SocialProfileFactory(contact=contact)
    AffiliationFactory(contact=contact, organization=organization)
    MembershipFactory(owner=user, organization=organization)
    event = EventFactory(owner=user, host_organization=organization)
    EventAttendanceFactory(event=event, contact=contact)
    interaction = InteractionFactory(owner=user, participants=[contact])
    ReminderFactory(owner=user, contact=contact, interaction=interaction)
    ImportJobFactory(owner=user)
    api_token_create(owner=user, name="script")
    calendar_feed_regenerate(owner=user)
    job = ExportJob.objects.create(owner=user)
    tasks.build_export(job.pk)
    health_recompute(owner=user)


def test_every_row_the_user_owns_is_gone_and_others_are_untouched(
    owner, owner_client, stranger, django_capture_on_commit_callbacks
):
    a_full_network(owner)
    a_full_network(stranger)
    owned_before = rows_pointing_at(owner)
    strangers_before = rows_pointing_at(stranger)
    # The network really has a row in nearly every owned model, so "gone" means something.
    assert sum(1 for count in owned_before.values() if count) >= 15
    photo = ContactFactory._meta.model.objects.get(owner=owner).photo
    export_file = ExportJob.objects.get(owner=owner).file
    owner_pk = owner.pk

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=owner_pk).exists()
    owner.pk = owner_pk  # filter by the old id
    assert {label: n for label, n in rows_pointing_at(owner).items() if n} == {}
    assert rows_pointing_at(stranger) == strangers_before
    assert not photo.storage.exists(photo.name)
    assert not export_file.storage.exists(export_file.name)
    # Signed out: the next page is the login page.
    assert owner_client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"password": "wrong", "confirm": "on"}, "password", "That is not your password."),
        ({"password": PASSWORD}, "confirm", "This field is required."),
        ({"confirm": "on"}, "password", "This field is required."),
    ],
)
def test_without_the_password_and_the_tick_nothing_is_deleted(
    owner, owner_client, data, field, message
):
    ContactFactory(owner=owner)

    response = owner_client.post(DELETE_URL, data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert User.objects.filter(pk=owner.pk).exists()
    assert ContactFactory._meta.model.objects.filter(owner=owner).count() == 1


def test_the_page_says_what_goes_and_offers_the_export_first(owner_client):
    page = owner_client.get(DELETE_URL).content.decode()

    assert "cannot be undone" in page
    assert "Download your data" in page


def test_it_checks_ownership(owner, stranger, stranger_client):
    """The page deletes the signed-in user only, whatever is posted."""
    stranger_client.post(
        DELETE_URL, {"password": PASSWORD, "confirm": "on", "user": owner.pk, "pk": owner.pk}
    )

    assert User.objects.filter(pk=owner.pk).exists()
    assert not User.objects.filter(pk=stranger.pk).exists()


def test_an_anonymous_visitor_is_sent_to_log_in():
    response = Client().post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
