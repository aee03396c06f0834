"""Issue 14 item 7: a full disk is not a damaged file. Every command, `doctor` and `restore`
say the disk is full and how much room is needed, never advise restoring; a backup that was
only checked gets no -wal/-shm; caseload warnings come only after a write that succeeded.

The real thing is a small tmpfs mounted for the test (we run as root in CI); where mounting is
not allowed the tests that need it are skipped with that reason, and the simulated ones run."""

import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import snapshot

FULL = "is full ("
NOT_DAMAGED = "Nothing is damaged."


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1200k,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or 'not root'})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Take every free byte of the disk."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError:
                pass
    return filler


@pytest.fixture
def full_case(run, small_disk, tmp_path, monkeypatch):
    """A case file with a few young people on a small disk, a good backup elsewhere, and
    then the disk filled to the last byte."""
    db = small_disk / "data" / "casefile.db"
    monkeypatch.setenv("EFTER_DB", str(db))
    assert run("init").exit_code == 0
    for n in range(8):
        result = run("youth", "add", f"Ung {n}", "--born", "2009-01-01", "--coordinator", "Kim")
        assert result.exit_code == 0, result.stderr
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    filler = fill(small_disk)
    return db, copy, filler


def says_full(stderr: str, folder: Path) -> None:
    assert stderr.startswith(f"Error: The disk holding {folder} is full (")
    assert "efter needs about " in stderr and stderr.endswith(f"{NOT_DAMAGED}\n")
    assert "efter restore" not in stderr and "restore a backup" not in stderr
    assert "damaged or" not in stderr


def test_commands_say_the_disk_is_full(run, full_case):
    db, _, filler = full_case
    for args in (
        ("youth", "add", "Ny", "--born", "2009-01-01", "--coordinator", "Kim"),
        ("youth", "list"),
        ("youth", "show", "1"),
    ):
        result = run(*args)
        assert result.exit_code == 1, args
        says_full(result.stderr, db.parent)
        assert "Warning" not in result.stderr  # no caseload warning for a write that failed
    filler.unlink()
    assert run("doctor").exit_code == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM youth").fetchone()[0] == 8
    conn.close()


def test_doctor_says_full_not_damaged(run, full_case):
    db, _, _ = full_case
    result = run("doctor")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    disk = [line for line in lines if line.startswith("error    disk ")]
    assert len(disk) == 1 and f"The disk holding {db.parent} is full (" in disk[0]
    assert "Restore" not in result.stdout and "restore a backup with" not in result.stdout
    assert "do not restore a backup because of this" in result.stdout


def test_restore_on_a_full_disk_keeps_the_case_file(run, full_case):
    db, copy, filler = full_case
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 1
    says_full(result.stderr, db.parent)
    assert db.exists()
    assert sorted(p.name for p in db.parent.iterdir() if "damaged" in p.name) == []
    assert not copy.with_name(copy.name + "-wal").exists()
    assert not copy.with_name(copy.name + "-shm").exists()
    filler.unlink()
    assert run("doctor").exit_code == 0


def test_backup_on_a_full_disk_leaves_nothing_behind(run, full_case, small_disk):
    db, _, _ = full_case

    def files() -> list[str]:  # the case file's own -wal/-shm may come and go
        return sorted(p.name for p in small_disk.rglob("*") if not p.name.startswith(db.name))

    before = files()
    result = run("backup", str(small_disk / "another.db"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The disk holding ")
    assert FULL in result.stderr and result.stderr.endswith(f"{NOT_DAMAGED}\n")
    assert files() == before


def test_init_on_a_full_disk_leaves_no_wal_or_shm(run, small_disk, monkeypatch):
    fill(small_disk)
    db = small_disk / "casefile.db"
    monkeypatch.setenv("EFTER_DB", str(db))
    result = run("init")
    assert result.exit_code == 1
    assert "is full (" in result.stderr and "Nothing is damaged." in result.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


@pytest.mark.laptop_only("backup and restore of the case file")
def test_a_checked_backup_gets_no_wal_or_shm(run, casefile, tmp_path):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    result = run("restore", str(copy))  # checked, then refused: no terminal, no --yes
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.db"]


@pytest.mark.laptop_only("SQLite's 'disk is full' on the case file's own disk")
def test_sqlite_full_simulated_is_said_as_a_full_disk(run, casefile, monkeypatch):
    """Where a small disk cannot be mounted, SQLITE_FULL from any statement still reads as a
    full disk (simulated here)."""
    from efter.core import audit

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(audit, "record", full)
    before = snapshot(casefile)
    result = run("youth", "add", "Anna Holm", "--born", "2009-03-14", "--coordinator", "Kim")
    assert result.exit_code == 1
    says_full(result.stderr, casefile.parent)
    assert snapshot(casefile) == before


def test_caseload_warnings_wait_for_the_commit(run, casefile, monkeypatch, engine):
    """An import above the caseload limit that fails at the commit says only that it failed
    (it printed one warning per coordinator before, then the error)."""
    from efter.core import casefile as casefile_module

    rows = "name,born,ref,coordinator\n" + "".join(
        f"Ung {n},2009-01-01,R-{n},Koordinator {n % 40}\n" for n in range(400)
    )
    assert run("config", "set", "caseload-limit", "1").exit_code == 0
    real = casefile_module.CaseFile.write

    from contextlib import contextmanager

    @contextmanager
    def failing_commit(self):
        with real(self) as conn:
            yield conn
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(casefile_module.CaseFile, "write", failing_commit)
    on_register = engine == "postgresql"
    if on_register:  # the register's own transaction, failing at its commit
        from efter.core import register

        real = register.Register.write
        monkeypatch.setattr(register.Register, "write", failing_commit)
    result = run("import", "youth", "-", input=rows)
    assert result.exit_code == 1
    assert "Warning" not in result.stderr
    if not on_register:
        says_full(result.stderr, casefile.parent)


def test_backup_and_out_files_onto_a_full_disk(run, casefile, small_disk, engine):
    """The case file is fine; the disk the copy or the --out file goes to is full."""
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    fill(small_disk)
    backup = () if engine == "postgresql" else (("backup", str(small_disk / "copy.db")),)
    for args in (
        *backup,  # a register's backups are the municipality's (test_backup.py)
        ("export", "youth", "--out", str(small_disk / "unge.csv")),
        ("document", "consent", "1", "--out", str(small_disk / "samtykke.md")),
    ):
        result = run(*args)
        assert result.exit_code == 1, args
        says_full(result.stderr, small_disk)
        assert sorted(p.name for p in small_disk.iterdir()) == ["filler"], args
    assert run("doctor").exit_code == 0
