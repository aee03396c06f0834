"""efter backup and efter restore, also while another command writes; the migration backup."""

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import snapshot

HELPER = Path(__file__).parent / "helpers" / "bulk_write.py"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM youth ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.laptop_only(
    "backup copies the case file (the register's: the municipality's own backups)"
)
def test_backup_default_place_is_private(run, casefile, json_of):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    before = snapshot(casefile)
    result = run("backup")
    assert result.exit_code == 0, result.stderr
    copy = Path(result.stdout.strip())
    assert copy.parent == casefile.parent / "backups"
    assert copy.name.startswith("casefile-2026") and copy.suffix == ".db"
    assert result.stderr == f"Backed up {casefile} to {copy} (private to you).\n"
    assert mode(copy) == 0o600 and mode(copy.parent) == 0o700
    assert snapshot(copy) == before
    assert [(a["action"], a["command"]) for a in json_of("audit")][-1] == ("exported", "backup")


@pytest.mark.laptop_only(
    "backup copies the case file (the register's: the municipality's own backups)"
)
def test_backup_to_a_file_or_folder(run, casefile, tmp_path):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    target = tmp_path / "copy.db"
    result = run("backup", str(target))
    assert result.exit_code == 0
    assert result.stdout == f"{target}\n"
    assert names(target) == ["Anna Holm"] and mode(target) == 0o600
    folder = tmp_path / "usb"
    folder.mkdir()
    made = [Path(run("backup", str(folder)).stdout.strip()) for _ in range(3)]
    assert [p.parent for p in made] == [folder] * 3
    assert len(set(made)) == 3  # never over another copy, even within one second


@pytest.mark.laptop_only(
    "backup copies the case file (the register's: the municipality's own backups)"
)
def test_backup_bad_destinations(run, casefile, tmp_path):
    existing = tmp_path / "there.db"
    existing.write_text("keep me")
    before = snapshot(casefile)
    result = run("backup", str(existing))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {existing} exists already: give a new file name, or a folder, as DEST (or add "
        "--force to replace it).\n"
    )
    assert existing.read_text() == "keep me"
    result = run("backup", str(tmp_path / "missing" / "x.db"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The folder {tmp_path / 'missing'} does not exist: create it or give another DEST.\n"
    )
    assert snapshot(casefile) == before


@pytest.mark.laptop_only(
    "restore puts a copy in place of the case file (refused on a register: see below)"
)
def test_restore_round_trip_keeps_the_current_file_aside(run, casefile, tmp_path, json_of):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    run("youth", "add", "Bo Berg", "--born", "2008-01-02")
    run("youth", "show", "2")
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"Restored {copy} (1 young person) into {casefile}."
    aside = Path(lines[1].removeprefix("The file as it was is kept in ").rstrip("."))
    assert aside.name.startswith("casefile.db.before-restore-2026")
    assert lines[2] == "Carried over 3 audit lines written since the copy was made."
    assert names(casefile) == ["Anna Holm"]
    assert names(aside) == ["Anna Holm", "Bo Berg"]
    assert mode(aside) == 0o600
    assert integrity(casefile) == ["ok"]
    # the log survives the restore: the lines written after the copy are still there
    assert [(a["action"], a["youth_id"], a["command"]) for a in json_of("audit")] == [
        ("changed", 1, "youth add"),
        ("exported", 1, "backup"),
        ("changed", 2, "youth add"),
        ("viewed", 2, "youth show"),
        ("changed", 1, "restore"),
    ]


@pytest.mark.laptop_only(
    "restore puts a copy in place of the case file (refused on a register: see below)"
)
def test_restore_keeps_a_line_for_everyone_as_one(run, casefile, tmp_path, json_of, monkeypatch):
    """A whole-file report's one line for everyone, written after the copy, still stands for
    each young person after the restore (it is carried with its mark, not as a line about
    nobody)."""
    from efter.core import audit

    monkeypatch.setattr(audit, "EVERYONE_FROM", 2)
    run("youth", "add", "Anna Holm", "--born", "2009-03-14", "--ref", "R1")
    run("youth", "add", "Bo Berg", "--born", "2008-01-02")
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    assert run("report", "outcomes").exit_code == 0
    assert run("restore", str(copy), "--yes").exit_code == 0
    assert [a["command"] for a in json_of("audit", "--youth", "R1")][-2:] == [
        "report outcomes",
        "restore",
    ]


@pytest.mark.laptop_only(
    "restore puts a copy in place of the case file (refused on a register: see below)"
)
def test_restore_erases_again_who_was_erased_after_the_copy(run, casefile, tmp_path, json_of):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    run("youth", "add", "Bo Berg", "--born", "2008-01-02")
    copy = tmp_path / "copy.db"
    run("backup", str(copy))
    assert run("youth", "erase", "1", "--yes").exit_code == 0
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == (
        "Erased again the young people erased since the copy was made (id 1)."
    )
    assert names(casefile) == ["Bo Berg"]
    assert b"Anna Holm" not in casefile.read_bytes()


@pytest.mark.laptop_only(
    "restore puts a copy in place of the case file (refused on a register: see below)"
)
def test_restore_asks_and_refuses_bad_copies(run, casefile, tmp_path, monkeypatch):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    copy = tmp_path / "copy.db"
    run("backup", str(copy))
    before = snapshot(casefile)
    result = run("restore", str(copy))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'efter restore' asks before it replaces the case file: add --yes in a script.\n"
    )
    monkeypatch.setattr("efter.cli.safekeeping.interactive", lambda: True)
    result = run("restore", str(copy), input="n\n")
    assert result.exit_code == 1
    assert result.stderr.endswith("Nothing was restored.\n")

    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, just some words " * 20)
    result = run("restore", str(text), "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {text} is damaged or not a case file (file is not a database): nothing was "
        "restored; choose another backup.\n"
    )

    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    result = run("restore", str(other), "--yes")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {other} is not an efter case file: nothing was restored.\n"

    damaged = tmp_path / "damaged.db"
    data = bytearray(copy.read_bytes())
    page = 4096
    for number in range(2, len(data) // page):  # scribble over every b-tree page header
        for offset in range(number * page, number * page + 12):
            data[offset] = 0x5A
    damaged.write_bytes(bytes(data))
    result = run("restore", str(damaged), "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {damaged} is damaged or not a case file (database disk image is malformed): "
        "nothing was restored; choose another backup.\n"
    )

    result = run("restore", str(tmp_path / "nowhere.db"), "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: There is no backup file at {tmp_path / 'nowhere.db'}: give the path of a backup.\n"
    )
    assert snapshot(casefile) == before
    assert list(casefile.parent.glob("*before-restore*")) == []


def _writer(db: Path, count: int) -> subprocess.Popen[str]:
    env = dict(os.environ, EFTER_TODAY="2026-11-28")
    process = subprocess.Popen(
        [sys.executable, str(HELPER), str(db), str(count), "many"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "started\n"
    return process


@pytest.mark.slow
@pytest.mark.laptop_only(
    "backup copies the case file (the register's: the municipality's own backups)"
)
def test_backup_and_restore_while_another_command_writes(run, casefile, tmp_path):
    writer = _writer(casefile, 400)
    copies = []
    try:
        for number in range(3):
            result = run("backup", str(tmp_path / f"copy{number}.db"))
            assert result.exit_code == 0, result.stderr
            copies.append(Path(result.stdout.strip()))
        for copy in copies:
            assert integrity(copy) == ["ok"]
            rows = names(copy)
            # one consistent moment: exactly the first n rows, in order, none half-written
            assert rows == [f"Bulk {n}" for n in range(len(rows))]
        result = run("restore", str(copies[0]), "--yes")
        assert result.exit_code == 0, result.stderr
    finally:
        _out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert integrity(casefile) == ["ok"]
    rows = names(casefile)
    # the restore went in between the writer's transactions: its later rows follow the copy's
    assert len(rows) >= len(names(copies[0]))
    assert len(set(rows)) == len(rows)


@pytest.mark.laptop_only("a copy kept beside the case file before a migration")
def test_a_migration_takes_a_backup_first(run, env, tmp_path):
    from efter.core.migrations import MIGRATIONS, m001_initial

    env.parent.mkdir(mode=0o700)
    conn = sqlite3.connect(env, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    conn.execute("CREATE TABLE migration (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    m001_initial(conn)
    conn.execute("INSERT INTO migration VALUES ('m001_initial', '2026-01-01T00:00:00')")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.close()
    os.chmod(env, 0o600)
    result = run("youth", "list")
    assert result.exit_code == 0, result.stderr
    (copy,) = env.parent.glob("casefile.db.v1-*.bak")
    assert mode(copy) == 0o600
    old = sqlite3.connect(copy)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    old.close()
    new = sqlite3.connect(env)
    assert new.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    new.close()


@pytest.mark.laptop_only(
    "restore puts a copy in place of the case file (refused on a register: see below)"
)
def test_restore_when_the_case_file_is_gone(run, casefile, tmp_path, json_of):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    copy = tmp_path / "copy.db"
    run("backup", str(copy))
    for leftover in casefile.parent.iterdir():
        leftover.unlink()
    casefile.parent.rmdir()
    result = run("restore", str(copy))  # nothing to replace, so nothing to ask
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Restored {copy} (1 young person) as the case file {casefile}.\n"
    assert names(casefile) == ["Anna Holm"]
    assert mode(casefile) == 0o600 and mode(casefile.parent) == 0o700
    assert integrity(casefile) == ["ok"]
    assert run("doctor").exit_code == 0
    assert json_of("audit")[-1]["command"] == "restore"


@pytest.mark.laptop_only(
    "restore puts a copy in place of the case file (refused on a register: see below)"
)
def test_restore_over_a_damaged_case_file(run, casefile, tmp_path):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    copy = tmp_path / "copy.db"
    run("backup", str(copy))
    casefile.write_bytes(b"SQLite format 3\x00" + b"\x5a" * 8176)  # the disk ate it
    assert run("youth", "list").exit_code == 1
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.stderr
    first, second = result.stderr.splitlines()
    assert first.startswith("The case file could not be read; it is kept as ")
    aside = Path(first.removeprefix("The case file could not be read; it is kept as ").rstrip("."))
    assert aside.name.startswith("casefile.db.damaged-2026")
    assert aside.read_bytes().startswith(b"SQLite format 3\x00" + b"\x5a" * 10)
    assert second == f"Restored {copy} (1 young person) as the case file {casefile}."
    assert names(casefile) == ["Anna Holm"]
    assert run("doctor").exit_code == 0


def test_backup_and_restore_on_a_register_say_so(run, casefile, tmp_path, engine):
    """A register is kept by the municipality's own backups: `backup` and `restore` say so in
    one sentence (exit 1), write no file and change nothing."""
    if engine != "postgresql":
        pytest.skip("a register's refusal: runs with --engine postgresql")
    from efter.core.dialect import redacted

    assert run("youth", "add", "Anna Holm", "--born", "2009-03-14").exit_code == 0
    before = snapshot(casefile)
    url = redacted(os.environ["EFTER_DB"])
    copy = tmp_path / "copy.db"
    result = run("backup", str(copy))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: This command works on a laptop case file, not on the register ({url}): the "
        "municipality's own backups keep the register (see docs/register.md).\n"
    )
    assert not copy.exists()
    copy.write_bytes(b"not used")
    for args in (("restore", str(copy), "--yes"), ("restore", str(copy))):
        result = run(*args)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            f"Error: This command works on a laptop case file, not on the register ({url}): "
            "give --db the path of a case file.\n"
        )
    assert snapshot(casefile) == before
