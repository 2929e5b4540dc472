"""`manage.py seed_demo`: the demo network `make run` logs you into, and the benchmarks' seeder."""

from io import StringIO

import phonenumbers
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from contacts.demo.network import demo_organization_capacity
from contacts.models import (
    Affiliation,
    Contact,
    ContactEmail,
    ContactPhone,
    Membership,
    Organization,
    OrganizationKind,
    SocialProfile,
    Tag,
    Tier,
)
from reminders.models import PENDING_STATUSES, Reminder, ReminderKind, ReminderStatus
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    # seed_demo refuses to run without DEBUG (the demo password is public); `make run` has it on.
    settings.DEBUG = True


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def log_in(client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_it_creates_the_requested_numbers_of_people_and_organizations():
    output = seed("--contacts", "150", "--organizations", "20")

    user = User.objects.get(username="demo")
    assert Contact.objects.filter(owner=user).count() == 150
    assert Organization.objects.filter(owner=user).count() == 20
    assert (
        Tag.objects.filter(owner=user).filter(name__in=["mentor", "python", "hiring"]).count() == 3
    )
    assert "Created 150 contacts, 20 organizations" in output
    assert "as demo / demo" in output
    assert user.time_zone == "Europe/Paris"
    assert user.display_name


def test_the_network_has_every_kind_of_detail_a_real_one_has():
    seed()

    user = User.objects.get(username="demo")
    people = Contact.objects.filter(owner=user)
    # Dunbar's layers: 5 in the inner circle, 15 within "close", 50 within "network", 150 in all.
    assert {tier: people.filter(tier=tier).count() for tier in Tier} == {
        Tier.INNER_CIRCLE: 5,
        Tier.CLOSE: 10,
        Tier.NETWORK: 35,
        Tier.ACQUAINTANCE: 100,
    }
    kinds = set(Organization.objects.filter(owner=user).values_list("kind", flat=True))
    assert kinds == {
        OrganizationKind.COMPANY,
        OrganizationKind.ASSOCIATION,
        OrganizationKind.COMMUNITY,
        OrganizationKind.NONPROFIT,
        OrganizationKind.SCHOOL,
    }
    assert people.exclude(job_title="").exists()
    assert people.exclude(location="").exists()
    assert people.exclude(relationship_type="").exists()
    assert people.exclude(how_we_met="").exists()
    assert people.filter(notes__contains="**").exists(), "notes are Markdown"
    assert people.filter(archived_at__isnull=False).exists()
    assert people.filter(birthday_year__isnull=False).exists()
    assert people.filter(birthday_month__isnull=False, birthday_year__isnull=True).exists()
    assert people.filter(tags__isnull=False).exists()
    assert SocialProfile.objects.filter(owner=user, url__contains="linkedin.com/in/").exists()
    affiliations = Affiliation.objects.filter(owner=user)
    assert affiliations.filter(is_current=True).exists()
    assert affiliations.filter(is_current=False, end_date__isnull=False).exists()
    assert Membership.objects.filter(owner=user).count() >= 3

    introduced = people.filter(introduced_by__isnull=False)
    assert introduced.exists()
    assert not introduced.exclude(introduced_by__owner=user).exists()


def test_every_address_is_reserved_and_every_phone_number_is_valid_e164():
    seed()

    user = User.objects.get(username="demo")
    emails = list(ContactEmail.objects.filter(owner=user).values_list("email", flat=True))
    assert emails
    # .example is reserved (RFC 2606): no demo address can ever reach a real person.
    assert all(email.endswith(".example") for email in emails)
    assert len(emails) == len(set(emails)), "an address belongs to one contact"
    websites = Organization.objects.filter(owner=user).values_list("website", flat=True)
    assert all(site.startswith("https://") and site.endswith(".example") for site in websites)

    numbers = list(ContactPhone.objects.filter(owner=user).values_list("number", flat=True))
    assert numbers
    for number in numbers:
        parsed = phonenumbers.parse(number)
        assert phonenumbers.is_valid_number(parsed), number
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == number


def test_search_text_holds_names_emails_organizations_and_tags():
    seed("--contacts", "60")

    user = User.objects.get(username="demo")
    assert not Contact.objects.filter(owner=user, search_text="").exists()
    tagged = (
        Contact.objects.filter(owner=user, tags__isnull=False, affiliations__isnull=False)
        .distinct()
        .first()
    )
    assert tagged.display_name.lower() in tagged.search_text
    assert tagged.emails.first().email in tagged.search_text
    assert tagged.affiliations.first().organization.name.lower() in tagged.search_text
    assert tagged.tags.first().name in tagged.search_text


def test_running_it_again_without_reset_keeps_the_network_as_it_is():
    seed("--contacts", "30", "--organizations", "5")
    first = list(Contact.objects.order_by("pk").values_list("pk", "display_name"))

    output = seed("--contacts", "30", "--organizations", "5")

    assert list(Contact.objects.order_by("pk").values_list("pk", "display_name")) == first
    assert Organization.objects.count() == 5
    assert User.objects.filter(username="demo").count() == 1
    assert "already has 30 contacts and 5 organizations" in output


def test_reset_replaces_the_network_and_leaves_other_users_alone(owner):
    someone_elses = ContactFactory(owner=owner)
    seed("--contacts", "30", "--organizations", "5")

    seed("--contacts", "12", "--organizations", "3", "--reset")

    demo = User.objects.get(username="demo")
    assert Contact.objects.filter(owner=demo).count() == 12
    assert Organization.objects.filter(owner=demo).count() == 3
    assert Contact.objects.filter(pk=someone_elses.pk).exists()


def test_the_same_seed_makes_the_same_people_and_another_seed_other_people():
    seed("--username", "first", "--contacts", "40", "--seed", "7")
    seed("--username", "second", "--contacts", "40", "--seed", "7")
    seed("--username", "third", "--contacts", "40", "--seed", "8")

    def people(username):
        return list(
            Contact.objects.filter(owner__username=username)
            .order_by("pk")
            .values_list("display_name", "job_title", "tier", "birthday_month", "notes")
        )

    assert people("first") == people("second")
    assert people("first") != people("third")


def test_the_demo_user_can_log_in_with_the_printed_password(client):
    seed("--contacts", "5", "--password", "demo-pass")

    response = log_in(client, "demo", "demo-pass")

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get(username="demo").pk


def test_running_it_again_restores_a_changed_password_and_lifts_a_lockout(client, settings):
    seed("--contacts", "5")
    demo = User.objects.get(username="demo")
    demo.set_password("changed by a visitor")
    demo.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "demo", "wrong")
    assert "_auth_user_id" not in client.session

    seed("--contacts", "5")

    assert log_in(client, "demo", "demo").status_code == 302
    assert int(client.session["_auth_user_id"]) == demo.pk


def test_it_writes_in_batches_not_one_person_at_a_time():
    # Django splits a bulk INSERT by the database's parameter limit (999 on SQLite: about 50
    # contacts, or 45 reminders, per statement), so the count still grows with size, but slowly;
    # a query per person, the mistake this guards against, would make 600 or more (it makes
    # about 200 with the batches, the health recomputes and the dashboard's counts).
    with CaptureQueriesContext(connection) as captured:
        seed("--contacts", "600", "--organizations", "20")

    assert len(captured.captured_queries) < 600 / 2


def test_it_refuses_to_run_without_debug_unless_told_to(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        seed("--contacts", "3")
    assert not User.objects.filter(username="demo").exists()

    seed("--contacts", "3", "--allow-without-debug")
    assert Contact.objects.filter(owner__username="demo").count() == 3


@pytest.mark.parametrize(
    "args",
    [
        ["--contacts", "-1"],
        ["--organizations", "-1"],
        ["--organizations", str(demo_organization_capacity() + 1)],
    ],
)
def test_impossible_sizes_are_refused_before_anything_is_written(args):
    with pytest.raises(CommandError):
        seed(*args)

    assert not User.objects.filter(username="demo").exists()


def test_the_demo_has_reminders_of_every_kind():
    output = seed("--contacts", "150")

    user = User.objects.get(username="demo")
    pending = Reminder.objects.filter(owner=user, status__in=PENDING_STATUSES)
    active = Contact.objects.filter(owner=user, archived_at__isnull=True)
    keep_in_touch = pending.filter(kind=ReminderKind.KEEP_IN_TOUCH)
    assert keep_in_touch.count() == active.count()  # one for everyone
    assert keep_in_touch.filter(due_on__lt=timezone.localdate()).exists(), "some are overdue"
    assert pending.filter(kind=ReminderKind.BIRTHDAY).count() == (
        active.filter(birthday_month__isnull=False).count()
    )
    assert pending.filter(kind=ReminderKind.AFTER_EVENT).exists()
    assert Reminder.objects.filter(
        owner=user, kind=ReminderKind.AFTER_EVENT, status=ReminderStatus.DONE
    ).exists(), "an after-event follow-up closed by a later interaction"
    assert pending.filter(kind=ReminderKind.FOLLOW_UP).exists()
    assert pending.filter(kind=ReminderKind.RECURRING, recur_unit="years").exists()
    assert pending.filter(status=ReminderStatus.SNOOZED).exists()
    assert Reminder.objects.filter(owner=user, status=ReminderStatus.DONE).exists()
    assert "pending reminders" in output


def test_a_network_without_organizations_still_has_people():
    seed("--contacts", "10", "--organizations", "0")

    assert Contact.objects.filter(owner__username="demo").count() == 10
    assert not Affiliation.objects.exists()
    assert not Membership.objects.exists()
