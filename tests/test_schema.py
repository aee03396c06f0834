"""A blank case file has exactly the schema the migrations describe."""

import json
import os
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


def register_schema_of(url: str) -> str:
    """The register's schema as PostgreSQL's catalog describes it: each table's columns,
    constraints and row-level security, then the indexes, triggers, policies, views (the team
    leader's figures in `efter_figures` too) and functions of the schema `efter`, in a stable
    order."""
    import psycopg

    out: list[str] = []
    with psycopg.connect(url) as conn:
        conn.execute("SET search_path = efter")
        tables = conn.execute(
            "SELECT c.oid, c.relname, c.relrowsecurity FROM pg_class c "
            "WHERE c.relnamespace = 'efter'::regnamespace AND c.relkind = 'r' ORDER BY c.relname"
        ).fetchall()
        for oid, name, secured in tables:
            out.append(f"-- table {name}{' (row-level security)' if secured else ''}")
            for column in conn.execute(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                "pg_get_expr(d.adbin, d.adrelid), a.attidentity, "
                "CASE WHEN a.attcollation <> t.typcollation THEN co.collname END "
                "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
                "WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                (oid,),
            ):
                column_name, kind, not_null, default, identity, collation = column
                words = [f"  {column_name} {kind}"]
                words += [f"COLLATE {collation}"] if collation else []
                words += ["NOT NULL"] if not_null else []
                words += [f"DEFAULT {default}"] if default else []
                words += ["IDENTITY"] if identity else []
                out.append(" ".join(words))
            for constraint, definition in conn.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s ORDER BY conname",
                (oid,),
            ):
                out.append(f"  CONSTRAINT {constraint} {definition}")
            out.append("")
        for title, query in (
            ("index", "SELECT indexdef FROM pg_indexes WHERE schemaname = 'efter' "
                      "ORDER BY tablename, indexname"),
            ("trigger", "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c "
                        "ON c.oid = t.tgrelid WHERE c.relnamespace = 'efter'::regnamespace "
                        "AND NOT t.tgisinternal ORDER BY c.relname, t.tgname"),
            ("policy", "SELECT format('%s ON %s FOR %s TO %s USING (%s) WITH CHECK (%s)', "
                       "policyname, tablename, cmd, array_to_string(roles, ','), qual, "
                       "with_check) FROM pg_policies WHERE schemaname = 'efter' "
                       "ORDER BY tablename, policyname"),
            ("view", "SELECT format('%s.%s AS%s', schemaname, viewname, definition) "
                     "FROM pg_views WHERE schemaname IN ('efter', 'efter_figures') "
                     "ORDER BY schemaname, viewname"),
            ("function", "SELECT format('%s(%s)', proname, "
                         "pg_get_function_identity_arguments(oid)) FROM pg_proc "
                         "WHERE pronamespace = 'efter'::regnamespace ORDER BY 1"),
        ):  # fmt: skip
            for (line,) in conn.execute(query):
                out.append(f"-- {title}\n{line};")
    return "\n".join(out) + "\n"


def test_blank_case_file_has_exact_schema(run, casefile: Path, engine: str) -> None:
    """The golden schema of a case file, and of a register (`efter register init`: roles,
    row-level security and policies included) when run with --engine postgresql: a new
    migration regenerates both (EFTER_UPDATE_GOLDEN=1, once per engine)."""
    if engine == "postgresql":
        assert run("register", "init").exit_code == 0
        assert_golden("schema.postgresql.sql", register_schema_of(os.environ["EFTER_DB"]))
        return
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


def _rewrite_history(path: Path | str, *statements: str) -> None:
    """Rewrite the recorded history of a case file, or of the register whose URL is given."""
    if isinstance(path, str):
        _rewrite_register_history(path, statements)
        return
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _rewrite_register_history(url: str, statements: tuple[str, ...]) -> None:
    """The history as another build would have written it: the same statements, then the
    rows written again in the order they were first written (PostgreSQL moves a row it
    updates; the statements' own order of rows is what a test asks for)."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("SET search_path = efter")
        conn.execute("ALTER TABLE migration ADD COLUMN step bigint GENERATED ALWAYS AS IDENTITY")
        for statement in statements:
            conn.execute(statement)
        conn.execute(
            "CREATE TEMP TABLE history AS SELECT name, applied FROM migration ORDER BY step"
        )
        conn.execute("ALTER TABLE migration DROP COLUMN step")
        conn.execute("DELETE FROM migration")
        conn.execute("INSERT INTO migration SELECT name, applied FROM history ORDER BY ctid")


@pytest.mark.parametrize(
    ("statements", "wrong"),
    [
        (
            ["UPDATE migration SET name = 'm007_something' WHERE name = 'm007_meetings'"],
            "step 5 is 'm007_something' there and 'm007_meetings' here",
        ),
        (
            [f"DELETE FROM migration WHERE name = '{MIGRATIONS[-1].__name__}'"],
            f"it records {len(MIGRATIONS) - 1} of its {len(MIGRATIONS)} schema steps",
        ),
    ],
)
def test_a_case_file_migrated_by_another_build_is_refused(
    run, casefile: Path, statements: list[str], wrong: str, engine: str
) -> None:
    _rewrite_history(os.environ["EFTER_DB"] if engine == "postgresql" else casefile, *statements)
    before = snapshot(casefile)
    result = run("youth", "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    url = os.environ["EFTER_DB"]
    if url.startswith("postgresql://"):  # the register: its backups are the municipality's
        from efter.core.dialect import redacted

        assert result.stderr == (
            f"Error: The register {redacted(url)} was brought up to date by another build of "
            f"efter ({wrong}): open it with the efter that made it.\n"
        )
        doctor = (
            f"error    schema        The register was brought up to date by another build of "
            f"efter ({wrong}).\n"
            "                       fix: Open it with the efter that made it.\n"
        )
    else:
        assert result.stderr == (
            f"Error: The case file {casefile} was brought up to date by another build of efter "
            f"({wrong}): open it with the efter that made it, or restore a backup with "
            "'efter restore FILE'.\n"
        )
        doctor = (
            f"error    schema        The case file was brought up to date by another build of "
            f"efter ({wrong}).\n"
            "                       fix: Open it with the efter that made it, or restore a "
            "backup with 'efter restore FILE'.\n"
        )
    assert snapshot(casefile) == before
    result = run("doctor")
    assert result.exit_code == 1
    assert doctor in result.stdout


def test_migrations_are_numbered_in_their_order() -> None:
    """A history is read in its names' order, not its rows' order on disk: sound because
    every build names its migrations in the order they run (mNNN_what), so two histories
    with the same names ran them in the same order."""
    names = [m.__name__ for m in MIGRATIONS]
    assert [name for name in names if not re.fullmatch(r"m\d{3}_[a-z0-9_]+", name)] == []
    assert names == sorted(set(names))


@pytest.mark.parametrize(
    "statements",
    [
        (  # the names swapped between two rows: each row keeps its place on disk
            "UPDATE migration SET name = 'x' WHERE name = 'm004_documents'",
            "UPDATE migration SET name = 'm004_documents' WHERE name = 'm006_safety'",
            "UPDATE migration SET name = 'm006_safety' WHERE name = 'x'",
        ),
        (  # every row written again, the last first (a restore or a copy in another order)
            "CREATE TEMP TABLE kept AS SELECT name, applied FROM migration",
            "DELETE FROM migration",
            "INSERT INTO migration (name, applied) SELECT name, applied FROM kept "
            "ORDER BY name DESC",
        ),
    ],
    ids=["swapped", "reversed"],
)
def test_a_history_whose_rows_are_stored_out_of_order_reads_right(
    run, casefile: Path, statements: tuple[str, ...], engine: str, tmp_path: Path
) -> None:
    """The history is read in a defined order (the list's), never in its rows' order on
    disk (SQLite's rowid, a register's ctid), which an UPDATE or a restore changes."""
    _rewrite_history(os.environ["EFTER_DB"] if engine == "postgresql" else casefile, *statements)
    conn = sqlite3.connect(casefile)  # on PostgreSQL the register (rowid: its ctid)
    on_disk = [row[0] for row in conn.execute("SELECT name FROM migration ORDER BY rowid")]
    conn.close()
    known = [m.__name__ for m in MIGRATIONS]
    assert sorted(on_disk) == known
    assert on_disk != known
    assert run("youth", "add", "Anna Holm", "--born", "2009-03-14").exit_code == 0
    result = run("youth", "list", "--json")
    assert result.exit_code == 0, result.stderr
    assert [p["name"] for p in json.loads(result.stdout)] == ["Anna Holm"]
    doctor = run("doctor")
    assert "another build" not in doctor.stdout
    assert re.search(r"^ok +schema ", doctor.stdout, re.MULTILINE), doctor.stdout
    bundle = tmp_path / "anna.bundle"
    assert run("case", "export", "1", "--out", str(bundle)).exit_code == 0
    conn = sqlite3.connect(bundle)
    (schema,) = conn.execute("SELECT value FROM manifest WHERE key = 'schema'").fetchone()
    conn.close()
    assert json.loads(schema) == known


@pytest.mark.laptop_only("restore of the case file (a register's backups are the municipality's)")
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


@pytest.mark.laptop_only("restore of the case file (a register's backups are the municipality's)")
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


@pytest.mark.laptop_only("SQLite's pragmas (the register's session: below)")
def test_pragmas_on_open(casefile: Path) -> None:
    from efter.core.casefile import open_casefile

    with open_casefile(casefile) as opened:
        conn = opened.conn
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_the_register_session_on_open(engine: str, casefile: Path) -> None:
    """The register's counterpart of the pragmas: its schema on the search path, a lock
    wait bounded by the busy timeout."""
    if engine != "postgresql":
        pytest.skip("the register's session: runs with --engine postgresql")
    from efter.core.casefile import busy_timeout, open_any

    with open_any(os.environ["EFTER_DB"]) as opened:
        raw = opened.conn.raw
        assert raw.execute("SHOW search_path").fetchone()[0] == "efter"
        wait = raw.execute("SHOW lock_timeout").fetchone()[0]
        assert raw.execute(
            "SELECT %s::interval = %s::interval", (wait, f"{busy_timeout()} s")
        ).fetchone()[0]
