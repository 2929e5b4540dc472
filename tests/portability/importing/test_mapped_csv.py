from datetime import date

import pytest

from portability.importing.parsers import MAPPABLE_FIELDS, csv_columns, parse, suggest_mapping
from portability.importing.records import Birthday, ImportFileError, Position
from tests.portability.importing.helpers import fixture

MAPPING = {
    "Name": "full_name",
    "Given": "first_name",
    "Surname": "last_name",
    "E-mails": "email",
    "Phone": "phone",
    "Employer": "company",
    "Role": "job_title",
    "Site": "website",
    "Born": "birthday",
    "Since": "connected_on",
    "Tags": "tags",
    "Memo": "notes",
    "Memo (2)": "notes",
}


def test_csv_columns_gives_unique_headers_and_sample_rows():
    headers, samples = csv_columns(fixture("mapped_semicolons.csv"))

    assert headers[:4] == ["Name", "Given", "Surname", "E-mails"]
    # A repeated header and a blank one get names a mapping can use.
    assert headers[-3:] == ["Memo", "Memo (2)", "Column 14"]
    assert len(samples) == 3
    assert samples[0][11] == "Met at PyCon,\nloves climbing"
    assert all(len(row) == len(headers) for row in samples)


def test_csv_columns_returns_at_most_five_samples():
    data = ("a,b\n" + "1,2\n" * 10).encode()

    assert csv_columns(data) == (["a", "b"], [["1", "2"]] * 5)


def test_mapped_columns_become_fields():
    parsed = parse(fixture("mapped_semicolons.csv"), format="csv", mapping=MAPPING)
    ana = parsed.contacts[0]

    assert (ana.first_name, ana.last_name, ana.full_name) == ("Ana", "Lima", "")
    assert ana.emails == [("ana@example.com", ""), ("ana.lima@work.example", "")]
    assert ana.phones == [("+33 6 12 34 56 78", "")]
    assert ana.positions == [Position(organization="Acme", role="CTO")]
    assert ana.job_title == "CTO"
    assert ana.profiles == [("github", "https://github.com/ana")]
    assert ana.birthday == Birthday(day=12, month=4, year=1985)
    assert ana.connected_on == date(2020, 1, 31)
    assert ana.tags == ["friends", "work"]
    assert ana.notes == "Met at PyCon,\nloves climbing\n\nsecond note"
    assert ana.problems == []


def test_unmapped_columns_are_ignored_and_named_in_a_warning():
    parsed = parse(fixture("mapped_semicolons.csv"), format="csv", mapping={"Given": "first_name"})

    assert [c.first_name for c in parsed.contacts] == ["Ana", "", ""]
    assert parsed.warnings == [
        "Not imported (no field chosen): Name, Surname, E-mails, Phone, Employer, Role, Site, "
        "Born, Since, Tags, Memo, Memo (2), Column 14."
    ]


def test_row_problems_name_the_bad_values():
    bruno, nobody = parse(fixture("mapped_semicolons.csv"), format="csv", mapping=MAPPING).contacts[
        1:
    ]

    assert bruno.full_name == "Bruno Costa"
    assert bruno.birthday == Birthday(day=12, month=4)
    assert nobody.problems == ["No name and no email: there is nobody to import on this row."]
    assert nobody.left_out == [
        "“not-an-email” is not an email address; it was left out.",
        "“javascript:alert(1)” is not a web address; it was left out.",
        "Birthday “04/12/1985” is not a date (expected 1985-04-12 or --04-12); it was left out.",
    ]


def test_an_unknown_target_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown mapping targets"):
        parse(b"a\n1\n", format="csv", mapping={"a": "shoe_size"})
    with pytest.raises(ValueError, match="needs a mapping"):
        parse(b"a\n1\n", format="csv")


def test_nothing_mapped_is_a_file_error():
    with pytest.raises(ImportFileError, match="No column is mapped"):
        parse(b"a\n1\n", format="csv", mapping={"a": ""})


def test_every_target_has_a_label():
    assert {
        "first_name",
        "last_name",
        "full_name",
        "email",
        "phone",
        "company",
        "job_title",
    } <= set(MAPPABLE_FIELDS)
    assert {"linkedin_url", "website", "location", "birthday", "notes", "tags"} <= set(
        MAPPABLE_FIELDS
    )
    assert all(MAPPABLE_FIELDS.values())


def test_an_excel_csv_in_windows_1252_is_read_with_a_warning():
    data = "Given,Surname\nJosé,Müller\n".encode("cp1252")

    parsed = parse(data, format="csv", mapping={"Given": "first_name", "Surname": "last_name"})

    assert (parsed.contacts[0].first_name, parsed.contacts[0].last_name) == ("José", "Müller")
    assert "Windows-1252" in parsed.warnings[0]


def test_suggest_mapping_reads_the_fields_headers_name():
    header = ["First Name", "last_name", "E-mail Address", "Mobile Phone", "Organisation"]
    header += ["Job Title", "Website", "Shoe size", "Email", "Date of birth", "Tags"]

    assert suggest_mapping(header) == {
        "First Name": "first_name",
        "last_name": "last_name",
        "E-mail Address": "email",
        "Mobile Phone": "phone",
        "Organisation": "company",
        "Job Title": "job_title",
        "Website": "website",
        # The second column that says "email" is left to the owner: one field, one column.
        "Date of birth": "birthday",
        "Tags": "tags",
    }
    assert set(suggest_mapping(header).values()) <= set(MAPPABLE_FIELDS)
