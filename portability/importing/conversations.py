"""LinkedIn messages folded into interactions: one per conversation per day (in the owner's time
zone), with the contacts who took part, initiated by whoever wrote first that day.

Who is "me"? messages.csv names both sides of every message and never says which is the
account's owner. The owner is in (nearly) every conversation and is never one of their own
contacts: the person in the most conversations among those who are not contacts is taken as
the owner (among everyone, when all of them are contacts).
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from contacts.normalize import linkedin_key
from portability.importing.candidates import name_match_key
from portability.importing.records import ImportedMessage

KEY_PREFIX = "linkedin-message"


@dataclass(frozen=True)
class Person:
    name: str
    url: str

    @property
    def identity(self) -> str:
        return linkedin_key(self.url) or f"name:{name_match_key(self.name)}"


@dataclass
class ConversationDay:
    conversation_id: str
    day: date
    occurred_at: datetime
    first_sender: Person
    source: str
    subject: str = ""
    count: int = 0
    people: list[Person] = field(default_factory=list)

    @property
    def import_key(self) -> str:
        """The natural key of the interaction it becomes: the same day of the same conversation
        is the same interaction, however often the file is imported."""
        return f"{KEY_PREFIX}:{self.conversation_id[:200]}:{self.day.isoformat()}"


def _people(message: ImportedMessage) -> list[Person]:
    people = [Person(message.sender_name.strip(), message.sender_profile_url.strip())]
    urls = list(message.recipient_profile_urls)
    for i, name in enumerate(message.recipient_names):
        people.append(Person(name.strip(), urls[i].strip() if i < len(urls) else ""))
    return [person for person in people if person.name or person.url]


def the_owner(
    messages: Sequence[ImportedMessage], *, is_contact: Callable[[Person], bool]
) -> str | None:
    """The identity of the account's owner among the people of the file."""
    conversations: dict[str, set[str]] = {}
    people: dict[str, Person] = {}
    for message in messages:
        for person in _people(message):
            conversations.setdefault(person.identity, set()).add(message.conversation_id)
            people.setdefault(person.identity, person)
    if not conversations:
        return None
    counts = Counter({identity: len(ids) for identity, ids in conversations.items()})
    # The owner is never their own contact: among the others, the most present.
    strangers = [identity for identity in counts if not is_contact(people[identity])]
    candidates = strangers or list(counts)
    return max(sorted(candidates), key=lambda identity: counts[identity])


def conversation_days(
    messages: Sequence[ImportedMessage], *, zone: ZoneInfo, me: str | None
) -> list[ConversationDay]:
    """The file's messages grouped by conversation and day, in the order of each group's
    first message; `people` are the others in it (not the owner)."""
    days: dict[tuple[str, date], ConversationDay] = {}
    for message in sorted(messages, key=lambda m: m.sent_at):
        day = message.sent_at.astimezone(zone).date()
        key = (message.conversation_id, day)
        sender = Person(message.sender_name.strip(), message.sender_profile_url.strip())
        group = days.get(key)
        if group is None:
            group = days[key] = ConversationDay(
                conversation_id=message.conversation_id,
                day=day,
                occurred_at=message.sent_at,
                first_sender=sender,
                source=message.source[:60],
                subject=message.subject.strip(),
            )
        group.count += 1
        for person in _people(message):
            seen = {p.identity for p in group.people}
            if person.identity != me and person.identity not in seen:
                group.people.append(person)
    return list(days.values())
