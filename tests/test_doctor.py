"""efter doctor: integrity, references, privacy, schema, journal and encryption."""

import json
import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from efter.core.migrations import MIGRATIONS
from tests.conftest import snapshot

ENCRYPTION_WARNING = (
    "warning  encryption    The case file is not encrypted: anyone who gets the laptop's disk "
    "can read it.\n"
    "                       fix: Install the extra (pip install 'efter[encrypt]') and run "
    "'efter init --encrypt'.\n"
)


@pytest.mark.laptop_only(
    "the case file's folder, modes, journal and SQLite's checks (the register's: below)"
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
        "ok       deadlines     Every young person's statutory dates and deadlines are stored.\n"
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


@pytest.mark.laptop_only("SQLite's full integrity check of a file's indexes")
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


@pytest.mark.laptop_only(
    "the case file's folder, modes, journal and SQLite's checks (the register's: below)"
)
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
        ("deadlines", "ok"),
        ("free space", "ok"),
        ("journal", "ok"),
        ("encryption", "warning"),
    ]
    assert set(data["checks"][0]) == {"check", "status", "message", "fix"}


@pytest.mark.laptop_only("the case file's and its folder's modes")
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


@pytest.mark.laptop_only("SQLite's journal mode")
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


def _damage(run, casefile: Path, damage: str) -> None:
    """Damage of three kinds: a CHECK constraint broken (by one row or by three), a page used
    by two tables, pages used by none (the freelist forgotten)."""
    notes = "Quarrington " * 400  # pages of note, free once deleted
    for n in range(3):
        assert run("youth", "add", f"P{n}", "--born", "2009-03-14", "--note", notes).exit_code == 0
    conn = sqlite3.connect(casefile)
    if damage.startswith("check"):
        conn.execute("PRAGMA ignore_check_constraints = ON")  # as another tool could write
        which = "" if damage == "checks" else " WHERE name = 'P1'"  # all three, or one
        conn.execute(f"UPDATE youth SET born = 'soon'{which}")
    elif damage == "twice":
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_schema SET rootpage = "
            "(SELECT rootpage FROM sqlite_schema WHERE name = 'contract') WHERE name = 'cohort'"
        )
    else:
        conn.execute("PRAGMA secure_delete = OFF")
        conn.execute("DELETE FROM youth")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    if damage == "unused":  # the freelist forgotten in the header: its pages belong to nothing
        data = bytearray(casefile.read_bytes())
        assert int.from_bytes(data[36:40], "big") > 0
        data[32:40] = bytes(8)
        casefile.write_bytes(bytes(data))


@pytest.mark.laptop_only("SQLite's checks of a damaged file")
@pytest.mark.parametrize("thorough", [False, True], ids=["quick", "thorough"])
@pytest.mark.parametrize("fails", [False, True], ids=["opens", "fails"])
@pytest.mark.parametrize("damage", ["check", "checks", "twice", "unused"])
def test_damage_of_each_kind_is_found(run, casefile, monkeypatch, damage, fails, thorough):
    """The whole file is checked on the command's connection and the references beside it on
    a read-only one (safekeeping._Checks); when that cannot open, the command's own checks
    the references too, and the findings are the same."""
    _damage(run, casefile, damage)
    from efter.core import safekeeping

    opens, modes = safekeeping.connect, []

    def connect(path, mode, *args):
        modes.append(mode)
        if fails:
            raise sqlite3.OperationalError("unable to open database file")
        return opens(path, mode, *args)

    monkeypatch.setattr(safekeeping, "connect", connect)
    result = run("doctor", *(["--thorough"] if thorough else []))
    assert result.exit_code == 1
    assert modes == ["ro"]
    found = {
        "check": "The file is damaged: CHECK constraint failed in youth.\n",
        "checks": "The file is damaged: CHECK constraint failed in youth (and 2 more problems).\n",
        "twice": "The file is damaged: 2nd reference to page ",
        "unused": "The file is damaged: Page ",
    }[damage]
    assert f"error    integrity     {found}" in result.stdout
    assert damage != "unused" or " is never used (and " in result.stdout
    # one line a finding: SQLite's heading and its lines of problems are not printed raw
    findings = re.compile(r"(ok|warning|error) +[a-z ]+  \S| {23}fix: ")
    assert [line for line in result.stdout.splitlines()[1:] if not findings.match(line)] == []
    assert "*** in database" not in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.laptop_only("SQLite's checks of a damaged file")
@pytest.mark.parametrize("table", ["goal", "youth"])
def test_a_page_a_torn_write_zeroed_is_a_finding(run, casefile, table):
    """SQLite gives up partway on a page it cannot read: the doctor says the file is damaged
    in each check that reads it (the references read goal, the stored dates youth), instead
    of failing with 'run efter doctor'."""
    assert run("youth", "add", "Anna Holm", "--born", "2009-03-14").exit_code == 0
    assert run("goal", "add", "1", "--area", "Bolig", "--text", "Egen lejlighed").exit_code == 0
    conn = sqlite3.connect(casefile)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (table,)).fetchone()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(casefile.read_bytes())
    data[(root[0] - 1) * size : root[0] * size] = bytes(size)
    casefile.write_bytes(bytes(data))
    result = run("doctor")
    assert result.exit_code == 1
    damaged = (
        "The file is damaged: database disk image is malformed.\n"
        "                       fix: Restore the latest sound backup with 'efter restore FILE' "
        "(see the backups/ folder).\n"
    )
    assert f"error    integrity     {damaged}" in result.stdout
    check = {"goal": "foreign keys", "youth": "deadlines   "}[table]
    assert f"error    {check}  {damaged}" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.laptop_only("SQLite lets a reference break (PostgreSQL refuses the row)")
@pytest.mark.parametrize("second_connection", ["opens", "fails"])
def test_broken_references_and_old_schema(run, casefile, monkeypatch, second_connection):
    if second_connection == "fails":  # the references are then checked on the command's own
        from efter.core import safekeeping

        def refused(*args, **kwargs):
            raise sqlite3.OperationalError("unable to open database file")

        monkeypatch.setattr(safekeeping, "connect", refused)
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


@pytest.mark.laptop_only("a case file that is missing or not SQLite (a register's: below)")
def test_missing_and_damaged_files(run, env, tmp_path):
    result = run("doctor")
    assert result.exit_code == 1
    assert result.stdout == (
        f"Case file {env}\n"
        f"error    case file     There is no case file at {env}.\n"
        "                       fix: Create one with 'efter init', or name yours in EFTER_DB or "
        "'efter doctor --db PATH'.\n"
    )
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x5a" * 8000)
    os.chmod(junk, 0o600)
    result = run("doctor", "--db", str(junk))
    assert result.exit_code == 1
    assert "error    open          " in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.laptop_only("copies beside the case file")
def test_copies_next_to_the_file_count_as_files(run, casefile):
    result = run("backup")
    copy = Path(result.stdout.strip())
    os.chmod(copy, 0o644)
    result = run("doctor")
    assert result.exit_code == 1
    assert f"error    file          Others can read {copy} (mode 0644).\n" in result.stdout


@pytest.mark.laptop_only("SQLite's free pages")
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


# --- the register (--engine postgresql): schema and history, references, roles and row-level
# security, the connection. The doctor only looks there; `efter register init` repairs.


@pytest.fixture
def register(run, casefile, engine) -> Iterator[str]:
    """The test's register, set up by its owner with roles and row-level security."""
    if engine != "postgresql":
        pytest.skip("the register's doctor: runs with --engine postgresql")
    result = run("register", "init")
    assert result.exit_code == 0, result.stderr
    yield os.environ["EFTER_DB"]


def _raw(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET search_path = efter")
        for statement in statements:
            conn.execute(statement)


def test_a_sound_register(run, register):
    from efter.core.dialect import redacted

    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    result = run("doctor")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == (
        f"Register {redacted(register)}\n"
        "ok       open          The register answers.\n"
        f"ok       schema        Schema version {len(MIGRATIONS)}, as this efter expects.\n"
        "ok       foreign keys  The database checks every reference.\n"
        "ok       security      Roles and row-level security are in place for every table.\n"
        "ok       connection    A local socket: nothing crosses the network.\n"
    )
    assert result.stderr == "The register is sound.\n"
    data = json.loads(run("doctor", "--json").stdout)
    assert data["path"] == redacted(register) and data["ok"] is True
    assert [(c["check"], c["status"]) for c in data["checks"]] == [
        ("open", "ok"), ("schema", "ok"), ("foreign keys", "ok"), ("security", "ok"),
        ("connection", "ok"),
    ]  # fmt: skip


def test_a_register_without_its_security_is_named(run, register):
    from conftest import snapshot

    _raw(register, "ALTER TABLE rating DISABLE ROW LEVEL SECURITY")
    before = snapshot(register)
    result = run("doctor", "--fix")  # the doctor only looks on a register
    assert result.exit_code == 1
    assert (
        "error    security      Who sees what is not fully set up (row-level security off: "
        "rating).\n"
        "                       fix: Its owner runs 'efter register init --db URL'.\n"
    ) in result.stdout
    assert snapshot(register) == before
    assert run("register", "init").exit_code == 0
    assert run("doctor").exit_code == 0


def test_a_register_made_by_init_alone_is_for_its_owner(run, casefile, engine):
    if engine != "postgresql":
        pytest.skip("the register's doctor: runs with --engine postgresql")
    result = run("doctor")
    assert result.exit_code == 0
    assert (
        "warning  security      No coordinator roles or row-level security yet: only its owner "
        "can use it.\n"
        "                       fix: Before coordinators use it, its owner runs 'efter register "
        "init --db URL'.\n"
    ) in result.stdout
    assert result.stderr == "The register is sound, with 1 warning.\n"


def test_unchecked_references_old_schema_and_another_history_on_a_register(run, register):
    from conftest import snapshot

    name = "member_youth_id_fkey"
    _raw(
        register,
        f"ALTER TABLE member DROP CONSTRAINT {name}",
        f"ALTER TABLE member ADD CONSTRAINT {name} FOREIGN KEY (youth_id) REFERENCES youth (id) "
        "NOT VALID",
        "UPDATE schema_version SET version = 1",
        "DELETE FROM migration WHERE name != 'm001_initial'",
    )
    before = snapshot(register)
    result = run("doctor")
    assert result.exit_code == 1
    assert (
        "error    foreign keys  References not checked by the database (in member).\n"
    ) in result.stdout
    assert (
        f"warning  schema        Schema version 1; this efter needs {len(MIGRATIONS)}.\n"
        "                       fix: Its owner runs 'efter register init --db URL'.\n"
    ) in result.stdout
    assert snapshot(register) == before  # neither migrated nor repaired
    _raw(register, "UPDATE migration SET name = 'm001_other'")
    result = run("doctor")
    assert (
        "error    schema        The register was brought up to date by another build of efter "
        "(step 1 is 'm001_other' there and 'm001_initial' here).\n"
    ) in result.stdout


def test_an_unreachable_register(run, env, tmp_path):
    gone = f"postgresql://efter@/efter?host={tmp_path / 'no-server'}"
    result = run("doctor", "--db", gone)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"Register {gone}"
    assert lines[1].startswith(f"error    open          Could not open the register at {gone} (")
    assert lines[1].endswith("check the URL, that the server runs, and that your role may log in.")
    assert result.stderr == "1 problem needs fixing; the 'fix:' line says how.\n"


@pytest.mark.laptop_only("the case file's own rows changed with sqlite3 behind efter's back")
def test_statutory_dates_not_stored_are_found_and_stored_by_fix(run, casefile):
    """A young person whose stored statutory dates are missing (a row written outside the
    core) or were worked out from another birth date: a warning (reports then work them out
    from the rules, so nothing is wrong), and --fix stores them; the report reads the same."""
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    run("youth", "add", "Bo Holm", "--born", "2008-06-01")
    run("youth", "add", "Cai Holm", "--born", "2008-09-01")
    report = run("report", "deadlines", "--json").stdout
    conn = sqlite3.connect(casefile)
    with conn:
        conn.execute("UPDATE youth SET statutory_for = NULL WHERE name = 'Anna Holm'")
        # The birth date changed without its dates (a restore of an older row, a hand edit).
        conn.execute("UPDATE youth SET born = '2008-06-02' WHERE name = 'Bo Holm'")
    conn.close()
    found = run("doctor")
    assert found.exit_code == 0
    assert (
        "warning  deadlines     2 young people's statutory dates and deadlines are not stored: reports work "
        "them out each time, which is slower.\n"
        "                       fix: Run 'efter doctor --fix' to store them.\n"
    ) in found.stdout
    assert found.stderr == "The case file is sound, with 2 warnings.\n"
    assert run("report", "deadlines", "--json").stdout != report  # Bo's dates moved a day
    moved = run("report", "deadlines", "--json").stdout
    fixed = run("doctor", "--fix")
    assert fixed.exit_code == 0
    assert (
        "ok       deadlines     Stored the statutory dates and deadlines of 2 young people.\n"
        in fixed.stdout
    )
    conn = sqlite3.connect(casefile)
    stamps = conn.execute("SELECT count(*) FROM youth WHERE statutory_for IS NULL").fetchone()
    conn.close()
    assert stamps == (0,)
    again = run("doctor", "--json")
    checks = {c["check"]: c for c in json.loads(again.stdout)["checks"]}
    assert checks["deadlines"] == {
        "check": "deadlines",
        "status": "ok",
        "message": "Every young person's statutory dates and deadlines are stored.",
        "fix": "",
    }
    assert run("report", "deadlines", "--json").stdout == moved  # stored, read the same


@pytest.mark.laptop_only("a trigger put into the case file with sqlite3 behind efter's back")
def test_fix_stores_the_dates_in_one_transaction_all_or_none(run, casefile):
    """--fix stores the dates as every command writes (CaseFile.write()): refused for one
    young person, it stores nobody's, and says so."""
    for name, born in (("Anna Holm", "2009-03-14"), ("Bo Holm", "2008-06-01"),
                       ("Cai Holm", "2008-09-01")):  # fmt: skip
        assert run("youth", "add", name, "--born", born).exit_code == 0
    conn = sqlite3.connect(casefile)
    with conn:
        conn.execute("UPDATE youth SET statutory_for = NULL")
        conn.execute(
            "CREATE TRIGGER refuse_cai BEFORE UPDATE ON youth WHEN NEW.name = 'Cai Holm' "
            "BEGIN SELECT RAISE(ABORT, 'not now'); END"
        )
    conn.close()
    before = snapshot(casefile)
    result = run("doctor", "--fix")
    assert result.exit_code == 1
    assert (
        "error    deadlines     Storing the statutory dates and deadlines was refused (not now); nothing was "
        "changed.\n"
        "                       fix: Check the file with 'efter doctor --thorough'; if it is "
        "damaged, restore a backup with 'efter restore FILE'.\n"
    ) in result.stdout
    assert snapshot(casefile) == before
    conn = sqlite3.connect(casefile)
    assert conn.execute("SELECT count(*) FROM youth WHERE statutory_for IS NULL").fetchone() == (3,)
    conn.close()


@pytest.mark.laptop_only("another writer held with sqlite3 behind efter's back")
def test_fix_while_another_command_writes_still_reports_every_check(run, casefile, monkeypatch):
    """--fix waits for a writer as every command does; when it stays busy, the dates are
    left for another run and the other checks still report (a warning, not the whole run
    lost to the busy file)."""
    assert run("youth", "add", "Anna Holm", "--born", "2009-03-14").exit_code == 0
    conn = sqlite3.connect(casefile, isolation_level=None)
    conn.execute("UPDATE youth SET statutory_for = NULL")
    conn.execute("BEGIN IMMEDIATE")  # another writer, holding the file
    monkeypatch.setenv("EFTER_BUSY_TIMEOUT", "0")
    try:
        result = run("doctor", "--fix", "--json")
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    checks = {c["check"]: c for c in json.loads(result.stdout)["checks"]}
    assert checks["deadlines"]["status"] == "warning"
    assert checks["deadlines"]["message"].startswith(
        "The case file stayed busy with another efter command"
    )
    assert checks["deadlines"]["fix"] == "Run 'efter doctor --fix'."
    assert len(checks) > 1
