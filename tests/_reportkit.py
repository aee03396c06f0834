"""Helpers for the report tests: enrol through the real CLI, fill tables the CLI of other
issues fills (meetings, attendance, agreements) with plain SQL, compare with golden files."""

import sqlite3
from pathlib import Path
from typing import Any


def enrol(run: Any, name: str, born: str, start: str, **options: str) -> int:
    args = ["youth", "add", name, "--born", born, "--start", start]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", value]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return int(result.stdout)


def sql(db: Path, script: str, *params: Any) -> None:
    conn = sqlite3.connect(db)
    try:
        with conn:
            if params:
                conn.execute(script, params)
            else:
                conn.executescript(script)
    finally:
        conn.close()


def meeting(
    db: Path,
    youth: int,
    day: str,
    status: str,
    kind: str = "network",
    milestone: str | None = None,
    youth_presence: str | None = None,
) -> None:
    conn = sqlite3.connect(db)
    try:
        with conn:
            cursor = conn.execute(
                "INSERT INTO meeting (youth_id, kind, milestone, starts, status, created, updated) "
                "VALUES (?, ?, ?, ?, ?, 'x', 'x')",
                (youth, kind, milestone, f"{day} 14:00:00", status),
            )
            if youth_presence:
                conn.execute(
                    "INSERT INTO attendance (meeting_id, person, presence) VALUES (?, 'youth', ?)",
                    (cursor.lastrowid, youth_presence),
                )
    finally:
        conn.close()


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME (EFTER_UPDATE_GOLDEN=1 rewrites it)."""
    from tests.golden import assert_golden

    assert_golden(name, text)


def lines(text: str) -> str:
    """Terminal output with rich's trailing padding taken off each line."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
