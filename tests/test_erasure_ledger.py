"""Issue 14 item 5: a restore after damage honours the erasures made since the backup, through
the erasure ledger beside the case file (ids and keyed hashes, never the data)."""

import sqlite3
import stat
from pathlib import Path

import pytest
from conftest import snapshot

# A case file's backup copies and its ledger file; the register's ledger and its own
# backups: tests/test_register_erasure.py.
LAPTOP = pytest.mark.laptop_only(
    "backup and restore of a case file, with its ledger file beside it"
)


def names(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM youth ORDER BY id")]
    finally:
        conn.close()


def add_two(run) -> None:
    result = run(
        "youth", "add", "Anna Holm", "--born", "2009-03-14", "--ref", "SAG-1",
        "--cpr", "140309-4128",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert run("youth", "add", "Bo Berg", "--born", "2008-01-02", "--ref", "SAG-2").exit_code == 0


@LAPTOP
def test_back_up_erase_damage_restore_keeps_the_erased_person_erased(run, casefile, tmp_path):
    add_two(run)
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    assert run("youth", "erase", "SAG-1", "--yes").exit_code == 0
    casefile.write_bytes(b"SQLite format 3\x00" + b"\x5a" * 8176)  # the disk ate it
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Erased again the young people erased since the copy was made (id 1)."
    )
    assert names(casefile) == ["Bo Berg"]
    # not in the raw bytes either (the restored file was scrubbed)
    raw = casefile.read_bytes()
    assert b"Anna Holm" not in raw and b"140309" not in raw
    assert run("doctor").exit_code == 0


@LAPTOP
def test_the_ledger_holds_no_data_and_is_private(run, casefile):
    add_two(run)
    assert run("youth", "erase", "1", "--yes").exit_code == 0
    ledger = casefile.with_name("casefile.db.erasures")
    assert stat.S_IMODE(ledger.stat().st_mode) == 0o600
    text = ledger.read_text()
    for secret in ("Anna", "Holm", "SAG-1", "1403094128", "140309-4128", "2009-03-14"):
        assert secret not in text
    assert len(text.splitlines()) == 2  # the key, one erasure
    # and the doctor counts it among the files that must stay private, not as a backup
    ledger.chmod(0o644)
    result = run("doctor")
    assert result.exit_code == 1
    assert "casefile.db.erasures (mode 0644)" in result.stdout


@LAPTOP
def test_a_lost_case_file_restored_honours_the_ledger(run, casefile, tmp_path):
    add_two(run)
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    assert run("retention", "--closed-before", "2030-01-01", "--yes").exit_code == 0  # none
    assert run("youth", "erase", "SAG-2", "--yes").exit_code == 0
    for suffix in ("", "-wal", "-shm"):
        casefile.with_name(casefile.name + suffix).unlink(missing_ok=True)
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.stderr
    assert names(casefile) == ["Anna Holm"]


@LAPTOP
def test_the_same_person_enrolled_again_after_an_erasure_is_left_alone(run, casefile, tmp_path):
    add_two(run)
    assert run("youth", "erase", "SAG-1", "--yes").exit_code == 0
    # enrolled again later, with the same ref and CPR number
    result = run(
        "youth", "add", "Anna Holm", "--born", "2009-03-14", "--ref", "SAG-1",
        "--cpr", "140309-4128",
    )  # fmt: skip
    assert result.exit_code == 0
    conn = sqlite3.connect(casefile)
    with conn:  # made a second later than the erasure
        conn.execute("UPDATE youth SET created = '2099-01-01T00:00:00' WHERE ref = 'SAG-1'")
    conn.close()
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    casefile.write_bytes(b"SQLite format 3\x00" + b"\x5a" * 8176)
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Erased again" not in result.stderr
    assert sorted(names(casefile)) == ["Anna Holm", "Bo Berg"]


@LAPTOP
def test_an_unreadable_ledger_stops_the_restore(run, casefile, tmp_path):
    add_two(run)
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    ledger = casefile.with_name("casefile.db.erasures")
    ledger.write_text("not json\n")
    before = snapshot(casefile)
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The erasure ledger {ledger} cannot be read: nothing was done. Move it aside "
        "only if you are sure no erased young person is in the backup copy.\n"
    )
    assert snapshot(casefile) == before


@LAPTOP
def test_retention_writes_the_ledger_too(run, casefile, tmp_path):
    add_two(run)
    assert run("youth", "close", "SAG-1", "--outcome", "job").exit_code == 0
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    assert run("retention", "--closed-before", "2030-01-01", "--yes").exit_code == 0
    ledger = casefile.with_name("casefile.db.erasures")
    assert len(ledger.read_text().splitlines()) == 2
    casefile.write_bytes(b"SQLite format 3\x00" + b"\x5a" * 8176)
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.stderr
    assert names(casefile) == ["Bo Berg"]
