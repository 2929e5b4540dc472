"""The export writers: CSV that no spreadsheet runs as a formula, and vCards address books read."""

import csv
import io

import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st

from contacts.exporting.csv import contacts_csv, neutralize_formula, restore_formula
from contacts.exporting.vcard import contacts_vcards
from contacts.selectors.exporting import contacts_for_export
from tests.factories import (
    AffiliationFactory,
    ContactEmailFactory,
    ContactFactory,
    ContactPhoneFactory,
    SocialProfileFactory,
    TagFactory,
)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+33612345678", "'+33612345678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Ana Lima", "Ana Lima"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(value, written):
    assert neutralize_formula(value) == written


@given(st.text())
def test_restoring_gives_back_exactly_what_was_neutralized(text):
    assert restore_formula(neutralize_formula(text)) == text


def test_the_librarys_own_escaping_misses_most_triggers():
    """Why SafeCSV neutralizes cells itself: django-import-export's setting only strips "=" (and
    changes the value), which leaves +, -, @, tab and carriage return live."""
    from import_export.formats.base_formats import CSV
    from tablib import Dataset

    dataset = Dataset(["=1+1"], ["+1+1"], ["@SUM(A1)"], headers=["cell"])
    CSV()._escape_formulae(dataset)

    assert [row[0] for row in dataset] == ["1+1", "+1+1", "@SUM(A1)"]


@pytest.fixture
def ana(owner):
    contact = ContactFactory(
        owner=owner,
        prefix="Dr",
        first_name="Ana",
        last_name="Lima, Jr",
        display_name="=cmd|' /C calc'!A0",
        job_title="Designer; researcher",
        location="Lisbon",
        notes="Line one\nLine two",
        birthday_day=12,
        birthday_month=4,
        tags=[TagFactory(owner=owner, name="ux"), TagFactory(owner=owner, name="-mentor")],
    )
    ContactEmailFactory(contact=contact, email="ana@example.org", label="work")
    ContactPhoneFactory(contact=contact, number="+351912345678", label="mobile")
    SocialProfileFactory(contact=contact, url="https://www.linkedin.com/in/ana-lima")
    AffiliationFactory(contact=contact, role="Lead", organization__name="Acme, Inc.")
    return contact


def test_the_csv_export_neutralizes_every_cell_and_keeps_the_values(owner, ana):
    text = contacts_csv(contacts_for_export(user=owner, contact_ids=[ana.pk]))

    header, row = list(csv.reader(io.StringIO(text)))
    cells = dict(zip(header, row, strict=True))
    assert cells["Name"] == "'=cmd|' /C calc'!A0"
    assert cells["Phones"] == "'+351912345678"
    assert cells["Tags"] == "'-mentor; ux"
    assert cells["Organizations"] == "Lead at Acme, Inc."
    assert cells["Birthday"] == "'--04-12"
    assert not [c for c in row if c and c[0] in "=+-@\t\r"]


def test_the_vcard_export_reads_back_in_an_address_book_parser(owner, ana):
    text = contacts_vcards(contacts_for_export(user=owner, contact_ids=[ana.pk]))

    card = vobject.readOne(text)
    assert card.fn.value == "=cmd|' /C calc'!A0"
    assert card.n.value.family == "Lima, Jr"
    assert card.email.value == "ana@example.org"
    assert card.email.params["TYPE"] == ["INTERNET", "WORK"]
    assert card.tel.value == "+351912345678"
    assert card.tel.params["TYPE"] == ["CELL"]
    assert card.org.value == ["Acme, Inc."]
    assert card.title.value == "Designer; researcher"
    assert card.bday.value == "--04-12"
    assert sorted(card.categories.value) == ["-mentor", "ux"]
    assert card.note.value == "Line one\nLine two"
    assert card.url.value == "https://www.linkedin.com/in/ana-lima"


def test_an_export_holds_only_the_owners_contacts(owner, stranger, ana):
    theirs = ContactFactory(owner=stranger, display_name="Theirs")

    rows = contacts_for_export(user=owner, contact_ids=[ana.pk, theirs.pk])

    assert list(rows) == [ana]
    assert "Theirs" not in contacts_vcards(rows)


def test_an_export_makes_the_same_queries_for_many_contacts(owner, django_assert_num_queries):
    for i in range(30):
        contact = ContactFactory(owner=owner, display_name=f"P{i}")
        ContactEmailFactory(contact=contact)
        AffiliationFactory(contact=contact)

    # contacts (with introducers), emails, phones, profiles, tags, current affiliations
    with django_assert_num_queries(6):
        contacts_vcards(contacts_for_export(user=owner))
