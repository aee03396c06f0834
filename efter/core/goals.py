"""Goals (mål) on the life areas, with sub-goals (delmål) one level below, and a status."""

import sqlite3
from collections.abc import Iterable
from typing import Any

from efter.core import areas, audit, clock, vocab
from efter.core.casefile import new_values, update_rows
from efter.core.errors import InvalidInput, NotFound, phrase
from efter.core.i18n import N_, t
from efter.core.text import is_id
from efter.core.youth import Youth

STATUSES = vocab.GOAL_STATUSES


def status_code(text: str) -> str:
    return vocab.code_of(
        STATUSES,
        text,
        "status",
        N_("'{text}' is not a goal status"),
        N_("give open, achieved or dropped"),
    )


def status_label(code: str, lang: str = "da") -> str:
    return vocab.label(STATUSES, code, lang)


@audit.reads
def get(conn: sqlite3.Connection, text: str) -> sqlite3.Row:
    key = text.strip()
    row = None
    if is_id(key):
        row = conn.execute("SELECT * FROM goal WHERE id = ?", (int(key),)).fetchone()
    if row is None:
        raise NotFound(
            t("No goal has the id '{key}': see 'efter goal list YOUTH' for the ids.", key=key)
        )
    return row


def goal_text(text: str | None) -> str:
    """What the young person aims for, as stored; empty text and control characters are
    refused."""
    from efter.core.text import check as check_text

    wording = check_text((text or "").strip(), "text", lines=True)
    if not wording:
        raise InvalidInput(
            field="text",
            problem=t("the goal text is empty"),
            fix=t("say what the young person aims for"),
        )
    return wording


def theirs(conn: sqlite3.Connection, youth: Youth, text: str, field: str) -> sqlite3.Row:
    """The goal `text` names, which must be one of the young person's (--goal, --parent)."""
    row = get(conn, text)
    if row["youth_id"] != youth.id:
        raise InvalidInput(
            field=field,
            problem=t("goal {id} belongs to another young person", id=row["id"]),
            fix=t(
                "give one of the goals of {label} (see 'efter goal list {id}')",
                label=youth.label,
                id=youth.id,
            ),
        )
    return row


def main_goal(conn: sqlite3.Connection, youth: Youth, text: str) -> sqlite3.Row:
    """The goal a sub-goal is put under (--parent): one of the young person's, and a main goal
    itself (goals have one level of sub-goals)."""
    row = theirs(conn, youth, text, "parent")
    if row["parent_id"] is not None:
        raise InvalidInput(
            field="parent",
            problem=t("goal {id} is itself a sub-goal", id=row["id"]),
            fix=t("give the main goal ({parent_id})", parent_id=row["parent_id"]),
        )
    return row


def sub_goal_area(main: sqlite3.Row, area: str | None) -> str:
    """A sub-goal's life area: its main goal's (an area given must be that one)."""
    if area is not None and area != main["area"]:
        raise InvalidInput(
            field="area",
            problem=t("a sub-goal shares its goal's life area ({area})", area=main["area"]),
            fix=t("leave it out or give that one"),
        )
    return str(main["area"])


def add(
    conn: sqlite3.Connection,
    youth: Youth,
    *,
    text: str | None,
    area: str | None,
    parent: str | None = None,
    meeting: str | None = None,
    status: str = "open",
) -> int:
    from efter.core import meetings

    wording = goal_text(text)
    code = status_code(status)
    parent_row = main_goal(conn, youth, parent) if parent is not None else None
    if parent_row is not None:
        area_code = sub_goal_area(parent_row, areas.resolve(conn, area)["code"] if area else None)
    elif area is None:
        raise InvalidInput(
            field="area",
            problem=t("the life area is missing"),
            fix=phrase("give one (see 'efter areas list'), or {parent} for a sub-goal", "parent"),
        )
    else:
        area_code = areas.resolve(conn, area)["code"]
    meetings.check_open_case(youth, N_("set goals"))
    meeting_id = None
    if meeting is not None:
        meeting_id = meetings.theirs(conn, youth, meeting)["id"]
    stamp = clock.timestamp()
    cursor = conn.execute(
        "INSERT INTO goal (youth_id, parent_id, area, text, status, meeting_id, created, updated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            youth.id,
            parent_row["id"] if parent_row else None,
            area_code,
            wording,
            code,
            meeting_id,
            stamp,
            stamp,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def update_many(
    conn: sqlite3.Connection,
    changes: Iterable[tuple[int, dict[str, tuple[Any, Any]]]],
    *,
    stamped: bool = True,
) -> None:
    """The one way goals change ('efter goal status|edit'): for each (goal id, {field: (old,
    new)}), stamped with the time unless `stamped` is False (a sub-goal following its main
    goal's new life area)."""
    update_rows(conn, "goal", new_values(changes), stamped=stamped)


def set_status(conn: sqlite3.Connection, row: sqlite3.Row, status: str) -> str:
    code = status_code(status)
    update_many(conn, [(row["id"], {"status": (row["status"], code)})])
    return code


def list_goals(
    conn: sqlite3.Connection, youth: Youth, *, include_closed: bool = False
) -> list[sqlite3.Row]:
    """Main goals in life-area order, each followed by its sub-goals."""
    sql = "SELECT g.* FROM goal g LEFT JOIN life_area a ON a.code = g.area WHERE g.youth_id = ?"
    if not include_closed:
        sql += " AND g.status = 'open'"
    rows = conn.execute(sql + " ORDER BY a.position, g.id", (youth.id,)).fetchall()
    mains = [row for row in rows if row["parent_id"] is None]
    ordered: list[sqlite3.Row] = []
    for main in mains:
        ordered.append(main)
        ordered.extend(row for row in rows if row["parent_id"] == main["id"])
    placed = {row["id"] for row in ordered}
    # A sub-goal whose main goal is closed still shows while it is open itself.
    ordered.extend(row for row in rows if row["id"] not in placed)
    return ordered


def area_label(conn: sqlite3.Connection, code: str, lang: str = "da") -> str:
    row = conn.execute(
        "SELECT label_da, label_en FROM life_area WHERE code = ?", (code,)
    ).fetchone()
    if row is None:
        return code
    return str(row["label_da"] if lang == "da" else row["label_en"])


def describe(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "youth_id": row["youth_id"],
        "parent_id": row["parent_id"],
        "area": row["area"],
        "area_label": area_label(conn, row["area"], "en"),
        "text": row["text"],
        "status": row["status"],
        "meeting_id": row["meeting_id"],
        "created": row["created"][:10],
    }
