"""report progress computed in SQL: the orderings SQL must get right, the audit lines, and the
index the computation relies on (m009_progress)."""

import sqlite3
from pathlib import Path

from efter.core import progress
from tests.conftest import Run


def _bolig(json_of, *args: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    data = json_of("report", "progress", *args)
    return next(a for a in data["groups"][0]["areas"] if a["area"] == "bolig")


def _add(run: Run, ref: str) -> None:
    result = run(
        "youth", "add", f"Person {ref}", "--ref", ref, "--born", "2008-05-01",
        "--start", "2025-09-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_same_day_orders_by_phase_then_id(run: Run, json_of, casefile: Path) -> None:  # type: ignore[no-untyped-def]
    # One day, recorded end first: start (2) still comes before the meetings and the end (5).
    _add(run, "Y1")
    for args in (("bolig=5", "--phase", "end"), ("bolig=4", "--phase", "meeting"),
                 ("bolig=2", "--phase", "start")):  # fmt: skip
        assert run("rate", "Y1", *args, "--date", "2026-01-05").exit_code == 0
    # Two meetings on one day: the later id is the last.
    _add(run, "Y2")
    for score in ("1", "3"):
        result = run("rate", "Y2", f"bolig={score}", "--phase", "meeting", "--date", "2026-01-05")
        assert result.exit_code == 0, result.stderr
    bolig = _bolig(json_of)
    assert (bolig["followed_up"], bolig["improved"], bolig["mean_change"]) == (2, 2, 2.5)


def test_no_follow_up_counts_zero_not_nothing(run: Run, json_of, casefile: Path) -> None:  # type: ignore[no-untyped-def]
    _add(run, "Y1")
    assert run("rate", "Y1", "bolig=3", "--phase", "start").exit_code == 0
    bolig = _bolig(json_of)
    assert bolig["followed_up"] == 0
    assert (bolig["improved"], bolig["unchanged"], bolig["worse"]) == (0, 0, 0)
    assert bolig["no_follow_up_yet"] == 1
    assert bolig["mean_change"] is None


def test_one_viewed_line_for_everyone_on_file(run: Run, casefile: Path, json_of) -> None:
    for ref in ("Y1", "Y2", "Y3"):
        _add(run, ref)
    assert run("report", "progress").exit_code == 0
    conn = sqlite3.connect(casefile)
    rows = conn.execute(
        "SELECT action, youth_id, everyone FROM audit_event WHERE command = 'report progress'"
    ).fetchall()
    conn.close()
    assert rows == [("viewed", None, 1)]
    # The line stands for each of them: it is in every one's own trail.
    for ref in ("Y1", "Y2", "Y3"):
        trail = json_of("audit", "--youth", ref)
        assert [(line["command"], line["everyone"]) for line in trail][-1] == (
            "report progress", True,
        )  # fmt: skip
    listed = run("audit").stdout.splitlines()
    assert [line.split()[4] for line in listed if "report progress" in line] == ["everyone"]


def test_first_and_last_are_index_seeks(casefile: Path, engine: str) -> None:
    if engine == "postgresql":
        _first_and_last_on_the_register()
        return
    conn = sqlite3.connect(casefile)
    for column in ("NULL", "y.cohort"):
        plan = [
            row[3]
            for row in conn.execute(
                "EXPLAIN QUERY PLAN "
                + progress._PROGRESS_SQL.format(column=column, source="youth"),
                ("professional",),
            )
        ]
        reads = [line for line in plan if " r " in f" {line} " or line.startswith("SEARCH g")]
        assert reads == [
            "SEARCH g USING COVERING INDEX rating_progress (rated_by=?)",
            "SEARCH r USING COVERING INDEX rating_progress (rated_by=? AND youth_id=? AND area=?)",
            "SEARCH r USING COVERING INDEX rating_progress (rated_by=? AND youth_id=? AND area=?)",
        ]
        assert not any("TEMP B-TREE FOR ORDER BY" in line for line in plan)
    conn.close()


def _first_and_last_on_the_register() -> None:
    """The same query on PostgreSQL reads rating only through rating_progress."""
    import os

    import psycopg

    from efter.core.dialect import PostgresConnection, translate
    from tests.helpers.pgplans import indexes, seq_scans

    with psycopg.connect(os.environ["EFTER_DB"]) as conn:
        conn.execute("SET search_path = efter")
        for column in ("NULL", "y.cohort"):
            translated = translate(progress._PROGRESS_SQL.format(column=column, source="youth"))
            params = PostgresConnection(conn).bind(translated, ("professional",))
            assert seq_scans(conn, translated.sql, params, ("rating",)) == []
            used = indexes(conn, translated.sql, params)
            assert used.count("rating_progress") >= 3, used
