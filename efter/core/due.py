"""What needs doing: meetings in the window, agreements due or overdue, young people with no
meeting planned in the next six months, and statutory dates coming up.

Overdue means: an open agreement past its due date, or a planned meeting whose day has passed
without being recorded as held, cancelled or a no-show.
"""

import re
import sqlite3
from datetime import date, timedelta
from typing import Any

from efter.core import agreements, meetings
from efter.core.casefile import ids_param
from efter.core.dates import add_months
from efter.core.errors import InvalidInput
from efter.core.rules import STATUTORY_STEPS
from efter.core.youth import Youth, by_ids

NO_MEETING_MONTHS = 6
STATUTORY_LEAD_DAYS = 90


def parse_window(text: str, today: date) -> date:
    """'14d', '14', '3w', '2m' -> the last day of the window."""
    match = re.fullmatch(r"\s*(\d+)\s*([dwm]?)\s*", text.casefold())
    if not match:
        raise InvalidInput(
            f"'{text.strip()}' is not a window: write --within as days, weeks or months, "
            "such as 14d, 3w or 2m."
        )
    number, unit = int(match.group(1)), match.group(2) or "d"
    days = number * {"d": 1, "w": 7, "m": 31}[unit]
    if days > 3 * 366:
        raise InvalidInput(
            f"--within {text.strip()} reaches more than three years ahead: give a shorter window."
        )
    if unit == "m":
        return add_months(today, number)
    return today + timedelta(days=number * (7 if unit == "w" else 1))


def report(
    conn: sqlite3.Connection,
    today: date,
    until: date,
    *,
    limit: int | None = None,
    coordinator: str | None = None,
) -> dict[str, Any]:
    """Everything due, for active cases (of one coordinator when given). With a limit each
    list holds at most that many items, the first by date (by name for the no-meeting list);
    "totals" always counts them all, and "overdue" counts every overdue item.

    Each list is one query with its LIMIT, so the work does not grow with the size of the
    case file beyond what SQLite's indexes do."""
    window_end = _start_of(until + timedelta(days=1))  # datetime(starts) < the next midnight
    who, params = _active(coordinator)
    capped = "" if limit is None else f" LIMIT {int(limit)}"

    meeting_sql = (
        f"FROM meeting m JOIN youth y ON y.id = m.youth_id WHERE m.status = 'planned' "
        f"AND datetime(m.starts) < ? AND {who}"
    )
    meeting_rows = conn.execute(
        f"SELECT m.* {meeting_sql} ORDER BY datetime(m.starts), m.id{capped}",
        (window_end, *params),
    ).fetchall()
    meeting_items = meetings.describe_many(conn, meeting_rows)
    for item in meeting_items:
        item["overdue"] = item["starts"][:10] < today.isoformat()

    agreement_sql = (
        f"FROM agreement a JOIN youth y ON y.id = a.youth_id WHERE a.status = 'open' "
        f"AND a.due <= ? AND {who}"
    )
    agreement_rows = conn.execute(
        f"SELECT a.* {agreement_sql} ORDER BY a.due, a.id{capped}",
        (until.isoformat(), *params),
    ).fetchall()
    agreement_items = agreements.describe_many(conn, agreement_rows, today)

    horizon = add_months(today, NO_MEETING_MONTHS)
    no_meeting_sql = (
        f"FROM youth y WHERE {who} AND y.id NOT IN (SELECT m.youth_id FROM meeting m "
        "WHERE m.status = 'planned' AND m.starts >= ? AND m.starts < ?)"
    )
    no_meeting_params = (*params, today.isoformat(), (horizon + timedelta(days=1)).isoformat())
    no_meeting_rows = conn.execute(
        f"SELECT y.id, y.ref, y.name {no_meeting_sql} ORDER BY y.name COLLATE NOCASE, y.id"
        + capped,
        no_meeting_params,
    ).fetchall()
    last_held = _last_held(conn, [row["id"] for row in no_meeting_rows])
    no_meeting = [
        {"youth_id": row["id"], "youth_ref": row["ref"], "youth_name": row["name"],
         "last_held": last_held.get(row["id"])}
        for row in no_meeting_rows
    ]  # fmt: skip

    lead = max(until, today + timedelta(days=STATUTORY_LEAD_DAYS))
    statutory, statutory_total = _statutory(conn, today, lead, who, params, limit)
    contracts = stale_contracts(conn, coordinator)
    from efter.core.consent import ending  # consents that expire or lapse within a month

    consents = ending(conn, today, coordinator)
    # One count per kind gives the total and the overdue (always needed, for --check).
    meeting_total, meeting_overdue = conn.execute(
        f"SELECT count(*), coalesce(sum(datetime(m.starts) < ?), 0) {meeting_sql}",
        (_start_of(today), window_end, *params),
    ).fetchone()
    agreement_total, agreement_overdue = _count_agreements(conn, today, until, coordinator)
    totals = {
        "meetings": meeting_total,
        "agreements": agreement_total,
        "no_meeting_planned": _count_no_meeting(
            conn, who, params, no_meeting_params[len(params) :], no_meeting_rows, limit
        ),
        "statutory_dates": statutory_total,
        "contracts": len(contracts),
    }
    return {
        "today": today.isoformat(),
        "until": until.isoformat(),
        "statutory_until": lead.isoformat(),
        "meetings": meeting_items,
        "agreements": agreement_items,
        "no_meeting_planned": no_meeting,
        "statutory_dates": statutory,
        "contracts": contracts[:limit],
        "consents": consents,  # a month ahead only, so not cut to the limit
        "overdue": meeting_overdue + agreement_overdue,
        "totals": totals,
    }


def _start_of(day: date) -> str:
    """Midnight as SQLite's datetime() writes it, to compare with datetime(starts)."""
    return f"{day.isoformat()} 00:00:00"


def _active(coordinator: str | None) -> tuple[str, tuple[str, ...]]:
    if coordinator:
        return "y.status = 'active' AND y.coordinator = ? COLLATE NOCASE", (coordinator,)
    return "y.status = 'active'", ()


def _count_agreements(
    conn: sqlite3.Connection, today: date, until: date, coordinator: str | None
) -> tuple[int, int]:
    """Open agreements due by `until`, and how many of them are overdue, on active cases.
    For everyone: all of them from the covering index, less those on closed cases (few); for
    one coordinator: from their young people, one seek each."""
    counted = "SELECT count(*), coalesce(sum(a.due < ?), 0) FROM youth y CROSS JOIN agreement a "
    counted += "ON a.youth_id = y.id WHERE a.status = 'open' AND a.due <= ? AND "
    window = (today.isoformat(), until.isoformat())
    if coordinator:
        who, params = _active(coordinator)
        total, overdue = conn.execute(counted + who, (*window, *params)).fetchone()
        return int(total), int(overdue)
    every, every_overdue = conn.execute(
        "SELECT count(*), coalesce(sum(due < ?), 0) FROM agreement "
        "WHERE status = 'open' AND due <= ?",
        window,
    ).fetchone()
    closed, closed_overdue = conn.execute(counted + "y.status = 'closed'", window).fetchone()
    return int(every - closed), int(every_overdue - closed_overdue)


def _count_no_meeting(
    conn: sqlite3.Connection,
    who: str,
    params: tuple[str, ...],
    window: tuple[str, ...],
    shown: list[Any],
    limit: int | None,
) -> int:
    """How many active young people have no meeting planned in the window: all of them less
    those who have one (the few with a planned meeting, not a look-up for everyone)."""
    if limit is None or len(shown) < limit:
        return len(shown)
    active = conn.execute(f"SELECT count(*) FROM youth y WHERE {who}", params).fetchone()[0]
    planned = conn.execute(
        "SELECT count(DISTINCT m.youth_id) FROM meeting m JOIN youth y ON y.id = m.youth_id "
        f"WHERE m.status = 'planned' AND m.starts >= ? AND m.starts < ? AND {who}",
        (*window, *params),
    ).fetchone()[0]
    return int(active - planned)


def _last_held(conn: sqlite3.Connection, youth_ids: list[int]) -> dict[int, str]:
    """The day of each young person's last held meeting, for those who had one."""
    if not youth_ids:
        return {}
    return {
        youth_id: last[:10]
        for youth_id, last in conn.execute(
            "SELECT youth_id, max(starts) FROM meeting WHERE status = 'held' "
            "AND youth_id IN (SELECT value FROM json_each(?)) GROUP BY youth_id",
            (ids_param(youth_ids),),
        )
    }


def _statutory(
    conn: sqlite3.Connection,
    today: date,
    lead: date,
    who: str,
    params: tuple[str, ...],
    limit: int | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Statutory dates from today to lead (rules.statutory_dates, inlined: this runs for every
    candidate). Each date is the birthday plus a whole number of months, so only those born in
    a narrow band (a few days' slack for month ends) can have one in the window: SQL finds
    them, the exact date decides."""
    found = []  # (date, step, youth id), from the index alone
    first, last = today.isoformat(), lead.isoformat()
    for step, (_, months, _, _) in enumerate(STATUTORY_STEPS):
        band = (
            (add_months(today, -months) - timedelta(days=4)).isoformat(),
            (add_months(lead, -months) + timedelta(days=4)).isoformat(),
        )
        for youth_id, born in conn.execute(
            f"SELECT y.id, y.born FROM youth y WHERE {who} AND y.born BETWEEN ? AND ?",
            (*params, *band),
        ).fetchall():
            on = add_months(date.fromisoformat(born), months).isoformat()
            if first <= on <= last:
                found.append((on, step, youth_id))
    found.sort()
    if limit is not None and len(found) > limit:
        # The list is by date, then name: only those up to the last date shown need names.
        cutoff = found[limit - 1][0]
        shown = [item for item in found if item[0] <= cutoff]
    else:
        shown = found
    people = by_ids(conn, (youth_id for _, _, youth_id in shown))
    listed = []
    for on, step, youth_id in shown:
        code, _, label_da, label_en = STATUTORY_STEPS[step]
        ref, name = people[youth_id].ref, people[youth_id].name
        listed.append(
            {
                "youth_id": youth_id,
                "youth_ref": ref,
                "youth_name": name,
                "code": code,
                "date": on,
                "label": label_en,
                "label_da": label_da,
                "days": (date.fromisoformat(on) - today).days,
            }
        )
    listed.sort(key=lambda s: (s["date"], s["youth_name"], s["youth_id"]))
    return listed[:limit], len(found)


def stale_contracts(
    conn: sqlite3.Connection, coordinator: str | None = None
) -> list[dict[str, Any]]:
    """Signed contracts that no longer match a fresh render of the case ('changed'), or that
    could not be rendered again to check ('unchecked', with the reason). Only active young
    people with a signed contract are rendered: one query finds them."""
    who, params = _active(coordinator)
    ids = [row[0] for row in conn.execute(
        "SELECT DISTINCT youth_id FROM contract WHERE signed IS NOT NULL"
    )]  # fmt: skip
    if not ids:
        return []
    signed = conn.execute(
        f"SELECT y.* FROM youth y WHERE {who} AND y.id IN (SELECT value FROM json_each(?)) "
        "ORDER BY y.name COLLATE NOCASE, y.id",
        (*params, ids_param(ids)),
    ).fetchall()
    from efter.render.case_documents import stale_many

    people = [Youth(row) for row in signed]
    states = stale_many(conn, people)  # one batch render for all of them
    return [
        {"youth_id": youth.id, "youth_ref": youth.ref, "youth_name": youth.name, **state}
        for youth in people
        if (state := states[youth.id]) is not None
    ]
