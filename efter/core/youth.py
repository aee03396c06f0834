"""Young people: validate, store, find, list, close and reopen."""

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any

from efter.core import audit, clock, contacts, cpr, names, rules, vocab
from efter.core.casefile import ids_param, insert_rows, update_columns, update_ids, update_rows
from efter.core.dates import age_on, birthday, iso_as_given, not_before, parse_date
from efter.core.errors import Conflict, InvalidInput, NotFound, UsageMistake, phrase
from efter.core.i18n import N_, day_text, t
from efter.core.text import check as check_text
from efter.core.text import is_id

# Stored fields a user sets, in display order; the names are the import column names too.
FIELDS = (
    "ref", "name", "born", "cpr", "municipality", "home_municipality", "legal_basis",
    "placed_from", "placement_site", "housing", "programme", "cohort", "coordinator", "start",
    "note", "phone", "email", "address",
)  # fmt: skip
TEXT_FIELDS = (
    "ref", "name", "municipality", "home_municipality", "placement_site",
    "programme", "cohort", "coordinator", "note",
)  # fmt: skip


class Youth:
    """A young person's stored row; its columns read as attributes (youth.name).

    A plain class, not a dataclass: every command loads this module, and making a dataclass
    costs more at start-up than the whole class is worth."""

    __slots__ = ("row",)

    def __init__(self, row: sqlite3.Row) -> None:
        self.row = row

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Youth) and tuple(self.row) == tuple(other.row)

    __hash__ = None  # type: ignore[assignment]

    def __getattr__(self, name: str) -> Any:
        return self.row[name]

    @property
    def label(self) -> str:
        return f"{self.row['name']} (id {self.row['id']})"


def _text(value: object, field: str | None = None) -> str | None:
    if value is None:
        return None
    text = value.strip() if type(value) is str else str(value).strip()
    if not text.isprintable():  # nearly every value is: nothing for check() to refuse
        text = check_text(text, field, lines=field == "note")
    if field == "ref" and cpr.looks_like(text):
        # Some municipalities build case numbers from CPR numbers; the ref is shown everywhere.
        raise InvalidInput(
            field="ref",
            problem=t(
                "the ref has the shape of a CPR number (ten digits, with or without a dash), and "
                "efter shows the ref everywhere (lists, documents, calendars)"
            ),
            fix=t("give the case number without a CPR number in it"),
        )
    return text or None


def clean(values: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Check and normalise user input for the fields given. Raises InvalidInput.

    With partial=True only the given fields are checked (an edit); born/cpr consistency
    and the age rule are checked by the caller on the merged record.
    """
    out = _texts(values)
    contact = {field: values[field] for field in contacts.FIELDS if field in values}
    if contact:
        out.update(contacts.clean(contact, partial=True))
    for field in _DAYS:
        if field in values:
            out[field] = _day(field, values[field], partial=partial)
    if "cpr" in values:
        out["cpr"] = _cpr(values["cpr"])
    if "legal_basis" in values:
        text = _text(values["legal_basis"], "legal_basis")
        out["legal_basis"] = (
            vocab.lookup(vocab.LEGAL_BASES, text, "legal basis", "legal_basis").code
            if text
            else None
        )
    if "housing" in values:
        text = _text(values["housing"], "housing")
        out["housing"] = (
            vocab.lookup(vocab.HOUSING_FORMS, text, "housing form", "housing").code
            if text
            else None
        )
    return out


def clean_one(field: str, value: Any) -> Any:
    """One field as clean() cleans it in a whole record (no rule of clean() looks at two
    fields: check_record() has those): what an import works out once per distinct value of
    a column. A text field skips the rest of clean() (100,000 refs and names: 0.2 s)."""
    if field in TEXT_FIELDS:
        return _texts({field: value})[field]
    if field in _DAYS:  # as clean() cleans them, without the rest of it
        return _day(field, value)
    if field == "cpr":
        return _cpr(value)
    return clean({field: value})[field]


_DAYS = ("born", "start", "placed_from")


def _day(field: str, value: Any, *, partial: bool = False) -> str | None:
    """A day of _DAYS as stored (YYYY-MM-DD). Left empty: no birth date or placement, the
    start today; in an edit (`partial`) a birth or start date cannot be emptied."""
    text = _text(value, field)
    if text is not None:
        return parse_date(text, field=field).isoformat()
    if field == "placed_from" or (field == "born" and not partial):
        return None
    if field == "start" and not partial:
        return clock.today().isoformat()
    what = "birth date" if field == "born" else "start date"
    raise InvalidInput(
        field=field, problem=t("the {what} is empty", what=what), fix=t("give a date")
    )


def _cpr(value: Any) -> str | None:
    text = _text(value, "cpr")
    return cpr.parse_cpr(text)[0] if text else None


# The text fields clean_one() gives back as they are when they are printable, with no space
# around them: every one but the municipalities (made their official names).
_AS_GIVEN = frozenset(TEXT_FIELDS) - {"municipality", "home_municipality"}


def as_given(field: str, values: set[str], *, empty: bool) -> bool:
    """Whether clean_one(field, value) is each of these values itself (a column's distinct
    values, none of them empty), and None for an empty one (`empty`: some row leaves the field
    empty): a text field's printable values with no space around them, as _text() gives them
    back, but a ref shaped like a CPR number and an empty name, which clean_one() refuses.
    Asked in C of a whole column (an import's 10,000 refs and names), not value by value.
    A day (born, start, placed_from) each written as YYYY-MM-DD too (dates.iso_as_given), but
    an empty start, which is today."""
    if field in _DAYS:
        return not (empty and field == "start") and iso_as_given(values)
    if field not in _AS_GIVEN or (empty and field == "name") or "" in values:
        return False
    if not {str}.issuperset(map(type, values)) or not all(map(str.isprintable, values)):
        return False
    if not all(map(str.__eq__, values, map(str.strip, values))):
        return False
    # Values joined by line breaks: no CPR number's shape reaches across one (cpr._ANYWHERE)
    return field != "ref" or not cpr.looks_like("\n".join(values))


def _texts(values: dict[str, Any]) -> dict[str, Any]:
    """The text fields of `values` (TEXT_FIELDS) as clean() takes them: trimmed, checked,
    a name not empty, the municipalities by their official names."""
    out: dict[str, Any] = {}
    for field in TEXT_FIELDS:
        if field in values:
            out[field] = _text(values[field], field)
    if "name" in out and not out["name"]:
        raise InvalidInput(
            field="name", problem=t("the name is empty"), fix=t("give the young person's name")
        )
    _municipalities(out)
    return out


@lru_cache(maxsize=1)
def _official() -> Any:
    """efter.core.municipalities.official, imported on first use only (the list of 98 is not
    needed to start), and then once: an import runs _municipalities() once per row."""
    from efter.core.municipalities import official

    return official


def _municipalities(out: dict[str, Any]) -> None:
    """--municipality and --home-municipality become one of the 98 official names."""
    if not (out.get("municipality") or out.get("home_municipality")):
        return
    official = _official()
    for field in ("municipality", "home_municipality"):
        if out.get(field):
            out[field] = official(out[field], field)


def check_record(
    record: dict[str, Any],
    *,
    force: bool,
    basis_force: bool | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Rules on the whole record: born agrees with the CPR number, age 15-23 at start, the
    placement starts after birth, and no legal basis under the repealed Serviceloven for a
    case or placement starting in 2024 or later (unless forced: `basis_force`, default
    `force`; recorded as basis_forced). `today` is the clock's (an import reads it once, not
    once a row: 100,000 rows, 120 ms)."""
    if record.get("cpr"):
        cpr_born = cpr.parse_cpr(record["cpr"])[1].isoformat()
        if record.get("born") is None:
            record["born"] = cpr_born
        elif record["born"] != cpr_born:
            raise InvalidInput(
                field="cpr",
                problem=t("the birth date does not match the date in the CPR number"),
                fix=t("correct the CPR number or the birth date"),
            )
    if record.get("born") is None:
        raise InvalidInput(
            field="born",
            problem=t("the birth date is missing"),
            fix=t("give it (or the CPR number, which holds it)"),
        )
    born = date.fromisoformat(record["born"])
    start = date.fromisoformat(record["start"])
    if born > (today or clock.today()):
        raise InvalidInput(
            field="born", problem=t("the birth date lies in the future"), fix=t("correct it")
        )
    if not rules.age_allowed(born, start):
        if not force:
            raise InvalidInput(
                field="born",
                problem=t(
                    "the young person would be {age_on} on the start date {start}, and efter takes "
                    "young people aged {min_age}-{max_age}",
                    age_on=age_on(born, start),
                    start=day_text(start),
                    min_age=rules.MIN_AGE,
                    max_age=rules.MAX_AGE,
                ),
                fix=phrase(
                    "check the birth date and the start date, or add {force} to enrol anyway",
                    "force",
                ),
            )
        record["age_forced"] = 1
    else:
        record["age_forced"] = 0
    check_basis(record, force=force if basis_force is None else basis_force)
    return record


def check_basis(record: dict[str, Any], *, force: bool) -> None:
    """The placement's start lies after birth; an old legal basis (Serviceloven §§ 52, 76)
    only for what started before 1 January 2024, unless forced (recorded as basis_forced)."""
    placed = record.get("placed_from")
    if placed and placed < record["born"]:
        raise InvalidInput(
            field="placed_from",
            problem=t(
                "the placement start {placed} is before the birth date {born}",
                placed=placed,
                born=record["born"],
            ),
            fix=t("correct it"),
        )
    starts = date.fromisoformat(placed or record["start"])
    # Worded only when it is refused (an import checks 10,000 records, many forced)
    old = rules.old_basis(record.get("legal_basis"), starts)
    if old and not force:
        what = N_("the placement") if placed else N_("the case")
        problem = rules.old_basis_problem(record.get("legal_basis"), starts, what)
        assert problem is not None  # old_basis() said so
        raise problem
    record["basis_forced"] = int(old)


def add(conn: sqlite3.Connection, values: dict[str, Any], *, force: bool = False) -> int:
    record = clean({field: values.get(field) for field in FIELDS})
    check_record(record, force=force)
    _check_programme(conn, record)
    _check_ref_free(conn, record.get("ref"), None)
    record["cpr_forced"] = check_cpr_free(conn, record.get("cpr"), None, force=force)
    new_id = insert_many(conn, [record])[0]
    audit.changed([new_id])
    return new_id


def _check_programme(conn: sqlite3.Connection, record: dict[str, Any]) -> None:
    """A programme on file is written as it is spelled there; a near spelling of one is
    refused ("did you mean"); a new name becomes a programme when the record is written."""
    if record.get("programme"):
        from efter.core import programmes

        record["programme"] = programmes.spelling(conn, record["programme"])


def _follow_programmes(
    conn: sqlite3.Connection,
    items: list[tuple[int, str | None, str | None, str]],
    *,
    new: bool = False,
) -> None:
    if items:
        from efter.core import programmes

        programmes.follow_youth(conn, items, new=new)


def cpr_owner(conn: sqlite3.Connection, number: str | None, own_id: int | None) -> Any:
    """Another young person (id, name) who has this CPR number, or None."""
    if not number:
        return None
    return conn.execute(
        "SELECT id, name FROM youth WHERE cpr = ? AND id IS NOT ? ORDER BY id LIMIT 1",
        (number, own_id),
    ).fetchone()


def same_cpr(other: str) -> Conflict:
    """The error for a CPR number already on `other` (never the number itself)."""
    return Conflict(
        field="cpr",
        problem=t(
            "the CPR number is already on {other}, and one CPR number belongs to one young person",
            other=other,
        ),
        fix=phrase(
            "check it, or add {force} if they really share it (the record says so)", "force"
        ),
    )


def check_cpr_free(
    conn: sqlite3.Connection, number: str | None, own_id: int | None, *, force: bool
) -> int:
    """Refuse a CPR number another young person has, unless forced; 1 when it was forced."""
    row = cpr_owner(conn, number, own_id)
    if row is None:
        return 0
    if not force:
        raise same_cpr(f"{row['name']} (id {row['id']})")
    return 1


STORED = (*FIELDS, "age_forced", "cpr_forced", "basis_forced")
# The statutory dates stored with each young person (m024_statutory_dates): the stamp, then
# the dates, computed by rules.stored_dates from the birth date and the placement's start.
DATED = (rules.STORED_STAMP, *rules.STORED_DATES)
_INSERT = (
    f"INSERT INTO youth ({', '.join(STORED)}, {', '.join(DATED)}, created, updated) "
    f"VALUES ({', '.join('?' for _ in (*STORED, *DATED))}, ?, ?)"
)


def insert_many(conn: sqlite3.Connection, records: list[dict[str, Any]]) -> list[int]:
    """The one way young people are stored (add, import): records that clean() and
    check_record() passed, whose refs are free and with cpr_forced set, in one executemany.
    Returns the new ids in the order given."""
    if not records:
        return []
    stamp = clock.timestamp()
    # The dates depend on the birth date and the placement's start alone: worked out once per
    # pair (100,000 young people of an import have some 4,000 birth dates: 87 -> 6 ms).
    pairs: dict[tuple[str, str | None], tuple[str, ...]] = {}

    def dated(born: str, placed_from: str | None) -> tuple[str, ...]:
        found = pairs.get((born, placed_from))
        if found is None:
            found = pairs[born, placed_from] = rules.stored_dates(born, placed_from)
        return found

    ids = insert_rows(
        conn,
        "youth",
        _INSERT,
        [
            (*map(record.get, STORED), *dated(record["born"], record.get("placed_from")),
             stamp, stamp)
            for record in records
        ],
    )  # fmt: skip
    # Joining the programme named (efter.core.programmes), from the case's start.
    _follow_programmes(
        conn,
        [
            (new_id, record.get("programme"), record.get("cohort"), record["start"])
            for new_id, record in zip(ids, records, strict=True)
            if record.get("programme") or record.get("cohort")
        ],
        new=True,
    )
    return ids


_STALE_DATES = (
    f"FROM youth y WHERE {rules.STORED_STAMP} IS NULL "
    f"OR {rules.STORED_STAMP} <> {rules.STORED_STAMP_SQL.format(y='y.')}"
)


def stale_dates(conn: sqlite3.Connection) -> int:
    """How many young people's stored statutory dates are missing or out of date (reports
    work theirs out from the rules each time): what store_dates would store."""
    return int(conn.execute(f"SELECT count(*) {_STALE_DATES}").fetchone()[0])


def store_dates(conn: sqlite3.Connection) -> int:
    """Store the statutory dates (DATED) of every young person whose stored dates are missing
    or were computed from another birth date or placement (rules.STORED_STAMP_SQL): for rows
    written by something other than insert_many/update_many (`efter doctor --fix`). Returns
    how many."""
    stale = conn.execute(f"SELECT id, born, placed_from {_STALE_DATES}").fetchall()
    update_rows(
        conn,
        "youth",
        [
            (youth_id, dict(zip(DATED, rules.stored_dates(born, placed), strict=True)))
            for youth_id, born, placed in stale
        ],
    )
    return len(stale)


def update_many(
    conn: sqlite3.Connection,
    changes: list[tuple[int, dict[str, tuple[Any, Any]], dict[str, Any]]],
    *,
    on: date | None = None,
) -> None:
    """The one way young people are changed (edit, import --update, handover): for each (id,
    {field: (old, new)}, record) the changed fields, the record's forced flags and the time;
    one executemany per set of changed fields. A new coordinator goes into the coordinator
    history (m018_handover), dated the day it is made (`on`, or today)."""
    today = clock.today().isoformat()
    made = on.isoformat() if on is not None else today
    values: list[tuple[int, dict[str, Any]]] = []
    history: list[tuple[int, str | None, str | None, str]] = []
    joined: list[tuple[int, str | None, str | None, str]] = []
    for youth_id, diff, record in changes:
        if not diff:
            continue
        forced = {flag: record[flag] for flag in ("age_forced", "cpr_forced", "basis_forced")}
        values.append((youth_id, {field: new for field, (_, new) in diff.items()} | forced))
        born, placed = record.get("born"), record.get("placed_from")
        if ("born" in diff or "placed_from" in diff) and born:  # the dates move with them
            # (a record without its birth date leaves them: their stamp then says whose they
            # were, and a report computes this young person's from the row)
            values[-1][1].update(zip(DATED, rules.stored_dates(born, placed), strict=True))
        if "coordinator" in diff and diff["coordinator"][1]:
            history.append((youth_id, *diff["coordinator"], made))
        if ("programme" in diff or "cohort" in diff) and (
            record.get("programme") or record.get("cohort")
        ):
            # Joining a programme named now, from today (or the case's start, if later).
            joined.append(
                (youth_id, record.get("programme"), record.get("cohort"),
                 max(today, record["start"] or today))
            )  # fmt: skip
    update_rows(conn, "youth", values, stamped=True)
    coordinators_changed(conn, history)
    _follow_programmes(conn, joined)


def programme_named(conn: sqlite3.Connection, names: Iterable[tuple[int, str]]) -> None:
    """The programme a young person's record names, as efter.core.programmes keeps it (the
    first one joined, a programme's new name): for each (youth id, the name) with the time."""
    update_rows(conn, "youth", ((i, {"programme": name}) for i, name in names), stamped=True)


def coordinators_changed(
    conn: sqlite3.Connection, changes: Iterable[tuple[int, str | None, str | None, str]]
) -> None:
    """The coordinator history (m018_handover), the one way it is kept (youth edit, import
    --update, youth handover): (youth id, previous, new coordinator, the day it changed)."""
    stamp = clock.timestamp()
    conn.executemany(
        "INSERT INTO coordinator_change (youth_id, previous, coordinator, changed_on, created) "
        "VALUES (?, ?, ?, ?, ?)",
        ((*change, stamp) for change in changes),
    )


def edit(
    conn: sqlite3.Connection, youth: Youth, values: dict[str, Any], *, force: bool = False
) -> dict[str, tuple[Any, Any]]:
    """Change the given fields; returns {field: (old, new)} for those that changed."""
    changes = clean(values, partial=True)
    if not changes:
        raise UsageMistake(
            problem=t("nothing to change"),
            fix=phrase("give at least one option, such as {name} or {ref}", "name", "ref"),
        )
    _check_programme(conn, changes)
    record = {field: youth.row[field] for field in FIELDS}
    record.update(changes)
    if "cpr" in changes and changes["cpr"] and "born" not in changes:
        record["born"] = None  # take the birth date from the new CPR number
    # An old legal basis already on file stays until its basis or dates change.
    basis_same = all(
        record[field] == youth.row[field] for field in ("legal_basis", "start", "placed_from")
    )
    check_record(
        record,
        force=force or bool(youth.row["age_forced"]),
        basis_force=force or basis_same or bool(youth.row["basis_forced"]),
    )
    if basis_same and not force:
        record["basis_forced"] = youth.row["basis_forced"]
    _check_ref_free(conn, record.get("ref"), youth.row["id"])
    if "cpr" in changes and changes["cpr"] != youth.row["cpr"]:
        cpr_forced = check_cpr_free(conn, record["cpr"], youth.row["id"], force=force)
    else:
        cpr_forced = youth.row["cpr_forced"]
    diff = {
        field: (youth.row[field], record[field])
        for field in FIELDS
        if record[field] != youth.row[field]
    }
    update_many(conn, [(youth.id, diff, {**record, "cpr_forced": cpr_forced})])
    return diff


def _check_ref_free(conn: sqlite3.Connection, ref: str | None, own_id: int | None) -> None:
    if not ref:
        return
    row = conn.execute("SELECT id, name FROM youth WHERE ref = ?", (ref,)).fetchone()
    if row and row["id"] != own_id:
        raise Conflict(
            field="ref",
            problem=t(
                "the ref '{ref}' is already used by {name} (id {id})",
                ref=ref,
                name=row["name"],
                id=row["id"],
            ),
            fix=t("give a different one"),
        )


def find(conn: sqlite3.Connection, text: str) -> Youth:
    """A young person by id, by ref or by name ('id:12' and 'ref:12' settle a clash; a name,
    or the start of one, only when it names one young person: see _by_name)."""
    key = text.strip()
    if key.startswith("id:"):
        rows = _by_id(conn, key[3:])
    elif key.startswith("ref:"):
        rows = conn.execute("SELECT * FROM youth WHERE ref = ?", (key[4:],)).fetchall()
    else:
        by_ref = conn.execute("SELECT * FROM youth WHERE ref = ?", (key,)).fetchall()
        by_id = _by_id(conn, key)
        if by_ref and by_id and by_ref[0]["id"] != by_id[0]["id"]:
            raise InvalidInput(
                t(
                    "'{key}' is both the id of {name} and the ref of {name2}: write id:{key} or "
                    "ref:{key}.",
                    key=key,
                    name=by_id[0]["name"],
                    name2=by_ref[0]["name"],
                )
            )
        rows = by_ref or by_id or _by_name(conn, key)
    if not rows:
        raise NotFound(
            t(
                "No young person has the id or ref '{key}': see 'efter youth list' for who is on "
                "file.",
                key=key,
            )
        )
    person = Youth(rows[0])
    audit.viewed([person.id])
    return person


def find_many(conn: sqlite3.Connection, texts: Iterable[str]) -> list[Youth]:
    """find() for each of several ids, refs or names, in the order given (each once)."""
    found: dict[int, Youth] = {}
    for text in texts:
        person = find(conn, text)
        found.setdefault(person.id, person)
    return list(found.values())


AMBIGUOUS_SHOWN = 10


def _by_name(conn: sqlite3.Connection, key: str) -> list[sqlite3.Row]:
    """The one young person whose name `key` names (each word the start of a word of the
    name, any case or accent, æ/ø/å or ae/oe/aa); a sentence listing them when several do.

    Names are compared in Python (efter.core.names): a case file holds hundreds, at most
    some thousands, of young people, read in one query (no search structure to keep)."""
    from efter.core import names

    wanted = names.words(key)
    if not wanted:
        return []
    hits = sorted(
        (
            row
            for row in conn.execute("SELECT id, ref, name FROM youth")
            if names.matches(wanted, row["name"])
        ),
        key=lambda row: (names.order_key(row["name"]), row["id"]),
    )
    if len(hits) > 1:  # a whole name typed out wins over the longer names it begins
        whole = [row for row in hits if names.words(row["name"]) == wanted]
        hits = whole if len(whole) == 1 else hits
    if len(hits) > 1:
        listed = "; ".join(
            t("{name} (ref {ref})", name=row["name"], ref=row["ref"])
            if row["ref"]
            else t("{name} (id {id})", name=row["name"], id=row["id"])
            for row in hits[:AMBIGUOUS_SHOWN]
        )
        more = len(hits) - AMBIGUOUS_SHOWN
        listed += t(" and {n} more", n=more) if more > 0 else ""
        raise InvalidInput(
            t(
                "'{key}' names {hits_count} young people: {listed}. Give the ref or the id instead.",
                key=key,
                hits_count=len(hits),
                listed=listed,
            )
        )
    if not hits:
        return []
    return conn.execute("SELECT * FROM youth WHERE id = ?", (hits[0]["id"],)).fetchall()


def _by_id(conn: sqlite3.Connection, text: str) -> list[sqlite3.Row]:
    if not is_id(text):
        return []
    return conn.execute("SELECT * FROM youth WHERE id = ?", (int(text),)).fetchall()


def refs_like_numbers(conn: sqlite3.Connection) -> list[str]:
    """Refs a spreadsheet may have changed: with a leading zero, or digits joined by - . or /
    (read as a number or a date)."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT ref FROM youth WHERE ref GLOB '0[0-9]*' OR ref GLOB '[0-9]*[-./][0-9]*'"
        )
    ]


def all_ids(conn: sqlite3.Connection) -> list[int]:
    """Every young person's id, closed cases included, in order."""
    return [row[0] for row in conn.execute("SELECT id FROM youth ORDER BY id")]


def of_record(conn: sqlite3.Connection, record: sqlite3.Row) -> Youth:
    """The young person a record (a meeting, an agreement, a goal: its youth_id) belongs to."""
    return Youth(conn.execute("SELECT * FROM youth WHERE id = ?", (record["youth_id"],)).fetchone())


def by_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Youth]:
    """The young people with these ids, in one query (for describing many rows at once)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {
        row["id"]: Youth(row)
        for row in conn.execute(
            "SELECT * FROM youth WHERE id IN (SELECT value FROM json_each(?))",
            (ids_param(wanted),),
        )
    }


def list_youth(
    conn: sqlite3.Connection,
    *,
    status: str | None = "active",
    coordinator: str | None = None,
    programme: str | None = None,
    municipality: str | None = None,
    cohort: str | None = None,
    limit: int | None = None,
) -> list[Youth]:
    """Young people by name (then id); the first `limit` of them when a limit is given."""
    return list(
        iter_youth(
            conn,
            status=status,
            coordinator=coordinator,
            programme=programme,
            municipality=municipality,
            cohort=cohort,
            limit=limit,
        )
    )


def iter_youth(
    conn: sqlite3.Connection,
    *,
    status: str | None = "active",
    coordinator: str | None = None,
    programme: str | None = None,
    municipality: str | None = None,
    cohort: str | None = None,
    limit: int | None = None,
) -> Iterator[Youth]:
    """list_youth() one at a time, as read (a long --json list streams)."""
    where, params = _filters(status, coordinator, programme, municipality, cohort)
    order = f" ORDER BY {names.order_by(conn, 'name')}, id"
    if limit is None:
        sql = "SELECT * FROM youth" + where + order
    else:  # a page: its ids sorted from an index that holds the names, then its rows read
        page = f"SELECT id FROM youth{where}{order} LIMIT {int(limit)}"
        sql = f"SELECT * FROM youth WHERE id IN ({page}){order}"
    return (Youth(row) for row in conn.execute(sql, params))


def count_youth(
    conn: sqlite3.Connection,
    *,
    status: str | None = "active",
    coordinator: str | None = None,
    programme: str | None = None,
    municipality: str | None = None,
    cohort: str | None = None,
) -> int:
    where, params = _filters(status, coordinator, programme, municipality, cohort)
    return int(conn.execute("SELECT count(*) FROM youth" + where, params).fetchone()[0])


def _filters(
    status: str | None,
    coordinator: str | None,
    programme: str | None,
    municipality: str | None,
    cohort: str | None,
) -> tuple[str, list[str]]:
    where, params = [], []
    if status:
        where.append("status = ?")
        params.append(status)
    for column, value in (
        ("coordinator", coordinator),
        ("cohort", cohort),
    ):
        if value:
            where.append(f"{column} = ? COLLATE NOCASE")
            params.append(value)
    if programme:
        # Everyone with a period in the programme (efter.core.programmes), in any case.
        from efter.core.programmes import key

        where.append(
            "id IN (SELECT pp.youth_id FROM programme_period AS pp JOIN programme AS p "
            "ON p.id = pp.programme_id WHERE p.key = ?)"
        )
        params.append(key(programme))
    if municipality:
        # The official name, and the value as typed (a name stored before names were checked).
        from efter.core.municipalities import find

        where.append("(municipality = ? COLLATE NOCASE OR municipality = ? COLLATE NOCASE)")
        params += [municipality, find(municipality) or municipality]
    return (" WHERE " + " AND ".join(where) if where else ""), params


def close(conn: sqlite3.Connection, youth: Youth, on: date, outcome: str) -> None:
    if youth.status == "closed":
        raise Conflict(
            t(
                "The case of {label} is already closed (on {closed}).",
                label=youth.label,
                closed=day_text(youth.closed),
            )
        )
    code = check_closing(youth.start, on, outcome)
    close_many(conn, [(youth.id, on.isoformat(), code)])


_CLOSING = ("status", "closed", "outcome", "updated")
_ALIKE_FROM = 16  # closings alike from which one statement writes them


def close_many(conn: sqlite3.Connection, closings: Iterable[tuple[int, str, str | None]]) -> None:
    """The one way cases are closed (close, import of closed cases): for each (youth id,
    closing day as YYYY-MM-DD, outcome code checked by check_closing; None only for a case
    closed before with no outcome recorded, which an import keeps so). The cases closed on
    one day with one outcome (an import's thousands, most often) in one statement each
    (casefile.update_ids), the rest in one executemany."""
    closings = list(closings)
    stamp = clock.timestamp()
    alike: dict[tuple[str, str | None], list[int]] = {}
    one_by_one: list[tuple[int, str, str | None]] = []
    if len({youth_id for youth_id, _, _ in closings}) == len(closings):  # each case once
        for youth_id, day, outcome in closings:
            alike.setdefault((day, outcome), []).append(youth_id)
    else:  # a case closed twice: the last closing wins, in the order given
        one_by_one = closings
    for (day, outcome), ids in alike.items():
        if len(ids) >= _ALIKE_FROM:
            update_ids(conn, "youth", _CLOSING, ("closed", day, outcome, stamp), ids)
        else:
            one_by_one += [(youth_id, day, outcome) for youth_id in ids]
    if one_by_one:
        update_columns(
            conn, "youth", _CLOSING,
            [("closed", day, outcome, stamp, youth_id) for youth_id, day, outcome in one_by_one],
        )  # fmt: skip
    from efter.core import programmes

    # A closed case leaves its programmes on the closing day.
    programmes.close_periods(conn, [(youth_id, day) for youth_id, day, _ in closings])


def with_refs(conn: sqlite3.Connection) -> dict[str, sqlite3.Row]:
    """Every young person who has a ref, by ref (the importer's look-up of a large file)."""
    return {row["ref"]: row for row in conn.execute("SELECT * FROM youth WHERE ref IS NOT NULL")}


# What an import of young people (or of closed cases) compares of each young person on file:
# the stored fields, the case's state and the flags the rules keep.
COMPARED = (
    "id", *FIELDS, "status", "closed", "outcome", "age_forced", "basis_forced", "cpr_forced",
)  # fmt: skip


def stored_by_ref(conn: sqlite3.Connection) -> dict[str, tuple[Any, ...]]:
    """Every young person who has a ref, by ref, as a tuple of the COMPARED columns in their
    order: what an import of young people reads of everyone, each field many times (a
    sqlite3.Row looks a name up through its columns; 10,000 young people read as rows and made
    dictionaries 95 ms, as dictionaries 62-70 ms, as tuples 42 ms)."""
    reader = conn.cursor()
    reader.row_factory = None
    at = COMPARED.index("ref")
    rows = reader.execute(f"SELECT {', '.join(COMPARED)} FROM youth WHERE ref IS NOT NULL")
    return {row[at]: row for row in rows}


def ids_by_ref(conn: sqlite3.Connection) -> dict[str, int]:
    """Every young person who has a ref: their id by ref (a large import's look-up of whom
    each row belongs to, without reading the rest of the record)."""
    reader = conn.cursor()
    reader.row_factory = None  # plain pairs: a third quicker than a dict of rows
    return dict(reader.execute("SELECT ref, id FROM youth WHERE ref IS NOT NULL"))


# The fields fields_by_id() reads: the stored ones and the case's state.
_READABLE = frozenset((*FIELDS, "id", "status", "closed", "outcome"))


def fields_by_id(conn: sqlite3.Connection, names: tuple[str, ...]) -> dict[int, sqlite3.Row]:
    """Some fields of every young person (`names`, and the id), by id: what a large import's
    rules need of each young person, without reading the rest of the record."""
    unknown = set(names) - _READABLE
    if unknown:
        raise ValueError(f"not a field of a young person: {', '.join(sorted(unknown))}")
    columns = ", ".join(("id", *names))
    return {row["id"]: row for row in conn.execute(f"SELECT {columns} FROM youth")}


def field_by_id(conn: sqlite3.Connection, name: str) -> dict[int, Any]:
    """One field of every young person (`name`), by id, as plain pairs: what a large import's
    rules need of each when they need one field (10,000 young people: 4 ms, against 8 ms for
    fields_by_id()'s rows of the same field with the ref)."""
    if name not in _READABLE:
        raise ValueError(f"not a field of a young person: {name}")
    reader = conn.cursor()
    reader.row_factory = None
    return dict(reader.execute(f"SELECT id, {name} FROM youth"))


def latest_birth(conn: sqlite3.Connection) -> str | None:
    """The latest birth date on file (YYYY-MM-DD), None when nobody is: a day on or after it
    is after every young person's birth date (10,000 young people: 0.6 ms, against 4 ms to
    read everyone's birth date)."""
    found: str | None = conn.execute("SELECT max(born) FROM youth").fetchone()[0]
    return found


def by_ref(conn: sqlite3.Connection, ref: str) -> sqlite3.Row | None:
    """The young person with exactly this ref, or None (the importer's look-up)."""
    found: sqlite3.Row | None = conn.execute("SELECT * FROM youth WHERE ref = ?", (ref,)).fetchone()
    return found


def cpr_numbers(conn: sqlite3.Connection) -> list[tuple[int, str | None, str, str]]:
    """(id, ref, name, CPR number) of everyone with a CPR number, the newest first."""
    return conn.execute(
        "SELECT id, ref, name, cpr FROM youth WHERE cpr IS NOT NULL ORDER BY id DESC"
    ).fetchall()


def for_export(conn: sqlite3.Connection, *, closed: bool = False) -> Iterator[sqlite3.Row]:
    """Every young person (only the closed cases with `closed`), in ref order as an export
    lists them."""
    where = " WHERE status = 'closed'" if closed else ""
    return iter(conn.execute(f"SELECT * FROM youth{where} ORDER BY ref IS NULL, ref, id"))


def check_closing(start: str, on: date, outcome: str) -> str:
    """The rules on a closing (date not before the start, a known outcome): the outcome code."""
    not_before(on, start, "on")
    return outcome_code(outcome)


def outcome_code(outcome: str) -> str:
    """A closing's outcome as check_closing() takes it (a code, label or alias): its code
    (the importer works this out once per distinct outcome in a file)."""
    return vocab.lookup(vocab.OUTCOMES, outcome, "outcome", "outcome").code


def reopen(conn: sqlite3.Connection, youth: Youth) -> None:
    if youth.status != "closed":
        raise Conflict(
            t("The case of {label} is not closed: there is nothing to reopen.", label=youth.label)
        )
    update_rows(
        conn,
        "youth",
        [(youth.id, {"status": "active", "closed": None, "outcome": None})],
        stamped=True,
    )
    from efter.core import programmes

    programmes.reopen_periods(conn, youth.id, youth.closed)


def describe(
    youth: Youth, today: date, *, reveal_cpr: bool = False, judged: list[Any] | None = None
) -> dict[str, Any]:
    """The record as scripts see it in --json: stored fields plus what follows from them.
    `judged`: the statutory dates as core.deadlines.judged_dates gives them (with what is
    recorded as met); without it they are judged from the record alone."""
    row = youth.row
    born = date.fromisoformat(row["born"])
    eighteen = birthday(born, 18)
    upcoming: Any = None
    if judged is not None:
        upcoming = next(
            (i for i in judged if i.on >= today and i.status in ("coming", "consider")), None
        )
    else:  # the same, from the record alone (youth list calls this for every row)
        placed = date.fromisoformat(row["placed_from"]) if row["placed_from"] else None
        late = rules.placed_after_16(born, placed)
        for item in rules.statutory_dates(born, placed):
            kind = rules.applies(item.code, row["legal_basis"], placed_late=late).kind
            day = item.on.isoformat()
            if (
                kind != rules.NOT_APPLICABLE
                and item.on >= today
                and day >= row["start"]
                and not (row["closed"] and day > row["closed"])
            ):
                upcoming = rules.Judged(
                    item.code, item.on, item.label_da, item.label_en, kind,
                    "consider" if kind == rules.CONSIDER else "coming", None, None, "", "",
                )  # fmt: skip
                break
    data: dict[str, Any] = {"id": row["id"]}
    for field in FIELDS:
        data[field] = row[field]
    data["cpr"] = row["cpr"] if reveal_cpr else (cpr.mask(row["cpr"]) or None)
    data.update(
        status=row["status"],
        closed=row["closed"],
        outcome=row["outcome"],
        age_forced=bool(row["age_forced"]),
        cpr_forced=bool(row["cpr_forced"]),
        basis_forced=bool(row["basis_forced"]),
        age=age_on(born, today),
        days_until_18=(eighteen - today).days if eighteen > today else None,
        next_statutory_date=(
            {
                "code": upcoming.code,
                "date": upcoming.on.isoformat(),
                "label": upcoming.label_en,
                "status": upcoming.status,
            }
            if upcoming
            else None
        ),
    )
    return data


COMPLETIONS_SHOWN = 100


def completions(conn: sqlite3.Connection, text: str) -> list[tuple[str, str]]:
    """What a shell offers while a young person is being typed: (the ref or id to type, the
    name), for those whose ref or id begins with `text` or whose name it names as find() reads
    names; active cases first, at most COMPLETIONS_SHOWN."""
    from efter.core import names

    wanted = names.words(text)
    found: list[tuple[str, str]] = []
    rows = conn.execute(
        "SELECT id, ref, name FROM youth "
        f"ORDER BY status != 'active', {names.order_by(conn, 'name')}, id"
    )
    for row in rows:
        number = str(row["id"])
        if row["ref"] and row["ref"].startswith(text):
            found.append((row["ref"], row["name"]))
        elif number.startswith(text):
            found.append((number, row["name"]))
        elif wanted and names.matches(wanted, row["name"]):
            found.append((row["ref"] or number, row["name"]))
        else:
            continue
        if len(found) == COMPLETIONS_SHOWN:
            break
    return found
