"""Contact details (phone, e-mail, address): what is accepted and how it is stored.

A phone number is stored in one form, so the same number typed two ways is the same number:
a Danish number (eight digits, with or without +45 or 0045, spaces or dashes anywhere) as
Danes write it, "12 34 56 78"; a number from another country (it must begin with + or 00 and the country
code) as the `phonenumbers` library writes it internationally ("+46 70 123 45 67"). Danish
numbers are checked here without that library; only a foreign number imports it (about 25 ms,
once). An e-mail address is one `local@domain.tld` without spaces, its domain in small
letters. An address is one line of text ("Vestergade 12, 2. th., 6700 Esbjerg").

Contact details never go into a calendar file (see render/ics), and go with the person when
a young person is erased.
"""

from functools import lru_cache

from efter.core.errors import InvalidInput
from efter.core.i18n import t
from efter.core.patterns import Pattern
from efter.core.text import check as check_text

FIELDS = ("phone", "email", "address")
_SEPARATORS = Pattern(r"[\s\-./()]+")
_EMAIL = Pattern(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def _phone_fix() -> str:
    return t(
        "write a Danish number as eight digits (12 34 56 78, +45 12 34 56 78) or a foreign "
        "one with + and the country code (+46 70 123 45 67)"
    )


def phone(value: object, field: str = "phone") -> str | None:
    """The stored form of a phone number; empty -> None. Raises InvalidInput."""
    return None if value is None else _phone(str(value), field)


# An import names the same few numbers and addresses on many rows: each is worked out once
# (a wrong one is not kept, so its error is raised, in the language of the moment, each time).
@lru_cache(maxsize=4096)
def _phone(value: str, field: str) -> str | None:
    text = check_text(value.strip(), field)
    if not text:
        return None
    digits = _SEPARATORS.sub("", text)
    # 00 is the international prefix only before more than a Danish number's eight digits
    international = digits.startswith("+") or (digits.startswith("00") and len(digits) > 8)
    number = digits[1:] if digits.startswith("+") else digits[2:] if international else digits
    if not number.isdigit() or not number.isascii():
        raise InvalidInput(
            field=field,
            problem=t("the phone number '{text}' holds something other than digits", text=text),
            fix=_phone_fix(),
        )
    if not international:
        if len(number) != 8:
            raise InvalidInput(
                field=field,
                problem=t(
                    "the phone number '{text}' has {count} digits, and a Danish number has 8",
                    text=text,
                    count=len(number),
                ),
                fix=_phone_fix(),
            )
        return _danish(number)
    if number.startswith("45"):
        if len(number) != 10:
            raise InvalidInput(
                field=field,
                problem=t(
                    "the phone number '{text}' has {count} digits after +45, and a Danish "
                    "number has 8",
                    text=text,
                    count=len(number) - 2,
                ),
                fix=_phone_fix(),
            )
        return _danish(number[2:])
    return _foreign(number, text, field)


def _danish(eight: str) -> str:
    return " ".join(eight[i : i + 2] for i in range(0, 8, 2))


def _foreign(number: str, typed: str, field: str) -> str:
    import phonenumbers  # only for a number from another country (about 25 ms)

    problem = t(
        "the phone number '{text}' is not a valid number in the country its code names",
        text=typed,
    )
    try:
        parsed = phonenumbers.parse("+" + number, None)
    except phonenumbers.NumberParseException:
        raise InvalidInput(field=field, problem=problem, fix=_phone_fix()) from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidInput(field=field, problem=problem, fix=_phone_fix())
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def email(value: object, field: str = "email") -> str | None:
    """The stored form of an e-mail address (the domain in small letters); empty -> None."""
    return None if value is None else _email(str(value), field)


@lru_cache(maxsize=4096)
def _email(value: str, field: str) -> str | None:
    text = check_text(value.strip(), field)
    if not text:
        return None
    if not _EMAIL.fullmatch(text):
        raise InvalidInput(
            field=field,
            problem=t("'{text}' is not an e-mail address", text=text),
            fix=t("write it as name@example.dk"),
        )
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def address(value: object, field: str = "address") -> str | None:
    """An address on one line; empty -> None."""
    text = check_text(str(value).strip(), field) if value is not None else ""
    return " ".join(text.split()) or None


def clean(values: dict[str, object], *, partial: bool = False) -> dict[str, str | None]:
    """The contact fields of `values` checked and in their stored form (only those given
    when partial)."""
    out: dict[str, str | None] = {}
    if partial and "phone" not in values and "email" not in values and "address" not in values:
        return out  # nearly every call from a per-field check: nothing to do
    for name, check in (("phone", phone), ("email", email), ("address", address)):
        if name in values or not partial:
            out[name] = check(values.get(name), name)
    return out
