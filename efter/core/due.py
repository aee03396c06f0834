"""What needs doing: meetings in the window, agreements due or overdue, young people with no
meeting planned in the next six months, and statutory dates coming up.

Overdue means: an open agreement past its due date, or a planned meeting whose day has passed
without being recorded as held, cancelled or a no-show.
"""

import re
import sqlite3
from datetime import date, timedelta
from typing import Any

from efter.core import agreements, meetings, rules
from efter.core.dates import add_months
from efter.core.errors import InvalidInput
from efter.core.youth import Youth

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


def report(conn: sqlite3.Connection, today: date, until: date) -> dict[str, Any]:
    active = [
        Youth(row)
        for row in conn.execute(
            "SELECT * FROM youth WHERE status = 'active' ORDER BY name COLLATE NOCASE, id"
        )
    ]
    active_ids = {y.id for y in active}
    meeting_rows = conn.execute(
        "SELECT * FROM meeting WHERE status = 'planned' AND date(starts) <= ? ORDER BY datetime(starts), id",
        (until.isoformat(),),
    ).fetchall()
    meeting_items = []
    for row in meeting_rows:
        if row["youth_id"] not in active_ids:
            continue
        item = meetings.describe(conn, row)
        item["overdue"] = row["starts"][:10] < today.isoformat()
        meeting_items.append(item)
    agreement_rows = conn.execute(
        "SELECT * FROM agreement WHERE status = 'open' AND due <= ? ORDER BY due, id",
        (until.isoformat(),),
    ).fetchall()
    agreement_items = [
        agreements.describe(conn, row, today)
        for row in agreement_rows
        if row["youth_id"] in active_ids
    ]
    horizon = add_months(today, NO_MEETING_MONTHS)
    no_meeting = []
    for youth in active:
        planned = conn.execute(
            "SELECT count(*) FROM meeting WHERE youth_id = ? AND status = 'planned' "
            "AND date(starts) BETWEEN ? AND ?",
            (youth.id, today.isoformat(), horizon.isoformat()),
        ).fetchone()[0]
        if not planned:
            last = conn.execute(
                "SELECT max(starts) FROM meeting WHERE youth_id = ? AND status = 'held'",
                (youth.id,),
            ).fetchone()[0]
            no_meeting.append(
                {"youth_id": youth.id, "youth_ref": youth.ref, "youth_name": youth.name,
                 "last_held": last[:10] if last else None}
            )  # fmt: skip
    lead = max(until, today + timedelta(days=STATUTORY_LEAD_DAYS))
    statutory = []
    for youth in active:
        for step in rules.statutory_dates(date.fromisoformat(youth.born)):
            if today <= step.on <= lead:
                statutory.append(
                    {
                        "youth_id": youth.id,
                        "youth_ref": youth.ref,
                        "youth_name": youth.name,
                        "code": step.code,
                        "date": step.on.isoformat(),
                        "label": step.label_en,
                        "label_da": step.label_da,
                        "days": (step.on - today).days,
                    }
                )
    statutory.sort(key=lambda s: (s["date"], s["youth_name"]))
    contracts = stale_contracts(conn, active)
    overdue = sum(1 for m in meeting_items if m["overdue"]) + sum(
        1 for a in agreement_items if a["overdue"]
    )
    return {
        "today": today.isoformat(),
        "until": until.isoformat(),
        "statutory_until": lead.isoformat(),
        "meetings": meeting_items,
        "agreements": agreement_items,
        "no_meeting_planned": no_meeting,
        "statutory_dates": statutory,
        "contracts": contracts,
        "overdue": overdue,
    }


def stale_contracts(conn: sqlite3.Connection, active: list[Youth]) -> list[dict[str, Any]]:
    """Signed contracts that no longer match a fresh render of the case ('changed'), or that
    could not be rendered again to check ('unchecked', with the reason). Only young people with
    a signed contract are rendered: one query finds them."""
    signed = {
        row[0]
        for row in conn.execute("SELECT DISTINCT youth_id FROM contract WHERE signed IS NOT NULL")
    }
    found = []
    for youth in active:
        if youth.id not in signed:
            continue
        from efter.render.case_documents import stale

        state = stale(conn, youth)
        if state is not None:
            found.append(
                {"youth_id": youth.id, "youth_ref": youth.ref, "youth_name": youth.name, **state}
            )
    return found
