"""efter team add|list|end and efter network add|list|end."""

from pathlib import Path

import pytest

from tests.conftest import Run, snapshot


@pytest.fixture
def youth(run: Run, casefile: Path) -> str:
    assert run("youth", "add", "Amalie", "--born", "2009-03-14", "--ref", "R1").exit_code == 0
    return "R1"


def test_team_add_list_end(run: Run, youth: str, json_of) -> None:
    result = run(
        "team", "add", youth, "--role", "UU-vejleder", "--name", "Peter Dam",
        "--organisation", "Ungeindsatsen", "--phone", "12 34 56 78",
        "--email", "peter@example.dk", "--from", "01-09-2025",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout == "1\n"
    assert result.stderr == "Added Peter Dam (person 1) to the team of Amalie (id 1) as id 1.\n"
    assert json_of("team", "list", youth) == [
        {
            "id": 1, "youth_id": 1, "side": "team", "role": "ungevejleder",
            "role_label": "Ungevejleder", "name": "Peter Dam", "organisation": "Ungeindsatsen",
            "phone": "12 34 56 78", "email": "peter@example.dk", "address": None, "person_id": 1, "note": None, "closeness": None, "can_help": None,
            "from": "2025-09-01", "to": None, "active": True,
        }
    ]  # fmt: skip
    ended = run("team", "end", "1", "--date", "2026-11-01")
    assert ended.stderr == "Peter Dam (id 1) left the team on 2026-11-01.\n"
    assert json_of("team", "list", youth) == []
    history = json_of("team", "list", youth, "--all")
    assert [(m["name"], m["to"], m["active"]) for m in history] == [
        ("Peter Dam", "2026-11-01", False)
    ]


def test_network_roles_and_brackets(run: Run, youth: str, json_of) -> None:
    assert (
        run(
            "network", "add", youth, "--role", "perifer voksen", "--name", "Onkel Bent [genfundet]"
        ).exit_code
        == 0
    )
    assert run("network", "add", youth, "--role", "Søskende", "--name", "Ida").exit_code == 0
    listed = json_of("network", "list", youth)
    assert [(m["role"], m["name"], m["from"]) for m in listed] == [
        ("perifer-voksen", "Onkel Bent [genfundet]", "2026-11-28"),
        ("søskende", "Ida", "2026-11-28"),
    ]
    table = run("network", "list", youth).stdout
    assert "Onkel Bent [genfundet]" in table
    assert "Voksen fra netværket" in table
    assert json_of("team", "list", youth) == []


def test_sides_are_kept_apart(run: Run, youth: str) -> None:
    run("network", "add", youth, "--role", "mor", "--name", "Helle")
    result = run("team", "end", "1")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: No team member has the id '1': see 'efter team list YOUTH' for the ids.\n"
    )


@pytest.mark.parametrize(
    ("side", "args", "message"),
    [
        (
            "team",
            ["--role", "astronaut", "--name", "X"],
            "--role: 'astronaut' is not a known team role: give one of myndighedsrådgiver, ungevejleder, jobcenter, kontaktperson, anbringelsessted, plejefamilie, uddannelsessted, behandling, mentor, bostøtte, other.",
        ),
        (
            "network",
            ["--role", "chef", "--name", "X"],
            "--role: 'chef' is not a known network role: give one of mor, far, søskende, bedsteforælder, onkel-tante, plejefamilie, tidligere-plejefamilie, værtsfamilie, perifer-voksen, kæreste, ven, frivillig, other.",
        ),
        (
            "team",
            ["--role", "mentor", "--name", "  "],
            "--name: the name is empty: give the person's name.",
        ),
        (
            "team",
            ["--role", "mentor", "--name", "X", "--email", "not-an-email"],
            "--email: 'not-an-email' is not an e-mail address: write it as name@example.dk.",
        ),
        (
            "network",
            ["--role", "mor", "--name", "X", "--from", "31-02-2008"],
            "--from: '31-02-2008' does not exist (February 2008 has no day 31): write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026).",
        ),
    ],
)
def test_bad_input(run: Run, youth: str, side: str, args: list[str], message: str) -> None:
    before = snapshot(Path(run("path").stdout.strip()))
    result = run(side, "add", youth, *args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert snapshot(Path(run("path").stdout.strip())) == before


def test_unknown_youth(run: Run, casefile: Path) -> None:
    result = run("team", "add", "R9", "--role", "mentor", "--name", "X")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: No young person has the id or ref 'R9': see 'efter youth list' for who is on file.\n"
    )


def test_end_rules(run: Run, youth: str) -> None:
    run("team", "add", youth, "--role", "mentor", "--name", "Mo", "--from", "2026-01-01")
    early = run("team", "end", "1", "--date", "2025-12-31")
    assert (
        early.stderr
        == "Error: --date: 2025-12-31 is before the start date 2026-01-01: give 2026-01-01 or later.\n"
    )
    assert run("team", "end", "1", "--date", "2026-06-01").exit_code == 0
    twice = run("team", "end", "1")
    assert twice.stderr == "Error: Mo (id 1) already left on 2026-06-01.\n"
    assert run("team", "end", "abc").exit_code == 1


def test_show_lists_team_and_network(run: Run, youth: str, json_of) -> None:
    run("team", "add", youth, "--role", "jobcenter", "--name", "Hanne")
    run("network", "add", youth, "--role", "far", "--name", "Bo")
    data = json_of("youth", "show", youth)
    assert [m["name"] for m in data["team"]] == ["Hanne"]
    assert [m["name"] for m in data["network"]] == ["Bo"]
    text = run("youth", "show", youth).stdout
    assert "Team" in text and "Hanne" in text and "Network" in text and "Bo" in text
