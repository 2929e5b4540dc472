"""Which exporter wrote a file, from its header row or its first line: for pre-selecting the
format in the upload form, and for telling a person they picked the wrong one."""

from __future__ import annotations

from collections.abc import Iterable

from portability.importing.parsers import tabular
from portability.importing.parsers.decoding import decode
from portability.importing.records import ImportFileError

LABELS = {
    "linkedin": "LinkedIn Connections",
    "google": "Google Contacts",
    "outlook": "Outlook",
    "vcard": "vCard",
    "linkedin_messages": "LinkedIn messages",
}


def format_of_header(cells: Iterable[str]) -> str | None:
    """The format whose header row this is, or None for a header no exporter we know writes."""
    names = {tabular.header_key(cell) for cell in cells}
    if {"conversation id", "from", "date", "content"} <= names:
        return "linkedin_messages"
    if {"first name", "last name", "url", "connected on"} <= names:
        return "linkedin"
    if "e-mail 1 - value" in names or "group membership" in names or "labels" in names:
        return "google"
    if {"given name", "family name"} <= names:
        return "google"
    if "e-mail address" in names or "e-mail 2 address" in names or "business phone" in names:
        return "outlook"
    return None


def looks_like_vcard(text: str) -> bool:
    return text.lstrip()[:11].upper() == "BEGIN:VCARD"


def detect_text(text: str, filename: str = "") -> str | None:
    if looks_like_vcard(text):
        return "vcard"
    if filename.lower().endswith((".vcf", ".vcard")):
        return "vcard"
    delimiter = tabular.sniff_delimiter(text)
    widest = 0
    try:
        for count, (_line, cells) in enumerate(tabular.records(text, delimiter=delimiter)):
            if count >= 20:
                break
            found = format_of_header(cells)
            if found:
                return found
            widest = max(widest, len(cells))
    except ImportFileError:
        return None
    # Several columns but no exporter we know: the mapping step can still read it.
    return "csv" if widest >= 2 else None


def detect(data: bytes, filename: str = "") -> str | None:
    try:
        text, _warning = decode(data, cp1252_fallback=True)
    except ImportFileError:
        return None
    return detect_text(text, filename)


def wrong_format(expected: str, text: str, expected_header: str) -> ImportFileError:
    """The error for a file that lacks `expected`'s header: name what it looks like instead."""
    found = detect_text(text)
    if found and found != expected and found in LABELS:
        return ImportFileError(
            f"This looks like {_a(LABELS[found])} export, not {_a(LABELS[expected])} one: "
            "choose that format instead."
        )
    return ImportFileError(
        f"This is not {_a(LABELS[expected])} export: its first lines have no header row "
        f"({expected_header})."
    )


def _a(label: str) -> str:
    return f"an {label}" if label[0] in "AEIOU" else f"a {label}"
