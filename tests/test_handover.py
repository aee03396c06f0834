"""Issue 16 item 4: efter youth handover records the new coordinator with the date (the
history is kept and shown), warns on caseload, is audited, and writes an overdragelsesnotat
per young person in Danish and English."""

import json
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from golden import assert_golden


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(row) for row in conn.execute(sql)]
    finally:
        conn.close()


@pytest.fixture
def demo(run, tmp_path) -> Path:
    """The demo case file (its dates follow the fixed 'today')."""
    folder = tmp_path / "demo"
    assert run("demo", "--dir", str(folder)).exit_code == 0
    return folder / "casefile.db"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_one_handover_prints_the_note_and_records_the_coordinator(run, demo, lang):
    result = run("--db", str(demo), "youth", "handover", "2025-0412", "--to", "Jonas Berg",
                 "--lang", lang)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Handed over the case of Amalie Nørgaard (id 1) from Mette Holm to Jonas Berg on "
        "2026-11-28.\n"
    )
    assert_golden(f"handover.{lang}.md", result.stdout)
    assert query(demo, "SELECT coordinator FROM youth WHERE ref = '2025-0412'") == [("Jonas Berg",)]
    assert query(
        demo, "SELECT previous, coordinator, changed_on FROM coordinator_change WHERE youth_id = 1"
    ) == [("Mette Holm", "Jonas Berg", "2026-11-28")]
    line = query(demo, "SELECT action, youth_id, command FROM audit_event ORDER BY id DESC LIMIT 1")
    assert line == [("changed", 1, "youth handover")]


def test_history_is_shown_in_youth_show_and_its_json(run, demo):
    assert run("--db", str(demo), "youth", "handover", "2025-0412", "--to", "Jonas Berg",
               "--date", "2026-11-01", "--out", str(demo.parent / "notes")).exit_code == 0  # fmt: skip
    data = json.loads(run("--db", str(demo), "youth", "show", "2025-0412", "--json").stdout)
    assert data["coordinator"] == "Jonas Berg"
    assert data["coordinators"] == [
        {"coordinator": "Mette Holm", "from": "2025-09-01", "to": "2026-11-01"},
        {"coordinator": "Jonas Berg", "from": "2026-11-01", "to": None},
    ]
    shown = run("--db", str(demo), "youth", "show", "2025-0412").stdout
    assert "Coordinators" in shown
    assert "Mette Holm    2025-09-01   2026-11-01" in shown
    assert "Jonas Berg    2026-11-01   now" in shown
    # youth edit --coordinator is a change of coordinator too
    assert run("--db", str(demo), "youth", "edit", "2025-0412", "--coordinator",
               "Mette Holm").exit_code == 0  # fmt: skip
    data = json.loads(run("--db", str(demo), "youth", "show", "2025-0412", "--json").stdout)
    assert [c["coordinator"] for c in data["coordinators"]] == [
        "Mette Holm", "Jonas Berg", "Mette Holm"
    ]  # fmt: skip
    one = json.loads(run("--db", str(demo), "youth", "show", "2025-0419", "--json").stdout)
    assert one["coordinators"] == [{"coordinator": "Mette Holm", "from": "2025-09-01", "to": None}]


def test_from_hands_over_every_active_case_with_a_note_each(run, demo, tmp_path):
    out = tmp_path / "noter"
    assert run("--db", str(demo), "config", "set", "caseload-limit", "3").exit_code == 0
    result = run("--db", str(demo), "youth", "handover", "--from", "mette holm", "--to",
                 "Jonas Berg", "--out", str(out))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "Handed over the case of Amalie Nørgaard (id 1) from Mette Holm to Jonas Berg on "
        "2026-11-28."
    )
    assert len(lines) == 6
    assert lines[-2] == (
        "Warning: Jonas Berg now has 5 active cases, above the limit of 3 (change it with "
        "'efter config set caseload-limit N')."
    )
    assert lines[-1] == f"Wrote 4 handover notes to {out}/."
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == [
        "overdragelsesnotat-2025-0412.md", "overdragelsesnotat-2025-0419.md",
        "overdragelsesnotat-2025-0433.md", "overdragelsesnotat-2025-0457.md",
    ]  # fmt: skip
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())
    assert "# Overdragelsesnotat: Sara Ali" in (out / "overdragelsesnotat-2025-0433.md").read_text()
    assert query(demo, "SELECT count(*) FROM youth WHERE coordinator = 'Mette Holm'") == [(3,)]
    # the three left are closed cases: a handover is for active ones
    closed = run("--db", str(demo), "youth", "handover", "2024-0101", "--to", "Jonas Berg")
    assert closed.exit_code == 1
    assert closed.stderr == (
        "Error: The case of Emma Sørensen (id 7) is closed: reopen it with 'efter youth reopen "
        "7' before handing it over.\n"
    )
    again = run("--db", str(demo), "youth", "handover", "--from", "Mette Holm", "--to", "X")
    assert again.exit_code == 1
    assert again.stderr == (
        "Error: Mette Holm has no active cases: see 'efter report caseload' for the "
        "coordinators and their cases.\n"
    )
    refused = run("--db", str(demo), "youth", "handover", "--from", "Jonas Berg", "--to",
                  "Mette Holm", "--out", str(out))  # fmt: skip
    assert refused.exit_code == 1  # the notes are there: --force replaces them
    assert "exists" in refused.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["2025-0412", "--to", "Mette Holm"], 1,
         "Error: Mette Holm is already the coordinator of Amalie Nørgaard (id 1).\n"),
        (["2025-0412", "--to", "Jonas Berg", "--date", "2026-12-01"], 1,
         "Error: --date: the handover date 2026-12-01 lies ahead: record a handover on the day it "
         "takes effect: give today or an earlier day.\n"),
        (["2025-0412", "--to", "Jonas Berg", "--date", "2025-08-01"], 1,
         "Error: --date: the handover date 2025-08-01 is before Amalie Nørgaard (id 1) started "
         "on 2025-09-01: give a later day.\n"),
        (["2025-0412", "2025-0419", "--to", "Jonas Berg"], 1,
         "Error: 2 young people get a handover note each: give --out FOLDER to write one file "
         "per young person.\n"),
        (["2025-0412", "--to", "Jonas\tBerg"], 1,
         "Error: --to: the value contains a tab, and it is a field of one line: write it on one "
         "line and try again.\n"),
        (["--from", "Mette\tHolm", "--to", "Jonas Berg"], 1,
         "Error: --from: the value contains a tab, and it is a field of one line: write it on one "
         "line and try again.\n"),
        (["2025-0412", "--to", "J" * 201], 1,
         "Error: --to: 201 characters, more than the 200 efter keeps: shorten it and try "
         "again.\n"),
        (["--from", "M" * 500, "--to", "Jonas Berg"], 1,
         "Error: --from: 500 characters, more than the 200 efter keeps: shorten it and try "
         "again.\n"),
        (["2025-0412", "--to", "Jonas\nBerg"], 1, None),
        (["2025-0412", "--to", "Jonas Berg", "--lang", "fr"], 1, None),
        (["2025-9999", "--to", "Jonas Berg"], 1,
         "Error: No young person has the id or ref '2025-9999': see 'efter youth list' for who "
         "is on file.\n"),
        (["--to", "Jonas Berg"], 2, "give the young people to hand over"),
        (["2025-0412", "--from", "Mette Holm", "--to", "Jonas Berg"], 2, "not both"),
        (["2025-0412"], 2, "give the new coordinator with --to NAME"),
    ],
)  # fmt: skip
def test_bad_handovers_change_nothing(run, demo, args, code, message):
    before = snapshot(demo)
    result = run("--db", str(demo), "youth", "handover", *args)
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    if message is not None and code == 1:
        assert result.stderr == message
    elif message is not None:
        assert message in result.stderr
    else:
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert snapshot(demo) == before


def test_a_handover_before_the_last_change_is_refused(run, demo, tmp_path):
    assert run("--db", str(demo), "youth", "handover", "2025-0412", "--to", "Jonas Berg",
               "--date", "2026-11-20").exit_code == 0  # fmt: skip
    before = snapshot(demo)
    result = run("--db", str(demo), "youth", "handover", "2025-0412", "--to", "Mette Holm",
                 "--date", "2026-11-10")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --date: the handover date 2026-11-10 is before the last change of coordinator "
        "for Amalie Nørgaard (id 1) on 2026-11-20: give a later day.\n"
    )
    assert snapshot(demo) == before
