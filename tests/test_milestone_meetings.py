"""m027_milestone_meetings: the milestone meetings held, in an index of their own.

A case file (or register) made at m026_youth_name_order with milestone meetings of every
status, labelled and not, opens at m027 with every young person, meeting and attendance as it
was, and `report meetings` counts the milestone meetings held as before (today 2026-11-28):
  Ida  (born 2010-06-01, start 2025-10-01): 2026-05-20 milestone 16 held.
  Jens (born 2008-12-01, start 2026-03-01): 2026-05-25 milestone 17.5 held, 2026-06-10 held.
  Karl (born 2007-01-15, start 2024-01-01): 2024-06-01 milestone 17.5 held; his 18½
       milestone meeting (2025-07-10) was cancelled, so 18½ is due and not held.
  Mads (born 2008-09-01, start 2025-01-01): 2026-02-20 milestone held, planned without a
       label: within six months of 17½ (2026-03-01), so 17½; a milestone 16 meeting planned
       for 2026-12-01 (after today) is not held.
"""

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from _reportkit import meeting
from conftest import Run, casefile_before
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TABLES = ("youth", "meeting", "attendance")


def rows_of(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(db)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in TABLES
        }
    finally:
        conn.close()


def test_an_m026_case_file_migrates_with_every_meeting_kept(
    run: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pg_admin: str | None,
    request: pytest.FixtureRequest,
    json_of: Any,
    engine: str,
) -> None:
    from efter.core.migrations import MIGRATIONS

    names = [m.__name__ for m in MIGRATIONS]
    assert names[names.index("m027_milestone_meetings") - 1] == "m026_youth_name_order"
    old = tmp_path / "old.db"
    target = casefile_before("m027_milestone_meetings", run, old, pg_admin, monkeypatch, request)
    conn = sqlite3.connect(old)
    with conn:
        for name, born, start in (
            ("Ida", "2010-06-01", "2025-10-01"),
            ("Jens", "2008-12-01", "2026-03-01"),
            ("Karl", "2007-01-15", "2024-01-01"),
            ("Mads", "2008-09-01", "2025-01-01"),
        ):
            conn.execute(
                "INSERT INTO youth (ref, name, born, start, coordinator, programme, created, "
                "updated) VALUES (?, ?, ?, ?, 'Mette', 'V', 'x', 'x')",
                (f"R-{name}", name, born, start),
            )
    conn.close()
    ida, jens, karl, mads = 1, 2, 3, 4
    meeting(old, ida, "2026-05-20", "held", "milestone", "16", youth_presence="apologies")
    meeting(old, jens, "2026-05-25", "held", "milestone", "17.5", youth_presence="attended")
    meeting(old, jens, "2026-06-10", "held", youth_presence="attended")
    meeting(old, karl, "2024-06-01", "held", "milestone", "17.5")
    meeting(old, karl, "2025-07-10", "cancelled", "milestone", "18.5")
    meeting(old, mads, "2026-02-20", "held", "milestone")
    meeting(old, mads, "2026-12-01", "planned", "milestone", "16")
    before = rows_of(old)
    monkeypatch.setenv("EFTER_DB", target)
    data = json_of("report", "meetings")  # opening migrates
    assert rows_of(old) == before  # every record as it was
    conn = sqlite3.connect(old)
    recorded = [row[0] for row in conn.execute("SELECT name FROM migration").fetchall()]
    if engine == "sqlite":
        index = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'meeting_milestone_held'"
        ).fetchone()
        assert index is not None
    conn.close()
    assert sorted(recorded) == sorted(names) and len(recorded) == len(names)
    assert data["milestones"] == [
        {"milestone": "16", "due": 1, "held": 1, "share": 1.0},
        {"milestone": "17.5", "due": 3, "held": 3, "share": 1.0},
        {"milestone": "18.5", "due": 1, "held": 0, "share": 0.0},
    ]
    held = {person["name"]: person["milestones_held"] for person in data["by_youth"]}
    assert held == {"Ida": ["16"], "Jens": ["17.5"], "Karl": ["17.5"], "Mads": ["17.5"]}
    assert data["totals"]["held"] == 5


@pytest.mark.laptop_only("SQLite's planner (a register's plans: tests/test_query_plans.py)")
@pytest.mark.parametrize(
    "chosen", ["1", "m.youth_id IN (SELECT value FROM json_each(:ids))"], ids=["all", "some"]
)
def test_the_milestone_meetings_held_are_read_from_their_own_index(
    casefile: Path, chosen: str
) -> None:
    """`report meetings` asks for the milestone meetings held, of everyone or of some, and
    SQLite reads the index that holds only them, and nothing else, though it knows no sizes
    (no ANALYZE): never the meetings by status (every held meeting) or by young person
    (every meeting of each)."""
    from efter.core.report_meetings import MILESTONES_HELD

    conn = sqlite3.connect(casefile)
    plan = [
        row[3]
        for row in conn.execute(
            "EXPLAIN QUERY PLAN " + MILESTONES_HELD.format(chosen=chosen),
            {"after": "2026-11-29", "ids": "[1, 2]"},
        )
    ]
    conn.close()
    reads = [line for line in plan if line.startswith(("SCAN m", "SEARCH m"))]
    assert len(reads) == 1 and reads[0].startswith(
        "SEARCH m USING COVERING INDEX meeting_milestone_held (status=? AND kind=?"
    ), plan


PEOPLE = (  # born, start: two enrolled through the CLI (their dates stored), two in SQL (not)
    ("2009-03-14", "2024-09-01"),
    ("2008-08-31", "2024-01-15"),
    ("2007-02-28", "2023-06-01"),
    ("2010-01-31", "2025-03-01"),
)
MEETING = st.tuples(
    st.integers(1, len(PEOPLE)),
    st.sampled_from(("milestone", "milestone", "network", "start")),
    st.sampled_from((None, None, "16", "17.5", "18.5")),
    st.sampled_from(("held", "held", "cancelled", "no-show", "planned")),
    st.dates(date(2023, 1, 1), date(2027, 6, 30)),
)


@pytest.fixture
def people(run: Run, casefile: Path) -> Path:
    for n, (born, start) in enumerate(PEOPLE):
        if n < 2:
            added = run("youth", "add", f"Ung {n}", "--born", born, "--start", start)
            assert added.exit_code == 0, added.stderr
            continue
        conn = sqlite3.connect(casefile)
        with conn:
            conn.execute(
                "INSERT INTO youth (ref, name, born, start, created, updated) "
                "VALUES (?, ?, ?, ?, 'x', 'x')",
                (f"R{n}", f"Ung {n}", born, start),
            )
        conn.close()
    return casefile


@pytest.mark.laptop_only("the report on a rolled-back transaction of the case file's own")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(meetings=st.lists(MEETING, max_size=30), end=st.none() | st.dates(date(2024, 6, 1),
       date(2026, 11, 28)))  # fmt: skip
def test_the_milestones_held_as_their_labels_and_dates_say(
    people: Path, meetings: list[tuple[Any, ...]], end: date | None
) -> None:
    """The milestones each young person held up to the window's end (a held milestone
    meeting's label, or the milestone its date lies near, deadlines.milestone_of), and each
    milestone held where it was due (its age in the young person's time up to the end)."""
    from efter.core import rules
    from efter.core.deadlines import milestone_of
    from efter.core.report_meetings import meetings as report
    from efter.core.reports import Filters

    last = end or date(2026, 11, 28)
    conn = sqlite3.connect(people)
    try:
        conn.execute("BEGIN")
        for youth, kind, label, status, day in meetings:
            conn.execute(
                "INSERT INTO meeting (youth_id, kind, milestone, starts, status, created, "
                "updated) VALUES (?, ?, ?, ?, ?, 'x', 'x')",
                (youth, kind, label if kind == "milestone" else None, f"{day}T10:00", status),
            )
        data = report(conn, Filters(end=end), date(2026, 11, 28)).data
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    held: dict[int, set[str]] = {n + 1: set() for n in range(len(PEOPLE))}
    for youth, kind, label, status, day in meetings:
        if kind == "milestone" and status == "held" and day <= last:
            stone = milestone_of(kind, label, PEOPLE[youth - 1][0], day.isoformat())
            if stone:
                held[youth].add(stone)
    in_report = {n + 1 for n, (_, start) in enumerate(PEOPLE) if start <= last.isoformat()}
    assert {row["id"]: row["milestones_held"] for row in data["by_youth"]} == {
        youth: sorted(held[youth], key=float) for youth in in_report
    }
    due = {
        code: {youth for youth in in_report
               if PEOPLE[youth - 1][1] <= rules.age_day(date.fromisoformat(
                   PEOPLE[youth - 1][0]), months).isoformat() <= last.isoformat()}
        for code, months in rules.MILESTONE_MONTHS
    }  # fmt: skip
    assert data["milestones"] == [
        {"milestone": code, "due": len(due[code]), "held": len({y for y in due[code]
         if code in held[y]}), "share": item["share"]}
        for (code, _), item in zip(rules.MILESTONE_MONTHS, data["milestones"], strict=True)
    ]  # fmt: skip
    assert data["totals"]["held"] == sum(
        1 for youth, _, _, status, day in meetings
        if status == "held" and day <= last and youth in in_report
    )  # fmt: skip


@pytest.mark.parametrize(
    "chosen", ["1", "m.youth_id IN (SELECT value FROM json_each(:ids))"], ids=["all", "some"]
)
def test_the_register_reads_the_milestone_meetings_held_from_their_own_index(
    casefile: Path, engine: str, chosen: str
) -> None:
    """The same statement on PostgreSQL, translated as efter sends it: the index that holds
    only the milestone meetings held, never the meetings whole (tests/helpers/pgplans.py)."""
    if engine != "postgresql":
        pytest.skip("the register's plan: runs with --engine postgresql (SQLite's: above)")
    import os

    import psycopg

    from efter.core.dialect import PostgresConnection, translate
    from efter.core.report_meetings import MILESTONES_HELD
    from tests.helpers.pgplans import indexes, seq_scans

    translated = translate(MILESTONES_HELD.format(chosen=chosen))
    with psycopg.connect(os.environ["EFTER_DB"]) as conn:
        conn.execute("SET search_path = efter")
        params = PostgresConnection(conn).bind(translated, {"after": "2026-11-29", "ids": "[1]"})
        assert seq_scans(conn, translated.sql, params, ("meeting",)) == []
        assert indexes(conn, translated.sql, params)[0] == "meeting_milestone_held"
