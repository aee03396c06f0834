"""Several records under one import key (decision 0005): a young person's agreements with the
same text, and a team or network member who left and came back. efter keeps them, so what it
exports imports back (into an empty case file, and into the one it came from: nothing to do),
and a row that does not say which of them it changes is refused, the case file unchanged."""

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def steps(run: Any, *commands: tuple[str, ...]) -> None:
    for command in commands:
        result = run(*command)
        assert result.exit_code == 0, (command, result.stderr)


def exported(run: Any, db: Path | None, kind: str) -> Any:
    args = ("--db", str(db)) if db else ()
    result = run(*args, "export", kind, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def twice(run: Any, casefile: Path) -> Path:
    """Anna has four agreements 'Ringe til jobcenteret' (two of them the same in every way)
    and a network member and a team member who each left and came back."""
    steps(
        run,
        ("youth", "add", "Anna Berg", "--ref", "R1", "--born", "2009-02-01", "--start",
         "2025-01-01"),
        ("team", "add", "R1", "--role", "mentor", "--name", "Peter Dam", "--from", "2026-01-01"),
        ("agreement", "add", "R1", "--what", "Ringe til jobcenteret", "--owner", "Peter Dam",
         "--due", "2026-12-01"),
        ("agreement", "add", "R1", "--what", "Ringe til jobcenteret", "--owner", "youth",
         "--due", "2026-12-15"),
        ("agreement", "add", "R1", "--what", "ringe til jobcenteret", "--owner", "youth",
         "--due", "2026-10-01"),
        ("agreement", "done", "3", "--date", "2026-11-01"),
        ("agreement", "add", "R1", "--what", "Ringe til jobcenteret", "--owner", "youth",
         "--due", "2026-12-15"),
        ("network", "add", "R1", "--role", "moster", "--name", "Eva Holm", "--from",
         "2026-01-01"),
        ("network", "end", "2", "--date", "2026-05-01"),
        ("network", "add", "R1", "--role", "moster", "--name", "Eva Holm", "--from",
         "2026-09-01"),
        ("team", "end", "1", "--date", "2026-03-01"),
        ("team", "add", "R1", "--role", "mentor", "--name", "Peter Dam", "--from", "2026-06-01",
         "--person", "1"),
    )  # fmt: skip
    return casefile


KINDS = ("youth", "team", "network", "agreements")


def test_export_then_import_keeps_every_agreement_and_every_time_on_the_case(
    run: Any, twice: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    assert run("--db", str(other), "init").exit_code == 0
    for kind in KINDS:
        out = tmp_path / f"{kind}.csv"
        assert run("export", kind, "--out", str(out)).exit_code == 0
        imported = run("--db", str(other), "import", kind, str(out))
        assert imported.exit_code == 0, imported.stderr
        again = run("import", kind, str(out))  # into the file it came from: nothing to do
        assert again.exit_code == 0, again.stderr
        assert ": 0 created, 0 updated," in again.stderr
        assert "0 rejected" in again.stderr
    assert len(exported(run, None, "agreements")) == 4
    assert len(exported(run, None, "network")) == 2
    assert len(exported(run, None, "team")) == 2
    assert exported(run, other, "all") == exported(run, None, "all")
    # export all as one JSON file, into a third case file: the same again
    whole = tmp_path / "all.json"
    assert run("export", "all", "--format", "json", "--out", str(whole)).exit_code == 0
    third = tmp_path / "third.db"
    assert run("--db", str(third), "init").exit_code == 0
    for kind in KINDS:
        imported = run("--db", str(third), "import", kind, str(whole))
        assert imported.exit_code == 0, imported.stderr
    assert exported(run, third, "all") == exported(run, None, "all")


def test_a_row_changes_the_agreement_it_names_by_owner_and_due_date(
    run: Any, twice: Path, tmp_path: Path
) -> None:
    rows = tmp_path / "a.csv"
    rows.write_text(
        "ref;what;owner;due;status;done_on\n"
        "R1;Ringe til jobcenteret;Peter Dam;2026-12-01;done;2026-11-20\n"
        "R1;Ringe til jobcenteret;youth;2026-12-15;open;\n"
        "R1;Ringe til jobcenteret;youth;2026-12-15;dropped;\n",
        encoding="utf-8",
    )
    result = run("import", "agreements", str(rows), "--update")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"Imported {rows}: 0 created, 2 updated, 1 unchanged, 0 rejected."
    )
    states = [(a["id"], a["status"]) for a in exported_list(run)]
    assert states == [(1, "done"), (2, "open"), (3, "done"), (4, "dropped")]


def exported_list(run: Any) -> list[dict[str, Any]]:
    result = run("agreement", "list", "R1", "--all", "--json")
    assert result.exit_code == 0, result.stderr
    return sorted(json.loads(result.stdout), key=lambda a: a["id"])


def test_a_row_that_does_not_say_which_agreement_is_refused(
    run: Any, twice: Path, tmp_path: Path
) -> None:
    rows = tmp_path / "a.csv"
    rows.write_text(
        "ref;what;owner;due\nR1;Ringe til jobcenteret;Peter Dam;2027-01-10\n", encoding="utf-8"
    )
    before = snapshot(twice)
    result = run("import", "agreements", str(rows), "--update")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "line 2, column what: R1 has 4 agreements 'Ringe til jobcenteret', and the row does not "
        "say which one it is; give the owner and due date of the one it changes (see 'efter "
        "agreement list R1 --all'), or change that one with 'efter agreement'\n"
        f"Nothing was imported from {rows}: 1 problem (1 of 1 row rejected). Correct the file "
        "and import it again.\n"
    )
    assert snapshot(twice) == before


def test_two_rows_the_same_in_every_way_are_two_agreements(
    run: Any, casefile: Path, tmp_path: Path
) -> None:
    steps(run, ("youth", "add", "Anna Berg", "--ref", "R1", "--born", "2009-02-01"))
    rows = tmp_path / "a.csv"
    rows.write_text(
        "ref;what;owner;due\nR1;Søge SU;youth;2026-12-01\nR1;Søge SU;youth;2026-12-01\n",
        encoding="utf-8",
    )
    result = run("import", "agreements", str(rows))
    assert result.exit_code == 0, result.stderr
    assert ": 2 created, 0 updated, 0 unchanged" in result.stderr
    again = run("import", "agreements", str(rows))
    assert ": 0 created, 0 updated, 2 unchanged" in again.stderr
    assert len(exported(run, None, "agreements")) == 2


def test_a_member_row_gives_the_time_on_the_case_by_its_from_date(
    run: Any, twice: Path, tmp_path: Path
) -> None:
    rows = tmp_path / "n.csv"
    rows.write_text(
        "ref;rolle;navn;fra;til\nR1;moster;Eva Holm;01-09-2026;20-11-2026\n", encoding="utf-8"
    )
    result = run("import", "network", str(rows), "--update")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "line 2: update R1 Eva Holm: til (empty) -> '2026-11-20'",
        f"Imported {rows}: 0 created, 1 updated, 0 unchanged, 0 rejected.",
    ]
    # Having left twice, she comes back a third time: a from date after every time is new.
    rows.write_text("ref;rolle;navn;fra\nR1;moster;Eva Holm;25-11-2026\n", encoding="utf-8")
    result = run("import", "network", str(rows))
    assert result.exit_code == 0, result.stderr
    times = [(m["from"], m["to"]) for m in listed(run, "network")]
    assert times == [
        ("2026-01-01", "2026-05-01"),
        ("2026-09-01", "2026-11-20"),
        ("2026-11-25", None),
    ]


def listed(run: Any, side: str) -> list[dict[str, Any]]:
    result = run(side, "list", "R1", "--all", "--json")
    assert result.exit_code == 0, result.stderr
    return sorted(json.loads(result.stdout), key=lambda m: m["from"])


def test_a_member_row_that_does_not_say_which_time_is_refused(
    run: Any, twice: Path, tmp_path: Path
) -> None:
    rows = tmp_path / "n.csv"
    rows.write_text(
        "ref;rolle;navn;fra\nR1;moster;Eva Holm;\nR1;mentor;Peter Dam;01-07-2026\n",
        encoding="utf-8",
    )
    before = snapshot(twice)
    result = run("import", "network", str(rows), "--update")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "line 2, column fra: Eva Holm has been on the case of R1 2 times, and the row does not "
        "say which time it is; give the from date of the time it changes (see 'efter network "
        "list R1 --all'), or add a new time with 'efter network add'"
    )
    result = run("import", "team", str(rows), "--update")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == (
        "line 3, column fra: Peter Dam has been on the case of R1 2 times, and the row does not "
        "say which time it is; give the from date of the time it changes (see 'efter team "
        "list R1 --all'), or add a new time with 'efter team add'"
    )
    assert snapshot(twice) == before


def test_a_case_bundle_carries_them_too(run: Any, twice: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "r1.bundle"
    assert run("case", "export", "R1", "--out", str(bundle)).exit_code == 0
    other = tmp_path / "other.db"
    assert run("--db", str(other), "init").exit_code == 0
    received = run("--db", str(other), "case", "import", str(bundle))
    assert received.exit_code == 0, received.stderr
    assert exported(run, other, "all") == exported(run, None, "all")


def test_a_new_open_agreement_needs_its_owner_on_the_case_as_agreement_add_does(
    run: Any, twice: Path, tmp_path: Path
) -> None:
    """Eva Holm left on 2026-05-01 and is back since 2026-09-01; the team's Kim Lund left on
    2026-11-01. A row without a made date is an agreement made now: its owner must be on the
    case today, as 'efter agreement add' has it. A row with a made date is one made then (an
    export writes it), which imports (decision 0005)."""
    steps(
        run,
        ("team", "add", "R1", "--role", "mentor", "--name", "Kim Lund", "--from",
         "2026-02-01"),
        ("team", "end", "5", "--date", "2026-11-01"),
    )  # fmt: skip
    added = run("agreement", "add", "R1", "--what", "Søge SU", "--owner", "Kim Lund", "--due",
                "2026-12-20")  # fmt: skip
    assert added.exit_code == 1
    refusal = "Kim Lund is not on the case of Anna Berg (id 1)"
    assert refusal in added.stderr
    rows = tmp_path / "a.csv"
    rows.write_text(
        "ref;what;owner;due;status;made\n"
        "R1;Søge SU;Kim Lund;2026-12-20;open;\n"
        "R1;Søge kollegium;Kim Lund;2026-12-20;open;2026-12-01\n",
        encoding="utf-8",
    )
    before = snapshot(twice)
    result = run("import", "agreements", str(rows))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"line 2, column owner: {refusal}; add them with 'efter team add' or 'efter network "
        "add', or choose someone who is\n"
        "line 3, column made: the agreement was made on 2026-12-01, after today; give the day "
        "it was made, or leave the cell empty for one made today\n"
        f"Nothing was imported from {rows}: 2 problems (2 of 2 rows rejected). Correct the file "
        "and import it again.\n"
    )
    assert snapshot(twice) == before
    # Made while Kim was on the case, or done: history, which imports and keeps its day.
    rows.write_text(
        "ref;what;owner;due;status;made\n"
        "R1;Søge SU;Kim Lund;2026-12-20;open;2026-10-15\n"
        "R1;Søge kollegium;Kim Lund;2026-10-20;done;\n"
        "R1;Ringe til Eva;Eva Holm;2026-12-20;;\n",  # on the case today (her second time)
        encoding="utf-8",
    )
    result = run("import", "agreements", str(rows))
    assert result.exit_code == 0, result.stderr
    made = {(a["what"], a["owner"], a["made"]) for a in exported(run, None, "agreements")}
    assert {row for row in made if row[0].casefold() != "ringe til jobcenteret"} == {
        ("Søge SU", "Kim Lund", "2026-10-15"),
        ("Søge kollegium", "Kim Lund", "2026-11-28"),
        ("Ringe til Eva", "Eva Holm", "2026-11-28"),
    }


AGREEMENT = st.tuples(
    st.sampled_from(["Søge SU", "søge su", "Ringe til UU"]),
    st.sampled_from(["youth", "coordinator"]),
    st.sampled_from(["2026-10-01", "2026-12-01"]),
    st.sampled_from(["open", "done", "dropped"]),
)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(agreements=st.lists(AGREEMENT, min_size=1, max_size=5))
def test_any_agreements_export_and_import_back_whole(
    run: Any, env: Path, tmp_path_factory: pytest.TempPathFactory, agreements: list[Any]
) -> None:
    """Whatever agreements efter holds (the same text or not, the same in every way or not),
    an export imports into an empty case file as the same agreements, and back into the file
    it came from with nothing to do."""
    folder = tmp_path_factory.mktemp("any")
    source, other = ("--db", str(folder / "source.db")), ("--db", str(folder / "other.db"))
    steps(run, (*source, "init"), (*other, "init"),
          (*source, "youth", "add", "Anna Berg", "--ref", "R1", "--born", "2009-02-01",
           "--coordinator", "Mette Holm"))  # fmt: skip
    for number, (what, owner, due, status) in enumerate(agreements, start=1):
        steps(run, (*source, "agreement", "add", "R1", "--what", what, "--owner", owner,
                    "--due", due))  # fmt: skip
        if status == "done":
            steps(run, (*source, "agreement", "done", str(number), "--date", "2026-11-01"))
        elif status == "dropped":
            steps(run, (*source, "agreement", "drop", str(number), "--reason", "Ikke aktuelt"))
    for kind in ("youth", "agreements"):
        out = folder / f"{kind}.csv"
        steps(run, (*source, "export", kind, "--out", str(out)))
        imported = run(*other, "import", kind, str(out))
        assert imported.exit_code == 0, imported.stderr
        again = run(*source, "import", kind, str(out))
        assert again.exit_code == 0, again.stderr
        assert ": 0 created, 0 updated," in again.stderr
    assert exported(run, folder / "other.db", "agreements") == exported(
        run, folder / "source.db", "agreements"
    )
    assert len(exported(run, folder / "other.db", "agreements")) == len(agreements)


def test_an_open_agreement_keeps_the_time_on_the_case_it_was_made_in(
    run: Any, casefile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bo made an agreement in his first time on the case, left and came back: the copy's
    agreement is his first time's, as in the file it came from (the row's made day says so)."""
    monkeypatch.setenv("EFTER_TODAY", "2025-06-01")
    steps(
        run,
        ("youth", "add", "Mia Jensen", "--ref", "R1", "--born", "2008-03-01", "--start",
         "2025-01-01"),
        ("team", "add", "R1", "--role", "jobcenter", "--name", "Bo Ærø", "--from", "2025-02-01"),
        ("agreement", "add", "R1", "--what", "Søge praktik", "--owner", "Bo", "--due",
         "2027-01-01"),
        ("team", "end", "1", "--date", "2026-03-01"),
        ("team", "add", "R1", "--person", "1", "--role", "jobcenter", "--from", "2026-06-01"),
    )  # fmt: skip
    monkeypatch.setenv("EFTER_TODAY", "2026-12-06")
    other = tmp_path / "other.db"
    assert run("--db", str(other), "init").exit_code == 0
    for kind in ("youth", "team", "agreements"):
        out = tmp_path / f"{kind}.csv"
        assert run("export", kind, "--out", str(out)).exit_code == 0
        imported = run("--db", str(other), "import", kind, str(out))
        assert imported.exit_code == 0, imported.stderr

    def owners(*db: str) -> list[Any]:
        listed = run(*db, "agreement", "list", "R1", "--json")
        return [(a["owner_member_id"], a["owner_name"]) for a in json.loads(listed.stdout)]

    assert owners() == [(1, "Bo Ærø")]
    assert owners("--db", str(other)) == [(1, "Bo Ærø")]
