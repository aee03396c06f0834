"""Queries use indexes, and every command writes in one transaction.

The commands run for real against a case file filled by the benchmark builder; SQLite's trace
hook records every statement they send, and EXPLAIN QUERY PLAN must show no full scan of the
rating or meeting tables (the big ones: 300,000 and 30,000 rows in the benchmark).
"""

import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from efter.core import casefile as casefile_module
from tests.benchmarks.casefile import SMALL, build

BIG_TABLES = ("rating", "meeting")
_NAMED = re.compile(
    r"(?:\bFROM|\bJOIN|,)\s+(rating|meeting)\b(?:\s+(?:AS\s+)?(?!(?:WHERE|JOIN|ON|LEFT|INNER|"
    r"CROSS|GROUP|ORDER|LIMIT|USING|NATURAL|UNION|HAVING|WINDOW|SET|VALUES)\b)(\w+))?",
    re.I,
)

# (command, when it exists): every read the code runs on the big tables, as later issues add
# them. A command that does not exist yet is reported as skipped, with its name.
COMMANDS = [
    ("youth", "list"),
    ("youth", "list", "--all", "--json"),
    ("youth", "list", "--status", "all", "--coordinator", "x"),
    ("youth", "show", "1"),
    ("team", "list", "1"),
    ("network", "list", "1"),
    ("report", "caseload"),
    ("due",),
    ("report", "progress"),
    ("report", "progress", "--coordinator"),
    ("report", "progress", "--programme", "--by", "youth"),
    ("report", "caseload", "--json"),
    ("ratings", "1"),
    ("meeting", "list"),
    ("meeting", "show", "1"),
    ("agreement", "list"),
    ("report", "meetings"),
    ("report", "outcomes"),
    ("report", "deadlines"),
    ("deadline", "list"),
    ("deadline", "list", "1", "--json"),
    ("note", "list", "1"),
    ("meeting", "history", "1"),
    ("agreement", "history", "1"),
    # `efter find` reads every text by design (efter.core.search: no index answers a word
    # search), so it is not listed here.
    ("consent", "list"),
    ("consent", "list", "1", "--json"),
    ("youth", "handover", "1", "--to", "Ny Koordinator"),
    ("youth", "summary", "1"),
    ("youth", "summary", "1", "--json"),
]


# Statements that read a big table whole on purpose, each with the figure that earns it. A
# scan anywhere else is a defect. (core.deadlines.records_of's pass over the held meetings for
# a report on most of the file was one; it now goes through the index by young person, in
# the same time.)
DELIBERATE_SCANS: set[str] = set()


def full_scans(conn: sqlite3.Connection, sql: str) -> list[str]:
    """The plan lines that read all of rating or meeting without an index."""
    names = set(BIG_TABLES)
    for match in _NAMED.finditer(sql):
        if match.group(2):
            names.add(match.group(2))
    plan = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
    bad = []
    for row in plan:
        detail = row[3]
        found = re.match(r"SCAN (\w+)", detail)
        if found and found.group(1) in names and "INDEX" not in detail:
            bad.append(detail)
    return bad


def test_full_scans_is_caught(tmp_path: Path):
    conn = sqlite3.connect(tmp_path / "t.db")
    conn.executescript(
        "CREATE TABLE rating (id INTEGER PRIMARY KEY, youth_id INT, score INT);"
        "CREATE INDEX rating_youth ON rating (youth_id);"
    )
    assert full_scans(conn, "SELECT * FROM rating WHERE score = 3") == ["SCAN rating"]
    assert full_scans(conn, "SELECT * FROM rating AS r WHERE r.score = 3") == ["SCAN r"]
    assert full_scans(conn, "SELECT * FROM rating r WHERE r.score = 3") == ["SCAN r"]
    assert full_scans(conn, "SELECT * FROM rating WHERE youth_id = 3") == []
    assert full_scans(conn, "SELECT count(*) FROM rating") == []  # covering index


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "casefile.db"
    build(path, SMALL)
    return path


def test_register_seq_scans_is_caught(big, engine):
    """On a register, the check finds a read of rating that no index serves."""
    if engine != "postgresql":
        pytest.skip("the register's plans: runs with --engine postgresql")
    import psycopg

    from tests.helpers.pgplans import seq_scans

    with psycopg.connect(big) as conn:
        conn.execute("SET search_path = efter")
        assert seq_scans(conn, "SELECT * FROM rating WHERE score = %s", (3,), BIG_TABLES) == [
            "rating"
        ]
        assert seq_scans(conn, "SELECT * FROM rating WHERE youth_id = %s", (3,), BIG_TABLES) == []
        assert seq_scans(conn, "SELECT count(*) FROM rating", (), BIG_TABLES) == []  # all of it


@pytest.fixture(scope="module")
def big(filled: Path, engine: str, pg_admin: str | None) -> Iterator[str]:
    """What the commands read: the filled case file, or on PostgreSQL a register filled the
    same way (its own database, dropped at the end of the module)."""
    if engine != "postgresql" or pg_admin is None:
        yield str(filled)
        return
    from tests.conftest import PG_TEMPLATE
    from tests.helpers.pgcluster import drop_database, pg_database

    name = f"efter_plans_{os.getpid()}"
    drop_database(pg_admin, name)
    url = pg_database(pg_admin, name, PG_TEMPLATE)
    build(url, SMALL)
    try:
        yield url
    finally:
        drop_database(pg_admin, name)


class Trace:
    def __init__(self) -> None:
        self.statements: list[tuple[str, bool]] = []  # (sql, inside a transaction)
        self.params: list[object] = []  # on a register: each statement's bound parameters


@pytest.fixture
def trace(monkeypatch: pytest.MonkeyPatch, engine: str) -> Iterator[Trace]:
    """Every statement efter sends: SQLite's trace hook, or on a register every statement
    psycopg sends (translated), with its parameters and whether a transaction was open."""
    seen = Trace()
    if engine == "postgresql":
        yield from _register_trace(monkeypatch, seen)
        return
    connect = casefile_module.connect

    def traced(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(lambda sql: seen.statements.append((sql, conn.in_transaction)))
        return conn

    monkeypatch.setattr(casefile_module, "connect", traced)
    yield seen


def _register_trace(monkeypatch: pytest.MonkeyPatch, seen: Trace) -> Iterator[Trace]:
    import psycopg
    from psycopg.pq import TransactionStatus

    execute, executemany = psycopg.Cursor.execute, psycopg.Cursor.executemany

    def text(cursor: Any, query: Any) -> str:
        if isinstance(query, bytes):
            return query.decode()
        return query if isinstance(query, str) else query.as_string(cursor)

    def record(cursor: Any, query: Any, params: object) -> None:
        inside = cursor.connection.info.transaction_status != TransactionStatus.IDLE
        seen.statements.append((text(cursor, query), inside))
        seen.params.append(params)

    def traced(self: Any, query: Any, params: Any = None, **kwargs: Any) -> Any:
        record(self, query, params)
        return execute(self, query, params, **kwargs)

    def traced_many(self: Any, query: Any, params_seq: Any, **kwargs: Any) -> Any:
        rows = list(params_seq)
        record(self, query, rows[0] if rows else None)
        return executemany(self, query, rows, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", traced)
    monkeypatch.setattr(psycopg.Cursor, "executemany", traced_many)
    yield seen


def register_scans(url: str, seen: Trace, reads: Callable[[str], bool]) -> dict[str, list[str]]:
    """The statements among those traced on a register (those `reads` picks) that read
    rating or meeting whole, by PostgreSQL's EXPLAIN (tests/helpers/pgplans.py)."""
    import psycopg

    from tests.helpers.pgplans import seq_scans

    statements = list(zip(seen.statements, seen.params, strict=True))
    seen.statements.clear()  # the EXPLAINs below are not the command's
    scans = {}
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET search_path = efter")
        for (sql, _), params in statements:
            if reads(sql):
                bad = seq_scans(conn, sql, params, BIG_TABLES)
                if bad and " ".join(sql.split()) not in DELIBERATE_SCANS:
                    scans[sql] = bad
    return scans


def _reads(sql: str) -> bool:
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return head in ("SELECT", "WITH", "UPDATE", "DELETE") or (
        head == "INSERT" and "SELECT" in sql.upper()
    )


def command_path(command: tuple[str, ...]) -> tuple[str, ...]:
    """The words that name the command: ("ratings", "1") -> ("ratings",)."""
    words = []
    for part in command[:2]:
        if part.startswith("-") or part.isdigit():
            break
        words.append(part)
    return tuple(words)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_command_reads_big_tables_through_indexes(run, env, filled, big, trace, command):
    # Every command listed here exists now: a missing one is a failure, never a quiet skip.
    assert run(*command_path(command), "--help").exit_code == 0, command
    result = run("--db", big, *command)
    assert result.exit_code == 0, result.stderr
    assert trace.statements, "the command sent no SQL through efter.core.casefile"
    if big.startswith("postgresql://"):
        assert register_scans(big, trace, _reads) == {}
        return
    check = sqlite3.connect(f"file:{filled}?mode=ro", uri=True)
    scans = {}
    for sql, _ in trace.statements:
        head = sql.lstrip().split(None, 1)[0].upper()
        if head in ("SELECT", "WITH", "UPDATE", "DELETE") or (
            head == "INSERT" and "SELECT" in sql.upper()
        ):
            bad = full_scans(check, sql)
            if bad and " ".join(sql.split()) not in DELIBERATE_SCANS:
                scans[sql] = bad
    check.close()
    assert scans == {}


@pytest.mark.parametrize(
    "command",
    [("youth", "add", "Ida Holm", "--born", "2009-01-02", "--start", "2025-09-01"),
     ("youth", "edit", "1", "--programme", "Efterværn"),
     ("youth", "list"),
     ("team", "add", "1", "--role", "mentor", "--name", "Kim Dam"),
     ("config", "set", "caseload-limit", "4")],
)  # fmt: skip
def test_a_command_writes_in_one_transaction(run, casefile, trace, command):
    result = run("youth", "add", "Amalie Nørgaard", "--born", "2009-03-14", "--start",
                 "2025-09-01")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    trace.statements.clear()
    trace.params.clear()
    result = run(*command)
    assert result.exit_code == 0, result.stderr
    writes = [
        (sql, inside)
        for sql, inside in trace.statements
        if sql.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE")
    ]
    assert writes, "the command wrote nothing"
    assert [sql for sql, inside in writes if not inside] == []
    begins = [sql for sql, _ in trace.statements if sql.strip().upper().startswith("BEGIN")]
    assert len(begins) == 1


def test_an_import_writes_in_one_transaction(run, casefile, trace, tmp_path):
    """Bulk writes: `efter import youth` stores a whole file in one transaction."""
    from tests.benchmarks.casefile import write_import_csv

    assert run("import", "--help").exit_code == 0
    source = tmp_path / "youth.csv"
    write_import_csv(source, 300)
    trace.statements.clear()
    trace.params.clear()
    result = run("import", "youth", str(source))
    assert result.exit_code == 0, result.stderr
    writes = [
        inside
        for sql, inside in trace.statements
        if sql.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE")
    ]
    assert len(writes) >= 1
    assert all(writes)
    begins = [sql for sql, _ in trace.statements if sql.strip().upper().startswith("BEGIN")]
    assert len(begins) == 1


# --- the kept progress figures and the caseload (m010_reports) ---------------------------


def _plan(conn: sqlite3.Connection, sql: str, params: object = ()) -> list[str]:
    return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]  # type: ignore[arg-type]


def test_progress_for_everyone_reads_only_the_tally(filled):
    from efter.core import progress

    conn = sqlite3.connect(filled)
    plan = _plan(conn, progress._ALL_SQL, ("professional",))
    conn.close()
    assert plan == ["SEARCH rating_tally USING PRIMARY KEY (rated_by=?)"]


def test_the_triggers_recompute_a_path_with_index_seeks(filled):
    """Each write to rating recomputes its path from the index rating_progress: a few seeks,
    never a scan, however many ratings the file holds."""
    from efter.core import migrations

    conn = sqlite3.connect(filled)
    values = {"youth_id": 1, "area": "bolig", "rated_by": "professional"}
    for template in (migrations._PATH_RECOMPUTE, migrations._TALLY_ADD, migrations._TALLY_REMOVE):
        sql = template.format(p="NEW")
        for name in ("youth_id", "area", "rated_by", "change"):
            sql = sql.replace(f"NEW.{name}", f":{name}")
        for statement in filter(str.strip, sql.split(";")):
            plan = _plan(conn, statement, {**values, "change": 1})
            assert not [line for line in plan if line.startswith("SCAN")], (statement, plan)
            if "FROM rating AS" in statement:
                reads = [line for line in plan if line.startswith(("SEARCH g ", "SEARCH r "))]
                assert len(reads) == 3, plan
                assert all("INDEX rating_progress (rated_by=? AND youth_id=? AND area=?)" in line
                           for line in reads), plan  # fmt: skip
    conn.close()


def test_caseload_finds_meetings_and_agreements_through_indexes(filled):
    from efter.core.caseload import _CASELOAD_SQL
    from efter.core.names import order_by

    conn = sqlite3.connect(filled)
    sql = _CASELOAD_SQL.format(order=order_by(conn, "coalesce(y.coordinator, '')"))
    plan = _plan(conn, sql, {"since": "2026-05-28", "today": "2026-11-28"})
    conn.close()
    assert "SEARCH y USING COVERING INDEX youth_status_coordinator (status=?)" in plan
    meetings = [line for line in plan if line.startswith("SEARCH m ")]
    assert (
        meetings
        == ["SEARCH m USING COVERING INDEX meeting_status_starts_youth (status=? AND starts>?)"] * 2
    )
    assert [line for line in plan if line.startswith("SEARCH a ")] == [
        "SEARCH a USING COVERING INDEX agreement_youth_status (youth_id=? AND status=? AND due<?)"
    ]


@pytest.mark.parametrize(
    "command",
    [("report", "progress"), ("report", "progress", "--coordinator"), ("report", "caseload")],
    ids=" ".join,
)
def test_statements_do_not_grow_with_the_young_people(run, env, trace, tmp_path, command):
    """The shape of the work: as many statements for 60 young people as for 20 (set-based
    SQL, no query per young person or per coordinator)."""
    from tests.benchmarks.casefile import Size

    counts = []
    for size in (SMALL, Size("small3", 60, 180, 1_800, 300, 0, 0, 0)):
        db = tmp_path / f"{size.name}.db"
        build(db, size)
        assert run("--db", str(db), *command).exit_code == 0  # migrations and first use
        trace.statements.clear()
        result = run("--db", str(db), *command)
        assert result.exit_code == 0, result.stderr
        counts.append(len(trace.statements))
    assert counts[0] == counts[1], counts


def test_batch_documents_read_big_tables_through_indexes(run, env, big, trace, tmp_path):
    """`contract render --all` and `stale_many` (what `efter due` checks signed contracts
    with) read every young person's rows in one query per table: through an index too."""
    from efter.core import youth as core
    from efter.core.casefile import open_any, resolve
    from efter.render.case_documents import stale_many

    result = run("--db", big, "contract", "render", "--all", "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.stderr
    casefile = open_any(resolve(big))
    try:
        stale_many(casefile.conn, core.list_youth(casefile.conn, status=None))
    finally:
        casefile.close()
    selects = [sql for sql, _ in trace.statements if sql.lstrip().upper().startswith("SELECT")]
    assert any("FROM meeting" in sql for sql in selects)
    assert any("FROM contract" in sql for sql in selects)
    if big.startswith("postgresql://"):
        assert (
            register_scans(big, trace, lambda sql: sql.lstrip().upper().startswith("SELECT")) == {}
        )
        return
    filled = Path(big)
    check = sqlite3.connect(f"file:{filled}?mode=ro", uri=True)
    scans = {sql: bad for sql in selects if (bad := full_scans(check, sql))}
    check.close()
    assert scans == {}


@pytest.mark.parametrize("kind", ["meetings", "ratings"])
def test_an_import_reads_big_tables_through_indexes(run, env, big, trace, tmp_path, kind):
    """`efter import` reads each young person's meetings and ratings once, by index."""
    exported = tmp_path / f"{kind}.csv"
    result = run("--db", big, "export", kind, "--out", str(exported))
    assert result.exit_code == 0, result.stderr
    trace.statements.clear()
    trace.params.clear()
    result = run("--db", big, "import", kind, str(exported), "--dry-run")
    assert result.exit_code == 0, result.stderr
    table = kind.rstrip("s")
    assert any(f"FROM {table} " in sql for sql, _ in trace.statements)
    if big.startswith("postgresql://"):
        assert register_scans(big, trace, lambda sql: sql.lstrip().startswith("SELECT")) == {}
        return
    filled = Path(big)
    check = sqlite3.connect(f"file:{filled}?mode=ro", uri=True)
    scans = {sql: full_scans(check, sql) for sql, _ in trace.statements if sql.startswith("SELECT")}
    check.close()
    assert {sql: bad for sql, bad in scans.items() if bad} == {}


def test_agreements_report_reads_the_kept_counts_and_indexes_only(filled):
    """`report agreements` over everyone (m025, m026): the young people from the index in
    Danish name order alone, the counts from the kept tables, and of the agreements only what
    small indexes hold (the days entered, the open ones, the moved ones): never the
    agreements themselves, however many the file holds."""
    from datetime import date

    from efter.core import report_agreements
    from efter.core.reports import Filters

    conn = sqlite3.connect(filled)
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    report_agreements.agreements(conn, Filters(), date(2026, 11, 28))
    conn.set_trace_callback(None)
    plans = {sql: _plan(conn, sql) for sql in seen}
    conn.close()
    lines = [line for plan in plans.values() for line in plan]
    assert "SCAN youth USING COVERING INDEX youth_name_order" in lines
    reads = [line for line in lines if re.match(r"(SCAN|SEARCH) (agreement|a)\b", line)]
    assert reads and all(
        "COVERING INDEX agreement_" in line or "INTEGER PRIMARY KEY" in line for line in reads
    ), reads
    assert {"SCAN t"} <= set(lines)  # the kept counts, read whole
    assert sum("agreement_count" in sql or "agreement_owner_count" in sql for sql in seen) == 2
