"""efter areas list|show|add|rename|retire: the life areas as data."""

import json
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot


def test_list_defaults(run: Run, casefile: Path) -> None:
    data = json.loads(run("areas", "list", "--json").stdout)
    assert [a["code"] for a in data] == [
        "uddannelse", "beskaeftigelse", "bolig", "oekonomi", "netvaerk", "fysisk", "psykisk",
        "rusmidler", "fritid", "hverdag",
    ]  # fmt: skip
    assert data[1]["label_da"] == "Beskæftigelse og forsørgelse"
    assert data[1]["label_en"] == "Employment and income"
    assert [s["step"] for s in data[0]["scale"]] == [1, 2, 3, 4, 5]
    table = run("areas", "list").stdout
    assert "Sociale netværk og relationer" in table


def test_show_scale(run: Run, casefile: Path) -> None:
    data = json.loads(run("areas", "show", "Housing", "--json").stdout)
    assert data["code"] == "bolig"
    assert len(data["scale"]) == 5
    assert data["scale"][0]["label_da"]
    result = run("areas", "show", "bolig")
    assert result.exit_code == 0
    assert "Bolig" in result.stdout


def test_add_rename_retire_and_history(run: Run, casefile: Path, json_of) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "areas",
        "add",
        "transport",
        "--da",
        "Transport og mobilitet",
        "--en",
        "Getting around",
        "--after",
        "bolig",
    )
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "transport\n", "Added the life area transport.\n",
    )  # fmt: skip
    codes = [a["code"] for a in json_of("areas", "list")]
    assert codes[2:5] == ["bolig", "transport", "oekonomi"]
    assert run("youth", "add", "Bo", "--born", "2009-01-01").exit_code == 0
    assert run("rate", "1", "trans=3", "--phase", "start").exit_code == 0

    result = run("areas", "rename", "transport", "--da", "Transport", "--code", "mobilitet")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Renamed the life area transport: code 'transport' -> 'mobilitet'; "
        "label_da 'Transport og mobilitet' -> 'Transport'.\n"
    )
    assert json_of("ratings", "1")["areas"][0]["area"] == "mobilitet"

    result = run("areas", "retire", "mobilitet", "--date", "2026-11-01")
    assert result.exit_code == 0
    assert result.stderr == (
        "Retired the life area mobilitet from 2026-11-01; its ratings stay in the history.\n"
    )
    assert "mobilitet" not in [a["code"] for a in json_of("areas", "list")]
    retired = [a for a in json_of("areas", "list", "--all") if a["code"] == "mobilitet"]
    assert retired[0]["retired"] == "2026-11-01" and retired[0]["ratings"] == 1
    assert json_of("ratings", "1")["areas"][0]["retired"] == "2026-11-01"
    assert "Transport (retired)" in run("ratings", "1").stdout

    assert run("areas", "retire", "mobilitet", "--undo").exit_code == 0
    assert "mobilitet" in [a["code"] for a in json_of("areas", "list")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "Bad Code", "--da", "X"], "'Bad Code' cannot be an area code: use lower-case letters a-z, digits and hyphens, starting with a letter (such as 'transport'), at most 40 characters."),
        (["add", "hjem", "--da", "Bolig"], "'Bolig' is already the code or a label of the life area bolig: choose another name."),
        (["add", "hjem", "--da", "Hjem", "--en", "housing"], "'housing' is already the code or a label of the life area bolig: choose another name."),
        (["add", "hjem", "--da", "  "], "The label is empty: give --da a name for the life area."),
        (["add", "hjem", "--da", "Hjem", "--after", "zzz"], "'zzz' is not a life area: use one of uddannelse, beskaeftigelse, bolig, oekonomi, netvaerk, fysisk, psykisk, rusmidler, fritid, hverdag."),
        (["rename", "bolig"], "Nothing to change: give --da, --en or --code."),
        (["rename", "bolig", "--da", "Fritid"], "'Fritid' is already the code or a label of the life area fritid: choose another name."),
        (["rename", "f", "--da", "X"], "'f' could mean several life areas (fysisk, fritid): type more of the name."),
        (["retire", "bolig", "--undo"], "The life area bolig is not retired: there is nothing to undo."),
        (["retire", "bolig", "--date", "2026-13-01"], "The retirement date '2026-13-01' does not exist (there is no month 13): write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026)."),
    ],
)  # fmt: skip
def test_bad_area_changes(run: Run, casefile: Path, args: list[str], message: str) -> None:
    before = snapshot(casefile)
    result = run("areas", *args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert snapshot(casefile) == before


def test_retire_twice(run: Run, casefile: Path) -> None:
    assert run("areas", "retire", "fritid", "--date", "2026-01-01").exit_code == 0
    result = run("areas", "retire", "fritid")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: The life area fritid was already retired on 2026-01-01: bring it back with "
        "'efter areas retire fritid --undo'.\n"
    )


def test_every_area_command_has_help(run: Run, casefile: Path) -> None:
    for command in ("list", "show", "add", "rename", "retire"):
        result = run("areas", command, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.stdout
    for command in (["rate"], ["ratings"], ["report", "progress"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.stdout
