"""Calendars as calendar programs read them (issue 20 item 4): ical.js under node and vobject,
neither of them efter's own, find every meeting at its right UTC time years ahead; closing a
case cancels its coming meetings; an export with no meetings is still a calendar."""

import json
import os
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.clients import icaljs, program
from tests.conftest import Run

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def read_with_icaljs(data: bytes) -> dict:
    modules = icaljs()
    node = program("node", "apt-get install -y nodejs npm")
    done = subprocess.run(
        [node, str(Path(__file__).parent / "clients_ical.cjs")],
        input=data, capture_output=True, check=False,
        env={**os.environ, "NODE_PATH": str(modules)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def read_with_vobject(data: bytes) -> dict[str, tuple[str, str, int, datetime]]:
    import vobject

    calendar = vobject.readOne(data.decode("utf-8"))
    found = {}
    for event in getattr(calendar, "vevent_list", []):
        found[event.uid.value] = (
            event.status.value,
            int(event.sequence.value),
            event.dtstart.value.astimezone(UTC),
        )
    return found


def utc(local: str) -> datetime:
    return datetime.fromisoformat(local).replace(tzinfo=COPENHAGEN).astimezone(UTC)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def stored(db: Path) -> dict[int, tuple[str, str, int]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, starts, status, sequence FROM meeting").fetchall()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def meeting_id(uid: str) -> int:
    return int(uid.split("-")[2])


def test_both_parsers_read_the_demo_calendar_at_the_right_utc_times(
    run: Run, env: Path, tmp_path: Path
) -> None:
    assert run("demo", "--dir", str(tmp_path / "demo")).exit_code == 0
    db = tmp_path / "demo" / "casefile.db"
    out = tmp_path / "demo.ics"
    result = run("meeting", "ics", "--all", "--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    meetings = stored(db)
    parsed = read_with_icaljs(data)
    assert parsed["components"][0] == "vtimezone"
    years = set()
    for event in parsed["events"]:
        starts, _, _ = meetings[meeting_id(event["uid"])]
        years.add(starts[:4])
        assert (event["tzid"], event["start"]) == ("Europe/Copenhagen", iso(utc(starts)))
    assert "2028" in years  # the 18½ meeting two years ahead, which was an hour late
    by_vobject = read_with_vobject(data)
    assert len(by_vobject) == len(parsed["events"])
    for uid, (_, _, start) in by_vobject.items():
        assert start == utc(meetings[meeting_id(uid)][0])


SERIES = (
    "2027-01-14 09:30",  # winter
    "2027-04-01 10:00",  # the first week of summer time
    "2027-07-01 10:00",
    "2028-07-03 10:00",  # the demo's 18½ meeting shifted here (11:00 in ical.js before)
    "2028-10-30 10:00",  # the Monday after winter time starts
    "2029-06-20 13:00",
    "2029-12-03 14:00",
)


def _series(run: Run) -> None:
    added = run(
        "youth", "add", "Amalie Nørgaard", "--born", "2010-01-03", "--ref", "2025-0412",
        "--start", "2025-09-01", "--force",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    for at in SERIES:
        planned = run("meeting", "plan", "1", "--at", at, "--place", "Ungeindsatsen")
        assert planned.exit_code == 0, planned.stderr


def test_a_three_year_series_keeps_its_hour_in_both_parsers(run: Run, casefile: Path) -> None:
    _series(run)
    data = run("meeting", "ics", "1").stdout_bytes
    parsed = read_with_icaljs(data)
    assert [e["start"] for e in parsed["events"]] == [iso(utc(at)) for at in SERIES]
    assert sorted(s for _, _, s in read_with_vobject(data).values()) == [utc(at) for at in SERIES]
    text = data.decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in text
    assert "RDATE" not in text


def test_rules_that_change_are_one_rdate_per_line() -> None:
    """Years before 1996 (summer time ended in September) fall back to RDATE lines, each read
    by vobject."""
    import vobject

    from efter.render.calendar import vtimezone

    text = vtimezone("Europe/Copenhagen", 1990, 1991).to_ical().decode()
    assert "RRULE" not in text and "," not in text
    assert text.count("RDATE:") == 6
    zone = (
        vobject.readComponents(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + text + "END:VCALENDAR\r\n"
        )
        .__next__()
        .vtimezone.gettzinfo()
    )
    for local, offset in (("1990-08-01 10:00", 2), ("1990-10-15 10:00", 1), ("1991-07-01", 2)):
        moment = datetime.fromisoformat(local).replace(tzinfo=zone)
        assert moment.utcoffset().total_seconds() == offset * 3600, local


def test_an_export_without_meetings_is_a_calendar(run: Run, casefile: Path) -> None:
    """RFC 5545 3.6: one or more components, and a VTIMEZONE is one."""
    assert run("youth", "add", "Ali Hassan", "--born", "2009-05-01", "--force").exit_code == 0
    result = run("meeting", "ics", "1")
    assert result.exit_code == 0, result.stderr
    data = result.stdout_bytes
    assert read_with_icaljs(data) == {"components": ["vtimezone"], "events": []}
    assert read_with_vobject(data) == {}
    from icalendar import Calendar

    assert [c.name for c in Calendar.from_ical(data).subcomponents] == ["VTIMEZONE"]


def _cancelled(run: Run, *args: str) -> dict[int, tuple[str, int]]:
    data = run("meeting", "ics", *args).stdout_bytes
    return {
        meeting_id(e["uid"]): (e["status"], e["sequence"]) for e in read_with_icaljs(data)["events"]
    }


def test_closing_a_case_cancels_its_coming_meetings(run: Run, casefile: Path) -> None:
    _series(run)
    assert run("meeting", "plan", "1", "--at", "2026-11-30 10:00").exit_code == 0  # 8: before
    result = run("youth", "close", "1", "--date", "2027-03-01", "--outcome", "education")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Closed the case of Amalie Nørgaard (id 1) on 2027-03-01.\n"
        "Cancelled its 6 planned meetings from 2027-03-01 on (2, 3, 4, 5, 6, 7); export the "
        "calendar again ('efter meeting ics') so calendars drop them.\n"
    )
    seen = _cancelled(run, "--all")
    assert seen == {n: ("CANCELLED", 1) for n in range(2, 8)}
    mine = _cancelled(run, "1")
    assert mine[1] == ("CONFIRMED", 0) and mine[8] == ("CONFIRMED", 0)
    assert {n: mine[n] for n in range(2, 8)} == seen


def test_keep_meetings_keeps_them(run: Run, casefile: Path) -> None:
    _series(run)
    result = run("youth", "close", "1", "--date", "2029-01-01", "--keep-meetings")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Closed the case of Amalie Nørgaard (id 1) on 2029-01-01.\n"
        "Kept its 2 planned meetings from 2029-01-01 on (6, 7); cancel them with 'efter "
        "meeting cancel' if they will not be held.\n"
        "Outcome: unknown, as no status is recorded (see 'efter status'); give --outcome to "
        "set it.\n"
    )
    assert set(_cancelled(run, "1").values()) == {("CONFIRMED", 0)}


@pytest.mark.parametrize(
    ("answer", "status"), [("n\n", ("CONFIRMED", 0)), ("y\n", ("CANCELLED", 1))]
)
def test_closing_asks_on_a_terminal(
    run: Run, casefile: Path, monkeypatch: pytest.MonkeyPatch, answer: str, status: tuple
) -> None:
    from efter.cli import ask

    monkeypatch.setattr(ask, "interactive", lambda: True)
    _series(run)
    result = run("youth", "close", "1", "--date", "2029-12-01", input=answer)
    assert result.exit_code == 0, result.stderr
    assert "Cancel its 1 planned meeting from 2029-12-01 on: 7 (2029-12-03 14:00) [y/N]:" in (
        result.stderr
    )
    assert _cancelled(run, "1")[7] == status
