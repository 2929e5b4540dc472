"""CSV that is safe to open in a spreadsheet.

A cell starting with =, +, -, @, a tab or a carriage return is run as a formula by Excel,
LibreOffice and Google Sheets ("CSV injection": =HYPERLINK(...) or a DDE call in a contact's
name). Following OWASP, such a cell is written with a leading apostrophe, which spreadsheets
show as text and do not display; the value itself is kept whole. Phone numbers in E.164 start
with + and are written the same way, which also stops spreadsheets from reading them as numbers.
`restore_formula` undoes it when a file exported here is imported again.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from contacts.exporting.rows import CONTACT_COLUMNS, contact_row

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formula(value: Any) -> str:
    """The cell as text, with a leading apostrophe when a spreadsheet would run it."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def restore_formula(text: str) -> str:
    """The value `neutralize_formula` was given (only apostrophes it added are removed)."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def write_csv(stream, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a header and rows to a text stream, every cell neutralized."""
    writer = csv.writer(stream)
    writer.writerow([neutralize_formula(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralize_formula(cell) for cell in row])


def contacts_csv(contacts: Iterable) -> str:
    """The contacts (from contacts_for_export) as CSV text, one row each."""
    buffer = io.StringIO()
    write_csv(buffer, [label for _, label in CONTACT_COLUMNS], (contact_row(c) for c in contacts))
    return buffer.getvalue()
