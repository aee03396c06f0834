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
        (["add", "hjem", "--da", "  "], "--da: the label is empty: give a name for the life area."),
        (["add", "hjem", "--da", "Hjem", "--after", "zzz"], "'zzz' is not a life area: use one of uddannelse, beskaeftigelse, bolig, oekonomi, netvaerk, fysisk, psykisk, rusmidler, fritid, hverdag."),
        (["rename", "bolig"], "Nothing to change: give at least one of --da, --en, --code."),
        (["rename", "bolig", "--da", "Fritid"], "'Fritid' is already the code or a label of the life area fritid: choose another name."),
        (["rename", "f", "--da", "X"], "'f' could mean several life areas (fysisk, fritid): type more of the name."),
        (["retire", "bolig", "--undo"], "The life area bolig is not retired: there is nothing to undo."),
        (["retire", "bolig", "--date", "2026-13-01"], "--date: '2026-13-01' does not exist (there is no month 13): write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026)."),
    ],
)  # fmt: skip
def test_bad_area_changes(run: Run, casefile: Path, args: list[str], message: str) -> None:
    before = snapshot(casefile)
    result = run("areas", *args)
    assert result.exit_code == (2 if message.startswith("Nothing") else 1)  # nothing given: 2
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
    for command in ("list", "show", "add", "rename", "retire", "scale"):
        result = run("areas", command, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.stdout
    for command in (["rate"], ["ratings"], ["report", "progress"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.stdout


def test_default_areas_have_their_own_wording(run: Run, casefile: Path) -> None:
    data = json.loads(run("areas", "show", "bolig", "--json").stdout)
    assert [s["own"] for s in data["scale"]] == [True] * 5
    assert data["scale"][0]["label_da"] == "Har ikke et fast sted at bo"
    assert data["scale"][4]["label_en"] == "Has a home of their own and manages it independently"
    for area in json.loads(run("areas", "list", "--json").stdout):
        assert len({s["label_da"] for s in area["scale"]}) == 5, area["code"]


def test_new_area_uses_the_general_scale_until_given_its_own(run: Run, casefile: Path) -> None:
    assert run("areas", "add", "transport", "--da", "Transport").exit_code == 0
    scale = json.loads(run("areas", "show", "transport", "--json").stdout)["scale"]
    assert scale[2] == {
        "step": 3, "label_da": "Klarer det delvist med støtte",
        "label_en": "Manages partly with support", "own": False,
    }  # fmt: skip
    result = run("areas", "scale", "transport", "3", "--da", "Tager bus med en ledsager")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Step 3 of transport now reads 'Tager bus med en ledsager' / 'Manages partly with "
        "support' (its own wording).\n"
    )
    assert run("areas", "scale", "transport", "3", "--general").exit_code == 0
    scale = json.loads(run("areas", "show", "transport", "--json").stdout)["scale"]
    assert scale[2]["own"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bolig", "6", "--da", "x"], "There is no step 6: the scale has steps 1 to 5."),
        (["bolig", "2"], "Nothing to change: give at least one of --da, --en, --general."),
        (["bolig", "2", "--general", "--da", "x"], "--general drops the area's own wording: leave out --da and --en."),
    ],
)  # fmt: skip
def test_bad_scale_changes(run: Run, casefile: Path, args: list[str], message: str) -> None:
    before = snapshot(casefile)
    result = run("areas", "scale", *args)
    # options that disagree, or none given: 2
    assert result.exit_code == (2 if "--general" in args or message.startswith("Nothing") else 1)
    assert result.stderr == f"Error: {message}\n"
    assert snapshot(casefile) == before


@pytest.mark.laptop_only("an older case file, with its copy kept beside it")
def test_m003_upgrades_an_older_case_file(run: Run, casefile: Path) -> None:
    """A file made before m003 gets the wording; a renamed default area is left alone."""
    import sqlite3

    from efter.core.migrations import MIGRATIONS, m003_ratings

    before = MIGRATIONS.index(m003_ratings)
    conn = sqlite3.connect(casefile)
    conn.execute("DELETE FROM scale_step WHERE area IS NOT NULL")
    for later in MIGRATIONS[before:]:  # m003 and every migration after it run again
        conn.execute("DELETE FROM migration WHERE name = ?", (later.__name__,))
    conn.execute("UPDATE life_area SET code = 'hjem' WHERE code = 'bolig'")
    # Undo the migrations after m003 too, so they can run again (issue 5's m004_documents).
    conn.execute("DROP TABLE contract")
    conn.execute("DROP TABLE measure")
    conn.execute("DELETE FROM migration WHERE name = 'm004_documents'")
    for table in ("youth_status", "programme_price", "deadline_met"):  # issue 9's m007_reports
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM migration WHERE name = 'm007_reports'")
    conn.execute(f"PRAGMA user_version = {before}")
    conn.commit()
    conn.close()
    result = run("areas", "list", "--json")
    assert result.exit_code == 0, result.stderr
    data = {a["code"]: a for a in json.loads(result.stdout)}
    assert data["uddannelse"]["scale"][0]["own"] is True
    assert data["hjem"]["scale"][0]["own"] is False  # renamed: left alone
    backups = list(casefile.parent.glob(f"casefile.db.v{before}-*.bak"))
    assert len(backups) == 1
    conn = sqlite3.connect(casefile)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
