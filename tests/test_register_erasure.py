"""Issue 17 item 4: erasure and retention keep their promises on the register.

A coordinator erases their own case (never one only shared with them); the rows go, the
audit lines are marked and hold nothing of the person, the erasure is written in the
register's own ledger (keyed hashes only, read by the owner alone), and the owner's
`efter register vacuum` rewrites the tables so the raw bytes keep nothing of the person. After
a restore from a backup, `efter register erase-again` erases again from a copy of the ledger.

Runs on PostgreSQL whichever --engine the run has, as tests/test_register.py does.
"""

import json
from pathlib import Path

import psycopg
import pytest
from conftest import register_dump, register_raw_bytes
from test_register import Register, register  # noqa: F401 (a fixture)

from efter.core.register import role_name
from tests.helpers.pgcluster import drop_database, pg_database

SECRET = "Zenobia Quarrington"
NEEDLES = (b"Zenobia", b"Quarrington", b"140309", b"SAG-7781", b"71 23 45 98")
NOTE = (
    "The register keeps the erased rows' old bytes in its free space until its owner runs "
    "'efter register vacuum' (see docs/register.md).\n"
)


@pytest.fixture
def cases(register: Register) -> dict[str, str]:  # noqa: F811
    """Mette's two young people (Zenobia with a meeting, a rating and a note; Anna closed in
    2023) and Ole's one, shared with Mette. Returns the URLs of mette and ole."""
    mette, ole = register.coordinator("Mette"), register.coordinator("Ole")
    for who, args in [
        (mette, ("youth", "add", SECRET, "--ref", "SAG-7781", "--born", "2009-03-14",
                 "--cpr", "140309-4321", "--phone", "71 23 45 98", "--note", "Quarrington note",
                 "--coordinator", register.name("Mette"))),
        (mette, ("youth", "add", "Anna Holm", "--ref", "A1", "--born", "2005-03-14",
                 "--start", "2021-01-01", "--coordinator", register.name("Mette"))),
        (ole, ("youth", "add", "Bo Berg", "--ref", "B1", "--born", "2005-01-02",
               "--start", "2021-01-01", "--coordinator", register.name("Ole"))),
        (mette, ("meeting", "plan", "SAG-7781", "--at", "2026-12-03 14:00",
                 "--place", "Quarrington Hus")),
        (mette, ("rate", "SAG-7781", "uddannelse=2", "--phase", "start", "--date", "2026-11-01")),
        (mette, ("note", "add", "SAG-7781", "Quarrington journal note")),
        (mette, ("youth", "close", "A1", "--date", "2023-06-30", "--outcome", "job")),
        (ole, ("youth", "close", "B1", "--date", "2023-05-31", "--outcome", "job")),
        (ole, ("youth", "share", "B1", "--with", register.name("Mette"))),
        (ole, ("youth", "show", "B1")),
    ]:  # fmt: skip
        result = register.run(who, *args)
        assert result.exit_code == 0, (args, result.stderr)
    return {"mette": mette, "ole": ole}


def owner_rows(register: Register, statement: str) -> list[tuple[object, ...]]:  # noqa: F811
    with psycopg.connect(register.owner) as conn:
        return conn.execute(statement).fetchall()


def test_a_coordinator_erases_and_the_owners_vacuum_leaves_no_byte(
    register: Register,  # noqa: F811
    cases: dict[str, str],
) -> None:
    mette = cases["mette"]
    raw = register_raw_bytes(register.owner)
    assert all(needle in raw for needle in NEEDLES)
    result = register.run(mette, "youth", "erase", "SAG-7781", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Erased {SECRET} (id 1) and everything about them.\n" + NOTE
    assert owner_rows(register, "SELECT count(*) FROM efter.youth WHERE id = 1") == [(0,)]
    for table in ("meeting", "rating", "journal", "rating_path", "agreement_count",
                  "agreement_owner_count"):  # fmt: skip
        rows = owner_rows(register, f"SELECT count(*) FROM efter.{table} WHERE youth_id = 1")
        assert rows == [(0,)], table
    # The audit log: the erasure is one line by Mette's role; every line about her (also the
    # owner's and Ole's) is marked erased; no line holds anything of her.
    audit = owner_rows(
        register,
        "SELECT os_user, action, command, erased FROM efter.audit_event WHERE youth_id = 1 "
        "ORDER BY id",
    )
    assert audit[-1] == (role_name(register.name("Mette")), "erased", "youth erase", 1)
    assert {line[3] for line in audit} == {1}
    logged = repr(owner_rows(register, "SELECT * FROM efter.audit_event")).encode()
    assert not any(needle in logged for needle in NEEDLES)
    # The register's ledger: one entry, hashes only, that Mette may not read.
    ledger = owner_rows(register, "SELECT * FROM efter.erasure_ledger")
    assert len(ledger) == 1 and ledger[0][0] == 1
    # (the ledger shown when one is found: its hashes and times could hold six digits by chance)
    assert not [needle for needle in NEEDLES if needle in repr(ledger).encode()], ledger
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        register.sql(mette, "SELECT * FROM erasure_ledger")
    # Until the owner vacuums, the tables' free space may still hold her bytes; a
    # coordinator cannot vacuum; the owner's vacuum leaves none in any table or index.
    refused = register.run(mette, "register", "vacuum")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Error: Only the register's owner can vacuum it (VACUUM needs the tables' owner): run "
        "'efter register vacuum' with the owner's URL.\n"
    )
    vacuumed = register.run(register.owner, "register", "vacuum")
    assert vacuumed.exit_code == 0, vacuumed.stderr
    assert vacuumed.stderr.startswith("Vacuumed the register's ")
    raw = register_raw_bytes(register.owner)
    for needle in NEEDLES:
        assert needle not in raw, needle
    assert b"Anna Holm" in raw  # the others are untouched


def test_a_shared_case_is_not_the_coordinators_to_erase(
    register: Register,  # noqa: F811
    cases: dict[str, str],
) -> None:
    mette = cases["mette"]
    before = register_dump(register.owner)
    result = register.run(mette, "youth", "erase", "B1", "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Only the case's own coordinator ({register.name('Ole')}) can erase Bo Berg "
        "(id 3): nothing was erased. Ask them to erase it.\n"
    )
    unknown = register.run(mette, "youth", "erase", "NOBODY", "--yes")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("Error: No young person has the id or ref 'NOBODY'")
    # Retention would erase Ole's closed case too: all or nothing, so nothing.
    retained = register.run(mette, "retention", "--closed-before", "2024-01-01", "--yes")
    assert retained.exit_code == 1
    assert "Only the case's own coordinator" in retained.stderr
    assert register_dump(register.owner) == before


def test_retention_by_a_coordinator_erases_their_own_closed_cases(
    register: Register,  # noqa: F811
    cases: dict[str, str],
) -> None:
    ole = cases["ole"]
    result = register.run(ole, "retention", "--closed-before", "2024-01-01", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("Erased 1 case closed before 2024-01-01.\n" + NOTE)
    refs = [r[0] for r in owner_rows(register, "SELECT ref FROM efter.youth ORDER BY id")]
    assert refs == ["SAG-7781", "A1"]


def test_the_ledger_kept_apart_erases_again_after_a_restore(
    register: Register,  # noqa: F811
    cases: dict[str, str],
    pg_server: str,
    tmp_path: Path,
) -> None:
    """A backup taken before the erasure (here a copy of the database) is restored: the
    ledger the owner kept apart erases her again."""
    mette = cases["mette"]
    from urllib.parse import urlsplit

    database = urlsplit(register.owner).path.lstrip("/")
    backup = pg_database(pg_server, f"{database}_bak", template=database)
    try:
        assert register.run(mette, "youth", "erase", "SAG-7781", "--yes").exit_code == 0
        kept = tmp_path / "ledger.jsonl"
        refused = register.run(mette, "register", "ledger", "--out", str(kept))
        assert refused.exit_code == 1 and refused.stderr.startswith("Error: The register refused")
        assert not kept.exists()
        written = register.run(register.owner, "register", "ledger", "--out", str(kept))
        assert written.exit_code == 0, written.stderr
        assert written.stderr == f"Wrote the register's erasure ledger (1 erasure) to {kept}.\n"
        lines = [json.loads(line) for line in kept.read_text().splitlines()]
        assert len(lines) == 2 and lines[1]["id"] == 1
        assert not any(needle in kept.read_bytes() for needle in NEEDLES)
        assert kept.stat().st_mode & 0o777 == 0o600
        # the restored backup still has her, until the ledger erases her again
        restored = backup
        names = "SELECT name FROM efter.youth ORDER BY id"
        with psycopg.connect(restored) as conn:
            assert [r[0] for r in conn.execute(names)] == [SECRET, "Anna Holm", "Bo Berg"]
        not_yet = register.run(restored, "register", "erase-again", str(kept))
        assert not_yet.exit_code == 1
        assert not_yet.stderr == (
            "Error: 'efter register erase-again' erases without asking only with --yes: add "
            "--yes.\n"
        )
        again = register.run(restored, "register", "erase-again", str(kept), "--yes")
        assert again.exit_code == 0, again.stderr
        assert again.stderr == (
            "Erased again the young people erased since the backup was made (id 1).\n"
        )
        with psycopg.connect(restored) as conn:
            assert [r[0] for r in conn.execute(names)] == ["Anna Holm", "Bo Berg"]
            line = conn.execute(
                "SELECT action, youth_id, command, erased FROM efter.audit_event "
                "ORDER BY id DESC LIMIT 1"
            ).fetchone()
            assert line == ("erased", 1, "register erase-again", 1)
            # and the restored register's own ledger has her again
            assert conn.execute("SELECT id FROM efter.erasure_ledger").fetchall() == [(1,)]
        assert not any(needle in register_raw_bytes(restored) for needle in NEEDLES)
        twice = register.run(restored, "register", "erase-again", str(kept), "--yes")
        assert twice.exit_code == 0
        assert twice.stderr == (
            f"Nobody in the register is named in {kept}: nothing to erase again.\n"
        )
        # a file that is not a ledger, or no file: one sentence, nothing changed
        before = register_dump(restored)
        bad = tmp_path / "bad.jsonl"
        bad.write_text("not json\n")
        for path, start in ((bad, "Error: The erasure ledger"), (tmp_path / "none.jsonl",
                            "Error: There is no ledger file")):  # fmt: skip
            result = register.run(restored, "register", "erase-again", str(path), "--yes")
            assert result.exit_code == 1
            assert result.stderr.startswith(start)
        assert register_dump(restored) == before
    finally:
        drop_database(pg_server, f"{database}_bak")


def test_a_register_set_up_before_the_ledger_says_who_adds_it(
    register: Register,  # noqa: F811
    cases: dict[str, str],
) -> None:
    with psycopg.connect(register.owner, autocommit=True) as conn:
        conn.execute("DROP TABLE efter.erasure_key")
    before = register_dump(register.owner)
    result = register.run(cases["mette"], "youth", "erase", "SAG-7781", "--yes")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The register ")
    assert result.stderr.endswith(
        " has no erasure ledger yet: its owner adds it with 'efter register init --db URL'; "
        "nothing was erased.\n"
    )
    assert register_dump(register.owner) == before
    assert register.run(register.owner, "register", "init").exit_code == 0
    again = register.run(cases["mette"], "youth", "erase", "SAG-7781", "--yes")
    assert again.exit_code == 0, again.stderr
