"""efter youth erase and efter retention: the person leaves no trace but one audit line."""

import os
import sqlite3
from pathlib import Path

import pytest
from conftest import register_raw_bytes, snapshot

SECRET = "Zenobia Quarrington"  # a name that occurs nowhere else in a case file
CPR = "140309-4321"


def fill_case(db: Path, youth_id: int, marker: str) -> None:
    """Meetings, attendance, goals, agreements and their events, ratings: every table about a
    young person gets a row holding `marker` (no commands for them exist on this branch)."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = ON")
    stamp = "2026-11-01T10:00:00"
    with conn:
        meeting = conn.execute(
            "INSERT INTO meeting (youth_id, starts, place, minutes, created, updated) "
            "VALUES (?, '2026-11-01 10:00', ?, ?, ?, ?)",
            (youth_id, f"{marker} place", f"{marker} minutes", stamp, stamp),
        ).lastrowid
        conn.execute(
            "INSERT INTO attendance (meeting_id, person, name, presence) "
            "VALUES (?, 'guest', ?, 'attended')",
            (meeting, f"{marker} guest"),
        )
        goal = conn.execute(
            "INSERT INTO goal (youth_id, area, text, meeting_id, created, updated) "
            "VALUES (?, 'bolig', ?, ?, ?, ?)",
            (youth_id, f"{marker} goal", meeting, stamp, stamp),
        ).lastrowid
        agreement = conn.execute(
            "INSERT INTO agreement (youth_id, what, owner, due, first_due, goal_id, meeting_id, "
            "created, updated) VALUES (?, ?, 'youth', '2026-12-01', '2026-12-01', ?, ?, ?, ?)",
            (youth_id, f"{marker} agreement", goal, meeting, stamp, stamp),
        ).lastrowid
        conn.execute(
            "INSERT INTO agreement_event (agreement_id, meeting_id, event, on_date, note) "
            "VALUES (?, ?, 'moved', '2026-11-02', ?)",
            (agreement, meeting, f"{marker} event"),
        )
        conn.execute(
            "INSERT INTO rating (youth_id, area, score, phase, rated_on, meeting_id, note, "
            "created) VALUES (?, 'bolig', 3, 'start', '2026-11-01', ?, ?, ?)",
            (youth_id, meeting, f"{marker} rating", stamp),
        )
        conn.execute(
            "INSERT INTO measure (youth_id, kind, provider, started, note, created, updated) "
            "VALUES (?, 'mentor', ?, '2026-11-01', ?, ?, ?)",
            (youth_id, f"{marker} provider", f"{marker} measure", stamp, stamp),
        )
        conn.execute(
            "INSERT INTO contract (youth_id, version, text, sha256, template, source, lang, "
            "saved, created) VALUES (?, 1, ?, ?, 'contract.md', 'contract.md', 'da', "
            "'2026-11-01', ?)",
            (youth_id, f"{marker} contract text", "0" * 64, stamp),
        )
        # issue 9: status periods and deadlines recorded as met
        conn.execute(
            "INSERT INTO youth_status (youth_id, starts, education, work, note, created) "
            "VALUES (?, '2026-11-01', 'vocational', 'none', ?, ?)",
            (youth_id, f"{marker} status", stamp),
        )
        conn.execute(
            "INSERT INTO deadline_met (youth_id, code, met_on, note, created) "
            "VALUES (?, 'ungeplan', '2026-11-01', ?, ?)",
            (youth_id, f"{marker} deadline", stamp),
        )
    conn.close()


def counts(db: Path) -> dict[str, int]:
    from efter.core import dialect

    conn = sqlite3.connect(db)
    # the register's own tables (its schema version, its erasure ledger) are not the case's
    left_out = ("life_area", "scale_step", "migration", "setting", "audit_event",
                "schema_version", "erasure_key", "erasure_ledger")  # fmt: skip
    tables = [name for name in dialect.of(conn).tables(conn) if name not in left_out]
    result = {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables
    }
    conn.close()
    return result


def raw_bytes(db: Path) -> bytes:
    """The case file's bytes with its -wal and -shm; on PostgreSQL, the raw bytes of every
    table and index of the register (its files on the server, read as the owner)."""
    url = os.environ.get("EFTER_DB", "")
    if url.startswith("postgresql://"):
        return register_raw_bytes(url)
    return b"".join(
        p.read_bytes()
        for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"))
        if p.exists()
    )


def enrol_two(run, db: Path) -> None:
    assert (
        run(
            "youth", "add", SECRET, "--born", "2009-03-14", "--cpr", CPR, "--ref", "SAG-7781",
            "--note", "Quarrington note", "--placement-site", "Quarrington Hus",
            # issue 18: her contact details
            "--phone", "71 23 45 98", "--email", "zenobia.q@example.dk",
            "--address", "Quarringtonvej 7, 6700 Esbjerg",
        ).exit_code
        == 0
    )  # fmt: skip
    assert run("youth", "add", "Bo Berg", "--born", "2008-01-02", "--ref", "SAG-1").exit_code == 0
    # The team member is a professional in the shared address book (issue 18), who stays
    # when a young person is erased: a name that is not hers. The network member is hers.
    for side, role, name, contact in (
        ("team", "jobcenter", "Ole Dahl", ("61 62 63 64", "ole.dahl@jobcenter.dk", "Torvet 1")),
        ("network", "mor", "Quarrington Mor", ("81 82 83 84", "mor.q@example.dk",
                                              "Quarrington Allé 3")),
    ):  # fmt: skip
        phone, email, address = contact
        assert run(side, "add", "SAG-7781", "--role", role, "--name", name, "--phone", phone,
                   "--email", email, "--address", address).exit_code == 0  # fmt: skip
    assert run("network", "add", "SAG-1", "--role", "far", "--name", "Ib Berg").exit_code == 0
    # issue 13: consent records (parties, kinds of information and a note)
    for ref, who in (("SAG-7781", "Ole Dahl"), ("SAG-1", "Ib Berg")):
        given = run("consent", "give", ref, "--to", who, "--about", "bolig", "--note",
                    f"{who} consent note")  # fmt: skip
        assert given.exit_code == 0, given.stderr
    # issue 18: journal notes (one corrected) and a correction in edit_event's history
    for ref, marker in (("SAG-7781", "Quarrington"), ("SAG-1", "Bergsen")):
        note_id = run("note", "add", ref, f"{marker} journal note").stdout.strip()
        assert run("note", "correct", note_id, f"{marker} corrected note").exit_code == 0
    assert run("team", "edit", "1", "--role", "mentor").exit_code == 0
    assert run("network", "edit", "3", "--organisation", "Bergsen Familie").exit_code == 0
    # issue 18 item 6: periods in programmes (the programmes and cohorts are no one's data)
    assert run("programme", "add", "Vejen", "--kind", "model").exit_code == 0
    assert run("programme", "add", "EMPOWER4U", "--kind", "supplement").exit_code == 0
    assert run("programme", "cohort", "EMPOWER4U", "Hold 1", "--start", "2026-03-02").exit_code == 0
    for ref in ("SAG-7781", "SAG-1"):
        assert run("programme", "join", ref, "Vejen").exit_code == 0
    joined = run("programme", "join", "SAG-7781", "EMPOWER4U", "--cohort", "Hold 1")
    assert joined.exit_code == 0, joined.stderr
    fill_case(db, 1, "Quarrington")
    fill_case(db, 2, "Bergsen")


def test_erase_removes_everything_and_leaves_one_line(run, casefile, json_of):
    enrol_two(run, casefile)
    # another connection holds the file open, so the -wal and -shm files exist throughout
    watcher = sqlite3.connect(casefile)
    watcher.execute("SELECT count(*) FROM youth").fetchone()
    try:
        assert b"Quarrington" in raw_bytes(casefile)
        result = run("youth", "erase", "SAG-7781", "--yes")
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        assert result.stderr == f"Erased {SECRET} (id 1) and everything about them.\n"
        if not os.environ["EFTER_DB"].startswith("postgresql://"):
            assert casefile.with_name("casefile.db-wal").exists()
        data = raw_bytes(casefile)
        for needle in (SECRET, "Quarrington", "Zenobia", "zenobia", CPR, "4321", "SAG-7781",
                       "71 23 45 98", "81 82 83 84", "mor.q@example.dk"):  # fmt: skip
            assert needle.encode() not in data, needle
            assert needle.encode("utf-16-le") not in data, needle
    finally:
        watcher.close()
    assert counts(casefile) == {
        "youth": 1, "member": 1, "meeting": 1, "attendance": 1, "goal": 1, "agreement": 1,
        "agreement_event": 1, "agreement_count": 1, "agreement_owner_count": 1, "rating": 1, "measure": 1, "contract": 1,
        "youth_status": 1, "deadline_met": 1, "programme_price": 0,
        "rating_path": 1, "rating_tally": 1, "consent": 1, "consent_party": 1, "consent_area": 1,
        "coordinator_change": 0,
        "journal": 2, "edit_event": 1, "professional": 1,
        "programme": 2, "cohort": 1, "programme_period": 1, "checkout": 0,
    }  # fmt: skip
    # the address book keeps the professional, on no case now
    assert [(p["name"], p["phone"], p["cases_ever"]) for p in json_of("person", "list")] == [
        ("Ole Dahl", "61 62 63 64", 0)
    ]
    assert b"Bergsen minutes" in raw_bytes(casefile)  # the other person is untouched
    assert b"Bergsen corrected note" in raw_bytes(casefile)
    # `efter find` keeps no index of its own (efter.core.search): nothing of hers is found
    assert json_of("find", "Quarrington") == []
    assert [hit["kind"] for hit in json_of("find", "Bergsen")] == [
        "network",
        "agreement",
        "goal",
        "meeting",
        "meeting",
        "note",
        "note",
    ]
    erased = [a for a in json_of("audit") if a["action"] == "erased"]
    assert [(a["youth_id"], a["command"], a["youth_ref"]) for a in erased] == [
        (1, "youth erase", None)
    ]
    result = run("youth", "show", "1")
    assert result.exit_code == 1


def test_erase_asks_on_a_terminal(run, casefile, monkeypatch):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    before = snapshot(casefile)
    result = run("youth", "erase", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'efter youth erase' asks before it erases anything: add --yes in a script.\n"
    )
    assert snapshot(casefile) == before
    monkeypatch.setattr("efter.cli.safekeeping.interactive", lambda: True)
    result = run("youth", "erase", "1", input="n\n")
    assert result.exit_code == 1
    assert result.stderr == (
        "Erase Anna Holm (id 1) and everything about them? This cannot be undone [y/N]:"
        "Nothing was erased.\n"
    )
    assert snapshot(casefile) == before
    result = run("youth", "erase", "1", input="y\n")
    assert result.exit_code == 0
    assert result.stderr.endswith("Erased Anna Holm (id 1) and everything about them.\n")


def test_erase_unknown_person(run, casefile):
    result = run("youth", "erase", "77", "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: No young person has the id or ref '77': see 'efter youth list' for who is on file.\n"
    )


@pytest.mark.laptop_only("backup copies beside the case file (a register's are the municipality's)")
def test_erase_warns_about_backups(run, casefile):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    assert run("backup").exit_code == 0
    result = run("youth", "erase", "1", "--yes")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1].startswith(
        "Warning: 1 backup copy next to the case file (such as casefile-"
    )
    assert result.stderr.endswith(
        "still holds what the file held when it was made: delete the copies you no longer need.\n"
    )


def test_erase_refuses_a_table_that_would_keep_data(run, casefile):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    conn = sqlite3.connect(casefile)
    with conn:
        conn.execute("CREATE TABLE note_bad (id INTEGER PRIMARY KEY, youth_id INTEGER, text TEXT)")
        conn.execute("INSERT INTO note_bad (youth_id, text) VALUES (1, 'Anna secret')")
    conn.close()
    before = snapshot(casefile)
    result = run("youth", "erase", "1", "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: The table 'note_bad' keeps rows about young people that erasing would not remove "
        "(no ON DELETE CASCADE): nothing was erased; report this to the efter developers.\n"
    )
    assert snapshot(casefile) == before


@pytest.fixture
def closed_cases(run, casefile):
    run("youth", "add", "Anna Holm", "--born", "2005-03-14", "--start", "2021-01-01", "--ref", "A")
    run("youth", "add", "Bo Berg", "--born", "2005-01-02", "--start", "2021-01-01", "--ref", "B")
    run("youth", "add", "Cai Dam", "--born", "2005-06-02", "--start", "2021-01-01", "--ref", "C")
    run("youth", "close", "A", "--date", "2023-06-30", "--outcome", "job")
    run("youth", "close", "B", "--date", "2024-02-01", "--outcome", "education")
    fill_case(casefile, 1, "Annasdottir")
    return casefile


def test_retention_dry_run_changes_nothing(run, closed_cases, json_of):
    conn = sqlite3.connect(closed_cases)
    before = conn.execute("SELECT * FROM youth ORDER BY id").fetchall()
    conn.close()
    result = run("retention", "--closed-before", "2024-01-01", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == (
        "ID   Ref   Name        Closed\n"
        "─────────────────────────────────\n"
        "1    A     Anna Holm   2023-06-30\n"
    )
    assert result.stderr == (
        "Cases closed before 2024-01-01 that would be erased:\n"
        "1 case would be erased. Nothing was changed (--dry-run).\n"
    )
    assert json_of("retention", "--closed-before", "2024-06-01", "--dry-run") == [
        {"id": 1, "ref": "A", "name": "Anna Holm", "closed": "2023-06-30"},
        {"id": 2, "ref": "B", "name": "Bo Berg", "closed": "2024-02-01"},
    ]
    conn = sqlite3.connect(closed_cases)
    assert conn.execute("SELECT * FROM youth ORDER BY id").fetchall() == before
    conn.close()


def test_retention_erases_closed_cases_only(run, closed_cases, json_of):
    before = snapshot(closed_cases)
    result = run("retention", "--closed-before", "2024-06-01")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'efter retention' asks before it erases anything: add --yes in a script.\n"
    )
    assert snapshot(closed_cases) == before
    result = run("retention", "--closed-before", "01-06-2024", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Cases closed before 2024-06-01 to erase:\nErased 2 cases closed before 2024-06-01.\n"
    )
    assert "Anna Holm" in result.stdout and "Bo Berg" in result.stdout
    assert [p["ref"] for p in json_of("youth", "list", "--status", "all")] == ["C"]
    assert b"Annasdottir" not in raw_bytes(closed_cases)
    assert b"Anna Holm" not in raw_bytes(closed_cases)
    erased = [(a["youth_id"], a["command"]) for a in json_of("audit") if a["action"] == "erased"]
    assert erased == [(1, "retention"), (2, "retention")]


def test_retention_nothing_to_do_and_bad_date(run, closed_cases):
    result = run("retention", "--closed-before", "2020-01-01", "--yes")
    assert result.exit_code == 0
    assert result.stderr == "No case was closed before 2020-01-01: nothing to erase.\n"
    result = run("retention", "--closed-before", "soon")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --closed-before: 'soon' is not a date")
    assert run("retention").exit_code == 2
