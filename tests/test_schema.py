"""A blank case file has exactly the schema the migrations describe."""

import json
import re
import sqlite3
from pathlib import Path

import pytest

from efter.core.migrations import MIGRATIONS
from tests.conftest import snapshot
from tests.golden import assert_golden


def schema_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()
    return "".join(f"-- {kind} {name}\n{sql};\n\n" for kind, name, sql in rows)


def test_blank_case_file_has_exact_schema(casefile: Path) -> None:
    assert_golden("schema.sql", schema_of(casefile))


def test_every_migration_is_recorded(casefile: Path) -> None:
    conn = sqlite3.connect(casefile)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    names = [row[0] for row in conn.execute("SELECT name FROM migration ORDER BY rowid")]
    conn.close()
    assert version == len(MIGRATIONS)
    assert names == [migration.__name__ for migration in MIGRATIONS]


# The names recorded in people's case files, as they landed (gaps and the two m007s
# included): never rename, reorder or remove one, or those files stop opening.
LANDED = [
    "m001_initial", "m003_ratings", "m004_documents", "m006_safety", "m007_meetings",
    "m007_reports", "m008_indexes", "m009_progress", "m010_reports", "m011_due",
    "m012_audit_everyone", "m013_law_dates", "m014_consent", "m015_meeting_kinds",
    "m016_cpr_guard", "m018_handover", "m019_journal", "m021_programmes",
]  # fmt: skip


def test_migration_names_are_unique_and_ordered() -> None:
    """Landed names stay as they are; every later one takes the next unused number."""
    names = [migration.__name__ for migration in MIGRATIONS]
    assert names[: len(LANDED)] == LANDED
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"m\d{3}_[a-z0-9_]+", name) for name in names)
    numbers = [int(name[1:4]) for name in names[len(LANDED) - 1 :]]
    assert numbers == sorted(set(numbers)), "a new migration takes the next number, once"


def _rewrite_history(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("statements", "wrong"),
    [
        (
            ["UPDATE migration SET name = 'm007_something' WHERE name = 'm007_meetings'"],
            "step 5 is 'm007_something' there and 'm007_meetings' here",
        ),
        (
            # the same names in another order: another branch's m006 and m004 swapped
            [
                "UPDATE migration SET name = 'x' WHERE name = 'm004_documents'",
                "UPDATE migration SET name = 'm004_documents' WHERE name = 'm006_safety'",
                "UPDATE migration SET name = 'm006_safety' WHERE name = 'x'",
            ],
            "step 3 is 'm006_safety' there and 'm004_documents' here",
        ),
        (
            [f"DELETE FROM migration WHERE name = '{MIGRATIONS[-1].__name__}'"],
            f"it records {len(MIGRATIONS) - 1} of its {len(MIGRATIONS)} schema steps",
        ),
    ],
)
def test_a_case_file_migrated_by_another_build_is_refused(
    run, casefile: Path, statements: list[str], wrong: str
) -> None:
    _rewrite_history(casefile, *statements)
    before = snapshot(casefile)
    result = run("youth", "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: The case file {casefile} was brought up to date by another build of efter "
        f"({wrong}): open it with the efter that made it, or restore a backup with "
        "'efter restore FILE'.\n"
    )
    assert snapshot(casefile) == before
    result = run("doctor")
    assert result.exit_code == 1
    assert (
        f"error    schema        The case file was brought up to date by another build of "
        f"efter ({wrong}).\n"
        "                       fix: Open it with the efter that made it, or restore a backup "
        "with 'efter restore FILE'.\n"
    ) in result.stdout


def test_a_backup_restores_over_a_file_migrated_by_another_build(run, casefile, tmp_path):
    """The way out the refusal names: the file is kept aside whole, the copy takes its place."""
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    _rewrite_history(
        casefile, "UPDATE migration SET name = 'm003_other' WHERE name = 'm003_ratings'"
    )
    assert run("youth", "list").exit_code == 1
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("The case file could not be read; it is kept as ")
    aside = Path(first.removeprefix("The case file could not be read; it is kept as ")[:-1])
    conn = sqlite3.connect(aside)
    assert conn.execute("SELECT count(*) FROM migration WHERE name = 'm003_other'").fetchone() == (
        1,
    )
    conn.close()
    result = run("youth", "list", "--json")
    assert result.exit_code == 0
    assert [p["name"] for p in json.loads(result.stdout)] == ["Anna Holm"]


def test_a_backup_migrated_by_another_build_is_not_restored(run, casefile, tmp_path) -> None:
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    _rewrite_history(copy, "UPDATE migration SET name = 'm003_other' WHERE name = 'm003_ratings'")
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {copy} was brought up to date by another build of efter (step 2 is "
        "'m003_other' there and 'm003_ratings' here): nothing was restored; restore it with "
        "the efter that made it, or choose another backup.\n"
    )


def test_pragmas_on_open(casefile: Path) -> None:
    from efter.core.casefile import open_casefile

    with open_casefile(casefile) as opened:
        conn = opened.conn
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
