import pytest

from portability.importing.parsers import parse
from portability.importing.records import Birthday, ImportFileError, Position
from tests.portability.importing.helpers import by_name, fixture


@pytest.fixture
def current():
    return parse(fixture("google_current.csv"), format="google")


def test_it_reads_names_through_the_bom(current):
    ana = current.contacts[0]

    assert (ana.prefix, ana.first_name, ana.middle_name, ana.last_name) == (
        "Dr.",
        "Ana",
        "Maria",
        "Lima",
    )
    assert ana.nickname == "Aninha"
    assert ana.source == "line 2"


def test_it_splits_values_joined_by_three_colons_and_keeps_their_labels(current):
    ana = current.contacts[0]

    assert ana.emails == [
        ("ana@acme.example", "Work"),
        ("ana.lima@acme.example", "Work"),
        ("ana@home.example", "Home"),
    ]
    assert ana.phones == [("+33 6 12 34 56 78", "Mobile"), ("+33 1 23 45 67 89", "Work")]


def test_system_labels_are_not_tags(current):
    assert current.contacts[0].tags == ["Friends", "PyCon 2024"]
    assert current.contacts[1].tags == []


def test_it_reads_the_organization_location_website_and_multi_line_notes(current):
    ana = current.contacts[0]

    assert ana.positions == [Position(organization="Acme, Inc.", role="CTO")]
    assert ana.job_title == "CTO"
    assert ana.location == "Paris, Île-de-France, France"
    assert ana.profiles == [("github", "https://github.com/analima")]
    assert ana.notes == 'Met at PyCon.\nLoves climbing, coffee and "good" code.'


def test_birthdays_with_and_without_a_year(current):
    people = by_name(current)

    assert people["Ana Lima"].birthday == Birthday(day=12, month=4, year=1985)
    assert people["Bruno Costa"].birthday == Birthday(day=12, month=4)
    assert people["Carla"].birthday == Birthday(day=12, month=4)


def test_a_row_problem_stays_on_its_row(current):
    nameless = current.contacts[3]

    assert nameless.problems == ["No name and no email: there is nobody to import on this row."]
    assert nameless.left_out == [
        "Birthday “1985-02-30” is not a date (expected 1985-04-12 or --04-12); it was left out."
    ]
    assert nameless.positions == [Position(organization="Initech")]
    assert all(not c.problems for c in current.contacts[:3])


def test_photo_links_are_not_fetched_and_a_warning_says_so(current):
    assert current.warnings == [
        "1 photo link(s) were not imported: Rapport does not fetch pictures from other sites. "
        "Add photos on the contact pages."
    ]
    assert not any("googleusercontent" in c.notes for c in current.contacts)


def test_it_reads_the_legacy_layout():
    dora, single = parse(fixture("google_legacy.csv"), format="google").contacts

    assert (dora.first_name, dora.last_name) == ("Dora", "Smith")
    assert dora.emails == [
        ("dora@example.com", "Home"),
        ("dora@work.example", "Work"),
        ("dora.s@example.org", "Other"),
    ]
    assert dora.phones == [("+44 7700 900123", "Mobile")]
    assert dora.tags == ["Family"]
    assert dora.positions == [Position(organization="Umbrella", role="Researcher")]
    assert dora.location == "London, United Kingdom"
    assert dora.birthday == Birthday(day=3, month=11, year=1990)
    assert dora.profiles == [("website", "https://dora.example.net")]
    assert dora.notes == "Old friend from school"
    # Only the full name: it is kept as one.
    assert (single.full_name, single.first_name, single.problems) == ("Single Name", "", [])


def test_columns_are_found_by_name_whatever_their_order_and_count():
    data = (
        b"E-mail 3 - Value,Labels,Last Name,First Name,E-mail 3 - Label\n"
        b"ana@example.com,Friends,Lima,Ana,Work\n"
    )

    (ana,) = parse(data, format="google").contacts

    assert (ana.first_name, ana.emails, ana.tags) == (
        "Ana",
        [("ana@example.com", "Work")],
        ["Friends"],
    )


def test_a_linkedin_file_is_refused_with_the_format_it_looks_like():
    with pytest.raises(
        ImportFileError, match="looks like a LinkedIn Connections export, not a Goo"
    ):
        parse(fixture("linkedin_connections.csv"), format="google")
