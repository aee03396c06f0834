"""Case bundles: everything about some young people in one file that travels whole.

A bundle is an SQLite file (readable with any SQLite tool, an archival format): the case
file's own tables, created with the case file's own CREATE TABLE statements, holding only the
rows about the young people in it, plus two tables of its own:

- `manifest (key, value)`: the format, the efter version, the schema (the list of migrations
  the case file had, as JSON), when it was made, how many young people, and for a move to
  another municipality the recipient and what was left out and why;
- `manifest_part (part, rows, sha256)`: for every table (and for `manifest` itself) the number
  of rows and the SHA-256 of a canonical serialisation of them (`canonical`).

Which tables travel is worked out from the schema (`parts`), so a table another change adds is
carried by construction: every table with a `youth_id` that references `youth`, and every table
that references such a table, holds rows about a person. The settings documents need travel
whole (`REFERENCE`); what is not about a person, or is rebuilt from other rows, or is the
sending file's own log, stays (`NOT_CARRIED`). `tests/test_bundle.py` fails on a table that
is on neither list.

Import checks every part against the manifest before it writes anything, keeps ids where they
are free (else gives the table's rows new ids above the file's, in the same order) and maps
every reference, and writes everything in the command's one transaction.
"""

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from efter.core import progress
from efter.core.errors import CaseFileError, Conflict, InvalidInput, phrase
from efter.core.i18n import t

FORMAT = "efter-case-bundle/1"
PASSPHRASE_ENV = "EFTER_BUNDLE_PASSPHRASE"

# Travel whole (what the documents need): the life areas and their scale, the settings of
# `efter config`, the programme prices of the outcomes report, and the programmes and their
# cohorts (m021_programmes), which the young people's periods point at: matched on import by
# name (`KEYED`), never by id, so a programme the receiving file has is the one joined.
REFERENCE = ("life_area", "scale_step", "setting", "programme_price", "programme", "cohort")
# References into those, mapped through the matched ids: (table, column) -> table.
KEYED = {
    ("programme_period", "programme_id"): "programme",
    ("programme_period", "cohort_id"): "cohort",
}
# Stay where they are, and why.
NOT_CARRIED = {
    "migration": "the schema's own record; the manifest carries the list",
    "rating_tally": "counts over everyone, rebuilt by triggers from the ratings",
    "rating_path": "figures per young person rebuilt by triggers from the ratings",
    "agreement_count": "counts per young person rebuilt by triggers from the agreements",
    "agreement_owner_count": "counts per owner rebuilt by triggers from the agreements",
    "audit_event": "the sending case file's own log of uses; the receiver logs its own",
    "checkout": "where a case is held (the register's record, or the laptop's of where its "
    "cases came from); a checked-out case's bundle carries the case, not the hold",
    "professional": "the sending file's address book; a team member carries its professional's "
    "name and contact details, and joins the receiver's address book on import",
}
MANIFEST_TABLES = ("manifest", "manifest_part")
# References without a foreign key: (table, id column) -> the column naming the table it
# points into (edit_event, m019_journal: the history of corrections to a member, agreement,
# goal or meeting). Import maps them like foreign keys.
NAMED_REFERENCES = {("edit_event", "thing_id"): "thing"}


# --- the parts, from the schema ------------------------------------------------------------


@dataclass
class Part:
    """A table that holds rows about young people, and how its rows are found."""

    name: str
    columns: list[str]
    sql: str  # the CREATE TABLE statement
    rowid_id: bool  # an INTEGER PRIMARY KEY `id` (gets new ids on import when needed)
    order: str  # ORDER BY for the canonical order of its rows
    # (column, parent table, parent column) for every reference to another part
    refs: list[tuple[str, str, str]] = field(default_factory=list)
    where: str = ""  # the condition picking the rows of the young people in `ids`


def _tables(conn: sqlite3.Connection) -> dict[str, str]:
    return {
        row[0]: row[1]
        for row in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    }


def _columns(conn: sqlite3.Connection, table: str) -> list[sqlite3.Row]:
    return conn.execute(f'PRAGMA table_info("{table}")').fetchall()


def _foreign_keys(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, str]]:
    """(column, referenced table, referenced column) for every foreign key."""
    return [(col, parent, key) for col, parent, key, _ in foreign_keys(conn, table)]


def foreign_keys(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, str, str]]:
    """(column, referenced table, referenced column, ON DELETE action) for every foreign key."""
    out = []
    for row in conn.execute(f'PRAGMA foreign_key_list("{table}")'):
        target = row[4]
        if target is None:  # the parent's primary key
            pks = [c for c in _columns(conn, row[2]) if c[5]]
            target = pks[0][1] if pks else "rowid"
        out.append((row[3], row[2], target, row[6]))
    return out


def _order(conn: sqlite3.Connection, table: str, sql: str) -> str:
    columns = _columns(conn, table)
    if "WITHOUT ROWID" in " ".join(sql.upper().split()):
        keys = sorted((c for c in columns if c[5]), key=lambda c: c[5])
        return ", ".join(f'"{c[1]}"' for c in keys)
    if any(c[1] == "id" and c[5] == 1 and c[2].upper() == "INTEGER" for c in columns):
        return '"id"'  # the rowid itself, by its name: a register has no rowid
    return "rowid"


def _model(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Where the schema is read: the case file itself, or for a register the same schema
    in SQLite's words (the bundle is an SQLite file made with its CREATE statements)."""
    from efter.core import dialect

    model: sqlite3.Connection = dialect.of(conn).schema_model(conn)
    return model


def person_parts(conn: sqlite3.Connection) -> list[Part]:
    """The tables about a person, parents before children, each with the condition that
    picks the rows of the young people whose ids are the JSON array `:ids`."""
    conn = _model(conn)
    tables = _tables(conn)
    fks = {name: _foreign_keys(conn, name) for name in tables}
    notnull = {name: {c[1] for c in _columns(conn, name) if c[3]} for name in tables}
    tied: dict[str, str] = {"youth": "youth.id IN (SELECT value FROM json_each(:ids))"}
    changed = True
    while changed:  # a table is tied when it references a tied table (to a fixed point)
        changed = False
        for name in tables:
            if name in tied or name in NOT_CARRIED or name in REFERENCE:
                continue
            links = [(col, parent, key) for col, parent, key in fks[name] if parent in tied]
            links = [link for link in links if link[1] != name]
            if not links:
                continue
            # through a reference that is always there; a direct one to youth first
            sure = [link for link in links if link[0] in notnull[name]]
            sure.sort(key=lambda link: link[1] != "youth")
            chosen = sure[:1] or links
            tied[name] = " OR ".join(
                f'"{name}"."{col}" IN (SELECT "{parent}"."{key}" FROM "{parent}" '
                f"WHERE {tied[parent]})"
                if parent != "youth"
                else f'"{name}"."{col}" IN (SELECT value FROM json_each(:ids))'
                for col, parent, key in chosen
            )
            changed = True
    parts: dict[str, Part] = {}
    for name in tied:
        parts[name] = _part(conn, name, tables[name], fks[name], set(tied), tied[name])
    return _parents_first(parts)


def _part(
    conn: sqlite3.Connection,
    name: str,
    sql: str,
    fks: list[tuple[str, str, str]],
    tied: set[str],
    where: str,
) -> Part:
    columns = _columns(conn, name)
    rowid_id = any(c[1] == "id" and c[5] == 1 and c[2].upper() == "INTEGER" for c in columns)
    return Part(
        name=name,
        columns=[c[1] for c in columns],
        sql=sql,
        rowid_id=rowid_id and "WITHOUT ROWID" not in sql.upper(),
        order=_order(conn, name, sql),
        refs=[(col, parent, key) for col, parent, key in fks if parent in tied],
        where=where,
    )


def _parents_first(parts: dict[str, Part]) -> list[Part]:
    done: list[Part] = []
    seen: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in seen or name in path:
            return
        for _col, parent, _key in parts[name].refs:
            if parent != name:
                visit(parent, (*path, name))
        seen.add(name)
        done.append(parts[name])

    for name in sorted(parts, key=lambda n: (n != "youth", n)):
        visit(name, ())
    return done


def reference_parts(conn: sqlite3.Connection) -> list[Part]:
    conn = _model(conn)
    tables = _tables(conn)
    return [_part(conn, name, tables[name], [], set(), "") for name in REFERENCE if name in tables]


def uncovered(conn: sqlite3.Connection) -> list[str]:
    """Tables neither carried nor listed as staying: each needs a decision."""
    carried = {p.name for p in person_parts(conn)} | set(REFERENCE) | set(NOT_CARRIED)
    return [name for name in _tables(_model(conn)) if name not in carried]


# --- canonical serialisation ---------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    raise TypeError(type(value).__name__)


def canonical(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """The bytes a part's SHA-256 is taken over: UTF-8 JSON `[columns, [row, ...]]` with no
    spaces, rows in the table's key order, text as is (ensure_ascii off), a BLOB as
    {"hex": ...}. Any tool can recompute it. (The rows are lists or tuples, which JSON
    writes alike, so they are encoded as they were read, not copied.)"""
    text = json.dumps(
        [list(columns), rows],
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
        default=_json_default,
    )
    return text.encode("utf-8", "surrogatepass")


def digest(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    return hashlib.sha256(canonical(columns, rows)).hexdigest()


# --- export ---------------------------------------------------------------------------------


@dataclass
class Contents:
    """What goes into a bundle: rows per part, and the manifest's facts."""

    schema: list[str]
    parts: list[Part]
    rows: dict[str, list[tuple[Any, ...]]]
    youth_ids: list[int]
    recipient: str | None = None
    left_out: list[dict[str, Any]] = field(default_factory=list)


def settings_keys() -> set[str]:
    from efter.core.settings import SETTINGS

    return set(SETTINGS)


def _coordinators_of(parts: Sequence[Part], youths: list[tuple[Any, ...]]) -> set[str]:
    """The coordinators of the bundle's young people (their names without case)."""
    at = next(p for p in parts if p.name == "youth").columns.index("coordinator")
    return {str(row[at]).casefold() for row in youths if row[at]}


def _own_setting(key: str, coordinators: set[str]) -> bool:
    """A coordinator's own phone or e-mail ("coordinator-phone:NAME") of one of these: it
    travels with their cases (a checkout prints the same contract), no one else's does."""
    from efter.core.settings import COORDINATOR_KEYS

    prefix, _, name = key.partition(":")
    return prefix in COORDINATOR_KEYS and name.casefold() in coordinators


def gather(conn: sqlite3.Connection, youth_ids: Sequence[int]) -> Contents:
    """Every row about these young people, and the reference tables."""
    from efter.core.casefile import ids_param, recorded_migrations

    ids = ids_param(youth_ids)
    parts = person_parts(conn) + reference_parts(conn)
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for part in parts:
        columns = ", ".join(f'"{c}"' for c in part.columns)
        if part.where:
            query = f'SELECT {columns} FROM "{part.name}" WHERE {part.where} ORDER BY {part.order}'
            found = conn.execute(query, {"ids": ids}).fetchall()
        else:
            found = conn.execute(
                f'SELECT {columns} FROM "{part.name}" ORDER BY {part.order}'
            ).fetchall()
        if part.name == "setting":
            keys = settings_keys()
            theirs = _coordinators_of(parts, rows.get("youth", []))
            found = [row for row in found if row[0] in keys or _own_setting(row[0], theirs)]
        rows[part.name] = [tuple(row) for row in found]
    schema = recorded_migrations(conn)
    return Contents(schema, parts, rows, list(youth_ids))


def write(contents: Contents, path: Path, *, passphrase: str | None, replace: bool) -> None:
    """The bundle file, made beside `path` (private) and moved into place whole."""
    import secrets

    from efter import __version__
    from efter.core import clock, outfile
    from efter.core.casefile import connect, private_file

    if outfile.existing(path) and not replace:
        outfile.refuse_existing(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.efter-tmp")
    try:
        private_file(temporary)
        conn = connect(temporary, "rw", passphrase)
        try:
            conn.execute("PRAGMA foreign_keys = OFF")  # a correction points at a later row
            # The rows were checked by the case file they come from (and are checked again
            # by the one they go to); the bundle's CHECKs only doubled the time to write it.
            conn.execute("PRAGMA ignore_check_constraints = ON")
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("BEGIN")
            manifest = {
                "format": FORMAT,
                "efter": __version__,
                "schema": json.dumps(contents.schema),
                "created": clock.real_timestamp(),
                "youth": str(len(contents.youth_ids)),
            }
            if contents.recipient is not None:
                manifest["for"] = contents.recipient
                manifest["left-out"] = json.dumps(contents.left_out, ensure_ascii=False)
            conn.execute("CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.execute(
                "CREATE TABLE manifest_part (part TEXT PRIMARY KEY, rows INTEGER NOT NULL, "
                "sha256 TEXT NOT NULL)"
            )
            conn.executemany("INSERT INTO manifest VALUES (?, ?)", sorted(manifest.items()))
            sums = [("manifest", len(manifest), digest(["key", "value"], sorted(manifest.items())))]
            for part in contents.parts:
                conn.execute(part.sql)
                found = contents.rows[part.name]
                if found:
                    marks = ", ".join("?" for _ in part.columns)
                    conn.executemany(f'INSERT INTO "{part.name}" VALUES ({marks})', found)
                sums.append((part.name, len(found), digest(part.columns, found)))
            conn.executemany("INSERT INTO manifest_part VALUES (?, ?, ?)", sums)
            conn.execute("COMMIT")
        finally:
            conn.close()
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        if outfile.existing(path) and not replace:
            outfile.refuse_existing(path)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if error.errno in outfile.FULL:
            from efter.core.errors import DiskFull

            raise DiskFull(outfile.room_sentence(path)) from None
        raise
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# --- reading a bundle -----------------------------------------------------------------------


class Tampered(CaseFileError):
    """A part does not match the manifest."""


@dataclass
class Bundle:
    path: Path
    manifest: dict[str, str]
    schema: list[str]
    columns: dict[str, list[str]]  # part -> its columns in the bundle
    rows: dict[str, list[tuple[Any, ...]]]
    sums: dict[str, tuple[int, str]]  # part -> (rows, sha256) as the manifest says

    @property
    def youth(self) -> list[dict[str, Any]]:
        columns = self.columns.get("youth", [])
        return [dict(zip(columns, row, strict=True)) for row in self.rows.get("youth", [])]


def is_encrypted(path: Path) -> bool:
    from efter.core.casefile import is_encrypted as encrypted

    return encrypted(path)


def read(path: Path, passphrase: str | None = None) -> Bundle:
    """Open a bundle and check every part against its manifest; raises a sentence when it
    is not a bundle, is newer than this efter, or any part does not match. Every row is held
    (tuples, none in a cycle), with the cyclic collector paused (casefile.collector_paused)."""
    from efter.core.casefile import collector_paused

    with collector_paused():
        return _read(path, passphrase)


def _read(path: Path, passphrase: str | None) -> Bundle:
    from efter.core.casefile import connect
    from efter.core.migrations import MIGRATIONS

    if not path.is_file():
        raise InvalidInput(t("There is no case bundle at {path}: check the path.", path=path))
    not_bundle = InvalidInput(
        t(
            "{path} is not an efter case bundle (not an SQLite file): give the file 'efter case "
            "export' wrote.",
            path=path,
        )
    )
    try:
        conn = connect(path, "check", passphrase)
    except CaseFileError:
        raise CaseFileError(
            t(
                "The passphrase does not open the case bundle {path}: check {passphrase_env} or "
                "type it again.",
                path=path,
                passphrase_env=PASSPHRASE_ENV,
            )
        ) from None
    except sqlite3.DatabaseError:
        raise not_bundle from None
    conn.row_factory = None  # plain tuples: the rows are hashed and copied, never looked into
    try:
        try:
            tables = _tables(conn)
        except sqlite3.DatabaseError:
            raise not_bundle from None
        if not all(name in tables for name in MANIFEST_TABLES):
            raise InvalidInput(
                t(
                    "{path} is not an efter case bundle (it has no manifest): give the file 'efter "
                    "case export' wrote.",
                    path=path,
                )
            )
        manifest = dict(conn.execute("SELECT key, value FROM manifest ORDER BY key").fetchall())
        sums = {
            row[0]: (row[1], row[2])
            for row in conn.execute("SELECT part, rows, sha256 FROM manifest_part")
        }
        if manifest.get("format") != FORMAT:
            raise InvalidInput(
                t(
                    "{path} is a case bundle of another format ({manifest}): update efter to read "
                    "it.",
                    path=path,
                    manifest=manifest.get("format", "?"),
                )
            )
        try:
            schema = [str(name) for name in json.loads(manifest.get("schema", ""))]
        except (ValueError, TypeError):
            schema = []
        known = [m.__name__ for m in MIGRATIONS]
        # newer: a migration this efter does not know (a name, not a position: the order of
        # migrations made on parallel branches is settled when they land)
        if not schema or any(name not in known for name in schema):
            raise CaseFileError(
                t(
                    "The case bundle {path} was made by a newer efter ({manifest}, schema "
                    "{schema_count}; this one knows {known_count}): update efter to import it.",
                    path=path,
                    manifest=manifest.get("efter", "?"),
                    schema_count=len(schema),
                    known_count=len(known),
                )
            )
        columns: dict[str, list[str]] = {}
        rows: dict[str, list[tuple[Any, ...]]] = {}
        problems = _check(conn, tables, manifest, sums, columns, rows)
        if problems:
            raise Tampered(
                t(
                    "The case bundle {path} does not match its manifest ({problems}): it was "
                    "changed or damaged after it was made, so nothing was imported; ask the sender "
                    "for the bundle again.",
                    path=path,
                    problems=problems[0],
                )
            )
        return Bundle(path, manifest, schema, columns, rows, sums)
    finally:
        conn.close()


def _rows(
    conn: sqlite3.Connection, name: str, sql: str, columns: list[str]
) -> list[tuple[Any, ...]]:
    names = ", ".join(f'"{c}"' for c in columns)
    query = f'SELECT {names} FROM "{name}" ORDER BY {_order(conn, name, sql)}'
    return conn.execute(query).fetchall()


def _check(
    conn: sqlite3.Connection,
    tables: dict[str, str],
    manifest: dict[str, str],
    sums: dict[str, tuple[int, str]],
    columns_out: dict[str, list[str]],
    rows_out: dict[str, list[tuple[Any, ...]]],
) -> list[str]:
    """What does not match the manifest; the parts' columns and rows go into the dicts."""
    problems = []
    if "manifest" not in sums or sums["manifest"] != (
        len(manifest),
        digest(["key", "value"], sorted(manifest.items())),
    ):
        problems.append(t("the manifest itself"))
    for name in tables:
        if name not in sums and name not in MANIFEST_TABLES:
            problems.append(t("table '{name}' is not in the manifest", name=name))
    for name, (count, sha) in sorted(sums.items()):
        if name == "manifest":
            continue
        if name not in tables:
            problems.append(t("part '{name}' is missing", name=name))
            continue
        columns = [c[1] for c in _columns(conn, name)]
        found = _rows(conn, name, tables[name], columns)
        if len(found) != count:
            problems.append(
                t(
                    "part '{name}' has {found} rows, the manifest says {count}",
                    name=name,
                    found=len(found),
                    count=count,
                )
            )
        elif digest(columns, found) != sha:
            problems.append(
                t("part '{name}' has another SHA-256 than the manifest says", name=name)
            )
        columns_out[name], rows_out[name] = columns, found
    return problems


# --- import ---------------------------------------------------------------------------------


@dataclass
class Plan:
    """What an import would do: the young people received (bundle id, ref, name, new id)."""

    received: list[tuple[int, str | None, str, int]]
    counts: dict[str, int]
    added_areas: list[str]


def plan_and_apply(
    conn: sqlite3.Connection,
    bundle: Bundle,
    *,
    as_ref: str | None,
    write: bool,
    replacing: bool = False,
) -> Plan:
    """_plan_and_apply() as a large write: SQLite's page cache at casefile.LARGE_WRITE_KIB and
    the cyclic collector paused while it lasts (1,000 young people: 45,000 rows). A register
    has no page cache to set (and after a refusal there, nothing more may be asked in the
    transaction: the refusal is what the person reads)."""
    from contextlib import nullcontext

    from efter.core import dialect
    from efter.core.casefile import LARGE_WRITE_KIB, collector_paused, page_cache

    cache = nullcontext() if dialect.of(conn).shared else page_cache(conn, LARGE_WRITE_KIB)
    with cache, collector_paused():
        return _plan_and_apply(conn, bundle, as_ref=as_ref, write=write, replacing=replacing)


@contextmanager
def refused_rows_said(path: Path) -> Iterator[None]:
    """`efter case import`: a row the case file refuses (a CHECK, NOT NULL, UNIQUE) in a
    bundle that matched its manifest, so made or remade with it: bad input, said so, not a
    damaged case file. (A register's push and checkin word a ref taken there themselves.)"""
    try:
        yield
    except sqlite3.IntegrityError as error:
        raise InvalidInput(
            t(
                "The case bundle {path} holds a row this case file does not accept ({problem}), "
                "so nothing was imported: export the case again with 'efter case export' and "
                "import that bundle.",
                path=path,
                problem=str(error).splitlines()[0],
            )
        ) from None


def _plan_and_apply(
    conn: sqlite3.Connection,
    bundle: Bundle,
    *,
    as_ref: str | None,
    write: bool,
    replacing: bool = False,
) -> Plan:
    """Check the bundle against the case file and (with `write`) store it; everything is
    checked before the first row is written. Call inside the command's transaction.

    `replacing` (a checked-out case coming back, `register checkin`): the bundle's young
    people are on file with the same ids; their records are replaced by the bundle's, all of
    them (the young person's own row is updated in place, so what hangs on it and is not in
    a bundle, shares and the audit log, stays). Rows that were on file keep their ids; rows
    made since get new ones."""
    people = bundle.youth
    if replacing:
        as_ref = None
    if as_ref is not None:
        from efter.core import cpr
        from efter.core.text import check

        as_ref = check(as_ref.strip(), "--as-ref")
        if not as_ref:
            raise InvalidInput(field="as_ref", problem=t("it is empty"), fix=t("give the new ref"))
        if cpr.looks_like(as_ref):
            raise InvalidInput(
                field="as_ref",
                problem=t("the ref has the shape of a CPR number"),
                fix=t("give the municipality's case number without a CPR number in it"),
            )
        if len(people) != 1:
            raise InvalidInput(
                field="as_ref",
                problem=t(
                    "a new ref is for one young person, and the bundle holds {people_count}",
                    people_count=len(people),
                ),
                fix=t("change the ref on file instead ('efter youth edit YOUTH --ref NEW')"),
            )
    for person in people:
        if not replacing:
            _check_person(conn, person, as_ref if len(people) == 1 else None)
    every_part = person_parts(conn)
    parts = {p.name: p for p in every_part}
    order = [p for p in every_part if p.name in bundle.rows]
    for name in bundle.rows:
        if name not in parts and name not in REFERENCE:
            raise CaseFileError(
                t(
                    "The case bundle {path} holds a table this case file does not have ('{name}'): "
                    "update efter to import it.",
                    path=bundle.path,
                    name=name,
                )
            )
    from efter.core import dialect

    engine = dialect.of(conn)
    kept: dict[str, set[Any]] = {}
    books: dict[Any, tuple[Any, ...]] = {}  # a kept team member's professional, as it is
    if replacing:
        assert write, "a case is replaced only when written"
        books = _professionals_of(conn, [p["id"] for p in people])
        kept = _remove_records(conn, every_part, [p["id"] for p in people])
    # new ids where needed: a table keeps its ids when none is taken, else all of its rows
    # move above the file's highest id, in the same order. A register hands out ids from
    # its sequences (other writers, and rows the role cannot see, hold ids too); a replaced
    # case keeps the ids it had there.
    mapping: dict[str, dict[Any, Any]] = {}
    for part in order:
        if not part.rowid_id:
            continue
        index = bundle.columns[part.name].index("id")
        old = [row[index] for row in bundle.rows[part.name]]
        if replacing and part.name == "youth":
            mapping[part.name] = {i: i for i in old}
            continue
        keep = kept.get(part.name, set())
        new = [i for i in old if i not in keep]
        fresh = engine.fresh_ids(conn, part.name, len(new))
        if fresh is not None:
            mapping[part.name] = {i: i for i in old if i in keep}
            mapping[part.name].update(zip(new, fresh, strict=True))
            continue
        if not old:
            mapping[part.name] = {}
            continue
        from efter.core.casefile import ids_param

        top = conn.execute(f'SELECT coalesce(max(id), 0) FROM "{part.name}"').fetchone()[0]
        # every id of the bundle's above the file's (an empty file): none can be taken
        taken = (
            top >= min(old)
            and conn.execute(
                f'SELECT count(*) FROM "{part.name}" WHERE id IN (SELECT value FROM json_each(?))',
                (ids_param(old),),
            ).fetchone()[0]
        )
        if not taken:
            mapping[part.name] = {i: i for i in old}
        else:
            base = top + 1 - min(old)
            mapping[part.name] = {i: i + base for i in old}
    areas_added = _areas_to_add(conn, bundle)
    youth_map = mapping.get("youth", {})
    received = [
        (p["id"], (as_ref if as_ref is not None else p["ref"]), p["name"], youth_map[p["id"]])
        for p in people
    ]
    counts = {name: len(rows) for name, rows in bundle.rows.items() if name in parts}
    if not write:
        return Plan(received, counts, areas_added)
    # a register's reference tables are the municipality's, whoever's cases come in
    empty = not engine.shared and conn.execute("SELECT count(*) FROM youth").fetchone()[0] == 0
    conn.execute("PRAGMA defer_foreign_keys = ON")  # a correction points at a later rating
    _write_reference(conn, bundle, empty)
    mapping.update(_match_programmes(conn, bundle))
    for part in order:
        columns = [c for c in bundle.columns[part.name] if c in part.columns]
        where = [bundle.columns[part.name].index(c) for c in columns]
        remap: list[tuple[int, dict[Any, Any]]] = []
        if part.rowid_id:
            remap.append((columns.index("id"), mapping[part.name]))
        for col, parent, key in part.refs:
            if col in columns and key == "id" and parent in mapping:
                remap.append((columns.index(col), mapping[parent]))
        for (keyed, col), parent in KEYED.items():
            if keyed == part.name and col in columns:
                remap.append((columns.index(col), mapping.get(parent, {})))
        named = [
            (columns.index(col), columns.index(kind))
            for (table, col), kind in NAMED_REFERENCES.items()
            if table == part.name and col in columns and kind in columns
        ]
        ref_at = columns.index("ref") if part.name == "youth" and as_ref is not None else None
        # the sending file's address book stays there: its ids mean nothing here (adopt below);
        # a team member is written with their professional here and the professional's details
        # (an older bundle's member lacks some of those columns: written empty, then filled)
        lacking = (
            [c for c in ("professional_id", *_PERSON) if c in part.columns and c not in columns]
            if part.name == "member"
            else []
        )
        columns += lacking
        professional_at = (
            columns.index("professional_id")
            if part.name == "member" and "professional_id" in columns
            else None
        )
        rows = bundle.rows[part.name]
        remap = [(at, table) for at, table in remap if not _same_ids(table, rows, where[at])]
        out: list[Sequence[Any]] = []
        if where == list(range(len(bundle.columns[part.name]))) and not (
            remap or named or ref_at is not None or professional_at is not None
        ):
            rows, out = [], list(rows)  # every id kept, every column here: the rows as they are
        blanks = [None] * len(lacking)
        for row in rows:
            values = [row[i] for i in where] + blanks
            for at, table in remap:
                if values[at] is not None:
                    values[at] = table[values[at]]
            for at, kind in named:
                target = mapping.get(str(values[kind]), {})
                if values[at] in target:
                    values[at] = target[values[at]]
            if ref_at is not None:
                values[ref_at] = as_ref
            if professional_at is not None:
                # a team member who was on the case keeps their professional when nothing of
                # theirs changed on the laptop; any other joins this file's book below
                book = books.get(values[columns.index("id")]) if books else None
                same = (
                    book is not None
                    and tuple(values[columns.index(c)] if c in columns else None for c in _PERSON)
                    == book[1:]
                )
                values[professional_at] = book[0] if book is not None and same else None
            out.append(values)
        if professional_at is not None and "side" in columns:
            _join_address_book(conn, columns, out, professional_at)
        if out and replacing and part.name == "youth":
            at = columns.index("id")
            sets = ", ".join(f'"{c}" = ?' for c in columns if c != "id")
            conn.executemany(
                f"UPDATE youth SET {sets} WHERE id = ?",
                [[v for i, v in enumerate(values) if i != at] + [values[at]] for values in out],
            )
        elif out:
            if part.name == "rating" and not replacing and not engine.shared:
                # (a register's trigger is its owner's to drop: there each rating runs it)
                progress.insert_new_ratings(
                    conn,
                    partial(_insert, conn, part.name, columns, out, engine.shared),
                    list(youth_map.values()),
                )
            else:
                _insert(conn, part.name, columns, out, engine.shared)
    if "programme_period" not in bundle.rows:
        _periods_of_an_older_bundle(conn, [new for *_, new in received])
    return Plan(received, counts, areas_added)


_PERSON = ("name", "organisation", "phone", "email", "address")

# Rows per INSERT statement in _insert (fewer when SQLite binds fewer variables).
ROWS_PER_INSERT = 250


def _insert(
    conn: sqlite3.Connection,
    table: str,
    columns: list[str],
    rows: Sequence[Sequence[Any]],
    shared: bool,
) -> None:
    """The rows of a part stored, ROWS_PER_INSERT rows to a statement (`INSERT ... VALUES
    (...), (...)`). SQLite sets a statement up each time it runs: it opens the table and its
    indexes again, and builds a CHECK's `IN (...)` list of three or more words anew (rating's
    phase, agreement's owner and status); an executemany does all of that for every row.
    The suite's bundle (1,000 young people): its 30,000 ratings 480 -> 240 ms of CPU, 5,000
    agreements 155 -> 90. A register takes the executemany (its driver sends the rows its
    own way)."""
    if shared or not columns:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        return
    # A column empty (None) in every row whose default is NULL is left out: sqlite3 binds a
    # None through a failed look-up for an adapter (casefile.given_columns). The suite's
    # ratings have 60,000 (note, replaced_by): 300 -> 260 ms of CPU.
    nullable = {c[1] for c in _columns(conn, table) if not c[3] and c[4] is None and not c[5]}
    kept = [
        at for at, name in enumerate(columns)
        if name not in nullable or list(map(itemgetter(at), rows)).count(None) != len(rows)
    ]  # fmt: skip
    cells: Callable[[Sequence[Any]], Sequence[Any]] | None = None
    if 1 < len(kept) < len(columns):
        cells, columns = itemgetter(*kept), [columns[at] for at in kept]
    head = f'INSERT INTO "{table}" (' + ", ".join(f'"{c}"' for c in columns) + ") VALUES "
    one = "(" + ", ".join("?" for _ in columns) + ")"
    getlimit = getattr(conn, "getlimit", None)  # (the SQLCipher binding may lack it)
    limit = getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if getlimit else 999
    size = max(1, min(ROWS_PER_INSERT, limit // len(columns)))
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        values = chain.from_iterable(chunk if cells is None else map(cells, chunk))
        conn.execute(head + ", ".join([one] * len(chunk)), list(values))


def _join_address_book(
    conn: sqlite3.Connection, columns: list[str], out: list[Sequence[Any]], professional_at: int
) -> None:
    """The team members among `out` (rows of `member`, lists) who come without a professional
    join this file's address book (addressbook.adopt): each is given their professional and
    the professional's details before it is written."""
    from efter.core import addressbook

    side, at = columns.index("side"), [columns.index(c) for c in _PERSON]
    joining = [
        values for values in out if values[side] == "team" and values[professional_at] is None
    ]
    found = addressbook.adopt(conn, [dict(zip(_PERSON, map(values.__getitem__, at), strict=True))
                                     for values in joining])  # fmt: skip
    for values, (person_id, person) in zip(joining, found, strict=True):
        assert isinstance(values, list)
        values[professional_at] = person_id
        for i, name in zip(at, _PERSON, strict=True):
            values[i] = person[name]


def _same_ids(mapping: dict[Any, Any], rows: list[tuple[Any, ...]], at: int) -> bool:
    """Whether mapping column `at` of these rows through `mapping` changes nothing: every id
    keeps its number (the ids were free) and every id in the column is one of them (else the
    mapping must fail as it would row by row)."""
    if list(mapping) != list(mapping.values()):
        return False
    return set(map(itemgetter(at), rows)) - {None} <= mapping.keys()


def _professionals_of(conn: sqlite3.Connection, youth_ids: list[int]) -> dict[Any, tuple[Any, ...]]:
    """Each team member of these young people who has a professional: the professional's id
    and details, by the member's id."""
    from efter.core.casefile import ids_param

    fields = ", ".join(f"p.{c}" for c in _PERSON)
    return {
        row[0]: tuple(row[1:])
        for row in conn.execute(
            f"SELECT m.id, p.id, {fields} FROM member m JOIN professional p "
            "ON p.id = m.professional_id WHERE m.youth_id IN (SELECT value FROM json_each(?))",
            (ids_param(youth_ids),),
        )
    }


def _remove_records(
    conn: sqlite3.Connection, parts: list[Part], youth_ids: list[int]
) -> dict[str, set[Any]]:
    """Delete every record about these young people but their own rows (children first);
    the ids each table had for them."""
    from efter.core.casefile import ids_param

    ids = ids_param(youth_ids)
    had: dict[str, set[Any]] = {}
    for part in reversed(parts):
        if part.name == "youth" or not part.where:
            continue
        if part.rowid_id:
            had[part.name] = {
                row[0]
                for row in conn.execute(
                    f'SELECT id FROM "{part.name}" WHERE {part.where}', {"ids": ids}
                )
            }
        conn.execute(f'DELETE FROM "{part.name}" WHERE {part.where}', {"ids": ids})
    return had


def _match_programmes(conn: sqlite3.Connection, bundle: Bundle) -> dict[str, dict[Any, Any]]:
    """The bundle's programmes and cohorts as ids of this case file: one with the same name
    (any case and spacing) is the same programme; one the file lacks is added as it is in the
    bundle (with its id when that is free, so a whole file round-trips to the same rows)."""
    from efter.core import programmes

    found: dict[str, dict[Any, Any]] = {"programme": {}, "cohort": {}}

    from efter.core import dialect

    own_ids = dialect.of(conn).fresh_ids(conn, "programme", 0) is None

    def add(table: str, record: dict[str, Any]) -> int:
        free = (
            conn.execute(f'SELECT 1 FROM "{table}" WHERE id = ?', (record["id"],)).fetchone()
            if own_ids
            else True  # a register's ids come from its sequence
        )
        values = dict(record) if free is None else {k: v for k, v in record.items() if k != "id"}
        have = {c[1] for c in _columns(conn, table)}
        values = {k: v for k, v in values.items() if k in have}
        names = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" for _ in values)
        cursor = conn.execute(
            f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(values.values())
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    columns = bundle.columns.get("programme", [])
    for row in bundle.rows.get("programme", []):
        record = dict(zip(columns, row, strict=True))
        existing = programmes.by_key(conn, record["name"])
        found["programme"][record["id"]] = (
            existing["id"] if existing is not None else add("programme", record)
        )
    columns = bundle.columns.get("cohort", [])
    for row in bundle.rows.get("cohort", []):
        record = dict(zip(columns, row, strict=True))
        record["programme_id"] = found["programme"].get(record["programme_id"])
        existing = programmes.cohort_of(conn, record["programme_id"], record["name"])
        found["cohort"][record["id"]] = (
            existing["id"] if existing is not None else add("cohort", record)
        )
    return found


def _periods_of_an_older_bundle(conn: sqlite3.Connection, youth_ids: list[int]) -> None:
    """A bundle made before m021_programmes has the programme as text on the young person:
    read as a period in it from the case's start (to its close), as the migration reads it."""
    from efter.core import programmes
    from efter.core.casefile import ids_param

    rows = conn.execute(
        "SELECT id, programme, cohort, start, closed FROM youth "
        "WHERE id IN (SELECT value FROM json_each(?)) AND programme IS NOT NULL "
        "AND id NOT IN (SELECT youth_id FROM programme_period)",
        (ids_param(youth_ids),),
    ).fetchall()
    programmes.follow_youth(conn, [(r[0], r[1], r[2], r[3]) for r in rows])
    programmes.close_periods(conn, [(r[0], r[4]) for r in rows if r[4]])


def _check_person(conn: sqlite3.Connection, person: dict[str, Any], as_ref: str | None) -> None:
    """Refuse a young person who is on file already (same ref and birth date, or the same
    CPR number), and a ref another young person has (the way out: --as-ref)."""
    label = person["name"] + (f" ({person['ref']})" if person.get("ref") else "")
    if person.get("cpr"):
        same = conn.execute("SELECT id, name FROM youth WHERE cpr = ?", (person["cpr"],)).fetchone()
        if same is not None:
            raise Conflict(
                t(
                    "{label} is on file already as id {id} (the same CPR number): a bundle brings "
                    "cases that are not on file; to take the bundle's version instead, erase id "
                    "{id} first ('efter youth erase {id}') and import again.",
                    label=label,
                    id=same["id"],
                )
            )
    ref = as_ref if as_ref is not None else person.get("ref")
    if ref is None:
        return
    other = conn.execute("SELECT id, name, born, cpr FROM youth WHERE ref = ?", (ref,)).fetchone()
    if other is None:
        return
    if as_ref is None and other["born"] == person["born"] and not (other["cpr"] and person["cpr"]):
        raise Conflict(
            t(
                "{label} is on file already as id {id} (the same ref and birth date): a bundle "
                "brings cases that are not on file; to take the bundle's version instead, erase id "
                "{id} first ('efter youth erase {id}') and import again.",
                label=label,
                id=other["id"],
            )
        )
    if as_ref is not None:
        raise Conflict(
            field="as_ref",
            problem=t(
                "the ref '{ref}' belongs to another young person on file (id {id})",
                ref=ref,
                id=other["id"],
            ),
            fix=t("choose another one"),
        )
    raise Conflict(
        problem=t(
            "the ref '{ref}' of {name} in the bundle belongs to another young person on file (id "
            "{id})",
            ref=ref,
            name=person["name"],
            id=other["id"],
        ),
        fix=phrase(
            "import with {as_ref} NEW to give {name} another ref", "as_ref", name=person["name"]
        ),
    )


def _areas_to_add(conn: sqlite3.Connection, bundle: Bundle) -> list[str]:
    have = {row[0] for row in conn.execute("SELECT code FROM life_area")}
    columns = bundle.columns.get("life_area", [])
    if "code" not in columns:
        return []
    at = columns.index("code")
    return [row[at] for row in bundle.rows.get("life_area", []) if row[at] not in have]


def _write_reference(conn: sqlite3.Connection, bundle: Bundle, empty: bool) -> None:
    """Life areas the case file lacks come with their scale; a case file with nobody on it
    takes the bundle's areas, scale, settings and prices (it becomes the same file); one
    with young people keeps its own and only gains what it lacks."""
    columns = {name: bundle.columns.get(name, []) for name in REFERENCE}
    rows = {name: bundle.rows.get(name, []) for name in REFERENCE}
    add = set(_areas_to_add(conn, bundle))

    def insert(name: str, values: list[tuple[Any, ...]], verb: str = "INSERT") -> None:
        have = {c[1] for c in _columns(conn, name)}
        cols = [c for c in columns[name] if c in have]
        at = [columns[name].index(c) for c in cols]
        if values and cols:
            names = ", ".join(f'"{c}"' for c in cols)
            marks = ", ".join("?" for _ in cols)
            conn.executemany(
                f'{verb} INTO "{name}" ({names}) VALUES ({marks})',
                [[row[i] for i in at] for row in values],
            )

    if empty:
        areas = rows["life_area"]
        if areas and "code" in columns["life_area"]:
            code = columns["life_area"].index("code")
            cols = [c for c in columns["life_area"] if c != "code"]
            sets = ", ".join(f'"{c}" = excluded."{c}"' for c in cols)
            names = ", ".join(f'"{c}"' for c in columns["life_area"])
            marks = ", ".join("?" for _ in columns["life_area"])
            conn.executemany(
                f"INSERT INTO life_area ({names}) VALUES ({marks}) "
                f"ON CONFLICT (code) DO UPDATE SET {sets}",
                areas,
            )
            conn.executemany(
                "DELETE FROM scale_step WHERE area IS ?", [(row[code],) for row in areas]
            )
            conn.execute("DELETE FROM scale_step WHERE area IS NULL")
            insert("scale_step", rows["scale_step"])
        conn.execute("DELETE FROM programme_price")
        insert("programme_price", rows["programme_price"])
        insert("setting", rows["setting"], "INSERT OR REPLACE")
        return
    from efter.core import dialect

    if dialect.of(conn).shared:
        # the register's life areas, settings and prices are the municipality's: a case
        # brings none of them, and one that needs an area the register lacks waits for it
        if add:
            raise Conflict(
                t(
                    "The case bundle {path} rates life areas the register does not have ({areas}): "
                    "the register's owner adds them ('efter areas add') before the cases come in.",
                    path=bundle.path,
                    areas=", ".join(sorted(add)),
                )
            )
        return
    if add:
        code = columns["life_area"].index("code")
        insert("life_area", [row for row in rows["life_area"] if row[code] in add])
        step_area = columns["scale_step"].index("area") if "area" in columns["scale_step"] else 0
        insert("scale_step", [row for row in rows["scale_step"] if row[step_area] in add])
    insert("programme_price", rows["programme_price"], "INSERT OR IGNORE")
