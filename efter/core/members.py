"""The people around a young person: the team (professionals) and the private network."""

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from efter.core import audit, clock, vocab
from efter.core.addressbook import name_text
from efter.core.casefile import (
    given_by_column,
    given_columns,
    ids_param,
    insert_rows,
    new_values,
    records_of,
    update_rows,
)
from efter.core.contacts import clean as clean_contacts
from efter.core.dates import not_before, parse_date
from efter.core.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    UsageMistake,
    nothing_to_change,
    phrase,
)
from efter.core.i18n import t
from efter.core.text import check as check_text
from efter.core.text import is_id
from efter.core.youth import Youth

if TYPE_CHECKING:
    from efter.core import addressbook

SIDES = {"team": vocab.TEAM_ROLES, "network": vocab.NETWORK_ROLES}
FIELDS = ("role", "name", "organisation", "phone", "email", "address", "note", "started")


def closeness_code(text: str | None) -> str | None:
    """tæt / mellem / fjern (or close / middle / distant) -> the stored code; empty -> None."""
    value = (text or "").strip()
    if not value:
        return None
    return vocab.lookup(vocab.CLOSENESS, value, "closeness", "closeness").code


def clean_one(side: str, field: str, value: Any) -> Any:
    """One field of a member on its own, as clean() checks and stores it: no rule of a member
    looks at two fields at once, so a record is its fields each cleaned alone (the importer
    works each out once per distinct value of a column)."""
    if field == "name":
        return name_text(value)
    if field in ("organisation", "note"):
        text = str(value).strip() if value is not None else ""
        return check_text(text, field, lines=field == "note") or None
    if field == "role":
        role = str(value or "").strip()
        if not role:
            raise InvalidInput(field="role", problem=t("the role is missing"), fix=t("give one"))
        return vocab.lookup(SIDES[side], role, f"{side} role", "role").code
    if field == "closeness":
        return closeness_code(value)
    if field == "can_help":
        return check_text(str(value).strip(), "can_help") or None if value else None
    if field in ("phone", "email", "address"):
        return clean_contacts({field: value}, partial=True)[field]
    if field == "started":
        day = parse_date(str(value), field="started") if value else clock.today()
        return day.isoformat()
    raise KeyError(field)


def clean(side: str, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in ("name", "organisation", "note", "role", "closeness", "can_help"):
        out[field] = clean_one(side, field, values.get(field))
    out.update(dict.fromkeys(("phone", "email", "address")))
    out.update(clean_contacts(values, partial=True))
    out["started"] = clean_one(side, "started", values.get("started"))
    return out


def add(
    conn: sqlite3.Connection,
    youth: Youth,
    side: str,
    values: dict[str, Any],
    *,
    person: str | None = None,
    new_person: bool = False,
    ask: "addressbook.Ask | None" = None,
) -> tuple[int, dict[str, Any]]:
    """Add a team or network member; a team member is a professional from the address book
    (found as addressbook.decide says: `person` an id or 'new', `new_person`, `ask` the face's
    question when unsure). Returns the new member id and the stored record."""
    from efter.core import addressbook

    if side == "network" and (person is not None or new_person):
        raise UsageMistake(
            problem=phrase("{person} and {new_person} are for the team", "person", "new_person"),
            fix=t("the private network is not shared between cases, so leave them out"),
        )
    given = (values.get("name") or "").strip()
    if side == "team" and person is not None and not given:
        values = {**values, "name": "?"}  # the address book's name is used below
    record = clean(side, values)
    if side == "team":
        index = addressbook.Index.load(conn)
        decision = addressbook.decide(
            index, record["name"], record["organisation"], person=person,
            new_person=new_person, ask=ask, conn=conn,
        )  # fmt: skip
        if decision.existing is not None:
            known = addressbook.by_ids(conn, [decision.existing])[0]
            if (
                person is not None
                and given
                and addressbook.near_key(given) != addressbook.near_key(known["name"])
            ):  # a near spelling is the one the address book keeps
                raise InvalidInput(
                    field="name",
                    problem=t(
                        "person {id} in the address book is {name}, not {given}",
                        id=known["id"],
                        name=known["name"],
                        given=given,
                    ),
                    fix=phrase("leave it out, or give {person} the right id", "person"),
                )
            org = record["organisation"]
            if org and addressbook.same_key(org) != addressbook.same_key(known["organisation"]):
                raise InvalidInput(
                    field="organisation",
                    problem=t(
                        "{name} (person {id}) is of {organisation} in the address book",
                        name=known["name"],
                        id=known["id"],
                        organisation=known["organisation"] or t("no organisation"),
                    ),
                    fix=t(
                        "leave it out, or change it on every case with "
                        "'efter person edit {id} --{option} ...'",
                        id=known["id"],
                        option="organisation",
                    ),
                )
            contact = addressbook.merged(known, record)
            if any(contact[key] != known[key] for key in addressbook.CONTACT):
                addressbook.update_shared(
                    conn,
                    [(known["id"], {k: (known[k], contact[k]) for k in addressbook.CONTACT})],
                )
        record["professional_id"] = decision.existing
        addressbook.attach(conn, [record], index)
    return insert_many(conn, [(youth.id, side, record)])[0], record


# The columns of a stored member, in the order insert_many() gives them; those it may leave to
# their default (NULL) when no member of a batch has them (casefile.given_columns).
_COLUMNS = ("youth_id", "side", "created", "role", "name", "organisation", "phone", "email",
            "address", "note", "started", "closeness", "can_help", "ended", "professional_id")  # fmt: skip
_OPTIONAL = frozenset(("organisation", "phone", "email", "address", "note", "closeness",
                       "can_help", "ended", "professional_id"))  # fmt: skip
# The fields of a record clean() passed, in _COLUMNS' order (`ended` and `professional_id`,
# which it may lack, follow them).
_CLEANED = itemgetter("role", "name", "organisation", "phone", "email", "address", "note",
                      "started", "closeness", "can_help")  # fmt: skip


def insert_many(
    conn: sqlite3.Connection, members: list[tuple[int, str, dict[str, Any]]]
) -> list[int]:
    """The one way team and network members are stored (add, import): (youth id, side, a
    record clean() passed, with `ended` when they have left) in one executemany. Returns the
    new ids in the order given."""
    if not members:
        return []
    stamp = clock.timestamp()
    columns, rows = given_columns(
        _COLUMNS,
        [
            (youth_id, side, stamp, *_CLEANED(r), r.get("ended"), r.get("professional_id"))
            for youth_id, side, r in members
        ],
        _OPTIONAL,
    )
    return _inserted(conn, columns, rows)


def insert_columns(
    conn: sqlite3.Connection, youth_ids: Sequence[int], side: str, fields: dict[str, Sequence[Any]]
) -> list[int]:
    """insert_many() of members given a column at a time (`fields`: each field of a record
    clean() passed, and `ended`, to its column): an import's chunk of new network members,
    with no dictionary and no tuple made a member in Python."""
    count = len(youth_ids)
    if not count:
        return []
    given = {"youth_id": youth_ids, "side": (side,) * count, "created": (clock.timestamp(),) * count,
             "professional_id": (None,) * count, **fields}  # fmt: skip
    columns, rows = given_by_column(_COLUMNS, list(map(given.__getitem__, _COLUMNS)), _OPTIONAL)
    return _inserted(conn, columns, rows)


def _inserted(conn: sqlite3.Connection, columns: Sequence[str], rows: Any) -> list[int]:
    """These rows stored as members (in these columns, the others left to their default):
    their new ids, in order."""
    return insert_rows(
        conn,
        "member",
        f"INSERT INTO member ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        rows,
    )


def update_many(
    conn: sqlite3.Connection, changes: list[tuple[int, dict[str, tuple[Any, Any]]]]
) -> None:
    """The one way members' fields are changed in a batch (import --update): for each
    (member id, {field: (old, new)}), one executemany per set of changed fields. A team
    member's name, organisation and contact details are their professional's: those change
    in the address book, on every case they sit on."""
    from efter.core import addressbook

    links = dict(
        conn.execute(
            "SELECT id, professional_id FROM member WHERE professional_id IS NOT NULL "
            "AND id IN (SELECT value FROM json_each(?))",
            (ids_param([member_id for member_id, diff in changes if diff]),),
        ).fetchall()
    )
    own: list[tuple[int, dict[str, tuple[Any, Any]]]] = []
    shared: list[tuple[int, dict[str, tuple[Any, Any]]]] = []
    for member_id, diff in changes:
        if member_id in links:
            shared.append(
                (links[member_id], {k: v for k, v in diff.items() if k in addressbook.SHARED})
            )
            diff = {k: v for k, v in diff.items() if k not in addressbook.SHARED}
        own.append((member_id, diff))
    addressbook.update_shared(conn, shared)
    update_rows(conn, "member", new_values(own))


def of_youth(conn: sqlite3.Connection, youth_id: int | None, side: str) -> list[sqlite3.Row]:
    """A young person's team or network members, those still on the case first, the newest
    first (the importer matches a name with them). With None, everyone's, in the same order."""
    return records_of(
        conn, "member", youth_id, "ended IS NULL DESC, id DESC", " AND side = ?", (side,)
    )


def for_export(conn: sqlite3.Connection, side: str) -> Iterator[sqlite3.Row]:
    """Every team or network member with their young person's ref, as an export lists them."""
    return iter(
        conn.execute(
            "SELECT member.*, youth.ref AS youth_ref FROM member JOIN youth "
            "ON youth.id = member.youth_id WHERE side = ? ORDER BY youth.ref, member.id",
            (side,),
        )
    )


@audit.reads
def get(conn: sqlite3.Connection, side: str, member_id: str) -> sqlite3.Row:
    row = None
    if is_id(member_id):
        row = conn.execute(
            "SELECT * FROM member WHERE id = ? AND side = ?", (int(member_id), side)
        ).fetchone()
    if row is None:
        raise NotFound(
            t(
                "No {member} has the id '{member_id}': see 'efter {side} list YOUTH' for the ids.",
                member=t("team member") if side == "team" else t("network member"),
                side=side,
                member_id=member_id.strip(),
            )
        )
    return row


def set_map(
    conn: sqlite3.Connection, member: sqlite3.Row, closeness: str | None, can_help: str | None
) -> dict[str, Any]:
    """Set closeness and/or what the person can help with; an empty value clears it."""
    if closeness is None and can_help is None:
        raise nothing_to_change("closeness", "can_help")
    changes: dict[str, Any] = {}
    if closeness is not None:
        changes["closeness"] = closeness_code(closeness)
    if can_help is not None:
        changes["can_help"] = check_text(can_help.strip(), "--can-help") or None
    update_many(conn, [(member["id"], {k: (member[k], v) for k, v in changes.items()})])
    return changes


def end(conn: sqlite3.Connection, member: sqlite3.Row, on: date) -> None:
    if member["ended"] is not None:
        raise Conflict(
            t(
                "{name} (id {id}) already left on {ended}.",
                name=member["name"],
                id=member["id"],
                ended=member["ended"],
            )
        )
    not_before(on, member["started"], "date")
    update_many(conn, [(member["id"], {"ended": (member["ended"], on.isoformat())})])


def list_members(
    conn: sqlite3.Connection, youth: Youth, side: str | None, *, include_ended: bool, today: date
) -> list[sqlite3.Row]:
    sql = "SELECT * FROM member WHERE youth_id = ?"
    params: list[Any] = [youth.id]
    if side:
        sql += " AND side = ?"
        params.append(side)
    if not include_ended:
        sql += " AND (ended IS NULL OR ended > ?)"
        params.append(today.isoformat())
    sql += " ORDER BY side DESC, started, id"
    return conn.execute(sql, params).fetchall()


def describe(row: sqlite3.Row, today: date) -> dict[str, Any]:
    return {
        "id": row["id"],
        "youth_id": row["youth_id"],
        "side": row["side"],
        "role": row["role"],
        "role_label": vocab.label(SIDES[row["side"]], row["role"]),
        "name": row["name"],
        "organisation": row["organisation"],
        "phone": row["phone"],
        "email": row["email"],
        "address": row["address"],
        "person_id": row["professional_id"],
        "note": row["note"],
        "closeness": row["closeness"],
        "can_help": row["can_help"],
        "from": row["started"],
        "to": row["ended"],
        "active": row["ended"] is None or row["ended"] > today.isoformat(),
    }
