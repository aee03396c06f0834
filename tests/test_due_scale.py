"""efter due on a big case file: the tables show the first 25 of each kind and say how many
there are, the work is a fixed number of queries however many young people there are, and
the statutory dates found through the birthday bands are exactly the ones the rules give."""

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import given
from hypothesis import strategies as st
from meeting_case import build as build_case

from efter.core import due, rules
from tests.benchmarks.casefile import Size
from tests.benchmarks.casefile import build as build_benchmark


@pytest.fixture
def case(run: Any, casefile: Path) -> Path:
    build_case(run)
    for step in (
        ("agreement", "add", "1", "--what", "Søge SU", "--owner", "youth", "--due", "2026-11-25"),
        ("agreement", "add", "1", "--what", "Ringe", "--owner", "Peter", "--due", "2026-12-10"),
        ("agreement", "add", "2", "--what", "Jobsamtale", "--owner", "youth", "--due", "2026-12-01"),
        ("youth", "add", "Jonas Kristensen", "--ref", "2025-0457", "--born", "2011-02-10",
         "--coordinator", "Ali Hassan"),
    ):  # fmt: skip
        assert run(*step).exit_code == 0, step
    return casefile


def test_the_tables_say_how_many_they_leave_out(run: Any, case: Path) -> None:
    result = run("due", "--limit", "1")
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[lines.index("Agreements due until 2026-12-12") + 3].startswith("1    2026-11-25")
    assert lines[lines.index("Agreements due until 2026-12-12") + 4] == ""
    assert result.stderr == (
        "No meetings until 2026-12-12.\n"
        "Every signed contract matches the case.\n"
        "Showing 1 of 3 agreements.\n"
        "Showing 1 of 3 young people with no meeting planned.\n"
        "See everything with --all, or narrow with --within or --coordinator.\n"
        "1 overdue.\n"
    )
    everything = run("due", "--all")
    assert everything.stderr == (
        "No meetings until 2026-12-12.\nEvery signed contract matches the case.\n1 overdue.\n"
    )
    assert everything.stdout == run("due").stdout


def test_json_lists_everything_with_totals(run: Any, case: Path, json_of: Any) -> None:
    data = json_of("due")
    assert data["totals"] == {
        "meetings": 0, "agreements": 3, "no_meeting_planned": 3, "statutory_dates": 1,
        "contracts": 0,
    }  # fmt: skip
    assert [a["id"] for a in data["agreements"]] == [1, 3, 2]
    limited = json_of("due", "--limit", "1")
    assert [a["id"] for a in limited["agreements"]] == [1]
    assert limited["totals"] == data["totals"]
    assert limited["overdue"] == data["overdue"] == 1


def test_one_coordinators_cases(run: Any, case: Path, json_of: Any) -> None:
    data = json_of("due", "--coordinator", "ali hassan")
    assert [n["youth_name"] for n in data["no_meeting_planned"]] == ["Jonas Kristensen"]
    assert (data["agreements"], data["overdue"]) == ([], 0)
    assert [s["youth_name"] for s in data["statutory_dates"]] == ["Jonas Kristensen"]
    assert json_of("due", "--coordinator", "Nobody")["totals"] == dict.fromkeys(data["totals"], 0)


def test_all_and_limit_together_is_refused(run: Any, case: Path) -> None:
    before = snapshot(case)
    result = run("due", "--all", "--limit", "5")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", "Error: Give either --all or --limit, not both.\n",
    )  # fmt: skip
    assert snapshot(case) == before
    usage = run("due", "--limit", "0")
    assert usage.exit_code == 2


# --- the work does not grow with the case file ---------------------------------------------


def test_due_sends_the_same_statements_for_150_or_600_young_people(
    run: Any, env: Path, tmp_path: Path, statements: list[str]
) -> None:
    counts = []
    for size in (
        Size("a", 150, 450, 300, 750, 0, 0, 0),
        Size("b", 600, 1_800, 300, 3_000, 0, 0, 0),
    ):
        path = tmp_path / f"{size.name}.db"
        build_benchmark(path, size)
        statements.clear()
        result = run("--db", str(path), "due", "--all")
        assert result.exit_code == 0, result.stderr
        assert "Showing" not in result.stderr
        # The audit lines (audit.record: an executemany, which the trace shows row by row,
        # and one statement per long run of ids) are counted by tests/test_audit.py.
        counts.append(sum(1 for sql in statements if "INSERT INTO audit_event" not in sql))
    assert counts[0] == counts[1]


# --- statutory dates through the birthday bands -----------------------------------------


def _youth_table(borns: list[date]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    conn.execute(
        "CREATE TABLE youth (id INTEGER PRIMARY KEY, ref TEXT, name TEXT, born TEXT, "
        "status TEXT, coordinator TEXT)"
    )
    conn.executemany(
        "INSERT INTO youth (ref, name, born, status) VALUES (?, ?, ?, 'active')",
        [(f"r{n}", _name(n), born.isoformat()) for n, born in enumerate(borns)],
    )
    return conn


def _name(n: int) -> str:
    """Names whose order is not the ids' order (ties on a date are broken by name)."""
    return f"Ung {(n * 7) % 25:02d}-{n}"


days = st.sampled_from([date(2009, 3, 14), date(2010, 8, 31)]) | st.dates(
    min_value=date(1995, 1, 1), max_value=date(2015, 12, 31)
)


@given(
    borns=st.lists(days, max_size=25),
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31)),
    ahead=st.integers(min_value=0, max_value=3 * 366),
    limit=st.one_of(st.none(), st.integers(min_value=1, max_value=8)),
)
def test_statutory_dates_are_exactly_the_rules(
    borns: list[date], today: date, ahead: int, limit: int | None
) -> None:
    lead = today + timedelta(days=ahead)
    conn = _youth_table(borns)
    shown, total = due._statutory(conn, today, lead, "y.status = 'active'", (), limit)
    expected = sorted(
        (step.on.isoformat(), _name(n), n + 1, step.code)
        for n, born in enumerate(borns)
        for step in rules.statutory_dates(born)
        if today <= step.on <= lead
    )
    assert total == len(expected)
    assert [(s["youth_id"], s["code"], s["date"]) for s in shown] == [
        (youth_id, code, day) for day, _, youth_id, code in expected[:limit]
    ]


def test_statutory_dates_at_month_ends() -> None:
    # Birthday plus months, clamped to the month's end: 31 August 2009 + 17½ years is
    # 28 February 2027, never 3 March.
    conn = _youth_table(
        [date(2010, 8, 31), date(2009, 2, 28), date(2008, 2, 29), date(2009, 8, 31)]
    )
    found, total = due._statutory(
        conn, date(2026, 8, 1), date(2027, 3, 1), "y.status = 'active'", ()
    )
    assert total == 4
    assert [(s["youth_ref"], s["code"], s["date"]) for s in found] == [
        ("r1", "s111", "2026-08-28"),
        ("r0", "ungeplan", "2026-08-31"),
        ("r1", "adult", "2027-02-28"),
        ("r3", "s111", "2027-02-28"),
    ]
