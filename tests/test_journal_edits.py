"""Issue 18 items 2 and 3: the journal (note add|list|correct) and correcting mistakes (edit
and history for team and network members, agreements, goals and meetings)."""

import getpass
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from meeting_case import build

USER = getpass.getuser()


@pytest.fixture
def case(run: Any, casefile: Path) -> Path:
    build(run)
    return casefile


def ok(run: Any, *args: str, input: str | None = None) -> Any:
    result = run(*args, input=input)
    assert result.exit_code == 0, (args, result.stderr)
    return result


def fails(run: Any, db: Path, args: tuple[str, ...], stderr: str, code: int = 1) -> None:
    before = snapshot(db)
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", stderr)
    assert snapshot(db) == before


# --- the journal ------------------------------------------------------------------------------


def test_note_add_list_and_correct(run: Any, case: Path, json_of: Any) -> None:
    result = ok(run, "note", "add", "Amalie", "Ringede til mor; hun kommer tirsdag.")
    assert result.stdout == "1\n"
    assert result.stderr == "Wrote note 1 in the journal of Amalie Nørgaard (id 1).\n"
    assert ok(run, "note", "add", "2025-0412", "-", input="Fra stdin\nto linjer\n").stdout == "2\n"
    result = ok(run, "note", "correct", "1", "Ringede til mor; hun kommer onsdag.")
    assert result.stdout == "3\n"
    assert result.stderr == "Wrote note 3, correcting note 1; the earlier text is kept.\n"
    notes = json_of("note", "list", "1")
    assert [(n["id"], n["text"], n["corrects"], n["corrected_by"], n["author"]) for n in notes] == [
        (1, "Ringede til mor; hun kommer tirsdag.", None, 3, USER),
        (2, "Fra stdin\nto linjer", None, None, USER),
        (3, "Ringede til mor; hun kommer onsdag.", 1, None, USER),
    ]
    assert all(n["written"].startswith("2026-11-28T") for n in notes)
    table = ok(run, "note", "list", "1").stdout
    assert "[corrected by note 3] Ringede til mor; hun kommer tirsdag." in table
    assert "[corrects note 1]" in table
    assert json_of("note", "list", "1", "--since", "29-11-2026") == []
    assert len(json_of("note", "list", "1", "--since", "2026-11-28")) == 3
    assert json_of("note", "list", "2") == []
    lines = [(a["command"], a["action"]) for a in json_of("audit", "--youth", "1")]
    assert ("note add", "changed") in lines and ("note correct", "changed") in lines
    assert ("note list", "viewed") in lines


def test_youth_show_has_the_latest_notes(run: Any, case: Path, json_of: Any) -> None:
    for text in ("en", "to", "tre", "fire"):
        ok(run, "note", "add", "1", text)
    ok(run, "note", "correct", "4", "fire rettet")
    data = json_of("youth", "show", "1")
    assert [n["text"] for n in data["journal"]] == ["to", "tre", "fire rettet"]
    shown = ok(run, "youth", "show", "1").stdout
    assert "Journal, latest notes" in shown
    assert "fire rettet" in shown and "fire\n" not in shown


def test_bad_notes_change_nothing(run: Any, case: Path) -> None:
    ok(run, "note", "add", "1", "Første")
    fails(run, case, ("note", "add", "1", "   "),
          "Error: The note is empty: write what happened (or give '-' to read it).\n")  # fmt: skip
    fails(run, case, ("note", "add", "1"),
          "Error: No text for the note: give it as an argument, or '-' and pipe it in.\n")  # fmt: skip
    fails(run, case, ("note", "add", "Zenobia", "x"),
          "Error: No young person has the id or ref 'Zenobia': see 'efter youth list' for who "
          "is on file.\n")  # fmt: skip
    fails(run, case, ("note", "correct", "9", "x"),
          "Error: No journal note has the id '9': see 'efter note list YOUTH' for the ids.\n")  # fmt: skip
    fails(run, case, ("note", "correct", "1", "Første"),
          "Error: The text is the same as note 1's: nothing to correct.\n")  # fmt: skip
    fails(run, case, ("note", "add", "1", "a\x1bb"),
          "Error: The note's text contains the control character U+001B, which efter does not store: remove it and try again.\n")  # fmt: skip
    ok(run, "note", "correct", "1", "Anden")
    fails(run, case, ("note", "correct", "1", "Tredje"),
          "Error: Note 1 was already corrected by note 2: correct that one instead.\n")  # fmt: skip
    fails(run, case, ("note", "list", "1", "--since", "i går"),
          "Error: --since: 'i går' is not a date: write it as YYYY-MM-DD (2026-03-14) "
          "or DD-MM-YYYY (14-03-2026).\n")  # fmt: skip


def test_note_from_the_editor(run: Any, case: Path, json_of: Any, monkeypatch, tmp_path) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Skrevet i editoren\\n# kommentar\\n" > "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr("efter.cli.ask.interactive", lambda: True)
    ok(run, "note", "add", "1")
    assert [n["text"] for n in json_of("note", "list", "1")] == ["Skrevet i editoren"]


# --- correcting mistakes ----------------------------------------------------------------------


def history(json_of: Any, noun: str, thing: str) -> list[tuple[Any, ...]]:
    return [(e["event"], e["field"], e["old"], e["new"]) for e in json_of(noun, "history", thing)]


def test_edit_a_team_member(run: Any, case: Path, json_of: Any) -> None:
    result = ok(run, "team", "edit", "1", "--name", "Peter Damm", "--role", "jobcenter",
                "--organisation", "", "--from", "2025-08-01", "--to", "2026-06-30")  # fmt: skip
    assert result.stderr == (
        "Changed name, role, organisation, from, to of Peter Dam (id 1); "
        "'efter team history 1' shows the earlier values.\n"
    )
    assert history(json_of, "team", "1") == [
        ("edited", "name", "Peter Dam", "Peter Damm"),
        ("edited", "role", "ungevejleder", "jobcenter"),
        ("edited", "organisation", "Ungeindsatsen Esbjerg", None),
        ("edited", "started", "2025-09-01", "2025-08-01"),
        ("edited", "ended", None, "2026-06-30"),
    ]
    member = json_of("team", "list", "1", "--all")[0]
    assert (member["name"], member["role"], member["organisation"], member["to"]) == (
        "Peter Damm", "jobcenter", None, "2026-06-30")  # fmt: skip
    ok(run, "team", "edit", "1", "--to", "")
    assert json_of("team", "list", "1")[0]["to"] is None
    assert ok(run, "team", "edit", "1", "--name", "Peter Damm").stderr == (
        "Nothing changed for Peter Damm (id 1): the values were already so.\n"
    )
    shown = ok(run, "team", "history", "1").stdout
    assert "Peter Dam " in shown and "Peter Damm" in shown and USER in shown
    assert ("team edit", "changed") in [
        (a["command"], a["action"]) for a in json_of("audit", "--youth", "1")
    ]


def test_bad_member_edits_change_nothing(run: Any, case: Path) -> None:
    fails(run, case, ("team", "edit", "1"),
          "Error: Nothing to change: give at least one of --name, --role, --organisation, "
          "--phone, --email, --address, --from, --to.\n", 2)  # fmt: skip
    fails(run, case, ("team", "edit", "1", "--to", "2025-01-01"),
          "Error: --to: 2025-01-01 is before the start date 2025-09-01: give 2025-09-01 or "
          "later.\n")  # fmt: skip
    fails(run, case, ("team", "edit", "2", "--name", "X"),
          "Error: No team member has the id '2': see 'efter team list YOUTH' for the ids.\n")  # fmt: skip
    # the rule 'team add', 'network add' and 'person edit' keep, worded as they word it
    fails(run, case, ("network", "edit", "2", "--name", ""),
          "Error: --name: the name is empty: give the person's name.\n")  # fmt: skip
    fails(run, case, ("network", "add", "1", "--role", "mor", "--name", " "),
          "Error: --name: the name is empty: give the person's name.\n")  # fmt: skip
    result = run("network", "edit", "2", "--role", "rektor")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")


def test_edit_an_agreement(run: Any, case: Path, json_of: Any) -> None:
    ok(run, "goal", "add", "1", "--area", "uddannelse", "--text", "Starte på HF")
    ok(run, "agreement", "add", "1", "--what", "Søge SU", "--owner", "youth", "--due", "2027-01-15")
    result = ok(run, "agreement", "edit", "1", "--what", "Søge SU og bolig", "--owner", "Peter",
                "--due", "2027-01-20", "--goal", "1")  # fmt: skip
    assert result.stderr == (
        "Changed what, due, first due date, goal, owner of agreement 1; "
        "'efter agreement history 1' shows the earlier values.\n"
    )
    ok(run, "agreement", "move", "1", "--due", "2027-02-01")
    ok(run, "agreement", "edit", "1", "--due", "2027-02-03", "--goal", "")
    assert history(json_of, "agreement", "1") == [
        ("edited", "what", "Søge SU", "Søge SU og bolig"),
        ("edited", "due", "2027-01-15", "2027-01-20"),
        ("edited", "first_due", "2027-01-15", "2027-01-20"),
        ("edited", "goal_id", None, "1"),
        ("edited", "owner", "Amalie Nørgaard", "Peter Dam"),
        ("edited", "due", "2027-02-01", "2027-02-03"),  # after a move only the current date
        ("edited", "goal_id", "1", None),
        ("moved", "due", "2027-01-20", "2027-02-01"),  # follow-up is dated by day: after edits
    ]
    agreement = json_of("agreement", "list", "1")[0]
    assert (agreement["what"], agreement["due"], agreement["goal_id"]) == (
        "Søge SU og bolig", "2027-02-03", None)  # fmt: skip


def test_bad_agreement_edits_change_nothing(run: Any, case: Path) -> None:
    ok(run, "agreement", "add", "1", "--what", "Søge SU", "--owner", "youth", "--due", "2027-01-15")
    ok(run, "goal", "add", "2", "--area", "bolig", "--text", "Egen bolig")
    fails(run, case, ("agreement", "edit", "1"),
          "Error: Nothing to change: give at least one of --what, --owner, --due, --goal.\n", 2)  # fmt: skip
    fails(run, case, ("agreement", "edit", "1", "--goal", "1"),
          "Error: --goal: goal 1 belongs to another young person: give one of the goals of "
          "Amalie Nørgaard (id 1) (see 'efter goal list 1').\n")  # fmt: skip
    fails(run, case, ("agreement", "edit", "1", "--owner", "Hanne Friis"),
          "Error: Hanne Friis is not on the case of Amalie Nørgaard (id 1): add them with "
          "'efter team add' or 'efter network add', or choose someone who is.\n")  # fmt: skip
    fails(run, case, ("agreement", "edit", "1", "--what", ""),
          "Error: --what: the agreement text is empty: say what is to be done.\n")  # fmt: skip
    fails(run, case, ("agreement", "edit", "7", "--what", "x"),
          "Error: No agreement has the id '7': see 'efter agreement list' for the ids.\n")  # fmt: skip


def test_edit_a_goal(run: Any, case: Path, json_of: Any) -> None:
    ok(run, "goal", "add", "1", "--area", "uddannelse", "--text", "Starte på HF")
    ok(run, "goal", "add", "1", "--parent", "1", "--text", "Søge optagelse")
    ok(run, "goal", "add", "1", "--area", "bolig", "--text", "Egen bolig")
    ok(run, "goal", "edit", "1", "--area", "beskaeftigelse", "--text", "Starte på EUD")
    assert history(json_of, "goal", "1") == [
        ("edited", "text", "Starte på HF", "Starte på EUD"),
        ("edited", "area", "uddannelse", "beskaeftigelse"),
    ]
    assert history(json_of, "goal", "2") == [("edited", "area", "uddannelse", "beskaeftigelse")]
    fails(run, case, ("goal", "edit", "2", "--area", "bolig"),
          "Error: --area: a sub-goal shares its goal's life area (beskaeftigelse): leave it out "
          "or give that one.\n")  # fmt: skip
    fails(run, case, ("goal", "edit", "1", "--parent", "3"),
          "Error: Goal 1 has sub-goals of its own, so it cannot become a sub-goal: move its "
          "sub-goals first.\n")  # fmt: skip
    fails(run, case, ("goal", "edit", "3", "--parent", "2"),
          "Error: --parent: goal 2 is itself a sub-goal: give the main goal (1).\n")  # fmt: skip
    fails(run, case, ("goal", "edit", "1", "--text", " "),
          "Error: --text: the goal text is empty: say what the young person aims for.\n")  # fmt: skip
    fails(run, case, ("goal", "edit", "3", "--parent", "3"),
          "Error: --parent: goal 3 cannot be its own main goal: give another goal.\n")  # fmt: skip
    # the rules of 'goal add', in one place: the same mistake, the same sentence
    fails(run, case, ("goal", "add", "1", "--parent", "2", "--text", "x"),
          "Error: --parent: goal 2 is itself a sub-goal: give the main goal (1).\n")  # fmt: skip
    fails(run, case, ("goal", "add", "1", "--parent", "1", "--area", "bolig", "--text", "x"),
          "Error: --area: a sub-goal shares its goal's life area (beskaeftigelse): leave it out "
          "or give that one.\n")  # fmt: skip
    ok(run, "goal", "edit", "2", "--parent", "3")  # a sub-goal moves, and takes its goal's area
    ok(run, "goal", "edit", "2", "--parent", "")  # and becomes a main goal, keeping the area
    assert history(json_of, "goal", "2")[1:] == [
        ("edited", "parent_id", "1", "3"),
        ("edited", "area", "beskaeftigelse", "bolig"),
        ("edited", "parent_id", "3", None),
    ]


def test_edit_a_held_meeting_keeps_its_minutes(run: Any, case: Path, json_of: Any) -> None:
    ok(run, "meeting", "plan", "1", "--at", "2026-11-20 10:00", "--force", "--place", "Rådhuset")
    ok(run, "meeting", "held", "1", "--attended", "youth", "--minutes", "-",
       input="Vi aftalte at søge SU.")  # fmt: skip
    before = json_of("meeting", "show", "1")
    result = ok(run, "meeting", "edit", "1", "--place", "Jobcentret", "--leader", "Mette Holm",
                "--minute-taker", "Peter Dam", "--duration", "60")  # fmt: skip
    assert result.stderr == (
        "Changed place, leader, minute-taker, duration of meeting 1; "
        "'efter meeting history 1' shows the earlier values.\n"
    )
    after = json_of("meeting", "show", "1")
    assert after["minutes"] == before["minutes"] == "Vi aftalte at søge SU."
    assert (after["status"], after["place"], after["leader"], after["duration"]) == (
        "held", "Jobcentret", "Mette Holm", 60)  # fmt: skip
    assert history(json_of, "meeting", "1") == [
        ("edited", "place", "Rådhuset", "Jobcentret"),
        ("edited", "leader", None, "Mette Holm"),
        ("edited", "minute_taker", None, "Peter Dam"),
        ("edited", "duration", "90", "60"),
    ]
    fails(run, case, ("meeting", "edit", "1", "--duration", "0"),
          "Error: --duration: a meeting lasts 1 to 1440 minutes, not 0: give the length in "
          "minutes, such as 90.\n")  # fmt: skip
    fails(run, case, ("meeting", "edit", "1", "--duration", "lang"),
          "Error: --duration: the duration 'lang' is not a whole number of minutes: give the "
          "length in minutes, such as 90.\n")  # fmt: skip
    fails(run, case, ("meeting", "edit", "1", "--place", "to\nlinjer"),
          "Error: --place: the value contains a line break, and it is a field of one line: write it on one line and try again.\n")  # fmt: skip
    fails(run, case, ("meeting", "edit", "1"),
          "Error: Nothing to change: give at least one of --place, --leader, --minute-taker, "
          "--duration.\n", 2)  # fmt: skip


@pytest.mark.parametrize(
    ("noun", "words"),
    [("youth", ("name", "ref", "clears")), ("team", ("name", "role", "organisation", "--to")),
     ("network", ("name", "role", "--from")), ("agreement", ("text", "owner", "due", "goal")),
     ("goal", ("text", "area", "main goal")), ("meeting", ("place", "leader", "minutes"))],
)  # fmt: skip
def test_every_edit_help_says_what_it_changes(run: Any, noun: str, words: tuple[str, ...]):
    result = run(noun, "edit", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Enrol" not in text and "enrol" not in text
    for word in words:
        assert word in text, (noun, word)
