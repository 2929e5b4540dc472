"""LinkedIn's Connections.csv (Settings → Data privacy → Get a copy of your data → Connections).

    Notes:
    "When exporting your connection data, you may notice that some of the email addresses are
    missing. …"

    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    Ana,Lima,https://www.linkedin.com/in/ana-lima,,"Acme, Inc.",CTO,07 Dec 2025

A preamble comes before the header (its length has changed over the years, so the header is
found by name); most emails are empty (members choose whether to share them). This parser runs
over tens of thousands of rows, so the loop does only what each row needs.
"""

from __future__ import annotations

from datetime import date

from portability.importing.parsers import tabular
from portability.importing.parsers.detection import wrong_format
from portability.importing.parsers.values import add_email, linkedin_profile_url
from portability.importing.records import ImportedContact, Parsed, Position

HEADER = ("first name", "last name", "url")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def parse(text: str, *, max_rows: int) -> Parsed:
    rows = tabular.records(text)
    found = tabular.find_header(rows, HEADER)
    if found is None:
        raise wrong_format(
            "linkedin", text, "First Name, Last Name, URL, Email Address, Company, Position"
        )
    header = found[1]
    index = tabular.header_index(header)
    # A missing column reads the empty cell padded onto every row: no per-cell length checks.
    width = len(header)
    first, last, url, email, company, position, connected = (
        index.get(name, width)
        for name in (
            "first name", "last name", "url", "email address", "company", "position",
            "connected on",
        )
    )  # fmt: skip
    padding = [""] * (width + 1)
    dates: dict[str, date | None] = {}  # A few thousand distinct days for 30,000 connections.
    parsed = Parsed(format="linkedin")
    append = parsed.contacts.append
    for line, cells in tabular.data_rows(rows, max_rows):
        if len(cells) <= width:
            cells = cells + padding[len(cells) :]
        contact = ImportedContact(
            source=f"line {line}",
            first_name=cells[first].strip(),
            last_name=cells[last].strip(),
        )
        raw_url = cells[url].strip()
        if raw_url:
            profile = linkedin_profile_url(raw_url)
            if profile:
                contact.profiles.append(("linkedin", profile))
            else:
                contact.left_out.append(
                    f"“{raw_url}” is not a LinkedIn profile address; it was left out."
                )
        raw_email = cells[email].strip()
        if raw_email:
            add_email(contact, raw_email)
        organization, role = cells[company].strip(), cells[position].strip()
        contact.job_title = role
        if organization:
            contact.positions.append(Position(organization=organization, role=role))
        raw_date = cells[connected].strip()
        if raw_date:
            if raw_date not in dates:
                dates[raw_date] = connected_on(raw_date)
            contact.connected_on = dates[raw_date]
            if contact.connected_on is None:
                contact.left_out.append(
                    f"Connected On “{raw_date}” is not a date like 07 Dec 2025; it was left out."
                )
        if not (contact.first_name or contact.last_name or contact.emails):
            contact.problems.append("No name and no email: there is nobody to import on this row.")
        append(contact)
    return parsed


def connected_on(text: str) -> date | None:
    """LinkedIn writes "07 Dec 2025" (English month names whatever the member's language); a
    spreadsheet that touched the file may have rewritten it 2025-12-07. None for anything else."""
    parts = text.split()
    try:
        if len(parts) == 3:
            month = _MONTHS.get(parts[1][:3].lower())
            if month is None or not (parts[0].isdecimal() and parts[2].isdecimal()):
                return None
            return date(int(parts[2]), month, int(parts[0]))
        return date.fromisoformat(text)
    except ValueError:
        return None
