"""Phone numbers are stored in E.164 (+33612345678) so that one number typed two ways is one number.

Without a country, "06 12 34 56 78" could be a number in a dozen countries; rather than guess,
a number without its +country code is refused with a message saying what to type.
"""

import phonenumbers
from django.core.exceptions import ValidationError

# Long enough for any real number with spaces and punctuation; phonenumbers refuses longer input.
MAX_INPUT_LENGTH = 64


def normalize_phone(raw: str) -> str:
    """The E.164 form of a phone number, or a ValidationError that tells the user what to fix."""
    text = raw.strip()
    if len(text) > MAX_INPUT_LENGTH:
        raise ValidationError("That is too long to be a phone number.", code="invalid_phone")
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException as error:
        needs_country = error.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE
        if needs_country and not text.startswith("+"):
            raise ValidationError(
                "Start the number with + and its country code, e.g. +33 6 12 34 56 78.",
                code="phone_needs_country",
            ) from error
        raise ValidationError(
            "“%(value)s” is not a phone number.", code="invalid_phone", params={"value": text}
        ) from error
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            "“%(value)s” is not a valid phone number for its country.",
            code="invalid_phone",
            params={"value": text},
        )
    if parsed.extension:
        # E.164 has no room for an extension; dropping it silently would lose what the user typed.
        raise ValidationError(
            "Extensions are not stored with the number: put it in the label (“work ext. %(ext)s”).",
            code="phone_extension",
            params={"ext": parsed.extension},
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """How a stored number reads on a page: "+33 6 12 34 56 78"."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
