"""efter meeting ics and efter due."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from meeting_case import build


@pytest.fixture
def case(run: Any, casefile: Path) -> Path:
    build(run)
    return casefile


def _events(data: bytes) -> list[Any]:
    from icalendar import Calendar

    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_ics_one_event_per_planned_meeting(run: Any, case: Path, tmp_path: Path) -> None:
    run(
        "meeting",
        "plan",
        "1",
        "--at",
        "2026-12-03 14:00",
        "--place",
        "Rådhuset",
        "--duration",
        "60",
    )
    run("meeting", "plan", "1", "--at", "2027-06-10 09:30")
    run("meeting", "plan", "1", "--at", "2026-11-02 10:00", "--force")
    run("meeting", "held", "3", "--attended", "youth")
    run("meeting", "plan", "2", "--at", "2026-12-04 10:00")
    out = tmp_path / "moeder.ics"
    result = run("meeting", "ics", "2025-0412", "--out", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        f"Wrote 2 meetings to {out}\n",
    )
    data = out.read_bytes()
    events = _events(data)
    assert [str(e["SUMMARY"]) for e in events] == ["Netværksmøde: 2025-0412"] * 2
    first = events[0]
    assert first.decoded("DTSTART").isoformat() == "2026-12-03T14:00:00+01:00"
    assert str(first.decoded("DTSTART").tzinfo) == "Europe/Copenhagen"
    assert first.decoded("DTEND").isoformat() == "2026-12-03T15:00:00+01:00"
    assert events[1].decoded("DTSTART").isoformat() == "2027-06-10T09:30:00+02:00"
    assert str(first["LOCATION"]) == "Rådhuset"
    assert first["SEQUENCE"] == 0 and first["STATUS"] == "CONFIRMED"
    assert first.decoded("DTSTAMP").tzinfo is not None
    assert str(first["UID"]).startswith("efter-meeting-1-") and str(first["UID"]).endswith("@efter")
    assert b"BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen" in data
    # No name, no birth date, no CPR in the file.
    for secret in ("Amalie", "Nørgaard", "2009", "140309"):
        assert secret.encode() not in data


def test_ics_uid_stable_and_sequence_bumps(run: Any, case: Path) -> None:
    run("meeting", "plan", "1", "--at", "2026-12-03 14:00")
    run("meeting", "plan", "1", "--at", "2026-12-10 14:00")
    before = {str(e["UID"]): e for e in _events(run("meeting", "ics", "1").stdout_bytes)}
    run("meeting", "move", "1", "--at", "2026-12-08 14:00")
    run("meeting", "cancel", "2")
    after = {str(e["UID"]): e for e in _events(run("meeting", "ics", "1").stdout_bytes)}
    assert set(before) == set(after) and len(after) == 2
    moved, cancelled = sorted(after.values(), key=lambda e: str(e["UID"]))
    assert moved["SEQUENCE"] == 1 and moved.decoded("DTSTART").day == 8
    assert cancelled["SEQUENCE"] == 1 and cancelled["STATUS"] == "CANCELLED"
    # A second case file gives other UIDs for its meeting 1.
    uids = set(after)
    assert all(len(uid) > len("efter-meeting-1-@efter") + 30 for uid in uids)


def test_what_no_calendar_shows_keeps_the_sequence(run: Any, case: Path) -> None:
    # held, no-show and amended minutes go through the write move and cancel use, without a bump
    for at in ("2026-11-20 14:00", "2026-11-21 14:00"):
        assert run("meeting", "plan", "1", "--at", at, "--force").exit_code == 0
    assert run("meeting", "held", "1", "--attended", "youth").exit_code == 0
    assert run("meeting", "amend", "1", "--minutes", "-", input="Godt møde.").exit_code == 0
    assert run("meeting", "no-show", "2").exit_code == 0
    conn = sqlite3.connect(case)
    stored = conn.execute("SELECT status, minutes, sequence FROM meeting ORDER BY id").fetchall()
    conn.close()
    assert stored == [("held", "Godt møde.", 0), ("no-show", None, 0)]


def test_ics_title_setting(run: Any, case: Path) -> None:
    run("meeting", "plan", "1", "--at", "2026-12-03 14:00")
    assert run("config", "set", "ics-title", "initials").exit_code == 0
    assert [str(e["SUMMARY"]) for e in _events(run("meeting", "ics", "--all").stdout_bytes)] == [
        "Netværksmøde: AN"
    ]
    run("config", "set", "ics-title", "name")
    assert "Amalie Nørgaard" in run("meeting", "ics", "1").stdout
    before = snapshot(case)
    bad = run("config", "set", "ics-title", "cpr")
    assert (bad.exit_code, bad.stderr) == (
        1,
        "Error: The setting ics-title takes one of ref, initials, name, not 'cpr'.\n",
    )
    assert snapshot(case) == before


def test_ics_bad_input(run: Any, case: Path) -> None:
    for args, message in (
        ((), "Whose meetings? Give a young person's id or ref, or --all."),
        (("1", "--all"), "Give a young person or --all, not both."),
        (
            ("9",),
            "No young person has the id or ref '9': see 'efter youth list' for who is on file.",
        ),
    ):
        result = run("meeting", "ics", *args)
        code = 1 if args == ("9",) else 2  # a usage mistake (2), a ref not on file (1)
        assert (result.exit_code, result.stdout, result.stderr) == (code, "", f"Error: {message}\n")


def test_ics_empty_calendar_is_valid(run: Any, case: Path) -> None:
    result = run("meeting", "ics", "--all")
    assert result.exit_code == 0
    assert _events(result.stdout_bytes) == []
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")


EXPECTED_DUE = [
    "Meetings until 2026-12-12",
    "ID   When               Young person                  Place",
    "─" * 83,
    "3    2026-11-20 10:00   Sara Ali (2025-0433)                  OVERDUE: not recorded",
    "1    2026-12-03 14:00   Amalie Nørgaard (2025-0412)",
    "",
    "Agreements due until 2026-12-12",
    "ID   Due          Young person                  What      Owner",
    "─" * 83,
    "1    2026-11-25   Amalie Nørgaard (2025-0412)   Søge SU   Amalie Nørgaard   OVERDUE",
    "2    2026-12-10   Amalie Nørgaard (2025-0412)   Ringe     Peter Dam",
    "",
    "No meeting planned in the next six months",
    "Young person                   Last meeting held",
    "─" * 48,
    "Jonas Kristensen (2025-0457)   never",
    "Sara Ali (2025-0433)           never",
    "",
    "Statutory dates and deadlines until 2027-02-26, and deadlines missed",
    "Date         In days   Young person                   What",
    "─" * 75,
    "2027-02-10   74        Jonas Kristensen (2025-0457)   Youth plan (§ 108)",
    "",
]


def test_due_lists_what_needs_doing(run: Any, case: Path, json_of: Any) -> None:
    for step in (
        ("meeting", "plan", "1", "--at", "2026-12-03 14:00"),
        ("meeting", "plan", "1", "--at", "2027-01-20 14:00"),
        ("meeting", "plan", "2", "--at", "2026-11-20 10:00", "--force"),
        ("agreement", "add", "1", "--what", "Søge SU", "--owner", "youth", "--due", "2026-11-25"),
        ("agreement", "add", "1", "--what", "Ringe", "--owner", "Peter", "--due", "2026-12-10"),
        ("agreement", "add", "1", "--what", "Senere", "--owner", "Peter", "--due", "2027-02-10"),
        # Placed under § 46 and turned 16 on 10 November: the ungeplan is due 3 months later.
        ("youth", "add", "Jonas Kristensen", "--ref", "2025-0457", "--born", "2010-11-10",
         "--legal-basis", "46"),
    ):  # fmt: skip
        assert run(*step).exit_code == 0, step
    data = json_of("due")
    assert (data["today"], data["until"], data["statutory_until"]) == (
        "2026-11-28", "2026-12-12", "2027-02-26",
    )  # fmt: skip
    assert [(m["id"], m["overdue"]) for m in data["meetings"]] == [(3, True), (1, False)]
    assert [(a["id"], a["overdue"]) for a in data["agreements"]] == [(1, True), (2, False)]
    assert [n["youth_name"] for n in data["no_meeting_planned"]] == ["Jonas Kristensen", "Sara Ali"]
    assert data["no_meeting_planned"][0] == {
        "youth_id": 3, "youth_ref": "2025-0457", "youth_name": "Jonas Kristensen", "last_held": None,
    }  # fmt: skip
    assert [(s["youth_ref"], s["code"], s["date"]) for s in data["statutory_dates"]] == [
        ("2025-0457", "ungeplan", "2027-02-10"),
    ]
    assert data["overdue"] == 2
    result = run("due", "--within", "2w")
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "Meetings until 2026-12-12" in lines
    assert lines == EXPECTED_DUE
    assert result.stderr == "Every signed contract matches the case.\n2 overdue.\n"
    check = run("due", "--check")
    assert check.exit_code == 1
    wide = json_of("due", "--within", "3m")
    assert [a["id"] for a in wide["agreements"]] == [1, 2, 3]
    assert wide["until"] == "2027-02-28"


def test_due_check_passes_when_nothing_is_overdue(run: Any, case: Path) -> None:
    run("meeting", "plan", "1", "--at", "2026-12-03 14:00")
    result = run("due", "--check", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["overdue"] == 0


def test_due_bad_window(run: Any, case: Path) -> None:
    result = run("due", "--within", "two weeks")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error: --within: 'two weeks' is not a window: write days, weeks or months, such as 14d, "
        "3w or 2m.\n",
    )


def test_due_on_an_empty_case_file(run: Any, casefile: Path, json_of: Any) -> None:
    data = json_of("due")
    assert (data["meetings"], data["agreements"], data["no_meeting_planned"]) == ([], [], [])


@pytest.mark.laptop_only("an older case file, with its copy kept beside it")
def test_m007_upgrades_a_file_from_before_meetings(run: Any, case: Path) -> None:
    import sqlite3

    from efter.core.migrations import MIGRATIONS, m007_meetings

    before = MIGRATIONS.index(m007_meetings)
    run("meeting", "plan", "1", "--at", "2026-12-03 14:00")
    conn = sqlite3.connect(case)
    conn.execute("ALTER TABLE meeting DROP COLUMN sequence")
    conn.execute("DELETE FROM setting WHERE key = 'casefile-uuid'")
    for later in MIGRATIONS[before:]:  # m007 and every migration after it run again
        conn.execute("DELETE FROM migration WHERE name = ?", (later.__name__,))
    conn.execute(f"PRAGMA user_version = {before}")
    conn.commit()
    conn.close()
    result = run("meeting", "ics", "1")
    assert result.exit_code == 0, result.stderr
    [event] = _events(result.stdout_bytes)
    assert event["SEQUENCE"] == 0 and str(event["UID"]).startswith("efter-meeting-1-")
    assert len(list(case.parent.glob(f"casefile.db.v{before}-*.bak"))) == 1
    again = _events(run("meeting", "ics", "1").stdout_bytes)
    assert str(again[0]["UID"]) == str(event["UID"])
