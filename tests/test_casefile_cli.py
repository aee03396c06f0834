"""efter init / path: where the case file lives, how it is created, and privacy."""

import os
import sqlite3
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from efter.core import migrations
from tests.conftest import Run


def test_path_prints_env_path_without_creating(run: Run, env: Path) -> None:
    """The case file's path, or the register's URL without its password."""
    from efter.core.dialect import redacted

    result = run("path")
    assert result.exit_code == 0
    assert result.stdout == f"{redacted(os.environ['EFTER_DB'])}\n"
    assert not env.exists()


def test_db_option_beats_env(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    assert run("path", "--db", str(other)).stdout == f"{other}\n"
    assert run("--db", str(other), "path").stdout == f"{other}\n"


def test_default_path_is_user_data_dir(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("EFTER_DB")
    result = run("path")
    assert result.stdout.strip().endswith("efter/casefile.db")
    assert str(tmp_path / "xdg-data") in result.stdout


@pytest.mark.laptop_only("the case file's and its folder's modes")
def test_init_creates_private_file_and_folder(run: Run, env: Path) -> None:
    result = run("init")
    assert result.exit_code == 0
    assert result.stderr == f"Created case file {env}\n"
    assert result.stdout == ""
    assert stat.S_IMODE(os.stat(env).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(env.parent).st_mode) == 0o700


def test_init_twice_is_harmless(run: Run, env: Path) -> None:
    run("init")
    result = run("init")
    assert result.exit_code == 0
    url = os.environ["EFTER_DB"]
    if url.startswith("postgresql://"):
        from efter.core.dialect import redacted

        assert result.stderr == f"Register {redacted(url)} is ready.\n"
    else:
        assert result.stderr == f"Case file {env} is ready.\n"


@pytest.mark.laptop_only(
    "a case file that does not exist (a register's: test_register.py, a database not set up)"
)
def test_missing_case_file_says_how_and_creates_nothing(run: Run, env: Path) -> None:
    result = run("youth", "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: There is no case file at {env}: create one with 'efter init', "
        "or point --db or EFTER_DB at an existing case file.\n"
    )
    assert not env.exists()
    assert not env.parent.exists()


@pytest.mark.laptop_only("a file that is not SQLite (a register's: test_register.py, a wrong URL)")
def test_not_a_case_file(run: Run, env: Path) -> None:
    env.parent.mkdir(parents=True)
    env.write_bytes(b"this is not sqlite at all" * 100)
    result = run("youth", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {env} could not be opened as a case file")
    assert "Traceback" not in result.stderr


def test_newer_schema_is_refused(run: Run, casefile: Path) -> None:
    conn = sqlite3.connect(casefile)
    conn.execute(f"PRAGMA user_version = {len(migrations.MIGRATIONS) + 1}")
    conn.close()
    result = run("youth", "list")
    assert result.exit_code == 1
    newer = (
        "set up by a newer efter"
        if os.environ["EFTER_DB"].startswith("postgresql")
        else ("was written by a newer efter")
    )
    assert newer in result.stderr


@pytest.mark.laptop_only("a copy kept beside the case file (the register's are the municipality's)")
def test_migration_takes_a_backup_first(
    run: Run, casefile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("youth", "add", "Anna", "--born", "2009-01-01").exit_code == 0

    def m999_extra(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE extra (x INTEGER)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_extra])
    from efter.core import casefile as casefile_module

    monkeypatch.setattr(casefile_module, "MIGRATIONS", migrations.MIGRATIONS)
    result = run("youth", "list", "--json")
    assert result.exit_code == 0
    backups = list(casefile.parent.glob("casefile.db.v*.bak"))
    assert len(backups) == 1
    assert stat.S_IMODE(os.stat(backups[0]).st_mode) == 0o600
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT name FROM youth").fetchall() == [("Anna",)]
    conn.close()


@pytest.mark.laptop_only("a copy kept beside the case file (the register's are the municipality's)")
def test_two_commands_starting_at_once_after_an_upgrade(
    run: Run, casefile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two efter commands that open a case file needing a migration in the same second
    (a script's loop, cron beside a coordinator): each keeps its own copy, the second
    numbered, and the migration runs once; the other finds it applied and goes on."""
    assert run("youth", "add", "Anna", "--born", "2009-01-01").exit_code == 0

    def m999_extra(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE extra (x INTEGER)")

    from efter.core import casefile as casefile_module

    monkeypatch.setattr(casefile_module, "MIGRATIONS", [*migrations.MIGRATIONS, m999_extra])
    from efter.core import clock

    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 12, 6, 10, 0, 0))  # one second
    first = casefile_module.CaseFile(casefile, casefile_module.connect(casefile, "rw"))
    second = casefile_module.CaseFile(casefile, casefile_module.connect(casefile, "rw"))
    kept = casefile_module.CaseFile.keep_copy
    applied_by_second: list[list[str]] = []

    def keep_copy(self: Any, version: int) -> None:
        kept(self, version)
        if self is first:  # the second command starts while the first is at its copy
            applied_by_second.append(casefile_module.migrate(second))

    monkeypatch.setattr(casefile_module.CaseFile, "keep_copy", keep_copy)
    try:
        assert casefile_module.migrate(first) == []
    finally:
        first.conn.close()
        second.conn.close()
    assert applied_by_second == [["m999_extra"]]
    names = sorted(p.name for p in casefile.parent.glob("casefile.db.v*.bak"))
    stamp = f"casefile.db.v{len(migrations.MIGRATIONS)}-20261206-100000"
    assert names == [f"{stamp}-2.bak", f"{stamp}.bak"]
    conn = sqlite3.connect(casefile)
    try:
        assert conn.execute(
            "SELECT count(*) FROM migration WHERE name = 'm999_extra'"
        ).fetchone() == (1,)
    finally:
        conn.close()
    assert run("youth", "list", "--json").exit_code == 0


def test_failed_migration_changes_nothing(
    run: Run, casefile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import snapshot

    before = snapshot(casefile)

    def m999_broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x INTEGER)")
        conn.execute("INSERT INTO nowhere VALUES (1)")

    from efter.core import casefile as casefile_module

    monkeypatch.setattr(casefile_module, "MIGRATIONS", [*migrations.MIGRATIONS, m999_broken])
    if os.environ["EFTER_DB"].startswith("postgresql://"):
        from efter.core import register

        monkeypatch.setattr(register, "MIGRATIONS", casefile_module.MIGRATIONS)
    result = run("youth", "list")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert snapshot(casefile) == before


def test_version_and_help(run: Run) -> None:
    from efter import __version__

    assert run("--version").stdout == f"efter {__version__}\n"
    result = run("--help")
    assert result.exit_code == 0
    for noun in ("init", "path", "youth", "team", "network", "report", "demo", "config"):
        assert noun in result.stdout


def test_usage_error_exits_2(run: Run) -> None:
    result = run("youth", "add")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_config_set_and_list(run: Run, casefile: Path, json_of) -> None:
    office = dict.fromkeys(
        (
            "controller-contact",
            "coordinator-email",
            "coordinator-phone",
            "dpo",
            "language",
            "municipality-name",
        ),
        "",
    )
    assert json_of("config", "list") == {"caseload-limit": 5, "ics-title": "ref", **office}
    assert run("config", "set", "caseload-limit", "3").stderr == "caseload-limit = 3\n"
    assert json_of("config", "list") == {"caseload-limit": 3, "ics-title": "ref", **office}
    bad = run("config", "set", "caseload-limit", "many")
    assert bad.exit_code == 1
    assert (
        bad.stderr
        == "Error: The setting caseload-limit takes a whole number of 1 or more, not 'many'.\n"
    )
    unknown = run("config", "set", "colour", "red")
    assert (
        unknown.stderr == "Error: There is no setting 'colour': known settings are caseload-limit, "
        "controller-contact, coordinator-email, coordinator-phone, dpo, ics-title, "
        "language, municipality-name.\n"
    )
    # The data controller is one of the 98 municipalities, by its official name.
    assert run("config", "set", "municipality-name", "esbjerg").stderr == (
        "municipality-name = Esbjerg Kommune\n"
    )
    wrong = run("config", "set", "municipality-name", "Esbjerk")
    assert (wrong.exit_code, wrong.stderr) == (
        1,
        "Error: 'Esbjerk' is not a Danish municipality (did you mean 'Esbjerg Kommune'?): give the setting municipality-name one of the 98 municipalities' names.\n",
    )
