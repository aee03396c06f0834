"""Anyone on a young person's case, named the way a coordinator types them.

An agreement's owner, a meeting's participant: the young person ('youth', 'den unge' or their
name), the coordinator ('coordinator', 'koordinator' or their name), or a current team or
network member by id or by name (exact first, then a unique beginning of the name). An import
may also name someone who has been on the case at another time (`resolve(whenever=True)`).
"""

import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from efter.core import vocab
from efter.core.casefile import ids_param
from efter.core.errors import InvalidInput, NotFound
from efter.core.i18n import t
from efter.core.text import is_id
from efter.core.youth import Youth

YOUTH_WORDS = ("youth", "den unge", "unge", "the young person", "young person", "ung")
COORDINATOR_WORDS = ("coordinator", "koordinator", "koordinatoren", "the coordinator")
ROLES = {"team": vocab.TEAM_ROLES, "network": vocab.NETWORK_ROLES}


class Person(NamedTuple):
    kind: str  # 'youth', 'coordinator' or 'member'
    member_id: int | None
    name: str
    role: str  # a role code for members, else the kind
    side: str | None = None
    organisation: str | None = None
    phone: str | None = None
    email: str | None = None

    def role_label(self, lang: str = "da") -> str:
        if self.kind == "youth":
            return "Den unge" if lang == "da" else "Young person"
        if self.kind == "coordinator":
            return "Koordinator" if lang == "da" else "Coordinator"
        if self.kind == "guest":
            return "Gæst" if lang == "da" else "Guest"
        assert self.side is not None
        return vocab.label(ROLES[self.side], self.role, lang)

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "member_id": self.member_id,
            "name": self.name,
            "role": self.role,
            "side": self.side,
            "organisation": self.organisation,
            "phone": self.phone,
            "email": self.email,
        }


def fold(text: str) -> str:
    """A name or word as resolve() compares it: any case, spaces collapsed."""
    return " ".join(text.casefold().split())


def the_youth(youth: Youth) -> Person:
    return Person("youth", None, youth.name, "youth", phone=youth.phone, email=youth.email)


def unnamed_coordinator(lang: str = "da") -> str:
    """The coordinator's name where the young person has none on file."""
    return "Koordinator" if lang == "da" else "Coordinator"


def the_coordinator(youth: Youth, lang: str = "da") -> Person:
    name = youth.coordinator or unnamed_coordinator(lang)
    return Person("coordinator", None, name, "coordinator")


def from_member(row: sqlite3.Row) -> Person:
    return Person(
        "member", row["id"], row["name"], row["role"], row["side"], row["organisation"],
        row["phone"], row["email"],
    )  # fmt: skip


def current_members(conn: sqlite3.Connection, youth: Youth, on: date) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM member WHERE youth_id = ? AND started <= ? "
        "AND (ended IS NULL OR ended > ?) ORDER BY side DESC, started, id",
        (youth.id, on.isoformat(), on.isoformat()),
    ).fetchall()


def all_members(conn: sqlite3.Connection, youth: Youth) -> list[sqlite3.Row]:
    """A young person's team and network members, whenever they were on the case, in
    current_members()'s order."""
    return conn.execute(
        "SELECT * FROM member WHERE youth_id = ? ORDER BY side DESC, started, id", (youth.id,)
    ).fetchall()


def nearest(members: list[sqlite3.Row], on: date) -> list[sqlite3.Row]:
    """Those of `members` whose time on the case is nearest to `on` (several when they are
    equally near): whom a name means when nobody of that name is on the case that day."""
    day = on.toordinal()

    def away(row: sqlite3.Row) -> int:
        started = date.fromisoformat(row["started"]).toordinal()
        if day < started:
            return started - day
        ended = row["ended"]
        # on the case until the day before `ended` (on_the_case())
        return max(0, day - date.fromisoformat(ended).toordinal() + 1) if ended else 0

    if len(members) < 2:
        return members
    distances = [away(row) for row in members]
    least = min(distances)
    return [row for row, distance in zip(members, distances, strict=True) if distance == least]


def members_by_youth(conn: sqlite3.Connection) -> dict[int, list[sqlite3.Row]]:
    """Every young person's team and network members, whenever they were on the case, in
    current_members()'s order: what resolve(members=...) picks from for many rows at once
    (an import), one query instead of one per row."""
    found: dict[int, list[sqlite3.Row]] = {}
    for row in conn.execute("SELECT * FROM member ORDER BY youth_id, side DESC, started, id"):
        found.setdefault(row["youth_id"], []).append(row)
    return found


def on_the_case(members: list[sqlite3.Row], on: date) -> list[sqlite3.Row]:
    """Those of a young person's members (members_by_youth()) on the case on `on`, as
    current_members() finds them."""
    day = on.isoformat()
    return [
        row
        for row in members
        if row["started"] <= day and (row["ended"] is None or row["ended"] > day)
    ]


def everyone(conn: sqlite3.Connection, youth: Youth, on: date, lang: str = "da") -> list[Person]:
    """The young person, the coordinator, then the current team and network."""
    return [
        the_youth(youth),
        the_coordinator(youth, lang),
        *(from_member(row) for row in current_members(conn, youth, on)),
    ]


def stored(
    conn: sqlite3.Connection,
    youth: Youth,
    kind: str,
    member_id: int | None,
    members: dict[int, sqlite3.Row] | None = None,
) -> Person:
    """The person an agreement or attendance row points at (members may have left since).
    `members` (from members_by_id) saves a query per row when describing many rows."""
    if kind == "youth":
        return the_youth(youth)
    if kind == "coordinator":
        return the_coordinator(youth)
    if members is not None and member_id in members:
        return from_member(members[member_id])
    row = conn.execute("SELECT * FROM member WHERE id = ?", (member_id,)).fetchone()
    return from_member(row)


def members_by_id(conn: sqlite3.Connection, ids: Iterable[int | None]) -> dict[int, sqlite3.Row]:
    """The member rows with these ids, in one query."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {
        row["id"]: row
        for row in conn.execute(
            "SELECT * FROM member WHERE id IN (SELECT value FROM json_each(?))",
            (ids_param(wanted),),
        )
    }


def resolve(
    conn: sqlite3.Connection,
    youth: Youth,
    text: str,
    on: date,
    *,
    what: str = "owner",
    members: list[sqlite3.Row] | None = None,
    whenever: bool = False,
) -> Person:
    """The one person on the case of `youth` on `on` that `text` names, or one clear error.
    `members`: the young person's members as members_by_youth() read them for many rows
    at once (then the members on the case are found without a query).

    `whenever`: a member who is not on the case on `on` but has been (or will be) at another
    time is found too, when nobody on the case that day is called so: the one whose time on
    the case is nearest to `on`, by their whole name or id (a beginning of a name is no more
    than a guess then). An import needs it: efter lets an agreement be made with a due date
    before its owner joined, and lets its owner leave while it is open, so a file efter
    exported names them."""
    key = fold(text or "")
    if not key:
        raise InvalidInput(
            problem=t("the {what} is empty", what=what),
            fix=t(
                "give a name or id from 'efter team list {id}' or 'efter network list {id}', or 'youth' or 'coordinator'",
                id=youth.id,
            ),
        )
    found = by_word(youth, key)
    if found is not None:
        return found
    ever = members
    members = current_members(conn, youth, on) if members is None else on_the_case(members, on)
    if is_id(key):
        for row in members:
            if row["id"] == int(key):
                return from_member(row)
        row = conn.execute("SELECT * FROM member WHERE id = ?", (int(key),)).fetchone()
        if row is None:
            raise NotFound(
                problem=t("no team or network member has the id {key}", key=key),
                fix=t(
                    "see 'efter team list {id}' and 'efter network list {id}' for the ids",
                    id=youth.id,
                ),
            )
        if whenever and row["youth_id"] == youth.id:
            return from_member(row)
        raise _not_on_case(row["name"], youth)
    exact = [row for row in members if fold(row["name"]) == key]
    if not exact:  # a name's beginning among those on the case wins, as 'agreement add' has it
        exact = [row for row in members if fold(row["name"]).startswith(key)]
    if not exact and whenever:
        ever = all_members(conn, youth) if ever is None else ever
        exact = nearest([row for row in ever if fold(row["name"]) == key], on)
    if len(exact) == 1:
        return from_member(exact[0])
    if len(exact) > 1:
        ids = ", ".join(str(row["id"]) for row in exact)
        raise InvalidInput(
            problem=t(
                "'{strip}' could be several people on the case of {label} (ids {ids})",
                strip=text.strip(),
                label=youth.label,
                ids=ids,
            ),
            fix=t("give the id instead"),
        )
    # Someone known from another case, or who has left this one, gets a sharper message.
    for row in conn.execute("SELECT name FROM member ORDER BY youth_id = ? DESC, id", (youth.id,)):
        if fold(row["name"]) == key:
            raise _not_on_case(row["name"], youth)
    raise NotFound(
        problem=t(
            "nobody called '{strip}' is on the case of {label}",
            strip=text.strip(),
            label=youth.label,
        ),
        fix=t(
            "see 'efter team list {id}' and 'efter network list {id}', or use 'youth' or 'coordinator'",
            id=youth.id,
        ),
    )


def by_word(youth: Youth, key: str) -> Person | None:
    """The young person or the coordinator when `key` (folded: fold()) names them, by a word
    or their name; None for anyone else. The part of resolve() that needs neither the case
    file nor the day."""
    kind = word_kind(key, youth.name, youth.coordinator)
    if kind == "youth":
        return the_youth(youth)
    if kind == "coordinator":
        return the_coordinator(youth)
    return None


def word_kind(key: str, name: str, coordinator: str | None) -> str | None:
    """'youth' or 'coordinator' when `key` (folded) names the young person called `name` or
    their coordinator, by a word or a name (the young person first); None for anyone else."""
    return folded_word_kind(key, fold(name), fold(coordinator) if coordinator else None)


def folded_word_kind(key: str, name: str, coordinator: str | None) -> str | None:
    """word_kind() of a young person's name and coordinator folded already (fold(); None
    for no coordinator): for many rows of the same young people."""
    if key in YOUTH_WORDS or key == name:
        return "youth"
    if key in COORDINATOR_WORDS or (coordinator is not None and key == coordinator):
        return "coordinator"
    return None


def _not_on_case(name: str, youth: Youth) -> InvalidInput:
    return InvalidInput(
        problem=t("{name} is not on the case of {label}", name=name, label=youth.label),
        fix=t("add them with 'efter team add' or 'efter network add', or choose someone who is"),
    )
