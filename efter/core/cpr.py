"""CPR numbers: format and date checked, century from the 7th digit, never modulus 11.

Since 2007 valid CPR numbers exist that fail the modulus 11 check, so it is not applied.
Messages here never repeat the number.
"""

import re
from datetime import date

from efter.core.errors import InvalidInput

_CPR = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d{4})$")


def century(year2: int, seventh: int) -> int:
    """The century a CPR number's two-digit year belongs to (CPR-kontoret's table)."""
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if year2 <= 36 else 1900
    return 2000 if year2 <= 57 else 1800


def parse_cpr(text: str) -> tuple[str, date]:
    """Return the number as DDMMYY-SSSS and the birth date it encodes."""
    match = _CPR.match(text.strip().replace(" ", ""))
    if not match:
        raise InvalidInput(
            "The CPR number is not valid: write it as ten digits, DDMMYY-SSSS (the dash is optional)."
        )
    dd, mm, yy, serial = match.groups()
    year = century(int(yy), int(serial[0])) + int(yy)
    try:
        born = date(year, int(mm), int(dd))
    except ValueError:
        raise InvalidInput(
            "The CPR number is not valid: its first six digits are not a real date (DDMMYY)."
        ) from None
    return f"{dd}{mm}{yy}-{serial}", born


def mask(cpr: str | None) -> str:
    """140308-**** : the birth date part stays, the serial is hidden."""
    if not cpr:
        return ""
    return cpr[:6] + "-****"


_ANYWHERE = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")


def redact(text: str) -> str:
    """Replace anything shaped like a CPR number in a message with a placeholder."""
    return _ANYWHERE.sub("[CPR number]", text)
