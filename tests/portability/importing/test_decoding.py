import codecs

import pytest

from portability.importing.parsers import parse
from portability.importing.records import ImportFileError

CSV = "First Name,Last Name,URL\r\nJosé,Łukasiewicz,linkedin.com/in/jose\r\n"


def names(data: bytes, format: str = "linkedin") -> tuple[str, str]:
    contact = parse(data, format=format).contacts[0]
    return contact.first_name, contact.last_name


@pytest.mark.parametrize(
    "data",
    [
        CSV.encode(),
        codecs.BOM_UTF8 + CSV.encode(),
        CSV.encode("utf-16"),  # with its BOM, little-endian on this machine
        codecs.BOM_UTF16_LE + CSV.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + CSV.encode("utf-16-be"),
        CSV.encode("utf-16-le"),  # no BOM: told by the NUL in every other byte
        CSV.encode("utf-16-be"),
    ],
    ids=[
        "utf-8",
        "utf-8-bom",
        "utf-16",
        "utf-16-le-bom",
        "utf-16-be-bom",
        "le-no-bom",
        "be-no-bom",
    ],
)
def test_every_unicode_encoding_reads_the_same(data):
    assert names(data) == ("José", "Łukasiewicz")


def test_windows_1252_is_refused_outside_outlook_and_csv_with_what_to_do():
    data = "First Name,Last Name,URL\nJosé,Müller,\n".encode("cp1252")

    with pytest.raises(ImportFileError, match=r"^This file is not UTF-8 or UTF-16 text"):
        parse(data, format="linkedin")


def test_windows_1252_is_read_for_outlook_with_a_warning():
    data = '"First Name","Last Name","E-mail Address"\n"José","Müller",""\n'.encode("cp1252")

    parsed = parse(data, format="outlook")

    assert (parsed.contacts[0].first_name, parsed.contacts[0].last_name) == ("José", "Müller")
    assert parsed.warnings[0].startswith("This file was not UTF-8; it was read as Windows-1252")


def test_a_spreadsheet_or_an_archive_is_named_for_what_it_is():
    with pytest.raises(ImportFileError, match=r"^This is a zip file"):
        parse(b"PK\x03\x04\x14\x00\x06\x00rest of an xlsx", format="csv", mapping={})


def test_a_binary_file_is_not_text():
    with pytest.raises(ImportFileError, match=r"^This file is not UTF-8 or UTF-16 text"):
        parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", format="vcard")


def test_nul_bytes_in_utf_8_are_not_text():
    with pytest.raises(ImportFileError, match=r"^This file is not UTF-8 or UTF-16 text"):
        parse(b"First Name,Last Name,URL\nAna\x00,Lima,\n", format="linkedin")


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown import format"):
        parse(b"", format="excel")
