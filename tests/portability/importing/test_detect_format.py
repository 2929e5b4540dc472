import pytest

from portability.importing.parsers import FORMATS, detect_format, parse
from tests.portability.importing.helpers import fixture


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("linkedin_connections.csv", "linkedin"),
        ("linkedin_messages.csv", "linkedin_messages"),
        ("google_current.csv", "google"),
        ("google_legacy.csv", "google"),
        ("outlook_com.csv", "outlook"),
        ("outlook_desktop_cp1252.csv", "outlook"),
        ("android_21.vcf", "vcard"),
        ("apple_30.vcf", "vcard"),
        ("google_30.vcf", "vcard"),
        ("multi_40.vcf", "vcard"),
        ("mapped_semicolons.csv", "csv"),
    ],
)
def test_it_recognizes_each_exporter(name, expected):
    assert detect_format(fixture(name), filename=name) == expected


def test_every_detected_format_parses_its_fixture():
    for name in ("linkedin_connections.csv", "google_current.csv", "outlook_com.csv"):
        data = fixture(name)
        assert parse(data, format=detect_format(data)).contacts


def test_a_vcf_name_is_enough_when_the_content_starts_oddly():
    assert detect_format(b"\n\nVERSION:3.0\n", filename="Contacts.VCF") == "vcard"


@pytest.mark.parametrize(
    "data", [b"", b"just one line of prose", b"\xff\xfe\x00", b"PK\x03\x04zip", b'"open,quote\n']
)
def test_it_has_no_guess_for_what_is_not_a_contact_file(data):
    assert detect_format(data, filename="notes.txt") is None


def test_every_guess_is_a_format_slug():
    guesses = {detect_format(fixture(name)) for name in ("apple_30.vcf", "google_legacy.csv")}

    assert guesses <= set(FORMATS)
