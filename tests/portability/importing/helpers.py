"""The hand-written fixtures: real exports are messy, and each fixture keeps one tool's quirks."""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def by_name(parsed):
    """Contacts by "First Last" (or full name), for assertions that read as the preview would."""
    return {(c.full_name or f"{c.first_name} {c.last_name}").strip(): c for c in parsed.contacts}
