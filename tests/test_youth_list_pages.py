"""`efter youth list` shows a page of the table by default, everyone with --all or --json."""

from pathlib import Path

import pytest

from efter.cli import youth as youth_cli
from tests.conftest import snapshot

HINT = (
    "Showing 2 of 3 young people: narrow the list with --coordinator, --programme, "
    "--municipality or --cohort, or add --all.\n"
)
RULE = "─" * 76


@pytest.fixture
def three(run, casefile: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("Sara Ali", "Amalie Nørgaard", "Mathias Østergaard"):
        result = run("youth", "add", name, "--born", "14-03-2009", "--start", "01-09-2025",
                     "--coordinator", "Mette Holm")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    monkeypatch.setattr(youth_cli, "TABLE_LIMIT", 2)
    return casefile


def test_the_table_shows_the_first_page_by_name_and_says_how_many_there_are(run, three):
    result = run("youth", "list")
    assert result.exit_code == 0
    assert result.stdout == (
        "ID   Ref   Name                 Age   CPR   Coordinator   Programme   Status\n"
        f"{RULE}\n"
        "2          Amalie Nørgaard      17          Mette Holm                active\n"
        "3          Mathias Østergaard   17          Mette Holm                active\n"
    )
    assert result.stderr == HINT


def test_all_shows_everyone_without_a_hint(run, three):
    result = run("youth", "list", "--all")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()[2:5]] == ["2", "3", "1"]
    assert result.stderr == ""


def test_json_shows_everyone_unless_limited(run, three, json_of):
    assert [r["id"] for r in json_of("youth", "list")] == [2, 3, 1]
    limited = run("youth", "list", "--json", "--limit", "1")
    assert limited.exit_code == 0
    assert limited.stderr == (
        "Showing 1 of 3 young people: narrow the list with --coordinator, --programme, "
        "--municipality or --cohort, or add --all.\n"
    )


def test_the_audit_log_names_only_who_was_shown(run, three):
    import sqlite3

    assert run("youth", "list").exit_code == 0
    conn = sqlite3.connect(three)
    shown = conn.execute(
        "SELECT youth_id FROM audit_event WHERE command = 'youth list' ORDER BY youth_id"
    ).fetchall()
    assert shown == [(2,), (3,)]


def test_a_filter_that_fits_on_one_page_has_no_hint(run, three):
    result = run("youth", "list", "--coordinator", "mette holm", "--limit", "3")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_all_and_limit_together_are_refused(run, three):
    before = snapshot(three)
    result = run("youth", "list", "--all", "--limit", "2")
    assert result.exit_code == 2  # options that disagree: a usage mistake
    assert result.stdout == ""
    assert result.stderr == "Error: Give either --all or --limit, not both.\n"
    assert snapshot(three) == before


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_limit_below_one_is_a_usage_error(run, three, value):
    before = snapshot(three)
    result = run("youth", "list", "--limit", value)
    assert result.exit_code == 2
    assert "--limit" in result.stderr
    assert snapshot(three) == before


def test_json_is_json_dumps_of_the_young_people_in_batches(run, three, monkeypatch):
    """--json streams the young people a batch at a time (efter.cli.stream), each batch
    written from its columns: the text is json.dumps's of the whole list, with batches of
    two and one person with a note."""
    import json

    from efter.cli import stream

    assert run("youth", "edit", "3", "--note", "Flytter i maj").exit_code == 0
    whole = run("youth", "list", "--json")
    monkeypatch.setattr(stream, "FLUSH_EVERY", 2)
    result = run("youth", "list", "--json")
    assert result.exit_code == 0 and result.stdout == whole.stdout
    people = json.loads(result.stdout)
    assert [p["name"] for p in people] == ["Amalie Nørgaard", "Mathias Østergaard", "Sara Ali"]
    assert [p["note"] for p in people] == [None, "Flytter i maj", None]
    assert result.stdout == json.dumps(people, ensure_ascii=False, indent=2) + "\n"
