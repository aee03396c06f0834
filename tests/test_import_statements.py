"""The shape of an import's work: the SQL statements `efter import` sends to SQLite do not grow
with the number of rows (set-based validation, one executemany per kind of write), so a
100,000-row file costs the same few statements as a 10-row one. No timings here."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest


class Counting(sqlite3.Connection):
    """A connection that notes every statement Python hands it (an executemany counts once:
    it is one prepared statement however many rows it binds)."""

    statements: ClassVar[list[str]] = []

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        Counting.statements.append(sql)
        return super().execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        Counting.statements.append(sql)
        return super().executemany(sql, *args)

    def executescript(self, sql: str) -> sqlite3.Cursor:  # type: ignore[override]
        Counting.statements.append(sql)
        return super().executescript(sql)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every connection efter opens counts its statements into the list returned."""
    connect = sqlite3.connect

    def counting(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        return connect(*args, factory=Counting, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", counting)
    Counting.statements = []
    yield Counting.statements


HEADER = "sagsnr;navn;fødselsdato;cpr;kommune;koordinator;startdato;lovgrundlag;boform\n"


def youth_file(path: Path, count: int, municipality: str = "Esbjerg") -> Path:
    lines = [
        f"R-{n:05d};Ung {n};;{1 + n % 28:02d}0{1 + n % 9}08-{4000 + n};{municipality};"
        f"Koordinator {n % 7};01-0{1 + n % 9}-2025;§ 46;plejefamilie\n"
        for n in range(count)
    ]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def statements(counted: list[str], run: Any, *args: str) -> int:
    counted.clear()
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return len(counted)


def test_the_number_of_statements_of_a_youth_import_does_not_grow_with_its_rows(
    run: Any, env: Path, tmp_path: Path, counted: list[str]
) -> None:
    seen: dict[str, list[int]] = {"create": [], "again": [], "update": [], "dry": []}
    for count in (30, 300):
        db = tmp_path / f"casefile-{count}.db"
        assert run("--db", str(db), "init").exit_code == 0
        first = youth_file(tmp_path / f"youth-{count}.csv", count)
        changed = youth_file(tmp_path / f"changed-{count}.csv", count, municipality="Fanø")
        seen["create"].append(
            statements(counted, run, "--db", str(db), "import", "youth", str(first))
        )
        seen["again"].append(
            statements(counted, run, "--db", str(db), "import", "youth", str(first))
        )
        seen["update"].append(
            statements(counted, run, "--db", str(db), "import", "youth", str(changed), "--update")
        )
        seen["dry"].append(
            statements(
                counted,
                run,
                "--db",
                str(db),
                "import",
                "youth",
                str(first),
                "--dry-run",
                "--update",
            )
        )
        conn = sqlite3.connect(db)
        try:
            assert conn.execute(
                "SELECT count(*) FROM youth WHERE municipality = 'Fanø'"
            ).fetchone() == (count,)
            assert conn.execute(
                "SELECT count(*) FROM audit_event WHERE action = 'changed'"
            ).fetchone() == (2 * count,)
        finally:
            conn.close()
    for what, (small, large) in seen.items():
        assert small == large, f"{what}: {small} statements for 30 rows, {large} for 300"


def test_audit_lines_keep_the_order_given_when_runs_of_ids_are_written_at_once(
    casefile: Path,
) -> None:
    from efter.core import audit
    from efter.core.casefile import open_casefile

    ids: list[int | None] = [5, *range(1, 101), 7, None, *range(200, 264), 3, *range(400, 463)]
    with open_casefile(casefile) as opened, opened.write() as conn:
        audit.record(conn, "changed", ids, "efter import")
        logged = [row[0] for row in conn.execute("SELECT youth_id FROM audit_event ORDER BY id")]
    assert logged == ids
