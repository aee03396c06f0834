"""Handover between coordinators: the new coordinator with the day it took effect, and the
coordinator history (table coordinator_change, m018_handover). The current coordinator stays
on youth.coordinator, so every list and report reads it as before."""

import sqlite3
from datetime import date
from typing import Any

from efter.core import clock, names
from efter.core.errors import Conflict, InvalidInput, NotFound, field_of
from efter.core.i18n import day_text, t
from efter.core.text import check_length
from efter.core.youth import Youth, clean, update_many


def coordinator_name(text: str, option: str = "--to") -> str:
    """A coordinator's name checked as 'youth add --coordinator' checks it."""
    try:
        name = clean({"coordinator": text}, partial=True)["coordinator"]
        if name:  # as long as youth.coordinator may be, whichever option gave it
            check_length(name, "coordinator")
    except InvalidInput as error:
        if error.field != "coordinator":
            raise
        # the same problem, in the field this command takes the name in
        raise InvalidInput(field=field_of(option), problem=error.problem, fix=error.fix) from None
    if not name:
        raise InvalidInput(
            t("The coordinator's name is empty: give {option} a name.", option=option)
        )
    return str(name)


def cases_of(conn: sqlite3.Connection, coordinator: str) -> list[Youth]:
    """The active cases of a coordinator (the name in any case, A-Z), by name."""
    rows = conn.execute(
        "SELECT * FROM youth WHERE status = 'active' AND coordinator = ? COLLATE NOCASE "
        f"ORDER BY {names.order_by(conn, 'name')}, id",
        (coordinator,),
    ).fetchall()
    if not rows:
        raise NotFound(
            t(
                "{coordinator} has no active cases: see 'efter report caseload' for the "
                "coordinators and their cases.",
                coordinator=coordinator,
            )
        )
    return [Youth(row) for row in rows]


def check(conn: sqlite3.Connection, youth: Youth, to: str, on: date) -> None:
    """The rules of a handover: an active case, another coordinator, a day from the start
    (and from the last change) up to today."""
    if youth.status == "closed":
        raise Conflict(
            t(
                "The case of {label} is closed: reopen it with 'efter youth reopen {id}' before "
                "handing it over.",
                label=youth.label,
                id=youth.id,
            )
        )
    if youth.coordinator and youth.coordinator.casefold() == to.casefold():
        raise Conflict(t("{to} is already the coordinator of {label}.", to=to, label=youth.label))
    if on > clock.today():
        raise InvalidInput(
            field="date",
            problem=t("the handover date {on} lies ahead", on=day_text(on)),
            fix=t("record a handover on the day it takes effect: give today or an earlier day"),
        )
    if on.isoformat() < youth.start:
        raise InvalidInput(
            field="date",
            problem=t(
                "the handover date {on} is before {label} started on {start}",
                on=day_text(on),
                label=youth.label,
                start=youth.start,
            ),
            fix=t("give a later day"),
        )
    last = conn.execute(
        "SELECT max(changed_on) FROM coordinator_change WHERE youth_id = ?", (youth.id,)
    ).fetchone()[0]
    if last and on.isoformat() < last:
        raise InvalidInput(
            field="date",
            problem=t(
                "the handover date {on} is before the last change of coordinator for {label} on "
                "{last}",
                on=day_text(on),
                label=youth.label,
                last=last,
            ),
            fix=t("give a later day"),
        )


def record(conn: sqlite3.Connection, youth: Youth, to: str, on: date) -> None:
    """Store one change of coordinator (checked by check())."""
    update_many(
        conn, [(youth.id, {"coordinator": (youth.coordinator, to)}, dict(youth.row))], on=on
    )


def history(conn: sqlite3.Connection, youth: Youth) -> list[dict[str, Any]]:
    """The coordinators of a case, earliest first: {coordinator, from, to} (to None for the
    current one). Before the first recorded change, the one it was changed from, since the
    start; with no change recorded, the current coordinator since the start."""
    changes = conn.execute(
        "SELECT * FROM coordinator_change WHERE youth_id = ? ORDER BY changed_on, id",
        (youth.id,),
    ).fetchall()
    periods: list[dict[str, Any]] = []
    first = changes[0]["previous"] if changes else youth.coordinator
    if first or not changes:
        periods.append({"coordinator": first, "from": youth.start, "to": None})
    for change in changes:
        if periods:
            periods[-1]["to"] = change["changed_on"]
        periods.append(
            {"coordinator": change["coordinator"], "from": change["changed_on"], "to": None}
        )
    if periods and periods[0]["coordinator"] is None and len(periods) == 1:
        return []
    return periods
