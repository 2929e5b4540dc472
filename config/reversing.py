"""reverse() for the addresses of one object, `<int:pk>` in their pattern, at the cost of a string
format.

Django's reverse() tries each candidate pattern and checks the result against its regular
expression: a tenth of a millisecond or more per call. A page of rows reverses several addresses
per row (each contact's page, each reminder's actions), and the dashboard spent more time there
than in its queries. The address of an id differs from the address of another id only by the id,
so each name is reversed once with a sentinel id, and the parts around it are kept.
"""

from collections.abc import Iterable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Digits that no other part of an address holds: the split around them is unambiguous.
_SENTINEL = 8_642_097_531_864_209
_parts: dict[tuple[str, str, str], tuple[str, str]] = {}


def _configuration() -> tuple[str, str]:
    # The URLconf and the script prefix are per request (a test may swap either): both key the
    # cache, so an address is never built from another configuration's parts. Reading them is
    # most of the cost of an address.
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


def _address(viewname: str, pk: int, configuration: tuple[str, str]) -> str:
    key = (viewname, *configuration)
    parts = _parts.get(key)
    if parts is None:
        # NoReverseMatch, as reverse() raises it, for a name that does not take one id.
        head, _, tail = reverse(viewname, args=[_SENTINEL]).partition(str(_SENTINEL))
        parts = _parts[key] = (head, tail)
    return f"{parts[0]}{int(pk)}{parts[1]}"


def reverse_pk(viewname: str, pk: int) -> str:
    """reverse(viewname, args=[pk]) for a pattern whose only argument is `<int:pk>`."""
    return _address(viewname, pk, _configuration())


def reverse_pks(viewnames: Iterable[str], pk: int) -> list[str]:
    """reverse_pk() of each name for the same id, the configuration read once for all."""
    configuration = _configuration()
    return [_address(viewname, pk, configuration) for viewname in viewnames]
