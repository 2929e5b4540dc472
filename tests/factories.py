"""factory_boy factories for every model. Owned rows take their owner from the parent row, so
`ContactEmailFactory(contact=c)` belongs to c's owner without saying so twice."""

import factory
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
