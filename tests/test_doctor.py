"""efter doctor: integrity, references, privacy, schema, journal and encryption."""

import json
import os
import sqlite3
import stat
from pathlib import Path

from efter.core.migrations import MIGRATIONS

ENCRYPTION_WARNING = (
    "warning  encryption    The case file is not encrypted: anyone who gets the laptop's disk "
    "can read it.\n"
    "                       fix: Install the extra (pip install 'efter[encrypt]') and run "
    "'efter init --encrypt'.\n"
)


def test_a_sound_file(run, casefile):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    result = run("doctor")
    assert result.exit_code == 0
    assert result.stdout == (
        f"Case file {casefile}\n"
        "ok       folder        The folder is private (0700).\n"
        "ok       file          The case file and its copies are private (0600).\n"
        "ok       disk          There is room on the disk for a copy of the case file.\n"
        "ok       integrity     The file passes SQLite's quick check ('efter doctor --thorough' "
        "checks indexes too).\n"
        "ok       foreign keys  Every reference points at a record.\n"
        f"ok       schema        Schema version {len(MIGRATIONS)}, as this efter expects.\n"
        "ok       free space    No free pages: deleted data is gone from the file.\n"
        "ok       journal       Write-ahead log (WAL) is on.\n" + ENCRYPTION_WARNING
    )
    assert result.stderr == "The case file is sound, with 1 warning.\n"
    thorough = run("doctor", "--thorough")
    assert thorough.exit_code == 0
    assert thorough.stdout == result.stdout.replace(
        "SQLite's quick check ('efter doctor --thorough' checks indexes too).",
        "SQLite's integrity check.",
    )


def test_an_index_that_disagrees_with_its_table_is_found_by_thorough(run, casefile):
    """quick_check reads every page and row; only --thorough compares an index with its table
    (SQLite's integrity_check), so a damaged index is found there."""
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    run("youth", "add", "Bo Holm", "--born", "2009-03-15")
    conn = sqlite3.connect(casefile)
    conn.execute("PRAGMA writable_schema = ON")
    # The index's definition changed behind SQLite's back: its entries (by birth date) no
    # longer match what it says it holds (names).
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, '(status, born)', '(status, name)') "
        "WHERE name = 'youth_status_born'"
    )
    conn.commit()
    conn.close()
    assert run("doctor").exit_code == 0
    result = run("doctor", "--thorough")
    assert result.exit_code == 1
    assert "error    integrity     The file is damaged: " in result.stdout


def test_doctor_json(run, casefile):
    result = run("doctor", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["path"] == str(casefile) and data["ok"] is True
    assert [(c["check"], c["status"]) for c in data["checks"]] == [
        ("folder", "ok"),
        ("file", "ok"),
        ("disk", "ok"),
        ("integrity", "ok"),
        ("foreign keys", "ok"),
        ("schema", "ok"),
        ("free space", "ok"),
        ("journal", "ok"),
        ("encryption", "warning"),
    ]
    assert set(data["checks"][0]) == {"check", "status", "message", "fix"}


def test_open_modes_fail_and_fix(run, casefile):
    os.chmod(casefile, 0o644)
    os.chmod(casefile.parent, 0o755)
    result = run("doctor")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1:5] == [
        f"error    folder        Others can reach the folder {casefile.parent} (mode 0755).",
        f"                       fix: Run 'efter doctor --fix' or 'chmod 700 {casefile.parent}'.",
        f"error    file          Others can read {casefile} (mode 0644).",
        f"                       fix: Run 'efter doctor --fix' or 'chmod 600 {casefile}'.",
    ]
    assert result.stderr == "2 problems need fixing; each 'fix:' line says how.\n"
    result = run("doctor", "--fix")
    assert result.exit_code == 0
    assert stat.S_IMODE(casefile.stat().st_mode) == 0o600
    assert stat.S_IMODE(casefile.parent.stat().st_mode) == 0o700
    assert run("doctor").exit_code == 0


def test_journal_mode(run, casefile):
    conn = sqlite3.connect(casefile)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    result = run("doctor")
    assert result.exit_code == 1
    assert (
        "error    journal       The journal mode is delete, not WAL: commands at once wait "
        "longer and a crash is less safe.\n"
        "                       fix: Run 'efter doctor --fix'.\n"
    ) in result.stdout
    assert run("doctor", "--fix").exit_code == 0
    assert run("doctor").exit_code == 0


def test_broken_references_and_old_schema(run, casefile):
    conn = sqlite3.connect(casefile)
    conn.execute(
        "INSERT INTO member (youth_id, side, role, name, started, created) "
        "VALUES (42, 'team', 'jobcenter', 'Kim', '2026-01-01', '2026-01-01')"
    )
    conn.execute("PRAGMA user_version = 1")  # as a file made by the first efter
    conn.execute("DELETE FROM migration WHERE name != 'm001_initial'")
    conn.commit()
    conn.close()
    result = run("doctor")
    assert result.exit_code == 1
    assert (
        "error    foreign keys  1 row points at a record that does not exist (in member).\n"
        "                       fix: Restore the latest sound backup with 'efter restore FILE' "
        "(see the backups/ folder).\n"
    ) in result.stdout
    assert (
        f"warning  schema        Schema version 1; this efter brings it to {len(MIGRATIONS)} "
        "on the next command.\n"
    ) in result.stdout
    # the doctor only looks: it neither migrates nor repairs the file
    conn = sqlite3.connect(casefile)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_missing_and_damaged_files(run, env, tmp_path):
    result = run("doctor")
    assert result.exit_code == 1
    assert result.stdout == (
        f"Case file {env}\n"
        f"error    case file     There is no case file at {env}.\n"
        "                       fix: Create one with 'efter init', or point --db or EFTER_DB at "
        "yours.\n"
    )
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x5a" * 8000)
    os.chmod(junk, 0o600)
    result = run("doctor", "--db", str(junk))
    assert result.exit_code == 1
    assert "error    open          " in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_copies_next_to_the_file_count_as_files(run, casefile):
    result = run("backup")
    copy = Path(result.stdout.strip())
    os.chmod(copy, 0o644)
    result = run("doctor")
    assert result.exit_code == 1
    assert f"error    file          Others can read {copy} (mode 0644).\n" in result.stdout


def test_free_pages_holding_deleted_data(run, casefile):
    secret = "Quarrington " * 400  # several pages of note
    for n in range(5):
        assert run("youth", "add", f"P{n}", "--born", "2009-03-14", "--note", secret).exit_code == 0
    conn = sqlite3.connect(casefile)
    conn.execute("PRAGMA secure_delete = OFF")  # as another tool would delete
    conn.execute("DELETE FROM youth")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert b"Quarrington" in casefile.read_bytes()
    result = run("doctor")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    lines = lines[next(n for n, line in enumerate(lines) if "free space" in line) :]
    assert lines[0].startswith("warning  free space    ")
    assert lines[0].endswith(
        ("free page may still hold deleted data.", "free pages may still hold deleted data.")
    )
    assert lines[1] == (
        "                       fix: Run 'efter doctor --fix' when no other efter command runs."
    )
    result = run("doctor", "--fix")
    assert result.exit_code == 0
    assert "ok       free space    " in result.stdout and "were cleared." in result.stdout
    assert b"Quarrington" not in casefile.read_bytes()
