"""efter meeting plan|list|held|cancel|no-show|move|apologies, through the real CLI."""

import itertools
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from meeting_case import build

from efter.core.meetings import next_working_day, series


@pytest.fixture
def case(run: Any, casefile: Path) -> Path:
    build(run)
    return casefile


def test_plan_one_meeting(run: Any, case: Path, json_of: Any) -> None:
    result = run(
        "meeting", "plan", "2025-0412", "--at", "2026-12-03 14:00", "--place",
        "Ungeindsatsen", "--leader", "Mette Holm", "--minute-taker", "Peter Dam",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert result.stderr == (
        "Planned meeting 1 (network meeting) for Amalie Nørgaard (id 1) on 2026-12-03 14:00.\n"
    )
    [meeting] = json_of("meeting", "list", "1")
    assert meeting == {
        "id": 1, "youth_id": 1, "youth_ref": "2025-0412", "youth_name": "Amalie Nørgaard",
        "kind": "network", "milestone": None, "starts": "2026-12-03T14:00",
        "ends": "2026-12-03T15:30", "duration": 90, "place": "Ungeindsatsen",
        "leader": "Mette Holm", "minute_taker": "Peter Dam", "status": "planned",
        "status_note": None, "series": None, "forced": False, "attended": [],
        "apologies": [], "has_minutes": False,
    }  # fmt: skip


def test_series_moves_off_holidays_and_weekends(run: Any, case: Path, json_of: Any) -> None:
    result = run(
        "meeting", "plan", "1", "--at", "25-12-2026 10:00", "--every", "4 months",
        "--count", "3",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n2\n3\n"
    assert result.stderr.splitlines()[:2] == [
        "2026-12-25 is a public holiday (Juledag): moved to the next working day, 2026-12-28.",
        "2027-04-25 is a Sunday: moved to the next working day, 2027-04-26.",
    ]
    rows = json_of("meeting", "list", "1")
    assert [m["starts"] for m in rows] == [
        "2026-12-28T10:00",
        "2027-04-26T10:00",
        "2027-08-25T10:00",
    ]
    assert len({m["series"] for m in rows}) == 1 and rows[0]["series"]


def test_series_until(run: Any, case: Path, json_of: Any) -> None:
    result = run(
        "meeting", "plan", "1", "--at", "2027-01-04 09:00", "--every", "6 uger",
        "--until", "31-03-2027",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    starts = [m["starts"][:10] for m in json_of("meeting", "list", "1")]
    assert starts == ["2027-01-04", "2027-02-15", "2027-03-30"]
    assert result.stderr.splitlines()[0] == (
        "2027-03-29 is a public holiday (Anden påskedag): moved to the next working day, "
        "2027-03-30."
    )


def test_milestones_plans_those_still_ahead(run: Any, case: Path, json_of: Any) -> None:
    # Amalie (born 2009-03-14) turned 17½ on 2026-09-14; 18½ is 2027-09-14.
    result = run("meeting", "plan", "1", "--milestones", "--time", "10:30")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert result.stderr == (
        "Planned meeting 1 (milestone meeting (age 18½)) for Amalie Nørgaard (id 1) "
        "on 2027-09-14 10:30.\n"
    )
    [m] = json_of("meeting", "list", "1")
    assert (m["kind"], m["milestone"], m["starts"]) == ("milestone", "18.5", "2027-09-14T10:30")
    # Sara (born 2010-06-27) turned 16 in June: 17½ and 18½ are ahead. The 17½ meeting comes
    # two months before the § 111 date (2027-12-27, 6 months before 18).
    result = run("meeting", "plan", "2", "--milestones")
    assert result.stdout == "2\n3\n"
    assert [(m["milestone"], m["starts"]) for m in json_of("meeting", "list", "2")] == [
        ("17.5", "2027-10-27T14:00"),
        ("18.5", "2028-12-27T14:00"),
    ]
    before = snapshot(case)
    again = run("meeting", "plan", "1", "--milestones")
    assert again.exit_code == 1
    assert again.stderr == (
        "Error: The milestone meeting at 18½ is already planned for Amalie Nørgaard (id 1): "
        "see 'efter meeting list 1'.\n"
    )
    assert snapshot(case) == before


# Options that disagree or one that is missing exit 2; a value that is wrong exits 1.
USAGE_MISTAKES = {
    "When is the meeting? Give --at 'YYYY-MM-DD HH:MM' (or --milestones).",
    "A series needs an end: give --count N or --until DATE with --every.",
    "--count and --until belong to a series: add --every, e.g. --every '4 months'.",
    "Give --count or --until, not both.",
    "--milestones plans the model's own dates: leave out --at, --every, --count and --until.",
}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("9", "--at", "2026-12-03 14:00"),
            "No young person has the id or ref '9': see 'efter youth list' for who is on file.",
        ),
        (
            ("1", "--at", "2026-11-27 14:00"),
            "--at: the meeting time 2026-11-27 14:00 lies in the past: give a later time, or add "
            "--force to record a meeting that was planned back then.",
        ),
        (
            ("1", "--at", "next tuesday"),
            "The meeting time 'next tuesday' is not a date and time: write it as "
            "'YYYY-MM-DD HH:MM' (2026-12-03 14:00) or 'DD-MM-YYYY HH:MM'.",
        ),
        (
            ("1", "--at", "2026-12-03 25:00"),
            "The meeting time '2026-12-03 25:00' has no such clock time 25:00.",
        ),
        (("1",), "When is the meeting? Give --at 'YYYY-MM-DD HH:MM' (or --milestones)."),
        (
            ("1", "--at", "2026-12-03 14:00", "--every", "soon", "--count", "2"),
            "--every: 'soon' is not an interval: write a number and a unit, such as "
            "'4 months', '6 weeks' or '14 days'.",
        ),
        (
            ("1", "--at", "2026-12-03 14:00", "--every", "4 months"),
            "A series needs an end: give --count N or --until DATE with --every.",
        ),
        (
            ("1", "--at", "2026-12-03 14:00", "--count", "3"),
            "--count and --until belong to a series: add --every, e.g. --every '4 months'.",
        ),
        (
            ("1", "--at", "2026-12-03 14:00", "--every", "1 day", "--count", "40"),
            "--count: a series has 1 to 24 meetings, not 40.",
        ),
        (
            (
                "1",
                "--at",
                "2026-12-03 14:00",
                "--every",
                "2 weeks",
                "--count",
                "2",
                "--until",
                "2027-01-01",
            ),
            "Give --count or --until, not both.",
        ),
        (
            ("1", "--at", "2026-12-03 14:00", "--kind", "party"),
            "--kind: 'party' is not a kind of meeting: give start, 16, 17.5, 18.5, end or network "
            "(an ordinary network meeting).",
        ),
        (
            ("1", "--at", "2026-12-03 14:00", "--duration", "0"),
            "--duration: a meeting lasts 1 to 1440 minutes, not 0: give the length in minutes, "
            "such as 90.",
        ),
        (
            ("1", "--milestones", "--at", "2026-12-03 14:00"),
            "--milestones plans the model's own dates: leave out --at, --every, --count and --until.",
        ),
    ],
)
def test_plan_bad_input(run: Any, case: Path, args: tuple[str, ...], message: str) -> None:
    before = snapshot(case)
    result = run("meeting", "plan", *args)
    assert result.exit_code == (2 if message in USAGE_MISTAKES else 1)
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"
    assert snapshot(case) == before


def test_plan_on_closed_case_refused(run: Any, case: Path) -> None:
    assert run("youth", "close", "1", "--outcome", "education").exit_code == 0
    before = snapshot(case)
    result = run("meeting", "plan", "1", "--at", "2026-12-03 14:00")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: The case of Amalie Nørgaard (id 1) is closed (on 2026-11-28): reopen it with "
        "'efter youth reopen 1' to plan meetings.\n"
    )
    assert snapshot(case) == before


def test_plan_in_past_with_force(run: Any, case: Path, json_of: Any) -> None:
    result = run("meeting", "plan", "1", "--at", "2026-11-02 14:00", "--force")
    assert result.exit_code == 0
    assert result.stderr.startswith("Warning: planned in the past because of --force.\n")
    assert json_of("meeting", "list", "1")[0]["forced"] is True


def test_list_upcoming_past_and_table(run: Any, case: Path, json_of: Any) -> None:
    run("meeting", "plan", "1", "--at", "2026-11-02 14:00", "--force")
    run("meeting", "plan", "1", "--at", "2026-12-03 14:00", "--place", "Rådhuset")
    run("meeting", "plan", "2", "--at", "2026-12-04 09:00")
    assert [m["id"] for m in json_of("meeting", "list", "--upcoming")] == [2, 3]
    assert [m["id"] for m in json_of("meeting", "list", "1", "--past")] == [1]
    assert json_of("meeting", "list", "2", "--past") == []
    result = run("meeting", "list", "1", "--upcoming")
    assert [line.rstrip() for line in result.stdout.splitlines()[:3]] == [
        "ID   When               Min   Young person                  Kind              Place      Status",
        "─" * 96,
        "2    2026-12-03 14:00   90    Amalie Nørgaard (2025-0412)   Network meeting   Rådhuset   planned",
    ]
    assert (
        run("meeting", "list", "1", "--upcoming", "--past").exit_code == 2
    )  # options that disagree
    bad = run("meeting", "list", "--status", "done")
    assert bad.stderr == (
        "Error: --status: 'done' is not a meeting status: give planned, held, cancelled or "
        "no-show.\n"
    )


def _plan_and_agree(run: Any) -> None:
    for args in (
        ("meeting", "plan", "1", "--at", "2026-11-02 14:00", "--force"),
        ("agreement", "add", "1", "--what", "Søge ind på 10. klasse", "--owner", "den unge",
         "--due", "2026-11-20", "--meeting", "1"),
        ("agreement", "add", "1", "--what", "Ringe til jobcentret", "--owner", "Peter",
         "--due", "2026-11-25", "--meeting", "1"),
        ("agreement", "add", "1", "--what", "Finde lektiehjælp", "--owner", "Helle Nørgaard",
         "--due", "2026-11-26"),
        ("agreement", "add", "1", "--what", "Bestille tid hos lægen", "--owner", "coordinator",
         "--due", "2026-11-27"),
        ("agreement", "add", "1", "--what", "Søge kørekort", "--owner", "youth",
         "--due", "2027-03-01"),
        ("meeting", "plan", "1", "--at", "2026-11-27 10:00", "--force"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)


def test_held_follows_up_open_agreements(run: Any, case: Path, json_of: Any) -> None:
    _plan_and_agree(run)
    assert run("meeting", "apologies", "2", "Helle").stderr == (
        "Apologies for meeting 2: Helle Nørgaard.\n"
    )
    result = run(
        "meeting", "held", "2", "--attended", "youth, coordinator", "--attended", "1",
        "--guest", "Ole fra skolen", "--minutes", "-", "--kept", "1", "--moved",
        "2=2027-01-15", "--dropped", "3=Ikke længere nødvendigt",
        input="Amalie fortalte om praktikken.\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Recorded meeting 2 for Amalie Nørgaard (id 1) as held.\n"
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0] == "Follow-up of agreements due by this meeting"
    assert lines[3:7] == [
        "1    Søge ind på 10. klasse   Amalie Nørgaard   2026-11-20   kept",
        "2    Ringe til jobcentret     Peter Dam         2026-11-25   moved to 2027-01-15",
        "3    Finde lektiehjælp        Helle Nørgaard    2026-11-26   dropped (Ikke længere nødvendigt)",
        "4    Bestille tid hos lægen   Mette Holm        2026-11-27   still open",
    ]
    [meeting] = [m for m in json_of("meeting", "list", "1") if m["id"] == 2]
    assert meeting["status"] == "held" and meeting["has_minutes"]
    assert [p["name"] for p in meeting["attended"]] == [
        "Amalie Nørgaard", "Mette Holm", "Peter Dam", "Ole fra skolen",
    ]  # fmt: skip
    assert [p["name"] for p in meeting["apologies"]] == ["Helle Nørgaard"]
    agreements = {a["id"]: a for a in json_of("agreement", "list", "1", "--all")}
    assert agreements[1]["status"] == "done" and agreements[1]["done_on"] == "2026-11-27"
    assert (agreements[2]["due"], agreements[2]["first_due"]) == ("2027-01-15", "2026-11-25")
    assert agreements[3]["drop_reason"] == "Ikke længere nødvendigt"
    assert [e["event"] for e in agreements[4]["events"]] == ["still-open"]
    assert agreements[4]["events"][0]["meeting_id"] == 2
    assert agreements[5]["events"] == []  # due later: not up for follow-up


def test_held_json_and_nothing_due(run: Any, case: Path, json_of: Any) -> None:
    run("meeting", "plan", "1", "--at", "2026-11-02 14:00", "--force")
    result = run("meeting", "held", "1", "--attended", "youth", "--json")
    assert result.exit_code == 0
    assert result.stdout == "[]\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("7", "--attended", "youth"),
            "No meeting has the id '7': see 'efter meeting list' for the ids.",
        ),
        (
            ("2", "--attended", "Hanne Friis"),
            "Hanne Friis is not on the case of Amalie Nørgaard (id 1): add them with 'efter "
            "team add' or 'efter network add', or choose someone who is.",
        ),
        (
            ("2", "--attended", "Bodil"),
            "Nobody called 'Bodil' is on the case of Amalie Nørgaard (id 1): see 'efter team "
            "list 1' and 'efter network list 1', or use 'youth' or 'coordinator'.",
        ),
        (
            ("2",),
            "--attended: nobody is recorded as attending: say who came, e.g. --attended youth "
            "--attended coordinator.",
        ),
        (
            ("2", "--attended", "youth", "--apologies", "den unge"),
            "Amalie Nørgaard is given both as attending and as sending apologies: name them once.",
        ),
        (
            ("2", "--attended", "youth", "--kept", "9"),
            "--kept: Amalie Nørgaard (id 1) has no agreement with the id 9: see 'efter agreement "
            "list 1'.",
        ),
        (
            ("2", "--attended", "youth", "--kept", "1", "--dropped", "1"),
            "Agreement 1 is given twice: name it once.",
        ),
        (
            ("2", "--attended", "youth", "--moved", "2"),
            "--moved: '2' does not say the new due date: write ID=DATE, e.g. --moved 4=2027-02-01.",
        ),
        (
            ("2", "--attended", "youth", "--moved", "2=tomorrow"),
            "--moved: 'tomorrow' is not a date: write it as YYYY-MM-DD (2026-03-14) "
            "or DD-MM-YYYY (14-03-2026).",
        ),
        (
            ("2", "--attended", "youth", "--moved", "2=2026-11-01"),
            "--moved: the new due date 2026-11-01 for agreement 2 is not after the meeting on "
            "2026-11-27: give a later date.",
        ),
        (
            ("2", "--attended", "youth", "--minutes", "missing.txt"),
            "There is no file missing.txt: give --minutes a file, or - for stdin.",
        ),
        (
            ("1", "--attended", "youth", "--kept", "x"),
            "--kept: 'x' is not an agreement id: give the number from 'efter agreement list'.",
        ),
    ],
)
def test_held_bad_input(run: Any, case: Path, args: tuple[str, ...], message: str) -> None:
    _plan_and_agree(run)
    before = snapshot(case)
    result = run("meeting", "held", *args)
    assert result.exit_code == (2 if "nobody is recorded" in message else 1)  # none given: 2
    assert result.stderr == f"Error: {message}\n"
    assert snapshot(case) == before


def test_held_refuses_future_and_twice(run: Any, case: Path) -> None:
    _plan_and_agree(run)
    run("meeting", "plan", "1", "--at", "2026-12-03 14:00")
    before = snapshot(case)
    ahead = run("meeting", "held", "3", "--attended", "youth")
    assert ahead.exit_code == 1
    assert ahead.stderr == (
        "Error: Meeting 3 lies ahead (on 2026-12-03): record it as held on or after its day, "
        "or move it with 'efter meeting move'.\n"
    )
    assert snapshot(case) == before
    assert run("meeting", "held", "2", "--attended", "youth").exit_code == 0
    twice = run("meeting", "held", "2", "--attended", "youth")
    assert twice.stderr == (
        "Error: Meeting 2 is held, not planned: only a planned meeting can be recorded as held.\n"
    )


def test_cancel_no_show_move(run: Any, case: Path, json_of: Any) -> None:
    run("meeting", "plan", "1", "--at", "2026-12-03 14:00")
    run("meeting", "plan", "1", "--at", "2026-11-27 09:00", "--force")
    moved = run("meeting", "move", "1", "--at", "2026-12-26 10:00", "--place", "Biblioteket")
    assert moved.exit_code == 0
    assert moved.stderr == (
        "2026-12-26 is a public holiday (Anden juledag): moved to the next working day, "
        "2026-12-28.\nMoved meeting 1 to 2026-12-28 10:00.\n"
    )
    early = run("meeting", "no-show", "1")
    assert early.exit_code == 1
    assert early.stderr == (
        "Error: Meeting 1 lies ahead (on 2026-12-28): it can be marked as a no-show on or "
        "after its day.\n"
    )
    assert run("meeting", "no-show", "2", "--note", "Sov over sig").exit_code == 0
    cancelled = run("meeting", "cancel", "1", "--reason", "Sygdom")
    assert cancelled.stderr == "Cancelled meeting 1 on 2026-12-28 10:00.\n"
    rows = {m["id"]: m for m in json_of("meeting", "list", "1")}
    assert (rows[1]["status"], rows[1]["status_note"], rows[1]["place"]) == (
        "cancelled", "Sygdom", "Biblioteket",
    )  # fmt: skip
    assert (rows[2]["status"], rows[2]["status_note"]) == ("no-show", "Sov over sig")
    before = snapshot(case)
    again = run("meeting", "move", "1", "--at", "2027-01-05 10:00")
    assert again.stderr == (
        "Error: Meeting 1 is cancelled, not planned: only a planned meeting can be moved.\n"
    )
    past = run("meeting", "move", "9", "--at", "2027-01-05 10:00")
    assert (
        past.stderr == "Error: No meeting has the id '9': see 'efter meeting list' for the ids.\n"
    )
    assert snapshot(case) == before


def test_move_on_closed_case_refused(run: Any, case: Path) -> None:
    run("meeting", "plan", "1", "--at", "2026-12-03 14:00")
    run("youth", "close", "1", "--keep-meetings")  # closing would cancel it otherwise
    before = snapshot(case)
    result = run("meeting", "move", "1", "--at", "2026-12-10 14:00")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: The case of Amalie Nørgaard (id 1) is closed (on 2026-11-28): reopen it with "
        "'efter youth reopen 1' to move its meetings.\n"
    )
    assert snapshot(case) == before


@settings(deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2035, 12, 31)),
)
def test_next_working_day_is_a_working_day(start: datetime) -> None:
    import holidays

    moved, reason = next_working_day(start)
    calendar = holidays.country_holidays("DK", years=range(start.year, start.year + 2))
    assert moved >= start and moved - start < timedelta(days=6)
    assert moved.weekday() < 5 and moved.date() not in calendar
    assert (reason is None) == (moved == start)
    assert moved.time() == start.time()


@settings(deadline=None)
@given(
    first=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31)),
    months=st.integers(min_value=1, max_value=12),
    count=st.integers(min_value=1, max_value=24),
)
def test_monthly_series_keeps_the_day(first: datetime, months: int, count: int) -> None:
    dates = series(first, f"{months} months", count, None)
    assert len(dates) == count and dates[0] == first
    for earlier, later in itertools.pairwise(dates):
        assert later > earlier
        assert later.day == first.day or later.day < first.day  # clamped at a month's end
    assert all(d.time() == first.time() for d in dates)
    assert isinstance(dates[0].date(), date)


@settings(
    deadline=None, max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(when=st.text(max_size=25), every=st.text(max_size=12))
def test_any_time_or_interval_is_planned_or_refused_in_one_sentence(
    run: Any, case: Path, when: str, every: str
) -> None:
    before = snapshot(case)
    result = run("meeting", "plan", "1", f"--at={when}", f"--every={every}", "--count=2")
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 1:
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert snapshot(case) == before


@given(text=st.text(max_size=12))
def test_window_parses_or_refuses(text: str) -> None:
    from efter.core.due import parse_window
    from efter.core.errors import InvalidInput

    try:
        until = parse_window(text, date(2026, 11, 28))
    except InvalidInput as error:
        assert "window" in error.message
    else:
        assert until >= date(2026, 11, 28)


def test_times_written_with_a_space_sort_and_print_alike(
    run: Any, case: Path, json_of: Any
) -> None:
    """A meeting stored as '2026-12-03 14:00' (as an import may write it) orders by time."""
    import sqlite3

    run("meeting", "plan", "1", "--at", "2026-12-03 09:00")
    conn = sqlite3.connect(case)
    with conn:
        conn.execute(
            "INSERT INTO meeting (youth_id, starts, created, updated) "
            "VALUES (1, '2026-12-03 08:00', '2026-11-28T10:00:00', '2026-11-28T10:00:00')"
        )
    conn.close()
    assert [(m["id"], m["starts"]) for m in json_of("meeting", "list", "1")] == [
        (2, "2026-12-03T08:00"),
        (1, "2026-12-03T09:00"),
    ]
    agenda = run("meeting", "agenda", "2").stdout
    assert "Næste møde er planlagt til den 3. december 2026 kl. 09.00.\n" in agenda
