"""Correcting mistakes: edit a team or network member, an agreement, a goal or a meeting.

Every field that changes leaves an `edit_event` row (thing, id, field, old and new value,
when, by which OS user), which `history()` reads back: the history of the thing changed.
Agreements keep their follow-up events (kept, moved, dropped...) in `agreement_event` as
before; an edit is a correction, not a follow-up, so it goes in `edit_event` and an
agreement's history shows both. A meeting's minutes are never touched by an edit."""

import sqlite3
from datetime import date
from typing import Any

from efter.core import audit, clock, vocab
from efter.core.dates import not_before, parse_date
from efter.core.errors import InvalidInput, NotFound, nothing_to_change
from efter.core.i18n import t
from efter.core.text import clean

THINGS = ("member", "agreement", "goal", "meeting")


def record(
    conn: sqlite3.Connection,
    youth_id: int,
    thing: str,
    thing_id: int,
    diff: dict[str, tuple[Any, Any]],
) -> None:
    from efter.core.audit import os_user

    stamp, user = clock.timestamp(), os_user()
    conn.executemany(
        "INSERT INTO edit_event (youth_id, thing, thing_id, field, old, new, at, os_user) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (youth_id, thing, thing_id, field, _str(old), _str(new), stamp, user)
            for field, (old, new) in diff.items()
        ],
    )


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _differs(row: sqlite3.Row, changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The columns whose value differs: {column: (old, new)}."""
    return {key: (row[key], value) for key, value in changes.items() if row[key] != value}


# --- team and network members -----------------------------------------------------------


def edit_member(
    conn: sqlite3.Connection,
    member: sqlite3.Row,
    *,
    name: str | None = None,
    role: str | None = None,
    organisation: str | None = None,
    started: str | None = None,
    ended: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    address: str | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Correct a member's name, role, organisation, contact details, from or to ('' clears
    organisation, contact details and to). A team member's name, organisation and contact
    details are their professional's in the address book: they change on every case the
    professional sits on (each of those members' histories shows it). Returns what changed,
    as {column: (old, new)}."""
    from efter.core import addressbook, contacts
    from efter.core.members import SIDES

    given = (name, role, organisation, started, ended, phone, email, address)
    if all(value is None for value in given):
        raise nothing_to_change(
            "name", "role", "organisation", "phone", "email", "address", "started", "ended"
        )
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = addressbook.name_text(name)
    if role is not None:
        side = member["side"]
        changes["role"] = vocab.lookup(SIDES[side], role.strip(), f"{side} role", "--role").code
    if organisation is not None:
        changes["organisation"] = clean(organisation, "--organisation")
    changes.update(
        contacts.clean(
            {k: v for k, v in (("phone", phone), ("email", email), ("address", address))
             if v is not None},
            partial=True,
        )
    )  # fmt: skip
    if started is not None:
        changes["started"] = parse_date(started, field="started").isoformat()
    if ended is not None:
        changes["ended"] = parse_date(ended, field="ended").isoformat() if ended.strip() else None
    first = changes.get("started", member["started"])
    last = changes.get("ended", member["ended"])
    if last is not None:
        not_before(last, first, "ended" if "ended" in changes else "started")
    order = list(changes)
    shared_diff: dict[str, tuple[Any, Any]] = {}
    if member["professional_id"] is not None:
        shared = {k: changes.pop(k) for k in addressbook.SHARED if k in changes}
        if shared:  # the address book's: on every case ('' clears, as typed)
            person = addressbook.by_ids(conn, [member["professional_id"]])[0]
            shared_diff, _ = addressbook.edit(
                conn, person, {k: "" if v is None else v for k, v in shared.items()},
                recorded_by_caller=member["id"],
            )  # fmt: skip
    own = _differs(member, changes)
    if own:  # the import's write (efter.core.members.update_many)
        from efter.core import members

        members.update_many(conn, [(member["id"], own)])
    both = {**shared_diff, **own}
    diff = {key: both[key] for key in order if key in both}
    if diff:
        record(conn, member["youth_id"], "member", member["id"], diff)
    return diff


# --- agreements ---------------------------------------------------------------------------


def edit_agreement(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    *,
    what: str | None = None,
    owner: str | None = None,
    due: str | None = None,
    goal: str | None = None,
    today: date,
) -> dict[str, tuple[Any, Any]]:
    """Correct what is agreed, the owner, the due date or the goal ('' clears the goal).

    A corrected due date is the date that was agreed: on an agreement never moved it
    corrects the first due date too (which the reports judge "on time" by); after a move,
    only the current one. Moving a date agreed at a meeting is 'efter agreement move'."""
    from efter.core import agreements, goals, persons
    from efter.core.youth import of_record

    if all(value is None for value in (what, owner, due, goal)):
        raise nothing_to_change("what", "owner", "due", "goal")
    youth = of_record(conn, row)
    changes: dict[str, Any] = {}
    if what is not None:
        changes["what"] = agreements.what_text(what)
    if owner is not None:
        on = today if row["status"] == "open" else date.fromisoformat(row["done_on"] or row["due"])
        person = persons.resolve(conn, youth, owner, on)
        changes["owner"] = person.kind
        changes["owner_member_id"] = person.member_id
    if due is not None:
        day = parse_date(due, field="due").isoformat()
        changes["due"] = day
        if row["due"] == row["first_due"]:
            changes["first_due"] = day
    if goal is not None:
        if not goal.strip():
            changes["goal_id"] = None
        else:
            changes["goal_id"] = goals.theirs(conn, youth, goal, "goal")["id"]
    diff = _differs(row, changes)
    # a correction, not a follow-up: the agreements' write, with no agreement_event
    agreements.update_many(conn, [(row["id"], diff)], None)
    if "owner" in diff or "owner_member_id" in diff:  # one line: who it was, who it is
        old_owner = agreements.owner_of(conn, youth, row).name
        diff.pop("owner", None)
        diff.pop("owner_member_id", None)
        diff["owner"] = (old_owner, person.name)
    if diff:
        record(conn, row["youth_id"], "agreement", row["id"], diff)
    return diff


# --- goals --------------------------------------------------------------------------------


def edit_goal(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    *,
    text: str | None = None,
    area: str | None = None,
    parent: str | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Correct a goal's text, life area or main goal ('' for --parent makes it a main goal).
    A sub-goal shares its main goal's area, so a main goal's new area goes to its sub-goals
    too (each with its own history line)."""
    from efter.core import areas, goals
    from efter.core.youth import of_record

    if all(value is None for value in (text, area, parent)):
        raise nothing_to_change("text", "area", "parent")
    changes: dict[str, Any] = {}
    if text is not None:
        changes["text"] = goals.goal_text(text)
    parent_row = None
    if parent is not None and parent.strip():
        if goals.get(conn, parent)["id"] == row["id"]:
            raise InvalidInput(
                field="parent",
                problem=t("goal {id} cannot be its own main goal", id=row["id"]),
                fix=t("give another goal"),
            )
        parent_row = goals.main_goal(conn, of_record(conn, row), parent)
        if conn.execute("SELECT 1 FROM goal WHERE parent_id = ?", (row["id"],)).fetchone():
            raise InvalidInput(
                t(
                    "Goal {id} has sub-goals of its own, so it cannot become a sub-goal: move its "
                    "sub-goals first.",
                    id=row["id"],
                )
            )
        changes["parent_id"] = parent_row["id"]
    elif parent is not None:
        changes["parent_id"] = None
    if area is not None:
        changes["area"] = areas.resolve(conn, area)["code"]
    is_sub = changes.get("parent_id", row["parent_id"]) is not None
    if is_sub:  # the rule `efter goal add` keeps: a sub-goal has its main goal's area
        main = parent_row or goals.get(conn, str(row["parent_id"]))
        changes["area"] = goals.sub_goal_area(main, changes.get("area"))
    diff = _differs(row, changes)
    if diff:
        goals.update_many(conn, [(row["id"], diff)])
        record(conn, row["youth_id"], "goal", row["id"], diff)
        if "area" in diff and not is_sub:  # the sub-goals follow (their time stays)
            subs = [
                (sub, _differs(sub, {"area": diff["area"][1]}))
                for sub in conn.execute("SELECT * FROM goal WHERE parent_id = ?", (row["id"],))
            ]
            goals.update_many(conn, [(sub["id"], d) for sub, d in subs], stamped=False)
            for sub, sub_diff in subs:
                if sub_diff:
                    record(conn, sub["youth_id"], "goal", sub["id"], sub_diff)
    return diff


# --- meetings -----------------------------------------------------------------------------


def edit_meeting(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    *,
    place: str | None = None,
    leader: str | None = None,
    minute_taker: str | None = None,
    duration: str | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Correct a meeting's place, leader, minute-taker or length ('' clears the first three).
    Its time, status, attendance and minutes stay as they are (a held meeting keeps its
    minutes); a calendar program sees a planned meeting as changed (its sequence goes up)."""
    from efter.core import meetings

    if all(value is None for value in (place, leader, minute_taker, duration)):
        raise nothing_to_change("place", "leader", "minute_taker", "duration")
    changes: dict[str, Any] = {}
    if place is not None:
        changes["place"] = clean(place, "--place")
    if leader is not None:
        changes["leader"] = clean(leader, "--leader")
    if minute_taker is not None:
        changes["minute_taker"] = clean(minute_taker, "--minute-taker")
    if duration is not None:
        changes["duration"] = meetings.parse_duration(duration)
    diff = _differs(row, changes)
    if diff:  # the import's write: a calendar sees the change (sequence), stamped
        meetings.update_many(conn, [(row["id"], diff)])
        record(conn, row["youth_id"], "meeting", row["id"], diff)
    return diff


# --- history ------------------------------------------------------------------------------


HISTORY_TABLES = ("member", "agreement", "goal", "meeting")


@audit.reads
def record_of(conn: sqlite3.Connection, table: str, text: str, title: str) -> sqlite3.Row:
    """The record (its id and youth_id) whose history is asked for, by its id."""
    from efter.core.text import is_id

    assert table in HISTORY_TABLES, table
    row = None
    if is_id(text):
        row = conn.execute(
            f"SELECT id, youth_id FROM {table} WHERE id = ?", (int(text.strip()),)
        ).fetchone()
    if row is None:  # each kind says it as its own commands do (and the catalog has it)
        from efter.core import agreements, goals, meetings, members

        if table == "member":
            members.get(conn, "team" if title == "team member" else "network", text)
        else:
            {"agreement": agreements.get, "goal": goals.get, "meeting": meetings.get}[table](
                conn, text
            )
        raise NotFound(t("No {values} has the id '{text}'.", values=title, text=text.strip()))
    return row


def history(conn: sqlite3.Connection, thing: str, thing_id: int) -> list[dict[str, Any]]:
    """The corrections of one thing, oldest first (and an agreement's follow-up events)."""
    rows = [
        {
            "at": row["at"],
            "by": row["os_user"],
            "event": "edited",
            "field": row["field"],
            "old": row["old"],
            "new": row["new"],
        }
        for row in conn.execute(
            "SELECT * FROM edit_event WHERE thing = ? AND thing_id = ? ORDER BY id",
            (thing, thing_id),
        )
    ]
    if thing == "agreement":
        from efter.core import agreements

        for row in agreements.events(conn, {"id": thing_id}):
            rows.append(
                {
                    "at": row["on_date"],
                    "by": None,
                    "event": row["event"],
                    "field": "due" if row["event"] == "moved" else None,
                    "old": row["old_due"],
                    "new": row["new_due"] or row["note"],
                }
            )
        rows.sort(key=lambda item: item["at"][:10])  # follow-up events are dated by day
    return rows
