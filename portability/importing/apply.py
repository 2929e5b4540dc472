"""Writing an import plan, in one transaction: all of it, or (on any error) nothing.

- A new person becomes a contact with the emails, phones, links, tags and positions of every
  row that is them (a file may list someone twice).
- A matched contact only gains what it lacks: an email, phone or link it does not have, tags,
  an affiliation, and the name parts, job title, location, notes, birthday and "when we met"
  that are blank. Nothing the user typed is overwritten.
- Organizations are matched by name (any letter case), created when missing; an affiliation
  is added once per contact, organization and role, so a re-import adds none.
- A conversation's day becomes one "message" interaction, found again by its import key.

Set-based: each kind of row is one INSERT (contacts.services.set_based), and what the owner
already has is read once per kind, so the number of queries does not grow with the file. New
contacts are written with their search text already built (a second write of 30,000 rows
would update the trigram index twice).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from contacts.models import (
    Affiliation,
    Contact,
    ContactEmail,
    ContactPhone,
    Organization,
    OrganizationKind,
    SocialProfile,
)
from contacts.normalize import email_key, linkedin_key
from contacts.services.bulk import keep_in_touch_resync
from contacts.services.contacts import tags_from_names
from contacts.services.search import build_search_text, contacts_refresh_search_text
from contacts.services.set_based import (
    rows_insert,
    rows_update,
    values_insert,
    values_insert_returning_ids,
)
from interactions.models import Interaction, InteractionKind, Participation
from interactions.services.activity import activity_days_rebuild
from interactions.services.health import health_recompute_on_commit
from interactions.services.network import network_counts_refresh
from portability.importing.candidates import TEXT_FIELDS, Candidate
from portability.importing.matching import Target
from portability.importing.planning import Plan
from portability.models import RowStatus
from reminders.services.contacts import new_contacts_reminders_create

ContactTag = Contact.tags.through
FILLED_WHEN_BLANK = (*TEXT_FIELDS, "birthday_day", "birthday_month", "birthday_year", "met_on")
# How many ids a summary keeps for its links (the counts are always whole).
SUMMARY_IDS = 500
READ_BACK_CHUNK = 2000


@dataclass
class Outcome:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    organizations: int = 0
    affiliations: int = 0
    interactions: int = 0

    def summary(self, plan: Plan) -> dict:
        skipped = [m.reason for m in (*plan.matches, *plan.day_matches) if m.status == "error"]
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": len(skipped),
            "organizations": self.organizations,
            "affiliations": self.affiliations,
            "interactions": self.interactions,
            "created_ids": self.created[:SUMMARY_IDS],
            "updated_ids": self.updated[:SUMMARY_IDS],
        }


class _Changes:
    """What each contact gains, by contact id, so "updated" means "gained something"."""

    def __init__(self):
        self.by_contact: dict[int, set[str]] = {}

    def add(self, contact_id: int, what: str) -> None:
        self.by_contact.setdefault(contact_id, set()).add(what)


def _groups(plan: Plan) -> dict[Target, list[Candidate]]:
    """Every person of the file with the rows that are them, in file order."""
    groups: dict[Target, list[Candidate]] = {}
    for candidate, match in zip(plan.candidates, plan.matches, strict=True):
        if match.status != RowStatus.ERROR:
            groups.setdefault(match.target, []).append(candidate)
    return groups


def _fill(values: dict, candidates: Sequence[Candidate]) -> set[str]:
    """Set what is blank in `values` from the rows, the first row first; returns what was set."""
    filled = set()
    for candidate in candidates:
        for name, value in candidate.fields.items():
            if not values.get(name):
                values[name] = value
                filled.add(name)
        if candidate.birthday and values.get("birthday_month") is None:
            day, month, year = candidate.birthday
            values.update(birthday_day=day, birthday_month=month, birthday_year=year)
            filled.add("birthday")
        if candidate.met_on and values.get("met_on") is None:
            values["met_on"] = candidate.met_on
            filled.add("met_on")
    return filled


def _search_text(display_name: str, values: dict, candidates: Sequence[Candidate]) -> str:
    """What contacts_refresh_search_text would build for the new contact, built here from the
    rows so the new contacts are written once, with their final search text."""
    emails = {email_key(address): address for c in candidates for address, _ in c.emails}
    organizations = {p.organization.casefold() for c in candidates for p in c.positions}
    tags = {tag.casefold() for c in candidates for tag in c.tags}
    return build_search_text(
        display_name=display_name,
        names=[values.get(n, "") for n in ("first_name", "middle_name", "last_name", "nickname")],
        emails=emails.values(),
        organizations=sorted(organizations),
        tags=sorted(tags),
        job_title=values.get("job_title", ""),
        location=values.get("location", ""),
        notes=values.get("notes", ""),
    )


def _create_contacts(owner: User, groups: dict, targets: list[Target]) -> list[dict]:
    """The new contacts, in the order of `targets`: the fields each was written with, by
    attname, with its "id" and "created_at"."""
    contacts = []
    for target in targets:
        values: dict = {}
        _fill(values, groups[target])
        name = groups[target][0].display_name
        contacts.append(
            {
                "owner_id": owner.pk,
                "display_name": name,
                "search_text": _search_text(name, values, groups[target]),
                **values,
            }
        )
    now = timezone.now()
    for contact, pk in zip(
        contacts, values_insert_returning_ids(Contact, contacts, now=now), strict=True
    ):
        contact.update(id=pk, created_at=now)
    return contacts


def _fill_existing(ids: list[int], groups: dict, changes: _Changes) -> None:
    changed = []
    for contact in Contact.objects.filter(pk__in=ids).only("pk", *FILLED_WHEN_BLANK):
        values = {name: getattr(contact, name) for name in FILLED_WHEN_BLANK}
        filled = _fill(values, groups[("contact", contact.pk)])
        if filled:
            for name, value in values.items():
                setattr(contact, name, value)
            changed.append(contact)
            for what in filled:
                changes.add(contact.pk, what)
    rows_update(changed, FILLED_WHEN_BLANK)


def _details(owner: User, plan: Plan, groups: dict, pk_of: dict, changes: _Changes) -> None:
    """Emails, phones and links each contact lacks: three reads of the owner's, three INSERTs.

    A value belongs to the first person who has it: a contact of the owner's, else the person
    of the first row (in file order) that names it, as matching decides; two spellings of one
    LinkedIn profile are one value, as they are to matching. A row matched on one address that
    also carries an address of someone else's does not give it to its person: two people would
    then share it, and importing the file again would match the other row on it and move more
    details across. Nor does a row that comes after an undecided one with the same value (see
    RowMatch.undecided)."""
    kinds = (
        (ContactEmail, "email", lambda c: c.emails, lambda value: email_key(value)),
        (ContactPhone, "number", lambda c: c.phones, lambda value: value),
        (SocialProfile, "url", lambda c: c.profiles, lambda value: linkedin_key(value) or value),
    )
    rows = [
        (candidate, None if match.undecided else pk_of[match.target])
        for candidate, match in zip(plan.candidates, plan.matches, strict=True)
        if match.status != RowStatus.ERROR or match.undecided
    ]
    for model, column, entries_of, key in kinds:
        have, owner_of = set(), {}
        for contact_id, value in (
            model.objects.filter(owner=owner)
            .order_by("contact_id")
            .values_list("contact_id", column)
        ):
            have.add((contact_id, key(value)))
            owner_of.setdefault(key(value), contact_id)
        for candidate, contact_id in rows:
            for first, second in entries_of(candidate):
                owner_of.setdefault(key(second if model is SocialProfile else first), contact_id)
        new_rows = []
        for target, candidates in groups.items():
            contact_id = pk_of[target]
            for candidate in candidates:
                for first, second in entries_of(candidate):
                    value = second if model is SocialProfile else first
                    if (contact_id, key(value)) in have or owner_of[key(value)] != contact_id:
                        continue
                    have.add((contact_id, key(value)))
                    if model is SocialProfile:
                        row = {"network": first, "url": second}
                    else:
                        row = {column: first, "label": second}
                    new_rows.append({"owner_id": owner.pk, "contact_id": contact_id, **row})
                    changes.add(contact_id, column)
        values_insert(model, new_rows)


def _tags(owner: User, groups: dict, pk_of: dict, changes: _Changes) -> None:
    names = [name for candidates in groups.values() for c in candidates for name in c.tags]
    if not names:
        return
    tags = {tag.name.casefold(): tag.pk for tag in tags_from_names(owner=owner, names=names)}
    have = set(ContactTag.objects.filter(tag__owner=owner).values_list("contact_id", "tag_id"))
    links = []
    for target, candidates in groups.items():
        contact_id = pk_of[target]
        for candidate in candidates:
            for name in candidate.tags:
                pair = (contact_id, tags[name.casefold()])
                if pair not in have:
                    have.add(pair)
                    links.append(ContactTag(contact_id=pair[0], tag_id=pair[1]))
                    changes.add(contact_id, "tags")
    rows_insert(links, ignore_conflicts=True)


def _organizations(owner: User, names: Iterable[str], outcome: Outcome) -> dict[str, int]:
    """The owner's organizations by name (any case, the oldest first), created when missing."""

    def by_name() -> dict[str, int]:
        found: dict[str, int] = {}
        for pk, name in (
            Organization.objects.filter(owner=owner).order_by("pk").values_list("pk", "name")
        ):
            found.setdefault(name.casefold(), pk)
        return found

    known = by_name()
    missing: dict[str, str] = {}
    for name in names:
        if name.casefold() not in known:
            missing.setdefault(name.casefold(), name)
    if missing:
        rows_insert(
            [
                Organization(owner=owner, name=name, kind=OrganizationKind.COMPANY)
                for name in missing.values()
            ]
        )
        outcome.organizations = len(missing)
        known = by_name()
    return known


def _affiliations(
    owner: User, groups: dict, pk_of: dict, changes: _Changes, outcome: Outcome
) -> None:
    names = [p.organization for cs in groups.values() for c in cs for p in c.positions]
    if not names:
        return
    organizations = _organizations(owner, names, outcome)
    have = {
        (contact_id, organization_id, role.casefold())
        for contact_id, organization_id, role in Affiliation.objects.filter(
            owner=owner
        ).values_list("contact_id", "organization_id", "role")
    }
    new_rows = []
    for target, candidates in groups.items():
        contact_id = pk_of[target]
        for candidate in candidates:
            for position in candidate.positions:
                key = (contact_id, organizations[position.organization.casefold()], position.role)
                if (key[0], key[1], key[2].casefold()) in have:
                    continue
                have.add((key[0], key[1], key[2].casefold()))
                new_rows.append(
                    {
                        "owner_id": owner.pk,
                        "contact_id": contact_id,
                        "organization_id": key[1],
                        "role": position.role,
                        "start_date": position.start_date,
                        "end_date": position.end_date,
                        "is_current": position.is_current,
                    }
                )
                changes.add(contact_id, "affiliation")
    values_insert(Affiliation, new_rows)
    outcome.affiliations = len(new_rows)


def _interactions(owner: User, plan: Plan, pk_of: dict, outcome: Outcome) -> set[int]:
    """One interaction per new conversation day; returns the contacts who took part."""
    days = zip(plan.days, plan.day_matches, strict=True)
    new = [(day, match) for day, match in days if match.status == RowStatus.NEW]
    if not new:
        return set()
    interactions = [
        Interaction(
            owner=owner,
            occurred_at=day.occurred_at,
            kind=InteractionKind.MESSAGE,
            initiated_by=match.initiated_by,
            summary=(day.subject or f"LinkedIn messages ({day.count})")[:200],
            import_key=day.import_key,
        )
        for day, match in new
    ]
    # ignore_conflicts: the unique import key lets the database settle a concurrent import.
    rows_insert(interactions, ignore_conflicts=True)
    keys = [interaction.import_key for interaction in interactions]
    ids: dict[str, int] = {}
    for start in range(0, len(keys), READ_BACK_CHUNK):
        chunk = keys[start : start + READ_BACK_CHUNK]
        found = Interaction.objects.filter(owner=owner, import_key__in=chunk)
        ids.update(found.values_list("import_key", "pk").order_by())
    participations, people = [], set()
    for (day, match), interaction in zip(new, interactions, strict=True):
        for target in match.targets:
            # A contact the owner had, or one this import has just created.
            contact_id = target[1] if target[0] == "contact" else pk_of[target]
            people.add(contact_id)
            participations.append(
                Participation(
                    owner=owner,
                    interaction_id=ids[interaction.import_key],
                    contact_id=contact_id,
                    occurred_at=day.occurred_at,
                    kind=InteractionKind.MESSAGE,
                    initiated_by=match.initiated_by,
                    value="",
                )
            )
    rows_insert(participations, ignore_conflicts=True)
    # The dashboard's activity charts read stored day counts; a history of messages spans
    # months, so every day is counted again rather than a few refreshed (as a restore does).
    activity_days_rebuild(owner=owner)
    outcome.interactions = len(interactions)
    return people


@transaction.atomic
def import_apply(*, owner: User, plan: Plan) -> dict:
    """Write the plan; returns the summary the job keeps (see Outcome.summary)."""
    groups = _groups(plan)
    outcome = Outcome()
    changes = _Changes()
    pk_of: dict[Target, int] = {t: t[1] for t in groups if t[0] == "contact"}
    new_targets = [t for t in groups if t[0] == "row"]
    # Rows of people the file creates, for messages with someone this file brings in.
    created = _create_contacts(owner, groups, new_targets)
    pk_of.update(zip(new_targets, (contact["id"] for contact in created), strict=True))
    existing_ids = [t[1] for t in groups if t[0] == "contact"]
    _fill_existing(existing_ids, groups, changes)
    _details(owner, plan, groups, pk_of, changes)
    _tags(owner, groups, pk_of, changes)
    _affiliations(owner, groups, pk_of, changes, outcome)
    talked_to = _interactions(owner, plan, pk_of, outcome)

    outcome.created = [pk_of[t] for t in new_targets]
    outcome.updated = [pk for pk in existing_ids if pk in changes.by_contact]
    outcome.unchanged = [pk for pk in existing_ids if pk not in changes.by_contact]
    if outcome.updated:
        # Details added without a change to the contact's own row still make it "recently
        # updated", as a bulk edit does.
        Contact.objects.filter(pk__in=outcome.updated).update(updated_at=timezone.now())
    # New contacts were written with theirs; a match's grows with what it gained.
    contacts_refresh_search_text(contact_ids=outcome.updated)
    # A new contact nobody wrote to has no history: its keep-in-touch (and birthday) reminder
    # follows from its own fields alone. A match's birthday and name may move or rename its,
    # and messages, whoever they were with, move the day they were last in touch.
    new_contacts_reminders_create(
        owner=owner, contacts=[c for c in created if c["id"] not in talked_to]
    )
    keep_in_touch_resync(contact_ids=sorted({*outcome.updated, *talked_to}))
    health_recompute_on_commit(contact_ids=[*outcome.created, *talked_to])
    # New contacts and organizations, written in bulk: the dashboard's counts at once.
    network_counts_refresh(owner=owner)
    return outcome.summary(plan)
