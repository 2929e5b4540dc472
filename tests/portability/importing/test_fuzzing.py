"""Whatever bytes arrive, a parser returns records or raises ImportFileError: never a
UnicodeDecodeError, IndexError or vobject exception that would become a 500.

FUZZ_EXAMPLES=1000 runs a longer search than the suite's quick one."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portability.importing.parsers import FORMATS, csv_columns, detect_format, parse
from portability.importing.records import ImportFileError, Parsed
from tests.portability.importing.helpers import fixture

FIXTURES = {
    "linkedin": ["linkedin_connections.csv"],
    "google": ["google_current.csv", "google_legacy.csv"],
    "outlook": ["outlook_com.csv", "outlook_desktop_cp1252.csv"],
    "vcard": ["android_21.vcf", "apple_30.vcf", "google_30.vcf", "multi_40.vcf"],
    "csv": ["mapped_semicolons.csv"],
    "linkedin_messages": ["linkedin_messages.csv"],
}
# Bytes that matter to the syntaxes: quotes, separators, line ends, vCard punctuation, BOMs,
# broken UTF-8 and QUOTED-PRINTABLE escapes.
INTERESTING = [
    b'"', b",", b";", b"\t", b"\n", b"\r", b"\r\n", b":", b"=", b"\\", b" ", b"\x00",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xc3", b"\xe9", b"=C3=", b"=\r\n", b"BEGIN:VCARD\n",
    b"END:VCARD\n", b"item1.", b";ENCODING=b:", b";ENCODING=QUOTED-PRINTABLE:", b" ::: ",
    b"* ", b"--", b"0/0/00", b"BDAY:", b"N:", b"ORG:", b"PHOTO;ENCODING=b:!!", b"TEL;VALUE=uri:",
]  # fmt: skip
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


def parse_or_refuse(data: bytes, format: str) -> None:
    mapping = None
    if format == "csv":
        try:
            headers, _samples = csv_columns(data)
        except ImportFileError:
            headers = ["Given"]
        # Every target once, over the columns there are: the mapped parser's every branch runs.
        targets = [
            *("first_name", "email", "phone", "website", "linkedin_url", "company"),
            *("birthday", "connected_on", "notes", "tags", "full_name", "location"),
        ]
        mapping = {h: targets[i % len(targets)] for i, h in enumerate(headers)}
    try:
        parsed = parse(data, format=format, mapping=mapping)
    except ImportFileError as error:
        assert error.message
        return
    assert isinstance(parsed, Parsed)
    assert all(isinstance(problem, str) for c in parsed.contacts for problem in c.problems)


@st.composite
def mutated(draw, names):
    data = bytearray(fixture(draw(st.sampled_from(names))))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        chunk = draw(st.sampled_from(INTERESTING) | st.binary(min_size=1, max_size=4))
        if action == "insert":
            data[position:position] = chunk
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 40))]
        elif action == "replace":
            data[position : position + len(chunk)] = chunk
        else:
            del data[position:]
    return bytes(data)


@pytest.mark.parametrize("format", FORMATS)
@FUZZ
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_parse_or_raise_import_file_error(format, data):
    parse_or_refuse(data, format)


@pytest.mark.parametrize("format", FORMATS)
@FUZZ
@given(data=st.data())
def test_mutated_fixtures_parse_or_raise_import_file_error(format, data):
    parse_or_refuse(data.draw(mutated(FIXTURES[format])), format)


@pytest.mark.parametrize("format", FORMATS)
@FUZZ
@given(data=st.data())
def test_any_fixture_read_as_any_format_parses_or_raises_import_file_error(format, data):
    names = [name for group in FIXTURES.values() for name in group]
    parse_or_refuse(fixture(data.draw(st.sampled_from(names))), format)


@FUZZ
@given(data=st.data())
def test_detect_format_and_csv_columns_never_raise_anything_else(data):
    blob = data.draw(mutated([name for group in FIXTURES.values() for name in group]))
    assert detect_format(blob, filename="upload.csv") in {None, *FORMATS}
    try:
        headers, samples = csv_columns(blob)
    except ImportFileError:
        return
    assert len(samples) <= 5
    assert all(len(row) == len(headers) for row in samples)
