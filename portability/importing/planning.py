"""What an import will do, row by row, before anything is written: the preview and the apply
both start from this plan, made from the parser's records and the owner's contacts as they are.

A fixed number of queries whatever the file's size: four to index the owner's contacts
(matching.owner_index), one for the interactions earlier imports made.
"""

from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from accounts.models import User
from interactions.models import Initiator, Interaction
from portability.importing.candidates import Candidate, candidate_from
from portability.importing.conversations import (
    KEY_PREFIX,
    ConversationDay,
    Person,
    conversation_days,
    the_owner,
)
from portability.importing.matching import (
    Ambiguous,
    PeopleIndex,
    RowMatch,
    Target,
    match_rows,
    owner_index,
)
from portability.importing.records import Parsed
from portability.models import RowStatus


@dataclass
class DayMatch:
    status: str
    targets: list[Target] = field(default_factory=list)
    initiated_by: str = Initiator.THEM
    reason: str = ""


@dataclass
class Plan:
    candidates: list[Candidate]
    matches: list[RowMatch]
    days: list[ConversationDay] = field(default_factory=list)
    day_matches: list[DayMatch] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.candidates) + len(self.days)

    def counts(self) -> dict[str, int]:
        statuses = Counter(m.status for m in self.matches)
        statuses.update(m.status for m in self.day_matches)
        return {
            "contacts": len(self.candidates),
            "conversations": len(self.days),
            **{status.value: statuses[status] for status in RowStatus},
        }


def _resolve(index: PeopleIndex, person: Person) -> Target | None:
    try:
        found = index.find(name=person.name, linkedin=[person.identity] if person.url else [])
    except Ambiguous:
        return None
    return found[0] if found else None


def _day_match(day: ConversationDay, index: PeopleIndex, me: str | None, imported) -> DayMatch:
    targets, unknown = [], []
    for person in day.people:
        target = _resolve(index, person)
        if target is None:
            unknown.append(person.name or person.url)
        elif target not in targets:
            targets.append(target)
    initiated_by = Initiator.ME if day.first_sender.identity == me else Initiator.THEM
    if not targets:
        return DayMatch(
            RowStatus.ERROR,
            initiated_by=initiated_by,
            reason=f"None of your contacts is {', '.join(unknown) or 'in it'}: import your "
            "LinkedIn connections first, or add them.",
        )
    if day.import_key in imported:
        return DayMatch(RowStatus.EXISTING, targets, initiated_by, "Already imported.")
    reason = f"Not in your contacts, so left out: {', '.join(unknown)}." if unknown else ""
    return DayMatch(RowStatus.NEW, targets, initiated_by, reason)


def import_plan(*, owner: User, parsed: Parsed) -> Plan:
    people = owner_index(owner=owner)
    candidates = [candidate_from(record) for record in parsed.contacts]
    # Matching leaves `people` as the import will: messages may be with people this same file
    # creates or completes (a LinkedIn archive holds both).
    plan = Plan(candidates, match_rows(people=people, candidates=candidates))
    if not parsed.messages:
        return plan
    me = the_owner(parsed.messages, is_contact=lambda person: bool(_resolve(people, person)))
    plan.days = conversation_days(parsed.messages, zone=ZoneInfo(owner.time_zone), me=me)
    imported = set(
        Interaction.objects.filter(owner=owner, import_key__startswith=f"{KEY_PREFIX}:")
        .values_list("import_key", flat=True)
        .order_by()
    )
    plan.day_matches = [_day_match(day, people, me, imported) for day in plan.days]
    return plan
