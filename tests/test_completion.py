"""Shell completion (bash, zsh, fish) through the protocol the installed scripts speak: the
_EFTER_COMPLETE environment variable and the words typed so far."""

import os
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from efter.cli import app


@pytest.fixture
def complete(env: Path) -> Any:
    def call(shell: str, line: str) -> str:
        words = line.split(" ")
        extra = {"_EFTER_COMPLETE": f"complete_{shell}"}
        if shell == "bash":
            extra.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
        else:
            extra.update(_TYPER_COMPLETE_ARGS=line)
        if shell == "fish":
            extra.update(_TYPER_COMPLETE_FISH_ACTION="get-args")
        result = CliRunner().invoke(app, [], env=extra, prog_name="efter")
        assert result.exit_code == 0, result.output
        return result.stdout

    return call


@pytest.fixture
def three(run: Any, casefile: Path) -> Path:
    for args in (("Amalie Nørgaard", "--ref", "2025-0412"), ("Anna Holm", "--ref", "2025-0500"),
                 ("Mathias Østergaard",)):  # fmt: skip
        result = run("youth", "add", *args, "--born", "14-03-2009")
        assert result.exit_code == 0, result.stderr
    return casefile


def test_commands_and_options_complete(complete):
    assert complete("bash", "efter yo") == "youth\n"
    assert complete("bash", "efter youth sho") == "show\n"
    assert complete("bash", "efter youth su") == "summary\n"
    assert complete("bash", "efter youth sha") == "share\n"
    assert "--status" in complete("bash", "efter youth list --st").split()
    assert complete("fish", "efter rep").startswith("report\tFigures for the coordinator")


def test_young_people_complete_by_ref_id_and_name(complete, three):
    assert complete("bash", "efter youth show ") == "2025-0412\n2025-0500\n3\n"
    assert complete("bash", "efter youth show 2025-04") == "2025-0412\n"
    assert complete("bash", "efter youth show 3") == "3\n"
    # A name as typed so far, its space escaped for bash; zsh and fish quote it themselves.
    assert complete("bash", "efter note list ama") == "amalie\\ Nørgaard\n"
    assert complete("fish", "efter note list Ma") == "Mathias Østergaard\t3\n"
    assert complete("zsh", "efter meeting list 2025") == (
        '_arguments \'*: :(("2025-0412":"Amalie Nørgaard"\n"2025-0500":"Anna Holm"))\'\n'
    )
    assert complete("bash", "efter youth show zz") == "\n"  # nothing


def test_completion_reads_the_case_file_given_with_db(complete, three, tmp_path, monkeypatch):
    """--db as typed: a case file's path, or a register's URL (on PostgreSQL)."""
    given = os.environ["EFTER_DB"]
    monkeypatch.delenv("EFTER_DB")
    other = tmp_path / "other.db"
    assert complete("bash", f"efter --db {other} youth show ") == "\n"  # no such file
    assert complete("bash", f"efter --db {given} youth show 2025-05") == "2025-0500\n"


def test_an_unreadable_case_file_completes_nothing(complete, env):
    env.parent.mkdir(parents=True)
    env.write_bytes(b"\x00garbage, not a case file" * 100)
    assert complete("bash", "efter youth show ") == "\n"


def test_an_unreachable_register_completes_nothing(complete, env, tmp_path):
    gone = f"postgresql://efter@/efter?host={tmp_path / 'no-server'}"
    assert complete("bash", f"efter --db {gone} youth show ") == "\n"


def test_every_youth_parameter_completes_young_people(three):
    """Every command's `youth` argument or option offers young people (efter.cli.tree adds
    the completion by construction), so a new command cannot forget it."""
    found = []

    def walk(command: Any, path: list[str], parent: Any) -> None:
        ctx = typer.Context(command, info_name=path[-1] if path else "efter", parent=parent)
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), [*path, name], ctx)
            return
        for param in command.params:
            if param.name == "youth":
                offered = [item.value for item in param.shell_complete(ctx, "2025-04")]
                found.append((" ".join(path), offered))

    walk(typer.main.get_command(app), [], None)
    assert len(found) >= 30, found
    assert [path for path, offered in found if offered != ["2025-0412"]] == []


def test_install_completion_is_offered(run):
    result = run("--help")
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout
