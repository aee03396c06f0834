"""The import yardstick writes what efter writes (issue 21: an import is measured against "a raw
executemany of the same rows into the same tables"): for the team and the network, the file
`efter export` writes, read by `efter import` and by tests/benchmarks/baseline_import_kind.py
into copies of one case file, leaves the same rows in every table the import writes (the
stamps aside). A yardstick that wrote less (the team's professionals, once) would make efter
look slower than it is, and one that wrote more, faster. For measures and closed cases
likewise; for closed cases: a case already closed that day with that outcome is left alone,
and the programme periods of the cases closed end on the closing day, as efter ends them. For
prices: the programmes a price names that are not on file are made, as efter makes them."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run

ROOT = Path(__file__).resolve().parent.parent
YARDSTICK = ROOT / "tests" / "benchmarks" / "baseline_import_kind.py"
EXAMPLES = ROOT / "examples"
STAMPS = {"created", "updated"}

pytestmark = pytest.mark.laptop_only("reads and copies the case file as a file")


def _copy(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as given, sqlite3.connect(target) as copy:
        given.backup(copy)
    given.close()
    copy.close()
    return target


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows but the audit log's, without the stamps, in one order."""
    conn = sqlite3.connect(path)
    try:
        found = {}
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            if table.startswith("audit") or table == "migration":
                continue
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            kept = ", ".join(c for c in columns if c not in STAMPS)
            found[table] = sorted(conn.execute(f"SELECT {kept} FROM {table}").fetchall(), key=repr)
        return found
    finally:
        conn.close()


@pytest.mark.parametrize("kind", ["team", "network"])
def test_the_yardstick_writes_the_rows_efter_writes(
    run: Run, casefile: Path, tmp_path: Path, kind: str
) -> None:
    assert run("import", "youth", str(EXAMPLES / "youth.csv")).exit_code == 0
    start = _copy(casefile, tmp_path / "start.db")  # the young people alone
    # The examples' members (the team's share professionals across cases), exported as the
    # suite's files are.
    assert run("import", kind, str(EXAMPLES / f"{kind}.csv")).exit_code == 0
    source = tmp_path / f"{kind}.csv"
    assert run("export", kind, "--out", str(source)).exit_code == 0

    by_efter = _copy(start, tmp_path / "efter.db")
    done = run("import", kind, str(source), "--db", str(by_efter))
    assert done.exit_code == 0, done.stderr
    by_yardstick = _copy(start, tmp_path / "yardstick.db")
    subprocess.run(
        [sys.executable, "-I", str(YARDSTICK), kind, str(source), str(by_yardstick)], check=True
    )

    written, measured = _tables(by_efter), _tables(by_yardstick)
    assert written["member"], "the import wrote no members"
    if kind == "team":
        assert 0 < len(written["professional"]) < len(written["member"])
    assert measured == written


def _ok(result: object) -> None:
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["measures", "closed"])
def test_the_yardstick_of_measures_and_closed_writes_the_rows_efter_writes(
    run: Run, casefile: Path, tmp_path: Path, kind: str
) -> None:
    _ok(run("import", "youth", str(EXAMPLES / "youth.csv")))  # each in a programme
    if kind == "measures":
        start = _copy(casefile, tmp_path / "start.db")  # the young people alone
        _ok(run("import", "measures", str(EXAMPLES / "measures.csv")))
    else:
        _ok(run("youth", "close", "2025-0412", "--date", "2026-06-30", "--outcome", "job"))
        start = _copy(casefile, tmp_path / "start.db")  # one case closed as the file says
        _ok(run("youth", "close", "2025-0419", "--date", "2026-06-30", "--outcome", "education"))
        _ok(run("youth", "close", "2026-0021", "--date", "2026-07-31", "--outcome", "neither"))
    source = tmp_path / f"{kind}.csv"
    _ok(run("export", kind, "--out", str(source)))

    by_efter = _copy(start, tmp_path / "efter.db")
    _ok(run("import", kind, str(source), "--db", str(by_efter)))
    by_yardstick = _copy(start, tmp_path / "yardstick.db")
    subprocess.run(
        [sys.executable, "-I", str(YARDSTICK), kind, str(source), str(by_yardstick)], check=True
    )

    written, measured = _tables(by_efter), _tables(by_yardstick)
    if kind == "measures":
        assert len(written["measure"]) > 1
    else:
        assert written["youth"] != _tables(start)["youth"], "the import closed no case"
        assert written["programme_period"] != _tables(start)["programme_period"]
    assert measured == written


def test_the_yardstick_of_prices_writes_the_rows_efter_writes(
    run: Run, casefile: Path, tmp_path: Path
) -> None:
    """Prices of programmes on file (one named in another case) and of two not on file, with
    Danish letters: efter makes each programme not on file (kind model, in the file's order)
    and stores every price; so does the yardstick."""
    _ok(run("import", "youth", str(EXAMPLES / "youth.csv")))  # two programmes on file
    start = _copy(casefile, tmp_path / "start.db")
    _ok(run("import", "prices", str(EXAMPLES / "priser.csv")))
    _ok(run("programme", "add", "Bo-træning", "--kind", "supplement", "--price", "26.500"))
    _ok(run("programme", "add", "Ungestøtte efter 18", "--kind", "model", "--price", "25500"))
    _ok(run("programme", "price", "vejen til uddannelse og beskæftigelse", "30000"))
    source = tmp_path / "prices.csv"
    _ok(run("export", "prices", "--out", str(source)))

    by_efter = _copy(start, tmp_path / "efter.db")
    _ok(run("import", "prices", str(source), "--db", str(by_efter)))
    by_yardstick = _copy(start, tmp_path / "yardstick.db")
    subprocess.run(
        [sys.executable, "-I", str(YARDSTICK), "prices", str(source), str(by_yardstick)],
        check=True,
    )

    written, measured = _tables(by_efter), _tables(by_yardstick)
    assert len(written["programme_price"]) == 4
    assert len(written["programme"]) == len(_tables(start)["programme"]) + 2
    assert measured == written
