"""People, organizations and how they relate, each row owned by one user.

Writes go through contacts.services, reads through contacts.selectors; nothing here queries
another model or keeps derived data up to date on save (services do, explicitly).
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from config.reversing import reverse_pk


class OwnedModel(models.Model):
    """Every row a user owns carries `owner`; queries start from it (see ARCHITECTURE.md)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Tier(models.TextChoices):
    """How close a person is. Defaults follow Dunbar's layers (see DEFAULT_CADENCE_DAYS)."""

    INNER_CIRCLE = "inner", "Inner circle"
    CLOSE = "close", "Close"
    NETWORK = "network", "Network"
    ACQUAINTANCE = "acquaintance", "Acquaintance"


# Read per row of a list: get_tier_display() would build the choices' dictionary every time.
TIER_LABELS = dict(Tier.choices)

# Days between contacts before a relationship needs attention, per tier. Dunbar's layers are kept
# up roughly weekly (~5 people), monthly (~15) and yearly (~150); acquaintances are not chased.
DEFAULT_CADENCE_DAYS = {
    Tier.INNER_CIRCLE: 7,
    Tier.CLOSE: 30,
    Tier.NETWORK: 90,
    Tier.ACQUAINTANCE: 365,
}


class RelationshipType(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"
    SPONSOR = "sponsor", "Sponsor"
    PEER = "peer", "Peer"
    COLLEAGUE = "colleague", "Colleague"
    FORMER_COLLEAGUE = "former_colleague", "Former colleague"
    MANAGER = "manager", "Manager"
    REPORT = "report", "Direct report"
    CLIENT = "client", "Client"
    PARTNER = "partner", "Business partner"
    RECRUITER = "recruiter", "Recruiter"
    INVESTOR = "investor", "Investor"
    FRIEND = "friend", "Friend"
    FAMILY = "family", "Family"
    OTHER = "other", "Other"


class Tag(OwnedModel):
    name = models.CharField(max_length=50)

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="tag_name_unique_per_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_pk("contacts:tag_detail", self.pk)


class OrganizationKind(models.TextChoices):
    COMPANY = "company", "Company"
    ASSOCIATION = "association", "Professional association"
    COMMUNITY = "community", "Community or online forum"
    NONPROFIT = "nonprofit", "Nonprofit or volunteer group"
    SCHOOL = "school", "School or alumni network"
    OTHER = "other", "Other"


class Organization(OwnedModel):
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.COMPANY
    )
    website = models.URLField(max_length=500, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        ordering = [Lower("name")]
        indexes = [models.Index("owner", Lower("name"), name="org_owner_name_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_pk("contacts:organization_detail", self.pk)


def contact_photo_path(instance: "Contact", filename: str) -> str:
    # A random name: the uploaded name is user data, and guessable paths help nobody.
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"photos/{instance.owner_id}/{uuid.uuid4().hex}{suffix}"


class Contact(OwnedModel):
    prefix = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    suffix = models.CharField(max_length=20, blank=True)
    nickname = models.CharField(max_length=100, blank=True)
    # What lists and pickers show; services fill it from the name parts when left blank.
    display_name = models.CharField(max_length=200)
    photo = models.ImageField(upload_to=contact_photo_path, blank=True)

    job_title = models.CharField(max_length=150, blank=True)
    location = models.CharField(max_length=150, blank=True)
    # A birthday may be known without its year ("12 April"), so it is three columns.
    birthday_day = models.PositiveSmallIntegerField(null=True, blank=True)
    birthday_month = models.PositiveSmallIntegerField(null=True, blank=True)
    birthday_year = models.PositiveSmallIntegerField(null=True, blank=True)

    how_we_met = models.TextField(blank=True)
    # The day we first connected (LinkedIn's "Connected On" fills it when blank on import).
    met_on = models.DateField("When we met", null=True, blank=True)
    introduced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="introduced"
    )
    relationship_type = models.CharField(
        max_length=20, choices=RelationshipType.choices, blank=True
    )
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.NETWORK)
    # Overrides the tier's default keep-in-touch cadence when set.
    cadence_days = models.PositiveIntegerField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="contacts")
    notes = models.TextField(blank=True, help_text="Markdown.")
    archived_at = models.DateTimeField(null=True, blank=True)

    # Lower-cased name, emails, organizations, tags and notes in one column, so search reads one
    # row per contact (indexed with full-text and trigram GIN indexes on PostgreSQL).
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = [Lower("display_name"), "pk"]
        indexes = [
            models.Index("owner", Lower("display_name"), "id", name="contact_owner_name_idx"),
            # The contact list as it opens: the active contacts by name, and their count, read
            # from the index alone (no visit of each row to look at archived_at). With the name
            # itself included, the navbar's as-you-type search reads names from it too, never
            # the rows (dashboard.search).
            models.Index(
                "owner",
                Lower("display_name"),
                "id",
                condition=models.Q(archived_at__isnull=True),
                include=["display_name"],
                name="contact_owner_active_name_idx",
            ),
            models.Index(fields=["owner", "-updated_at"], name="contact_owner_updated_idx"),
            # The dashboard's network by tier, read from the index alone: the active contacts'
            # tiers; and the few archived contacts, whose health bands it takes away.
            models.Index(
                fields=["owner", "tier"],
                condition=models.Q(archived_at__isnull=True),
                name="contact_owner_active_tier_idx",
            ),
            models.Index(
                fields=["owner"],
                condition=models.Q(archived_at__isnull=False),
                name="contact_owner_archived_idx",
            ),
            # The dashboard's Coming up card: one user's birthdays on a few (month, day) pairs;
            # partial, since most contacts have no birthday recorded.
            models.Index(
                fields=["owner", "birthday_month", "birthday_day"],
                condition=models.Q(birthday_month__isnull=False),
                name="contact_owner_birthday_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birthday_day__isnull=True, birthday_month__isnull=True)
                | models.Q(
                    birthday_day__gte=1,
                    birthday_day__lte=31,
                    birthday_month__gte=1,
                    birthday_month__lte=12,
                ),
                name="contact_birthday_day_and_month_together",
            ),
            models.CheckConstraint(
                condition=models.Q(birthday_year__isnull=True)
                | models.Q(birthday_month__isnull=False),
                name="contact_birthday_year_needs_a_date",
            ),
            models.CheckConstraint(
                condition=models.Q(cadence_days__isnull=True) | models.Q(cadence_days__gte=1),
                name="contact_cadence_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse_pk("contacts:contact_detail", self.pk)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def tier_label(self) -> str:
        return TIER_LABELS.get(self.tier, self.tier)

    @property
    def initials(self) -> str:
        """What the avatar shows without a photo: the first letters of the first and last names,
        or the first of the display name when both are empty."""
        if self.first_name or self.last_name:
            return (self.first_name[:1] + self.last_name[:1]).upper()
        return self.display_name[:1].upper()

    @property
    def effective_cadence_days(self) -> int:
        return self.cadence_days or DEFAULT_CADENCE_DAYS[Tier(self.tier)]


class ContactEmail(OwnedModel):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    email = models.EmailField(max_length=254)
    label = models.CharField(max_length=30, blank=True, help_text="work, home…")

    class Meta:
        ordering = ["pk"]
        # Finding "which of my contacts uses this address" must not read other users' rows.
        indexes = [models.Index("owner", Lower("email"), name="contactemail_owner_email_idx")]

    def __str__(self) -> str:
        return self.email


class ContactPhone(OwnedModel):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    # Stored in E.164 (+33612345678) so the same number typed two ways is one number.
    number = models.CharField(max_length=32)
    label = models.CharField(max_length=30, blank=True, help_text="mobile, work…")

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index("owner", "number", name="contactphone_owner_number_idx")]

    def __str__(self) -> str:
        return self.number


class SocialNetwork(models.TextChoices):
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X (Twitter)"
    GITHUB = "github", "GitHub"
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    WEBSITE = "website", "Website"
    OTHER = "other", "Other"


class SocialProfile(OwnedModel):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="profiles")
    network = models.CharField(max_length=20, choices=SocialNetwork.choices)
    url = models.URLField(max_length=500)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url


class Affiliation(OwnedModel):
    """A contact's role at an organization: employer, association membership, volunteering."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="affiliations")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(max_length=150, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-is_current", "-start_date", "pk"]
        indexes = [models.Index("owner", "organization", name="affiliation_owner_org_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="affiliation_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role or 'Member'} at {self.organization}"


class MembershipRole(models.TextChoices):
    MEMBER = "member", "Member"
    VOLUNTEER = "volunteer", "Volunteer"
    COMMITTEE = "committee", "Committee member"
    BOARD = "board", "Board member"
    EMPLOYEE = "employee", "Employee"
    ALUMNUS = "alumnus", "Alumnus / alumna"
    FOUNDER = "founder", "Founder / organizer"


class Membership(OwnedModel):
    """The user's own place in an organization: "I volunteer at the local UX association"."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    title = models.CharField(max_length=150, blank=True, help_text="e.g. Events chair")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-is_current", "-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} of {self.organization}"


class DuplicateDismissal(OwnedModel):
    """ "These two are different people": the duplicates page stops suggesting the pair.

    Stored once per pair, the lower id first, so (a, b) and (b, a) are the same row.
    """

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint("contact", "other", name="duplicate_dismissed_once"),
            models.CheckConstraint(
                condition=models.Q(contact__lt=models.F("other")),
                name="duplicate_dismissal_lower_id_first",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} is not {self.other}"
