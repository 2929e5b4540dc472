"""Parsers for the files other tools export: bytes in, `records.Parsed` out.

One module per format; this module is the public face the import flow uses:

- FORMATS: slug → label, for the format picker;
- detect_format(data, filename): a best guess, to pre-select the picker;
- parse(data, format=…, mapping=…, max_rows=…): records, or ImportFileError for a file that cannot
  be read at all (row problems go into each record's `problems`);
- csv_columns(data) and MAPPABLE_FIELDS: the headers, sample rows and targets of the mapping step
  for the "csv" format.

Parsers never touch the database and never fetch anything. See docs/import-formats.md.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping

from portability.importing.parsers import detection, linkedin
from portability.importing.parsers.decoding import decode
from portability.importing.records import ImportFileError, Parsed

FORMATS: dict[str, str] = {
    "linkedin": "LinkedIn connections (Connections.csv)",
    "google": "Google Contacts (CSV)",
    "outlook": "Outlook (CSV, Outlook.com or desktop)",
    "vcard": "vCard (.vcf: iPhone, Android, Google, Thunderbird)",
    "csv": "Any CSV (choose what each column is)",
    "linkedin_messages": "LinkedIn messages (messages.csv)",
}

_PARSERS: dict[str, Callable[..., Parsed]] = {
    "linkedin": linkedin.parse,
}


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
    if format not in _PARSERS:
        raise NotImplementedError(format)
    text, warning = decode(data, cp1252_fallback=format == "outlook")
    # Tens of thousands of records are containers the cyclic collector would scan over and over
    # (measured: half of a 30,000-row LinkedIn parse). Records form no cycles, so it waits.
    collecting = gc.isenabled()
    gc.disable()
    try:
        parsed = _PARSERS[format](text, max_rows=max_rows)
    finally:
        if collecting:
            gc.enable()
    if warning:
        parsed.warnings.insert(0, warning)
    return parsed


__all__ = ["FORMATS", "ImportFileError", "Parsed", "detect_format", "parse"]
