"""Any CSV, through a mapping the person chooses: {column header: target field}.

Several columns may go to one field (two email columns, two note columns). A cell of a
list-like field (emails, phones, websites, tags) may hold several values separated by ";" or ",",
as a spreadsheet or our own CSV export writes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from portability.importing.parsers import tabular
from portability.importing.parsers.values import (
    add_email,
    add_phone,
    add_web,
    birthday,
    checked_birthday,
    linkedin_profile_url,
    require_name_or_email,
    set_birthday,
)
from portability.importing.records import (
    Birthday,
    ImportedContact,
    ImportFileError,
    Parsed,
    Position,
)

MAPPABLE_FIELDS: dict[str, str] = {
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "full_name": "Full name (when there are no parts)",
    "prefix": "Name prefix (Dr., Ms.)",
    "suffix": "Name suffix (Jr., PhD)",
    "nickname": "Nickname",
    "email": "Email (several: separated by ; or ,)",
    "phone": "Phone (several: separated by ;)",
    "company": "Company or organization",
    "job_title": "Job title",
    "linkedin_url": "LinkedIn profile address",
    "website": "Website or profile address",
    "location": "Location (city)",
    "birthday": "Birthday (1985-04-12, --04-12, 12 April 1985)",
    "connected_on": "Met on (a date, as LinkedIn's Connected On)",
    "notes": "Notes",
    "tags": "Tags (separated by ; or ,)",
}
# Headers other tools and spreadsheets use for each field, compared without case, spaces,
# dashes or underscores: what suggest_mapping pre-selects in the mapping step.
_HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "first_name": ("firstname", "givenname", "given", "forename", "first"),
    "middle_name": ("middlename", "additionalname", "middle"),
    "last_name": ("lastname", "familyname", "surname", "last"),
    "full_name": ("fullname", "name", "displayname", "contact", "contactname"),
    "prefix": ("prefix", "nameprefix", "salutation"),
    "suffix": ("suffix", "namesuffix"),
    "nickname": ("nickname", "nick"),
    "email": ("email", "emailaddress", "mail", "emails", "workemail", "personalemail"),
    "phone": ("phone", "phonenumber", "mobile", "mobilephone", "cell", "telephone", "tel"),
    "company": ("company", "organization", "organisation", "employer", "companyname"),
    "job_title": ("jobtitle", "title", "position", "role"),
    "linkedin_url": ("linkedin", "linkedinurl", "linkedinprofile"),
    "website": ("website", "web", "webpage", "homepage", "site", "url"),
    "location": ("location", "city", "town"),
    "birthday": ("birthday", "birthdate", "dateofbirth", "dob"),
    "connected_on": ("connectedon", "meton", "whenwemet", "datemet"),
    "notes": ("notes", "note", "comments", "comment", "description"),
    "tags": ("tags", "tag", "labels", "groups", "categories"),
}
_FIELD_OF_HEADER = {name: field for field, names in _HEADER_NAMES.items() for name in names}
_NOT_IN_A_HEADER = re.compile(r"[\s_\-]+")


def suggest_mapping(header: list[str]) -> dict[str, str]:
    """A field for each column whose header names one ("E-mail Address" -> email), each field
    at most once (the first column that names it), for the mapping step to pre-select."""
    suggested, taken = {}, set()
    for name in header:
        key = _NOT_IN_A_HEADER.sub("", name).casefold()
        field = key if key in MAPPABLE_FIELDS else _FIELD_OF_HEADER.get(key)
        if field and field not in taken:
            suggested[name] = field
            taken.add(field)
    return suggested


_TEXT_FIELDS = ("first_name", "middle_name", "last_name", "full_name", "prefix", "suffix")
_TEXT_FIELDS += ("nickname", "job_title", "location")
_SEVERAL = re.compile(r"[;,]")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_WORDY_DATE = re.compile(r"(?:(\d{1,2})\s+([a-z]+)\.?|([a-z]+)\.?\s+(\d{1,2}))(?:,?\s+(\d{4}))?")


def columns(text: str) -> tuple[list[str], list[list[str]]]:
    """The header (made unique, so it can key a mapping) and up to 5 non-blank sample rows."""
    rows = tabular.data_rows(tabular.records(text, delimiter=tabular.sniff_delimiter(text)), 6)
    first = next(rows, None)
    if first is None:
        raise ImportFileError("This file is empty: there is no header row and no data.")
    header = unique_header(first[1])
    samples = []
    for _line, cells in rows:
        samples.append([tabular.cell(cells, i) for i in range(len(header))])
        if len(samples) == 5:
            break
    return header, samples


def unique_header(cells: list[str]) -> list[str]:
    """Headers as a person reads them; a blank one becomes "Column 3", a repeat "Email (2)"."""
    header: list[str] = []
    seen: set[str] = set()
    for position, raw in enumerate(cells, start=1):
        name = raw.strip().strip("\ufeff").strip() or f"Column {position}"
        candidate, count = name, 1
        while candidate.casefold() in seen:
            count += 1
            candidate = f"{name} ({count})"
        seen.add(candidate.casefold())
        header.append(candidate)
    return header


def check_mapping(mapping: Mapping[str, str] | None) -> Mapping[str, str]:
    """The mapping, if every target is a MAPPABLE_FIELDS key or "" (column not imported); a
    ValueError otherwise: the form offers only those, so anything else is a programming error."""
    if mapping is None:
        raise ValueError("The csv format needs a mapping {column header: target field}")
    unknown = sorted(set(mapping.values()) - set(MAPPABLE_FIELDS) - {""})
    if unknown:
        raise ValueError(f"Unknown mapping targets: {unknown}")
    return mapping


def parse(text: str, *, mapping: Mapping[str, str] | None, max_rows: int) -> Parsed:
    mapping = check_mapping(mapping)
    rows = tabular.records(text, delimiter=tabular.sniff_delimiter(text))
    first = next(tabular.data_rows(rows, max_rows), None)
    if first is None:
        raise ImportFileError("This file is empty: there is no header row and no data.")
    header = unique_header(first[1])
    targets = [(i, mapping[name]) for i, name in enumerate(header) if mapping.get(name)]
    parsed = Parsed(format="csv")
    if not targets:
        raise ImportFileError("No column is mapped to a field: choose what at least one holds.")
    ignored = [name for name in header if not mapping.get(name)]
    if ignored:
        parsed.warnings.append("Not imported (no field chosen): " + ", ".join(ignored) + ".")
    missing = [name for name, target in mapping.items() if target and name not in header]
    if missing:
        parsed.warnings.append("Mapped columns not in this file: " + ", ".join(missing) + ".")
    for line, cells in tabular.data_rows(rows, max_rows):
        parsed.contacts.append(_contact(line, cells, targets))
    return parsed


def _contact(line: int, cells: list[str], targets: list[tuple[int, str]]) -> ImportedContact:
    contact = ImportedContact(source=f"line {line}")
    companies: list[str] = []
    notes: list[str] = []
    for position, target in targets:
        value = tabular.cell(cells, position)
        if not value:
            continue
        if target in _TEXT_FIELDS:
            if not getattr(contact, target):
                setattr(contact, target, value)
        elif target == "email":
            for part in _SEVERAL.split(value):
                add_email(contact, part)
        elif target == "phone":
            for part in value.split(";"):
                add_phone(contact, part)
        elif target == "website":
            for part in _SEVERAL.split(value):
                add_web(contact, part)
        elif target == "linkedin_url":
            profile = linkedin_profile_url(value)
            if profile is None:
                contact.left_out.append(
                    f"“{value}” is not a LinkedIn profile address; it was left out."
                )
            elif ("linkedin", profile) not in contact.profiles:
                contact.profiles.append(("linkedin", profile))
        elif target == "company":
            companies.append(value)
        elif target == "birthday":
            set_birthday(contact, value, parse=any_birthday)
        elif target == "connected_on":
            try:
                met = any_birthday(value)
                if met.year is None:
                    raise ValueError(value)
                contact.connected_on = date(met.year, met.month, met.day)
            except ValueError:
                contact.left_out.append(f"“{value}” is not a date; it was left out.")
        elif target == "notes":
            notes.append(value)
        elif target == "tags":
            for part in _SEVERAL.split(value):
                tag = part.strip()
                if tag and tag.casefold() not in {t.casefold() for t in contact.tags}:
                    contact.tags.append(tag)
    contact.notes = "\n\n".join(notes)
    contact.positions = [Position(organization=name, role=contact.job_title) for name in companies]
    require_name_or_email(contact)
    return contact


def any_birthday(text: str) -> Birthday:
    """ISO (1985-04-12, --04-12) or with an English month name (12 April 1985, April 12, 1985,
    12 Apr). A numeric date such as 04/12/1985 is refused: it reads two ways."""
    try:
        return birthday(text)
    except ValueError:
        pass
    match = _WORDY_DATE.fullmatch(text.strip().lower())
    if match is None:
        raise ValueError(text)
    day, month_name = (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
    month = _MONTHS.get(month_name)
    if month is None:
        raise ValueError(text)
    year = int(match.group(5)) if match.group(5) else None
    return checked_birthday(int(day), month, year)
