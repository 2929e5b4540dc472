"""factory_boy factories for every model. Owned rows take their owner from the parent row, so
`ContactEmailFactory(contact=c)` belongs to c's owner without saying so twice."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from contacts.models import (
    Affiliation,
    Contact,
    ContactEmail,
    ContactPhone,
    Membership,
    Organization,
    SocialNetwork,
    SocialProfile,
    Tag,
)
from contacts.services.search import contacts_refresh_search_text
from interactions.models import (
    Event,
    EventAttendance,
    ImportJob,
    Interaction,
    InteractionKind,
    Participation,
)
from interactions.services.activity import activity_days_refresh
from reminders.models import Reminder, ReminderKind


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    display_name = factory.Faker("name")
    time_zone = "Europe/Paris"
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"tag-{n}")


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    owner = factory.SubFactory(UserFactory)
    name = factory.Faker("company")
    website = factory.LazyAttribute(lambda o: f"https://{o.name.split()[0].lower()}.example.com")
    industry = "Software"


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    display_name = factory.LazyAttribute(lambda c: f"{c.first_name} {c.last_name}")
    job_title = factory.Faker("job")

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.add(*extracted)

    @factory.post_generation
    def refresh_search(obj, create, extracted, **kwargs):
        if create:
            contacts_refresh_search_text(contact_ids=[obj.pk])
            obj.refresh_from_db(fields=["search_text"])


class ContactEmailFactory(DjangoModelFactory):
    class Meta:
        model = ContactEmail

    contact = factory.SubFactory(ContactFactory)
    owner = factory.SelfAttribute("contact.owner")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    label = "work"


class ContactPhoneFactory(DjangoModelFactory):
    class Meta:
        model = ContactPhone

    contact = factory.SubFactory(ContactFactory)
    owner = factory.SelfAttribute("contact.owner")
    number = factory.Sequence(lambda n: f"+3361234{n:04d}")
    label = "mobile"


class SocialProfileFactory(DjangoModelFactory):
    class Meta:
        model = SocialProfile

    contact = factory.SubFactory(ContactFactory)
    owner = factory.SelfAttribute("contact.owner")
    network = SocialNetwork.LINKEDIN
    url = factory.Sequence(lambda n: f"https://www.linkedin.com/in/person-{n}")


class AffiliationFactory(DjangoModelFactory):
    class Meta:
        model = Affiliation

    contact = factory.SubFactory(ContactFactory)
    owner = factory.SelfAttribute("contact.owner")
    organization = factory.SubFactory(OrganizationFactory, owner=factory.SelfAttribute("..owner"))
    role = factory.Faker("job")
    is_current = True


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    owner = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory, owner=factory.SelfAttribute("..owner"))
    title = "Member"


class InteractionFactory(DjangoModelFactory):
    """An interaction with `participants=[...]` (by default one new contact of the owner), each
    given the Participation row the services write, copying the interaction's facts, and its
    day counted (ActivityDay) as the services count it."""

    class Meta:
        model = Interaction
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    occurred_at = factory.LazyFunction(timezone.now)
    kind = InteractionKind.COFFEE
    summary = factory.Faker("sentence", nb_words=4)

    @factory.post_generation
    def participants(obj, create, extracted, **kwargs):
        if not create:
            return
        contacts = extracted if extracted is not None else [ContactFactory(owner=obj.owner)]
        Participation.objects.bulk_create(
            Participation(
                owner_id=obj.owner_id,
                interaction=obj,
                contact=contact,
                occurred_at=obj.occurred_at,
                kind=obj.kind,
                initiated_by=obj.initiated_by,
                value=obj.value,
            )
            for contact in contacts
        )
        # And the day counts of the dashboard's charts, kept as the service keeps them.
        activity_days_refresh(owner=obj.owner, moments=[obj.occurred_at])


class EventFactory(DjangoModelFactory):
    """An event that took place a week ago (so people met there can be added)."""

    class Meta:
        model = Event

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Meetup {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=3))
    location = "Paris"


class EventAttendanceFactory(DjangoModelFactory):
    """A person met at an event, without the "met at" interaction the services add with it."""

    class Meta:
        model = EventAttendance

    event = factory.SubFactory(EventFactory)
    owner = factory.SelfAttribute("event.owner")
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))
    note = "Talked about design systems"


class ImportJobFactory(DjangoModelFactory):
    """A calendar import waiting for its worker; pass `content` and `total` for a real file."""

    class Meta:
        model = ImportJob

    owner = factory.SubFactory(UserFactory)
    filename = "calendar.ics"


class ReminderFactory(DjangoModelFactory):
    """An open follow-up due today (in UTC), about a new contact of the owner."""

    class Meta:
        model = Reminder

    owner = factory.SubFactory(UserFactory)
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))
    title = factory.Sequence(lambda n: f"Follow up {n}")
    kind = ReminderKind.FOLLOW_UP
    due_on = factory.LazyFunction(lambda: timezone.now().date())
