"""`report progress` reads figures that triggers keep (m010_reports: rating_path per young person,
area and rater; rating_tally per rater, area and change). Whoever writes the ratings (rate,
--correct, import, erase, an area renamed, a migration over old ratings, plain SQL), the kept
figures must equal the ones computed from the ratings themselves."""

import contextlib
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from efter.core import progress
from efter.core import youth as core_youth
from efter.core.casefile import open_any, open_casefile, resolve
from efter.core.errors import EfterError
from efter.core.migrations import MIGRATIONS
from efter.core.ratings import record
from tests.benchmarks.casefile import SMALL, build
from tests.conftest import Run

GROUPS = ("NULL", "programme", "cohort", "coordinator")
AREAS = ("bolig", "uddannelse", "netvaerk", "fritid")


def assert_kept(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        for rated_by in ("professional", "youth"):
            for column in GROUPS:
                kept = progress._counts(conn, column, rated_by)
                computed = progress._counts_from_ratings(conn, column, rated_by)
                assert kept == computed, (rated_by, column)
        # Nothing is kept for a path without a current rating, and no count of 0 is kept.
        assert conn.execute("SELECT count(*) FROM rating_tally WHERE paths = 0").fetchone() == (0,)
        assert conn.execute(
            "SELECT count(*) FROM rating_path AS p WHERE NOT EXISTS (SELECT 1 FROM rating AS r "
            "WHERE r.youth_id = p.youth_id AND r.area = p.area AND r.rated_by = p.rated_by "
            "AND r.replaced_by IS NULL)"
        ).fetchone() == (0,)
    finally:
        conn.close()


def test_random_ratings_and_corrections_keep_the_figures(casefile: Path) -> None:
    rng = random.Random(8)
    with open_any(resolve()) as opened, opened.write() as conn:
        ids = [
            core_youth.add(
                conn,
                {
                    "name": f"Person {n}",
                    "born": "2008-05-01",
                    "start": "2025-01-06",
                    "programme": rng.choice(("Efterværn", "Ungestøtte", None)),
                    "cohort": rng.choice(("2025", "2026")),
                    "coordinator": rng.choice(("Ida", "Bo", None)),
                },
            )
            for n in range(12)
        ]
        for _ in range(400):
            person = core_youth.find(conn, str(rng.choice(ids)))
            day = date(2025, 2, 1) + timedelta(days=rng.randrange(0, 600))
            # A duplicate start or end, or nothing to correct, is refused, as by `rate`.
            with contextlib.suppress(EfterError):
                record(
                    conn,
                    person,
                    [(rng.choice(AREAS), str(rng.randint(1, 5)))],
                    phase=rng.choice(("start", "meeting", "meeting", "end")),
                    rated_by=rng.choice(("professional", "youth")),
                    on=day if rng.random() < 0.8 else None,
                    correct=rng.random() < 0.3,
                )
    conn = sqlite3.connect(casefile)
    current, replaced = conn.execute(
        "SELECT count(*) FILTER (WHERE replaced_by IS NULL), count(replaced_by) FROM rating"
    ).fetchone()
    conn.close()
    assert current > 100 and replaced > 10, (current, replaced)  # the test tests something
    assert_kept(casefile)


def test_the_commands_keep_the_figures(run: Run, casefile: Path, tmp_path: Path) -> None:
    for ref, programme in (("Y1", "Efterværn"), ("Y2", "Efterværn"), ("Y3", "Ungestøtte")):
        result = run(
            "youth", "add", f"Person {ref}", "--ref", ref, "--born", "2008-05-01",
            "--start", "2025-09-01", "--programme", programme, "--coordinator", "Ida",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    for args in (
        ("Y1", "bolig=2", "fritid=4", "--phase", "start", "--date", "2026-01-05"),
        ("Y1", "bolig=4", "--phase", "meeting", "--date", "2026-03-05"),
        ("Y1", "bolig=5", "--phase", "end", "--date", "2026-03-05"),
        ("Y1", "bolig=3", "--phase", "start", "--correct"),
        ("Y2", "bolig=1", "--phase", "start", "--by", "youth", "--date", "2026-01-05"),
        ("Y2", "bolig=2", "--phase", "meeting", "--by", "youth", "--date", "2026-02-05"),
        ("Y2", "bolig=4", "--phase", "meeting", "--by", "youth", "--date", "2026-02-05",
         "--correct"),
        ("Y3", "fritid=3", "--phase", "start", "--date", "2026-01-05"),
    ):  # fmt: skip
        result = run("rate", *args)
        assert result.exit_code == 0, result.stderr
    assert_kept(casefile)
    source = tmp_path / "ratings.csv"
    source.write_text(
        "ref,area,score,phase,date\n"
        "Y3,Fritid,5,meeting,2026-04-01\n"
        "Y3,bolig,2,start,2026-01-05\n"
        "Y2,bolig,3,start,2026-01-05\n",
        encoding="utf-8",
    )
    result = run("import", "ratings", str(source))
    assert result.exit_code == 0, result.stderr
    assert_kept(casefile)
    source.write_text("ref,area,score,phase,date\nY3,bolig,4,start,2026-01-05\n", encoding="utf-8")
    result = run("import", "ratings", str(source), "--update")
    assert result.exit_code == 0, result.stderr
    assert_kept(casefile)
    assert run("areas", "rename", "bolig", "--code", "bolig2").exit_code == 0
    assert_kept(casefile)
    result = run("youth", "edit", "Y2", "--programme", "Ungestøtte")
    assert result.exit_code == 0, result.stderr
    assert_kept(casefile)
    result = run("youth", "erase", "Y1", "--yes")
    assert result.exit_code == 0, result.stderr
    assert_kept(casefile)
    conn = sqlite3.connect(casefile)
    assert conn.execute("SELECT count(*) FROM rating_path WHERE youth_id = 1").fetchone() == (0,)
    conn.close()


def test_plain_sql_writes_keep_the_figures(tmp_path: Path) -> None:
    """The benchmark builder writes ratings with executemany, past efter's code."""
    db = tmp_path / "built.db"
    build(db, SMALL)
    assert_kept(db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = ON")
    with conn:
        conn.execute("DELETE FROM rating WHERE id % 7 = 0")
        conn.execute("UPDATE rating SET score = 6 - score WHERE id % 5 = 0")
        conn.execute("UPDATE rating SET rated_on = '2026-01-01' WHERE id % 11 = 0")
        conn.execute("DELETE FROM youth WHERE id = 3")
    conn.close()
    assert_kept(db)


def test_the_migration_fills_the_figures_from_ratings_on_file(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    build(db, SMALL)
    # Make it a file from before m010_reports, with its ratings.
    conn = sqlite3.connect(db)
    with conn:
        for trigger in ("rating_path_insert", "rating_path_update", "rating_path_delete",
                        "rating_tally_add", "rating_tally_remove", "rating_tally_update"):  # fmt: skip
            conn.execute(f"DROP TRIGGER {trigger}")
        conn.execute("DROP TABLE rating_path")
        conn.execute("DROP TABLE rating_tally")
        conn.execute("UPDATE rating SET score = 6 - score WHERE id % 3 = 0")
        # m010_reports and every migration after it run again (later ones replay safely).
        index = [m.__name__ for m in MIGRATIONS].index("m010_reports")
        for later in MIGRATIONS[index:]:
            conn.execute("DELETE FROM migration WHERE name = ?", (later.__name__,))
    conn.execute(f"PRAGMA user_version = {index}")
    conn.execute("VACUUM")
    conn.close()
    with open_casefile(db):
        pass
    assert_kept(db)
