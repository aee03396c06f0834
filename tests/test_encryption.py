"""Encryption at rest: efter init --encrypt, SQLCipher through every command, the passphrase
only from EFTER_PASSPHRASE or a prompt."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

PASS = "korrekt hest batteri"
SECRET = "Zenobia Quarrington"


def raw(db: Path) -> bytes:
    return b"".join(
        p.read_bytes()
        for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"))
        if p.exists()
    )


@pytest.fixture
def encrypted(run, env, monkeypatch):
    monkeypatch.setenv("EFTER_PASSPHRASE", PASS)
    result = run("init", "--encrypt")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Created encrypted case file {env}\n"
    return env


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_every_command_works_on_an_encrypted_file(run, encrypted, json_of):
    assert encrypted.read_bytes()[:16] != b"SQLite format 3\x00"
    assert run("youth", "add", SECRET, "--born", "2009-03-14", "--ref", "R1").exit_code == 0
    assert (
        run("team", "add", "R1", "--role", "jobcenter", "--name", "Kim Quarrington").exit_code == 0
    )
    assert json_of("youth", "show", "R1")["name"] == SECRET
    assert [a["command"] for a in json_of("audit")] == ["youth add", "team add", "youth show"]
    # a duplicate ref is still the domain's sentence, not a SQLCipher error
    result = run("youth", "add", "Bo", "--born", "2009-03-14", "--ref", "R1")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --ref: the ref 'R1' is already used by")
    assert b"Quarrington" not in raw(encrypted)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(encrypted).execute("SELECT * FROM youth").fetchall()


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_doctor_on_an_encrypted_file(run, encrypted):
    result = run("doctor")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].startswith(
        "ok       encryption    Encrypted with SQLCipher 4."
    )
    assert result.stderr == "The case file is sound.\n"


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_wrong_or_missing_passphrase(run, encrypted, monkeypatch):
    monkeypatch.setenv("EFTER_PASSPHRASE", "not the passphrase")
    result = run("youth", "list")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The passphrase does not open the case file {encrypted}: check EFTER_PASSPHRASE "
        "or type it again (a file that is not a case file also ends here).\n"
    )
    result = run("doctor")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == (
        "                       fix: Check the passphrase (EFTER_PASSPHRASE or the prompt); "
        "if it is right, restore a backup with 'efter restore FILE'."
    )
    monkeypatch.delenv("EFTER_PASSPHRASE")
    result = run("youth", "list")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The case file {encrypted} is encrypted (or is not a case file): set "
        "EFTER_PASSPHRASE, or run efter on a terminal to type the passphrase.\n"
    )


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_init_encrypt_needs_a_passphrase(run, env, monkeypatch):
    result = run("init", "--encrypt")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: An encrypted case file needs a passphrase: run 'efter init --encrypt' on a "
        "terminal to type one, or set EFTER_PASSPHRASE.\n"
    )
    monkeypatch.setenv("EFTER_PASSPHRASE", "short")
    result = run("init", "--encrypt")
    assert result.exit_code == 1
    assert result.stderr == "Error: The passphrase is too short: give at least 8 characters.\n"
    assert not env.exists()
    # never from an argument
    result = run("init", "--encrypt", "--passphrase", PASS)
    assert result.exit_code == 2
    assert not env.exists()


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_the_passphrase_is_asked_on_a_terminal(run, env, monkeypatch):
    answers = iter([PASS, PASS, PASS])
    prompts = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("efter.cli.ask.interactive", lambda: True)
    monkeypatch.setattr("getpass.getpass", fake_getpass)
    assert run("init", "--encrypt").exit_code == 0
    assert run("youth", "list").exit_code == 0
    assert prompts == [f"New passphrase for {env}: ", "Type it again: ", f"Passphrase for {env}: "]
    answers = iter(["one passphrase", "another one"])
    other = env.with_name("other.db")
    result = run("init", "--encrypt", "--db", str(other))
    assert result.exit_code == 1
    assert result.stderr == "Error: The two passphrases differ: run the command again.\n"
    assert not other.exists()


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_doctor_backup_and_restore_ask_on_a_terminal(run, encrypted, monkeypatch, tmp_path):
    """The prompt is passed to every core path that opens a case file (no module global)."""
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    monkeypatch.delenv("EFTER_PASSPHRASE")
    prompts = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return PASS

    monkeypatch.setattr("efter.cli.ask.interactive", lambda: True)
    monkeypatch.setattr("getpass.getpass", fake_getpass)
    assert run("doctor").exit_code == 0
    assert prompts == [f"Passphrase for {encrypted}: "]
    prompts.clear()
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.stderr
    # the copy is checked before the question and again inside the restore
    assert prompts == [
        f"Passphrase for {copy}: ",
        f"Passphrase for {encrypted}: ",
        f"Passphrase for {copy}: ",
    ]


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_the_core_asks_only_through_what_it_is_given(encrypted, monkeypatch):
    from efter.core.casefile import open_casefile
    from efter.core.errors import CaseFileError

    monkeypatch.delenv("EFTER_PASSPHRASE")
    with pytest.raises(CaseFileError) as raised:
        open_casefile(encrypted)
    assert raised.value.message == (
        f"The case file {encrypted} is encrypted (or is not a case file): set "
        "EFTER_PASSPHRASE, or run efter on a terminal to type the passphrase."
    )
    asked = []
    with open_casefile(encrypted, ask=lambda prompt, new: asked.append((prompt, new)) or PASS):
        pass
    assert asked == [(f"Passphrase for {encrypted}: ", False)]


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_backup_restore_and_erase_stay_encrypted(run, encrypted, tmp_path):
    run("youth", "add", SECRET, "--born", "2009-03-14")
    run("youth", "add", "Bo Berg", "--born", "2008-01-02")
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    assert copy.read_bytes()[:16] != b"SQLite format 3\x00"
    assert b"Quarrington" not in copy.read_bytes()
    assert run("youth", "erase", "2", "--yes").exit_code == 0
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.stderr
    # Bo was erased after the copy was made, so the restore erases him again
    assert result.stderr.splitlines()[-1].endswith("(id 2).")
    result = run("youth", "list", "--json")
    assert [p["name"] for p in __import__("json").loads(result.stdout)] == [SECRET]


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_restore_refuses_a_copy_of_the_other_kind(run, encrypted, tmp_path, monkeypatch):
    from conftest import snapshot

    monkeypatch.delenv("EFTER_PASSPHRASE")
    plain = tmp_path / "plain" / "casefile.db"
    assert run("init", "--db", str(plain)).exit_code == 0
    copy = tmp_path / "plain-copy.db"
    assert run("backup", str(copy), "--db", str(plain)).exit_code == 0
    monkeypatch.setenv("EFTER_PASSPHRASE", PASS)
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {copy} is not encrypted and the case file is: restore a copy of the same kind, "
        "or encrypt afterwards with 'efter init --encrypt'.\n"
    )
    assert list(encrypted.parent.glob("*before-restore*")) == []
    before = snapshot(plain)
    result = run("restore", str(tmp_path / "x.db"), "--yes", "--db", str(plain))
    assert result.exit_code == 1
    assert snapshot(plain) == before


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_encrypting_an_existing_plain_file(run, casefile, monkeypatch, json_of):
    run("youth", "add", SECRET, "--born", "2009-03-14")
    assert SECRET.encode() in raw(casefile)
    monkeypatch.setenv("EFTER_PASSPHRASE", PASS)
    result = run("init", "--encrypt")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"Encrypted the case file {casefile}; keep the passphrase safe, it cannot be recovered.\n"
        "Backups made before now are not encrypted: delete those you no longer need.\n"
    )
    assert SECRET.encode() not in raw(casefile)
    assert [p["name"] for p in json_of("youth", "list")] == [SECRET]
    assert run("doctor").exit_code == 0
    assert sorted(p.name for p in casefile.parent.iterdir()) == ["casefile.db"]


def test_plain_files_never_load_sqlcipher(casefile, env):
    code = (
        "import sys; from efter.cli import app\n"
        "try:\n    app(['youth', 'list'])\nexcept SystemExit:\n    pass\n"
        "print('sqlcipher3' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ)
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_restore_an_encrypted_copy_when_the_file_is_gone(run, encrypted, tmp_path, json_of):
    run("youth", "add", SECRET, "--born", "2009-03-14")
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).exit_code == 0
    for leftover in encrypted.parent.iterdir():
        leftover.unlink()
    result = run("restore", str(copy))
    assert result.exit_code == 0, result.stderr
    assert encrypted.read_bytes()[:16] != b"SQLite format 3\x00"
    assert b"Quarrington" not in raw(encrypted)
    assert [p["name"] for p in json_of("youth", "list")] == [SECRET]


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_ratings_and_reports_on_an_encrypted_file(run, encrypted):
    run("youth", "add", SECRET, "--born", "2009-03-14", "--ref", "R1")
    assert run("rate", "R1", "bolig=2", "uddannelse=3", "--phase", "start").exit_code == 0
    assert run("rate", "R1", "bolig=4", "--phase", "end").exit_code == 0
    assert run("ratings", "R1").exit_code == 0
    result = run("report", "progress", "--json")
    assert result.exit_code == 0, result.stderr
    assert b"Quarrington" not in raw(encrypted)


@pytest.mark.laptop_only(
    "SQLCipher encrypts the case file (a register is kept safe by its server: see below)"
)
def test_the_wrapper_passes_settings_to_sqlcipher(encrypted):
    from efter.core.casefile import open_casefile

    with open_casefile(encrypted) as casefile:
        cursor = casefile.conn.cursor()
        cursor.row_factory = None
        cursor.execute("SELECT 1, 2")
        assert cursor.fetchone() == (1, 2)
        with pytest.raises(sqlite3.IntegrityError):
            casefile.conn.execute("INSERT INTO youth (name) VALUES (NULL)")
        with pytest.raises(sqlite3.OperationalError):
            casefile.conn.execute("SELECT * FROM no_such_table")


def test_encrypt_is_for_a_laptop_file(run, casefile, monkeypatch, engine):
    """On a register, --encrypt is a usage mistake said in one sentence (its server keeps it
    safe), and nothing changes."""
    if engine != "postgresql":
        pytest.skip("a register's refusal: runs with --engine postgresql")
    from conftest import snapshot

    monkeypatch.setenv("EFTER_PASSPHRASE", PASS)
    before = snapshot(casefile)
    result = run("init", "--encrypt")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: --encrypt is for a laptop case file: a register is kept safe by its server "
        "(TLS, disk encryption; see docs/register.md).\n"
    )
    assert snapshot(casefile) == before
