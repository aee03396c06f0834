"""The shared address book of professionals (`efter person`): one person, many cases.

A professional (a jobcenter adviser, an ungevejleder) is kept once, in the `professional`
table (m022_contacts), and sits on any number of cases as a team member
(`member.professional_id`). Their name, organisation and contact details are the address
book's: changing them once changes them on every case. The private network (family, friends)
is never shared: each network member belongs to one case.

Adding a team member finds the professional the way a coordinator would (`decide`):

- the same name (any case, spaces as typed) and the same organisation as exactly one
  professional: that professional, without asking;
- otherwise, when someone is close (the same name with another or no organisation, or a near
  spelling: the same letters once case, accents, Danish spellings such as aa/å and doubled
  letters are set aside), it is unsure: the face asks the person at the terminal, and a
  script gets an error naming the candidates, to be settled with `--person ID` (use that
  one) or `--new-person` (add someone new);
- nobody close: a new professional.

The importer decides the same way, with a `person` column (an id, or `new`) for what
`--person` and `--new-person` say.
"""

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from efter.core import audit, clock, names
from efter.core.casefile import insert_rows, new_values, update_rows
from efter.core.contacts import clean as clean_contacts
from efter.core.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    Phrase,
    UsageMistake,
    nothing_to_change,
    phrase,
)
from efter.core.i18n import t
from efter.core.names import fold
from efter.core.patterns import Pattern
from efter.core.text import check as check_text
from efter.core.text import is_id

SHARED = ("name", "organisation", "phone", "email", "address")
CONTACT = ("phone", "email", "address")
_shared = itemgetter(*SHARED)
NEW_WORDS = ("new", "ny")
_DOUBLED = Pattern(r"(.)\1+")
# Digits stay: "Vejleder 1" and "Vejleder 2" are two people, not one spelt two ways.
_NOT_LETTERS = Pattern(r"[\W_]+")

# The face's way of asking when unsure: (the name typed, the candidates) -> the chosen
# professional's id, or None for a new person.
Ask = Callable[[str, list[sqlite3.Row]], int | None]


# Both keys are worked out once per distinct text (an import asks for the same few names
# and organisations thousands of times).
@lru_cache(maxsize=4096)
def same_key(text: str | None) -> str:
    """Two names (or organisations) are the same when this is: case and spaces set aside."""
    return " ".join((text or "").casefold().split())


@lru_cache(maxsize=4096)
def near_key(text: str) -> str:
    """Two names are near spellings when this is: case, accents, Danish two-letter
    spellings, doubled letters, hyphens and spaces set aside ("Peter Damm", "peter dam",
    "Søren"/"Soeren"); digits count."""
    return _DOUBLED.sub(r"\1", _NOT_LETTERS.sub("", fold(text)))


class Index:
    """The address book held for matching many rows (an import): by same and near name.
    Rows planned as new join it as pending entries with negative ids, so two rows naming
    the same new person become one professional.

    A plain class (and Decision a NamedTuple), not dataclasses: `youth show` and every team
    command load this module, and importing dataclasses to make these two and contracts'
    Obligation cost `youth show` 8 million instructions (docs/performance.md, "Patterns
    compiled when first used")."""

    def __init__(self) -> None:
        self.by_id: dict[int, dict[str, Any]] = {}
        self.by_name: dict[str, list[dict[str, Any]]] = {}
        self.by_near: dict[str, list[dict[str, Any]]] = {}
        self.pending: list[dict[str, Any]] = []

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "Index":
        index = cls()
        for row in conn.execute("SELECT * FROM professional ORDER BY id"):
            index.add(dict(row))
        return index

    def add(self, person: dict[str, Any]) -> None:
        self.by_id[person["id"]] = person
        self.by_name.setdefault(same_key(person["name"]), []).append(person)
        if person["id"] > 0:  # a near match is someone in the book, never one planned anew
            self.by_near.setdefault(near_key(person["name"]), []).append(person)

    def plan_new(self, record: dict[str, Any]) -> int:
        new_id = -(len(self.pending) + 1)
        person = {key: record.get(key) for key in SHARED} | {"id": new_id}
        self.pending.append(person)
        self.add(person)
        return new_id


class Decision(NamedTuple):
    """Which professional a new team member is: `existing` (an id; negative for one planned
    earlier in the same import) or a new one; `candidates` when it was unsure."""

    existing: int | None
    candidates: Sequence[dict[str, Any]] = ()


def candidates(index: Index, name: str, organisation: str | None) -> tuple[Any, list[Any]]:
    """(the one sure match or None, the people close enough to ask about)."""
    same_name = index.by_name.get(same_key(name), [])
    org = same_key(organisation)
    if org:
        same_org = [p for p in same_name if same_key(p["organisation"]) == org]
        stored = [p for p in same_org if p["id"] > 0]
        if len(stored) == 1 or (not stored and same_org):
            # one in the address book; or, from the same import only, the first so named
            # (a later row with other details becomes someone new: see the importer)
            return (stored or same_org)[0], []
    # People planned in the same import (negative ids) are only ever a sure match: two
    # spellings in one file are what the file says, two people.
    close = [p for p in same_name if p["id"] > 0]
    seen = {id(p) for p in close}
    if index.by_near:  # only then can anyone be a near spelling (an empty book: nobody)
        near = index.by_near.get(near_key(name), [])
        close += [p for p in near if id(p) not in seen and p["id"] > 0]
    return None, close


def describe_candidate(person: dict[str, Any] | sqlite3.Row) -> str:
    where = person["organisation"] or t("no organisation")
    return t("{name}, {where} (person {id})", name=person["name"], where=where, id=person["id"])


def decide(
    index: Index,
    name: str,
    organisation: str | None,
    *,
    person: str | None = None,
    new_person: bool = False,
    ask: Ask | None = None,
    conn: sqlite3.Connection | None = None,
    choose: tuple[str, str] | None = None,
) -> Decision:
    """Which professional a team member called `name` of `organisation` is (see the module's
    text). Raises Conflict when unsure and nobody can be asked."""
    if person is not None and new_person:
        raise UsageMistake(
            problem=phrase("{person} and {new_person} disagree", "person", "new_person"),
            fix=phrase(
                "give {person} ID to use someone in the address book, or {new_person} to add "
                "someone new, not both",
                "person",
                "new_person",
            ),
        )
    if new_person:
        return Decision(None)
    if person is not None:
        if person.strip().casefold() in NEW_WORDS:
            return Decision(None)
        if not is_id(person):
            raise InvalidInput(
                field="person",
                problem=t("'{person}' is not an id in the address book", person=person.strip()),
                fix=t("give the id 'efter person list' shows, or 'new' for someone new"),
            )
        found = index.by_id.get(int(person))
        if found is None:
            raise NotFound(
                field="person",
                problem=t("nobody in the address book has the id {id}", id=person.strip()),
                fix=t("see 'efter person list' for the ids"),
            )
        return Decision(int(found["id"]))
    sure, close = candidates(index, name, organisation)
    if sure is not None:
        return Decision(int(sure["id"]))
    if not close:
        return Decision(None)
    if ask is not None and conn is not None and all(p["id"] > 0 for p in close):
        rows = by_ids(conn, [p["id"] for p in close])
        chosen = ask(name, rows)
        return Decision(chosen, close)
    listed = "; ".join(describe_candidate(p) for p in close)
    fix: str | Phrase
    if choose is None:  # the command's own options
        fix = phrase(
            "give {person} {id} to put that person on the case, or {new_person} to add someone new",
            "person",
            "new_person",
            id=close[0]["id"],
        )
    else:  # the face's own words (the importer's column)
        use, new = choose
        fix = t(
            "give {use} to put that person on the case, or {new} to add someone new",
            use=use.format(id=close[0]["id"]),
            new=new,
        )
    raise Conflict(
        problem=t(
            "'{name}' could be someone already in the address book: {listed}",
            name=name,
            listed=listed,
        ),
        fix=fix,
    )


def by_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> list[sqlite3.Row]:
    from efter.core.casefile import ids_param

    return conn.execute(
        "SELECT * FROM professional WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (ids_param(sorted(set(ids))),),
    ).fetchall()


def merged(existing: dict[str, Any] | sqlite3.Row, given: dict[str, Any]) -> dict[str, Any]:
    """The contact details of a team member who is `existing`: what the address book holds,
    with what it lacks filled in from `given`; a detail that disagrees is refused (change
    it everywhere with 'efter person edit')."""
    out: dict[str, Any] = {}
    for key in CONTACT:
        stored, new = existing[key], given.get(key)
        if new and stored and new != stored:
            raise InvalidInput(
                field=key,
                problem=t(
                    "{name} (person {id}) has the {what} {stored} in the address book",
                    name=existing["name"],
                    id=existing["id"],
                    what=_word(key),
                    stored=stored,
                ),
                fix=t(
                    "leave it out, or change it on every case with "
                    "'efter person edit {id} --{option} ...'",
                    id=existing["id"],
                    option=key,
                ),
            )
        out[key] = stored or new
    return out


def _word(key: str) -> str:
    return {"phone": t("phone number"), "email": t("e-mail address"), "address": t("address")}[key]


def create_many(conn: sqlite3.Connection, people: list[dict[str, Any]]) -> list[int]:
    """New professionals (name, organisation, contact details checked) in one executemany;
    their ids in order."""
    if not people:
        return []
    stamp = clock.timestamp()
    return insert_rows(
        conn,
        "professional",
        "INSERT INTO professional (name, organisation, phone, email, address, created, updated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(*(person.get(key) for key in SHARED), stamp, stamp) for person in people],
    )


def attach(conn: sqlite3.Connection, records: list[dict[str, Any]], index: Index) -> None:
    """Give each team record (with `professional_id` from its Decision: an id, a pending
    negative id, or None for new) its professional: new ones are created, and the record's
    name, organisation and contact details become the professional's."""
    pending_ids = create_many(conn, index.pending)
    real = {p["id"]: new for p, new in zip(index.pending, pending_ids, strict=True)}
    for person, new in zip(index.pending, pending_ids, strict=True):
        index.by_id.pop(person["id"], None)
        person["id"] = new
        index.by_id[new] = person
    index.pending = []
    given = [r.get("professional_id") for r in records]
    if None in given:
        fresh = [r for r, known in zip(records, given, strict=True) if known is None]
        for record, new in zip(fresh, create_many(conn, fresh), strict=True):
            record["professional_id"] = new
        given = [r["professional_id"] for r in records]
    found: list[Any] = list(map(real.get, given, given))  # a pending id becomes the new one
    # Each professional's shared fields once, as a dict a record is updated from in one call.
    stored = {
        row["id"]: dict(zip(SHARED, _shared(row), strict=True)) for row in by_ids(conn, set(found))
    }
    for record, known in zip(records, found, strict=True):
        record["professional_id"] = known
        record.update(stored[known])


def fill_missing(conn: sqlite3.Connection, records: list[dict[str, Any]]) -> None:
    """Contact details that records (checked with `merged`) add to professionals who lacked
    them; the records then carry the professional's details."""
    stored = {row["id"]: dict(row) for row in by_ids(conn, [r["professional_id"] for r in records])}
    changes = []
    for record in records:
        known = stored[record["professional_id"]]
        contact = merged(known, record)
        diff = {key: (known[key], contact[key]) for key in CONTACT if known[key] != contact[key]}
        if diff:
            changes.append((known["id"], diff))
            known.update(contact)
    update_shared(conn, changes)


# --- the address book itself -------------------------------------------------------------


def name_text(value: Any) -> str:
    """A person's name as stored (a professional, a team or network member): checked text,
    not empty."""
    name = check_text(str(value or "").strip(), "name")
    if not name:
        raise InvalidInput(
            field="name", problem=t("the name is empty"), fix=t("give the person's name")
        )
    return name


def clean(values: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """A professional's name, organisation and contact details, checked."""
    out: dict[str, Any] = {}
    if "name" in values or not partial:
        out["name"] = name_text(values.get("name"))
    if "organisation" in values or not partial:
        org = values.get("organisation")
        out["organisation"] = check_text(str(org or "").strip(), "organisation") or None
    out.update(clean_contacts({k: values[k] for k in CONTACT if k in values}, partial=partial))
    return out


def find(conn: sqlite3.Connection, text: str) -> sqlite3.Row:
    """A professional by id, or by a name (or its beginning, any case and accent) that only
    one has."""
    from efter.core.names import matches, words

    key = text.strip()
    if is_id(key):
        row = conn.execute("SELECT * FROM professional WHERE id = ?", (int(key),)).fetchone()
        if row is None:
            raise NotFound(
                t("Nobody in the address book has the id {id}: see 'efter person list'.", id=key)
            )
        return row
    query = words(key)
    found = [
        row
        for row in conn.execute("SELECT * FROM professional ORDER BY id")
        if matches(query, row["name"])
    ]
    exact = [row for row in found if same_key(row["name"]) == same_key(key)]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]
    if not found:
        raise NotFound(
            t("Nobody in the address book is called '{name}': see 'efter person list'.", name=key)
        )
    listed = "; ".join(describe_candidate(row) for row in found)
    raise InvalidInput(
        t("'{name}' could be several people: {listed}. Give the id instead.", name=key,
          listed=listed)
    )  # fmt: skip


def list_people(conn: sqlite3.Connection, today: str) -> list[dict[str, Any]]:
    """Everyone in the address book, by name, with how many cases they sit on now."""
    rows = conn.execute(
        "SELECT p.*, count(m.id) FILTER (WHERE m.ended IS NULL OR m.ended > ?) AS current, "
        "count(m.id) AS cases FROM professional p LEFT JOIN member m ON m.professional_id = p.id "
        f"GROUP BY p.id ORDER BY {names.order_by(conn, 'p.name')}, p.id",
        (today,),
    )
    return [describe(row) | {"cases": row["current"], "cases_ever": row["cases"]} for row in rows]


def describe(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], **{key: row[key] for key in SHARED}}


def cases_of(conn: sqlite3.Connection, person_id: int, today: str) -> list[dict[str, Any]]:
    """The cases a professional sits on (and has sat on), with their role on each."""
    from efter.core import vocab

    rows = conn.execute(
        "SELECT m.id, m.youth_id, m.role, m.started, m.ended, y.name AS youth_name, "
        "y.ref AS youth_ref FROM member m JOIN youth y ON y.id = m.youth_id "
        "WHERE m.professional_id = ? ORDER BY m.ended IS NOT NULL, y.name, m.id",
        (person_id,),
    ).fetchall()
    audit.viewed(row["youth_id"] for row in rows)
    return [
        {
            "member_id": row["id"],
            "youth_id": row["youth_id"],
            "youth": row["youth_name"],
            "ref": row["youth_ref"],
            "role": row["role"],
            "role_label": vocab.label(vocab.TEAM_ROLES, row["role"]),
            "from": row["started"],
            "to": row["ended"],
            "active": row["ended"] is None or row["ended"] > today,
        }
        for row in rows
    ]


def edit(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    values: dict[str, Any],
    *,
    recorded_by_caller: int | None = None,
) -> tuple[dict[str, tuple[Any, Any]], list[int]]:
    """Change a professional's name, organisation or contact details on every case they sit
    on ('' clears all but the name). Returns what changed and the team member ids it changed;
    each of those members' histories gets the change (but `recorded_by_caller`'s, whose
    caller records it with its other changes)."""
    given = {key: value for key, value in values.items() if value is not None}
    if not given:
        raise nothing_to_change("name", "organisation", "phone", "email", "address")
    changes = clean(given, partial=True)
    diff = {key: (row[key], new) for key, new in changes.items() if row[key] != new}
    members = conn.execute(
        "SELECT id, youth_id FROM member WHERE professional_id = ? ORDER BY id", (row["id"],)
    ).fetchall()
    if diff:
        from efter.core.edits import record

        update_shared(conn, [(row["id"], diff)])
        for member in members:
            if member["id"] != recorded_by_caller:
                record(conn, member["youth_id"], "member", member["id"], diff)
        audit.viewed(member["youth_id"] for member in members)
    return diff, [member["id"] for member in members]


def update_shared(
    conn: sqlite3.Connection, changes: list[tuple[int, dict[str, tuple[Any, Any]]]]
) -> None:
    """The one way professionals' shared fields change ('efter person edit', a team member's
    edit, import --update of team members): (professional id, {field: (old, new)})."""
    update_rows(conn, "professional", new_values(changes), stamped=True)


def adopt(
    conn: sqlite3.Connection, records: list[dict[str, Any]]
) -> list[tuple[int, dict[str, Any]]]:
    """Team members arriving without a professional (a case bundle from another case file)
    join this file's address book before they are written: the same name and organisation as
    exactly one professional makes them that person when no detail disagrees; anyone else
    becomes a new professional. Never asks. For each record (a team member's name,
    organisation and contact details, in the order of the members' ids) the professional's
    id and details, which the member is written with.

    The members are taken in order, as if added one by one (a later member can be a person
    an earlier one brought, and add details to them), but decided in memory and written in
    two batches: the details people already in the book gain, and the new people (a bundle's
    2,000 team members: 100 ms of CPU with a look-up, a write and an update of the member
    each, 20 ms this way)."""
    if not records:
        return []
    index = Index.load(conn)
    top = max(index.by_id, default=0)  # above it: people this adoption brings (ids to come)
    new: list[dict[str, Any]] = []
    before: dict[int, dict[str, Any]] = {}  # people in the book whose details change, as stored
    chosen: list[dict[str, Any]] = []
    for given in records:
        record: dict[str, Any] = {key: given.get(key) for key in SHARED}
        sure, _ = candidates(index, record["name"], record["organisation"])
        try:
            contact = merged(sure, record) if sure is not None and sure["id"] > 0 else None
        except InvalidInput:
            contact = None
        if sure is not None and contact is not None:
            if any(sure[key] != contact[key] for key in CONTACT):
                if sure["id"] <= top:
                    before.setdefault(sure["id"], dict(sure))
                sure.update(contact)
            person = sure
        else:
            person = {**record, "id": top + len(new) + 1}
            new.append(person)
            index.add(person)
        chosen.append(person)
    update_shared(
        conn,
        [
            (person_id, {key: (old[key], index.by_id[person_id][key]) for key in CONTACT})
            for person_id, old in before.items()
        ],
    )
    for person, person_id in zip(new, create_many(conn, new), strict=True):
        person["id"] = person_id
    return [(person["id"], {key: person[key] for key in SHARED}) for person in chosen]
