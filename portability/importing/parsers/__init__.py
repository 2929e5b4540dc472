"""Parsers for the files other tools export: bytes in, `records.Parsed` out.

One module per format; this module is the public face the import flow uses:

- FORMATS: slug → label, for the format picker;
- detect_format(data, filename): a best guess, to pre-select the picker;
- parse(data, format=…, mapping=…, max_rows=…): records, or ImportFileError for a file that cannot
  be read at all (row problems go into each record's `problems`);
- csv_columns(data) and MAPPABLE_FIELDS: the headers, sample rows and targets of the mapping step
  for the "csv" format, and suggest_mapping(header): the fields its headers name.

Parsers never touch the database and never fetch anything. See docs/import-formats.md.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping

from portability.importing.parsers import (
    detection,
    google,
    linkedin,
    linkedin_messages,
    mapped,
    outlook,
    vcard,
)
from portability.importing.parsers.decoding import decode
from portability.importing.records import Parsed

FORMATS: dict[str, str] = {
    "linkedin": "LinkedIn connections (Connections.csv)",
    "google": "Google Contacts (CSV)",
    "outlook": "Outlook (CSV, Outlook.com or desktop)",
    "vcard": "vCard (.vcf: iPhone, Android, Google, Thunderbird)",
    "csv": "Any CSV (choose what each column is)",
    "linkedin_messages": "LinkedIn messages (messages.csv)",
}

MAPPABLE_FIELDS: dict[str, str] = mapped.MAPPABLE_FIELDS
suggest_mapping = mapped.suggest_mapping

# Every format but "csv", which also takes the mapping.
_PARSERS: dict[str, Callable[..., Parsed]] = {
    "linkedin": linkedin.parse,
    "google": google.parse,
    "outlook": outlook.parse,
    "vcard": vcard.parse,
    "linkedin_messages": linkedin_messages.parse,
}


# Desktop Outlook writes the Windows code page, and so does Excel's plain "CSV" (as opposed to
# its "CSV UTF-8"): for these two, bytes that are not UTF-8 are read as Windows-1252.
_ANSI_FORMATS = ("outlook", "csv")


def csv_columns(data: bytes) -> tuple[list[str], list[list[str]]]:
    """The header of a CSV (the keys a `mapping` uses) and up to 5 sample rows, for the mapping
    step. Raises ImportFileError for a file that cannot be read."""
    text, _warning = decode(data, cp1252_fallback=True)
    return mapped.columns(text)


def detect_format(data: bytes, filename: str = "") -> str | None:
    """The format slug this file most likely is, or None when nothing fits."""
    return detection.detect(data, filename)


def parse(
    data: bytes,
    *,
    format: str,
    mapping: Mapping[str, str] | None = None,
    max_rows: int = 20_000,
) -> Parsed:
    """The records of `data` read as `format` (a FORMATS slug).

    Raises ImportFileError (with `message` for the person) when the file cannot be read at all,
    ValueError for a slug or mapping target that does not exist (a programming error).
    """
    if format not in FORMATS:
        raise ValueError(f"Unknown import format {format!r}")
    if format == "csv":
        mapped.check_mapping(mapping)
    text, warning = decode(data, cp1252_fallback=format in _ANSI_FORMATS)
    # Tens of thousands of records are containers the cyclic collector would scan over and over
    # (measured: half of a 30,000-row LinkedIn parse). Records form no cycles, so it waits.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if format == "csv":
            parsed = mapped.parse(text, mapping=mapping, max_rows=max_rows)
        else:
            parsed = _PARSERS[format](text, max_rows=max_rows)
    finally:
        if collecting:
            gc.enable()
    if warning:
        parsed.warnings.insert(0, warning)
    return parsed


__all__ = ["FORMATS", "MAPPABLE_FIELDS", "csv_columns", "detect_format", "parse"]
