"""`efter due` lists its agreements column by column (core.due._agreements): each one is what
agreements.describe_many() makes of it, for every kind of owner (the young person, the
coordinator, one with no coordinator on file, a team and a network member), with and without
events, for everyone and for one coordinator; and the tables read only what they show, the
same values."""

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from meeting_case import build as build_case

from efter.cli.options import opened
from efter.core import agreements
from efter.core import due as core

TODAY = date(2026, 11, 28)


@pytest.fixture
def case(run: Any, casefile: Path) -> Path:
    build_case(run)
    for step in (
        ("youth", "add", "Jonas Kristensen", "--born", "2009-11-10", "--start", "2026-01-01"),
        ("agreement", "add", "1", "--what", "Søge SU", "--owner", "youth", "--due", "2026-11-25"),
        ("agreement", "add", "1", "--what", "Ringe", "--owner", "Peter", "--due", "2026-12-10"),
        ("agreement", "add", "1", "--what", "Mor ringer", "--owner", "Helle",
         "--due", "2026-11-01"),
        ("agreement", "add", "2", "--what", "Følge op", "--owner", "coordinator",
         "--due", "2026-11-20"),
        ("agreement", "add", "3", "--what", "Ingen koordinator", "--owner", "coordinator",
         "--due", "2026-11-21"),
        ("agreement", "add", "2", "--what", "Hanne", "--owner", "Hanne", "--due", "2026-10-01"),
        ("agreement", "add", "2", "--what", "Senere", "--owner", "youth", "--due", "2027-03-01"),
        ("agreement", "add", "2", "--what", "Holdt", "--owner", "youth", "--due", "2026-11-02"),
        ("agreement", "move", "2", "--due", "2026-12-11", "--note", "Ferie"),
        ("agreement", "move", "2", "--due", "2026-12-12"),
        ("agreement", "move", "6", "--due", "2026-11-15"),
        ("agreement", "done", "8"),
    ):  # fmt: skip
        assert run(*step).exit_code == 0, step
    return casefile


def _described(ids: list[int]) -> list[dict[str, Any]]:
    """describe_many() of these agreements, in this order, as --json writes it."""
    with opened(None) as casefile, casefile.write() as conn:
        rows = {row["id"]: row for row in conn.execute("SELECT * FROM agreement")}
        described = agreements.describe_many(conn, [rows[n] for n in ids], TODAY)
    return json.loads(json.dumps(described))


@pytest.mark.parametrize("coordinator", [None, "mette holm"])
def test_each_agreement_is_what_describe_many_makes_of_it(
    run: Any, case: Path, json_of: Any, coordinator: str | None
) -> None:
    listed = json_of("due", *(("--coordinator", coordinator) if coordinator else ()))
    found = listed["agreements"]
    ids = [item["id"] for item in found]
    assert ids == ([3, 6, 4, 1, 2] if coordinator else [3, 6, 4, 5, 1, 2])
    assert found == _described(ids)
    roles = {item["owner_name"]: item["owner_role"] for item in found}
    assert roles == {
        "Helle Nørgaard": "Mother", "Hanne Friis": "Job centre adviser",
        "Mette Holm": "Coordinator", "Amalie Nørgaard": "Young person",
        "Peter Dam": "Youth guidance counsellor",
        **({} if coordinator else {"Koordinator": "Coordinator"}),  # no coordinator on file
    }  # fmt: skip
    assert [len(item["events"]) for item in found] == (
        [0, 1, 0, 0, 2] if coordinator else [0, 1, 0, 0, 0, 2]
    )
    assert json_of("due", "--limit", "2")["agreements"] == _described([3, 6])


def test_the_tables_read_only_what_they_show_the_same_values(run: Any, case: Path) -> None:
    def report(whole: bool) -> dict[str, Any]:
        with opened(None) as casefile, casefile.write() as conn:
            return core.report(conn, TODAY, date(2026, 12, 12), judge_contracts=lambda *_: {},
                               whole=whole)  # fmt: skip

    shown, whole = report(False)["agreements"].columns, report(True)["agreements"].columns
    assert list(shown) == ["id", "youth_id", "youth_ref", "youth_name", "what", "owner_name",
                           "due", "overdue"]  # fmt: skip
    assert shown == {key: whole[key] for key in shown}
    assert shown["overdue"] == [True, True, True, True, True, False]
    lines = run("due", "--all").stdout.splitlines()
    at = lines.index("Agreements due until 2026-12-12")
    assert [re.split(r"   +", line) for line in lines[at + 3 : at + 9]] == [
        ["3", "2026-11-01", "Amalie Nørgaard (2025-0412)", "Mor ringer", "Helle Nørgaard",
         "OVERDUE"],
        ["6", "2026-11-15", "Sara Ali (2025-0433)", "Hanne", "Hanne Friis", "OVERDUE"],
        ["4", "2026-11-20", "Sara Ali (2025-0433)", "Følge op", "Mette Holm", "OVERDUE"],
        ["5", "2026-11-21", "Jonas Kristensen (3)", "Ingen koordinator", "Koordinator",
         "OVERDUE"],
        ["1", "2026-11-25", "Amalie Nørgaard (2025-0412)", "Søge SU", "Amalie Nørgaard",
         "OVERDUE"],
        ["2", "2026-12-12", "Amalie Nørgaard (2025-0412)", "Ringe", "Peter Dam"],
    ]  # fmt: skip
