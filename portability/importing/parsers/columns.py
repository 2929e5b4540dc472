"""Numbered column groups ("E-mail 2 - Value", "Phone 1 - Label") found by pattern, never by
position: Google writes as many groups as the fullest contact needs, so the count varies by file."""

from __future__ import annotations

import re

from portability.importing.parsers.tabular import header_key

_GROUPED = re.compile(r"(?P<kind>[a-z' -]+?) (?P<number>\d+) - (?P<part>.+)")


def numbered_groups(header: list[str]) -> dict[str, list[dict[str, int]]]:
    """{kind: [{part: column position}, …] in number order}, e.g.
    {"e-mail": [{"label": 17, "value": 18}, {"label": 19, "value": 20}]}."""
    groups: dict[str, dict[int, dict[str, int]]] = {}
    for position, name in enumerate(header):
        match = _GROUPED.fullmatch(header_key(name))
        if match:
            kind = groups.setdefault(match.group("kind"), {})
            kind.setdefault(int(match.group("number")), {}).setdefault(
                match.group("part"), position
            )
    return {kind: [numbers[n] for n in sorted(numbers)] for kind, numbers in groups.items()}
