"""Network meetings: plan (single, series, the model's milestones), list, hold, cancel, move.

Planning rules: a meeting on a weekend, a Danish public holiday or a day to avoid (Grundlovsdag,
24 and 31 December) moves to the next working day, a milestone meeting bound to a statutory
deadline to the previous one (the caller is told why); a time in the past is refused unless forced; a closed case gets
no new meetings.
"""

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from efter.core import audit, clock, persons, vocab
from efter.core.casefile import ids_param, insert_rows, new_values, records_of, update_rows
from efter.core.dates import add_months, parse_date
from efter.core.errors import Conflict, InvalidInput, NotFound, UsageMistake, phrase
from efter.core.i18n import N_, day_text, language, t, time_text
from efter.core.text import check, is_id
from efter.core.text import clean as clean_stored
from efter.core.youth import Youth, by_ids, of_record

KINDS = vocab.codes(vocab.MEETING_KINDS)
STATUSES = vocab.codes(vocab.MEETING_STATUSES)
# The model's meetings: age in months -> stored milestone code, Danish and English label.
MILESTONES = (
    (16 * 12, "16", "16 år", "age 16"),
    (17 * 12 + 6, "17.5", "17½ år", "age 17½"),
    (18 * 12 + 6, "18.5", "18½ år", "age 18½"),
)
MAX_SERIES = 24
_UNITS = {
    "day": "days", "days": "days", "d": "days", "dag": "days", "dage": "days",
    "week": "weeks", "weeks": "weeks", "w": "weeks", "uge": "weeks", "uger": "weeks",
    "month": "months", "months": "months", "m": "months", "måned": "months",
    "måneder": "months", "maaned": "months", "maaneder": "months", "mdr": "months",
    "year": "years", "years": "years", "y": "years", "år": "years", "aar": "years",
}  # fmt: skip


class Slot(NamedTuple):  # NamedTuples, not dataclasses: cheaper to define at start-up
    """One meeting to plan: when, and why it is not where the user asked."""

    starts: datetime
    asked: datetime
    moved_because: str | None = None
    milestone: str | None = None
    direction: str | None = None  # "on" (the next working day) or "back" (the previous one)


def kind_code(text: str) -> str:
    return vocab.code_of(
        vocab.MEETING_KINDS,
        text,
        "kind",
        N_("'{text}' is not a kind of meeting"),
        N_("give start, network, milestone or end"),
    )


# `--kind` may name one of the model's meetings by age: 16, 17½, 18½ (stored as a milestone).
MILESTONE_SPELLINGS = {
    "16": "16", "16 år": "16", "16år": "16", "age 16": "16",
    "17.5": "17.5", "17,5": "17.5", "17½": "17.5", "17½ år": "17.5", "17,5 år": "17.5",
    "18.5": "18.5", "18,5": "18.5", "18½": "18.5", "18½ år": "18.5", "18,5 år": "18.5",
}  # fmt: skip
ORDINARY = ("ordinary", "ordinært", "ordinaert", "almindeligt", "ordinært netværksmøde")
KIND_CHOICES = N_("start, 16, 17.5, 18.5, end or network (an ordinary network meeting)")


def kind_spec(text: str) -> tuple[str, str | None]:
    """A meeting kind as typed -> (stored kind, milestone code or None).

    The six kinds of the model: start, 16, 17½, 18½, end and the ordinary network meeting;
    `milestone` alone (age not said) still works, as do the older spellings."""
    key = " ".join(text.strip().casefold().split())
    for prefix in ("milestone ", "milepæl ", "milepælsmøde "):
        key = key.removeprefix(prefix)
    if key in MILESTONE_SPELLINGS:
        return "milestone", MILESTONE_SPELLINGS[key]
    if key in ORDINARY:
        return "network", None
    try:
        return kind_code(key), None
    except InvalidInput:
        raise InvalidInput(
            field="kind",
            problem=t("'{text}' is not a kind of meeting", text=text.strip()),
            fix=t("give {kind_choices}", kind_choices=KIND_CHOICES),
        ) from None


def kind_key(kind: str, milestone: str | None) -> str:
    """One code for each kind of meeting, as the documents choose their items: start, 16,
    17.5, 18.5, end, or network (an ordinary meeting, and a milestone meeting planned
    without its age)."""
    if kind == "milestone":
        return milestone or "network"
    return kind


def status_code(text: str) -> str:
    """A meeting status as a file or a user writes it: the code, its Danish or English name."""
    return vocab.code_of(
        vocab.MEETING_STATUSES,
        text,
        "status",
        N_("'{text}' is not a meeting status"),
        N_("give planned, held, cancelled or no-show"),
    )


def check_duration(minutes: int) -> int:
    if not 1 <= minutes <= 1440:
        raise InvalidInput(
            field="duration",
            problem=t("a meeting lasts 1 to 1440 minutes, not {minutes}", minutes=minutes),
            fix=t("give the length in minutes, such as 90"),
        )
    return minutes


def parse_duration(text: str) -> int:
    """Minutes as a file writes them ('90', or '90.0' from a spreadsheet)."""
    raw = text.strip()
    digits = raw.removesuffix(".0")
    if not digits.isdigit():
        raise InvalidInput(
            field="duration",
            problem=t("the duration '{raw}' is not a whole number of minutes", raw=raw),
            fix=t("give the length in minutes, such as 90"),
        )
    return check_duration(int(digits))


def kind_label(kind: str, lang: str = "da", milestone: str | None = None) -> str:
    text = vocab.label(vocab.MEETING_KINDS, kind, lang)
    if milestone:
        for _, code, label_da, label_en in MILESTONES:
            if code == milestone:
                text += f" ({label_da if lang == 'da' else label_en})"
    return text


def status_label(status: str, lang: str = "da") -> str:
    return vocab.label(vocab.MEETING_STATUSES, status, lang)


# --- planning ------------------------------------------------------------------------------


def parse_every(text: str) -> tuple[int, str]:
    """'4 months', '6 uger', '2w' -> (4, 'months')."""
    match = re.fullmatch(r"\s*(\d+)\s*([^\d\s]+)\s*", text.casefold())
    if not match or match.group(2) not in _UNITS or int(match.group(1)) < 1:
        raise InvalidInput(
            field="every",
            problem=t("'{text}' is not an interval", text=text.strip()),
            fix=t("write a number and a unit, such as '4 months', '6 weeks' or '14 days'"),
        )
    number, unit = int(match.group(1)), _UNITS[match.group(2)]
    if number * {"days": 1, "weeks": 7, "months": 31, "years": 366}[unit] > 5 * 366:
        raise InvalidInput(
            field="every",
            problem=t("'{text}' is more than five years between meetings", text=text.strip()),
            fix=t("give a shorter interval"),
        )
    return number, unit


def series(first: datetime, every: str, count: int | None, until: date | None) -> list[datetime]:
    """The meetings of a series, with dateutil's recurrence rules (months keep the day of the
    month, clamped to the month's end)."""
    from dateutil.relativedelta import relativedelta
    from dateutil.rrule import DAILY, WEEKLY, rrule

    number, unit = parse_every(every)
    if count is None and until is None:
        raise UsageMistake(
            problem=t("a series needs an end"),
            fix=phrase("give {count} N or {until} DATE with {every}", "count", "until", "every"),
        )
    if count is not None and until is not None:
        raise UsageMistake(phrase("Give {count} or {until}, not both.", "count", "until"))
    if count is not None and not 1 <= count <= MAX_SERIES:
        raise InvalidInput(
            field="count",
            problem=t(
                "a series has 1 to {max_series} meetings, not {count}",
                max_series=MAX_SERIES,
                count=count,
            ),
        )
    if until is not None and until < first.date():
        raise InvalidInput(
            field="until",
            problem=t(
                "{until} is before the first meeting on {date}",
                until=day_text(until),
                date=day_text(first.date()),
            ),
            fix=t("give a later date"),
        )
    limit = count or MAX_SERIES + 1
    end = datetime.combine(until, first.time()) if until else None
    if unit in ("days", "weeks"):
        freq = DAILY if unit == "days" else WEEKLY
        if end is None:
            found = list(rrule(freq, interval=number, dtstart=first, count=limit))
        else:
            found = list(rrule(freq, interval=number, dtstart=first, until=end))
    else:
        months = number * (12 if unit == "years" else 1)
        found = []
        for step in range(limit):
            # Each from the first, so 31 January + 1 month = 28 February, + 2 = 31 March.
            when = first + relativedelta(months=months * step)
            if end is not None and when > end:
                break
            found.append(when)
    if len(found) > MAX_SERIES:
        raise InvalidInput(
            problem=t("that series has more than {max_series} meetings", max_series=MAX_SERIES),
            fix=phrase("give an earlier {until} or a longer {every}", "until", "every"),
        )
    return found


class Milestone(NamedTuple):
    day: date
    code: str
    deadline: date | None  # the statutory date the meeting must come before, if any


def milestone_dates(youth: Youth, today: date) -> list[Milestone]:
    """The model's meetings at 16, 17½ and 18½ that still lie ahead (today counts), placed
    by the statutory dates (rules.statutory_dates):
    - 16: on the 16th birthday (a month after the placement began, for a young person placed
      after 16), before the ungeplan deadline 3 months later; one whose day has passed while
      the deadline is still ahead is planned from today;
    - 17½: about two months before the § 111 date, so the ungeplan can be revised and the
      decision made in time;
    - 18½: six months after the 18th birthday (no deadline).
    A meeting bound to a deadline is moved back, never past it (see prepare())."""
    from efter.core import rules
    from efter.core.dates import birthday

    born = date.fromisoformat(youth.born)
    placed = date.fromisoformat(youth.placed_from) if youth.placed_from else None
    dates = {item.code: item.on for item in rules.statutory_dates(born, placed)}
    sixteen = birthday(born, 16)
    if placed is not None and placed > sixteen:
        sixteen = add_months(placed, 1)
    wanted = [
        Milestone(sixteen, "16", dates["ungeplan"]),
        Milestone(add_months(dates["s111"], -2), "17.5", dates["s111"]),
        Milestone(add_months(dates["adult"], 6), "18.5", None),
    ]
    ahead = []
    for stone in wanted:
        if stone.day >= today:
            ahead.append(stone)
        elif stone.deadline is not None and stone.deadline >= today:
            ahead.append(stone._replace(day=today))
    return ahead


# Days that are not public holidays but on which nobody should be called to a meeting.
DAYS_TO_AVOID = {(6, 5): "Grundlovsdag", (12, 24): "Juleaftensdag", (12, 31): "Nytårsaftensdag"}


def _why_not(day: date, calendar: Any) -> str | None:
    """Why `day` is no working day for a meeting, or None when it is one."""
    name = calendar.get(day)
    if name:
        return t("a public holiday ({name})", name=name)
    if day.weekday() >= 5:
        return t("a Saturday") if day.weekday() == 5 else t("a Sunday")
    avoid = DAYS_TO_AVOID.get((day.month, day.day))
    if avoid:
        return t("a day to avoid ({avoid})", avoid=avoid)
    return None


def _calendar(first: int, last: int) -> Any:
    import holidays

    return holidays.country_holidays("DK", years=range(first, last + 1), language="da")


def holiday_name(day: date) -> str | None:
    """The Danish public holiday on `day`, if any (the holidays library, loaded only here)."""
    name = _calendar(day.year, day.year).get(day)
    return str(name) if name else None


def next_working_day(when: datetime) -> tuple[datetime, str | None]:
    """`when`, or the first working day after it with the reason it moved (weekends, public
    holidays, and Grundlovsdag, 24 and 31 December, which are days to avoid)."""
    calendar = _calendar(when.year, when.year + 1)
    reason = _why_not(when.date(), calendar)
    moved = when
    while _why_not(moved.date(), calendar):
        moved += timedelta(days=1)
    return moved, reason


def previous_working_day(when: datetime) -> tuple[datetime, str | None]:
    """`when`, or the last working day before it with the reason it moved: a meeting bound to
    a deadline never moves past it."""
    calendar = _calendar(when.year - 1, when.year)
    reason = _why_not(when.date(), calendar)
    moved = when
    while _why_not(moved.date(), calendar):
        moved -= timedelta(days=1)
    return moved, reason


def prepare(
    wanted: list[tuple[datetime, str | None]],
    *,
    today: date,
    force: bool,
    deadlines: dict[str, date] | None = None,
) -> list[Slot]:
    """Move weekend and holiday dates to the next working day, or for a milestone meeting
    bound to a deadline (`deadlines`: milestone code -> date) to the previous one, unless
    that lies before today (then the next, if it is still on or before the deadline); refuse
    the past unless forced."""
    slots = []
    for when, milestone in wanted:
        deadline = (deadlines or {}).get(milestone or "")
        if deadline is not None:
            starts, reason = previous_working_day(when)
            if starts.date() < today:
                later, _ = next_working_day(when)
                starts = later if later.date() <= deadline else starts
            slots.append(Slot(starts, when, reason, milestone, "back" if reason else None))
            continue
        starts, reason = next_working_day(when)
        slots.append(Slot(starts, when, reason, milestone, "on" if reason else None))
    past = [slot for slot in slots if slot.starts.date() < today]
    if past and not force:
        first = past[0].starts
        raise InvalidInput(
            field="at",
            problem=t("the meeting time {first} lies in the past", first=time_text(first)),
            fix=phrase(
                "give a later time, or add {force} to record a meeting that was planned back then",
                "force",
            ),
        )
    return slots


def check_open_case(youth: Youth, doing: str = N_("plan meetings")) -> None:
    if youth.status == "closed":
        raise Conflict(
            problem=t(
                "the case of {label} is closed (on {closed})",
                label=youth.label,
                closed=day_text(youth.closed),
            ),
            fix=t(
                "reopen it with 'efter youth reopen {id}' to {doing}", id=youth.id, doing=t(doing)
            ),
        )


def plan(
    conn: sqlite3.Connection,
    youth: Youth,
    slots: list[Slot],
    *,
    kind: str,
    duration: int,
    place: str | None,
    leader: str | None,
    minute_taker: str | None,
    force: bool,
) -> list[int]:
    check_open_case(youth)
    check_duration(duration)
    taken = {
        row["milestone"]
        for row in conn.execute(
            "SELECT milestone FROM meeting WHERE youth_id = ? AND milestone IS NOT NULL "
            "AND status IN ('planned', 'held')",
            (youth.id,),
        )
    }
    for slot in slots:
        if slot.milestone and slot.milestone in taken:
            raise Conflict(
                t(
                    "The milestone meeting at {milestone_text} is already planned for {label}: see "
                    "'efter meeting list {id}'.",
                    milestone_text=_milestone_text(slot.milestone),
                    label=youth.label,
                    id=youth.id,
                )
            )
    stamp = clock.timestamp()
    series_id = f"s{stamp}" if len(slots) > 1 else None
    return insert_many(
        conn,
        (
            (youth.id, {
                "kind": "milestone" if slot.milestone else kind, "milestone": slot.milestone,
                "starts": slot.starts.isoformat(timespec="minutes"), "duration": duration,
                "place": clean_text(place, "--place"), "leader": clean_text(leader, "--leader"),
                "minute_taker": clean_text(minute_taker, "--minute-taker"),
                "series": series_id, "forced": int(force and slot.starts.date() < clock.today()),
            })
            for slot in slots
        ),
    )  # fmt: skip


_INSERT = (
    "INSERT INTO meeting (youth_id, kind, milestone, starts, duration, place, leader, "
    "minute_taker, status, series, forced, created, updated) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def insert_many(
    conn: sqlite3.Connection, meetings: Iterable[tuple[int, dict[str, Any]]]
) -> list[int]:
    """The one way meetings are stored (plan, import): (youth id, a checked record: kind,
    milestone, starts as 'YYYY-MM-DDTHH:MM', duration, place, leader, minute_taker, and
    optionally status, series, forced) in one executemany. Returns the new ids in order."""
    stamp = clock.timestamp()
    return insert_rows(
        conn,
        "meeting",
        _INSERT,
        (
            (youth_id, r["kind"], r.get("milestone"), r["starts"], r["duration"], r["place"],
             r["leader"], r["minute_taker"], r.get("status") or "planned", r.get("series"),
             r.get("forced", 0), stamp, stamp)
            for youth_id, r in meetings
        ),
    )  # fmt: skip


def update_many(
    conn: sqlite3.Connection,
    changes: Iterable[tuple[int, dict[str, tuple[Any, Any]]]],
    *,
    calendar: bool = True,
) -> None:
    """The one way meetings change ('efter meeting cancel|move|no-show|held|minutes|edit',
    import --update): for each (meeting id, {field: (old, new)}), stamped with the time. A
    change a calendar shows (its time, place, length, leader, a cancellation) bumps the
    calendar sequence, so calendars that hold the meeting take it; calendar=False for what no
    calendar shows (held, no-show, minutes)."""
    update_rows(
        conn,
        "meeting",
        new_values(changes),
        stamped=True,
        also=", sequence = sequence + 1" if calendar else "",
    )


def of_youth(conn: sqlite3.Connection, youth_id: int | None) -> list[sqlite3.Row]:
    """A young person's meetings, oldest record first (the importer compares with them). With None, everyone's, in the same order."""
    return records_of(conn, "meeting", youth_id)


def for_export(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Every meeting with its young person's ref, as an export lists them."""
    return iter(
        conn.execute(
            "SELECT meeting.*, youth.ref AS youth_ref FROM meeting JOIN youth "
            "ON youth.id = meeting.youth_id ORDER BY youth.ref, meeting.starts, meeting.id"
        )
    )


def _milestone_text(code: str) -> str:
    return {"16": "16", "17.5": "17½", "18.5": "18½"}[code]


def clean_text(value: str | None, option: str | None = None, *, lines: bool = False) -> str | None:
    """Free text as stored (efter.core.text.clean): stripped, None when empty; control and
    direction characters refused, and line breaks unless `lines`."""
    return clean_stored(value, option, lines=lines)


# --- finding and listing ------------------------------------------------------------------


@audit.reads
def get(conn: sqlite3.Connection, text: str) -> sqlite3.Row:
    key = text.strip()
    row = None
    if is_id(key):
        row = conn.execute("SELECT * FROM meeting WHERE id = ?", (int(key),)).fetchone()
    if row is None:
        raise NotFound(
            t("No meeting has the id '{key}': see 'efter meeting list' for the ids.", key=key)
        )
    return row


def theirs(conn: sqlite3.Connection, youth: Youth, text: str) -> sqlite3.Row:
    """The meeting `text` names, which must be one of the young person's (--meeting)."""
    row = get(conn, text)
    if row["youth_id"] != youth.id:
        raise InvalidInput(
            field="meeting",
            problem=t("meeting {id} belongs to another young person", id=row["id"]),
            fix=t(
                "give one of the meetings of {label} (see 'efter meeting list {id}')",
                label=youth.label,
                id=youth.id,
            ),
        )
    return row


def youth_of(conn: sqlite3.Connection, meeting: sqlite3.Row) -> Youth:
    return of_record(conn, meeting)


def list_meetings(
    conn: sqlite3.Connection,
    youth: Youth | None,
    *,
    when: str | None,
    today: date,
    statuses: tuple[str, ...] = (),
) -> list[sqlite3.Row]:
    sql = "SELECT * FROM meeting WHERE 1"
    params: list[Any] = []
    if youth is not None:
        sql += " AND youth_id = ?"
        params.append(youth.id)
    if when == "upcoming":
        sql += " AND date(starts) >= ?"
        params.append(today.isoformat())
    elif when == "past":
        sql += " AND date(starts) < ?"
        params.append(today.isoformat())
    if statuses:
        sql += f" AND status IN ({', '.join('?' for _ in statuses)})"
        params.extend(statuses)
    order = " DESC" if when == "past" else ""
    return conn.execute(sql + f" ORDER BY datetime(starts){order}, id{order}", params).fetchall()


def ends(meeting: sqlite3.Row) -> datetime:
    return datetime.fromisoformat(meeting["starts"]) + timedelta(minutes=meeting["duration"])


def attendance(conn: sqlite3.Connection, meeting: sqlite3.Row) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM attendance WHERE meeting_id = ? ORDER BY id", (meeting["id"],)
    ).fetchall()


def attendee(
    conn: sqlite3.Connection,
    youth: Youth,
    row: sqlite3.Row,
    members: dict[int, sqlite3.Row] | None = None,
) -> persons.Person:
    if row["person"] == "guest":
        return persons.Person("guest", None, row["name"], "guest")
    return persons.stored(conn, youth, row["person"], row["member_id"], members)


def describe(conn: sqlite3.Connection, meeting: sqlite3.Row) -> dict[str, Any]:
    return describe_many(conn, [meeting])[0]


def describe_many(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[dict[str, Any]]:
    """describe() for many meetings with three queries in all, not three per meeting."""
    youths = by_ids(conn, (row["youth_id"] for row in rows))
    present: dict[int, list[sqlite3.Row]] = {row["id"]: [] for row in rows}
    if rows:
        for row in conn.execute(
            "SELECT * FROM attendance WHERE meeting_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY id",
            (ids_param(sorted(present)),),
        ):
            present[row["meeting_id"]].append(row)
    members = persons.members_by_id(
        conn, (row["member_id"] for rows_ in present.values() for row in rows_)
    )
    described = []
    for meeting in rows:
        youth = youths[meeting["youth_id"]]
        people = [
            (row["presence"], attendee(conn, youth, row, members)) for row in present[meeting["id"]]
        ]
        described.append(
            {
                "id": meeting["id"],
                "youth_id": youth.id,
                "youth_ref": youth.ref,
                "youth_name": youth.name,
                "kind": meeting["kind"],
                "milestone": meeting["milestone"],
                "starts": datetime.fromisoformat(meeting["starts"]).isoformat(timespec="minutes"),
                "ends": ends(meeting).isoformat(timespec="minutes"),
                "duration": meeting["duration"],
                "place": meeting["place"],
                "leader": meeting["leader"],
                "minute_taker": meeting["minute_taker"],
                "status": meeting["status"],
                "status_note": meeting["status_note"],
                "series": meeting["series"],
                "forced": bool(meeting["forced"]),
                "attended": [p.describe() for presence, p in people if presence == "attended"],
                "apologies": [p.describe() for presence, p in people if presence == "apologies"],
                "has_minutes": bool(meeting["minutes"]),
            }
        )
    return described


# --- changing a meeting -------------------------------------------------------------------


def _must_be_planned(meeting: sqlite3.Row, doing: str) -> None:
    if meeting["status"] != "planned":
        raise Conflict(
            t(
                "Meeting {id} is {status}, not planned: only a planned meeting can be {doing}.",
                id=meeting["id"],
                status=status_label(meeting["status"], language()).lower(),
                doing=t(doing),
            )
        )


def _status(meeting: sqlite3.Row, status: str, note: str | None) -> dict[str, tuple[Any, Any]]:
    """A planned meeting's new status with its note, as update_many() takes it."""
    return {"status": (meeting["status"], status), "status_note": (meeting["status_note"], note)}


def cancel(conn: sqlite3.Connection, meeting: sqlite3.Row, reason: str | None) -> None:
    _must_be_planned(meeting, N_("cancelled"))
    note = clean_text(reason, "--reason", lines=True)
    update_many(conn, [(meeting["id"], _status(meeting, "cancelled", note))])


CLOSED_REASON = "Aflyst, da sagen blev lukket."


def coming(conn: sqlite3.Connection, youth_id: int, day: date) -> list[sqlite3.Row]:
    """A young person's planned meetings on or after `day`, soonest first."""
    return conn.execute(
        "SELECT * FROM meeting WHERE youth_id = ? AND status = 'planned' AND date(starts) >= ? "
        "ORDER BY datetime(starts), id",
        (youth_id, day.isoformat()),
    ).fetchall()


def cancel_coming(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> None:
    """Cancel the meetings of a case being closed (SEQUENCE goes up, so a calendar that
    imported them drops them at the next export)."""
    for row in rows:
        cancel(conn, row, CLOSED_REASON)


def no_show(conn: sqlite3.Connection, meeting: sqlite3.Row, note: str | None, today: date) -> None:
    """The young person did not come: the meeting was not held."""
    _must_be_planned(meeting, N_("marked as a no-show"))
    if meeting["starts"][:10] > today.isoformat():
        raise InvalidInput(
            t(
                "Meeting {id} lies ahead (on {starts}): it can be marked as a no-show on or after "
                "its day.",
                id=meeting["id"],
                starts=day_text(meeting["starts"][:10]),
            )
        )
    text = clean_text(note, "--note", lines=True)
    update_many(conn, [(meeting["id"], _status(meeting, "no-show", text))], calendar=False)


def move(
    conn: sqlite3.Connection,
    meeting: sqlite3.Row,
    slot: Slot,
    *,
    place: str | None,
    duration: int | None,
) -> None:
    _must_be_planned(meeting, N_("moved"))
    check_open_case(youth_of(conn, meeting), N_("move its meetings"))
    if duration is not None:
        check_duration(duration)
    given = {
        "starts": slot.starts.isoformat(timespec="minutes"),
        "place": clean_text(place, "--place"),
        "duration": duration,
    }
    diff = {field: (meeting[field], new) for field, new in given.items() if new is not None}
    update_many(conn, [(meeting["id"], diff)])


def add_apologies(
    conn: sqlite3.Connection, meeting: sqlite3.Row, people: list[str]
) -> list[persons.Person]:
    """Record apologies (afbud) ahead of a planned meeting, so the agenda shows them."""
    _must_be_planned(meeting, N_("given apologies"))
    youth = youth_of(conn, meeting)
    day = date.fromisoformat(meeting["starts"][:10])
    found = _resolve_all(conn, youth, people, day, "participant")
    existing = {(row["person"], row["member_id"]) for row in attendance(conn, meeting)}
    for person in found:
        if (person.kind, person.member_id) not in existing:
            _insert_attendance(conn, meeting["id"], person, "apologies")
    return found


def _resolve_all(
    conn: sqlite3.Connection, youth: Youth, texts: list[str], day: date, what: str
) -> list[persons.Person]:
    found: list[persons.Person] = []
    for text in texts:
        for part in _split(text):
            person = persons.resolve(conn, youth, part, day, what=what)
            if person not in found:
                found.append(person)
    return found


def _split(text: str) -> list[str]:
    """'--attended "youth, Lene Bach, 7"' as well as repeated options."""
    return [part.strip() for part in text.split(",") if part.strip()] or [text]


def _insert_attendance(
    conn: sqlite3.Connection, meeting_id: int, person: persons.Person, presence: str
) -> None:
    conn.execute(
        "INSERT INTO attendance (meeting_id, person, member_id, name, presence) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            meeting_id,
            person.kind,
            person.member_id,
            person.name if person.kind == "guest" else None,
            presence,
        ),
    )


class FollowUp(NamedTuple):
    """What happened to each agreement at a held meeting."""

    kept: Sequence[str] = ()
    moved: Sequence[str] = ()  # 'ID=DATE'
    dropped: Sequence[str] = ()  # 'ID' or 'ID=reason'


def held(
    conn: sqlite3.Connection,
    meeting: sqlite3.Row,
    *,
    attended: list[str],
    apologies: list[str],
    guests: list[str],
    minutes: str | None,
    follow: FollowUp,
    today: date,
) -> list[dict[str, Any]]:
    """Record a meeting as held, who came, who sent apologies, the minutes, and the outcome of
    each open agreement followed up. Returns the follow-up, one record per agreement."""
    from efter.core import agreements

    _must_be_planned(meeting, N_("recorded as held"))
    day = date.fromisoformat(meeting["starts"][:10])
    if day > today:
        raise InvalidInput(
            t(
                "Meeting {id} lies ahead (on {day}): record it as held on or after its day, or "
                "move it with 'efter meeting move'.",
                id=meeting["id"],
                day=day_text(day),
            )
        )
    youth = youth_of(conn, meeting)
    came = _resolve_all(conn, youth, attended, day, "participant")
    away = _resolve_all(conn, youth, apologies, day, "participant")
    both = [person for person in came if person in away]
    if both:
        raise InvalidInput(
            t(
                "{name} is given both as attending and as sending apologies: name them once.",
                name=both[0].name,
            )
        )
    if not came:
        raise UsageMistake(
            field="attended",
            problem=t("nobody is recorded as attending"),
            fix=phrase("say who came, e.g. {attended} youth {attended} coordinator", "attended"),
        )
    minutes = minutes_text(minutes) if minutes is not None else None
    plan = agreements.follow_up_plan(conn, youth, meeting, day, follow)
    # Earlier apologies stay unless the person came after all.
    earlier = [
        attendee(conn, youth, row)
        for row in attendance(conn, meeting)
        if row["presence"] == "apologies"
    ]
    conn.execute("DELETE FROM attendance WHERE meeting_id = ?", (meeting["id"],))
    for person in came:
        _insert_attendance(conn, meeting["id"], person, "attended")
    for name in guests:
        if not clean_text(name, "--guest"):
            raise InvalidInput(
                field="guest", problem=t("a guest's name is empty"), fix=t("give the name")
            )
        _insert_attendance(
            conn, meeting["id"], persons.Person("guest", None, name.strip(), "guest"), "attended"
        )
    seen = list(came)
    for person in [*earlier, *away]:
        if person not in seen:
            _insert_attendance(conn, meeting["id"], person, "apologies")
            seen.append(person)
    diff = {"status": (meeting["status"], "held")}
    if minutes is not None:
        diff["minutes"] = (meeting["minutes"], minutes)
    update_many(conn, [(meeting["id"], diff)], calendar=False)
    return agreements.apply_follow_up(conn, youth, meeting, day, plan)


def minutes_text(text: str) -> str | None:
    """Minutes as stored: line ends made \\n (a file saved on Windows has \\r\\n), trimmed, and
    refused if they hold a control character; None when nothing is left."""
    value = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return check(value, "--minutes", lines=True) or None


def amend_minutes(conn: sqlite3.Connection, meeting: sqlite3.Row, minutes: str) -> None:
    """Replace the minutes of a held meeting (written up after the meeting, or corrected)."""
    if meeting["status"] != "held":
        raise Conflict(
            t(
                "Meeting {id} is {status}, not held: minutes belong to a held meeting; record it "
                "with 'efter meeting held {id} --minutes FILE'.",
                id=meeting["id"],
                status=status_label(meeting["status"], language()).lower(),
            )
        )
    text = minutes_text(minutes)
    if text is None:
        raise InvalidInput(
            field="minutes",
            problem=t("the minutes are empty"),
            fix=t("give a file with the minutes, or - for stdin"),
        )
    update_many(conn, [(meeting["id"], {"minutes": (meeting["minutes"], text)})], calendar=False)


def show(conn: sqlite3.Connection, meeting: sqlite3.Row, today: date) -> dict[str, Any]:
    """One meeting in full: describe() with the minutes, the agreements made at it and the
    follow-up of earlier agreements recorded at it."""
    from efter.core import agreements

    record = describe(conn, meeting)
    record["minutes"] = meeting["minutes"]
    made = conn.execute(
        "SELECT * FROM agreement WHERE meeting_id = ? ORDER BY id", (meeting["id"],)
    ).fetchall()
    record["agreements"] = agreements.describe_many(conn, made, today)
    record["follow_up"] = [
        {
            "agreement_id": row["agreement_id"],
            "what": row["what"],
            "event": row["event"],
            "old_due": row["old_due"],
            "new_due": row["new_due"],
            "note": row["note"],
        }
        for row in conn.execute(
            "SELECT e.*, a.what FROM agreement_event e JOIN agreement a ON a.id = e.agreement_id "
            "WHERE e.meeting_id = ? ORDER BY e.id",
            (meeting["id"],),
        )
    ]
    return record


def previous_held(conn: sqlite3.Connection, meeting: sqlite3.Row) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM meeting WHERE youth_id = ? AND status = 'held' "
        "AND datetime(starts) < datetime(?) ORDER BY datetime(starts) DESC LIMIT 1",
        (meeting["youth_id"], meeting["starts"]),
    ).fetchone()


def next_planned(conn: sqlite3.Connection, meeting: sqlite3.Row) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM meeting WHERE youth_id = ? AND status = 'planned' "
        "AND datetime(starts) > datetime(?) ORDER BY datetime(starts) LIMIT 1",
        (meeting["youth_id"], meeting["starts"]),
    ).fetchone()


def parse_when(text: str, field: str = "at") -> datetime:
    """A meeting's time as typed (`field`: where it was given, the command's --at)."""
    from efter.core.dates import parse_datetime

    when = parse_datetime(text, "meeting time")
    if not 1900 <= when.year <= 2200:
        raise InvalidInput(
            field=field,
            problem=t(
                "the meeting time {when} is not in a year efter plans in", when=time_text(when)
            ),
            fix=t("check the year"),
        )
    return when


def parse_until(text: str) -> date:
    return parse_date(text, field="until")


def next_coming(conn: sqlite3.Connection, youth_id: int, day: date) -> sqlite3.Row | None:
    """A young person's first planned meeting on or after `day`."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM meeting WHERE youth_id = ? AND status = 'planned' "
        "AND date(starts) >= ? ORDER BY starts, id LIMIT 1",
        (youth_id, day.isoformat()),
    ).fetchone()
    return row


def for_calendar(conn: sqlite3.Connection, youth_id: int | None, today: date) -> list[sqlite3.Row]:
    """What a calendar file holds: planned meetings (all dates), and cancelled ones still
    ahead so calendars drop them. For everyone (youth_id None): planned meetings of active
    cases only, cancelled ones of closed cases too (closing a case cancels its coming
    meetings)."""
    sql = (
        "SELECT * FROM meeting WHERE (status = 'planned' OR (status = 'cancelled' "
        "AND date(starts) >= ?))"
    )
    params: list[Any] = [today.isoformat()]
    if youth_id is not None:
        sql += " AND youth_id = ?"
        params.append(youth_id)
    else:
        sql += (
            " AND (status = 'cancelled' OR youth_id IN (SELECT id FROM youth WHERE status = "
            "'active'))"
        )
    return conn.execute(sql + " ORDER BY datetime(starts), id", params).fetchall()
