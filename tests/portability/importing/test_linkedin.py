from datetime import date

import pytest

from portability.importing.parsers import parse
from portability.importing.records import ImportFileError, Position
from tests.portability.importing.helpers import by_name, fixture

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def test_it_reads_the_connections_after_the_notes_preamble():
    parsed = parse(fixture("linkedin_connections.csv"), format="linkedin")

    assert parsed.format == "linkedin"
    assert [c.first_name for c in parsed.contacts] == ["Ana", "Bruno", "Chloé", "Dev", "", "Eve"]
    # Lines count from the top of the file, preamble included, as a text editor shows them.
    assert parsed.contacts[0].source == "line 6"


def test_it_keeps_quoted_commas_and_doubled_quotes():
    people = by_name(parse(fixture("linkedin_connections.csv"), format="linkedin"))

    assert people["Ana Lima"].positions == [
        Position(organization="Acme, Inc.", role="Chief Technology Officer", is_current=True)
    ]
    assert people["Ana Lima"].job_title == "Chief Technology Officer"
    assert people["Bruno Costa"].job_title == 'Head of "Growth"'


def test_it_normalizes_every_spelling_of_a_profile_address():
    people = by_name(parse(fixture("linkedin_connections.csv"), format="linkedin"))

    assert people["Ana Lima"].profiles == [("linkedin", "https://www.linkedin.com/in/ana-lima")]
    assert people["Bruno Costa"].profiles == [
        ("linkedin", "https://www.linkedin.com/in/bruno-costa-123")
    ]
    assert people["Chloé Dubois"].profiles == [
        ("linkedin", "https://www.linkedin.com/in/chloe-dubois")
    ]
    assert people["Dev"].profiles == [("linkedin", "https://www.linkedin.com/in/dev-patel")]


def test_it_reads_emails_when_members_shared_them():
    people = by_name(parse(fixture("linkedin_connections.csv"), format="linkedin"))

    assert people["Bruno Costa"].emails == [("bruno@example.com", "")]
    assert people["Ana Lima"].emails == []


def test_it_keeps_connected_on_as_a_date():
    people = by_name(parse(fixture("linkedin_connections.csv"), format="linkedin"))

    assert people["Ana Lima"].connected_on == date(2025, 12, 7)
    assert people["Dev"].connected_on == date(2020, 3, 3)


def test_a_company_without_a_position_is_still_a_position():
    people = by_name(parse(fixture("linkedin_connections.csv"), format="linkedin"))

    assert people["Dev"].positions == [Position(organization="Initech", role="")]
    assert people["Chloé Dubois"].positions == []


def test_a_bad_value_is_left_out_of_its_row_and_a_nameless_row_is_a_problem():
    contacts = parse(fixture("linkedin_connections.csv"), format="linkedin").contacts
    hidden, eve = contacts[4], contacts[5]

    assert hidden.problems == ["No name and no email: there is nobody to import on this row."]
    assert eve.problems == []
    assert eve.left_out == [
        "“https://example.com/eve” is not a LinkedIn profile address; it was left out.",
        "“eve-at-example” is not an email address; it was left out.",
        "Connected On “31 Feb 2021” is not a date like 07 Dec 2025; it was left out.",
    ]
    assert eve.positions == [Position(organization="Umbrella", role="Researcher")]
    assert all(not c.problems for c in contacts[:4])


def test_it_reads_a_file_without_preamble_and_with_reordered_columns():
    data = b"Connected On,URL,Last Name,First Name\n07 Dec 2025,linkedin.com/in/ana,Lima,Ana\n"

    (ana,) = parse(data, format="linkedin").contacts

    assert (ana.first_name, ana.last_name, ana.connected_on) == ("Ana", "Lima", date(2025, 12, 7))
    assert ana.source == "line 2"


def test_short_rows_read_as_empty_cells():
    (ana,) = parse((HEADER + "Ana,Lima\r\n").encode(), format="linkedin").contacts

    assert (ana.first_name, ana.last_name, ana.profiles, ana.problems) == ("Ana", "Lima", [], [])


def test_a_multi_line_cell_keeps_its_line_break_and_the_next_row_its_line_number():
    data = (HEADER + 'Ana,Lima,,,"Acme\r\nLabs",CTO,\r\nBruno,Costa,,,,,\r\n').encode()

    ana, bruno = parse(data, format="linkedin").contacts

    assert ana.positions[0].organization == "Acme\nLabs"
    assert bruno.source == "line 4"


def test_a_google_file_is_refused_with_the_format_it_looks_like():
    data = b'"First Name","Last Name","Labels","E-mail 1 - Label","E-mail 1 - Value"\n'

    with pytest.raises(ImportFileError, match="looks like a Google Contacts export, not a Link"):
        parse(data, format="linkedin")


def test_a_file_without_the_header_says_which_header_was_expected():
    with pytest.raises(ImportFileError, match=r"no header row .First Name, Last Name, URL"):
        parse(b"hello,world\n1,2\n", format="linkedin")


def test_an_unterminated_quote_is_reported_on_the_line_it_opens():
    data = (HEADER + "Ana,Lima,,,Acme,CTO,\r\n" + 'Bruno,Costa,,,"Globex,CTO,\r\n' * 3).encode()

    with pytest.raises(ImportFileError, match=r"^Line 3 has an unterminated quote"):
        parse(data, format="linkedin")


def test_too_many_rows_is_a_file_error_and_the_limit_is_the_callers():
    data = (HEADER + "Ana,Lima,,,,,\r\n" * 30_000).encode()

    with pytest.raises(ImportFileError, match=r"^More than 20,000 rows"):
        parse(data, format="linkedin")
    assert len(parse(data, format="linkedin", max_rows=50_000).contacts) == 30_000


def test_blank_rows_do_not_count_and_are_skipped():
    data = (HEADER + "Ana,Lima,,,,,\r\n,,,,,,\r\n\r\nBruno,Costa,,,,,\r\n").encode()

    assert [c.first_name for c in parse(data, format="linkedin", max_rows=2).contacts] == [
        "Ana",
        "Bruno",
    ]


def test_text_after_a_closing_quote_is_read_as_spreadsheets_read_it():
    data = (HEADER + '"Ana" Maria,Lima,,,,,\r\nBruno,Costa,,,,,\r\n').encode()

    ana, bruno = parse(data, format="linkedin").contacts

    assert (ana.first_name, bruno.first_name, bruno.source) == ("Ana Maria", "Bruno", "line 3")
