"""Which of the owner's contacts, or which earlier row of the same file, each row is.

The rules, in order; the first that finds someone decides:
1. the same email address (any letter case);
2. the same phone number (both in E.164);
3. the same LinkedIn profile (any spelling of its URL: contacts.normalize.linkedin_key);
4. the same display name (any letter case and spacing). A name alone is not trusted when both
   sides have LinkedIn profiles and they differ (two people called Ana Lima), nor when several
   contacts have that name: rather than guess, the row says so and is not imported.

Existing contacts are looked at before earlier rows. Set-based: four queries read the owner's
emails, phones, LinkedIn profiles and names, whatever the size of the file.
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

    @property
    def contact_id(self) -> int | None:
        return self.target[1] if self.target and self.target[0] == "contact" else None


class Ambiguous(Exception):
    def __init__(self, count: int):
        self.count = count


@dataclass
class PeopleIndex:
    """Keys to the people they belong to; the first person added under a key keeps it."""

    by_email: dict[str, Target] = field(default_factory=dict)
    by_phone: dict[str, Target] = field(default_factory=dict)
    by_linkedin: dict[str, Target] = field(default_factory=dict)
    by_name: dict[str, list[Target]] = field(default_factory=dict)
    linkedin_of: dict[Target, set[str]] = field(default_factory=dict)
    names: dict[Target, str] = field(default_factory=dict)

    def add(
        self,
        target: Target,
        *,
        name: str,
        emails: Iterable[str] = (),
        phones: Iterable[str] = (),
        linkedin: Iterable[str] = (),
    ) -> None:
        for key in emails:
            self.by_email.setdefault(key, target)
        for key in phones:
            self.by_phone.setdefault(key, target)
        for key in linkedin:
            self.by_linkedin.setdefault(key, target)
            self.linkedin_of.setdefault(target, set()).add(key)
        key = name_match_key(name)
        if key:
            same_name = self.by_name.setdefault(key, [])
            if target not in same_name:
                same_name.append(target)
        self.names.setdefault(target, name)

    def find(
        self,
        *,
        name: str,
        emails: Sequence[str] = (),
        phones: Sequence[str] = (),
        linkedin: Sequence[str] = (),
    ) -> tuple[Target, str] | None:
        """(who, on what) or None; raises Ambiguous when only a shared name points anywhere."""
        for keys, index, on in (
            (emails, self.by_email, "email"),
            (phones, self.by_phone, "phone"),
            (linkedin, self.by_linkedin, "LinkedIn profile"),
        ):
            for key in keys:
                if key in index:
                    return index[key], on
        mine = set(linkedin)
        same_name = [
            target
            for target in self.by_name.get(name_match_key(name), [])
            if not (mine and self.linkedin_of.get(target) and not mine & self.linkedin_of[target])
        ]
        if len(same_name) > 1:
            raise Ambiguous(len(same_name))
        return (same_name[0], "name") if same_name else None


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


def _ambiguous(candidate: Candidate, count: int) -> RowMatch:
    return RowMatch(
        RowStatus.ERROR,
        reason=f"{count} of your contacts are called “{candidate.display_name}”: add an email "
        "or a LinkedIn link to the row to say which one, or import it by hand.",
    )


def match_rows(*, existing: PeopleIndex, candidates: Sequence[Candidate]) -> list[RowMatch]:
    """A decision per row, in file order. `existing` is owner_index(); this adds the file's own
    rows to a second index as it goes, so a later row finds an earlier one."""
    in_file = PeopleIndex()
    first_row: dict[Target, str] = {}
    matches: list[RowMatch] = []
    for number, candidate in enumerate(candidates):
        if candidate.errors:
            matches.append(RowMatch(RowStatus.ERROR, reason=" ".join(candidate.errors)))
            continue
        try:
            found = _find(existing, candidate)
        except Ambiguous as error:
            matches.append(_ambiguous(candidate, error.count))
            continue
        if found is not None:
            target, on = found
            match = RowMatch(
                RowStatus.EXISTING,
                target,
                on,
                f"Matches {existing.names[target]} (same {on}).",
            )
        else:
            try:
                found = _find(in_file, candidate)
            except Ambiguous as error:
                matches.append(_ambiguous(candidate, error.count))
                continue
            if found is None:
                match = RowMatch(RowStatus.NEW, ("row", number))
            else:
                target, on = found
                first = f"{in_file.names[target]} ({first_row[target]})"
                if target[0] == "contact":
                    status, what = RowStatus.EXISTING, f"which matches {existing.names[target]}"
                else:
                    status, what = RowStatus.DUPLICATE, "which creates them; its details go there"
                match = RowMatch(status, target, on, f"Same {on} as {first}, {what}.")
        in_file.add(
            match.target,
            name=candidate.display_name,
            emails=candidate.email_keys,
            phones=candidate.phone_keys,
            linkedin=candidate.linkedin_keys,
        )
        first_row.setdefault(match.target, candidate.source)
        matches.append(match)
    return matches
