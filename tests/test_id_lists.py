"""No limit on the number of young people: an id list is one SQL parameter (a JSON array read
with `json_each`, efter.core.casefile.ids_param), never one `?` per young person. SQLite builds
differ in how many variables a statement may bind (32,766 by default, 999 before 3.32); this
test lowers the limit to 100 on every connection efter opens and runs every report and every
other command that reads many young people at once, on a case file of 300: each must give
exactly what it gives without the limit. On PostgreSQL (a register) the same commands run with
efter's binding (efter.core.dialect) refusing a statement of more than 100 parameters, and an
id list arrives as one array parameter holding every id."""

import os
import sqlite3
from pathlib import Path

import pytest

from tests.benchmarks.casefile import Size, build

LIMIT = 100
PEOPLE = 300  # three times the limit

COMMANDS = [
    ("report", "outcomes"),
    ("report", "outcomes", "--share"),
    ("report", "outcomes", "--from", "2023-01-01", "--csv"),
    ("report", "meetings"),
    ("report", "meetings", "--csv"),
    ("report", "agreements"),
    ("report", "agreements", "--share", "--json"),
    ("report", "deadlines"),
    ("report", "deadlines", "--csv"),
    ("report", "caseload"),
    ("report", "progress"),
    ("youth", "list", "--all"),
    ("due", "--all"),
    ("export", "all", "--format", "json"),
]


@pytest.fixture
def filled(env: Path, engine: str) -> Path:
    """The case file (or the test's register) with PEOPLE young people and their records."""
    env.parent.mkdir(parents=True, exist_ok=True)
    target = os.environ["EFTER_DB"] if engine == "postgresql" else env
    build(target, Size("ids", PEOPLE, 3 * PEOPLE, 30 * PEOPLE, 5 * PEOPLE, 0, 0, 0))
    return env


def _limited(monkeypatch: pytest.MonkeyPatch, engine: str) -> list[int]:
    """Every connection opened from now on binds at most LIMIT variables; returns the limits
    seen, so the test knows the patch took (on PostgreSQL: the sizes of the id lists bound as
    one parameter)."""
    if engine == "postgresql":
        return _limited_on_the_register(monkeypatch)
    real = sqlite3.connect
    seen: list[int] = []

    def connect(*args, **kwargs):  # type: ignore[no-untyped-def]
        conn = real(*args, **kwargs)
        conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, LIMIT)
        seen.append(conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    return seen


def _limited_on_the_register(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from efter.core import dialect

    real = dialect.PostgresConnection.bind
    lists: list[int] = []

    def bind(self, translated, params):  # type: ignore[no-untyped-def]
        bound = real(self, translated, params)
        values = list(bound.values()) if isinstance(bound, dict) else list(bound or ())
        if len(values) > LIMIT:
            raise sqlite3.OperationalError("too many SQL variables")
        lists.extend(len(value) for value in values if isinstance(value, list))
        return bound

    monkeypatch.setattr(dialect.PostgresConnection, "bind", bind)
    return lists


def _output(run, args: tuple[str, ...]) -> str:  # type: ignore[no-untyped-def]
    result = run(*args)
    assert result.exit_code == 0, (args, result.stderr)
    return result.stdout


def test_every_report_and_list_runs_with_a_low_variable_limit(run, filled, monkeypatch, engine):
    free = {args: _output(run, args) for args in COMMANDS}
    seen = _limited(monkeypatch, engine)
    for args in COMMANDS:
        assert _output(run, args) == free[args], args
    if engine == "postgresql":
        assert seen and max(seen) >= PEOPLE  # every young person's id in one parameter
    else:
        assert seen and set(seen) == {LIMIT}


def test_the_limit_is_real(filled, monkeypatch, engine):
    """The patched limit refuses a statement with one `?` per young person, as a SQLite
    built with a low limit would: the test above would catch a report that binds them."""
    _limited(monkeypatch, engine)
    conn = sqlite3.connect(filled)
    try:
        ids = [row[0] for row in conn.execute("SELECT id FROM youth")]
        assert len(ids) == PEOPLE
        marks = ",".join("?" * len(ids))
        with pytest.raises(sqlite3.OperationalError, match="too many SQL variables"):
            conn.execute(f"SELECT count(*) FROM youth WHERE id IN ({marks})", ids)
    finally:
        conn.close()
