from datetime import UTC, datetime

import pytest

from portability.importing.parsers import parse
from portability.importing.records import ImportFileError
from tests.portability.importing.helpers import fixture


@pytest.fixture
def parsed():
    return parse(fixture("linkedin_messages.csv"), format="linkedin_messages")


def test_it_reads_messages_with_aware_utc_times(parsed):
    first = parsed.messages[0]

    assert parsed.contacts == []
    assert first.conversation_id == "2-abc=="
    assert first.sent_at == datetime(2025, 12, 7, 14, 3, 11, tzinfo=UTC)
    assert first.sent_at.tzinfo is UTC
    assert (first.sender_name, first.sender_profile_url) == (
        "Ana Lima",
        "https://www.linkedin.com/in/ana-lima",
    )
    assert first.recipient_names == ("Olivia Owner",)
    assert first.content == "Hi Olivia, great to meet you at PyCon!\nCoffee next week?"
    assert first.source == "line 2"


def test_profile_addresses_are_normalized(parsed):
    reply = parsed.messages[1]

    assert reply.sender_profile_url == "https://www.linkedin.com/in/olivia-owner"
    assert reply.recipient_profile_urls == ("https://www.linkedin.com/in/ana-lima",)
    assert (reply.subject, reply.content) == ("Re: coffee", 'Sure, "Tuesday" works.')


def test_several_recipients_are_split(parsed):
    group = parsed.messages[2]

    assert group.recipient_names == ("Olivia Owner", "Ana Lima")
    assert group.recipient_profile_urls == (
        "https://www.linkedin.com/in/olivia-owner",
        "https://www.linkedin.com/in/ana-lima",
    )


def test_one_recipient_keeps_the_comma_in_their_name(parsed):
    comma = parsed.messages[3]

    assert (comma.sender_name, comma.recipient_names) == ("Lima, Ana", ("Costa, Bruno",))
    assert comma.sent_at == datetime(2025, 12, 3, 7, 0, tzinfo=UTC)


def test_drafts_empty_and_undated_rows_are_skipped_with_warnings(parsed):
    assert [m.source for m in parsed.messages] == ["line 2", "line 4", "line 5", "line 9"]
    assert parsed.warnings == [
        "1 draft(s) were skipped: they were never sent.",
        "1 message(s) with no subject and no text were skipped.",
        "1 message(s) were skipped because their DATE is not a date (line 8).",
    ]


def test_columns_are_matched_by_name():
    data = b"DATE,CONTENT,FROM,CONVERSATION ID\n2025-12-07 14:03:11 UTC,Hello,Ana,c1\n"

    (message,) = parse(data, format="linkedin_messages").messages

    assert (message.sender_name, message.content, message.recipient_names) == ("Ana", "Hello", ())


def test_connections_are_not_messages():
    with pytest.raises(ImportFileError, match="LinkedIn Connections export, not a LinkedIn mess"):
        parse(fixture("linkedin_connections.csv"), format="linkedin_messages")
