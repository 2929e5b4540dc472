"""The demo network: a realistic contact book for one user, fast enough to build for benchmarks.

Rows are bulk-created in batches (ten thousand people take seconds, not minutes), which bypasses
the services that normally derive data. So this module writes what they would have written
(display names, E.164 numbers, lower-case tags) and rebuilds `search_text` with the same
`contacts_refresh_search_text` the services call.

Everything random comes from one `random.Random(seed)`: the same seed gives the same people.
Dates are relative to today, so a demo seeded next year still looks current.
"""

import calendar
import itertools
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from contacts.demo import vocabulary as words
from contacts.models import (
    Affiliation,
    Contact,
    ContactEmail,
    ContactPhone,
    Membership,
    Organization,
    OrganizationKind,
    SocialNetwork,
    SocialProfile,
    Tag,
    Tier,
)
from contacts.services.search import contacts_refresh_search_text
from interactions.services.network import network_counts_refresh

BATCH_SIZE = 1000
DEMO_TIME_ZONE = "Europe/Paris"
DEMO_DISPLAY_NAME = "Jordan Lefèvre"

# Dunbar's layers: about 5 people in the inner circle, 15 within "close", 50 within "network" and
# 150 in all; each tier gets the people of its layer that the inner layers do not already hold.
DUNBAR_LAYER_SIZES = {
    Tier.INNER_CIRCLE: 5,
    Tier.CLOSE: 10,
    Tier.NETWORK: 35,
    Tier.ACQUAINTANCE: 100,
}


@dataclass(frozen=True)
class DemoCounts:
    contacts: int
    organizations: int
    tags: int
    memberships: int


def demo_user_prepare(*, username: str, password: str, reset: bool) -> tuple[User, bool]:
    """Create the demo user, or make its login work again; `reset` starts from an empty account.

    Returns the user and whether it was created now.
    """
    with transaction.atomic():
        if reset:
            # Every owned row cascades from the user, whichever app it belongs to.
            User.objects.filter(username=username).delete()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "display_name": DEMO_DISPLAY_NAME,
                "email": f"{username}@rapport.example",
                "time_zone": DEMO_TIME_ZONE,
            },
        )
        user.is_active = True
        user.set_password(password)
        user.save()
    # A demo visitor who mistyped the password a few times must still get in with the printed one.
    axes_reset(username=username)
    return user, created


def demo_counts(*, user: User) -> DemoCounts:
    return DemoCounts(
        contacts=Contact.objects.filter(owner=user).count(),
        organizations=Organization.objects.filter(owner=user).count(),
        tags=Tag.objects.filter(owner=user).count(),
        memberships=Membership.objects.filter(owner=user).count(),
    )


def demo_organization_capacity() -> int:
    """How many distinct organization names the demo can make."""
    return len(words.ORGANIZATIONS) + len(_combined_organization_names())


def demo_network_create(*, user: User, contacts: int, organizations: int, seed: int) -> DemoCounts:
    """Give `user` a network of `contacts` people across `organizations` organizations."""
    if organizations > demo_organization_capacity():
        raise ValueError(f"The demo can name at most {demo_organization_capacity()} organizations.")
    # Not for secrets: a seeded generator is what makes the same seed give the same people.
    rng = random.Random(seed)  # noqa: S311
    builder = _NetworkBuilder(user=user, rng=rng, today=timezone.localdate(timezone=user.zone))
    with transaction.atomic():
        builder.create_organizations(organizations)
        builder.create_tags()
        builder.create_memberships()
        builder.create_contacts(contacts)
        # Written in bulk, past the contact services: the dashboard's counts at once.
        network_counts_refresh(owner=user)
    return demo_counts(user=user)


def _combined_organization_names() -> list[tuple[str, str, str, str]]:
    """Companies named stem + suffix ("Cedar Labs"), then with a city: "Cedar Labs (Lyon)"."""
    cities = [None, *dict.fromkeys(location.split(",")[0] for location, *_ in words.LOCATIONS)]
    combined = []
    for city, stem, (suffix, industry) in itertools.product(
        cities, words.COMPANY_STEMS, words.COMPANY_SUFFIXES
    ):
        name = f"{stem} {suffix}" if city is None else f"{stem} {suffix} ({city})"
        combined.append((name, OrganizationKind.COMPANY, industry, _slug(name)))
    return combined


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).lower().split())


def _tier_plan(count: int, rng: random.Random) -> list[str]:
    """`count` tiers in Dunbar's proportions (largest remainders), in random order."""
    total = sum(DUNBAR_LAYER_SIZES.values())
    exact = {tier: count * size / total for tier, size in DUNBAR_LAYER_SIZES.items()}
    counts = {tier: int(value) for tier, value in exact.items()}
    by_remainder = sorted(exact, key=lambda tier: exact[tier] - counts[tier], reverse=True)
    for tier in by_remainder[: count - sum(counts.values())]:
        counts[tier] += 1
    plan = [tier for tier, n in counts.items() for _ in range(n)]
    rng.shuffle(plan)
    return plan


def _weighted(rng: random.Random, weights: dict) -> object:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Role(NamedTuple):
    """An affiliation before it is saved."""

    organization: Organization
    role: str
    start: date | None
    end: date | None
    is_current: bool


@dataclass
class _Person:
    """One contact being built, with the rows that hang off it."""

    contact: Contact
    emails: list[tuple[str, str]] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    profiles: list[tuple[str, str]] = field(default_factory=list)
    affiliations: list[_Role] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    introducer_index: int | None = None


class _NetworkBuilder:
    def __init__(self, *, user: User, rng: random.Random, today: date):
        self.user = user
        self.rng = rng
        self.today = today
        self.now = timezone.now()
        self.organizations: list[Organization] = []
        self.companies: list[Organization] = []
        # Associations, communities, nonprofits and schools.
        self.groups: list[Organization] = []
        self.domains: dict[int, str] = {}
        self.tags: list[Tag] = []
        # Primary keys of the contacts saved so far, in creation order (introducers come first).
        self.contact_ids: list[int] = []
        self.used_emails: set[str] = set()

    # --- Organizations, tags and the user's own memberships ------------------------------------
    def create_organizations(self, count: int) -> None:
        combined = _combined_organization_names()
        # Plain names ("Cedar Labs") come before the ones that need a city to stay distinct.
        plain = combined[: len(words.COMPANY_STEMS) * len(words.COMPANY_SUFFIXES)]
        with_city = combined[len(plain) :]
        self.rng.shuffle(plain)
        self.rng.shuffle(with_city)
        rows = []
        for name, kind, industry, domain in (words.ORGANIZATIONS + plain + with_city)[:count]:
            notes = ""
            if self.rng.random() < 0.3:
                notes = (
                    f"Good people to know for **{self.rng.choice(words.TOPICS)}**.\n\n"
                    f"- Hosts an event every {self.rng.choice(['month', 'quarter', 'spring'])}"
                )
            rows.append(
                Organization(
                    owner=self.user,
                    name=name,
                    kind=kind,
                    industry=industry,
                    website=f"https://{domain}.example",
                    notes=notes,
                )
            )
        self.organizations = Organization.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.companies = [o for o in self.organizations if o.kind == OrganizationKind.COMPANY]
        self.groups = [o for o in self.organizations if o.kind != OrganizationKind.COMPANY]
        self.domains = {org.pk: org.website.removeprefix("https://") for org in self.organizations}

    def create_tags(self) -> None:
        self.tags = Tag.objects.bulk_create(
            [Tag(owner=self.user, name=name) for name in words.TAGS], batch_size=BATCH_SIZE
        )

    def create_memberships(self) -> None:
        rows = []
        for kind, role, title, years in words.MEMBERSHIPS:
            organization = next((o for o in self.organizations if o.kind == kind), None)
            if organization is None:
                continue
            rows.append(
                Membership(
                    owner=self.user,
                    organization=organization,
                    role=role,
                    title=title,
                    start_date=self.today.replace(year=self.today.year - years, day=1),
                    is_current=True,
                )
            )
        Membership.objects.bulk_create(rows)

    # --- People --------------------------------------------------------------------------------
    def create_contacts(self, count: int) -> None:
        tiers = _tier_plan(count, self.rng)
        for start in range(0, count, BATCH_SIZE):
            end = min(start + BATCH_SIZE, count)
            self._save([self._person(index, tiers[index]) for index in range(start, end)])

    def _save(self, people: list[_Person]) -> None:
        contacts = Contact.objects.bulk_create([p.contact for p in people])
        self.contact_ids.extend(c.pk for c in contacts)

        introduced = []
        for person in people:
            if person.introducer_index is not None:
                person.contact.introduced_by_id = self.contact_ids[person.introducer_index]
                introduced.append(person.contact)
        Contact.objects.bulk_update(introduced, ["introduced_by"], batch_size=BATCH_SIZE)

        owner = self.user
        ContactEmail.objects.bulk_create(
            ContactEmail(owner=owner, contact=p.contact, email=email, label=label)
            for p in people
            for email, label in p.emails
        )
        ContactPhone.objects.bulk_create(
            ContactPhone(owner=owner, contact=p.contact, number=number, label=label)
            for p in people
            for number, label in p.phones
        )
        SocialProfile.objects.bulk_create(
            SocialProfile(owner=owner, contact=p.contact, network=network, url=url)
            for p in people
            for network, url in p.profiles
        )
        Affiliation.objects.bulk_create(
            Affiliation(
                owner=owner,
                contact=p.contact,
                organization=organization,
                role=role,
                start_date=start,
                end_date=end,
                is_current=is_current,
            )
            for p in people
            for organization, role, start, end, is_current in p.affiliations
        )
        Contact.tags.through.objects.bulk_create(
            Contact.tags.through(contact_id=p.contact.pk, tag_id=tag.pk)
            for p in people
            for tag in p.tags
        )
        contacts_refresh_search_text(contact_ids=[c.pk for c in contacts])

    def _person(self, index: int, tier: str) -> _Person:
        rng = self.rng
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        city, calling_code, mobile_prefix, digits = rng.choices(
            words.LOCATIONS,
            # Most of a Paris-based user's network lives in France.
            weights=[4 if loc.endswith("France") else 1 for loc, *_ in words.LOCATIONS],
        )[0]
        contact = Contact(
            owner=self.user,
            prefix="Dr." if rng.random() < 0.04 else "",
            first_name=first,
            last_name=last,
            nickname=words.NICKNAMES.get(first, "") if rng.random() < 0.4 else "",
            display_name=f"{first} {last}",
            location=city if rng.random() < 0.85 else "",
            tier=tier,
            relationship_type=(
                _weighted(rng, words.RELATIONSHIP_WEIGHTS[tier]) if rng.random() < 0.9 else ""
            ),
            cadence_days=rng.choice([14, 45, 60]) if rng.random() < 0.05 else None,
        )
        person = _Person(contact=contact)
        self._work(person)
        self._birthday(contact)
        self._reachability(person, calling_code, mobile_prefix, digits)
        self._story(person, index, city)
        person.tags = rng.sample(self.tags, k=rng.choice([0, 0, 1, 1, 1, 2, 2, 3]))
        # A few people drift out of one's professional life; they stay, archived.
        if tier in (Tier.NETWORK, Tier.ACQUAINTANCE) and rng.random() < 0.05:
            contact.archived_at = self.now - timedelta(days=rng.randint(20, 700))
        return person

    def _work(self, person: _Person) -> None:
        rng = self.rng
        companies, groups = self.companies, self.groups
        employer = rng.choice(companies) if companies and rng.random() < 0.85 else None
        if employer is not None:
            titles = words.JOB_TITLES.get(employer.industry, words.GENERAL_JOB_TITLES)
            person.contact.job_title = rng.choice(titles)
            started = self._past_date(years_back=8)
            person.affiliations.append(
                _Role(employer, person.contact.job_title, started, None, True)
            )
            if len(companies) > 1 and rng.random() < 0.4:
                previous = rng.choice([c for c in companies if c != employer])
                left = started - timedelta(days=rng.randint(15, 120))
                joined = left - timedelta(days=rng.randint(300, 2500))
                role = rng.choice(words.GENERAL_JOB_TITLES)
                person.affiliations.append(_Role(previous, role, joined, left, False))
        elif rng.random() < 0.5:
            person.contact.job_title = rng.choice(words.GENERAL_JOB_TITLES)
        if groups and rng.random() < 0.35:
            group = rng.choice(groups)
            role = {
                OrganizationKind.SCHOOL: "Alumnus",
                OrganizationKind.NONPROFIT: "Volunteer",
            }.get(group.kind, rng.choice(["Member", "Member", "Organizer", "Speaker"]))
            started = self._past_date(years_back=10)
            person.affiliations.append(_Role(group, role, started, None, True))

    def _birthday(self, contact: Contact) -> None:
        rng = self.rng
        if rng.random() >= 0.55:
            return
        month = rng.randint(1, 12)
        # Some people tell you the day but not the year.
        year = rng.randint(1958, 2001) if rng.random() < 0.65 else None
        # Without a year, 29 February is a birthday like any other.
        days_in_month = calendar.monthrange(year or 2000, month)[1]
        contact.birthday_day = rng.randint(1, days_in_month)
        contact.birthday_month = month
        contact.birthday_year = year

    def _reachability(
        self, person: _Person, calling_code: str, mobile_prefix: str, digits: int
    ) -> None:
        rng = self.rng
        contact = person.contact
        local = _slug(f"{contact.first_name} {contact.last_name}").replace("-", ".")
        employers = [
            a.organization
            for a in person.affiliations
            if a.is_current and a.organization.kind == OrganizationKind.COMPANY
        ]
        if employers:
            person.emails.append((self._unique_email(local, self.domains[employers[0].pk]), "work"))
        if not person.emails or rng.random() < 0.4:
            person.emails.append((self._unique_email(local, "mail.example"), "home"))

        def number() -> str:
            tail = "".join(str(rng.randrange(10)) for _ in range(digits))
            return f"+{calling_code}{mobile_prefix}{tail}"

        if rng.random() < 0.7:
            person.phones.append((number(), "mobile"))
            if rng.random() < 0.15:
                person.phones.append((number(), "work"))

        slug = local.replace(".", "-")
        if rng.random() < 0.8:
            handle = f"{slug}-{rng.randrange(16**6):06x}"
            person.profiles.append(
                (SocialNetwork.LINKEDIN, f"https://www.linkedin.com/in/{handle}")
            )
        if rng.random() < 0.2:
            person.profiles.append((SocialNetwork.GITHUB, f"https://github.com/{slug}"))
        if rng.random() < 0.05:
            person.profiles.append((SocialNetwork.WEBSITE, f"https://{slug}.example"))

    def _unique_email(self, local: str, domain: str) -> str:
        email = f"{local}@{domain}"
        for n in itertools.count(2):
            if email not in self.used_emails:
                break
            email = f"{local}{n}@{domain}"
        self.used_emails.add(email)
        return email

    def _story(self, person: _Person, index: int, city: str) -> None:
        rng = self.rng
        contact = person.contact
        fill = {
            "event": rng.choice(words.EVENTS),
            "year": self.today.year - rng.randint(0, 9),
            "topic": rng.choice(words.TOPICS),
            "city": city.split(",")[0],
            "slug": _slug(rng.choice(words.TOPICS)),
        }
        if index > 0 and rng.random() < 0.2:
            person.introducer_index = rng.randrange(index)
            contact.how_we_met = f"Introduced over coffee, after I asked about {fill['topic']}."
        elif rng.random() < 0.6:
            stories = words.HOW_WE_MET
            if person.affiliations:
                fill["organization"] = person.affiliations[0].organization.name
            else:
                stories = [story for story in stories if "{organization}" not in story]
            contact.how_we_met = rng.choice(stories).format(**fill)
        if rng.random() < 0.45:
            paragraphs = [rng.choice(words.NOTE_OPENERS), rng.choice(words.NOTE_DETAILS)]
            if rng.random() < 0.5:
                paragraphs.append(rng.choice(words.NOTE_CLOSERS))
            contact.notes = "\n\n".join(paragraphs).format(**fill)

    def _past_date(self, *, years_back: int) -> date:
        return self.today - timedelta(days=self.rng.randint(60, 365 * years_back))
