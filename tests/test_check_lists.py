"""m030_check_lists_as_comparisons: a CHECK constraint's list of three or more words
(`status IN ('open', 'done', 'dropped')`) written as comparisons, so that SQLite checks a row
without building a temporary index for it. The same values pass and the same are refused as
before, a migrated file has a new file's schema, and on a register (PostgreSQL has no such
cost) the migration runs and changes nothing."""

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, casefile_before

from efter.core import casefile as casefile_module
from efter.core import register as register_module
from efter.core.migrations import MIGRATIONS, _as_comparisons

BEFORE = "m030_check_lists_as_comparisons"
# A column and its list of constants, as the CHECKs before m030 write them.
LIST = re.compile(r"\b(\w+)\s+IN\s*\(((?:\s*(?:'[^']*'|-?\d+)\s*,)+\s*(?:'[^']*'|-?\d+)\s*)\)")


def old_schema() -> dict[str, str]:
    """Every table's definition as the migrations before m030 leave it (SQLite's words)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE migration (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    for migration in MIGRATIONS[: [m.__name__ for m in MIGRATIONS].index(BEFORE)]:
        migration(conn)
    tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    conn.close()
    return tables


def listed() -> dict[tuple[str, str], list[Any]]:
    """(table, column) -> the constants its CHECK lists (every list, two words or more)."""
    found: dict[tuple[str, str], list[Any]] = {}
    for table, sql in old_schema().items():
        for match in LIST.finditer(sql):
            values = [v.strip() for v in match.group(2).split(",")]
            found[(table, match.group(1))] = [
                v[1:-1] if v.startswith("'") else int(v) for v in values
            ]
    return found


def ephemeral(conn: Any, table: str) -> int:
    """How many temporary indexes SQLite's program opens to insert a row into `table` (its
    CHECK constraints; the triggers' programs are not in it)."""
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    marks = ", ".join("?" for _ in columns)
    program = conn.execute(
        f"EXPLAIN INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
        [None] * len(columns),
    ).fetchall()
    own = program[: next((n for n, op in enumerate(program) if n and op[1] == "Init"), None)]
    return sum(1 for op in own if op[1] == "OpenEphemeral")


def test_the_lists_are_written_as_comparisons() -> None:
    """What each CHECK becomes: comparisons joined by OR, in parentheses only where the list
    stood beside something else than OR; a list of two (SQLite compares those one by one
    already) and a NOT IN are left as they are."""
    assert _as_comparisons("CHECK (kind IN ('a', 'b', 'c'))") == (
        "CHECK (kind = 'a' OR kind = 'b' OR kind = 'c')"
    )
    assert _as_comparisons("CHECK (x IS NULL OR x IN\n    ('a', 'b',\n     'c'))") == (
        "CHECK (x IS NULL OR x = 'a' OR x = 'b' OR x = 'c')"
    )
    assert _as_comparisons("CHECK (x IN ('a', 'b', 'c') AND y > 0)") == (
        "CHECK ((x = 'a' OR x = 'b' OR x = 'c') AND y > 0)"
    )
    assert _as_comparisons("CHECK (NOT x IN (1, 2, 3))") == (
        "CHECK (NOT (x = 1 OR x = 2 OR x = 3))"
    )
    for kept in ("CHECK (x IN ('a', 'b'))", "CHECK (x NOT IN ('a', 'b', 'c'))"):
        assert _as_comparisons(kept) == kept


@pytest.mark.laptop_only("SQLite's programs (PostgreSQL's CHECKs are the register's own)")
def test_no_row_is_checked_through_a_temporary_index(
    run: Run,
    casefile: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """Before m030 every table with a list of three or more words opened a temporary index
    for each row written (the test would fail on such a file); after it none does."""
    old = tmp_path / "old.db"
    casefile_before(BEFORE, run, old, None, monkeypatch, request)
    long_lists = {table for (table, _), values in listed().items() if len(values) >= 3}
    assert {"youth", "meeting", "agreement", "rating"} <= long_lists
    for path, expected in ((old, long_lists), (casefile, set())):
        conn = sqlite3.connect(path)
        query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        tables = [row[0] for row in conn.execute(query)]
        assert {table for table in tables if ephemeral(conn, table)} == expected, path
        conn.close()


def _migrated(run: Run, target: str) -> None:
    result = run("youth", "list", "--db", target)  # opening brings it up to date
    assert result.exit_code == 0, result.stderr


def test_a_migrated_file_has_the_schema_of_a_new_one(
    run: Run,
    casefile: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pg_admin: str | None,
    request: pytest.FixtureRequest,
    engine: str,
) -> None:
    """A case file made before m030 and opened by this efter ends with the schema a new one
    has, word for word, and the command that opened it checks its rows with the new CHECKs
    already; on a register the migration is recorded and the schema is as it was."""
    import os

    from test_schema import register_schema_of, schema_of

    old = tmp_path / "old.db"
    target = casefile_before(BEFORE, run, old, pg_admin, monkeypatch, request)
    before = register_schema_of(target) if engine == "postgresql" else schema_of(old)
    _migrated(run, target)
    conn = sqlite3.connect(old)
    recorded = sorted(row[0] for row in conn.execute("SELECT name FROM migration"))
    conn.close()
    assert recorded == sorted(m.__name__ for m in MIGRATIONS)
    if engine == "postgresql":
        assert register_schema_of(target) == before
        assert register_schema_of(os.environ["EFTER_DB"]) == before
        return
    assert schema_of(old) != before
    assert schema_of(old) == schema_of(casefile)
    again = tmp_path / "again.db"
    casefile_before(BEFORE, run, again, None, monkeypatch, request)
    opened = casefile_module.open_casefile(again)
    try:
        assert sum(ephemeral(opened.conn, table) for table in ("youth", "rating")) == 0
    finally:
        opened.close()


# Values beside each list's own: empty, unknown, another case, spaces, and numbers for the
# affinity (a TEXT column stores 16 as '16'; an INTEGER one '1' as 1).
def candidates(values: list[Any], engine: str) -> list[Any]:
    tried: list[Any] = [*values, None]
    for value in values[:2]:
        if isinstance(value, int):
            tried += [value + 2, -value - 1]
            if engine == "sqlite":  # a register's column has one type: no text in a number
                tried += [str(value), f"{value}.0", float(value), f" {value}", f"{value}x"]
            continue
        tried += ["", "x", value.upper(), f" {value}", f"{value} ", f"{value}\n", f"{value}x"]
        if engine == "sqlite" and re.fullmatch(r"\d+(\.\d+)?", value):
            tried += [float(value), int(float(value)), f"0{value}"]
    return [value for _, value in dict.fromkeys((type(v), v) for v in tried)]


def outcomes(path: Path, engine: str) -> dict[tuple[str, str, str], str]:
    """For every listed column of a table with a row: whether its first row takes each
    candidate ('ok') or refuses it ('check': the CHECK constraint; 'other': anything else, a
    trigger's refusal), each tried alone and rolled back; the triggers are put out of the
    way so that only the row's constraints answer."""
    conn = sqlite3.connect(path, isolation_level=None)
    seen: dict[tuple[str, str, str], str] = {}
    try:
        conn.execute("BEGIN")
        if engine == "sqlite":
            triggers = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for (name,) in triggers.fetchall():
                conn.execute(f"DROP TRIGGER {name}")
        for (table, column), values in listed().items():
            if engine == "postgresql":
                conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            if "id" not in columns:  # the kept tallies: written by triggers only
                continue
            first = conn.execute(f"SELECT min(id) FROM {table}").fetchone()[0]
            if first is None:
                continue
            for value in candidates(values, engine):
                conn.execute("SAVEPOINT probe")
                try:
                    conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, first))
                    said = "ok"
                except sqlite3.IntegrityError as error:
                    said = "check" if "CHECK constraint failed" in str(error) else "other"
                conn.execute("ROLLBACK TO SAVEPOINT probe")
                seen[(table, column, repr(value))] = said
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    return seen


def _fill(run: Run, target: str) -> None:
    """A few records of each kind the lists constrain, written by the commands themselves."""
    for args in (
        ("youth", "add", "Anna Holm", "--born", "2009-03-14", "--ref", "A1"),
        ("team", "add", "A1", "--role", "jobcenter", "--name", "Kim"),
        ("meeting", "plan", "A1", "--at", "2026-12-14 14:00", "--kind", "16"),
        ("goal", "add", "A1", "--area=uddannelse", "--text=Egen lejlighed"),
        ("agreement", "add", "A1", "--what=Søge SU", "--owner=youth", "--due=2027-01-15"),
        ("rate", "A1", "--phase", "start", "bolig=3", "uddannelse=2"),
        ("status", "A1", "--education", "vocational", "--work", "none", "--from", "2026-09-01"),
    ):  # fmt: skip
        result = run(*args, "--db", target)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)


def test_every_value_allowed_before_is_allowed_after_and_no_other(
    run: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pg_admin: str | None,
    request: pytest.FixtureRequest,
    engine: str,
) -> None:
    """Records written before m030; each listed column of each tried with its own values,
    NULL, near misses and (on SQLite, for the columns' affinity) numbers, before the
    migration and after it: every answer the same."""
    old = tmp_path / "old.db"
    target = casefile_before(BEFORE, run, old, pg_admin, monkeypatch, request)
    at = [m.__name__ for m in MIGRATIONS].index(BEFORE)
    with monkeypatch.context() as before:  # written by an efter that stops at m029
        for module in (casefile_module, register_module):
            before.setattr(module, "MIGRATIONS", MIGRATIONS[:at])
        _fill(run, target)
    then = outcomes(old, engine)
    _migrated(run, target)
    assert outcomes(old, engine) == then
    probed = {(table, column) for table, column, _ in then}
    assert {("youth", "housing"), ("meeting", "kind"), ("agreement", "status"),
            ("rating", "phase"), ("youth_status", "education")} <= probed  # fmt: skip
    for table, column in probed:  # each column takes some values and refuses others
        said = {then[key] for key in then if key[:2] == (table, column)}
        assert {"ok", "check"} <= said, (table, column, said)


def _all_migrations() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE migration (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    for migration in MIGRATIONS:
        migration(conn)
    return conn


def test_a_list_written_as_comparisons_can_still_be_widened() -> None:
    """A later migration widens a CHECK as m015 does (dialect.widen_check, given SQLite's
    `IN` text): after m030 the value goes into the comparisons, once, on a laptop as on a
    register, and a CHECK that has neither form is an error, never a silent no-op."""
    from efter.core.dialect import SQLITE

    conn = _all_migrations()
    old, new = "CHECK (status IN ('open', 'done',", "CHECK (status IN ('open', 'paused', 'done',"
    SQLITE.widen_check(conn, "agreement", old, new)
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'agreement'").fetchone()
    SQLITE.widen_check(conn, "agreement", old, new)  # a second time changes nothing
    assert conn.execute("SELECT sql FROM sqlite_master WHERE name = 'agreement'").fetchone() == (
        sql,
    )
    conn.execute("SELECT * FROM agreement").fetchall()  # the stored text still parses
    # the widened CHECK itself, asked of a value: the new one allowed, others as before
    (check,) = re.findall(r"CHECK \((status = 'open'[^)]*)\)", sql)
    asked = f"SELECT {check} FROM (SELECT ? AS status)"
    allowed = {
        v: conn.execute(asked, (v,)).fetchone()[0] for v in ("paused", "open", "dropped", "x")
    }
    assert allowed == {"paused": 1, "open": 1, "dropped": 1, "x": 0}
    assert conn.execute(asked, (None,)).fetchone()[0] is None  # NULL passes a CHECK, as before
    with pytest.raises(ValueError, match="widen_check"):
        SQLITE.widen_check(
            conn,
            "agreement",
            "CHECK (owner IN ('nobody', 'somebody',",
            "CHECK (owner IN ('nobody', 'x', 'somebody',",
        )
