"""Meetings as an RFC 5545 iCalendar file (the icalendar library), Europe/Copenhagen time.

Each meeting keeps one UID across exports (efter-meeting-<id>-<case file uuid>@efter), so a
calendar updates an event instead of adding it twice; SEQUENCE goes up when a meeting is moved
or cancelled; DTSTAMP is when the meeting was last changed in the case file. No CPR number and
no sensitive text: the young person is named by ref, initials or name (the `ics-title`
setting, ref by default).
"""

import sqlite3
from datetime import date, datetime
from typing import Any

from efter.core import meetings
from efter.core.youth import Youth

TIMEZONE = "Europe/Copenhagen"


def casefile_uuid(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM setting WHERE key = 'casefile-uuid'").fetchone()
    if row is None:  # pragma: no cover - m002 stores it; kept for a hand-edited file
        import uuid

        value = str(uuid.uuid4())
        conn.execute("INSERT INTO setting (key, value) VALUES ('casefile-uuid', ?)", (value,))
        return value
    return str(row["value"])


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


def calendar(
    conn: sqlite3.Connection, rows: list[sqlite3.Row], *, style: str, today: date
) -> bytes:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    case_uuid = casefile_uuid(conn)
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
    if rows:
        # Only the years the meetings need, not 1970-2038.
        years = [int(row["starts"][:4]) for row in rows]
        cal.add_missing_timezones(
            first_date=date(min(years), 1, 1), last_date=date(max(years) + 1, 1, 1)
        )
    data: bytes = cal.to_ical()
    return data


def exported(conn: sqlite3.Connection, youth: Youth | None, today: date) -> list[sqlite3.Row]:
    """Planned meetings (all dates), and cancelled ones still ahead so calendars drop them."""
    sql = (
        "SELECT * FROM meeting WHERE (status = 'planned' OR (status = 'cancelled' "
        "AND date(starts) >= ?))"
    )
    params: list[Any] = [today.isoformat()]
    if youth is not None:
        sql += " AND youth_id = ?"
        params.append(youth.id)
    else:
        sql += " AND youth_id IN (SELECT id FROM youth WHERE status = 'active')"
    return conn.execute(sql + " ORDER BY datetime(starts), id", params).fetchall()
