"""`efter due --json` and `due --all` write their long lists (the agreements due, the young
people with no meeting planned, the statutory dates) a batch at a time as they are read (cli.due.BATCH), so that
memory does not grow with the case file: the same bytes as one batch, whatever the text holds
(wide and combining characters, a line break, a tab, odd spaces), in English and
Danish, in a pipe and on a terminal; and the audit names the same young people."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from meeting_case import build as build_case

from efter.cli import due as face

# Young people with no meeting planned (with those of meeting_case: 7), and agreements due
# (8): a wide name and a wide text in a later batch than the first, so that a column turns
# out to hold a character that is not one terminal cell only after its first batch is read.
PEOPLE = (
    ("Ærø Bech", "2009-05-01", "Mette Holm"),
    ("Jonas Kristensen", "2009-06-01", "Ali Hassan"),
    ("Zoe\u0308 Hansen", "2009-07-01", "Mette Holm"),  # a combining mark: no cell of its own
    ("山田 花子", "2009-08-01", "Mette Holm"),  # two cells a character
    ("Line Dahl", "2009-09-01", ""),  # no coordinator: the owner named as persons names them
)
AGREEMENTS = (
    ("1", "Søge SU", "youth", "2026-11-02"),
    ("2", "Ring til mor\nog far", "youth", "2026-11-05"),  # a line break in a cell
    ("3", "Tab\there", "coordinator", "2026-11-09"),
    ("4", "Læse\u00a0rødt\u200b", "youth", "2026-11-20"),  # a space and no space
    ("5", "Følge op", "coordinator", "2026-11-24"),
    ("6", "日本語の練習", "youth", "2026-12-01"),
    ("7", "Møde med UU", "coordinator", "2026-12-04"),
    ("1", "Zoe\u0308 ringer", "Peter", "2026-12-10"),
)


@pytest.fixture
def case(run: Any, casefile: Path) -> Path:
    build_case(run)
    for name, born, coordinator in PEOPLE:
        step = ("youth", "add", name, "--born", born, "--start", "2026-01-01",
                "--legal-basis", "46")  # placed: statutory dates and deadlines  # fmt: skip
        step += ("--coordinator", coordinator) if coordinator else ()
        assert run(*step).exit_code == 0, step
    for youth, what, owner, due in AGREEMENTS:
        step = ("agreement", "add", youth, "--what", what, "--owner", owner, "--due", due)
        assert run(*step).exit_code == 0, step
    assert run("agreement", "move", "2", "--due", "2026-12-11", "--note", "Ferie").exit_code == 0
    return casefile


VARIANTS = (
    ("--all",),
    ("--json",),
    ("--all", "--coordinator", "mette holm"),
    ("--json", "--coordinator", "mette holm"),
    ("--all", "--within", "3d"),
    ("--json", "--within", "2m"),
    ("--limit", "3"),
    ("--json", "--limit", "3"),
    ("--all", "--coordinator", "Nobody"),
    ("--json", "--coordinator", "Nobody"),
)


def _outputs(run: Any, monkeypatch: pytest.MonkeyPatch, batch: int) -> list[tuple[Any, ...]]:
    monkeypatch.setattr(face, "BATCH", batch)
    found = []
    for lang in ("en", "da"):
        monkeypatch.setenv("EFTER_LANG", lang)
        for args in VARIANTS:
            result = run("due", *args)
            found.append((lang, args, result.exit_code, result.stdout, result.stderr))
    monkeypatch.delenv("EFTER_LANG")
    return found


def test_batches_write_the_same_bytes_as_one(
    run: Any, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _outputs(run, monkeypatch, 1000)
    assert _outputs(run, monkeypatch, 2) == whole
    assert _outputs(run, monkeypatch, 3) == whole
    lines = dict(((lang, args), out) for lang, args, _, out, _ in whole)[("en", ("--all",))]
    # the batches did hold what the test is about: every agreement, the wide ones measured
    assert "山田 花子 (6)" in lines and "日本語の練習" in lines and "Læse\u00a0rødt\u200b" in lines
    assert "Tab\there" in lines and "Ring til mor\nog far" in lines
    assert lines.count("OVERDUE") == 4
    listed = json.loads(
        dict(((lang, args), out) for lang, args, _, out, _ in whole)[("en", ("--json",))]
    )
    assert len(listed["agreements"]) == 8 and len(listed["no_meeting_planned"]) == 7
    assert [(s["youth_id"], s["code"], s["status"]) for s in listed["statutory_dates"]] == [
        (3, "s111", "missed"), (4, "s111", "coming"), (5, "s111", "coming"),
        (6, "s111", "coming"),
    ]  # fmt: skip


def test_on_a_terminal_the_batches_are_one_table(
    run: Any, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from efter.cli import output

    monkeypatch.setattr(output, "terminal", lambda: True)  # measured, folded and drawn whole
    whole = run("due", "--all").stdout
    monkeypatch.setattr(face, "BATCH", 2)
    assert run("due", "--all").stdout == whole
    assert "Agreements due until 2026-12-12" in whole and "山田 花子 (6)" in whole


def _viewed(db: Path) -> list[tuple[str, int | None]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT action, youth_id FROM audit_event WHERE command = 'due' ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.laptop_only("reads the audit lines from the case file")
def test_the_audit_names_everyone_read_in_any_batch(
    run: Any, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("due", "--json").exit_code == 0
    whole = _viewed(case)
    assert sorted(youth for _, youth in whole) == list(range(1, 8))
    monkeypatch.setattr(face, "BATCH", 2)
    for args in (("--json",), ("--all",)):
        before = len(_viewed(case))
        assert run("due", *args).exit_code == 0
        assert _viewed(case)[before:] == whole


@pytest.mark.laptop_only("reads the audit lines from the case file")
def test_a_reader_gone_midway_still_leaves_the_audit_line(
    run: Any, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`efter due --json | head`: the first batch is written, the pipe closes; those read
    so far are noted as viewed, and the command ends quietly, as anywhere."""
    _stopped_after_the_first_batch(monkeypatch, BrokenPipeError)
    result = run("due", "--json")
    assert result.exit_code == 0
    assert '"agreements": [\n    {\n      "id": 1,' in result.stdout
    viewed = _viewed(case)
    assert viewed and {action for action, _ in viewed} == {"viewed"}
    # the young people of the first batch's two agreements (1 and 3), written
    assert {1, 3} <= {youth for _, youth in viewed}


@pytest.mark.laptop_only("writes to the case file beside the command, as a second process would")
def test_another_command_writes_while_due_is_being_read(
    run: Any, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`efter due --all | less`: while the output waits on its reader, another command can
    write (the output is read from a snapshot, not inside a write transaction), and what
    was shown is noted after."""
    monkeypatch.setattr(face, "BATCH", 2)
    from efter.cli import jsontext

    members = jsontext.json_members
    wrote: list[int] = []

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        if not wrote:
            wrote.append(_another_command_writes(case))
        return members(*args, **kwargs)

    monkeypatch.setattr(jsontext, "json_members", meanwhile)
    before = len(_viewed(case))
    result = run("due", "--json")
    assert result.exit_code == 0, result.output
    assert wrote == [1]
    assert sorted(youth for _, youth in _viewed(case)[before:]) == list(range(1, 8))


@pytest.mark.laptop_only("reads the audit lines from the case file")
def test_an_interrupt_midway_still_leaves_the_audit_lines(
    run: Any, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while `efter due --json` is being written: those shown so far were seen, and
    are noted as viewed before the command stops."""
    _stopped_after_the_first_batch(monkeypatch, KeyboardInterrupt)
    before = len(_viewed(case))
    result = run("due", "--json")
    assert result.exit_code == 130 and "Interrupted" in result.stderr
    assert {1, 3} <= {youth for _, youth in _viewed(case)[before:]}


@pytest.mark.laptop_only("writes to the case file beside the command, as a second process would")
def test_another_command_writes_while_youth_list_json_is_being_read(
    run: Any, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`efter youth list --json` streams its list the same way: another command may write
    meanwhile, and everyone listed is noted as viewed after."""
    from efter.core import youth as core

    describe = core.describe
    wrote: list[int] = []

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        if not wrote:
            wrote.append(_another_command_writes(case))
        return describe(*args, **kwargs)

    monkeypatch.setattr(core, "describe", meanwhile)
    result = run("youth", "list", "--json")
    assert result.exit_code == 0, result.output
    assert wrote == [1]
    listed = sorted(person["id"] for person in json.loads(result.stdout))
    conn = sqlite3.connect(case)
    try:
        noted = conn.execute(
            "SELECT youth_id FROM audit_event WHERE command = 'youth list' AND action = 'viewed'"
        ).fetchall()
    finally:
        conn.close()
    assert sorted(youth for (youth,) in noted) == listed


def _stopped_after_the_first_batch(
    monkeypatch: pytest.MonkeyPatch, stop: type[BaseException]
) -> None:
    """`efter due --json` in batches of 2, its output stopped by `stop` (the pipe closing,
    Ctrl-C) as its second batch is written."""
    monkeypatch.setattr(face, "BATCH", 2)
    from efter.cli import jsontext  # the face takes json_members from it as it writes

    written = 0
    members = jsontext.json_members

    def stopped(*args: Any, **kwargs: Any) -> Any:
        nonlocal written
        written += 1
        if written > 1:
            raise stop
        return members(*args, **kwargs)

    monkeypatch.setattr(jsontext, "json_members", stopped)


def _another_command_writes(case: Path) -> int:
    """A second writer, as `efter youth add` in another terminal, that waits for nobody
    (timeout 0): the rows it changed."""
    other = sqlite3.connect(case, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        changed: int = other.execute("UPDATE youth SET name = name WHERE id = 1").rowcount
        other.execute("COMMIT")
    finally:
        other.close()
    return changed
