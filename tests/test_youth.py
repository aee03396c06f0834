"""efter youth add|list|show|edit|close|reopen, through the real CLI."""

import json
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot

FULL = [
    "Amalie Nørgaard",
    "--ref", "2025-0412",
    "--born", "14-03-2009",
    "--cpr", "140309-4128",
    "--municipality", "Esbjerg",
    "--home-municipality", "Varde",
    "--legal-basis", "§ 46",
    "--placement-site", "Opholdsstedet Vestkysten",
    "--housing", "opholdssted",
    "--programme", "Vejen til uddannelse og beskæftigelse",
    "--cohort", "2025-A",
    "--coordinator", "Mette Holm",
    "--start", "2025-09-01",
    "--note", "Vil gerne være frisør",
]  # fmt: skip


def add(run: Run, *args: str) -> int:
    result = run("youth", "add", *args)
    assert result.exit_code == 0, result.stderr
    return int(result.stdout)


def test_add_prints_id_and_confirms_on_stderr(run: Run, casefile: Path) -> None:
    result = run("youth", "add", *FULL)
    assert result.exit_code == 0
    assert result.stdout == "1\n"
    assert result.stderr == "Enrolled Amalie Nørgaard as id 1.\n"


def test_every_field_reads_back_as_json(run: Run, casefile: Path, json_of) -> None:
    add(run, *FULL)
    data = json_of("youth", "show", "2025-0412", "--reveal-cpr")
    assert {
        key: data[key]
        for key in data
        if key
        not in (
            "team",
            "network",
            "statutory_dates",
            "contract",
            "journal",
            "coordinators",
            "programmes",
        )
    } == {
        "id": 1,
        "ref": "2025-0412",
        "name": "Amalie Nørgaard",
        "born": "2009-03-14",
        "cpr": "140309-4128",
        "municipality": "Esbjerg Kommune",
        "home_municipality": "Varde Kommune",
        "legal_basis": "bl46",
        "placement_site": "Opholdsstedet Vestkysten",
        "housing": "opholdssted",
        "programme": "Vejen til uddannelse og beskæftigelse",
        "cohort": "2025-A",
        "coordinator": "Mette Holm",
        "start": "2025-09-01",
        "note": "Vil gerne være frisør",
        "status": "active",
        "closed": None,
        "outcome": None,
        "age_forced": False,
        "cpr_forced": False,
        "basis_forced": False,
        "placed_from": None,
        "phone": None,
        "email": None,
        "address": None,
        "age": 17,
        "days_until_18": 106,
        "next_statutory_date": {
            "code": "adult",
            "date": "2027-03-14",
            "label": "Age 18: the acting municipality may change",
            "status": "coming",
        },
    }
    # The programme named on the case is a period in it, from the case's start (issue 18).
    assert data["programmes"] == [
        {"id": 1, "programme": "Vejen til uddannelse og beskæftigelse", "kind": "model",
         "cohort": "2025-A", "starts": "2025-09-01", "ends": None},
    ]  # fmt: skip
    # Placed under § 46 and enrolled on 2025-09-01, after the ungeplan's date (3 months after
    # 16): not recorded, check. The § 111 decision fell due while enrolled and is not recorded.
    assert [(s["code"], s["date"], s["kind"], s["status"]) for s in data["statutory_dates"]] == [
        ("ungeplan", "2025-06-14", "deadline", "before_enrolment"),
        ("s111", "2026-09-14", "deadline", "missed"),
        ("adult", "2027-03-14", "date", "coming"),
        ("ungestotte_end", "2032-03-14", "date", "coming"),
    ]
    assert data["statutory_dates"][1] == {
        "code": "s111",
        "date": "2026-09-14",
        "label": "§ 111 decision on support after 18 (6 months before 18)",
        "label_da": "§ 111-afgørelse om ungestøtte (6 måneder før 18 år)",
        "kind": "deadline",
        "status": "missed",
        "done_on": None,
        "how": None,
        "why": "placed until 18: only a recorded decision meets it (§ 111)",
        "why_da": "anbragt til 18 år: kun en registreret afgørelse tæller (§ 111)",
    }


def test_cpr_is_masked_unless_revealed(run: Run, casefile: Path, json_of) -> None:
    add(run, *FULL)
    assert json_of("youth", "show", "1")["cpr"] == "140309-****"
    assert json_of("youth", "list")[0]["cpr"] == "140309-****"
    listing = run("youth", "list")
    assert "140309-****" in listing.stdout
    assert "4128" not in listing.stdout


def test_list_table(run: Run, casefile: Path) -> None:
    add(run, *FULL)
    add(
        run,
        "Ali Hassan",
        "--born",
        "2007-12-18",
        "--coordinator",
        "Jonas Berg",
        "--ref",
        "2026-0038",
    )
    result = run("youth", "list")
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines() if line.strip()]
    assert lines[0].split() == [
        "ID",
        "Ref",
        "Name",
        "Age",
        "CPR",
        "Coordinator",
        "Programme",
        "Status",
    ]
    rows = [line.split() for line in lines if line.split()[0].isdigit()]
    assert rows[0][:5] == ["2", "2026-0038", "Ali", "Hassan", "18"]
    assert rows[1][:5] == ["1", "2025-0412", "Amalie", "Nørgaard", "17"]


def test_list_filters(run: Run, casefile: Path, json_of) -> None:
    add(
        run,
        "A",
        "--born",
        "2009-01-01",
        "--coordinator",
        "Mette",
        "--programme",
        "P1",
        "--municipality",
        "Esbjerg",
        "--cohort",
        "H1",
    )
    add(
        run,
        "B",
        "--born",
        "2009-01-01",
        "--coordinator",
        "Jonas",
        "--programme",
        "P2",
        "--municipality",
        "Vejen",
        "--cohort",
        "H2",
    )
    add(run, "C", "--born", "2009-01-01", "--coordinator", "mette", "--programme", "P2")
    assert run("youth", "close", "3").exit_code == 0

    def names(*args: str) -> list[str]:
        return [r["name"] for r in json_of("youth", "list", *args)]

    assert names() == ["A", "B"]
    assert names("--status", "all") == ["A", "B", "C"]
    assert names("--status", "closed") == ["C"]
    assert names("--coordinator", "mette", "--status", "all") == ["A", "C"]
    assert names("--programme", "P2") == ["B"]
    assert names("--municipality", "Vejen") == ["B"]
    assert names("--cohort", "H1") == ["A"]
    assert json_of("youth", "list", "--coordinator", "Nobody") == []
    bad = run("youth", "list", "--status", "asleep")
    assert bad.exit_code == 1
    assert bad.stderr == "Error: 'asleep' is not a status: give --status active, closed or all.\n"


def test_empty_list(run: Run, casefile: Path) -> None:
    result = run("youth", "list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (
        result.stderr == "No young people match: add one with 'efter youth add NAME --born DATE'.\n"
    )
    assert run("youth", "list", "--json").stdout == "[]\n"


def test_show_text(run: Run, casefile: Path) -> None:
    add(run, *FULL)
    result = run("youth", "show", "1")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:8] == [
        "ID                   1",
        "Ref                  2025-0412",
        "Name                 Amalie Nørgaard",
        "Born                 2009-03-14 (age 17)",
        "CPR                  140309-****",
        "Days until 18        106",
        "Next statutory date  2027-03-14 Age 18: the acting municipality may change",
        "Municipality         Esbjerg Kommune",
    ]
    assert "Legal basis          Barnets lov § 46 (placement with consent)" in lines
    assert "Housing              Residential home" in lines


def test_brackets_and_markup_print_as_typed(run: Run, casefile: Path, json_of) -> None:
    add(
        run,
        "Anna [plejefamilie] [bold]x[/bold]",
        "--born",
        "2009-01-01",
        "--note",
        ":smile: {{ 7*7 }}",
    )
    shown = run("youth", "show", "1").stdout
    assert "Anna [plejefamilie] [bold]x[/bold]" in shown
    assert ":smile: {{ 7*7 }}" in shown
    assert "Anna [plejefamilie]" in run("youth", "list").stdout
    assert json_of("youth", "show", "1")["name"] == "Anna [plejefamilie] [bold]x[/bold]"


def test_born_taken_from_cpr(run: Run, casefile: Path, json_of) -> None:
    add(run, "Mads", "--cpr", "0101094111")
    data = json_of("youth", "show", "1", "--reveal-cpr")
    assert data["born"] == "2009-01-01"
    assert data["cpr"] == "010109-4111"


def test_cpr_century_from_seventh_digit(run: Run, casefile: Path, json_of) -> None:
    # 7th digit 4 with year 08 -> 2008; modulus 11 is never checked.
    add(run, "Ida", "--cpr", "010108-4000", "--start", "2024-01-01")
    assert json_of("youth", "show", "1")["born"] == "2008-01-01"


def test_start_defaults_to_today(run: Run, casefile: Path, json_of) -> None:
    add(run, "Ida", "--born", "2009-05-05")
    assert json_of("youth", "show", "1")["start"] == "2026-11-28"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--born", "31-02-2008"],
            "--born: '31-02-2008' does not exist (February 2008 has no day 31): write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026).",
        ),
        (
            ["--born", "next tuesday"],
            "--born: 'next tuesday' is not a date: write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026).",
        ),
        (
            ["--born", "2008-13-01"],
            "--born: '2008-13-01' does not exist (there is no month 13): write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026).",
        ),
        (
            ["--born", "2015-01-01"],
            "--born: the young person would be 11 on the start date 2026-11-28, and efter takes young people aged 15-23: check the birth date and the start date, or add --force to enrol anyway.",
        ),
        (
            ["--born", "2000-01-01"],
            "--born: the young person would be 26 on the start date 2026-11-28, and efter takes young people aged 15-23: check the birth date and the start date, or add --force to enrol anyway.",
        ),
        (["--born", "2027-01-01"], "--born: the birth date lies in the future: correct it."),
        ([], "--born: the birth date is missing: give it (or the CPR number, which holds it)."),
        (
            ["--cpr", "1403094128x"],
            "The CPR number is not valid: write it as ten digits, DDMMYY-SSSS (the dash is optional).",
        ),
        (
            ["--cpr", "310209-4128"],
            "The CPR number is not valid: its first six digits are not a real date (DDMMYY).",
        ),
        (
            ["--cpr", "140309-4128", "--born", "2009-03-15"],
            "--cpr: the birth date does not match the date in the CPR number: correct the CPR number or the birth date.",
        ),
        (
            ["--born", "2009-01-01", "--legal-basis", "§ 99"],
            "--legal-basis: '§ 99' is not a known legal basis: give one of bl46, bl47, bl32, bl113, sel52, sel76.",
        ),
        (
            ["--born", "2009-01-01", "--housing", "slot"],
            "--housing: 'slot' is not a known housing form: give one of doegninstitution, opholdssted, plejefamilie, netvaerksplejefamilie, vaertsfamilie, egen-bolig, kollegium, bofaellesskab, hos-foraeldre, other.",
        ),
        (
            ["--born", "2009-01-01", "--start", "2026-02-30"],
            "--start: '2026-02-30' does not exist (February 2026 has no day 30): write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026).",
        ),
    ],
)
def test_bad_input_one_sentence_nothing_written(
    run: Run, casefile: Path, args: list[str], message: str
) -> None:
    before = snapshot(casefile)
    result = run("youth", "add", "Test Person", *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"
    assert snapshot(casefile) == before


def test_cpr_never_in_error_messages(run: Run, casefile: Path) -> None:
    for bad in ("999999-1234", "140309-41", "140309-4128", "140309-4128"):
        result = run("youth", "add", "X", "--cpr", bad, "--born", "2001-01-01")
        assert bad not in result.stderr
        assert bad.replace("-", "") not in result.stderr


def test_blank_name_refused(run: Run, casefile: Path) -> None:
    result = run("youth", "add", "   ", "--born", "2009-01-01")
    assert result.exit_code == 1
    assert result.stderr == "Error: NAME: the name is empty: give the young person's name.\n"


def test_force_enrols_outside_ages_and_says_so(run: Run, casefile: Path, json_of) -> None:
    result = run("youth", "add", "Lille", "--born", "2013-01-01", "--force")
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: enrolled outside ages 15-23 because of --force; the record says so.\n"
        "Enrolled Lille as id 1.\n"
    )
    assert json_of("youth", "show", "1")["age_forced"] is True
    assert "Note: enrolled outside ages 15-23 with --force." in run("youth", "show", "1").stderr


def test_day_first_dates_everywhere(run: Run, casefile: Path, json_of) -> None:
    add(run, "D", "--born", "5.3.2009", "--start", "01/09/2025")
    data = json_of("youth", "show", "1")
    assert (data["born"], data["start"]) == ("2009-03-05", "2025-09-01")


def test_duplicate_ref(run: Run, casefile: Path) -> None:
    add(run, *FULL)
    before = snapshot(casefile)
    result = run("youth", "add", "Other", "--born", "2009-01-01", "--ref", "2025-0412")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --ref: the ref '2025-0412' is already used by Amalie Nørgaard (id 1): give a different one.\n"
    )
    assert snapshot(casefile) == before


def test_unknown_youth(run: Run, casefile: Path) -> None:
    for command in (
        ["show", "42"],
        ["edit", "42", "--name", "X"],
        ["close", "42"],
        ["reopen", "x-1"],
    ):
        result = run("youth", *command)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: No young person has the id or ref '")
        assert result.stderr.endswith("': see 'efter youth list' for who is on file.\n")


def test_id_and_ref_clash_is_explained(run: Run, casefile: Path, json_of) -> None:
    add(run, "First", "--born", "2009-01-01")
    add(run, "Second", "--born", "2009-01-01", "--ref", "1")
    result = run("youth", "show", "1")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: '1' is both the id of First and the ref of Second: write id:1 or ref:1.\n"
    )
    assert json_of("youth", "show", "id:1")["name"] == "First"
    assert json_of("youth", "show", "ref:1")["name"] == "Second"


def test_edit_changes_and_reports_fields(run: Run, casefile: Path, json_of) -> None:
    add(run, *FULL)
    result = run(
        "youth",
        "edit",
        "2025-0412",
        "--housing",
        "egen bolig",
        "--coordinator",
        "Jonas Berg",
        "--cpr",
        "",
    )
    assert result.exit_code == 0
    assert result.stderr == "Changed cpr, housing, coordinator for Amalie Nørgaard (id 1).\n"
    data = json_of("youth", "show", "1")
    assert (data["housing"], data["coordinator"], data["cpr"]) == ("egen-bolig", "Jonas Berg", None)
    same = run("youth", "edit", "1", "--cohort", "2025-A")
    assert (
        same.stderr == "Nothing changed for Amalie Nørgaard (id 1): the values were already so.\n"
    )


def test_edit_bad_input_changes_nothing(run: Run, casefile: Path) -> None:
    add(run, *FULL)
    add(run, "Other", "--born", "2009-01-01", "--ref", "R2")
    before = snapshot(casefile)
    for args, message in (
        (["--born", "2015-01-01"], "--cpr: the birth date does not match the date in the CPR"),
        (["--ref", "R2"], "--ref: the ref 'R2' is already used by Other (id 2)"),
        (["--name", ""], "--name: the name is empty"),
        (["--start", "soon"], "--start: 'soon' is not a date"),
        ([], "Nothing to change: give at least one option"),
    ):
        result = run("youth", "edit", "1", *args)
        assert result.exit_code == (1 if args else 2), args  # nothing given: a usage mistake
        assert result.stderr.startswith(f"Error: {message}"), result.stderr
    too_young = run("youth", "edit", "2", "--born", "2015-01-01")
    assert too_young.stderr.startswith(
        "Error: --born: the young person would be 11 on the start date 2026-11-28"
    )
    assert snapshot(casefile) == before


def test_close_and_reopen_keep_people(run: Run, casefile: Path, json_of) -> None:
    add(run, *FULL)
    assert run("team", "add", "1", "--role", "ungevejleder", "--name", "Peter Dam").exit_code == 0
    result = run("youth", "close", "1", "--outcome", "education", "--date", "15-11-2026")
    assert result.stderr == "Closed the case of Amalie Nørgaard (id 1) on 2026-11-15.\n"
    data = json_of("youth", "show", "1")
    assert (data["status"], data["closed"], data["outcome"]) == (
        "closed",
        "2026-11-15",
        "education",
    )
    again = run("youth", "close", "1")
    assert again.exit_code == 1
    assert (
        again.stderr
        == "Error: The case of Amalie Nørgaard (id 1) is already closed (on 2026-11-15).\n"
    )
    assert run("youth", "reopen", "1").stderr == "Reopened the case of Amalie Nørgaard (id 1).\n"
    data = json_of("youth", "show", "1")
    assert (data["status"], data["closed"], data["outcome"]) == ("active", None, None)
    assert [m["name"] for m in data["team"]] == ["Peter Dam"]


def test_close_bad_input(run: Run, casefile: Path) -> None:
    add(run, *FULL)
    before = snapshot(casefile)
    early = run("youth", "close", "1", "--date", "2025-01-01")
    assert (
        early.stderr
        == "Error: --date: 2025-01-01 is before the start date 2025-09-01: give 2025-09-01 or later.\n"
    )
    bad = run("youth", "close", "1", "--outcome", "happy")
    assert (
        bad.stderr
        == "Error: --outcome: 'happy' is not a known outcome: give one of education, job, both, neither, unknown.\n"
    )
    assert (
        run("youth", "reopen", "1").stderr
        == "Error: The case of Amalie Nørgaard (id 1) is not closed: there is nothing to reopen.\n"
    )
    assert snapshot(casefile) == before


def test_json_is_only_json(run: Run, casefile: Path) -> None:
    add(run, *FULL)
    for args in (
        ["youth", "list", "--json"],
        ["youth", "show", "1", "--json"],
        ["report", "caseload", "--json"],
    ):
        result = run(*args)
        json.loads(result.stdout)


def test_caseload_warning_above_limit(run: Run, casefile: Path, json_of) -> None:
    run("config", "set", "caseload-limit", "2")
    for name in ("A", "B"):
        assert (
            run("youth", "add", name, "--born", "2009-01-01", "--coordinator", "Mette").stderr
            == f"Enrolled {name} as id {'AB'.index(name) + 1}.\n"
        )
    third = run("youth", "add", "C", "--born", "2009-01-01", "--coordinator", "Mette")
    assert third.stderr == (
        "Warning: Mette now has 3 active cases, above the limit of 2 "
        "(change it with 'efter config set caseload-limit N').\n"
        "Enrolled C as id 3.\n"
    )
    report = json_of("report", "caseload")
    assert report == {
        "limit": 2,
        "coordinators": [
            {
                "coordinator": "Mette",
                "active": 3,
                "over_limit": True,
                "meetings_due": 3,
                "overdue_agreements": 0,
            }
        ],
    }
    table = run("report", "caseload")
    assert "Mette" in table.stdout
    assert table.stderr == "Warning: Mette has 3 active cases, above the limit of 2.\n"


def test_debug_shows_traceback(run: Run, casefile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EFTER_DEBUG", "1")
    from efter.core.errors import NotFound

    with pytest.raises(NotFound):
        run("youth", "show", "99")
