"""A blank case file has exactly the schema the migrations describe."""

import sqlite3
from pathlib import Path

from efter.core.migrations import MIGRATIONS
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


def test_migration_names_are_unique_and_ordered() -> None:
    names = [migration.__name__ for migration in MIGRATIONS]
    assert names == sorted(names)
    assert len(set(names)) == len(names)
    assert all(name.startswith("m") and name[1:4].isdigit() for name in names)


def test_pragmas_on_open(casefile: Path) -> None:
    from efter.core.casefile import open_casefile

    with open_casefile(casefile) as opened:
        conn = opened.conn
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
