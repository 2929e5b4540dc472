"""vCard 2.1, 3.0 and 4.0 (.vcf), read with vobject.

What each writer does differently:
- Android (2.1): QUOTED-PRINTABLE;CHARSET=UTF-8 values with "=" soft line breaks, bare types
  ("TEL;CELL:").
- Apple (3.0): grouped properties ("item1.EMAIL" labelled by "item1.X-ABLabel:_$!<Work>!$_"),
  a birthday without a year written 1604-04-12 with X-APPLE-OMIT-YEAR=1604, base64 PHOTO,
  X-SOCIALPROFILE.
- Google (3.0): PHOTO as a (folded) URL, BDAY:--0412, CATEGORIES with "myContacts".
- 4.0: BDAY:--0412, TEL;VALUE=uri:tel:+…
- Rapport's own export (contacts.exporting.vcard): URL;TYPE=<network>, ROLE for the role at the
  organization and TITLE for the job title.

The file is cut into cards at BEGIN:VCARD / END:VCARD lines before vobject reads each, so one
broken card becomes that card's problem and the others still import. PHOTO properties (and their
folded lines) are left out at that point: photos are not imported, and a broken picture should
not cost the card its name and emails.
"""

from __future__ import annotations

import re

import vobject

from portability.importing.parsers.values import (
    add_email,
    add_phone,
    add_web,
    birthday,
    require_name_or_email,
    set_birthday,
    web_profile,
)
from portability.importing.records import (
    Birthday,
    ImportedContact,
    ImportFileError,
    Parsed,
    Position,
)

_BEGIN = re.compile(r"begin:vcard\s*", re.IGNORECASE)
_END = re.compile(r"end:vcard\s*", re.IGNORECASE)
_PHOTO = re.compile(r"(?:[\w-]+\.)?photo[;:]", re.IGNORECASE)
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
# vCard TYPEs that are not a label a person gave (INTERNET, PREF, VOICE) and how the others read.
_NOT_LABELS = {"internet", "pref", "voice", "x400", "msg", "uri", "text"}
_LABELS = {"cell": "mobile", "work": "work", "home": "home", "fax": "fax", "pager": "pager"}
_NETWORKS = {"linkedin", "x", "github", "mastodon", "bluesky", "instagram", "facebook", "website"}
_NETWORKS |= {"twitter"}  # Apple's X-SOCIALPROFILE still says twitter.
# Google's own groups, exported as categories like any label.
_SYSTEM_CATEGORIES = {"mycontacts", "starred"}


def parse(text: str, *, max_rows: int) -> Parsed:
    cards = _cards(text)
    if not cards:
        raise ImportFileError(
            "This is not a vCard file: it has no BEGIN:VCARD line. Export the contacts as "
            "vCard (.vcf) again, or choose the format the file is in."
        )
    if len(cards) > max_rows:
        raise ImportFileError(
            f"More than {max_rows:,} cards: split the file into parts of at most {max_rows:,} "
            "cards and import them one after the other."
        )
    parsed = Parsed(format="vcard")
    photos = sum(card.photos for card in cards)
    for number, card in enumerate(cards, start=1):
        contact = ImportedContact(source=f"card {number} (line {card.line})")
        if not card.complete:
            contact.left_out.append("This card has no END:VCARD line; it may be cut short.")
        component = _read(card.text(), contact)
        if component is not None:
            _fill(contact, component)
            require_name_or_email(contact)
        parsed.contacts.append(contact)
    if photos:
        parsed.warnings.append(
            f"{photos} photo(s) were not imported: Rapport does not fetch pictures from other "
            "sites, nor take them from vCards. Add photos on the contact pages."
        )
    return parsed


class _Card:
    def __init__(self, line: int, first: str):
        self.line = line
        self.lines = [first]
        self.photos = 0
        self.complete = False

    def text(self) -> str:
        return "\n".join([*self.lines, *([] if self.complete else ["END:VCARD"]), ""])


def _cards(text: str) -> list[_Card]:
    """Every card, with the line it starts on; lines between cards are ignored. A BEGIN:VCARD
    before the previous card's END closes that card as incomplete."""
    cards: list[_Card] = []
    current: _Card | None = None
    in_photo = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _BEGIN.fullmatch(line):
            current = _Card(number, line)
            cards.append(current)
            in_photo = False
        elif current is None or current.complete:
            continue
        elif _PHOTO.match(line):
            current.photos += 1
            in_photo = True
        elif in_photo and (line[:1] in (" ", "\t") or not line.strip()):
            continue  # A folded line of the picture (or the blank line 2.1 ends base64 with).
        else:
            in_photo = False
            current.lines.append(line)
            current.complete = bool(_END.fullmatch(line))
    return cards


def _read(card_text: str, contact: ImportedContact):
    """The vobject component, or None with the reason in the contact's problems. vobject raises
    many kinds of exception for bad input (ParseError, ValueError, binascii and Unicode errors
    from bad base64 or QUOTED-PRINTABLE), so any exception here is a problem of this card."""
    try:
        return vobject.readOne(card_text, allowQP=True)
    except Exception as error:
        first_error = error
    try:
        card = vobject.readOne(card_text, allowQP=True, ignoreUnreadable=True)
    except Exception as error:
        contact.problems.append(f"This card could not be read ({_short(error)}).")
        return None
    contact.left_out.append(
        f"Some lines of this card could not be read and were left out ({_short(first_error)})."
    )
    return card


def _short(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "…"


def _fill(contact: ImportedContact, card) -> None:
    """Copy what the card holds into the contact."""
    labels = {
        line.group.lower(): _apple_label(_text(line.value))
        for line in card.lines()
        if line.group and line.name == "X-ABLABEL"
    }
    notes: list[str] = []
    role = ""
    for line in card.lines():
        name = line.name
        try:
            if name == "N":
                _name(contact, line.value)
            elif name == "FN":
                contact.full_name = _text(line.value)
            elif name == "NICKNAME":
                contact.nickname = contact.nickname or _text(line.value)
            elif name == "EMAIL":
                add_email(contact, _text(line.value), _label(line, labels))
            elif name == "TEL":
                add_phone(contact, _text(line.value).removeprefix("tel:"), _label(line, labels))
            elif name in ("URL", "X-SOCIALPROFILE"):
                _web(contact, line)
            elif name == "ORG":
                # ORG is "name;department;…": the organization is the first part.
                value = line.value
                organization = _text(value[0] if isinstance(value, list) and value else value)
                if organization:
                    contact.positions.append(Position(organization=organization))
            elif name == "TITLE":
                contact.job_title = contact.job_title or _text(line.value)
            elif name == "ROLE":
                role = role or _text(line.value)
            elif name == "BDAY":
                set_birthday(contact, _text(line.value), parse=_bday(line))
            elif name == "ADR" and not contact.location:
                contact.location = _location(line.value)
            elif name == "NOTE":
                notes.append(_text(line.value).replace("\r\n", "\n"))
            elif name == "CATEGORIES":
                _tags(contact, line.value)
        except (AttributeError, TypeError, ValueError) as error:
            # A value of an unexpected shape (vobject hands over what it could make of it).
            contact.left_out.append(f"The {name} line could not be read ({_short(error)}).")
    contact.notes = "\n\n".join(filter(None, notes))
    # Rapport writes the role at the organization as ROLE and the job title as TITLE; most
    # writers only have TITLE, which is then the role too.
    contact.positions = [
        Position(organization=p.organization, role=role or contact.job_title)
        for p in contact.positions[:1]
    ]
    if contact.first_name or contact.last_name:
        contact.full_name = ""


def _text(value) -> str:
    if isinstance(value, list | tuple):
        return ";".join(_text(part) for part in value)
    if isinstance(value, bytes):
        return ""
    return str(value).strip()


def _name(contact: ImportedContact, value) -> None:
    if isinstance(value, str):
        # vCard 2.1 writers sometimes put a plain string; vobject keeps it as is.
        parts = value.split(";") + [""] * 5
        family, given, additional, prefix, suffix = (p.strip() for p in parts[:5])
    else:
        family, given, additional, prefix, suffix = (
            _text(value.family),
            _text(value.given),
            _text(value.additional),
            _text(value.prefix),
            _text(value.suffix),
        )
    contact.last_name, contact.first_name, contact.middle_name = family, given, additional
    contact.prefix, contact.suffix = prefix, suffix


def _types(line) -> list[str]:
    """TYPE values, however the version wrote them: TYPE=WORK,pref (3.0/4.0), WORK;VOICE (2.1)."""
    found = [*line.params.get("TYPE", []), *line.singletonparams]
    return [part.strip().lower() for value in found for part in value.split(",") if part.strip()]


def _label(line, labels: dict[str, str]) -> str:
    if line.group and line.group.lower() in labels:
        return labels[line.group.lower()]
    for kind in _types(line):
        if kind not in _NOT_LABELS:
            return _LABELS.get(kind, kind)
    return ""


def _apple_label(text: str) -> str:
    """Apple's built-in labels are written "_$!<Work>!$_"; custom ones as typed."""
    match = _APPLE_LABEL.fullmatch(text)
    return match.group(1).strip().lower() if match else text.strip()


def _web(contact: ImportedContact, line) -> None:
    url = _text(line.value)
    network = next((kind for kind in _types(line) if kind in _NETWORKS), "")
    profile = web_profile(url) if url else None
    if profile and network and profile[0] == "website" and network != "website":
        # A profile on a host we cannot tell (a Mastodon server): the card says which network.
        contact.profiles.append(("x" if network == "twitter" else network, profile[1]))
        return
    add_web(contact, url)


def _bday(line):
    """How to read this BDAY: Apple writes a year-less birthday with a placeholder year."""
    omit = line.params.get("X-APPLE-OMIT-YEAR", [])

    def read(text: str) -> Birthday:
        day = birthday(text.split("T")[0] if len(text) > 10 else text)
        if omit and day.year is not None and str(day.year) == omit[0].strip():
            return Birthday(day=day.day, month=day.month)
        return day

    return read


def _location(value) -> str:
    if isinstance(value, str):
        return value.replace(";", " ").strip()
    parts = [_text(getattr(value, part, "")) for part in ("city", "region", "country")]
    return ", ".join(filter(None, parts))


def _tags(contact: ImportedContact, value) -> None:
    names = value if isinstance(value, list) else str(value).split(",")
    for name in names:
        tag = str(name).strip()
        if (
            tag
            and tag.casefold() not in _SYSTEM_CATEGORIES
            and tag.casefold() not in {t.casefold() for t in contact.tags}
        ):
            contact.tags.append(tag)
