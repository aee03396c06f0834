"""Each young person's statutory dates stored on the youth row (m024_statutory_dates): what the
rules give (rules.stored_dates), for every young person however they came into the case file
(add, edit, import, an older case file migrated), and never used when they are not the row's
own (a birth date changed behind the core's back: the stamp tells, and the report computes)."""

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, casefile_before

from efter.core import rules
from efter.resources import packaged_dir

COLUMNS = (rules.STORED_STAMP, *rules.STORED_DATES)


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def _stored(db: Path) -> dict[str, tuple[Any, ...]]:
    """{ref: (born, placed_from, stamp, dates...)} as the case file holds them."""
    conn = sqlite3.connect(db)
    try:
        return {
            ref: tuple(rest)
            for ref, *rest in conn.execute(
                f"SELECT ref, born, placed_from, {', '.join(COLUMNS)} FROM youth ORDER BY id"
            )
        }
    finally:
        conn.close()


def _as_the_rules_say(stored: dict[str, tuple[Any, ...]]) -> None:
    assert stored
    for born, placed, *kept in stored.values():
        assert tuple(kept) == rules.stored_dates(born, placed)


def test_the_dates_are_the_rules_at_month_ends_and_29_february() -> None:
    # 6 months before an 18th birthday on 31 August is 28 February; a 29 February birthday
    # falls on 1 March in other years, for every date (the milestones at 17½ and 18½ too)
    assert rules.stored_dates("2008-08-31", None)[1:] == (
        "2024-11-30", "2026-02-28", "2026-08-31", "2031-08-31", "2024-08-31", "2026-02-28",
        "2027-02-28",
    )  # fmt: skip
    assert rules.stored_dates("2008-02-29", None)[1:] == (
        "2024-05-29", "2025-09-01", "2026-03-01", "2031-03-01", "2024-02-29", "2025-09-01",
        "2026-09-01",
    )  # fmt: skip
    # placed after 16: the ungeplan is 3 months after the placement began
    assert rules.stored_dates("2008-02-29", "2024-11-30")[:2] == (
        "1 2008-02-29 2024-11-30", "2025-02-28",
    )  # fmt: skip


def test_add_edit_and_import_store_the_rules_dates(run: Run, casefile: Path) -> None:
    ok(run("youth", "add", "Ida Leap", "--ref", "L1", "--born", "2008-02-29",
           "--legal-basis", "46", "--start", "2024-01-10"))  # fmt: skip
    ok(run("youth", "add", "Bo Late", "--ref", "L2", "--born", "2009-08-31",
           "--legal-basis", "46", "--placed-from", "2026-01-31", "--start", "2025-09-01"))  # fmt: skip
    ok(run("import", "youth", str(packaged_dir("examples") / "youth.csv")))
    _as_the_rules_say(_stored(casefile))
    before = _stored(casefile)
    ok(run("youth", "edit", "L1", "--born", "2008-03-31"))
    ok(run("youth", "edit", "L2", "--placed-from", "2025-10-31"))
    ok(run("youth", "edit", "2025-0412", "--name", "Amalie N."))  # no date moves
    after = _stored(casefile)
    _as_the_rules_say(after)
    assert after["L1"][0] == "2008-03-31" and after["L1"][3] == "2024-06-30"
    assert after["L2"][3] == "2026-01-31"  # 3 months after the placement's new start
    assert after["2025-0412"] == before["2025-0412"]


def test_a_birth_date_changed_behind_the_cores_back_is_judged_from_the_rules(
    run: Run, casefile: Path, json_of: Any
) -> None:
    """A row written by anything but the core (a script, an older efter, a bundle from before
    m024) keeps stored dates that are not its own: the stamp says so, and the report computes
    that young person's dates from the row as it is."""
    ok(run("youth", "add", "Ida Leap", "--ref", "L1", "--born", "2008-02-29",
           "--legal-basis", "46", "--start", "2024-01-10"))  # fmt: skip
    ok(run("youth", "add", "Bo Same", "--ref", "L2", "--born", "2008-03-14",
           "--legal-basis", "46", "--start", "2024-01-10"))  # fmt: skip
    before = json_of("report", "deadlines")
    conn = sqlite3.connect(casefile)
    with conn:
        conn.execute("UPDATE youth SET born = '2008-03-14' WHERE ref = 'L1'")
    conn.close()
    assert _stored(casefile)["L1"][2] == "1 2008-02-29 "  # the stored dates are stale
    after = json_of("report", "deadlines")
    bo, ida = after["young_people"]  # by name
    was = before["young_people"][1]
    assert (was["name"], ida["name"]) == ("Ida Leap", "Ida Leap")
    assert [d["date"] for d in was["deadlines"].values()][:2] == ["2024-05-29", "2025-09-01"]
    assert ida["deadlines"] == bo["deadlines"]  # judged alike, from the rules
    assert [d["date"] for d in ida["deadlines"].values()][:2] == ["2024-06-14", "2025-09-14"]
    # and the reports read the same once the core has stored the dates again
    computed = [json_of("report", kind) for kind in ("deadlines", "meetings")]
    ok(run("youth", "edit", "L1", "--born", "2008-03-15"))
    ok(run("youth", "edit", "L1", "--born", "2008-03-14"))
    assert _stored(casefile)["L1"][2] == "1 2008-03-14 "
    assert [json_of("report", kind) for kind in ("deadlines", "meetings")] == computed
    assert computed[1]["milestones"][0]["due"] == 2  # both reach 16 in their time


def test_an_older_case_file_migrates_with_every_young_persons_dates(
    run: Run,
    casefile: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    pg_admin: str | None,
    request: pytest.FixtureRequest,
) -> None:
    """A case file (or register) at m023_checkout: opening it runs m024_statutory_dates,
    which stores exactly the rules' dates for everyone on file, and nothing else changes."""
    from efter.core.migrations import MIGRATIONS

    names = [m.__name__ for m in MIGRATIONS]
    at = names.index("m024_statutory_dates")
    assert names[at - 1] == "m023_checkout"
    old = tmp_path / "old.db"
    target = casefile_before("m024_statutory_dates", run, old, pg_admin, monkeypatch, request)
    conn = sqlite3.connect(old)
    stamp = "2026-01-01T10:00:00"
    births = [date(2008, 2, 29), date(2008, 8, 31), date(2009, 3, 14), date(2010, 12, 31)]
    births += [date(2005, 1, 1) + timedelta(days=97 * n) for n in range(40)]
    with conn:
        for n, born in enumerate(births):
            placed = (born + timedelta(days=16 * 365 + 40 * (n % 5))).isoformat() if n % 3 else None
            conn.execute(
                "INSERT INTO youth (ref, name, born, legal_basis, placed_from, start, created, "
                "updated) VALUES (?, ?, ?, 'bl46', ?, '2025-09-01', ?, ?)",
                (f"R{n}", f"Ung {n}", born.isoformat(), placed, stamp, stamp),
            )
    old_youth = [tuple(r) for r in conn.execute("SELECT * FROM youth ORDER BY id")]
    conn.close()

    ok(run("youth", "list", "--db", target))  # opening migrates
    conn = sqlite3.connect(old)
    width = len(old_youth[0])
    rows = [tuple(r) for r in conn.execute("SELECT * FROM youth ORDER BY id")]
    recorded = [r[0] for r in conn.execute("SELECT name FROM migration")]
    conn.close()
    assert [row[:width] for row in rows] == old_youth  # every old column as it was
    assert [row[width:] for row in rows] == [  # and after them the rules' dates
        rules.stored_dates(born, placed) for born, placed, *_ in _stored(old).values()
    ]
    _as_the_rules_say(_stored(old))
    assert sorted(recorded) == sorted(names) and len(recorded) == len(names)
