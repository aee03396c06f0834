"""efter report meetings against a hand-computed case file (today 2026-11-28).

Meetings are put in with SQL (the meeting commands live on another branch):
  Ida  (Mette, born 2010-06-01, start 2025-10-01): 2025-12-01 held (came), 2026-05-20 milestone 16
       held (apologies), 2026-09-01 cancelled, 2026-11-01 no-show, 2026-11-20 still planned,
       2027-01-10 planned (after the window).
  Jens (Mette, born 2008-12-01, start 2026-03-01): 2026-05-25 milestone 17.5 held (came),
       2026-06-10 held (came).
  Karl (Jonas, born 2007-01-15, start 2024-01-01): 2024-06-01 milestone 17.5 held (nobody
       recorded), 2026-02-01 held (came). His 18½ milestone (2025-07-15) was not held.
  Lise (Jonas, born 2007-04-04, 2025-01-01 - 2025-06-01): no meetings.
"""

from pathlib import Path

import pytest
from _reportkit import enrol, golden, lines, meeting


@pytest.fixture
def cases(run, casefile: Path) -> Path:
    ida = enrol(run, "Ida", "2010-06-01", "2025-10-01", coordinator="Mette", programme="V")
    jens = enrol(run, "Jens", "2008-12-01", "2026-03-01", coordinator="Mette", programme="V")
    karl = enrol(run, "Karl", "2007-01-15", "2024-01-01", coordinator="Jonas", programme="V")
    lise = enrol(run, "Lise", "2007-04-04", "2025-01-01", coordinator="Jonas", programme="V")
    assert (
        run("youth", "close", str(lise), "--date", "2025-06-01", "--outcome", "neither").exit_code
        == 0
    )
    meeting(casefile, ida, "2025-12-01", "held", youth_presence="attended")
    meeting(casefile, ida, "2026-05-20", "held", "milestone", "16", youth_presence="apologies")
    meeting(casefile, ida, "2026-09-01", "cancelled")
    meeting(casefile, ida, "2026-11-01", "no-show")
    meeting(casefile, ida, "2026-11-20", "planned")
    meeting(casefile, ida, "2027-01-10", "planned")
    meeting(casefile, jens, "2026-05-25", "held", "milestone", "17.5", youth_presence="attended")
    meeting(casefile, jens, "2026-06-10", "held", youth_presence="attended")
    meeting(casefile, karl, "2024-06-01", "held", "milestone", "17.5")
    meeting(casefile, karl, "2026-02-01", "held", youth_presence="attended")
    return casefile


def test_meeting_figures(json_of, cases: Path) -> None:
    data = json_of("report", "meetings")
    assert data["totals"] == {
        "planned": 9, "held": 6, "cancelled": 1, "no_show": 1, "not_registered": 1,
        "youth_attended": 4, "young_people": 4, "youth_attendance_share": 0.6667,
    }  # fmt: skip
    assert data["last_12_months"] == {"from": "2025-11-29", "to": "2026-11-28"}
    assert data["two_held_last_12_months"] == {"eligible": 2, "count": 1, "share": 0.5}
    assert data["milestones"] == [
        {"milestone": "16", "due": 1, "held": 1, "share": 1.0},
        {"milestone": "17.5", "due": 2, "held": 2, "share": 1.0},
        {"milestone": "18.5", "due": 1, "held": 0, "share": 0.0},
    ]
    by_coordinator = {c["coordinator"]: c for c in data["by_coordinator"]}
    assert by_coordinator["Jonas"] == {
        "coordinator": "Jonas", "young_people": 2, "planned": 2, "held": 2, "cancelled": 0,
        "no_show": 0, "not_registered": 0, "youth_attended": 1, "youth_attendance_share": 0.5,
    }  # fmt: skip
    assert by_coordinator["Mette"]["planned"] == 7
    assert by_coordinator["Mette"]["youth_attended"] == 3
    ida = data["by_youth"][0]
    assert (ida["name"], ida["planned"], ida["held"], ida["cancelled"], ida["no_show"]) == (
        "Ida", 5, 2, 1, 1,
    )  # fmt: skip
    assert (ida["not_registered"], ida["youth_attended"], ida["held_last_12_months"]) == (1, 1, 2)
    assert ida["milestones_held"] == ["16"]
    assert data["by_youth"][2]["milestones_held"] == ["17.5"]
    lise = data["by_youth"][3]
    assert (lise["name"], lise["planned"], lise["youth_attendance_share"]) == ("Lise", 0, None)


def test_window_leaves_out_cases_closed_before_it(json_of, cases: Path) -> None:
    data = json_of("report", "meetings", "--from", "2026-01-01")
    assert data["totals"]["young_people"] == 3
    assert (data["totals"]["planned"], data["totals"]["held"]) == (7, 4)
    one = json_of("report", "meetings", "--coordinator", "jonas", "--from", "2026-01-01")
    assert one["totals"]["young_people"] == 1  # a single case
    assert one["two_held_last_12_months"] == {"eligible": 1, "count": 0, "share": 0.0}
    empty = json_of("report", "meetings", "--cohort", "nobody")
    assert empty["totals"]["young_people"] == 0
    assert empty["by_youth"] == [] and empty["by_coordinator"] == []
    assert empty["milestones"][0] == {"milestone": "16", "due": 0, "held": 0, "share": None}


def test_share_withholds_a_group_under_five(run, json_of, cases: Path) -> None:
    data = json_of("report", "meetings", "--share")
    assert "by_youth" not in data and "by_coordinator" not in data
    assert set(data["totals"].values()) == {None}
    assert data["two_held_last_12_months"] == {"eligible": None, "count": None, "share": None}
    # a zero count is safe to show, but not its share of a small group
    assert data["milestones"][2] == {"milestone": "18.5", "due": None, "held": 0, "share": None}
    result = run("report", "meetings", "--share", "--csv")
    assert "Ida" not in result.stdout and "Mette" not in result.stdout
    assert result.stdout.splitlines()[1] == "totals" + "," * 12


def test_terminal_and_csv(run, cases: Path) -> None:
    result = run("report", "meetings", "--coordinator", "Jonas")
    assert result.exit_code == 0
    golden("report-meetings.jonas.txt", lines(result.stdout))
    csv = run("report", "meetings", "--csv", "--coordinator", "Jonas")
    assert csv.stdout.splitlines()[0] == (
        "section,young_people,planned,held,cancelled,no_show,not_registered,youth_attended,"
        "youth_attendance_share,measure,count,of,share,coordinator,id,name,"
        "held_last_12_months,milestones_held"
    )
    assert "youth,,2,2,0,0,0,1,,,,,,Jonas,3,Karl,1,17.5" in csv.stdout


def test_printable_page(run, cases: Path) -> None:
    result = run("report", "meetings", "--format", "html")
    assert result.exit_code == 0
    golden("report-meetings.da.html", result.stdout)
    assert "Milepælsmøde ved 17½ år holdt" in result.stdout


def test_a_young_person_with_hundreds_of_meetings(run, json_of, casefile: Path) -> None:
    """Counts are summed in SQL packed 8 bits each (core.report_meetings._PART): a young
    person with 256 meetings or more is counted by status instead, beside the others."""
    import sqlite3
    from datetime import date, timedelta

    many = enrol(run, "Many", "2008-01-01", "2025-01-01", coordinator="Mette")
    few = enrol(run, "Few", "2008-02-01", "2025-01-01", coordinator="Mette")
    meeting(casefile, few, "2026-06-01", "held", youth_presence="attended")
    statuses = ["held"] * 17 + ["cancelled", "no-show", "planned"]
    days = [(date(2025, 6, 1) + timedelta(days=n)).isoformat() for n in range(400)]
    rows = [(many, f"{day} 10:00:00", statuses[n % 20]) for n, day in enumerate(days)]
    conn = sqlite3.connect(casefile)
    with conn:
        conn.executemany(
            "INSERT INTO meeting (youth_id, starts, status, created, updated) "
            "VALUES (?, ?, ?, 'x', 'x')",
            rows,
        )
        held = [r[0] for r in conn.execute(
            "SELECT id FROM meeting WHERE youth_id = ? AND status = 'held' ORDER BY id", (many,)
        )]  # fmt: skip
        conn.executemany(
            "INSERT INTO attendance (meeting_id, person, presence) VALUES (?, 'youth', ?)",
            [(m, "attended" if n % 3 == 0 else "apologies") for n, m in enumerate(held)],
        )
    conn.close()
    held_days = [day for n, day in enumerate(days) if statuses[n % 20] == "held"]
    attended = set(held_days[::3])  # the held ones the young person came to, every third
    assert len(held_days) >= 256  # more than a count packed in 8 bits holds

    def expected(first: str) -> dict[str, int]:
        mine = [(day, statuses[n % 20]) for n, day in enumerate(days) if day <= "2026-11-28"]
        window = [(day, status) for day, status in mine if day >= first]
        count = [status for _, status in window].count
        return {
            "planned": len(window), "held": count("held"), "cancelled": count("cancelled"),
            "no_show": count("no-show"), "not_registered": count("planned"),
            "youth_attended": sum(1 for day, s in window if s == "held" and day in attended),
            "held_last_12_months": sum(s == "held" and day >= "2025-11-29" for day, s in mine),
        }  # fmt: skip

    for first in ("", "2026-06-01"):
        data = json_of("report", "meetings", *(["--from", first] if first else []))
        by_name = {row["name"]: row for row in data["by_youth"]}
        want = expected(first)
        assert {key: by_name["Many"][key] for key in want} == want
        assert (by_name["Few"]["held"], by_name["Few"]["youth_attended"]) == (1, 1)
        assert data["totals"]["held"] == want["held"] + 1
        assert data["by_coordinator"][0]["held"] == want["held"] + 1


def test_coordinators_in_danish_alphabetical_order(run, json_of, casefile: Path) -> None:
    for name, coordinator in [("A", "Åse"), ("B", "Ørn"), ("C", "ærø"), ("D", "bo"), ("E", "")]:
        options = {"coordinator": coordinator} if coordinator else {}
        enrol(run, name, "2008-01-01", "2025-01-01", **options)
    data = json_of("report", "meetings")
    assert [c["coordinator"] for c in data["by_coordinator"]] == [None, "bo", "ærø", "Ørn", "Åse"]


def test_a_window_from_before_every_meeting_counts_as_one_from_the_beginning(
    json_of, cases: Path
) -> None:
    """Without --from every meeting up to the window's end is in it, counted with one test
    fewer per meeting: the same figures as a --from before every meeting and every case."""
    whole = json_of("report", "meetings")
    early = json_of("report", "meetings", "--from", "2000-01-01")
    assert early["filters"]["from"] == "2000-01-01"
    for key in ("totals", "two_held_last_12_months", "milestones", "by_coordinator", "by_youth"):
        assert early[key] == whole[key], key
    assert whole["totals"]["held"] == 6


def test_milestones_held_by_label_or_date_and_only_of_those_in_the_report(
    run, json_of, casefile: Path
) -> None:
    """Nora (born 2009-11-10, start 2025-01-01) held a milestone meeting without its label
    on 2024-06-01, near no milestone, and cancelled her 16 meeting: her 16 (2025-11-10) is
    due and not held. Ole (born 2008-03-01, 2023-06-01 to 2024-12-31) held his at 16
    (2024-03-01): counted from the beginning, not from 2025 (his case closed before)."""
    nora = enrol(run, "Nora", "2009-11-10", "2025-01-01", coordinator="Mette")
    ole = enrol(run, "Ole", "2008-03-01", "2023-06-01", coordinator="Mette")
    closed = run("youth", "close", str(ole), "--date", "2024-12-31", "--outcome", "job")
    assert closed.exit_code == 0, closed.stderr
    meeting(casefile, nora, "2024-06-01", "held", "milestone")
    meeting(casefile, nora, "2025-11-08", "cancelled", "milestone", "16")
    meeting(casefile, ole, "2024-03-01", "held", "milestone", "16")
    whole = json_of("report", "meetings")
    assert whole["milestones"] == [
        {"milestone": "16", "due": 2, "held": 1, "share": 0.5},
        {"milestone": "17.5", "due": 0, "held": 0, "share": None},
        {"milestone": "18.5", "due": 0, "held": 0, "share": None},
    ]
    held = {person["name"]: person["milestones_held"] for person in whole["by_youth"]}
    assert held == {"Nora": [], "Ole": ["16"]}
    since = json_of("report", "meetings", "--from", "2025-01-01")
    assert since["milestones"][0] == {"milestone": "16", "due": 1, "held": 0, "share": 0.0}
    assert [person["name"] for person in since["by_youth"]] == ["Nora"]
    assert since["totals"]["held"] == 0


@pytest.mark.parametrize(
    "options",
    [(), ("--coordinator", "mette"), ("--programme", "V", "--from", "2026-01-01"),
     ("--cohort", "nobody"), ("--lang", "en", "--to", "2026-06-30"), ("--share",)],
)  # fmt: skip
def test_table_and_csv_read_only_what_they_show(run, cases: Path, monkeypatch, options) -> None:
    """The table and --csv read each young person without their ref and programme, which
    they do not show (`wide=False`): the same bytes as from everything --json reads."""
    from efter.cli import reports

    narrow = {form: run("report", "meetings", *form, *options).stdout for form in [(), ("--csv",)]}
    monkeypatch.setattr(reports, "_NARROW", frozenset())
    for form, text in narrow.items():
        assert run("report", "meetings", *form, *options).stdout == text


@pytest.mark.parametrize(
    "options",
    [(), ("--json",), ("--csv",), ("--lang", "da"), ("--coordinator", "jonas", "--json"),
     ("--from", "2026-06-01", "--to", "2026-11-01")],
)  # fmt: skip
def test_counts_written_once_a_set_as_each_young_person_s(
    run, cases: Path, monkeypatch, options
) -> None:
    """The table and --json write each set of a young person's counts once (core.rows.Alike,
    those who held a milestone a set each): the same bytes as column by column."""
    from efter.core import report_meetings

    once = run("report", "meetings", *options)
    assert once.exit_code == 0
    monkeypatch.setattr(report_meetings, "Alike", lambda *_: None)
    assert run("report", "meetings", *options).stdout == once.stdout


@pytest.mark.parametrize("options", [(), ("--from", "2026-01-01"), ("--coordinator", "jonas")])
def test_where_they_stand_summed_read_one_by_one_or_worked_out_alike(
    run, json_of, cases: Path, monkeypatch, options
) -> None:
    """How many each milestone falls due for is one sum in SQL (15 bits a milestone); a
    report of PACKED_BELOW young people or more reads each young person's standing instead,
    and a young person whose stored days are not their own (the stamp) is worked out from
    their birth date on either way: the same report."""
    import sqlite3

    from efter.core import report_meetings

    summed = json_of("report", "meetings", *options)
    assert summed["milestones"] != []
    monkeypatch.setattr(report_meetings, "PACKED_BELOW", 0)
    assert json_of("report", "meetings", *options) == summed
    conn = sqlite3.connect(cases)
    with conn:  # Ida's and Karl's stored days stale: the stamp no longer theirs
        conn.execute("UPDATE youth SET statutory_for = NULL WHERE name IN ('Ida', 'Karl')")
    conn.close()
    assert json_of("report", "meetings", *options) == summed
    monkeypatch.setattr(report_meetings, "PACKED_BELOW", 1 << 15)
    assert json_of("report", "meetings", *options) == summed
