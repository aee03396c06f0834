"""Errors with structure: the core says which field was wrong, what was wrong and how to fix
it; the command line names the field as its user typed it (the option or argument of that
command), --json gives the structure, and the same kind of mistake exits with the same code
everywhere: 1 for data that is wrong, 2 for a command line whose options disagree or lack
one."""

import ast
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HOW = "write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026)"


@pytest.fixture
def anna(run: Any, casefile: Path) -> Path:
    assert run("youth", "add", "Anna Holm", "--born", "2008-03-14", "--ref", "R1").exit_code == 0
    return casefile


def test_the_error_names_the_option_the_command_has(run: Any, anna: Path) -> None:
    # `youth close` keeps the closing day in a parameter `on`, typed as --date
    result = run("youth", "close", "R1", "--date", "31-02-2026")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: --date: '31-02-2026' does not exist (February 2026 has no day 31): {HOW}.\n"
    )


def test_an_argument_is_named_as_the_help_shows_it(run: Any, casefile: Path) -> None:
    result = run("youth", "add", "A" * 201, "--born", "2009-03-14")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: NAME: 201 characters, more than the 200 efter keeps: shorten it and try again.\n"
    )


def test_with_json_the_error_is_one_json_object(run: Any, anna: Path) -> None:
    before = snapshot(anna)
    result = run("note", "list", "R1", "--since", "i går", "--json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.count("\n") == 1  # one line: a script reads it with one readline
    assert json.loads(result.stderr) == {
        "error": f"--since: 'i går' is not a date: {HOW}.",
        "field": "--since",
        "problem": "'i går' is not a date",
        "fix": HOW,
    }
    assert snapshot(anna) == before


def test_with_json_an_error_without_a_field_keeps_its_sentence(run: Any, casefile: Path) -> None:
    result = run("youth", "show", "R9", "--json")
    assert result.exit_code == 1
    sentence = "No young person has the id or ref 'R9': see 'efter youth list' for who is on file."
    assert json.loads(result.stderr) == {
        "error": sentence,
        "field": None,
        "problem": sentence,
        "fix": None,
    }


def test_a_cpr_number_never_reaches_the_json_error(run: Any, anna: Path) -> None:
    result = run("audit", "--since", "310299-4321", "--json")
    assert result.exit_code == 1
    assert "4321" not in result.stderr and "310299" not in result.stderr
    assert json.loads(result.stderr)["field"] == "--since"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("contract", "render", "R1", "--all", "--out", "x"),
         "Give either a young person or --all, not both."),
        (("meeting", "ics", "R1", "--all"), "Give a young person or --all, not both."),
        (("meeting", "list", "--upcoming", "--past"), "Give --upcoming or --past, not both."),
        (("ratings", "R1", "--format", "html"),
         "--out and --format belong to the document: add --doc."),
        (("report", "outcomes", "--json", "--csv"),
         "--json and --csv cannot be used together: choose one output."),
        (("report", "progress", "--cohort", "--programme"),
         "Give only one of --programme, --cohort and --coordinator to group by."),
        (("programme", "price", "Vejen"),
         "Give either an AMOUNT or --clear (not both, not neither)."),
        (("youth", "list", "--all", "--limit", "2"), "Give either --all or --limit, not both."),
        (("due", "--all", "--limit", "5"), "Give either --all or --limit, not both."),
    ],
)  # fmt: skip
def test_options_that_disagree_exit_2_everywhere(
    run: Any, anna: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(anna)
    result = run(*args)
    assert result.exit_code == 2
    if "--json" in args:
        assert json.loads(result.stderr)["error"] == message
    else:
        assert result.stderr == f"Error: {message}\n"
    assert snapshot(anna) == before


def _on_a_terminal(env_db: Path, *args: str) -> tuple[int, str]:
    """Run efter with stdout on a pseudo-terminal; its exit code and stderr."""
    main, child = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "efter", "--db", str(env_db), *args],
            stdout=child,
            stderr=subprocess.PIPE,
            env=os.environ.copy(),
            timeout=120,
            check=False,
        )
    finally:
        os.close(child)
        os.close(main)
    return done.returncode, done.stderr.decode()


@pytest.mark.parametrize(
    "args",
    [
        ("document", "consent", "R1", "--format", "pdf"),
        ("report", "outcomes", "--format", "pdf"),
    ],
)
def test_a_pdf_to_the_terminal_is_the_same_mistake_in_every_command(
    anna: Path, args: tuple[str, ...]
) -> None:
    pytest.importorskip("weasyprint", reason="the pdf extra is part of the test extra")
    code, stderr = _on_a_terminal(anna, *args)
    assert (code, stderr) == (2, "Error: A PDF is not for the terminal: give --out FILE.pdf.\n")


@settings(
    deadline=None, max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=20).filter(lambda t: not t.startswith("-")))
def test_any_since_is_a_date_or_a_structured_error(run: Any, anna: Path, text: str) -> None:
    result = run("note", "list", "R1", "--since", text, "--json")
    if result.exit_code == 0:
        assert json.loads(result.stdout) == []
        return
    assert result.exit_code == 1
    error = json.loads(result.stderr)
    assert set(error) == {"error", "field", "problem", "fix"}
    if error["field"] is not None:  # a date that is wrong (else a text too long, etc.)
        assert error["field"] == "--since"
        assert error["error"].startswith("--since: ")


# The core names fields, never the command line's options: a sentence that says "--until" in
# the core is wrong in the importer (which names columns) and cannot follow a command whose
# option for that field is called otherwise. A whole command to run, quoted ('efter doctor
# --fix', or in brackets: (efter youth edit --legal-basis), (createdb --lc-collate=C ...)), is
# not an option named in a sentence: it reads the same in every face.
_OPTION = re.compile(r"(?<![\w'-])--[a-z][a-z-]*")
_COMMAND_LINE = re.compile(r"'efter [^']*'|\((?:efter|createdb) [^)]*\)")
_MESSAGE_CALLS = {"t", "nt", "phrase"}


def options_named(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each string in `path` that names an option in a message: any string
    inside a `raise`, the message of every t(), nt() and phrase(), and an option kept aside to
    go into one (`missing = "--work"`); an option given to a call or as a parameter's default
    names a field (`check(text, "--note")`: errors.field_of)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    texts: dict[int, tuple[int, str]] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _OPTION.fullmatch(node.value)
            and not isinstance(parents.get(node), (ast.Call, ast.keyword, ast.arguments))
        ):
            texts[id(node)] = (node.lineno, node.value)
        if isinstance(node, ast.Raise) and node.exc is not None:
            for sub in ast.walk(node.exc):
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    texts[id(sub)] = (node.lineno, sub.value)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) in _MESSAGE_CALLS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            texts[id(node.args[0])] = (node.lineno, node.args[0].value)
    return sorted(
        (line, text) for line, text in texts.values() if _OPTION.search(_COMMAND_LINE.sub("", text))
    )


def test_no_core_message_names_an_option() -> None:
    core = Path(__file__).resolve().parent.parent / "efter" / "core"
    found = {
        path.name: options_named(path) for path in sorted(core.rglob("*.py")) if options_named(path)
    }
    assert found == {}, (
        "the core names an option in its own sentence: raise InvalidInput(field=..., "
        "problem=..., fix=...), and name other fields with errors.phrase('... {force}', 'force')"
    )


def test_the_option_scan_sees_an_option(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(x):\n"
        '    """Docs may say --until."""\n'
        "    if x:\n"
        '        raise InvalidInput(t("Give --until a later date."))\n'
        '    fix = t("add --force to replace it")\n'
        "    ok = t(\"run 'efter doctor --fix' (or efter init)\")\n"
        '    raise UsageMistake(phrase("Give {count} or {until}, not both.", "count", "until"))\n'
        '    missing = "--work" if x else "--education"\n'
        '    note = check(x, "--note")\n',
        encoding="utf-8",
    )
    assert options_named(sample) == [
        (4, "Give --until a later date."),
        (5, "add --force to replace it"),
        (8, "--education"),
        (8, "--work"),
    ]


@pytest.fixture
def started(run: Any, casefile: Path) -> Path:
    """Anna, on the case from 2026-01-05, with a measure, a team member (id 1) and a programme
    period from 2026-03-01, and a friend in her network (id 2)."""
    steps = [
        ("youth", "add", "Anna Holm", "--born", "2008-03-14", "--ref", "R1", "--start",
         "2026-01-05"),
        ("measure", "add", "R1", "mentor", "--from", "2026-03-01"),
        ("team", "add", "R1", "--role", "mentor", "--name", "Bo Dam", "--from", "2026-03-01"),
        ("network", "add", "R1", "--role", "ven", "--name", "Kim Berg"),
        ("programme", "add", "Vejen", "--kind", "model"),
        ("programme", "join", "R1", "Vejen", "--from", "2026-03-01"),
    ]  # fmt: skip
    for step in steps:
        assert run(*step).exit_code == 0, (step, run(*step).stderr)
    return casefile


@pytest.mark.parametrize(
    ("args", "option", "start"),
    [
        (("measure", "end", "1", "--date", "2026-02-01"), "--date", "2026-03-01"),
        (("measure", "add", "R1", "mentor", "--from", "2026-03-01", "--to", "2026-02-01"),
         "--to", "2026-03-01"),
        (("team", "end", "1", "--date", "2026-02-01"), "--date", "2026-03-01"),
        (("team", "edit", "1", "--to", "2026-02-01"), "--to", "2026-03-01"),
        (("programme", "leave", "R1", "Vejen", "--date", "2026-02-01"), "--date", "2026-03-01"),
        (("youth", "close", "R1", "--date", "2026-01-01"), "--date", "2026-01-05"),
        (("consent", "give", "R1", "--to", "Bo Dam", "--about", "bolig", "--from", "2026-03-01",
          "--until", "2026-02-01"), "--until", "2026-03-01"),
    ],
)  # fmt: skip
def test_an_end_before_its_start_is_one_check_with_one_wording(
    run: Any, started: Path, args: tuple[str, ...], option: str, start: str
) -> None:
    before = snapshot(started)
    result = run(*args)
    day = next(a for a in args if a.startswith("2026-0") and a != start)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error: {option}: {day} is before the start date {start}: give {start} or later.\n",
    )
    assert snapshot(started) == before


def test_an_end_before_its_start_in_danish(
    run: Any, started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFTER_LANG", "da")
    result = run("measure", "end", "1", "--date", "2026-02-01")
    assert (result.exit_code, result.stderr) == (
        1,
        "Fejl i --date: 1. februar 2026 er før startdatoen 1. marts 2026; angiv 1. marts 2026 "
        "eller senere.\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("youth", "edit", "R1"),
         "Nothing to change: give at least one option, such as --name or --ref."),
        (("team", "edit", "1"), "Nothing to change: give at least one of --name, --role, "
         "--organisation, --phone, --email, --address, --from, --to."),
        (("network", "set", "2"), "Nothing to change: give at least one of --closeness, "
         "--can-help."),
        (("programme", "edit", "Vejen"),
         "Nothing to change: give at least one of --name, --kind, --weeks."),
        (("areas", "rename", "bolig"), "Nothing to change: give at least one of --da, --en, "
         "--code."),
        (("areas", "scale", "bolig", "2"), "Nothing to change: give at least one of --da, --en, "
         "--general."),
        (("team", "add", "R1", "--role", "mentor", "--name", "Eva", "--person", "1",
          "--new-person"), "--person and --new-person disagree: give --person ID to use someone "
         "in the address book, or --new-person to add someone new, not both."),
    ],
)  # fmt: skip
def test_nothing_given_is_a_usage_mistake_everywhere(
    run: Any, started: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(started)
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Error: {message}\n")
    assert snapshot(started) == before


def test_a_field_named_in_a_fix_follows_the_command_and_the_language(
    run: Any, started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fix names --force as the command declares it, and in Danish the same option
    old = run("meeting", "plan", "R1", "--at", "2026-11-20 10:00")
    assert old.stderr == (
        "Error: --at: the meeting time 2026-11-20 10:00 lies in the past: give a later time, or "
        "add --force to record a meeting that was planned back then.\n"
    )
    monkeypatch.setenv("EFTER_LANG", "da")
    both = run(
        "meeting", "plan", "R1", "--at", "2026-12-03 10:00", "--every", "4 weeks", "--count", "2",
        "--until", "2027-02-01",
    )  # fmt: skip
    assert (both.exit_code, both.stderr) == (2, "Fejl: Angiv --count eller --until, ikke begge.\n")


def test_each_face_names_the_fields_of_a_phrase_its_own_way() -> None:
    from efter.core.errors import UsageMistake, nothing_to_change, phrase

    error = UsageMistake(
        field="until",
        problem=phrase("{until} and {count} disagree", "until", "count"),
        fix=phrase("leave out {count}", "count"),
    )
    columns = {"until": "slutdato", "count": "antal"}
    assert error.message == "--until: --until and --count disagree: leave out --count."
    assert error.worded(lambda f: f"column {columns[f]}") == (
        "Column slutdato: column slutdato and column antal disagree: leave out column antal."
    )
    assert error.as_json(lambda f: f"<{f}>") == {
        "error": "<until>: <until> and <count> disagree: leave out <count>.",
        "field": "<until>",
        "problem": "<until> and <count> disagree",
        "fix": "leave out <count>",
    }
    assert nothing_to_change("name", "minute_taker").message == (
        "Nothing to change: give at least one of --name, --minute-taker."
    )
