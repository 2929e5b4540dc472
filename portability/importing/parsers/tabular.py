"""Reading CSV text with the csv module: records with the line they start on, whole-file errors
in a person's words, and headers matched by name (never by position: every exporter adds, drops
and reorders columns between versions)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from portability.importing.records import ImportFileError

_DELIMITERS = (",", ";", "\t")


class _NeedsLeniency(Exception):
    """A strict read met text after a closing quote (`"Ana" Lima,`): reread leniently."""


def sniff_delimiter(text: str) -> str:
    """The separator of the first line: comma, or the semicolon European Excel and Outlook write,
    or a tab. The first line is a header, so it has no quoted separators worth worrying about."""
    first = text[: text.find("\n")] if "\n" in text else text
    counts = {delimiter: first.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def records(text: str, *, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, its cells) for every record of `text`, blank lines included.

    The read is strict first, so that a quote left open is reported where it opened instead of
    swallowing the rest of the file into one cell; when a strict read meets text after a closing
    quote on a record's own line (`"Ana" Lima,`), which spreadsheets tolerate, the file is reread
    leniently from that record on.
    """
    done = 0
    try:
        for item in _records(text, delimiter, strict=True):
            done += 1
            yield item
    except _NeedsLeniency:
        for index, item in enumerate(_records(text, delimiter, strict=False)):
            if index >= done:
                yield item


def _records(text: str, delimiter: str, *, strict: bool) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            message = str(error)
            # A quote left open runs on until the next quote in the file, usually lines later
            # and followed by more text: an error past the record's first line is that.
            runaway = reader.line_num > start and "expected after" in message
            if runaway or "unexpected end of data" in message or "field larger" in message:
                raise ImportFileError(
                    f'Line {start} has an unterminated quote: a cell opens with " and never '
                    "closes (or holds more than 131,072 characters). Check that line in a text "
                    "editor, or export the file again."
                ) from None
            if strict:
                raise _NeedsLeniency from None
            raise ImportFileError(f"Line {start} cannot be read as CSV ({message}).") from None
        yield start, row


def too_many_rows(max_rows: int) -> ImportFileError:
    return ImportFileError(
        f"More than {max_rows:,} rows: split the file into parts of at most {max_rows:,} rows "
        "and import them one after the other."
    )


def data_rows(
    rows: Iterable[tuple[int, list[str]]], max_rows: int
) -> Iterator[tuple[int, list[str]]]:
    """The non-blank records after the header, stopping the read as soon as there are too many."""
    count = 0
    for line, cells in rows:
        if not "".join(cells).strip():
            continue
        count += 1
        if count > max_rows:
            raise too_many_rows(max_rows)
        yield line, cells


def header_key(name: str) -> str:
    """How a header is compared: without case, spaces around it or a BOM a tool left in it."""
    return name.strip().strip("\ufeff").strip().casefold()


def header_index(header: list[str]) -> dict[str, int]:
    """Column position by header key; the first of two same-named columns wins."""
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(header_key(name), position)
    return index


def find_header(
    rows: Iterator[tuple[int, list[str]]], required: Iterable[str], *, within: int = 20
) -> tuple[int, list[str]] | None:
    """The first record, among the first `within`, that has every `required` header key (LinkedIn
    puts a "Notes:" preamble before its header). Consumes `rows` up to and including it."""
    needed = set(required)
    for count, (line, cells) in enumerate(rows):
        if count >= within:
            return None
        if needed <= {header_key(cell) for cell in cells}:
            return line, cells
    return None


def cell(cells: list[str], position: int | None) -> str:
    """A stripped cell, or "" when the column is absent or the row is short (ragged rows happen)."""
    if position is None or position >= len(cells):
        return ""
    return cells[position].strip()
