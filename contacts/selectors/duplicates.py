"""Which of a user's active contacts may be one person recorded twice, and why.

Four signals: the same email address (any case), the same phone (stored in E.164 already), the
same LinkedIn profile however its address is written, and names that read alike (rapidfuzz).
Comparing every name with every other is O(n^2): 50 million pairs for 10,000 contacts. Names are
compared only within blocks instead: contacts sharing a name token (rare tokens; a first name
half the network has is too common to block on), and neighbours when the names are sorted first
name first and last name first (which catches a typo in the other part). On the demo network of
10,000 contacts that is 73,000 comparisons instead of 50 million, and the whole search takes
about 0.8 s, 3.3 times the cost of merely reading the rows it needs (bench/duplicates.py).
Pairs the user dismissed ("not a duplicate") are left out.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Prefetch
from rapidfuzz import fuzz

from accounts.models import User
from contacts.models import (
    Affiliation,
    Contact,
    ContactEmail,
    ContactPhone,
    DuplicateDismissal,
    SocialProfile,
)
from contacts.normalize import email_key, linkedin_key, name_key

# Names at least this alike (rapidfuzz's token-sort ratio, 0-100) are suggested.
NAME_SCORE_CUTOFF = 88
# A token shared by more contacts than this says nothing about who is who ("john", "lee").
MAX_BLOCK = 60
# How many sorted neighbours each name is compared with.
WINDOW = 4
# An address or number shared by more contacts is a switchboard or a team inbox, not a person.
MAX_SHARED = 8

REASON_EMAIL = "same email"
REASON_PHONE = "same phone"
REASON_LINKEDIN = "same LinkedIn profile"
REASON_NAME = "similar names"
# Order on the page: strong signals first.
_WEIGHT = {REASON_EMAIL: 3, REASON_LINKEDIN: 3, REASON_PHONE: 2, REASON_NAME: 1}


@dataclass
class DuplicatePair:
    first_id: int
    second_id: int
    reasons: set[str] = field(default_factory=set)
    name_score: int = 0
    first: Contact | None = None
    second: Contact | None = None

    @property
    def reason_list(self) -> list[str]:
        return sorted(self.reasons, key=lambda r: -_WEIGHT[r])

    @property
    def strength(self) -> tuple[int, int]:
        return sum(_WEIGHT[r] for r in self.reasons), self.name_score


def _pairs_sharing(values: Iterable[tuple[int, str]]) -> Iterable[tuple[int, int]]:
    groups: dict[str, set[int]] = defaultdict(set)
    for contact_id, key in values:
        if key:
            groups[key].add(contact_id)
    for members in groups.values():
        if 2 <= len(members) <= MAX_SHARED:
            yield from combinations(sorted(members), 2)


def _name_candidates(names: dict[int, str]) -> set[tuple[int, int]]:
    candidates: set[tuple[int, int]] = set()
    blocks: dict[str, list[int]] = defaultdict(list)
    for pk, key in names.items():
        for token in set(key.split()):
            if len(token) > 1:
                blocks[token].append(pk)
    for members in blocks.values():
        if 2 <= len(members) <= MAX_BLOCK:
            candidates.update(combinations(sorted(members), 2))
    for order in (
        lambda pk: names[pk],
        lambda pk: " ".join(reversed(names[pk].split())),
    ):
        ranked = sorted(names, key=order)
        for index, pk in enumerate(ranked):
            for other in ranked[index + 1 : index + 1 + WINDOW]:
                candidates.add((min(pk, other), max(pk, other)))
    return candidates


def duplicate_candidates(*, user: User) -> list[DuplicatePair]:
    """Every suspected pair among the user's active contacts, strongest first (ids only; see
    duplicate_pairs_with_contacts for a page of them with their contacts)."""
    active = Contact.objects.filter(owner=user, archived_at__isnull=True)
    names = {pk: name_key(name) for pk, name in active.values_list("pk", "display_name")}
    pairs: dict[tuple[int, int], DuplicatePair] = {}

    def add(a: int, b: int, reason: str, score: int = 0) -> None:
        pair = pairs.setdefault((a, b), DuplicatePair(a, b))
        pair.reasons.add(reason)
        pair.name_score = max(pair.name_score, score)

    def of_active(model):
        return model.objects.filter(owner=user, contact__archived_at__isnull=True)

    emails = of_active(ContactEmail).values_list("contact_id", "email")
    for a, b in _pairs_sharing((pk, email_key(email)) for pk, email in emails):
        add(a, b, REASON_EMAIL)
    for a, b in _pairs_sharing(of_active(ContactPhone).values_list("contact_id", "number")):
        add(a, b, REASON_PHONE)
    profiles = of_active(SocialProfile).filter(url__icontains="linkedin.com")
    profiles = profiles.values_list("contact_id", "url")
    for a, b in _pairs_sharing((pk, linkedin_key(url)) for pk, url in profiles):
        add(a, b, REASON_LINKEDIN)
    # rapidfuzz's token-sort ratio is the plain ratio of the names' sorted tokens: sorted once
    # per name here rather than twice per comparison.
    sorted_names = {pk: " ".join(sorted(key.split())) for pk, key in names.items()}
    for a, b in _name_candidates(names):
        if not names[a] or not names[b]:
            continue
        score = fuzz.ratio(sorted_names[a], sorted_names[b], score_cutoff=NAME_SCORE_CUTOFF)
        if score:
            add(a, b, REASON_NAME, round(score))

    dismissed = set(
        DuplicateDismissal.objects.filter(owner=user).values_list("contact_id", "other_id")
    )
    found = [pair for key, pair in pairs.items() if key not in dismissed]
    found.sort(key=lambda p: (p.strength, -p.first_id), reverse=True)
    return found


def duplicate_pairs_with_contacts(*, user: User, pairs: list[DuplicatePair]) -> list[DuplicatePair]:
    """The pairs given (a page of them), each with its two contacts and what the page shows of
    them, in a fixed number of queries."""
    ids = {pk for pair in pairs for pk in (pair.first_id, pair.second_id)}
    contacts = Contact.objects.filter(owner=user, pk__in=ids).prefetch_related(
        "emails",
        "phones",
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.filter(is_current=True).select_related("organization"),
            to_attr="current_affiliations",
        ),
    )
    by_id = {contact.pk: contact for contact in contacts}
    for pair in pairs:
        pair.first, pair.second = by_id.get(pair.first_id), by_id.get(pair.second_id)
    return [pair for pair in pairs if pair.first and pair.second]
