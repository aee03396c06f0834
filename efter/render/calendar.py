"""Meetings as an RFC 5545 iCalendar file (the icalendar library), Europe/Copenhagen time.

Each meeting keeps one UID across exports (efter-meeting-<id>-<case file uuid>@efter), so a
calendar updates an event instead of adding it twice; SEQUENCE goes up when a meeting is moved
or cancelled; DTSTAMP is when the meeting was last changed in the case file. No CPR number and
no sensitive text: the young person is named by ref, initials or name (the `ics-title`
setting, ref by default).

The time zone is written out (VTIMEZONE) as calendar programs read it: yearly RRULEs, or one
RDATE per line, checked with ical.js and vobject (tests/test_calendar_clients.py).
"""

import sqlite3
from datetime import date, datetime, time, timedelta
from typing import Any

from efter.core import meetings, settings
from efter.core.youth import Youth

TIMEZONE = "Europe/Copenhagen"
HOUR = timedelta(hours=1)


def initials(name: str) -> str:
    return "".join(part[0].upper() for part in name.replace("-", " ").split() if part[0].isalpha())


def who(youth: Youth, style: str) -> str:
    if style == "name":
        return str(youth.name)
    if style == "initials":
        return initials(youth.name) or f"id {youth.id}"
    return str(youth.ref) if youth.ref else f"id {youth.id}"


def uid(meeting_id: int, case_uuid: str) -> str:
    return f"efter-meeting-{meeting_id}-{case_uuid}@efter"


def _local(text: str) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(TIMEZONE))


def _transitions(
    zone: str, first: int, last: int
) -> list[tuple[datetime, timedelta, timedelta, str]]:
    """Every change of UTC offset in the years first..last: (local wall time when it happens,
    offset before, offset after, abbreviation after), read from the system's tz database."""
    from zoneinfo import ZoneInfo

    tz, utc = ZoneInfo(zone), ZoneInfo("UTC")
    found: list[tuple[datetime, timedelta, timedelta, str]] = []
    moment = datetime(first, 1, 1, tzinfo=utc)
    end = datetime(last + 1, 1, 1, tzinfo=utc)
    before = moment.astimezone(tz).utcoffset()
    while moment < end:  # hour by hour would be slow: step a day, then find the hour
        nxt = moment + timedelta(days=1)
        after = nxt.astimezone(tz).utcoffset()
        if after != before:
            hour = moment
            while hour.astimezone(tz).utcoffset() == before:
                hour += timedelta(minutes=15)
            assert before is not None and after is not None
            wall = (hour + before).replace(tzinfo=None)
            found.append((wall, before, after, hour.astimezone(tz).tzname() or ""))
            before = after
        moment = nxt
    return found


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _eu_rule(
    found: list[tuple[datetime, timedelta, timedelta, str]], first: int, last: int
) -> bool:
    """Whether the changes are the EU's since 1996: last Sunday of March at 02:00 to +2 hours,
    last Sunday of October at 03:00 back to +1 hour, every year first..last."""
    wanted = []
    for year in range(first, last + 1):
        wanted.append((datetime.combine(_last_sunday(year, 3), time(2)), HOUR, 2 * HOUR))
        wanted.append((datetime.combine(_last_sunday(year, 10), time(3)), 2 * HOUR, HOUR))
    return [(wall, before, after) for wall, before, after, _ in found] == wanted


def vtimezone(zone: str, first: int, last: int) -> Any:
    """The zone as calendar programs read it. Years that follow the EU rule become the usual
    two observances with a yearly RRULE (as Outlook and Google write them); anything else (a
    change of rules in the tz database) becomes one RDATE line per change, never a
    comma-separated list, which ical.js and vobject read only the first date of.

    The observances start the year before the first meeting, so every meeting lies after them.
    """
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    start, end = first - 1, last + 1
    found = _transitions(zone, start, end)
    tz = Timezone()
    tz.add("tzid", zone)
    if found and _eu_rule(found, start, end):
        for wall, before, after, name in found[:2]:
            part = TimezoneDaylight() if after > before else TimezoneStandard()
            part.add("tzname", name)
            part.add("dtstart", wall)
            part.add("tzoffsetfrom", before)
            part.add("tzoffsetto", after)
            month = wall.month
            part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
            tz.add_component(part)
        return tz
    from zoneinfo import ZoneInfo

    opening = datetime(start, 1, 1)
    offset = opening.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    first_part = TimezoneStandard()
    first_part.add("tzname", opening.replace(tzinfo=ZoneInfo(zone)).tzname() or zone)
    first_part.add("dtstart", opening)
    first_part.add("tzoffsetfrom", offset)
    first_part.add("tzoffsetto", offset)
    tz.add_component(first_part)
    groups: dict[tuple[timedelta, timedelta, str], Any] = {}
    for wall, before, after, name in found:
        known = groups.get((before, after, name))
        if known is not None:
            known.add("rdate", wall)  # one line each
            continue
        part = TimezoneDaylight() if after > before else TimezoneStandard()
        part.add("tzname", name)
        part.add("dtstart", wall)
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        groups[(before, after, name)] = part
        tz.add_component(part)
    return tz


def calendar(
    conn: sqlite3.Connection, rows: list[sqlite3.Row], *, style: str, today: date
) -> bytes:
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    case_uuid = settings.casefile_uuid(conn)
    cal = Calendar()
    cal.add("prodid", "-//efter//network meetings//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "efter: netværksmøder")
    cal.add("x-wr-timezone", TIMEZONE)
    for row in rows:
        youth = meetings.youth_of(conn, row)
        starts = _local(row["starts"])
        event = Event()
        event.add("uid", uid(row["id"], case_uuid))
        event.add(
            "summary",
            f"{meetings.kind_label(row['kind'], 'da', row['milestone'])}: {who(youth, style)}",
        )
        event.add("dtstart", starts)
        event.add("dtend", starts + timedelta(minutes=row["duration"]))
        stamp = _local(row["updated"]).astimezone(ZoneInfo("UTC"))
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("sequence", row["sequence"])
        if row["place"]:
            event.add("location", row["place"])
        event.add("status", "CANCELLED" if row["status"] == "cancelled" else "CONFIRMED")
        event.add(
            "description",
            f"Dagsorden: efter meeting agenda {row['id']}\nMødenummer {row['id']} i efter.",
        )
        cal.add_component(event)
    # RFC 5545 3.6: a calendar holds one or more components, and a VTIMEZONE is one; so an
    # export with no meetings is still a valid calendar (it names the time zone it would use).
    years = [int(row["starts"][:4]) for row in rows] or [today.year]
    cal.subcomponents.insert(0, vtimezone(TIMEZONE, min(years), max(years)))
    data: bytes = cal.to_ical()
    return data
