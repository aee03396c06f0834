"""efter agreement add|list|done|move|drop and efter goal add|list|status."""

from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from meeting_case import build

from efter.core.errors import InvalidInput
from efter.core.text import check


@pytest.fixture
def case(run: Any, casefile: Path) -> Path:
    build(run)
    return casefile


def test_add_with_every_kind_of_owner(run: Any, case: Path, json_of: Any) -> None:
    owners = {
        "youth": ("youth", None, "Amalie Nørgaard"),
        "Den unge": ("youth", None, "Amalie Nørgaard"),
        "amalie nørgaard": ("youth", None, "Amalie Nørgaard"),
        "koordinator": ("coordinator", None, "Mette Holm"),
        "Mette Holm": ("coordinator", None, "Mette Holm"),
        "1": ("member", 1, "Peter Dam"),
        "peter": ("member", 1, "Peter Dam"),
        "Helle Nørgaard": ("member", 2, "Helle Nørgaard"),
    }
    for number, owner in enumerate(owners, start=1):
        result = run(
            "agreement", "add", "1", "--what", f"Aftale {number}", "--owner", owner,
            "--due", "15.1.2027",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        assert result.stdout == f"{number}\n"
    assert (
        result.stderr == "Agreement 8 for Amalie Nørgaard (id 1): Helle Nørgaard, due 2027-01-15.\n"
    )
    records = json_of("agreement", "list", "1")
    assert [(r["owner"], r["owner_member_id"], r["owner_name"]) for r in records] == list(
        owners.values()
    )
    assert records[0] == {
        "id": 1, "number": 1, "youth_id": 1, "youth_ref": "2025-0412", "youth_name": "Amalie Nørgaard",
        "what": "Aftale 1", "owner": "youth", "owner_member_id": None,
        "owner_name": "Amalie Nørgaard", "owner_role": "Young person", "due": "2027-01-15",
        "first_due": "2027-01-15", "overdue": False, "goal_id": None, "meeting_id": None,
        "status": "open", "done_on": None, "drop_reason": None, "events": [],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("9", "--what", "x", "--owner", "youth", "--due", "2027-01-15"),
            "No young person has the id or ref '9': see 'efter youth list' for who is on file.",
        ),
        (
            ("1", "--what", "  ", "--owner", "youth", "--due", "2027-01-15"),
            "--what: the agreement text is empty: say what is to be done.",
        ),
        (
            ("1", "--what", "x", "--owner", "youth", "--due", "snart"),
            "--due: 'snart' is not a date: write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026).",
        ),
        (
            ("1", "--what", "x", "--owner", "youth", "--due", "2027-02-30"),
            "--due: '2027-02-30' does not exist (February 2027 has no day 30): write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026).",
        ),
        (
            ("1", "--what", "x", "--owner", "Hanne Friis", "--due", "2027-01-15"),
            "Hanne Friis is not on the case of Amalie Nørgaard (id 1): add them with 'efter "
            "team add' or 'efter network add', or choose someone who is.",
        ),
        (
            ("1", "--what", "x", "--owner", "3", "--due", "2027-01-15"),
            "Hanne Friis is not on the case of Amalie Nørgaard (id 1): add them with 'efter "
            "team add' or 'efter network add', or choose someone who is.",
        ),
        (
            ("1", "--what", "x", "--owner", "Bodil", "--due", "2027-01-15"),
            "Nobody called 'Bodil' is on the case of Amalie Nørgaard (id 1): see 'efter team "
            "list 1' and 'efter network list 1', or use 'youth' or 'coordinator'.",
        ),
        (
            ("1", "--what", "x", "--owner", "99", "--due", "2027-01-15"),
            "No team or network member has the id 99: see 'efter team list 1' and 'efter "
            "network list 1' for the ids.",
        ),
        (
            ("1", "--what", "x", "--owner", "", "--due", "2027-01-15"),
            "The owner is empty: give a name or id from 'efter team list 1' or 'efter network "
            "list 1', or 'youth' or 'coordinator'.",
        ),
        (
            ("1", "--what", "x", "--owner", "youth", "--due", "2027-01-15", "--meeting", "4"),
            "No meeting has the id '4': see 'efter meeting list' for the ids.",
        ),
        (
            ("1", "--what", "x", "--owner", "youth", "--due", "2027-01-15", "--goal", "4"),
            "No goal has the id '4': see 'efter goal list YOUTH' for the ids.",
        ),
    ],
)
def test_add_bad_input(run: Any, case: Path, args: tuple[str, ...], message: str) -> None:
    before = snapshot(case)
    result = run("agreement", "add", *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"
    assert snapshot(case) == before


def test_owner_who_left_the_case_is_refused(run: Any, case: Path) -> None:
    assert run("team", "end", "1", "--date", "2026-11-01").exit_code == 0
    before = snapshot(case)
    result = run(
        "agreement", "add", "1", "--what", "x", "--owner", "Peter Dam", "--due", "2027-01-15"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Peter Dam is not on the case of Amalie Nørgaard")
    assert snapshot(case) == before


def test_ambiguous_owner(run: Any, case: Path) -> None:
    run("network", "add", "1", "--role", "far", "--name", "Henrik Nørgaard")
    result = run("agreement", "add", "1", "--what", "x", "--owner", "H", "--due", "2027-01-15")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'H' could be several people on the case of Amalie Nørgaard (id 1) (ids 2, 4): "
        "give the id instead.\n"
    )


def test_closed_case_and_other_youths_meeting(run: Any, case: Path) -> None:
    run("meeting", "plan", "2", "--at", "2026-12-03 14:00")
    before = snapshot(case)
    other = run(
        "agreement", "add", "1", "--what", "x", "--owner", "youth", "--due", "2027-01-15",
        "--meeting", "1",
    )  # fmt: skip
    assert other.stderr == (
        "Error: --meeting: meeting 1 belongs to another young person: give one of the meetings of Amalie Nørgaard (id 1) (see 'efter meeting list 1').\n"
    )
    run("youth", "close", "1")
    before = snapshot(case)
    closed = run("agreement", "add", "1", "--what", "x", "--owner", "youth", "--due", "2027-01-15")
    assert closed.exit_code == 1
    assert closed.stderr == (
        "Error: The case of Amalie Nørgaard (id 1) is closed (on 2026-11-28): reopen it with "
        "'efter youth reopen 1' to make agreements.\n"
    )
    assert snapshot(case) == before


def _three(run: Any) -> None:
    for what, owner, due in (
        ("Søge SU", "youth", "2026-11-20"),
        ("Ringe til jobcentret", "Peter Dam", "2026-12-05"),
        ("Finde lektiehjælp", "Helle", "2027-01-10"),
    ):
        assert (
            run("agreement", "add", "1", "--what", what, "--owner", owner, "--due", due).exit_code
            == 0
        )
    assert (
        run(
            "agreement", "add", "2", "--what", "Cv", "--owner", "Hanne", "--due", "2026-11-01"
        ).exit_code
        == 0
    )


def test_list_filters(run: Any, case: Path, json_of: Any) -> None:
    _three(run)
    assert [a["id"] for a in json_of("agreement", "list")] == [4, 1, 2, 3]
    assert [a["id"] for a in json_of("agreement", "list", "--overdue")] == [4, 1]
    assert [a["id"] for a in json_of("agreement", "list", "1", "--owner", "Peter")] == [2]
    assert [a["id"] for a in json_of("agreement", "list", "--owner", "youth")] == [1]
    assert [a["id"] for a in json_of("agreement", "list", "--owner", "hanne friis")] == [4]
    assert json_of("agreement", "list", "2", "--owner", "coordinator") == []
    result = run("agreement", "list", "1")
    assert [line.rstrip() for line in result.stdout.splitlines()[0:5]] == [
        "ID   Young person                  What                   Owner             Due          Status",
        "" + "─" * 96,
        "1    Amalie Nørgaard (2025-0412)   Søge SU                Amalie Nørgaard   2026-11-20   overdue",
        "2    Amalie Nørgaard (2025-0412)   Ringe til jobcentret   Peter Dam         2026-12-05   open",
        "3    Amalie Nørgaard (2025-0412)   Finde lektiehjælp      Helle Nørgaard    2027-01-10   open",
    ]
    bad = run("agreement", "list", "--open", "--overdue")
    assert (bad.exit_code, bad.stderr) == (2, "Error: Give one of --open, --overdue and --all.\n")


def test_done_move_drop(run: Any, case: Path, json_of: Any) -> None:
    _three(run)
    assert run("agreement", "done", "1", "--date", "2026-11-25").stderr == (
        "Agreement 1 kept on 2026-11-25.\n"
    )
    assert run("agreement", "move", "2", "--due", "2027-01-20", "--note", "Syg").stderr == (
        "Agreement 2 is now due 2027-01-20 (was 2026-12-05).\n"
    )
    assert run("agreement", "drop", "3", "--reason", "Fandt selv hjælp").stderr == (
        "Agreement 3 dropped.\n"
    )
    records = {a["id"]: a for a in json_of("agreement", "list", "1", "--all")}
    assert (records[1]["status"], records[1]["done_on"]) == ("done", "2026-11-25")
    assert records[2]["events"] == [
        {"event": "moved", "on": "2026-11-28", "meeting_id": None, "old_due": "2026-12-05",
         "new_due": "2027-01-20", "note": "Syg"},
    ]  # fmt: skip
    assert (records[3]["status"], records[3]["drop_reason"]) == ("dropped", "Fandt selv hjælp")
    assert json_of("agreement", "list", "1") == [records[2]]
    before = snapshot(case)
    for args, message in (
        (("done", "1"), "Agreement 1 is kept already: only an open agreement can be marked as kept."),
        (("move", "3", "--due", "2027-02-01"), "Agreement 3 is dropped already: only an open agreement can be moved."),
        (("move", "2", "--due", "2027-01-20"), "--due: agreement 2 is already due on 2027-01-20: give a new date."),
        (("move", "2", "--due", "later"), "--due: 'later' is not a date: write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026)."),
        (("drop", "4", "--reason", " "), "--reason: it is empty: say in a few words why agreement 4 is dropped."),
        (("done", "42"), "No agreement has the id '42': see 'efter agreement list' for the ids."),
    ):  # fmt: skip
        result = run("agreement", *args)
        assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert snapshot(case) == before


def test_goals_and_sub_goals(run: Any, case: Path, json_of: Any) -> None:
    assert (
        run("goal", "add", "1", "--area", "udd", "--text", "Gennemføre 10. klasse").stdout == "1\n"
    )
    sub = run("goal", "add", "1", "--parent", "1", "--text", "Møde op hver dag")
    assert (sub.stdout, sub.stderr) == (
        "2\n",
        "Added sub-goal 2 under goal 1 for Amalie Nørgaard (id 1).\n",
    )
    assert run("goal", "add", "1", "--area", "Bolig", "--text", "Egen lejlighed").exit_code == 0
    assert run("goal", "add", "1", "--area", "Housing", "--text", "Lære at betale husleje",
               "--parent", "3").exit_code == 0  # fmt: skip
    records = json_of("goal", "list", "1")
    assert [(g["id"], g["parent_id"], g["area"]) for g in records] == [
        (1, None, "uddannelse"), (2, 1, "uddannelse"), (3, None, "bolig"), (4, 3, "bolig"),
    ]  # fmt: skip
    assert run("goal", "status", "2", "nået").stderr == "Goal 2 is now achieved.\n"
    assert [g["id"] for g in json_of("goal", "list", "1")] == [1, 3, 4]
    assert [g["id"] for g in json_of("goal", "list", "1", "--all")] == [1, 2, 3, 4]
    linked = run("agreement", "add", "1", "--what", "Skaffe vækkeur", "--owner", "youth",
                 "--due", "2026-12-10", "--goal", "2")  # fmt: skip
    assert linked.exit_code == 0
    assert json_of("agreement", "list", "1")[0]["goal_id"] == 2
    table = run("goal", "list", "1").stdout.splitlines()
    assert [line.rstrip() for line in table[2:5]] == [
        "1    Education   Gennemføre 10. klasse                     open",
        "3    Housing     Egen lejlighed                            open",
        "4    Housing       sub-goal of 3: Lære at betale husleje   open",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1", "--text", "x"), "--area: the life area is missing: give one (see 'efter areas list'), or --parent for a sub-goal."),
        (("1", "--area", "zz", "--text", "x"), "'zz' is not a life area: use one of uddannelse, beskaeftigelse, bolig, oekonomi, netvaerk, fysisk, psykisk, rusmidler, fritid, hverdag."),
        (("1", "--area", "f", "--text", "x"), "'f' could mean several life areas (fysisk, fritid): type more of the name."),
        (("1", "--area", "bolig", "--text", " "), "--text: the goal text is empty: say what the young person aims for."),
        (("1", "--parent", "7", "--text", "x"), "No goal has the id '7': see 'efter goal list YOUTH' for the ids."),
        (("1", "--area", "bolig", "--text", "x", "--status", "maybe"), "--status: 'maybe' is not a goal status: give open, achieved or dropped."),
        (("2", "--parent", "1", "--text", "x"), "--parent: goal 1 belongs to another young person: give one of the goals of Sara Ali (id 2) (see 'efter goal list 2')."),
        (("1", "--parent", "2", "--text", "x"), "--parent: goal 2 is itself a sub-goal: give the main goal (1)."),
        (("1", "--parent", "1", "--area", "bolig", "--text", "x"), "--area: a sub-goal shares its goal's life area (uddannelse): leave it out or give that one."),
    ],
)  # fmt: skip
def test_goal_bad_input(run: Any, case: Path, args: tuple[str, ...], message: str) -> None:
    run("goal", "add", "1", "--area", "uddannelse", "--text", "Gennemføre 10. klasse")
    run("goal", "add", "1", "--parent", "1", "--text", "Møde op")
    before = snapshot(case)
    result = run("goal", "add", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert snapshot(case) == before


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=40))
def test_any_agreement_text_is_kept_as_typed_or_refused(run: Any, case: Path, text: str) -> None:
    result = run("agreement", "add", "1", "--what", text, "--owner", "youth", "--due", "2027-01-15")
    if not text.strip():
        assert result.exit_code == 1 and result.stderr.startswith(
            "Error: --what: the agreement text"
        )
        return
    try:
        check(text.strip(), lines=True)
    except InvalidInput:  # control and direction characters: the one rule of core/text.py
        assert result.exit_code == 1 and result.stderr.startswith("Error: --what: the value")
        return
    assert result.exit_code == 0, result.stderr
    new_id = int(result.stdout)
    import json

    listed = json.loads(run("agreement", "list", "1", "--json").stdout)
    assert [a["what"] for a in listed if a["id"] == new_id] == [text.strip()]


NAME_LETTERS = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅéü -'[]."


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(alphabet=NAME_LETTERS, min_size=1, max_size=30))
def test_any_member_name_finds_that_member(run: Any, case: Path, name: str) -> None:
    import json

    from efter.core.persons import COORDINATOR_WORDS, YOUTH_WORDS

    folded = " ".join(name.casefold().split())
    taken = {"amalie nørgaard", "mette holm", *YOUTH_WORDS, *COORDINATOR_WORDS}
    if name.lstrip().startswith("-"):
        name = "x" + name  # a leading dash reads as an option on any command line
        folded = " ".join(name.casefold().split())
    if not folded or any(word.startswith(folded) or folded == word for word in taken):
        return
    added = run("network", "add", "1", "--role", "ven", "--name", name)
    assert added.exit_code == 0, added.stderr
    member_id = int(added.stdout)
    members = json.loads(run("network", "list", "1", "--json").stdout)
    clashes = [m for m in members if " ".join(m["name"].casefold().split()) == folded]
    made = run("agreement", "add", "1", "--what", "x", "--owner", name, "--due", "2027-01-15")
    if len(clashes) > 1:  # the same name twice on one case: efter asks for the id
        assert made.exit_code == 1 and "could be several people" in made.stderr
        return
    assert made.exit_code == 0, made.stderr
    listed = json.loads(run("agreement", "list", "1", "--json").stdout)
    assert [a["owner_member_id"] for a in listed if a["id"] == int(made.stdout)] == [member_id]
