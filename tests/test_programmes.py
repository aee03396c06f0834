"""Issue 18 item 6: programmes as real things. A programme has a kind (model or supplement), a
price and a planned length; a cohort has a start (EMPOWER4U's camp), a planned end and a
place; a young person can be in several programmes at once, each period with its own dates;
reports and the cost per young person read the periods; a near spelling gets "did you mean";
existing case files migrate with nothing lost."""

import sqlite3
from pathlib import Path
from unittest.mock import patch

import pytest
from _reportkit import enrol
from conftest import snapshot
from hypothesis import given
from hypothesis import strategies as st

MODEL = "Vejen til uddannelse og beskæftigelse"
E4U = "EMPOWER4U->DRØMMEJOB"


def ok(result) -> str:
    assert result.exit_code == 0, result.stderr
    return result.stdout


def two_programmes(run) -> None:
    ok(run("programme", "add", MODEL, "--kind", "model", "--price", "30.000"))
    ok(run("programme", "add", E4U, "--kind", "supplement", "--price", "29500", "--weeks", "78"))


def test_add_list_and_show(run, json_of, casefile: Path) -> None:
    added = run("programme", "add", MODEL, "--kind", "model")
    assert (added.exit_code, added.stdout, added.stderr) == (
        0, "1\n", f"Added the programme {MODEL} (collaboration model).\n"
    )  # fmt: skip
    added = run("programme", "add", E4U, "--kind", "supplement", "--price", "29.500 kr.",
                "--weeks", "78")  # fmt: skip
    assert (added.stdout, added.stderr) == ("2\n", f"Added the programme {E4U} (supplement).\n")
    assert json_of("programme", "list") == [
        {"id": 2, "programme": E4U, "kind": "supplement", "weeks": 78, "price": 29500,
         "cohorts": 0, "active": 0, "closed": 0},
        {"id": 1, "programme": MODEL, "kind": "model", "weeks": None, "price": None,
         "cohorts": 0, "active": 0, "closed": 0},
    ]  # fmt: skip
    assert run("programme", "list").stdout == (
        "Programme                               Kind                  Weeks   Cohorts   In it now   Left   Price per young person (kr.)\n"
        + "─" * 127 + "\n"
        "EMPOWER4U->DRØMMEJOB                    Supplement            78      0         0           0      29.500\n"
        "Vejen til uddannelse og beskæftigelse   Collaboration model           0         0           0\n"
    )  # fmt: skip
    shown = run("programme", "show", "empower4u->drømmejob")
    assert shown.stdout == (
        "ID         2\n"
        "Programme  EMPOWER4U->DRØMMEJOB\n"
        "Kind       Supplement\n"
        "Weeks      78\n"
        "Price      29.500 kr.\n"
        "In it now  0\n"
        "Left       0\n"
        "\n"
        "\n"
    )
    assert shown.stderr == (
        "No cohorts yet: add one with 'efter programme cohort PROGRAMME NAME --start DATE'.\n"
        "Nobody is in it yet: 'efter programme join YOUTH \"EMPOWER4U->DRØMMEJOB\"'.\n"
    )


def test_a_near_spelling_gets_did_you_mean_rather_than_a_second_programme(
    run, json_of, casefile: Path
) -> None:
    two_programmes(run)
    enrol(run, "Amalie Nørgaard", "2009-03-14", "2025-09-01", ref="R1")
    before = snapshot(casefile)
    for args, message in (
        (("programme", "add", "EMPOWER 4U", "--kind", "supplement"),
         f"Error: 'EMPOWER 4U' is not a programme on file: did you mean '{E4U}'? Use that one, "
         "or add --force if this is another programme.\n"),
        (("youth", "add", "Bo", "--born", "2009-01-01", "--programme", "Empower 4U"),
         f"Error: --programme: 'Empower 4U' is not a programme on file: did you mean '{E4U}'? "
         "Give the name as 'efter programme list' shows it, or add a new programme first with "
         "'efter programme add NAME --kind model|supplement --force'.\n"),
        (("youth", "edit", "R1", "--programme", "Vejen til uddannelse og beskæftigelsen"),
         "Error: --programme: 'Vejen til uddannelse og beskæftigelsen' is not a programme on "
         f"file: did you mean '{MODEL}'? Give the name as 'efter programme list' shows it, or "
         "add a new programme first with 'efter programme add NAME --kind model|supplement "
         "--force'.\n"),
        (("programme", "join", "R1", "EMPOWER 4U"),
         f"Error: 'EMPOWER 4U' is not a programme on file: did you mean '{E4U}'? Give the name "
         "as 'efter programme list' shows it.\n"),
        (("programme", "price", "Empower4U", "100"),
         f"Error: 'Empower4U' is not a programme on file: did you mean '{E4U}'? Give the name "
         "as 'efter programme list' shows it.\n"),
    ):  # fmt: skip
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", message), args
    assert snapshot(casefile) == before
    # The same name in another case, spacing or with the Danish letters written out is the
    # same programme: no question asked, no second programme.
    ok(run("youth", "edit", "R1", "--programme", "vejen  til uddannelse og BESKAEFTIGELSE"))
    assert json_of("youth", "show", "R1")["programme"] == MODEL
    assert len(json_of("programme", "list")) == 2
    # --force says it really is another programme
    ok(run("programme", "add", "EMPOWER 4U", "--kind", "supplement", "--force"))
    assert len(json_of("programme", "list")) == 3


def test_bad_input_names_the_option_and_changes_nothing(run, casefile: Path) -> None:
    two_programmes(run)
    enrol(run, "Amalie Nørgaard", "2009-03-14", "2025-09-01", ref="R1", programme=MODEL)
    before = snapshot(casefile)
    cases = [
        (("programme", "add", "X", "--kind", "course"), 1,
         "Error: --kind: 'course' is not a known kind of programme: give one of model, "
         "supplement.\n"),
        (("programme", "add", "X", "--kind", "model", "--weeks", "0"), 1,
         "Error: --weeks: '0' is not a number of weeks from 1 to 520: give the planned length "
         "in whole weeks (78 is about 1½ years).\n"),
        (("programme", "add", "X", "--kind", "model", "--price", "30k"), 1,
         "Error: --price: '30k' is not an amount in whole kroner: write it as 30000 or 30.000.\n"),
        (("programme", "add", " ", "--kind", "model"), 1,
         "Error: NAME: the programme name is empty: give its name.\n"),
        (("programme", "add", "vejen til uddannelse og beskæftigelse", "--kind", "model"), 1,
         f"Error: NAME: the programme '{MODEL}' is already on file: change it with "
         "'efter programme edit'.\n"),
        (("programme", "add", "X"), 2, None),
        (("programme", "edit", E4U), 2,
         "Error: Nothing to change: give at least one of --name, --kind, --weeks.\n"),
        (("programme", "edit", E4U, "--name", MODEL.upper()), 1,
         f"Error: --name: the programme '{MODEL}' is already on file: give another name.\n"),
        (("programme", "show", "Nothing like it"), 1,
         "Error: No programme is called 'Nothing like it': see 'efter programme list', or add "
         "it with 'efter programme add NAME --kind model|supplement'.\n"),
        (("programme", "cohort", E4U, "2026-1", "--start", "2026-03-02", "--end", "2026-01-01"), 1,
         "Error: --end: 2026-01-01 is before the start date 2026-03-02: give 2026-03-02 or "
         "later.\n"),
        (("programme", "cohort", E4U, "2026-1", "--start", "31-02-2026"), 1,
         "Error: --start: '31-02-2026' does not exist (February 2026 has no day 31): write it "
         "as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026).\n"),
        (("programme", "join", "R1", MODEL), 1,
         f"Error: Amalie Nørgaard is already in {MODEL} at that time (from 2025-09-01): end that "
         "period with 'efter programme leave' or give other dates.\n"),
        (("programme", "join", "R1", E4U, "--from", "2025-01-01"), 1,
         "Error: --from: 2025-01-01 is before the case started (2025-09-01): give a date on or "
         "after the case's start.\n"),
        (("programme", "join", "R1", E4U, "--cohort", "Hold 9"), 1,
         f"Error: {E4U} has no cohort 'Hold 9' (it has: none yet): add it with 'efter "
         f"programme cohort \"{E4U}\" NAME --start DATE'.\n"),
        (("programme", "join", "R1", E4U, "--from", "2026-03-01", "--to", "2026-02-01"), 1,
         "Error: --to: 2026-02-01 is before the start date 2026-03-01: give 2026-03-01 or "
         "later.\n"),
        (("programme", "leave", "R1", E4U), 1,
         f"Error: Amalie Nørgaard is not in {E4U} now: see 'efter programme periods R1'.\n"),
        (("programme", "leave", "R1", MODEL, "--date", "2025-08-01"), 1,
         "Error: --date: 2025-08-01 is before the start date 2025-09-01: give 2025-09-01 or "
         "later.\n"),
    ]  # fmt: skip
    for args, code, message in cases:
        result = run(*args)
        assert (result.exit_code, result.stdout) == (code, ""), (args, result.stderr)
        if message is not None:
            assert result.stderr == message, args
    assert snapshot(casefile) == before


def test_cohort_with_camp_start_planned_end_and_place(run, json_of, casefile: Path) -> None:
    two_programmes(run)
    added = run("programme", "cohort", E4U, "2026-1", "--start", "02-03-2026", "--place",
                "Lejrskolen på Rømø")  # fmt: skip
    assert (added.stdout, added.stderr) == (
        "1\n",
        f"Added the cohort 2026-1 of {E4U} from 2026-03-02 to 2027-08-30.\n",
    )  # 78 weeks after the camp: about 1½ years
    changed = run("programme", "cohort", E4U, "2026-1", "--end", "2027-09-30")
    assert (changed.stdout, changed.stderr) == (
        "",
        f"Updated the cohort 2026-1 of {E4U} from 2026-03-02 to 2027-09-30.\n",
    )
    ok(run("programme", "cohort", MODEL, "2025-A"))
    assert json_of("programme", "cohorts") == [
        {"id": 1, "programme": E4U, "cohort": "2026-1", "starts": "2026-03-02",
         "planned_end": "2027-09-30", "place": "Lejrskolen på Rømø", "young_people": 0},
        {"id": 2, "programme": MODEL, "cohort": "2025-A", "starts": None, "planned_end": None,
         "place": None, "young_people": 0},
    ]  # fmt: skip
    assert [c["cohort"] for c in json_of("programme", "cohorts", MODEL)] == ["2025-A"]


def test_one_young_person_in_the_model_and_empower4u_at_once(run, json_of, casefile: Path) -> None:
    two_programmes(run)
    ok(run("programme", "cohort", E4U, "2026-1", "--start", "2026-03-02"))
    enrol(run, "Amalie Nørgaard", "2009-03-14", "2025-09-01", ref="R1", programme=MODEL,
          cohort="2025-A")  # fmt: skip
    joined = run("programme", "join", "Amalie", "empower4u->drømmejob", "--from", "02-03-2026",
                 "--cohort", "2026-1")  # fmt: skip
    assert (joined.exit_code, joined.stdout, joined.stderr) == (
        0, "2\n", f"Amalie Nørgaard (id 1) is in {E4U} from 2026-03-02.\n"
    )  # fmt: skip
    periods = [
        {"id": 1, "programme": MODEL, "kind": "model", "cohort": "2025-A",
         "starts": "2025-09-01", "ends": None},
        {"id": 2, "programme": E4U, "kind": "supplement", "cohort": "2026-1",
         "starts": "2026-03-02", "ends": None},
    ]  # fmt: skip
    assert json_of("programme", "periods", "R1") == periods
    assert json_of("youth", "show", "R1")["programmes"] == periods
    assert run("programme", "periods", "R1").stdout == (
        "ID   Programme                               Kind                  Cohort   From         To\n"
        + "─" * 91 + "\n"
        "1    Vejen til uddannelse og beskæftigelse   Collaboration model   2025-A   2025-09-01\n"
        "2    EMPOWER4U->DRØMMEJOB                    Supplement            2026-1   2026-03-02\n"
    )  # fmt: skip
    shown = run("youth", "show", "R1").stdout
    assert (
        "Programmes\n"
        "Programme                               Cohort   From         To\n" + "─" * 64 + "\n"
        "Vejen til uddannelse og beskæftigelse   2025-A   2025-09-01\n"
        "EMPOWER4U->DRØMMEJOB                    2026-1   2026-03-02\n"
    ) in shown
    # youth list finds her under either programme
    assert [y["name"] for y in json_of("youth", "list", "--programme", E4U)] == ["Amalie Nørgaard"]
    assert [y["name"] for y in json_of("youth", "list", "--programme", MODEL)] == [
        "Amalie Nørgaard"
    ]
    left = run("programme", "leave", "R1", E4U, "--date", "2026-11-01")
    assert left.stderr == (
        f"Amalie Nørgaard (id 1) left {E4U} on 2026-11-01 (in it from 2026-03-02).\n"
    )
    assert json_of("programme", "periods", "R1")[1]["ends"] == "2026-11-01"
    listed = {p["programme"]: (p["active"], p["closed"]) for p in json_of("programme", "list")}
    assert listed == {E4U: (0, 1), MODEL: (1, 0)}
    # Closing the case ends the open periods on the closing day; reopening goes on in them.
    ok(run("youth", "close", "R1", "--date", "2026-11-20", "--outcome", "education"))
    assert [p["ends"] for p in json_of("programme", "periods", "R1")] == [
        "2026-11-20",
        "2026-11-01",
    ]
    ok(run("youth", "reopen", "R1"))
    assert [p["ends"] for p in json_of("programme", "periods", "R1")] == [None, "2026-11-01"]


def test_youth_add_and_edit_join_the_programme_named(run, json_of, casefile: Path) -> None:
    # a name not on file becomes a programme (kind model), as a programme on the case did
    enrol(run, "Amalie Nørgaard", "2009-03-14", "2025-09-01", ref="R1", programme="Ny indsats")
    assert [(p["programme"], p["kind"]) for p in json_of("programme", "list")] == [
        ("Ny indsats", "model")
    ]
    ok(run("programme", "add", E4U, "--kind", "supplement"))
    # editing the case's programme joins that one from today; the first goes on
    ok(run("youth", "edit", "R1", "--programme", E4U, "--cohort", "Hold 3"))
    assert [(p["programme"], p["cohort"], p["starts"], p["ends"])
            for p in json_of("programme", "periods", "R1")] == [
        ("Ny indsats", None, "2025-09-01", None),
        (E4U, "Hold 3", "2026-11-28", None),
    ]  # fmt: skip
    # a new cohort on the same programme moves the open period to it
    ok(run("youth", "edit", "R1", "--cohort", "Hold 4"))
    assert json_of("programme", "periods", "R1")[1]["cohort"] == "Hold 4"
    # a rename reaches the case's programme and the price
    ok(run("programme", "price", E4U, "29500"))
    renamed = run("programme", "edit", E4U, "--name", "EMPOWER4U", "--weeks", "78")
    assert renamed.stderr == (f"{E4U}: name {E4U} -> EMPOWER4U.\n{E4U}: weeks (none) -> 78.\n")
    assert json_of("youth", "show", "R1")["programme"] == "EMPOWER4U"
    assert [(p["programme"], p["price"], p["weeks"]) for p in json_of("programme", "list")] == [
        ("EMPOWER4U", 29500, 78), ("Ny indsats", None, None)
    ]  # fmt: skip


def test_import_programme_column_joins_and_refuses_a_near_spelling(
    run, json_of, casefile: Path
) -> None:
    two_programmes(run)
    sheet = (
        "sagsnr;navn;fødselsdato;indsats;hold;startdato\n"
        f"S1;Amalie Nørgaard;14-03-2009;{MODEL};2025-A;01-09-2025\n"
        f"S2;Mathias Østergaard;02-11-2008;{E4U.lower()};Hold 3;12-01-2026\n"
        "S3;Sara Ali;05-05-2009;Helt ny indsats;;15-09-2025\n"
    )
    ok(run("import", "youth", "-", "--format", "csv", input=sheet))
    assert [(p["programme"], p["cohort"], p["starts"])
            for ref in ("S1", "S2", "S3")
            for p in json_of("programme", "periods", ref)] == [
        (MODEL, "2025-A", "2025-09-01"), (E4U, "Hold 3", "2026-01-12"),
        ("Helt ny indsats", None, "2025-09-15"),
    ]  # fmt: skip
    assert json_of("youth", "show", "S2")["programme"] == E4U  # spelled as on file
    before = snapshot(casefile)
    bad = run(
        "import", "youth", "-", "--format", "csv",
        input="sagsnr;navn;fødselsdato;indsats\nS4;Bo;01-01-2009;EMPOWER 4U\n",
    )  # fmt: skip
    assert bad.exit_code == 1
    assert (
        f"line 2, column indsats: 'EMPOWER 4U' is not a programme on file; did you mean '{E4U}'? "
        "Give the name as 'efter programme list' shows it"
    ) in bad.stderr
    assert snapshot(casefile) == before


def test_reports_and_cost_per_young_person_read_the_periods(run, json_of, casefile: Path) -> None:
    two_programmes(run)
    enrol(run, "A", "2008-01-01", "2025-01-01", programme=MODEL)
    enrol(run, "B", "2008-01-01", "2025-01-01", programme=MODEL)
    ok(run("programme", "join", "B", E4U, "--from", "2025-03-01"))
    for who in ("A", "B"):
        ok(run("youth", "close", who, "--date", "2026-01-31", "--outcome", "education"))
    cost = json_of("report", "outcomes")["cost"]
    assert cost["programmes"] == [
        {"programme": E4U, "price": 29500, "closed": 1, "in_education_or_job": 1,
         "total_cost": 29500, "cost_per_young_person_in_education_or_job": 29500},
        {"programme": MODEL, "price": 30000, "closed": 2, "in_education_or_job": 2,
         "total_cost": 60000, "cost_per_young_person_in_education_or_job": 30000},
    ]  # fmt: skip
    # two young people cost 89,500 kr. together: B was in both programmes
    assert (cost["closed_priced"], cost["total_cost"], cost["in_education_or_job"]) == (2, 89500, 2)
    assert cost["cost_per_young_person_in_education_or_job"] == 44750
    # --programme picks the young people with a period in it that overlaps the window
    only = json_of("report", "outcomes", "--programme", "empower4u->drømmejob")
    assert only["closed"]["total"] == 1
    assert (
        json_of("report", "outcomes", "--programme", E4U, "--to", "2025-02-01")["closed"]["total"]
        == 0
    )


def test_a_case_without_a_programme_takes_the_first_joined(run, json_of, casefile) -> None:
    two_programmes(run)
    enrol(run, "A", "2008-01-01", "2025-01-01")
    ok(run("programme", "join", "A", E4U, "--from", "2025-02-01"))
    ok(run("programme", "join", "A", MODEL, "--from", "2025-03-01"))
    assert json_of("youth", "show", "A")["programme"] == E4U


def test_measure_kinds_from_the_aftercare_package(run, json_of, casefile: Path) -> None:
    enrol(run, "A", "2008-01-01", "2025-01-01")
    for kind in ("frivillig", "værtsfamilie", "socialøkonomisk job", "praktik"):
        ok(run("measure", "add", "1", kind, "--from", "2025-02-01"))
    assert [(m["kind"], m["kind_label"]) for m in json_of("measure", "list", "1")] == [
        ("frivillig", "Volunteer support"),
        ("vaertsfamilie", "Host family"),
        ("socialoekonomisk-job", "Social-economy job"),
        ("praktik", "Social-economy internship"),
    ]


def _old_file(run, casefile: Path) -> None:
    """A case file as efter left it before m021_programmes: the programme as text on the young
    person (two spellings of one), a cohort with no programme, a price of a programme nobody
    is in. The cases are made by today's commands in a scratch file, then copied into a file
    built by the migrations before m021 only (later ones, such as m022_contacts, run after it
    when the file is opened)."""
    enrol(run, "A", "2008-01-01", "2025-01-01", ref="R1", programme="Vejen", cohort="2025-A")
    enrol(run, "B", "2008-01-01", "2025-02-01", ref="R2", programme="VEJEN", cohort="2025-a")
    enrol(run, "C", "2008-01-01", "2025-03-01", ref="R3", programme=E4U, cohort="Hold 2")
    enrol(run, "D", "2008-01-01", "2025-03-01", ref="R4", cohort="Løst hold")
    enrol(run, "E", "2008-01-01", "2025-03-01", ref="R5")
    ok(run("youth", "close", "R3", "--date", "2026-01-31", "--outcome", "job"))
    ok(run("programme", "price", "vejen", "30000"))
    from efter.core.migrations import MIGRATIONS

    scratch = sqlite3.connect(casefile)
    youth = scratch.execute("SELECT * FROM youth ORDER BY id")
    youth_columns = [d[0] for d in youth.description]
    youth_rows = youth.fetchall()
    prices = scratch.execute("SELECT programme, amount, updated FROM programme_price").fetchall()
    scratch.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(casefile) + suffix).unlink(missing_ok=True)
    from efter.core import casefile as casefile_module

    with pytest.MonkeyPatch.context() as before:
        before.setattr(
            casefile_module,
            "MIGRATIONS",
            MIGRATIONS[: [m.__name__ for m in MIGRATIONS].index("m021_programmes")],
        )
        ok(run("init"))
    conn = sqlite3.connect(casefile)
    with conn:
        old = [c[1] for c in conn.execute("PRAGMA table_info(youth)")]
        kept = [c for c in youth_columns if c in old]
        at = [youth_columns.index(c) for c in kept]
        conn.executemany(
            f"INSERT INTO youth ({', '.join(kept)}) VALUES ({', '.join('?' * len(kept))})",
            [[row[i] for i in at] for row in youth_rows],
        )
        conn.executemany("INSERT INTO programme_price VALUES (?, ?, ?)", prices)
        conn.execute("INSERT INTO programme_price VALUES ('Ingen endnu', 1000, '2026-01-01')")
    assert [r[0] for r in conn.execute("SELECT name FROM migration")][-1] == "m019_journal"
    conn.close()


def _dump(casefile: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(casefile)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.mark.laptop_only(
    "an older case file rebuilt from its rows (test_contacts migrates a register)"
)
def test_an_existing_case_file_migrates_with_nothing_lost(run, json_of, casefile: Path) -> None:
    _old_file(run, casefile)
    youth_before = _dump(casefile, "SELECT * FROM youth ORDER BY id")
    prices_before = _dump(casefile, "SELECT * FROM programme_price ORDER BY programme")
    assert _dump(casefile, "SELECT name FROM sqlite_master WHERE name = 'programme'") == []
    listed = json_of("programme", "list")  # opening the file migrates it
    width = len(youth_before[0])  # later migrations (m022_contacts) add columns at the end
    assert [row[:width] for row in _dump(casefile, "SELECT * FROM youth ORDER BY id")] == (
        youth_before
    )
    assert _dump(casefile, "SELECT * FROM programme_price ORDER BY programme") == prices_before
    assert [(p["programme"], p["kind"], p["price"], p["active"], p["closed"]) for p in listed] == [
        (E4U, "model", None, 0, 1),
        ("Ingen endnu", "model", 1000, 0, 0),
        ("Vejen", "model", 30000, 2, 0),
    ]  # fmt: skip
    assert [(c["programme"], c["cohort"]) for c in json_of("programme", "cohorts")] == [
        (E4U, "Hold 2"), ("Vejen", "2025-A"), (None, "Løst hold"),
    ]  # fmt: skip
    assert [
        [(p["programme"], p["cohort"], p["starts"], p["ends"])
         for p in json_of("programme", "periods", ref)]
        for ref in ("R1", "R2", "R3", "R4", "R5")
    ] == [
        [("Vejen", "2025-A", "2025-01-01", None)],
        [("Vejen", "2025-A", "2025-02-01", None)],
        [(E4U, "Hold 2", "2025-03-01", "2026-01-31")],
        [], [],
    ]  # fmt: skip
    # and the file is now as a new one is: the schema test's golden holds
    from tests.test_schema import schema_of

    fresh = Path(str(casefile) + "-fresh.db")
    from efter.core.casefile import create_casefile

    made, _ = create_casefile(fresh)
    made.close()
    assert schema_of(casefile) == schema_of(fresh)


@given(
    name=st.text(
        alphabet=st.sampled_from(list("EMPOWERempower4U->DRØMMEJOBdrømmejob æøåÆØÅ-")),
        min_size=1, max_size=30,
    ).filter(lambda s: s.strip())
)  # fmt: skip
def test_a_name_is_the_same_programme_a_near_one_or_another(name: str) -> None:
    """Whatever is typed, it is exactly one of: the same programme (any case, spacing, æøå
    written out), a near spelling ('did you mean'), or another programme; never two."""
    from efter.core import names, programmes

    same = names.fold(programmes.key(name)) == names.fold(programmes.key(E4U))
    near = programmes.is_near(name, E4U) and not same
    assert not (same and near)
    if same:
        assert programmes.loose(name) == programmes.loose(E4U)
    if programmes.loose(name) == programmes.loose(E4U):
        assert same or near


@pytest.mark.parametrize(
    ("typed", "existing", "verdict"),
    [
        ("EMPOWER4U->DRØMMEJOB", E4U, "same"), ("empower4u->drommejob", E4U, "same"),
        ("EMPOWER4U->DROEMMEJOB", E4U, "same"), ("EMPOWER 4U", E4U, "near"),
        ("Empower4U", E4U, "near"), ("EMPOWER4U - DRØMMEJOB", E4U, "near"),
        ("EMPOVER4U->DRØMMEJOB", E4U, "near"), ("Vejen", E4U, "other"), ("Empo", E4U, "other"),
        ("Vejen", MODEL, "near"), ("vejen til", MODEL, "near"),
        (MODEL, "Vejen", "other"), ("Vejen til job", MODEL, "other"),
        ("Bo-træning", "Bostøtte", "other"),
    ],
)  # fmt: skip
def test_which_names_are_near(typed: str, existing: str, verdict: str) -> None:
    from efter.core import names, programmes

    same = names.fold(programmes.key(typed)) == names.fold(programmes.key(existing))
    near = not same and programmes.is_near(typed, existing)
    assert ("same" if same else "near" if near else "other") == verdict


_LETTERS = list("EMPOWERempower4U->DRØMMEJOBdrømmejobVejntiludaæøåÆØÅ 18-_.éü\u00a0")


@given(
    on_file=st.lists(
        st.text(alphabet=_LETTERS, min_size=1, max_size=24).filter(lambda s: s.strip()),
        max_size=8,
    ),
    typed=st.lists(st.text(alphabet=_LETTERS, max_size=24), max_size=30),
    same=st.lists(st.integers(0, 7), max_size=4),
)
def test_spellings_of_a_column_are_spelling_of_each_name(on_file, typed, same) -> None:
    """Catalogue.spellings(), the prices import's column at once, gives what spelling() gives
    each name (None where it refuses a near spelling), whatever the names on file: the same
    names, near ones, Danish letters, accents, spaces of every width, blank ones."""
    from efter.core import programmes

    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE TABLE programme (id INTEGER PRIMARY KEY, name TEXT, key TEXT UNIQUE)")
    for name in on_file:
        conn.execute(
            "INSERT OR IGNORE INTO programme (name, key) VALUES (?, ?)",
            (name, programmes.key(name)),
        )
    typed = typed + [on_file[at].upper() for at in same if at < len(on_file)]
    catalogue = programmes.Catalogue(conn)
    expected = []
    for name in typed:
        try:
            expected.append(catalogue.spelling(name))
        except programmes.InvalidInput:
            expected.append(None)
    assert catalogue.spellings(typed) == expected
    # and so with a long list of programmes, where each name is looked up on its own
    with patch.object(programmes, "_PREFIXES_MAX", 0), patch.object(programmes, "_FEW_NAMES", 0):
        assert programmes.Catalogue(conn).spellings(typed) == expected


_SPELLINGS = [
    "Vejen",
    "VEJEN",
    "vejen",
    "EMPOWER4U",
    "Empower4u",
    "EMPOWER 4U",
    "Bikuben",
    "Ø-hold",
]


@given(
    people=st.lists(
        st.tuples(
            st.one_of(st.none(), st.sampled_from(_SPELLINGS)),  # programme
            st.one_of(st.none(), st.sampled_from(["2025-A", "2025-a", "Hold 3", "H"])),  # cohort
            st.booleans(),  # closed
        ),
        max_size=12,
    ),
    priced=st.lists(st.sampled_from([*_SPELLINGS, "Ingen endnu"]), max_size=3, unique=True),
)
def test_m021_carries_any_old_file_forward(people, priced) -> None:
    """Whatever the old file holds: one programme per spelling that differs by more than case,
    a period for each young person with a programme (ending at the close), every cohort, and
    the young people and prices untouched."""
    from efter.core.migrations import MIGRATIONS, m021_programmes, programme_key

    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    for migration in MIGRATIONS[: [m.__name__ for m in MIGRATIONS].index("m021_programmes")]:
        migration(conn)
    for n, (programme, cohort, closed) in enumerate(people, start=1):
        conn.execute(
            "INSERT INTO youth (ref, name, born, programme, cohort, start, status, closed, "
            "created, updated) VALUES (?, ?, '2008-01-01', ?, ?, '2025-01-01', ?, ?, 'x', 'x')",
            (f"R{n}", f"Ung {n}", programme, cohort, "closed" if closed else "active",
             "2026-01-31" if closed else None),
        )  # fmt: skip
    for name in priced:
        conn.execute("INSERT OR IGNORE INTO programme_price VALUES (?, 100, 'x')", (name,))
    youth_before = [tuple(r) for r in conn.execute("SELECT * FROM youth ORDER BY id")]
    prices_before = [tuple(r) for r in conn.execute("SELECT * FROM programme_price")]
    m021_programmes(conn)
    assert [tuple(r) for r in conn.execute("SELECT * FROM youth ORDER BY id")] == youth_before
    assert [tuple(r) for r in conn.execute("SELECT * FROM programme_price")] == prices_before
    names = {programme_key(p) for p, _, _ in people if p} | {
        programme_key(r[0]) for r in prices_before
    }
    assert sorted(r[0] for r in conn.execute("SELECT key FROM programme")) == sorted(names)
    periods = {
        r["youth_id"]: (r["key"], r["cohort"], r["starts"], r["ends"])
        for r in conn.execute(
            "SELECT pp.youth_id, p.key, c.name AS cohort, pp.starts, pp.ends "
            "FROM programme_period pp JOIN programme p ON p.id = pp.programme_id "
            "LEFT JOIN cohort c ON c.id = pp.cohort_id"
        )
    }
    for n, (programme, cohort, closed) in enumerate(people, start=1):
        if not programme:
            assert n not in periods
            continue
        key, their_cohort, starts, ends = periods[n]
        assert (key, starts, ends) == (
            programme_key(programme),
            "2025-01-01",
            "2026-01-31" if closed else None,
        )
        assert (their_cohort is None) == (cohort is None)
        if cohort:
            assert programme_key(their_cohort) == programme_key(cohort)
    cohorts = {
        (r[0], r[1]) for r in conn.execute(
            "SELECT coalesce(p.key, ''), c.key FROM cohort c LEFT JOIN programme p "
            "ON p.id = c.programme_id"
        )
    }  # fmt: skip
    assert cohorts == {(programme_key(p) if p else "", programme_key(c)) for p, c, _ in people if c}
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.laptop_only("a plain sqlite3 connection to the case file")
def test_a_programme_made_meanwhile_by_another_command_is_taken_not_refused(
    casefile: Path,
) -> None:
    """On a register two coordinators may name a new programme at once: the second insert
    waits for the first to commit and then finds the key taken. It takes that programme."""
    from efter.core import programmes

    conn = sqlite3.connect(casefile)
    programmes._insert(conn, {"efterværn plus": "Efterværn Plus"})
    programmes._insert(conn, {"efterværn plus": "efterværn plus"})  # the other command's
    assert conn.execute("SELECT name, key FROM programme").fetchall() == [
        ("Efterværn Plus", "efterværn plus")
    ]
    conn.close()
