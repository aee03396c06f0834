"""Refs a spreadsheet changed on the way back (issue 20): "0012" read as the number 12, "12-03"
read as a date. A row whose ref matches no young person, while a ref on file would read as it
once changed the same way, is refused with a sentence that says so: otherwise the import would
add a second young person, or report a missing one, for a ref that is only mistyped by a
spreadsheet.
"""

import re
import sqlite3
from datetime import date

from efter.core.i18n import t
from efter.transfer.rows import Problem, Row

_DIGITS = re.compile(r"[0-9]+")
_REF_DAY_MONTH = re.compile(r"([0-9]{1,2})[-./]([0-9]{1,2})(?:[-./]([0-9]{2}|[0-9]{4}))?")
_REF_YEAR_MONTH = re.compile(r"([0-9]{4})[-./]([0-9]{1,2})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T]00:00(?::00)?)?")
_NUMERIC = re.compile(r"([0-9]{1,2})[-./ ]([0-9]{1,2})[-./ ]([0-9]{2}|[0-9]{4})")
_NAMED = re.compile(r"([0-9]{1,2})\.?[-./ ]([a-zæøå]{3,})\.?(?:[-./ ]([0-9]{2}|[0-9]{4}))?")
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "maj": 5, "may": 5, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# (day, month, year or None) a date could stand for.
Reading = tuple[int, int, int | None]


class Refs:
    """The refs on file that a spreadsheet would change, read once per import."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.numbers: dict[str, str] = {}  # "12" -> "0012"
        self.dates: list[tuple[str, set[Reading]]] = []  # ("12-03", readings of it as a date)
        from efter.core.youth import refs_like_numbers

        for ref in refs_like_numbers(conn):
            if _DIGITS.fullmatch(ref):
                self.numbers.setdefault(str(int(ref)), ref)
                continue
            readings = _ref_as_date(ref)
            if readings:
                self.dates.append((ref, readings))

    def problem(self, row: Row, ref: str) -> Problem | None:
        """The sentence for a ref not on file that a mangled ref on file would give."""
        value = ref.strip()
        if _DIGITS.fullmatch(value) and not value.startswith("0"):
            original = self.numbers.get(value)
            if original is not None:
                return _refused(
                    row, value, original, t("once a spreadsheet has dropped its leading zeros")
                )
            return None
        seen = _value_as_date(value)
        if not seen:
            return None
        for original, readings in self.dates:
            if any(_same(a, b) for a in seen for b in readings):
                return _refused(row, value, original, t("once a spreadsheet has read it as a date"))
        return None


def _refused(row: Row, value: str, original: str, how: str) -> Problem:
    return Problem(
        row.where,
        row.column("ref"),
        t(
            "no young person has the ref '{value}', but the ref '{original}' reads as that {how}; "
            "format the ref column as text in the spreadsheet, give the ref as it is on file and "
            "import again",
            value=value,
            original=original,
            how=how,
        ),
    )


def _same(seen: Reading, ref: Reading) -> bool:
    if seen[:2] != ref[:2]:
        return False
    if ref[2] is None or seen[2] is None:
        return True
    return seen[2] % 100 == ref[2] % 100


def _valid(day: int, month: int) -> bool:
    try:
        date(2024, month, day)  # a leap year: 29-02 is a date too
    except ValueError:
        return False
    return True


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def _ref_as_date(ref: str) -> set[Reading]:
    """How a spreadsheet may read a ref as a date: day-month (Danish) or month-day (US)."""
    found: set[Reading] = set()
    match = _REF_DAY_MONTH.fullmatch(ref)
    if match:
        a, b, year = int(match[1]), int(match[2]), _year(match[3])
        found |= {(d, m, year) for d, m in ((a, b), (b, a)) if _valid(d, m)}
    match = _REF_YEAR_MONTH.fullmatch(ref)
    if match and _valid(1, int(match[2])):
        found.add((1, int(match[2]), int(match[1])))
    return found


def _value_as_date(value: str) -> set[Reading]:
    """The dates a cell read back from a spreadsheet may stand for."""
    found: set[Reading] = set()
    match = _ISO.fullmatch(value)
    if match and _valid(int(match[3]), int(match[2])):
        found.add((int(match[3]), int(match[2]), int(match[1])))
    match = _NUMERIC.fullmatch(value)
    if match:
        a, b, year = int(match[1]), int(match[2]), _year(match[3])
        found |= {(d, m, year) for d, m in ((a, b), (b, a)) if _valid(d, m)}
    match = _NAMED.fullmatch(value.lower())
    if match and match[2][:3] in _MONTHS and _valid(int(match[1]), _MONTHS[match[2][:3]]):
        found.add((int(match[1]), _MONTHS[match[2][:3]], _year(match[3])))
    return found
