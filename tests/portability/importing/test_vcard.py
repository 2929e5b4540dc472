import pytest

from contacts.exporting.vcard import contacts_vcards
from contacts.selectors.exporting import contacts_for_export
from portability.importing.parsers import parse
from portability.importing.records import Birthday, ImportFileError, Position
from tests.factories import (
    AffiliationFactory,
    ContactEmailFactory,
    ContactFactory,
    ContactPhoneFactory,
    SocialProfileFactory,
    TagFactory,
)
from tests.portability.importing.helpers import fixture


def test_android_quoted_printable_with_soft_line_breaks():
    jose, nameless = parse(fixture("android_21.vcf"), format="vcard").contacts

    assert (jose.first_name, jose.last_name, jose.full_name) == ("José", "López", "")
    assert jose.phones == [("+34600111222", "mobile"), ("+34 91 123 45 67", "work")]
    assert jose.emails == [("jose@example.com", "home")]
    assert jose.notes == ("Una nota muy larga que ocupa más de una línea y se parte en dos\nlíneas")
    assert jose.birthday == Birthday(day=12, month=4, year=1985)
    assert jose.source == "card 1 (line 1)"
    assert nameless.problems == ["No name and no email: there is nobody to import on this row."]


def test_apple_grouped_labels_omitted_years_escapes_and_photos():
    parsed = parse(fixture("apple_30.vcf"), format="vcard")
    ana, leap = parsed.contacts

    assert (ana.prefix, ana.first_name, ana.middle_name, ana.last_name, ana.nickname) == (
        "Dr.",
        "Ana",
        "Maria",
        "Lima",
        "Aninha",
    )
    assert ana.emails == [("ana@acme.example", "work"), ("ana@clube.example", "Climbing club")]
    assert ana.phones == [("+33 6 12 34 56 78", "mobile")]
    assert ana.positions == [Position(organization="Acme, Inc.", role="CTO")]
    assert ana.job_title == "CTO"
    assert ana.location == "Paris, France"
    assert ana.notes == "Met at PyCon, Lyon.\nLoves climbing; and coffee."
    assert ana.birthday == Birthday(day=12, month=4)
    assert ana.profiles == [
        ("github", "https://github.com/analima"),
        ("linkedin", "https://www.linkedin.com/in/ana-lima"),
    ]
    assert ana.tags == ["Friends", "PyCon"]
    assert leap.birthday == Birthday(day=29, month=2)
    assert parsed.warnings == [
        "1 photo(s) were not imported: Rapport does not fetch pictures from other sites, nor "
        "take them from vCards. Add photos on the contact pages."
    ]


def test_google_photo_urls_are_dropped_and_system_groups_are_not_tags():
    parsed = parse(fixture("google_30.vcf"), format="vcard")
    (bruno,) = parsed.contacts

    assert bruno.birthday == Birthday(day=12, month=4)
    assert bruno.tags == ["Work"]
    assert bruno.emails == [("bruno@example.com", "work")]
    assert "googleusercontent" not in repr(bruno)
    assert len(parsed.warnings) == 1


def test_a_broken_card_is_that_cards_problem_and_the_others_import():
    carla, broken, dev, cut = parse(fixture("multi_40.vcf"), format="vcard").contacts

    assert carla.phones == [("+351-912-345-678", "mobile")]
    assert carla.birthday == Birthday(day=12, month=4)
    assert carla.problems == []
    assert (broken.first_name, broken.emails) == ("Broken", [("broken@example.com", "")])
    assert broken.problems == []
    assert broken.left_out[0].startswith("Some lines of this card could not be read")
    assert "this line is not a property" in broken.left_out[0]
    assert dev.full_name == "Dev Patel"
    assert dev.problems == []
    assert dev.left_out == [
        "Birthday “19900231” is not a date (expected 1985-04-12 or --04-12); it was left out."
    ]
    assert (cut.full_name, cut.source) == ("Cut Short", "card 4 (line 21)")
    assert cut.problems == []
    assert cut.left_out == ["This card has no END:VCARD line; it may be cut short."]


def test_a_file_without_cards_is_a_file_error():
    with pytest.raises(ImportFileError, match="no BEGIN:VCARD line"):
        parse(b"First Name,Last Name\nAna,Lima\n", format="vcard")


def test_too_many_cards_is_a_file_error():
    card = b"BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\n"

    with pytest.raises(ImportFileError, match="More than 2 cards"):
        parse(card * 3, format="vcard", max_rows=2)


def test_our_own_vcard_export_reads_back_as_it_was_written(owner):
    ana = ContactFactory(
        owner=owner,
        prefix="Dr.",
        first_name="Ana",
        middle_name="Maria",
        last_name="Lima",
        suffix="PhD",
        nickname="Aninha",
        job_title="Chief Technology Officer",
        location="Lyon, France",
        birthday_day=12,
        birthday_month=4,
        notes="Met at PyCon; loves climbing,\ncoffee and *Markdown*.",
    )
    ContactEmailFactory(contact=ana, email="ana@acme.example", label="work")
    ContactPhoneFactory(contact=ana, number="+33612345678", label="mobile")
    SocialProfileFactory(contact=ana, url="https://www.linkedin.com/in/ana-lima")
    SocialProfileFactory(contact=ana, network="mastodon", url="https://fosstodon.org/@ana")
    SocialProfileFactory(contact=ana, network="website", url="https://ana.example")
    AffiliationFactory(contact=ana, organization__name="Acme, Inc.", role="CTO")
    ana.tags.add(TagFactory(owner=owner, name="PyCon"), TagFactory(owner=owner, name="friends"))
    written = contacts_vcards(contacts_for_export(user=owner)).encode()

    (back,) = parse(written, format="vcard").contacts

    assert back.problems == []
    assert (back.prefix, back.first_name, back.middle_name, back.last_name, back.suffix) == (
        "Dr.",
        "Ana",
        "Maria",
        "Lima",
        "PhD",
    )
    assert back.nickname == "Aninha"
    assert back.emails == [("ana@acme.example", "work")]
    assert back.phones == [("+33612345678", "mobile")]
    assert back.profiles == [
        ("linkedin", "https://www.linkedin.com/in/ana-lima"),
        ("mastodon", "https://fosstodon.org/@ana"),
        ("website", "https://ana.example"),
    ]
    assert back.positions == [Position(organization="Acme, Inc.", role="CTO")]
    assert back.job_title == "Chief Technology Officer"
    assert back.location == "Lyon, France"
    assert back.birthday == Birthday(day=12, month=4)
    assert sorted(back.tags) == ["PyCon", "friends"]
    assert back.notes == "Met at PyCon; loves climbing,\ncoffee and *Markdown*."


def test_a_broken_photo_does_not_cost_the_card_its_name():
    data = (
        b"BEGIN:VCARD\nVERSION:3.0\nFN:Ana Lima\nitem1.PHOTO;ENCODING=b:!!!not base64\n"
        b" !!!folded\nEMAIL:ana@example.com\nEND:VCARD\n"
    )

    parsed = parse(data, format="vcard")

    assert [(c.full_name, c.emails, c.problems) for c in parsed.contacts] == [
        ("Ana Lima", [("ana@example.com", "")], [])
    ]
    assert parsed.warnings[0].startswith("1 photo(s) were not imported")
