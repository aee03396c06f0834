"""The reports read what the meeting and agreement commands (issue 3) write, not only what the
SQL-built case files of the other report tests hold (today 2026-11-28)."""

from pathlib import Path

from _reportkit import enrol


def test_meetings_and_agreements_made_through_the_cli(run, json_of, casefile: Path) -> None:
    enrol(run, "Ida", "2010-06-01", "2025-10-01", coordinator="Mette", legal_basis="46")
    for args in (
        ["1", "--at", "2026-05-20 14:00", "--kind", "milestone", "--force"],
        ["1", "--at", "2026-09-01 14:00", "--force"],
    ):
        assert run("meeting", "plan", *args).exit_code == 0, args
    first = run(
        "agreement", "add", "1", "--what", "Søge SU", "--owner", "youth", "--due", "2026-06-01"
    )
    second = run("agreement", "add", "1", "--what", "Ringe", "--owner", "coordinator",
                 "--due", "2026-08-01")  # fmt: skip
    assert (first.exit_code, second.exit_code) == (0, 0)
    held = run("meeting", "held", "1", "--attended", "youth,coordinator", "--moved", "2=2026-12-15")
    assert held.exit_code == 0, held.stderr
    assert run("agreement", "done", "1", "--date", "2026-06-10").exit_code == 0

    meetings = json_of("report", "meetings")
    assert (meetings["totals"]["planned"], meetings["totals"]["held"]) == (2, 1)
    assert meetings["totals"]["not_registered"] == 1
    assert meetings["totals"]["youth_attended"] == 1
    assert [m["held"] for m in meetings["milestones"]] == [1, 0, 0]  # at 16, on 2026-05-20

    agreements = json_of("report", "agreements")["totals"]
    assert (agreements["made"], agreements["kept_late"], agreements["moved"]) == (2, 1, 1)
    assert agreements["not_yet_due"] == 1  # moved to 2026-12-15

    deadlines = json_of("report", "deadlines")["young_people"][0]["deadlines"]
    assert (deadlines["ungeplan"]["status"], deadlines["ungeplan"]["how"]) == ("met", "meeting")
