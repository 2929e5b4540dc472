"""Which of the owner's people each row of a file is: one of their contacts, or someone an
earlier row of the same file brings in.

Each row is matched against the owner's people as the rows above it will leave them: the
contacts, and the people those rows create, each known by what the import gives them. A person
the file creates has the name of the row that creates them (a later row that repeats them
under another name does not rename them, nor gives them a second name); a person gains the
emails, phones and LinkedIn profiles that nobody has yet (apply gives an address to its first
holder only), and the keys of a row that could be several people are nobody's. So a row finds
the same person whether that person came from earlier in the file or from the database, and
importing the file again changes nothing.

The rules, in order; the first that finds someone decides:
1. the same email address (any letter case);
2. the same phone number (both in E.164);
3. the same LinkedIn profile (any spelling of its URL: contacts.normalize.linkedin_key);
4. the same display name (any letter case and spacing). A name alone is not trusted when both
   sides have LinkedIn profiles and they differ (two people called Ana Lima), nor when several
   people have that name (contacts, or people this file creates): rather than guess, the row
   says so and is not imported.

Set-based: four queries read the owner's emails, phones, LinkedIn profiles and names, whatever
the size of the file.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from accounts.models import User
from contacts.models import Contact, ContactEmail, ContactPhone, SocialProfile
from contacts.normalize import email_key, linkedin_key
from portability.importing.candidates import Candidate, name_match_key
from portability.models import RowStatus

# Who a row is: ("contact", pk) for one of the owner's contacts, ("row", n) for the row of this
# file that creates the person.
Target = tuple[str, int]


@dataclass
class RowMatch:
    status: str
    target: Target | None = None
    on: str = ""
    reason: str = ""
    # An error only because several people have the row's name: whose its emails, phones and
    # profiles are is not known, so the import gives them to nobody (not to a later row's person
    # either, who would then be found by them next time, in place of this row's namesakes).
    undecided: bool = False

    @property
    def contact_id(self) -> int | None:
        return self.target[1] if self.target and self.target[0] == "contact" else None


class Ambiguous(Exception):
    def __init__(self, targets: list[Target]):
        self.targets = targets


@dataclass
class PeopleIndex:
    """Keys to the people they belong to; the first person added under a key keeps it. A key
    kept by None is an undecided row's (RowMatch.undecided): it finds nobody."""

    by_email: dict[str, Target | None] = field(default_factory=dict)
    by_phone: dict[str, Target | None] = field(default_factory=dict)
    by_linkedin: dict[str, Target | None] = field(default_factory=dict)
    by_name: dict[str, list[Target]] = field(default_factory=dict)
    linkedin_of: dict[Target, set[str]] = field(default_factory=dict)
    names: dict[Target, str] = field(default_factory=dict)

    def add(
        self,
        target: Target,
        *,
        name: str = "",
        emails: Iterable[str] = (),
        phones: Iterable[str] = (),
        linkedin: Iterable[str] = (),
    ) -> list[tuple[str, str]]:
        """Returns the keys that were nobody's and are now `target`'s, as (on what, key)."""
        claimed = self.keep(target, emails=emails, phones=phones, linkedin=linkedin)
        for key in linkedin:
            self.linkedin_of.setdefault(target, set()).add(key)
        if key := name_match_key(name):
            same_name = self.by_name.setdefault(key, [])
            if target not in same_name:
                same_name.append(target)
        if name:
            self.names.setdefault(target, name)
        return claimed

    def keep(
        self,
        target: Target | None,
        *,
        emails: Iterable[str] = (),
        phones: Iterable[str] = (),
        linkedin: Iterable[str] = (),
    ) -> list[tuple[str, str]]:
        """The keys nobody has yet become `target`'s; returns them, as (on what, key)."""
        kept = []
        for keys, index, on in (
            (emails, self.by_email, "email"),
            (phones, self.by_phone, "phone"),
            (linkedin, self.by_linkedin, "LinkedIn profile"),
        ):
            for key in keys:
                if key not in index:
                    index[key] = target
                    kept.append((on, key))
        return kept

    def find(
        self,
        *,
        name: str,
        emails: Sequence[str] = (),
        phones: Sequence[str] = (),
        linkedin: Sequence[str] = (),
    ) -> tuple[Target, str, str] | None:
        """(who, on what, the key) or None; raises Ambiguous when only a shared name points
        anywhere."""
        for keys, index, on in (
            (emails, self.by_email, "email"),
            (phones, self.by_phone, "phone"),
            (linkedin, self.by_linkedin, "LinkedIn profile"),
        ):
            for key in keys:
                if (target := index.get(key)) is not None:
                    return target, on, key
        mine = set(linkedin)
        key = name_match_key(name)
        same_name = [
            target
            for target in self.by_name.get(key, [])
            if not (mine and self.linkedin_of.get(target) and not mine & self.linkedin_of[target])
        ]
        if len(same_name) > 1:
            raise Ambiguous(same_name)
        return (same_name[0], "name", key) if same_name else None


def owner_index(*, owner: User) -> PeopleIndex:
    """Every contact of the owner under its keys: four queries, lowest id first."""
    index = PeopleIndex()
    emails: dict[int, list[str]] = {}
    for contact_id, address in ContactEmail.objects.filter(owner=owner).values_list(
        "contact_id", "email"
    ):
        emails.setdefault(contact_id, []).append(email_key(address))
    phones: dict[int, list[str]] = {}
    for contact_id, number in ContactPhone.objects.filter(owner=owner).values_list(
        "contact_id", "number"
    ):
        phones.setdefault(contact_id, []).append(number)
    linkedin: dict[int, list[str]] = {}
    profiles = SocialProfile.objects.filter(owner=owner, url__icontains="linkedin.")
    for contact_id, url in profiles.values_list("contact_id", "url"):
        if key := linkedin_key(url):
            linkedin.setdefault(contact_id, []).append(key)
    for pk, name in (
        Contact.objects.filter(owner=owner).order_by("pk").values_list("pk", "display_name")
    ):
        index.add(
            ("contact", pk),
            name=name,
            emails=emails.get(pk, ()),
            phones=phones.get(pk, ()),
            linkedin=linkedin.get(pk, ()),
        )
    return index


def _find(index: PeopleIndex, candidate: Candidate):
    return index.find(
        name=candidate.display_name,
        emails=candidate.email_keys,
        phones=candidate.phone_keys,
        linkedin=candidate.linkedin_keys,
    )


def _ambiguous(candidate: Candidate, targets: list[Target]) -> RowMatch:
    who = (
        "of your contacts are"
        if all(kind == "contact" for kind, _ in targets)
        else "people (your contacts and this file's) are"
    )
    return RowMatch(
        RowStatus.ERROR,
        undecided=True,
        reason=f"{len(targets)} {who} called “{candidate.display_name}”: add an email or a "
        "LinkedIn link to the row to say which one, or import it by hand.",
    )


def _profiles_gained(people: PeopleIndex, target: Target, candidate: Candidate) -> list[str]:
    """The row's LinkedIn profiles that its person will hold: a profile someone else holds stays
    theirs alone (apply gives it to nobody else), so it must not keep a later row off this
    person by name, as it would not once imported."""
    return [key for key in candidate.linkedin_keys if people.by_linkedin.get(key, target) == target]


def match_rows(*, people: PeopleIndex, candidates: Sequence[Candidate]) -> list[RowMatch]:
    """A decision per row, in file order. `people` is owner_index(); each row's person is added
    to it as the import will write them, so it ends as the owner's people after the import."""
    # (on what, key) -> the row that brings the key, for the reasons shown in the preview.
    given_by: dict[tuple[str, str], Candidate] = {}
    matches: list[RowMatch] = []
    for number, candidate in enumerate(candidates):
        if candidate.errors:
            matches.append(RowMatch(RowStatus.ERROR, reason=" ".join(candidate.errors)))
            continue
        try:
            found = _find(people, candidate)
        except Ambiguous as error:
            matches.append(_ambiguous(candidate, error.targets))
            people.keep(
                None,
                emails=candidate.email_keys,
                phones=candidate.phone_keys,
                linkedin=candidate.linkedin_keys,
            )
            continue
        if found is None:
            match = RowMatch(RowStatus.NEW, ("row", number))
        elif found[0][0] == "row":
            target, on, _ = found
            first = candidates[target[1]]
            match = RowMatch(
                RowStatus.DUPLICATE,
                target,
                on,
                f"Same {on} as {first.display_name} ({first.source}), which creates them; its "
                "details go there.",
            )
        else:
            target, on, key = found
            name = people.names[target]
            reason = f"Matches {name} (same {on})."
            if row := given_by.get((on, key)):
                reason = f"Same {on} as {row.display_name} ({row.source}), which matches {name}."
            match = RowMatch(RowStatus.EXISTING, target, on, reason)
        # A contact keeps its name and a repeat gives none: only the row that creates a person
        # names them.
        claimed = people.add(
            match.target,
            name=candidate.display_name if match.status == RowStatus.NEW else "",
            emails=candidate.email_keys,
            phones=candidate.phone_keys,
            linkedin=_profiles_gained(people, match.target, candidate),
        )
        given_by.update(dict.fromkeys(claimed, candidate))
        matches.append(match)
    return matches
