import pytest

from portability.importing.parsers import parse
from portability.importing.records import Birthday, ImportFileError, Position
from tests.portability.importing.helpers import fixture


def test_it_reads_the_outlook_com_export():
    ana, bruno, nobody = parse(fixture("outlook_com.csv"), format="outlook").contacts

    assert (ana.prefix, ana.first_name, ana.last_name) == ("Dr.", "Ana", "Lima")
    assert ana.emails == [("ana@acme.example", ""), ("ana@home.example", "")]
    # The assistant's number is not Ana's.
    assert ana.phones == [("+33 1 23 45 67 89", "work"), ("+33 6 12 34 56 78", "mobile")]
    assert ana.positions == [Position(organization="Acme, Inc.", role="CTO")]
    assert ana.location == "Paris, France"
    assert ana.profiles == [("website", "https://ana.example")]
    assert ana.birthday == Birthday(day=12, month=4, year=1985)
    assert ana.notes == "Two lines\nof notes"
    assert ana.tags == ["Friends", "PyCon"]
    assert bruno.location == "Porto, Portugal"
    assert bruno.birthday == Birthday(day=31, month=12, year=1990)
    assert nobody.problems == ["No name and no email: there is nobody to import on this row."]


def test_it_reads_a_desktop_export_in_windows_1252_and_says_so():
    parsed = parse(fixture("outlook_desktop_cp1252.csv"), format="outlook")
    jose, colleague, bad = parsed.contacts

    assert "Windows-1252" in parsed.warnings[0]
    assert (jose.first_name, jose.last_name, jose.job_title) == ("José", "Müller", "Ingénieur")
    assert jose.notes == "Café «Zürich»"
    assert jose.emails == [("jose@initech.example", "")]
    assert jose.birthday == Birthday(day=12, month=4, year=1985)
    assert jose.tags == ["Kunden", "VIP"]
    assert jose.phones == [("+49 151 23456789", "mobile")]
    # "0/0/00" is Outlook's "no birthday", not a problem.
    assert colleague.birthday is None
    assert colleague.problems == []
    # An Exchange (X.500) address is not an email; the display name holds the real one.
    assert colleague.emails == [("colleague@corp.example", "work")]
    assert bad.problems == []
    assert bad.left_out == [
        "Birthday “13/13/1985” is not a date (expected 1985-04-12 or --04-12); it was left out."
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4/12/1985", Birthday(day=12, month=4, year=1985)),
        ("31/12/1985", Birthday(day=31, month=12, year=1985)),
        ("4/12/85", Birthday(day=12, month=4, year=1985)),
        ("4/12/07", Birthday(day=12, month=4, year=2007)),
        ("0/0/00", None),
    ],
)
def test_outlook_dates(text, expected):
    data = f'"First Name","E-mail Address","Birthday"\n"Ana","","{text}"\n'.encode()

    assert parse(data, format="outlook").contacts[0].birthday == expected


def test_a_semicolon_separated_export_from_a_european_outlook_is_read():
    data = b'"First Name";"Last Name";"E-mail Address"\r\n"Ana";"Lima";"ana@example.com"\r\n'

    (ana,) = parse(data, format="outlook").contacts

    assert (ana.first_name, ana.emails) == ("Ana", [("ana@example.com", "")])


def test_a_google_file_is_refused_with_the_format_it_looks_like():
    with pytest.raises(ImportFileError, match="Google Contacts export, not an Outlook one"):
        parse(fixture("google_current.csv"), format="outlook")
