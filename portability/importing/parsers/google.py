"""Google Contacts CSV (contacts.google.com → Export → Google CSV), current and legacy layouts.

Current: "First Name","Middle Name","Last Name",…,"Organization Name","Organization Title",
"Birthday","Notes","Photo","Labels","E-mail 1 - Label","E-mail 1 - Value","Phone 1 - Label",…
Legacy: "Name","Given Name","Additional Name","Family Name",…,"Group Membership",
"E-mail 1 - Type","E-mail 1 - Value",…,"Organization 1 - Name","Organization 1 - Title",…

One cell may hold several values joined by " ::: " (two work emails share "E-mail 1 - Value");
a label written "* Work" marks the primary one; labels starting with "* " ("* myContacts",
"* starred") are Google's own, not the person's tags.
"""

from __future__ import annotations

from portability.importing.parsers import tabular
from portability.importing.parsers.columns import numbered_groups
from portability.importing.parsers.detection import format_of_header, wrong_format
from portability.importing.parsers.values import (
    add_email,
    add_phone,
    add_web,
    require_name_or_email,
    set_birthday,
)
from portability.importing.records import ImportedContact, Parsed, Position

SEPARATOR = " ::: "
_NAMES = {
    "first_name": ("first name", "given name"),
    "middle_name": ("middle name", "additional name"),
    "last_name": ("last name", "family name"),
    "prefix": ("name prefix",),
    "suffix": ("name suffix",),
    "nickname": ("nickname",),
}


def parse(text: str, *, max_rows: int) -> Parsed:
    rows = tabular.data_rows(
        tabular.records(text, delimiter=tabular.sniff_delimiter(text)), max_rows
    )
    first = next(rows, None)
    if first is None or format_of_header(first[1]) != "google":
        raise wrong_format("google", text, '"First Name", "Last Name", …, "E-mail 1 - Value"')
    header = first[1]
    reader = _Reader(header)
    parsed = Parsed(format="google")
    photos = 0
    for line, cells in rows:
        contact = reader.contact(line, cells)
        photos += bool(tabular.cell(cells, reader.index.get("photo")))
        parsed.contacts.append(contact)
    if photos:
        parsed.warnings.append(
            f"{photos} photo link(s) were not imported: Rapport does not fetch pictures from "
            "other sites. Add photos on the contact pages."
        )
    return parsed


class _Reader:
    """Where each field is in this file's header, then one contact per row."""

    def __init__(self, header: list[str]):
        self.index = tabular.header_index(header)
        self.groups = numbered_groups(header)
        self.names = {
            field: next((self.index[k] for k in keys if k in self.index), None)
            for field, keys in _NAMES.items()
        }

    def get(self, cells: list[str], key: str) -> str:
        return tabular.cell(cells, self.index.get(key))

    def contact(self, line: int, cells: list[str]) -> ImportedContact:
        contact = ImportedContact(source=f"line {line}")
        for field, position in self.names.items():
            setattr(contact, field, tabular.cell(cells, position))
        if not (contact.first_name or contact.last_name):
            contact.full_name = self.get(cells, "name") or self.get(cells, "file as")
        for group in self.groups.get("e-mail", []):
            label = _label(cells, group)
            for value in tabular.cell(cells, group.get("value")).split(SEPARATOR):
                add_email(contact, value, label)
        for group in self.groups.get("phone", []):
            label = _label(cells, group)
            for value in tabular.cell(cells, group.get("value")).split(SEPARATOR):
                add_phone(contact, value, label)
        for group in self.groups.get("website", []):
            for value in tabular.cell(cells, group.get("value")).split(SEPARATOR):
                add_web(contact, value)
        self._positions(contact, cells)
        contact.location = self._location(cells)
        set_birthday(contact, self.get(cells, "birthday"))
        contact.notes = self.get(cells, "notes")
        labels = self.get(cells, "labels") or self.get(cells, "group membership")
        contact.tags = [
            tag.strip()
            for tag in labels.split(SEPARATOR)
            if tag.strip() and not tag.strip().startswith("*")
        ]
        require_name_or_email(contact)
        return contact

    def _positions(self, contact: ImportedContact, cells: list[str]) -> None:
        # Current layout: one unnumbered organization; legacy: numbered groups.
        pairs = [(self.get(cells, "organization name"), self.get(cells, "organization title"))]
        pairs += [
            (tabular.cell(cells, group.get("name")), tabular.cell(cells, group.get("title")))
            for group in self.groups.get("organization", [])
        ]
        for organization, role in pairs:
            if role and not contact.job_title:
                contact.job_title = role
            if organization:
                contact.positions.append(Position(organization=organization, role=role))

    def _location(self, cells: list[str]) -> str:
        for group in self.groups.get("address", []):
            parts = [tabular.cell(cells, group.get(p)) for p in ("city", "region", "country")]
            if any(parts):
                return ", ".join(filter(None, parts))
            formatted = tabular.cell(cells, group.get("formatted"))
            if formatted:
                return ", ".join(line.strip() for line in formatted.splitlines() if line.strip())
        return ""


def _label(cells: list[str], group: dict[str, int]) -> str:
    """ "* Work" → "Work": the star marks Google's primary value, not part of the label."""
    label = tabular.cell(cells, group.get("label", group.get("type")))
    return label.removeprefix("*").strip()
