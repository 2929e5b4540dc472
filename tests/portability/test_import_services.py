"""The import flow's rules, through its plain functions: who a row is (matching), what applying
writes (only what is missing; organizations, affiliations, messages), that a second import of
the same file writes nothing, and that a failure writes nothing at all."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import (
    Affiliation,
    Contact,
    ContactEmail,
    ContactPhone,
    Organization,
    SocialProfile,
    Tag,
)
from contacts.services.contacts import EmailEntry, PhoneEntry, ProfileEntry, contact_create
from interactions.models import ActivityDay, Initiator, Interaction, Participation
from portability.importing import apply as apply_module
from portability.importing import parsers
from portability.importing.apply import import_apply
from portability.importing.planning import import_plan
from portability.importing.records import (
    Birthday,
    ImportedContact,
    ImportedMessage,
    Parsed,
    Position,
)
from reminders.models import Reminder, ReminderKind
from reminders.services import contact_reminders_sync
from tests.factories import OrganizationFactory
from tests.portability.import_files import linkedin_csv, many_connections
from tests.portability.importing.helpers import fixture

pytestmark = pytest.mark.django_db

# Statements of a whole import, whatever its size (pinned below).
APPLY_QUERIES = {"sqlite": 34, "postgresql": 34}


def plan_of(owner, *contacts, messages=()):
    return import_plan(owner=owner, parsed=Parsed("csv", list(contacts), list(messages)))


def row(n: int = 2, **fields) -> ImportedContact:
    return ImportedContact(source=f"line {n}", **fields)


def everything(owner) -> dict[str, int]:
    models = (Contact, ContactEmail, ContactPhone, SocialProfile, Organization, Affiliation, Tag)
    counts = {m.__name__: m.objects.filter(owner=owner).count() for m in models}
    counts["Interaction"] = Interaction.objects.filter(owner=owner).count()
    counts["Participation"] = Participation.objects.filter(owner=owner).count()
    counts["Reminder"] = Reminder.objects.filter(owner=owner).count()
    counts["tags on contacts"] = Contact.tags.through.objects.filter(contact__owner=owner).count()
    return counts


@pytest.fixture
def ana(owner):
    return contact_create(
        owner=owner,
        fields={"first_name": "Ana", "last_name": "Lima", "job_title": "Typed by me"},
        emails=[EmailEntry("Ana@Example.org")],
        phones=[PhoneEntry("+33 6 12 34 56 78")],
        profiles=[ProfileEntry("linkedin", "https://www.linkedin.com/in/ana-lima/")],
    )


# --- Matching -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "on"),
    [
        (row(first_name="A.", emails=[("ana@EXAMPLE.org", "")]), "email"),
        (row(first_name="A.", phones=[("+33612345678", "")]), "phone"),
        (
            row(first_name="A.", profiles=[("linkedin", "http://fr.linkedin.com/in/Ana-Lima")]),
            "LinkedIn profile",
        ),
        (row(full_name="  ana   LIMA "), "name"),
    ],
)
def test_a_row_matches_an_existing_contact_on_each_rule(owner, ana, record, on):
    plan = plan_of(owner, record)

    assert [(m.status, m.contact_id, m.on) for m in plan.matches] == [("existing", ana.pk, on)]
    assert plan.matches[0].reason == f"Matches Ana Lima (same {on})."


def test_email_decides_before_name(owner, ana):
    other = contact_create(owner=owner, fields={"display_name": "Bea Costa"})

    plan = plan_of(owner, row(full_name="Bea Costa", emails=[("ana@example.org", "")]))

    assert plan.matches[0].contact_id == ana.pk != other.pk


def test_a_name_alone_does_not_match_someone_with_another_linkedin_profile(owner, ana):
    namesake = row(full_name="Ana Lima", profiles=[("linkedin", "https://linkedin.com/in/other")])

    assert plan_of(owner, namesake).matches[0].status == "new"


def test_a_name_shared_by_two_contacts_is_not_guessed(owner, ana):
    contact_create(owner=owner, fields={"first_name": "Ana", "last_name": "Lima"})

    match = plan_of(owner, row(full_name="Ana Lima")).matches[0]

    assert match.status == "error"
    assert "2 of your contacts are called “Ana Lima”" in match.reason


def test_later_rows_of_the_file_match_earlier_ones(owner, ana):
    plan = plan_of(
        owner,
        row(2, full_name="Bea Costa", emails=[("bea@example.org", "")]),
        row(
            3, full_name="B. Costa", emails=[("BEA@example.org", "")], phones=[("+34600000000", "")]
        ),
        row(
            4, full_name="Ana L.", emails=[("ana@example.org", "")], phones=[("+4915112345678", "")]
        ),
        row(5, full_name="Someone", phones=[("+49 151 12345678", "")]),
    )

    statuses = [(m.status, m.target) for m in plan.matches]
    assert statuses == [
        ("new", ("row", 0)),
        ("duplicate", ("row", 0)),
        ("existing", ("contact", ana.pk)),
        # Through row 4's phone, which Ana's contact does not have yet.
        ("existing", ("contact", ana.pk)),
    ]
    assert plan.matches[1].reason.startswith("Same email as Bea Costa (line 2)")
    assert plan.matches[3].reason == "Same phone as Ana L. (line 4), which matches Ana Lima."


def test_an_address_an_earlier_row_brings_decides_before_a_contacts_name(owner):
    # Once imported, the address is Bea's and the email rule comes first: so it is now.
    contact_create(owner=owner, fields={"display_name": "Ana Lima"})

    plan = plan_of(
        owner,
        row(2, full_name="Bea Costa", emails=[("bea@x.org", "")]),
        row(3, full_name="Ana Lima", emails=[("bea@x.org", "")]),
    )

    assert [(m.status, m.target, m.on) for m in plan.matches] == [
        ("new", ("row", 0), ""),
        ("duplicate", ("row", 0), "email"),
    ]


def test_a_name_shared_by_a_contact_and_someone_the_file_creates_is_not_guessed(owner, ana):
    plan = plan_of(
        owner,
        row(2, full_name="Ana Lima", profiles=[("linkedin", "https://linkedin.com/in/other")]),
        row(3, full_name="Ana Lima"),
    )

    assert [m.status for m in plan.matches] == ["new", "error"]
    assert "2 people (your contacts and this file's) are called “Ana Lima”" in (
        plan.matches[1].reason
    )


def test_a_repeat_under_another_name_is_not_found_by_that_name(owner):
    plan = plan_of(
        owner,
        row(2, full_name="Bea Costa", emails=[("bea@x.org", "")]),
        row(3, full_name="B. Costa", emails=[("bea@x.org", "")]),
        row(4, full_name="B. Costa"),
    )

    assert [(m.status, m.target) for m in plan.matches] == [
        ("new", ("row", 0)),
        ("duplicate", ("row", 0)),
        # As once imported: nobody is called B. Costa.
        ("new", ("row", 2)),
    ]


def test_a_row_without_a_name_or_with_a_parser_problem_is_an_error(owner):
    plan = plan_of(owner, row(2), row(3, full_name="Cy", problems=["The URL is broken."]))

    assert [m.status for m in plan.matches] == ["error", "error"]
    assert "no name" in plan.matches[0].reason
    assert plan.matches[1].reason == "The URL is broken."


def test_what_cannot_be_stored_is_left_out_with_a_note(owner):
    plan = plan_of(
        owner, row(full_name="Dee", emails=[("not-an-email", "")], phones=[("06 12 34 56 78", "")])
    )

    candidate = plan.candidates[0]
    assert plan.matches[0].status == "new"
    assert (candidate.emails, candidate.phones) == ([], [])
    assert candidate.notes == [
        "email “not-an-email” left out: not an email address",
        "phone “06 12 34 56 78” left out: Start the number with + and its country code, "
        "e.g. +33 6 12 34 56 78.",
    ]


def test_a_value_the_parser_left_out_is_a_note_and_the_row_still_imports(owner):
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        b"Eve,Moreau,https://example.com/eve,,Umbrella,Researcher,07 Dec 2025\r\n"
    )
    plan = import_plan(owner=owner, parsed=parsers.parse(data, format="linkedin"))

    assert plan.matches[0].status == "new"
    assert plan.candidates[0].notes == [
        "“https://example.com/eve” is not a LinkedIn profile address; it was left out."
    ]


# --- Applying -------------------------------------------------------------------------------


def test_new_contacts_get_their_details_search_text_and_reminders(owner):
    summary = import_apply(
        owner=owner,
        plan=plan_of(
            owner,
            row(
                first_name="Bea",
                last_name="Costa",
                emails=[("bea@example.org", "work")],
                phones=[("+34 600 000 000", "mobile")],
                profiles=[("linkedin", "https://www.linkedin.com/in/bea")],
                tags=["Design", "design "],
                birthday=None,
                connected_on=date(2024, 3, 1),
                positions=[Position("Acme", "CTO")],
            ),
        ),
    )

    bea = Contact.objects.get(owner=owner)
    assert summary["created"] == 1 and summary["created_ids"] == [bea.pk]
    assert bea.display_name == "Bea Costa" and bea.met_on == date(2024, 3, 1)
    assert list(bea.emails.values_list("email", "label")) == [("bea@example.org", "work")]
    assert list(bea.phones.values_list("number", flat=True)) == ["+34600000000"]
    assert [t.name for t in bea.tags.all()] == ["Design"]
    assert "bea@example.org" in bea.search_text and "acme" in bea.search_text
    assert Reminder.objects.filter(contact=bea, kind=ReminderKind.KEEP_IN_TOUCH).count() == 1


def reminder_rows(owner) -> list[tuple]:
    """The owner's reminders, without their ids and timestamps."""
    compared = [
        f.attname for f in Reminder._meta.concrete_fields if f.name not in REMINDER_BOOKKEEPING
    ]
    return sorted(Reminder.objects.filter(owner=owner).values_list(*compared))


REMINDER_BOOKKEEPING = {"id", "created_at", "updated_at"}


@time_machine.travel(datetime(2026, 2, 28, 23, 30, tzinfo=UTC), tick=False)
def test_new_contacts_get_the_reminders_the_sync_would_give_them(owner):
    # 00:30 on 1 March in Paris, the owner's zone: the day they were added is the owner's.
    rows = [
        row(2, full_name="Bea Costa", birthday=Birthday(29, 2, None)),
        row(3, full_name="Carla Dias", birthday=Birthday(1, 3, 1990)),
        row(4, full_name="Dora Reis", birthday=Birthday(28, 2, None)),
        row(5, full_name="Eva Lopes"),
    ]

    import_apply(owner=owner, plan=plan_of(owner, *rows))

    imported = reminder_rows(owner)
    Reminder.objects.all().delete()
    contact_reminders_sync(contact_ids=Contact.objects.values_list("pk", flat=True))
    assert imported == reminder_rows(owner)
    assert sorted(Reminder.objects.values_list("kind", "due_on")) == [
        ("birthday", date(2026, 3, 1)),  # today
        ("birthday", date(2027, 2, 28)),  # 29 February, in a year without one
        ("birthday", date(2027, 2, 28)),  # yesterday's, next year
        *[("keep_in_touch", date(2026, 5, 30))] * 4,  # 90 days, a network contact's cadence
    ]


def test_a_match_gains_only_what_it_lacks_and_keeps_what_the_user_typed(owner, ana):
    Contact.objects.filter(pk=ana.pk).update(met_on=date(2020, 1, 1))
    summary = import_apply(
        owner=owner,
        plan=plan_of(
            owner,
            row(
                first_name="Anabela",
                last_name="Lima",
                emails=[("ANA@example.org", ""), ("ana@work.example", "work")],
                job_title="From the file",
                location="Lisbon",
                connected_on=date(2025, 5, 5),
                tags=["friends"],
            ),
        ),
    )

    ana.refresh_from_db()
    assert (summary["created"], summary["updated"]) == (0, 1)
    assert (ana.first_name, ana.job_title, ana.location) == ("Ana", "Typed by me", "Lisbon")
    assert ana.met_on == date(2020, 1, 1)
    assert sorted(ana.emails.values_list("email", flat=True)) == [
        "Ana@Example.org",
        "ana@work.example",
    ]
    assert "ana@work.example" in ana.search_text and "friends" in ana.search_text


def test_importing_a_linkedin_file_twice_creates_nothing_the_second_time(owner):
    OrganizationFactory(owner=owner, name="ACME, INC.")
    data = linkedin_csv(
        [
            ("Ana", "Lima", "ana-lima", "ana@example.org", "Acme, Inc.", "CTO", "07 Dec 2025"),
            ("Bea", "Costa", "bea", "", "Acme, Inc.", "Designer", "01 Jan 2024"),
            ("Cy", "Dias", "cy", "", "", "", ""),
        ]
    )

    first = import_apply(owner=owner, plan=import_plan(owner=owner, parsed=parse(data)))
    after_first = everything(owner)
    second = import_apply(owner=owner, plan=import_plan(owner=owner, parsed=parse(data)))

    assert (first["created"], first["organizations"], first["affiliations"]) == (3, 0, 2)
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 3)
    assert everything(owner) == after_first
    ana = Contact.objects.get(owner=owner, first_name="Ana")
    assert ana.met_on == date(2025, 12, 7)
    assert [str(a) for a in ana.affiliations.all()] == ["CTO at ACME, INC."]


def test_a_new_role_at_the_same_organization_is_a_new_affiliation(owner):
    before = linkedin_csv([("Ana", "Lima", "ana", "", "Acme", "Engineer", "")])
    after = linkedin_csv([("Ana", "Lima", "ana", "", "acme", "CTO", "")])

    import_apply(owner=owner, plan=import_plan(owner=owner, parsed=parse(before)))
    summary = import_apply(owner=owner, plan=import_plan(owner=owner, parsed=parse(after)))

    assert summary["updated"] == 1 and summary["organizations"] == 0
    assert sorted(Affiliation.objects.values_list("role", flat=True)) == ["CTO", "Engineer"]


def test_a_failure_while_applying_writes_nothing(owner, ana, monkeypatch):
    before = everything(owner)

    def broken(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(apply_module, "contacts_refresh_search_text", broken)
    plan = plan_of(
        owner,
        row(full_name="Bea", emails=[("bea@example.org", "")], positions=[Position("Acme")]),
        row(3, full_name="Ana Lima", emails=[("new@example.org", "")]),
    )
    with pytest.raises(RuntimeError):
        import_apply(owner=owner, plan=plan)

    assert everything(owner) == before


# --- Messages -------------------------------------------------------------------------------


def message(conversation, when, sender, recipients, n=2):
    names = {"me": "Olivia Owner", "ana": "Ana Lima", "bea": "Bea Costa"}
    url = "https://www.linkedin.com/in/{}".format
    return ImportedMessage(
        source=f"line {n}",
        conversation_id=conversation,
        sent_at=when,
        sender_name=names[sender],
        sender_profile_url=url("ana-lima" if sender == "ana" else sender),
        recipient_names=tuple(names[r] for r in recipients),
        recipient_profile_urls=tuple(url("ana-lima" if r == "ana" else r) for r in recipients),
        subject="",
        content="Hello",
    )


def at(day, hour):
    return datetime(2025, 3, day, hour, tzinfo=UTC)


def test_messages_become_one_interaction_per_conversation_and_day(owner, ana):
    owner.time_zone = "UTC"
    owner.save()
    messages = [
        message("c1", at(3, 9), "ana", ["me"]),
        message("c1", at(3, 10), "me", ["ana"]),
        message("c1", at(4, 8), "me", ["ana"]),
        message("c2", at(3, 12), "me", ["bea"]),  # Bea is nobody's contact
        message("c3", at(5, 12), "me", ["ana", "bea"]),
    ]

    plan = plan_of(owner, messages=messages)
    summary = import_apply(owner=owner, plan=plan)

    assert [(m.status, m.initiated_by) for m in plan.day_matches] == [
        ("new", Initiator.THEM),
        ("error", Initiator.ME),
        ("new", Initiator.ME),
        ("new", Initiator.ME),
    ]
    assert "None of your contacts is Bea Costa" in plan.day_matches[1].reason
    assert "left out: Bea Costa" in plan.day_matches[3].reason
    assert summary["interactions"] == 3
    assert sorted(
        Participation.objects.filter(contact=ana).values_list("occurred_at", "initiated_by")
    ) == [(at(3, 9), "them"), (at(4, 8), "me"), (at(5, 12), "me")]
    assert set(Interaction.objects.values_list("kind", flat=True)) == {"message"}
    # The dashboard's activity chart counts them on their days.
    assert sorted(ActivityDay.objects.filter(owner=owner).values_list("day", "interactions")) == [
        (at(3, 0).date(), 1),
        (at(4, 0).date(), 1),
        (at(5, 0).date(), 1),
    ]

    again = plan_of(owner, messages=messages)
    assert [m.status for m in again.day_matches] == ["existing", "error", "existing", "existing"]
    before = everything(owner)
    assert import_apply(owner=owner, plan=again)["interactions"] == 0
    assert everything(owner) == before


def test_messages_with_people_the_same_file_creates_reach_them(owner):
    bea = row(full_name="Bea Costa", profiles=[("linkedin", "https://www.linkedin.com/in/bea")])

    summary = import_apply(
        owner=owner, plan=plan_of(owner, bea, messages=[message("c9", at(3, 9), "bea", ["me"])])
    )

    assert (summary["created"], summary["interactions"]) == (1, 1)
    assert Participation.objects.get().contact.display_name == "Bea Costa"


def test_messages_move_keep_in_touch_to_the_last_day_of_them(owner, ana):
    owner.time_zone = "UTC"
    owner.save()
    bea = row(full_name="Bea Costa", profiles=[("linkedin", "https://www.linkedin.com/in/bea")])
    messages = [message("c1", at(3, 9), "ana", ["me"]), message("c9", at(4, 9), "bea", ["me"])]

    import_apply(owner=owner, plan=plan_of(owner, bea, messages=messages))

    # Both were last in touch on the day of their messages, whether the file created them or
    # not; a network contact's cadence is 90 days.
    due = dict(
        Reminder.objects.filter(kind=ReminderKind.KEEP_IN_TOUCH).values_list(
            "contact__display_name", "due_on"
        )
    )
    assert due == {"Ana Lima": date(2025, 6, 1), "Bea Costa": date(2025, 6, 2)}


def test_messages_recompute_health_of_the_people_in_them(
    owner, ana, django_capture_on_commit_callbacks, monkeypatch
):
    from interactions import tasks as interaction_tasks

    recomputed = []
    monkeypatch.setattr(
        interaction_tasks.recompute_contact_health, "delay", lambda ids: recomputed.extend(ids)
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_apply(
            owner=owner, plan=plan_of(owner, messages=[message("c1", at(3, 9), "ana", ["me"])])
        )

    assert recomputed == [ana.pk]


# --- Query counts ---------------------------------------------------------------------------


def parse(data: bytes) -> Parsed:
    return parsers.parse(data, format="linkedin")


def queries_of(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def import_queries(owner, size: int) -> tuple[int, int]:
    OrganizationFactory(owner=owner, name="Company 1")
    contact_create(owner=owner, fields={"display_name": "First3 Last3"})  # a match to update
    parsed = parse(many_connections(size))
    plans = []
    planning = queries_of(lambda: plans.append(import_plan(owner=owner, parsed=parsed)))
    applying = queries_of(lambda: import_apply(owner=owner, plan=plans[0]))
    assert Contact.objects.filter(owner=owner).count() == size
    return planning, applying


def test_planning_and_applying_take_the_same_queries_for_any_size(owner, stranger):
    small, large = import_queries(owner, 5), import_queries(stranger, 300)

    # Planning: four reads index the owner's contacts. Applying: the contacts' INSERT and
    # read-back, the matched ones' read and UPDATE, a read and an INSERT each for emails,
    # phones and links, organizations read / INSERT / read again, affiliations read and
    # INSERT, the updated_at touch, search text, reminders sync, the network counted again for
    # the dashboard (the owner locked, one count, one upsert), and the savepoints.
    assert small == large == (4, APPLY_QUERIES[connection.vendor])


# --- Every format: the second import of a file creates nothing ------------------------------

MAPPING = {
    "Given": "first_name",
    "Surname": "last_name",
    "E-mails": "email",
    "Phone": "phone",
    "Employer": "company",
    "Role": "job_title",
    "Tags": "tags",
}


@pytest.mark.parametrize(
    ("format", "name", "mapping"),
    [
        ("linkedin", "linkedin_connections.csv", None),
        ("google", "google_current.csv", None),
        ("google", "google_legacy.csv", None),
        ("outlook", "outlook_com.csv", None),
        ("outlook", "outlook_desktop_cp1252.csv", None),
        ("vcard", "apple_30.vcf", None),
        ("vcard", "android_21.vcf", None),
        ("vcard", "multi_40.vcf", None),
        ("csv", "mapped_semicolons.csv", MAPPING),
    ],
)
def test_importing_a_file_twice_creates_nothing_the_second_time(owner, format, name, mapping):
    data = fixture(name)

    def once():
        parsed = parsers.parse(data, format=format, mapping=mapping)
        return import_apply(owner=owner, plan=import_plan(owner=owner, parsed=parsed))

    first = once()
    after_first = everything(owner)
    second = once()

    assert first["created"] > 0
    assert (second["created"], second["updated"]) == (0, 0), second
    assert everything(owner) == after_first


def test_linkedin_messages_imported_twice_log_each_day_once(owner):
    import_apply(
        owner=owner,
        plan=import_plan(owner=owner, parsed=parse(fixture("linkedin_connections.csv"))),
    )
    data = fixture("linkedin_messages.csv")

    def once():
        parsed = parsers.parse(data, format="linkedin_messages")
        return import_apply(owner=owner, plan=import_plan(owner=owner, parsed=parsed))

    first = once()
    after_first = everything(owner)
    second = once()

    assert first["interactions"] > 0
    assert second["interactions"] == 0
    assert everything(owner) == after_first


# --- The invariant, for any rows ------------------------------------------------------------

NAMES = st.sampled_from(["Ana Lima", "ana lima", "Bea Costa", "Cy", ""])
EMAILS = st.lists(st.sampled_from(["ana@x.org", "ANA@x.org", "bea@x.org", "bad@"]), max_size=2)
PHONES = st.lists(st.sampled_from(["+33612345678", "+33 6 12 34 56 78", "0612"]), max_size=1)
LINKS = st.lists(
    st.sampled_from(
        [
            "https://linkedin.com/in/ana",
            "https://fr.linkedin.com/in/Ana/",
            "https://www.linkedin.com/in/bea/",
        ]
    ),
    max_size=1,
)
ROWS = st.lists(
    st.builds(
        lambda n, name, emails, phones, links, company: ImportedContact(
            source=f"line {n}",
            full_name=name,
            emails=[(e, "") for e in emails],
            phones=[(p, "") for p in phones],
            profiles=[("linkedin", url) for url in links],
            positions=[Position(company)] if company else [],
        ),
        st.integers(2, 99),
        NAMES,
        EMAILS,
        PHONES,
        LINKS,
        st.sampled_from(["", "Acme", "ACME"]),
    ),
    max_size=8,
)


class Rollback(Exception):
    pass


def assert_a_second_import_changes_nothing(owner, rows, *, before=()):
    try:
        with transaction.atomic():
            import_apply(owner=owner, plan=plan_of(owner, *before))
            import_apply(owner=owner, plan=plan_of(owner, *rows))
            after_first = everything(owner)
            second = import_apply(owner=owner, plan=plan_of(owner, *rows))
            assert (second["created"], second["updated"]) == (0, 0), second
            assert everything(owner) == after_first
            raise Rollback
    except Rollback:
        pass


@given(rows=ROWS)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_rows_imported_a_second_time_change_nothing(owner, rows):
    assert_a_second_import_changes_nothing(owner, rows)


@given(before=ROWS, rows=ROWS)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_rows_imported_again_change_nothing_whoever_was_imported_before(owner, before, rows):
    # The first time, some of the rows' people are contacts and others come from rows above;
    # the second time they are all contacts: each must be found the same way both times.
    assert_a_second_import_changes_nothing(owner, rows, before=before)


def test_an_address_of_someone_else_on_a_matched_row_is_not_given_to_a_second_person(owner):
    # Found by the invariant above: Bea's row comes first with her address; a later row of
    # Ana's (matched to Ana on her own address) also carries Bea's. Given to Ana as well, the
    # address was on two people, and a second import could match Bea's row to Ana on it.
    rows = [
        row(2, full_name="Ana Lima", emails=[("ana@x.org", "")]),
        row(3, full_name="Bea Costa", emails=[("bea@x.org", "")]),
        row(4, full_name="Ana Lima", emails=[("ana@x.org", ""), ("bea@x.org", "")]),
    ]
    first = import_apply(owner=owner, plan=plan_of(owner, *rows))
    assert first["created"] == 2
    addresses = ContactEmail.objects.filter(owner=owner).order_by("email")
    assert list(addresses.values_list("email", "contact__display_name")) == [
        ("ana@x.org", "Ana Lima"),
        ("bea@x.org", "Bea Costa"),
    ]

    second = import_apply(owner=owner, plan=plan_of(owner, *rows))

    assert (second["created"], second["updated"]) == (0, 0), second


def test_a_repeat_under_another_name_does_not_give_that_name_to_the_person(owner):
    # Found by the invariant above. The third row repeats Bea (her LinkedIn profile) under Ana's
    # name; taken as a second name of Bea's, it made the fourth row's "Ana Lima" ambiguous, so
    # its phone was skipped; imported again, Ana's contact (the only one called so) gained it.
    rows = [
        row(2, full_name="Ana Lima"),
        row(2, full_name="Bea Costa", profiles=[("linkedin", "https://linkedin.com/in/ana")]),
        row(2, full_name="Ana Lima", profiles=[("linkedin", "https://linkedin.com/in/ana")]),
        row(2, full_name="Ana Lima", phones=[("+33612345678", "")]),
    ]
    first = import_apply(owner=owner, plan=plan_of(owner, *rows))
    assert first["created"] == 2
    phones = ContactPhone.objects.filter(owner=owner)
    assert list(phones.values_list("number", "contact__display_name")) == [
        ("+33612345678", "Ana Lima")
    ]

    second = import_apply(owner=owner, plan=plan_of(owner, *rows))

    assert (second["created"], second["updated"]) == (0, 0), second


def test_two_spellings_of_a_linkedin_profile_are_one_profile_of_one_person(owner):
    rows = [
        row(2, full_name="Bea Costa", emails=[("bea@x.org", "")]),
        row(
            3,
            full_name="Ana Lima",
            profiles=[("linkedin", "https://linkedin.com/in/ana")],
            positions=[Position("Acme")],
        ),
        # Bea's, by her address; Ana's profile, spelled another way, stays Ana's alone.
        row(
            4,
            full_name="Bea Costa",
            emails=[("bea@x.org", "")],
            profiles=[("linkedin", "https://www.linkedin.com/in/Ana/")],
        ),
    ]
    import_apply(owner=owner, plan=plan_of(owner, *rows))
    profiles = SocialProfile.objects.filter(owner=owner)
    assert list(profiles.values_list("url", "contact__display_name")) == [
        ("https://linkedin.com/in/ana", "Ana Lima")
    ]

    second = import_apply(owner=owner, plan=plan_of(owner, *rows))

    assert (second["created"], second["updated"]) == (0, 0), second


def test_the_details_of_a_row_that_could_be_several_people_go_to_nobody(owner):
    # Found by the invariants above: the third row, Bea's name shared by two, was skipped, and
    # the fourth gave its phone to Ana; imported again, the third row was Ana's by that phone.
    rows = [
        row(2, full_name="Bea Costa", profiles=[("linkedin", "https://linkedin.com/in/bea")]),
        row(3, full_name="Bea Costa", profiles=[("linkedin", "https://linkedin.com/in/bea-c")]),
        row(4, full_name="Bea Costa", emails=[("bea@x.org", "")], phones=[("+33612345678", "")]),
        row(5, full_name="Ana Lima", phones=[("+33612345678", "")]),
    ]
    plan = plan_of(owner, *rows)
    assert [m.status for m in plan.matches] == ["new", "new", "error", "new"]
    import_apply(owner=owner, plan=plan)
    assert not ContactPhone.objects.filter(owner=owner).exists()

    second = import_apply(owner=owner, plan=plan_of(owner, *rows))

    assert (second["created"], second["updated"]) == (0, 0), second
