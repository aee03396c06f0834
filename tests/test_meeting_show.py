"""efter meeting show (one meeting in full) and efter meeting amend (minutes after the fact)."""

from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from meeting_case import build


@pytest.fixture
def held(run: Any, casefile: Path) -> Path:
    """Meeting 1 (held 2 November) made agreements 1 and 2; meeting 2 (held 27 November)
    followed them up; meeting 3 is planned."""
    build(run)
    for args in (
        ("meeting", "plan", "1", "--at", "2026-11-02 14:00", "--force", "--place", "Rådhuset"),
        ("meeting", "held", "1", "--attended", "youth,coordinator"),
        ("agreement", "add", "1", "--what", "Søge ind på 10. klasse", "--owner", "den unge",
         "--due", "2026-11-20", "--meeting", "1"),
        ("agreement", "add", "1", "--what", "Ringe til jobcentret", "--owner", "Peter",
         "--due", "2026-11-25", "--meeting", "1"),
        ("meeting", "plan", "1", "--at", "2026-11-27 10:00", "--force"),
        ("meeting", "apologies", "2", "Helle"),
        ("meeting", "held", "2", "--attended", "youth", "--attended", "Peter", "--kept", "1",
         "--moved", "2=2027-01-15"),
        ("meeting", "plan", "1", "--at", "2027-01-20 10:00"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return casefile


def test_show_a_held_meeting(run: Any, held: Path) -> None:
    result = run("meeting", "show", "2")
    assert result.exit_code == 0, result.stderr
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "Meeting       2",
        "Young person  Amalie Nørgaard (2025-0412)",
        "When          2026-11-27 10:00 - 11:30",
        "Kind          Network meeting",
        "Place         -",
        "Leader        -",
        "Minute taker  -",
        "Status        held",
        "Attended      Amalie Nørgaard, Peter Dam",
        "Apologies     Helle Nørgaard",
        "",
        "Follow-up of earlier agreements",
        "ID   Agreement                Outcome",
        "─" * 49,
        "1    Søge ind på 10. klasse   kept",
        "2    Ringe til jobcentret     moved to 2027-01-15",
        "",
        "",
    ]
    assert result.stderr == (
        "No agreements were made at this meeting.\n"
        "No minutes recorded: add them with 'efter meeting amend 2 --minutes FILE'.\n"
    )


def test_show_json_lists_the_agreements_made(run: Any, held: Path, json_of: Any) -> None:
    data = json_of("meeting", "show", "1")
    assert (data["id"], data["status"], data["place"], data["minutes"]) == (
        1, "held", "Rådhuset", None,
    )  # fmt: skip
    assert [(a["id"], a["owner_name"], a["status"]) for a in data["agreements"]] == [
        (1, "Amalie Nørgaard", "done"),
        (2, "Peter Dam", "open"),
    ]
    assert data["follow_up"] == []
    assert [p["name"] for p in data["attended"]] == ["Amalie Nørgaard", "Mette Holm"]
    audit = json_of("audit", "--youth", "1")
    assert audit[-1]["command"] == "meeting show" and audit[-1]["action"] == "viewed"


def test_amend_writes_minutes_after_the_meeting(run: Any, held: Path, json_of: Any) -> None:
    result = run(
        "meeting", "amend", "2", "--minutes", "-",
        input="Amalie har søgt ind.\r\nPeter ringer igen i januar.\r\n",
    )  # fmt: skip
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "Saved the minutes of meeting 2.\n",
    )  # fmt: skip
    assert json_of("meeting", "show", "2")["minutes"] == (
        "Amalie har søgt ind.\nPeter ringer igen i januar."
    )
    shown = run("meeting", "show", "2").stdout.splitlines()
    assert shown[-3:] == ["Minutes", "Amalie har søgt ind.", "Peter ringer igen i januar."]
    again = run("meeting", "amend", "2", "--minutes", "-", input="Rettet.\n")
    assert again.exit_code == 0
    assert json_of("meeting", "show", "2")["minutes"] == "Rettet."
    assert json_of("audit", "--youth", "1")[-2]["command"] == "meeting amend"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("3", "--minutes", "-"), "Tekst", "Meeting 3 is planned, not held: minutes belong to "
         "a held meeting; record it with 'efter meeting held 3 --minutes FILE'."),
        (("2", "--minutes", "-"), " \n \n", "--minutes: the minutes are empty: give a file with "
         "the minutes, or - for stdin."),
        (("2", "--minutes", "-"), "Rød \x1b[31mtekst", "--minutes: the value contains the "
         "control character U+001B, which efter does not store: remove it and try again."),
        (("2", "--minutes", "nowhere.txt"), None, "There is no file nowhere.txt: give "
         "--minutes a file, or - for stdin."),
        (("9", "--minutes", "-"), "Tekst", "No meeting has the id '9': see 'efter meeting "
         "list' for the ids."),
    ],
)  # fmt: skip
def test_amend_refuses_and_changes_nothing(
    run: Any, held: Path, args: tuple[str, ...], stdin: str | None, message: str
) -> None:
    before = snapshot(held)
    result = run("meeting", "amend", *args, input=stdin)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert snapshot(held) == before


def test_held_refuses_control_characters_in_the_minutes(run: Any, held: Path) -> None:
    assert run("meeting", "plan", "1", "--at", "2026-11-26 09:00", "--force").exit_code == 0
    before = snapshot(held)
    result = run("meeting", "held", "4", "--attended", "youth", "--minutes", "-",
                 input="Tekst\x07")  # fmt: skip
    assert result.exit_code == 1
    assert "U+0007" in result.stderr
    assert snapshot(held) == before


def test_show_an_unknown_meeting(run: Any, held: Path) -> None:
    result = run("meeting", "show", "42")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", "Error: No meeting has the id '42': see 'efter meeting list' for the ids.\n",
    )  # fmt: skip
