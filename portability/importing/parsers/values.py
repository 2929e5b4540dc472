"""Cell values every format shares: emails, web profiles, birthdays, the name-or-email rule."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from portability.importing.records import Birthday, ImportedContact

# linkedin.com with any scheme, www/m/country subdomain; the path up to a query or fragment.
_LINKEDIN = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.|www\.|m\.)?linkedin\.com(?::\d+)?/(?P<path>[^?#\s]*)",
    re.IGNORECASE,
)
# Hosts that name a network in contacts.models.SocialNetwork (a suffix match on the host).
_NETWORK_HOSTS = (
    ("linkedin.com", "linkedin"),
    ("twitter.com", "x"),
    ("x.com", "x"),
    ("github.com", "github"),
    ("bsky.app", "bluesky"),
    ("instagram.com", "instagram"),
    ("facebook.com", "facebook"),
    ("fb.com", "facebook"),
    ("mastodon.social", "mastodon"),
)
_HOST = re.compile(r"https?://(?:[^/@?#]*@)?(?P<host>[^/:?#]+)", re.IGNORECASE)
_ISO_DAY = re.compile(r"(?:(?P<year>\d{4})|-)-?(?P<month>\d{2})-?(?P<day>\d{2})")


def linkedin_profile_url(raw: str) -> str | None:
    """https://www.linkedin.com/in/<slug> for any spelling of a profile address (with or without
    scheme, country subdomain, trailing slash, tracking query), None if it is not one."""
    match = _LINKEDIN.match(raw.strip())
    if match is None:
        return None
    parts = [part for part in match.group("path").split("/") if part]
    if len(parts) >= 2 and parts[0].lower() == "in":
        return "https://www.linkedin.com/in/" + parts[1]
    if len(parts) >= 2 and parts[0].lower() == "pub":
        # Profiles from before 2013 kept their /pub/name/x/y/z address.
        return "https://www.linkedin.com/" + "/".join(parts)
    return None


def web_profile(raw: str) -> tuple[str, str] | None:
    """(network, url) for a web address, the network told by its host; None for what is not an
    http(s) address (a `javascript:` or `file:` link must never become a link in a page)."""
    url = raw.strip()
    if not url or any(ch.isspace() for ch in url):
        return None
    if "://" not in url:
        url = "https://" + url
    match = _HOST.match(url)
    if match is None or "." not in match.group("host"):
        return None
    host = match.group("host").lower()
    for suffix, network in _NETWORK_HOSTS:
        if host == suffix or host.endswith("." + suffix):
            if network == "linkedin":
                linkedin = linkedin_profile_url(url)
                return ("linkedin", linkedin) if linkedin else ("website", url)
            return network, url
    return "website", url


def add_email(contact: ImportedContact, raw: str, label: str = "") -> None:
    """Append an address, or say in the row's problems why it was left out."""
    address = raw.strip().strip("<>").strip()
    if not address:
        return
    if address.lower().startswith("mailto:"):
        address = address[7:]
    try:
        validate_email(address)
    except ValidationError:
        contact.left_out.append(f"“{address}” is not an email address; it was left out.")
        return
    if all(address.casefold() != known.casefold() for known, _ in contact.emails):
        contact.emails.append((address, label.strip()))


def add_phone(contact: ImportedContact, raw: str, label: str = "") -> None:
    """Phones are kept as written: the flow stores them in E.164 and reports any it cannot read."""
    number = raw.strip()
    if number and all(number != known for known, _ in contact.phones):
        contact.phones.append((number, label.strip()))


def add_web(contact: ImportedContact, raw: str) -> None:
    if not raw.strip():
        return
    profile = web_profile(raw)
    if profile is None:
        contact.left_out.append(f"“{raw.strip()}” is not a web address; it was left out.")
    elif profile not in contact.profiles:
        contact.profiles.append(profile)


def birthday(text: str) -> Birthday:
    """A birthday written the ISO way: 1985-04-12, 19850412, or without a year --04-12, --0412,
    04-12. Raises ValueError when it is not a real day."""
    value = text.strip()
    match = _ISO_DAY.fullmatch(value) or _ISO_DAY.fullmatch("--" + value)
    if match is None:
        raise ValueError(value)
    year = int(match.group("year")) if match.group("year") else None
    return checked_birthday(int(match.group("day")), int(match.group("month")), year)


def checked_birthday(day: int, month: int, year: int | None) -> Birthday:
    """A Birthday, once the day is known to exist (29 February without a year does)."""
    if year is not None and not 1 <= year <= 9999:
        raise ValueError(year)
    date(year or 2000, month, day)  # 2000 is a leap year: 29 February without a year is fine.
    return Birthday(day=day, month=month, year=year)


def set_birthday(contact: ImportedContact, text: str, parse=birthday) -> None:
    if not text.strip():
        return
    try:
        contact.birthday = parse(text)
    except ValueError:
        contact.left_out.append(
            f"Birthday “{text.strip()}” is not a date (expected 1985-04-12 or --04-12); "
            "it was left out."
        )


def require_name_or_email(contact: ImportedContact) -> None:
    """A contact is somebody: without a name or an email it could never be found or matched."""
    named = (
        contact.first_name
        or contact.last_name
        or contact.full_name
        or contact.nickname
        or contact.middle_name
    )
    if not named and not contact.emails:
        contact.problems.append("No name and no email: there is nobody to import on this row.")


def split_tags(text: str, separator: str) -> list[str]:
    """The tags of one cell, each once whatever its letter case (tags are unique that way)."""
    tags: list[str] = []
    for part in text.split(separator):
        tag = part.strip()
        if tag and tag.casefold() not in {known.casefold() for known in tags}:
            tags.append(tag)
    return tags
