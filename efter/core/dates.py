"""Dates as coordinators type them: ISO (2026-03-14) or Danish day-first (14-03-2026, 14.3.2026)."""

from datetime import date, datetime
from functools import lru_cache

from efter.core.errors import InvalidInput
from efter.core.i18n import N_, danish, day_text, t
from efter.core.patterns import Pattern
from efter.core.text import quoted

_ISO = Pattern(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = Pattern(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_TIME = Pattern(r"^(\d{1,2})[:.](\d{2})$")

MONTHS_DA = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_HOW = N_("write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026)")
# What parse_date and parse_datetime call the value when no field is named ("The date ...").
_WHATS = (N_("date"), N_("time"), N_("status date"), N_("meeting time"), N_("closing date"))


# An import reads the same few hundred dates thousands of times: each is worked out once.
@lru_cache(maxsize=4096)
def parse_date(text: str, what: str = "date", *, field: str | None = None) -> date:
    """Parse a date a user typed. Wrong: InvalidInput naming the fix; with `field` (the
    record's field or the command's parameter, "born", "since") a structured one that each
    face words as it names the place, else one sentence that calls it "the {what}"."""
    value = text.strip()
    match = _ISO.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DAY_FIRST.match(value)
        if not match:
            raise _wrong(field, what, t("'{value}' is not a date", value=quoted(value)), _HOW)
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            months = MONTHS_DA if danish() else MONTHS_EN
            reason = t(
                "{month} {year} has no day {day}", month=months[month - 1], year=year, day=day
            )
        else:
            reason = t("there is no month {month}", month=month)
        problem = t("'{value}' does not exist ({reason})", value=quoted(value), reason=reason)
        raise _wrong(field, what, problem, _HOW) from None


# A column of days each written as YYYY-MM-DD (ASCII digits), one per line: what export writes.
_ISO_LINES = Pattern(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:\n[0-9]{4}-[0-9]{2}-[0-9]{2})*")


def iso_as_given(values: set[str]) -> bool:
    """Whether parse_date(value).isoformat() is each of these values itself (a column's
    distinct values): each a real day written as YYYY-MM-DD, as efter's exports write them.
    Asked of a whole column in C (an import's 10,000 birth dates, 2.4 us each one by one)."""
    if not values or not {str}.issuperset(map(type, values)):
        return False
    if _ISO_LINES.fullmatch(next(iter(values))) is None:  # most often: one says it at once
        return False
    if _ISO_LINES.fullmatch("\n".join(values)) is None:
        return False
    try:
        all(map(date.fromisoformat, values))  # a real day (no 31 February, no year 0)
    except ValueError:
        return False
    return True


def _wrong(field: str | None, what: str, problem: str, fix: str) -> InvalidInput:
    fix = t(fix) if fix else fix
    what = t(what)
    if field is not None:
        return InvalidInput(field=field, problem=problem, fix=fix)
    return InvalidInput(
        t("The {what} {problem}: {fix}.", what=what, problem=problem, fix=fix)
        if fix
        else t("The {what} {problem}.", what=what, problem=problem)
    )


_HOW_TIME = N_("write it as 'YYYY-MM-DD HH:MM' (2026-12-03 14:00) or 'DD-MM-YYYY HH:MM'")


def parse_datetime(text: str, what: str = "time", *, field: str | None = None) -> datetime:
    """Parse 'DATE HH:MM' (ISO or day-first date; 'T' also accepted between them)."""
    value = text.strip().replace("T", " ")
    parts = value.split()
    match = _TIME.match(parts[1]) if len(parts) == 2 else None
    if match is None:
        shown = quoted(text.strip())  # only for the message: a row of an import is not one
        raise _wrong(field, what, t("'{shown}' is not a date and time", shown=shown), _HOW_TIME)
    day = parse_date(parts[0], what, field=field)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        shown = quoted(text.strip())
        raise _wrong(
            field,
            what,
            t("'{shown}' has no such clock time {time}", shown=shown, time=parts[1]),
            "",
        )
    return datetime(day.year, day.month, day.day, hour, minute)


def not_before(day: date | str, start: date | str, field: str) -> None:
    """The one check that a day is not before the start of what it ends or follows (a
    measure's, a team member's or a programme period's end, a case's closing, a consent's last
    day or withdrawal, a contract's signing after it was saved), with one wording: InvalidInput
    about `field`. Dates or ISO strings."""
    if str(day)[:10] < str(start)[:10]:
        raise InvalidInput(
            field=field,
            problem=t(
                "{day} is before the start date {start}",
                day=day_text(day),
                start=day_text(start),
            ),
            fix=t("give {start} or later", start=day_text(start)),
        )


def danish_date(day: date) -> str:
    """14. marts 2026"""
    return f"{day.day}. {MONTHS_DA[day.month - 1]} {day.year}"


def english_date(day: date) -> str:
    """14 March 2026"""
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def birthday(born: date, age: int) -> date:
    """The day a person born on `born` turns `age`: a 29 February birthday falls on 1 March
    in a year without 29 February (everywhere in efter: ages, statutory dates, milestones)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # 29 February in a year without it
        return date(born.year + age, 3, 1)


def age_on(born: date, on: date) -> int:
    """Whole years lived on a given day (a 29 February birthday counts on 1 March, as
    birthday() says: age_on(born, birthday(born, n)) == n)."""
    years = on.year - born.year
    if on < birthday(born, years):
        years -= 1
    return years


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, clamped to the month's end (as dateutil's
    relativedelta does; plain arithmetic because youth lists call this for every row)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    if month == 2:
        last = 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    else:
        last = 30 if month in (4, 6, 9, 11) else 31
    return day.replace(year=year, month=month, day=min(day.day, last))
