"""vCard 3.0 (RFC 2426), which every address book imports, written with vobject so that commas,
semicolons and line breaks in user text are escaped and long lines folded as the format wants."""

from collections.abc import Iterable

import vobject

from contacts.exporting.rows import birthday_text
from contacts.models import Contact, SocialNetwork

# vCard's TYPE for an email or phone label people commonly use; other labels go as they are.
_LABEL_TYPES = {"work": "WORK", "home": "HOME", "mobile": "CELL", "cell": "CELL", "fax": "FAX"}


def _type_of(label: str) -> str | None:
    label = label.strip().lower()
    if not label:
        return None
    return _LABEL_TYPES.get(label) or "".join(ch for ch in label if ch.isalnum()).upper() or None


def contact_vcard(contact: Contact) -> str:
    """One contact (prefetched by contacts_for_export) as a vCard."""
    card = vobject.vCard()
    card.add("fn").value = contact.display_name
    card.add("n").value = vobject.vcard.Name(
        family=contact.last_name,
        given=contact.first_name,
        additional=contact.middle_name,
        prefix=contact.prefix,
        suffix=contact.suffix,
    )
    if contact.nickname:
        card.add("nickname").value = contact.nickname
    for email in contact.emails.all():
        line = card.add("email")
        line.value = email.email
        line.type_param = ["INTERNET", *filter(None, [_type_of(email.label)])]
    for phone in contact.phones.all():
        line = card.add("tel")
        line.value = phone.number
        kind = _type_of(phone.label)
        if kind:
            line.type_param = kind
    for profile in contact.profiles.all():
        line = card.add("url")
        line.value = profile.url
        if profile.network != SocialNetwork.WEBSITE:
            line.type_param = profile.network.upper()
    current = contact.current_affiliations[:1]
    if current:
        card.add("org").value = [current[0].organization.name]
        if current[0].role:
            card.add("role").value = current[0].role
    if contact.job_title:
        card.add("title").value = contact.job_title
    birthday = birthday_text(contact)
    if birthday:
        # A year-less birthday is "--MM-DD" (ISO 8601 truncated form, as vCard 4 writes it);
        # Apple, Google and Thunderbird read it.
        card.add("bday").value = birthday
    if contact.location:
        card.add("adr").value = vobject.vcard.Address(city=contact.location)
    tags = [tag.name for tag in contact.tags.all()]
    if tags:
        card.add("categories").value = tags
    if contact.notes:
        card.add("note").value = contact.notes
    return card.serialize()


def contacts_vcards(contacts: Iterable[Contact]) -> str:
    """Several contacts in one .vcf file, one card after another."""
    return "".join(contact_vcard(contact) for contact in contacts)
