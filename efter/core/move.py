"""The move to another acting municipality: a case bundle holding only what the young
person's consent lets the new municipality see (`efter case export YOUTH --for NAME`).

The recipient is covered by a consent in force today that names a party from that
municipality: a team member whose organisation names it (the new myndighedsrådgiver, say).
What those consents cover decides what travels, table by table (`RULES`); a row that is
left out takes its dependants with it the way an erasure would (ON DELETE CASCADE drops them,
SET NULL clears the reference). A table no rule names is left out whole: efter cannot tell
what kind of information it holds, so a table added later travels in a move only once a rule
says which consent it needs.
"""

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

from efter.core import vocab
from efter.core.bundle import Contents, foreign_keys
from efter.core.errors import InvalidInput
from efter.core.i18n import N_, nt, t
from efter.core.youth import Youth

# A life area's ratings and goals need the consent area of the same kind of information
# (health ones the health areas); every rating and goal also needs 'aftaler' (status and
# goals from the network meetings). Areas not named here need 'aftaler' alone.
LIFE_AREA_CONSENT = {
    "uddannelse": "uddannelse",
    "beskaeftigelse": "uddannelse",
    "bolig": "bolig",
    "oekonomi": "oekonomi",
    "netvaerk": "familie",
    "fysisk": "helbred",
    "psykisk": "psykisk",
    "rusmidler": "rusmidler",
}
# Columns of the young person's own row, and the consent they need (the rest always goes:
# who the young person is, the case's dates and programme).
YOUTH_COLUMNS = {
    "placement_site": "bolig",
    "housing": "bolig",
    "legal_basis": "akter",
    "basis_forced": "akter",
    "placed_from": "akter",
    "note": "akter",
    "outcome": "uddannelse",
}

Row = dict[str, Any]
# table -> the consent areas a row needs (None: it always goes with the young person)
Rule = Callable[[Row], tuple[str, ...] | None]


def _member(row: Row) -> tuple[str, ...] | None:
    return ("familie",) if row["side"] == "network" else None


def _area(row: Row) -> tuple[str, ...]:
    extra = LIFE_AREA_CONSENT.get(row["area"])
    return ("aftaler", extra) if extra and extra != "aftaler" else ("aftaler",)


RULES: dict[str, Rule] = {
    "youth": lambda row: None,
    "member": _member,  # the team always: how to reach the professionals
    "meeting": lambda row: ("aftaler",),
    "attendance": lambda row: ("aftaler",),
    "goal": _area,
    "agreement": lambda row: ("aftaler",),
    "agreement_event": lambda row: ("aftaler",),
    "rating": _area,
    "youth_status": lambda row: ("uddannelse",),
    "measure": lambda row: ("akter",),
    "deadline_met": lambda row: ("akter",),
    # a contract shows the goals, the agreements and the network
    "contract": lambda row: ("akter", "aftaler", "familie"),
    # the consent itself goes: it is what the recipient acts on
    "consent": lambda row: None,
    "consent_party": lambda row: None,
    "consent_area": lambda row: None,
    # the programmes the young person is in, with their dates, as the case's programme goes
    "programme_period": lambda row: None,
}


def area_label(code: str, lang: str = "en") -> str:
    return vocab.label(vocab.CONSENT_AREAS, code, lang)


def recipient_name(text: str) -> str:
    from efter.core import municipalities
    from efter.core.text import check

    return municipalities.official(check(text.strip(), "--for"), "--for")


def _names_recipient(organisation: str | None, recipient: str) -> bool:
    from efter.core import municipalities

    if not organisation:
        return False
    if municipalities.same(organisation, recipient):
        return True
    stem = municipalities.key(recipient)
    return bool(stem) and stem in municipalities.key(organisation)


def allowed(conn: sqlite3.Connection, person: Youth, recipient: str, on: date) -> set[str]:
    """The consent areas the recipient may see, or a sentence saying what to record first."""
    from efter.core import consent

    records = consent.records(conn, [person], on)[person.id]
    how = t(
        "'efter consent give {youth} --to MEMBER --about ...' naming a team member from "
        "{recipient} (add the new myndighedsrådgiver with 'efter team add' first)",
        youth=person.ref or person.id,
        recipient=recipient,
    )
    if not records:
        raise InvalidInput(
            t(
                "{name} has no consent on file, so nothing may go to {recipient}: record the young "
                "person's consent first with {how}.",
                name=person.name,
                recipient=recipient,
                how=how,
            )
        )
    areas: set[str] = set()
    for record in records:
        if record["state"] != "in-force":
            continue
        if any(_names_recipient(p["organisation"], recipient) for p in record["parties"]):
            areas.update(record["areas"])
    if not areas:
        raise InvalidInput(
            t(
                "No consent in force lets {name}'s case go to {recipient} (none names a party from "
                "{recipient}): record one first with {how}.",
                name=person.name,
                recipient=recipient,
                how=how,
            )
        )
    return areas


def restrict(conn: sqlite3.Connection, contents: Contents, people: list[Youth], text: str) -> None:
    """Keep only what consent allows; note what was left out and why in `contents`."""
    from efter.core import clock

    recipient = recipient_name(text)
    today = clock.today()
    consented = {p.id: allowed(conn, p, recipient, today) for p in people}
    contents.recipient = recipient
    left: dict[tuple[str, str], int] = {}
    kept: dict[str, set[Any]] = {}
    owner: dict[str, dict[Any, int]] = {}  # part -> row key -> youth id
    parts = [p for p in contents.parts if p.where]
    for part in parts:
        columns = part.columns
        fks = {col: (parent, key, action) for col, parent, key, action in
               foreign_keys(conn, part.name)}  # fmt: skip
        rule = RULES.get(part.name)
        out = []
        keys: set[Any] = set()
        owners: dict[Any, int] = {}
        for values in contents.rows[part.name]:
            row = dict(zip(columns, values, strict=True))
            youth_id = _youth_of(part.name, row, fks, owner)
            if rule is None:
                _count(left, part.name, "efter does not know which kind of information it holds")
                continue
            gone = False
            for col, (parent, key, action) in fks.items():
                value = row.get(col)
                if value is None or parent not in kept or key != "id":
                    continue
                if value in kept[parent]:
                    continue
                if action.upper() == "SET NULL":
                    row[col] = None
                else:
                    gone = True
            if gone:
                _count(left, part.name, "tied to what is left out above")
                continue
            need = rule(row)
            areas = consented.get(youth_id, set()) if youth_id is not None else set()
            missing = [a for a in (need or ()) if a not in areas]
            if missing:
                _count(left, part.name, _why(missing, recipient))
                continue
            if part.name == "youth":
                for col, area in YOUTH_COLUMNS.items():
                    if col in row and row[col] is not None and area not in areas:
                        default = 0 if col == "basis_forced" else None
                        if row[col] != default:
                            row[col] = default
                            _count(left, f"youth.{col}", _why([area], recipient))
            out.append(tuple(row[c] for c in columns))
            if "id" in row:
                keys.add(row["id"])
                if youth_id is not None:
                    owners[row["id"]] = youth_id
        contents.rows[part.name] = out
        kept[part.name] = keys
        owner[part.name] = owners
    contents.left_out = [
        {"part": name, "rows": count, "what": _what(name, count), "why": why}
        for (name, why), count in left.items()
    ]


def _youth_of(
    name: str, row: Row, fks: dict[str, tuple[str, str, str]], owner: dict[str, dict[Any, int]]
) -> int | None:
    if name == "youth":
        return int(row["id"])
    if "youth_id" in row and row["youth_id"] is not None:
        return int(row["youth_id"])
    for col, (parent, _key, _action) in fks.items():
        value = row.get(col)
        if value is not None and value in owner.get(parent, {}):
            return owner[parent][value]
    return None


def _count(left: dict[tuple[str, str], int], name: str, why: str) -> None:
    left[(name, why)] = left.get((name, why), 0) + 1


def _why(missing: list[str], recipient: str) -> str:
    labels = " and ".join(f"'{area_label(a)}'" for a in missing)
    return f"no consent in force lets {recipient} see {labels}"


COLUMN_WORDS = {
    "placed_from": N_("placement start"),
    "basis_forced": N_("mark on the legal basis"),
    "housing": N_("housing form"),
}
WHAT: dict[str, Callable[[int], str]] = {  # what a bundle left out, as its receiver reads it
    "member": lambda n: nt(
        "{n} person in the private network", "{n} people in the private network", n
    ),
    "meeting": lambda n: nt("{n} meeting", "{n} meetings", n),
    "attendance": lambda n: nt("{n} attendance record", "{n} attendance records", n),
    "goal": lambda n: nt("{n} goal", "{n} goals", n),
    "agreement": lambda n: nt("{n} agreement", "{n} agreements", n),
    "agreement_event": lambda n: nt("{n} agreement follow-up", "{n} agreement follow-ups", n),
    "rating": lambda n: nt("{n} rating", "{n} ratings", n),
    "youth_status": lambda n: nt(
        "{n} education and work period", "{n} education and work periods", n
    ),
    "measure": lambda n: nt("{n} measure", "{n} measures", n),
    "deadline_met": lambda n: nt(
        "{n} deadline recorded as met", "{n} deadlines recorded as met", n
    ),
    "contract": lambda n: nt("{n} contract version", "{n} contract versions", n),
    "consent_party": lambda n: nt("{n} consent party", "{n} consent parties", n),
}


def summary(left_out: list[dict[str, Any]]) -> list[str]:
    """What was left out, one phrase per table (a bundle's manifest read back)."""
    totals: dict[str, int] = {}
    for item in left_out:
        part = str(item.get("part", ""))
        totals[part] = totals.get(part, 0) + int(item.get("rows", 0))
    return [_what(part, count) for part, count in totals.items() if part]


def _what(name: str, count: int) -> str:
    if name.startswith("youth."):
        column = name[6:]
        word = COLUMN_WORDS.get(column)
        return t("the young person's {what}", what=t(word) if word else column.replace("_", " "))
    if name in WHAT:
        return WHAT[name](count)
    return nt("{n} row of {table}", "{n} rows of {table}", count, table=name)
