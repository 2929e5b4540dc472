"""LinkedIn's messages.csv, from the same data archive as Connections.csv:

    CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,
    SUBJECT,CONTENT,FOLDER

DATE reads "2025-12-07 14:03:11 UTC"; TO and RECIPIENT PROFILE URLS list several people
separated by commas. Columns are found by name (LinkedIn has added some over the years).
Drafts and rows with nothing said are skipped, and a warning counts them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from portability.importing.parsers import tabular
from portability.importing.parsers.detection import format_of_header, wrong_format
from portability.importing.parsers.values import linkedin_profile_url
from portability.importing.records import ImportedMessage, Parsed

_DRAFT_FOLDERS = {"draft", "drafts"}
# How many unreadable lines a warning names before it just counts them.
_NAMED_LINES = 10


def parse(text: str, *, max_rows: int) -> Parsed:
    rows = tabular.data_rows(tabular.records(text), max_rows)
    first = next(rows, None)
    if first is None or format_of_header(first[1]) != "linkedin_messages":
        raise wrong_format("linkedin_messages", text, "CONVERSATION ID, FROM, TO, DATE, CONTENT, …")
    index = tabular.header_index(first[1])

    def column(cells: list[str], name: str) -> str:
        return tabular.cell(cells, index.get(name))

    parsed = Parsed(format="linkedin_messages")
    drafts = empty = 0
    bad_dates: list[int] = []
    for line, cells in rows:
        if column(cells, "folder").casefold() in _DRAFT_FOLDERS:
            drafts += 1
            continue
        subject, content = column(cells, "subject"), column(cells, "content")
        if not (subject or content):
            empty += 1
            continue
        sent_at = sent_time(column(cells, "date"))
        if sent_at is None:
            bad_dates.append(line)
            continue
        urls = tuple(
            filter(None, (_profile(u) for u in column(cells, "recipient profile urls").split(",")))
        )
        parsed.messages.append(
            ImportedMessage(
                source=f"line {line}",
                conversation_id=column(cells, "conversation id"),
                sent_at=sent_at,
                sender_name=column(cells, "from"),
                sender_profile_url=_profile(column(cells, "sender profile url")),
                recipient_names=_names(column(cells, "to"), len(urls)),
                recipient_profile_urls=urls,
                subject=subject,
                content=content,
            )
        )
    if drafts:
        parsed.warnings.append(f"{drafts} draft(s) were skipped: they were never sent.")
    if empty:
        parsed.warnings.append(f"{empty} message(s) with no subject and no text were skipped.")
    if bad_dates:
        named = ", ".join(str(line) for line in bad_dates[:_NAMED_LINES])
        more = f" and {len(bad_dates) - _NAMED_LINES} more" if len(bad_dates) > _NAMED_LINES else ""
        parsed.warnings.append(
            f"{len(bad_dates)} message(s) were skipped because their DATE is not a date "
            f"({'line' if len(bad_dates) == 1 else 'lines'} {named}{more})."
        )
    return parsed


def sent_time(text: str) -> datetime | None:
    """An aware UTC datetime from "2025-12-07 14:03:11 UTC" (or an ISO 8601 time with an
    offset); None when it is not one. A time without a zone is LinkedIn's UTC."""
    value = text.strip().removesuffix("UTC").strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _profile(url: str) -> str:
    url = url.strip()
    return (linkedin_profile_url(url) or url) if url else ""


def _names(text: str, people: int) -> tuple[str, ...]:
    """TO split on commas, unless there is one recipient (a name may hold a comma: "Lima, Ana")."""
    if not text:
        return ()
    if people == 1:
        return (text,)
    return tuple(name.strip() for name in text.split(",") if name.strip())
