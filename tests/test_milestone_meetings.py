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
from pathlib import Path
from typing import Any

import pytest
from _reportkit import meeting
from conftest import Run, casefile_before

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
    "chosen", ["", " AND youth_id IN (SELECT value FROM json_each('[1, 2]'))"], ids=["all", "some"]
)
def test_the_milestone_meetings_held_are_read_from_their_own_index(
    casefile: Path, chosen: str
) -> None:
    """Asked for the milestone meetings held, of everyone or of some, SQLite reads the index
    that holds only them, and nothing else, though it knows no sizes (no ANALYZE): never the
    meetings by status (every held meeting) or by young person (every meeting of each)."""
    conn = sqlite3.connect(casefile)
    plan = [
        row[3]
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT youth_id, milestone, substr(starts, 1, 10) FROM meeting "
            f"WHERE status = 'held' AND kind = 'milestone' AND +starts < '2026-11-29'{chosen}"
        )
    ]
    conn.close()
    reads = [line for line in plan if "meeting" in line]
    assert len(reads) == 1 and reads[0].startswith(
        "SEARCH meeting USING COVERING INDEX meeting_milestone_held (status=? AND kind=?"
    ), plan
