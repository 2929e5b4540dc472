"""Bytes to text, in one place for every format.

A byte-order mark decides (UTF-8, UTF-16 LE/BE); without one the file must be UTF-8, which is what
LinkedIn, Google, Outlook.com and phones write. Desktop Outlook writes its CSV in the Windows "ANSI"
code page instead, so the Outlook parser alone may fall back to Windows-1252 (and says so in a
warning): guessing a code page for other formats would turn a wrong file into silent mojibake.
"""

from __future__ import annotations

import codecs

from portability.importing.records import ImportFileError

NOT_TEXT = (
    "This file is not UTF-8 or UTF-16 text. Export it again as “CSV UTF-8” (or vCard), "
    "or open it in a spreadsheet and save it with that encoding."
)
CP1252_WARNING = (
    "This file was not UTF-8; it was read as Windows-1252 (Western European), the encoding "
    "desktop Outlook uses. Check accented names in the preview."
)


def decode(data: bytes, *, cp1252_fallback: bool = False) -> tuple[str, str | None]:
    """The text of `data`, with "\n" line ends, and a warning when it had to be read in a legacy
    encoding.

    Raises ImportFileError for a zip (an .xlsx or a whole LinkedIn archive), for bytes that are not
    text in any accepted encoding, and for text with NUL characters (a binary file).
    """
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            "This is a zip file (an Excel workbook or a whole export archive), not a CSV or vCard "
            "file: unzip it, or save the sheet as CSV, and upload that file."
        )
    warning = None
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[len(codecs.BOM_UTF8) :], "utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16")
    else:
        encoding = _bomless_utf16(data)
        if encoding:
            text = _strict(data, encoding)
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                if not cp1252_fallback:
                    raise ImportFileError(NOT_TEXT) from None
                text = _strict(data, "cp1252")
                warning = CP1252_WARNING
    if "\x00" in text:
        raise ImportFileError(NOT_TEXT)
    # Windows line ends inside a multi-line cell would reach notes as "\r\n"; one kind of line
    # end everywhere (line numbers do not change).
    return text.replace("\r\n", "\n"), warning


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFileError(NOT_TEXT) from None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 written without a BOM (some Windows tools): ASCII text then has a NUL in every other
    byte. Looking at the first 200 bytes is enough to tell, and cheap."""
    head = data[:200]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    half = len(head) // 2
    if odd_nuls > 0.9 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.9 * half and odd_nuls == 0:
        return "utf-16-be"
    return None
