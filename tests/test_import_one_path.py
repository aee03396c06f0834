"""Issue 15 item 2: an import writes through the core's batch operations, the same ones the
single commands use, so what a command records an import records too."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(row) for row in conn.execute(sql)]
    finally:
        conn.close()


@pytest.fixture
def demo(run, tmp_path) -> Path:
    folder = tmp_path / "demo"
    assert run("demo", "--dir", str(folder)).exit_code == 0
    return folder / "casefile.db"


def test_a_new_coordinator_by_import_is_kept_in_the_history_as_edit_keeps_it(run, demo, tmp_path):
    sheet = tmp_path / "youth.csv"
    sheet.write_text(
        "sagsnr;navn;koordinator\n2025-0412;Amalie Nørgaard;Jonas Berg\n", encoding="utf-8"
    )
    result = run("--db", str(demo), "import", "youth", str(sheet), "--update")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "line 2: update 2025-0412 Amalie Nørgaard: koordinator 'Mette Holm' -> 'Jonas Berg'\n"
        f"Imported {sheet}: 0 created, 1 updated, 0 unchanged, 0 rejected.\n"
    )
    assert query(
        demo,
        "SELECT previous, coordinator, changed_on FROM coordinator_change "
        "WHERE youth_id = (SELECT id FROM youth WHERE ref = '2025-0412')",
    ) == [("Mette Holm", "Jonas Berg", "2026-11-28")]


def test_a_changed_rating_by_import_is_a_correction_that_keeps_the_history(run, demo, tmp_path):
    exported = run("--db", str(demo), "export", "ratings", "--format", "json")
    assert exported.exit_code == 0, exported.stderr
    rows = json.loads(exported.stdout)
    first = next(r for r in rows if r["phase"] == "start")
    new_score = 5 if first["score"] != 5 else 4
    sheet = tmp_path / "ratings.json"
    sheet.write_text(json.dumps([{**first, "score": new_score}]), encoding="utf-8")
    before = query(demo, "SELECT count(*) FROM rating")[0][0]
    result = run("--db", str(demo), "import", "ratings", str(sheet), "--update")
    assert result.exit_code == 0, result.stderr
    assert query(demo, "SELECT count(*) FROM rating")[0][0] == before + 1
    ((old_id, replaced_by),) = query(
        demo,
        "SELECT id, replaced_by FROM rating WHERE replaced_by IS NOT NULL AND youth_id = "
        f"(SELECT id FROM youth WHERE ref = '{first['ref']}')",
    )
    assert query(demo, f"SELECT score, phase FROM rating WHERE id = {replaced_by}") == [
        (new_score, "start")
    ]
    assert replaced_by > old_id


def test_ratings_imported_in_one_batch_get_their_ids_in_file_order(run, casefile, tmp_path):
    sheet = tmp_path / "youth.csv"
    sheet.write_text("ref;name;born;start\nA1;Ane Holm;2009-03-14;2025-09-01\n", encoding="utf-8")
    assert run("import", "youth", str(sheet)).exit_code == 0
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(
        "ref;area;score;phase;date\nA1;bolig;2;start;2025-09-02\nA1;uddannelse;4;start;"
        "2025-09-02\nA1;bolig;3;meeting;2025-10-01\n",
        encoding="utf-8",
    )
    result = run("import", "ratings", str(ratings))
    assert result.exit_code == 0, result.stderr
    assert query(casefile, "SELECT id, area, score, phase FROM rating ORDER BY id") == [
        (1, "bolig", 2, "start"),
        (2, "uddannelse", 4, "start"),
        (3, "bolig", 3, "meeting"),
    ]
    # the kept figures that report progress reads follow the batch too (triggers fire)
    assert query(casefile, "SELECT area, n, change FROM rating_path ORDER BY area") == [
        ("bolig", 2, 1),
        ("uddannelse", 1, None),
    ]


def test_corrections_imported_in_one_batch_each_point_at_their_own_replacement(
    run, casefile, tmp_path
):
    """Several changed ratings in one import are corrections written together (ratings'
    store_many): each earlier rating points at the new one for its line, in file order, and
    the kept progress figures follow."""
    sheet = tmp_path / "youth.csv"
    sheet.write_text("ref;name;born;start\nA1;Ane Holm;2009-03-14;2025-09-01\n", encoding="utf-8")
    assert run("import", "youth", str(sheet)).exit_code == 0
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(
        "ref;area;score;phase;date\nA1;bolig;2;start;2025-09-02\nA1;uddannelse;4;start;"
        "2025-09-02\nA1;bolig;3;end;2025-12-01\n",
        encoding="utf-8",
    )
    assert run("import", "ratings", str(ratings)).exit_code == 0
    ratings.write_text(
        "ref;area;score;phase;date\nA1;uddannelse;5;start;2025-09-02\nA1;bolig;1;start;"
        "2025-09-02\nA1;bolig;3;end;2025-12-01\n",
        encoding="utf-8",
    )
    result = run("import", "ratings", str(ratings), "--update")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"Imported {ratings}: 0 created, 2 updated, 1 unchanged, 0 rejected."
    )
    assert query(
        casefile, "SELECT id, area, score, phase, replaced_by FROM rating ORDER BY id"
    ) == [
        (1, "bolig", 2, "start", 5),
        (2, "uddannelse", 4, "start", 4),
        (3, "bolig", 3, "end", None),
        (4, "uddannelse", 5, "start", None),
        (5, "bolig", 1, "start", None),
    ]
    assert query(casefile, "SELECT area, n, change FROM rating_path ORDER BY area") == [
        ("bolig", 2, 2),
        ("uddannelse", 1, None),
    ]


def test_a_structured_core_error_is_worded_at_the_files_own_column():
    """Issue 15 item 1, the importer's face: the core names the field, the import says the
    column as the file names it; no sentence is rewritten."""
    from efter.core.errors import InvalidInput
    from efter.transfer.rows import Problem, Row, checked

    row = Row("line 4", {"born": "31-02-2010", "name": "Ane"}, {"born": "fødselsdato"})

    def fails() -> None:
        raise InvalidInput(
            field="born", problem="'31-02-2010' is not a date", fix="write it as DD-MM-YYYY"
        )

    problems: list[Problem] = []
    assert checked(row, problems, "name", fails) is None
    assert [p.text() for p in problems] == [
        "line 4, column fødselsdato: '31-02-2010' is not a date; write it as DD-MM-YYYY"
    ]
