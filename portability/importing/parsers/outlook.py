"""Outlook CSV: the Outlook.com export (61 columns) and desktop Outlook's (every field quoted,
"E-mail Address","E-mail Type","E-mail Display Name", "Categories" separated by ";").

Desktop Outlook writes dates in the short format of Windows' locale ("4/12/1985", "0/0/00" for
none) and, for a colleague from the same Exchange server, an X.500 address ("/o=ExchangeLabs/…",
type "EX") in place of the email, with the real address only in the display name
("Ana Lima (ana@acme.example)").
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from portability.importing.parsers import tabular
from portability.importing.parsers.detection import format_of_header, wrong_format
from portability.importing.parsers.values import (
    add_email,
    add_phone,
    add_web,
    birthday,
    checked_birthday,
    require_name_or_email,
    set_birthday,
    split_tags,
)
from portability.importing.records import Birthday, ImportedContact, Parsed, Position

_EMAIL = re.compile(r"e-mail(?: (?P<number>\d))? address")
_IN_PARENTHESES = re.compile(r"\(([^()\s]+@[^()\s]+)\)\s*$")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
# The person's phone columns and the label each gives its number ("Assistant's Phone",
# "Callback" and "Telex" are not the person's, and are left out).
_PHONE_LABELS = {
    "mobile phone": "mobile",
    "primary phone": "",
    "home phone": "home",
    "home phone 2": "home",
    "business phone": "work",
    "business phone 2": "work",
    "company main phone": "work",
    "other phone": "other",
    "home fax": "home fax",
    "business fax": "work fax",
    "other fax": "fax",
    "car phone": "car",
    "pager": "pager",
}
_NAMES = {
    "prefix": "title",
    "first_name": "first name",
    "middle_name": "middle name",
    "last_name": "last name",
    "suffix": "suffix",
    "nickname": "nickname",
}


def parse(text: str, *, max_rows: int) -> Parsed:
    rows = tabular.data_rows(
        tabular.records(text, delimiter=tabular.sniff_delimiter(text)), max_rows
    )
    first = next(rows, None)
    if first is None or format_of_header(first[1]) != "outlook":
        raise wrong_format("outlook", text, '"First Name", "Last Name", "E-mail Address", …')
    reader = _Reader(first[1])
    parsed = Parsed(format="outlook")
    for line, cells in rows:
        parsed.contacts.append(reader.contact(line, cells))
    return parsed


class _Reader:
    def __init__(self, header: list[str]):
        self.index = tabular.header_index(header)
        self.emails = []  # (address, type, display name) column positions, in number order
        for key, position in sorted(self.index.items(), key=lambda item: item[1]):
            match = _EMAIL.fullmatch(key)
            if match:
                prefix = f"e-mail {match.group('number')}" if match.group("number") else "e-mail"
                self.emails.append(
                    (
                        position,
                        self.index.get(f"{prefix} type"),
                        self.index.get(f"{prefix} display name"),
                    )
                )
        self.phones = [
            (position, _PHONE_LABELS[key])
            for key, position in sorted(self.index.items(), key=lambda item: item[1])
            if key in _PHONE_LABELS
        ]

    def get(self, cells: list[str], key: str) -> str:
        return tabular.cell(cells, self.index.get(key))

    def contact(self, line: int, cells: list[str]) -> ImportedContact:
        contact = ImportedContact(source=f"line {line}")
        for field, key in _NAMES.items():
            setattr(contact, field, self.get(cells, key))
        for address, kind, display in self.emails:
            _add_outlook_email(contact, *(tabular.cell(cells, p) for p in (address, kind, display)))
        for position, label in self.phones:
            add_phone(contact, tabular.cell(cells, position), label)
        for key in ("web page", "personal web page"):
            add_web(contact, self.get(cells, key))
        contact.job_title = self.get(cells, "job title")
        company = self.get(cells, "company")
        if company:
            contact.positions.append(Position(organization=company, role=contact.job_title))
        contact.location = self.get(cells, "location") or self._address(cells)
        set_birthday(contact, self.get(cells, "birthday"), parse=outlook_date)
        contact.notes = self.get(cells, "notes")
        contact.tags = split_tags(self.get(cells, "categories"), ";")
        require_name_or_email(contact)
        return contact

    def _address(self, cells: list[str]) -> str:
        for kind in ("home", "business", "other"):
            parts = [
                self.get(cells, f"{kind} {part}") for part in ("city", "state", "country/region")
            ]
            if any(parts):
                return ", ".join(filter(None, parts))
        return ""


def _add_outlook_email(contact: ImportedContact, address: str, kind: str, display: str) -> None:
    if kind.upper() == "EX" and "@" not in address:
        # An Exchange directory entry: the address, if any, is in the display name.
        match = _IN_PARENTHESES.search(display)
        if match:
            add_email(contact, match.group(1), "work")
        return
    add_email(contact, address)


def outlook_date(text: str) -> Birthday | None:
    """A date as Outlook writes it: month/day/year ("4/12/1985", "4/12/85"), or day/month/year
    when the first number cannot be a month (31/12/1985); ISO 1985-04-12 too. "0/0/00" (and any
    zero day or month) is Outlook's "no date"."""
    match = _US_DATE.fullmatch(text.strip())
    if match is None:
        return birthday(text)
    month, day, year = (int(part) for part in match.groups())
    if month == 0 or day == 0:
        return None
    if month > 12:
        month, day = day, month
    if len(match.group(3)) == 2:
        # Two-digit years: a birthday is in the past, so 85 is 1985 and 07 is 2007.
        year += 2000 if 2000 + year <= datetime.now(UTC).year else 1900
    return checked_birthday(day, month, year)
