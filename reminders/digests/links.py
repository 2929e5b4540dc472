"""The signed links a digest carries, which work without logging in.

- Unsubscribe: names the user; never expires, since people unsubscribe from old emails too
  (RFC 8058). It only ever turns that user's digests off.
- Done / snooze a week: names the user, one of their reminders and the action; expires after
  ACTION_MAX_AGE, so that an old email lying around stops being a key to the account.

A link only opens a confirmation page; the change happens on POST (a mail scanner that follows
every link must change nothing). Signatures use SECRET_KEY with a salt per kind of link, so one
kind can never be passed off as another.
"""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.core import signing

_UNSUBSCRIBE_SALT = "reminders.digests.unsubscribe"
_ACTION_SALT = "reminders.digests.reminder-action"
# Longer than a week, so that the links of a weekly digest still work when the next one comes.
ACTION_MAX_AGE = timedelta(days=14)

# Every bad link raises this (a tampered, truncated or expired signature, or a bad payload).
BadLink = signing.BadSignature


class Action(StrEnum):
    DONE = "done"
    SNOOZE = "snooze"


@dataclass(frozen=True)
class ActionLink:
    user_id: int
    reminder_id: int
    action: Action


def unsubscribe_token(*, user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=_UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> int:
    """The user the token names; raises BadLink."""
    payload = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    try:
        return int(payload["u"])
    except (TypeError, KeyError, ValueError) as error:
        raise BadLink("not an unsubscribe link") from error


def action_token(*, user_id: int, reminder_id: int, action: Action) -> str:
    return signing.dumps({"u": user_id, "r": reminder_id, "a": str(action)}, salt=_ACTION_SALT)


def action_read(token: str) -> ActionLink:
    """What the token asks for; raises BadLink (signing.SignatureExpired when too old)."""
    payload = signing.loads(token, salt=_ACTION_SALT, max_age=ACTION_MAX_AGE)
    try:
        return ActionLink(int(payload["u"]), int(payload["r"]), Action(payload["a"]))
    except (TypeError, KeyError, ValueError) as error:
        raise BadLink("not a reminder link") from error
