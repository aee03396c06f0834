"""The audit log: every use of a person's data leaves a line; `efter audit` prints it."""

import sqlite3
from pathlib import Path

import pytest
from conftest import snapshot


def set_times(db: Path, *stamps: str) -> None:
    """Give the audit lines fixed times (the log records the wall clock), in id order."""
    conn = sqlite3.connect(db)
    with conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM audit_event ORDER BY id")]
        for line_id, at in zip(ids, stamps, strict=False):
            conn.execute("UPDATE audit_event SET at = ? WHERE id = ?", (at, line_id))
    conn.close()


def lines(json_of) -> list[tuple]:
    return [(a["action"], a["youth_id"], a["command"]) for a in json_of("audit")]


def test_every_command_on_a_person_leaves_a_line(run, casefile, json_of):
    assert run("youth", "add", "Anna Holm", "--born", "2009-03-14", "--ref", "R1").exit_code == 0
    assert run("youth", "add", "Bo Berg", "--born", "2008-01-02").exit_code == 0
    run("youth", "list")
    run("youth", "show", "R1")
    run("youth", "edit", "R1", "--cohort", "Hold 3")
    run("team", "add", "1", "--role", "jobcenter", "--name", "Kim")
    run("network", "add", "1", "--role", "mor", "--name", "Mette")
    run("team", "list", "1")
    run("network", "list", "1")
    run("team", "end", "1")
    run("youth", "close", "2", "--outcome", "job")
    run("youth", "reopen", "2")
    assert lines(json_of) == [
        ("changed", 1, "youth add"),
        ("changed", 2, "youth add"),
        ("viewed", 1, "youth list"),
        ("viewed", 2, "youth list"),
        ("viewed", 1, "youth show"),
        ("changed", 1, "youth edit"),
        ("changed", 1, "team add"),
        ("changed", 1, "network add"),
        ("viewed", 1, "team list"),
        ("viewed", 1, "network list"),
        ("changed", 1, "team end"),
        ("changed", 2, "youth close"),
        ("changed", 2, "youth reopen"),
    ]


def test_a_failed_command_leaves_no_line(run, casefile, json_of):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    result = run("youth", "edit", "1", "--born", "2009-02-30")
    assert result.exit_code == 1
    assert lines(json_of) == [("changed", 1, "youth add")]


def test_the_log_never_holds_the_data(run, casefile):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14", "--cpr", "140309-4321")
    run("youth", "show", "1", "--reveal-cpr")
    conn = sqlite3.connect(casefile)
    dump = "\n".join(str(tuple(row)) for row in conn.execute("SELECT * FROM audit_event"))
    conn.close()
    assert "Anna" not in dump and "140309" not in dump and "4321" not in dump


def test_audit_table_and_filters(run, casefile, monkeypatch):
    monkeypatch.setattr("efter.core.audit.os_user", lambda: "coord")
    run("youth", "add", "Anna Holm", "--born", "2009-03-14", "--ref", "2025-0412")
    run("youth", "add", "Bo Berg", "--born", "2008-01-02")
    run("youth", "show", "2")
    set_times(casefile, "2026-05-01T09:00:00", "2026-11-27T10:15:00", "2026-11-28T08:30:05")
    result = run("audit")
    assert result.exit_code == 0
    assert result.stdout == (
        "Time                  User    Action    Youth           Command\n"
        "──────────────────────────────────────────────────────────────────\n"
        "2026-05-01 09:00:00   coord   changed   1 (2025-0412)   youth add\n"
        "2026-11-27 10:15:00   coord   changed   2               youth add\n"
        "2026-11-28 08:30:05   coord   viewed    2               youth show\n"
    )
    result = run("audit", "--youth", "2", "--since", "28-11-2026")
    assert result.exit_code == 0
    assert result.stderr == "Audit trail of Bo Berg (id 2):\n"
    assert "youth show" in result.stdout and "youth add" not in result.stdout


def _user() -> str:
    from efter.core.audit import os_user

    return os_user().ljust(4)


def test_audit_json(run, casefile, json_of):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14", "--ref", "R1")
    set_times(casefile, "2026-11-28T08:00:00")
    assert json_of("audit", "--youth", "R1") == [
        {
            "id": 1,
            "at": "2026-11-28T08:00:00",
            "os_user": _user().strip(),
            "action": "changed",
            "youth_id": 1,
            "youth_ref": "R1",
            "erased": False,
            "everyone": False,
            "command": "youth add",
        }
    ]
    assert json_of("audit", "--since", "2026-11-29") == []


def test_audit_bad_input(run, casefile):
    result = run("audit", "--youth", "99")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: No young person has the id or ref '99': see 'efter youth list' for who is on file.\n"
    )
    result = run("audit", "--since", "yesterday")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --since: 'yesterday' is not a date: write it as YYYY-MM-DD "
        "(2026-03-14) or DD-MM-YYYY (14-03-2026).\n"
    )


def test_prune_keeps_six_months(run, casefile, json_of, monkeypatch):
    from datetime import date

    from efter.core import clock

    # six months of the machine's clock (never EFTER_TODAY): pin the machine's date
    monkeypatch.setattr(clock, "real_today", lambda: date(2026, 11, 28))
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    run("youth", "show", "1")
    run("youth", "show", "1")
    set_times(casefile, "2026-01-10T09:00:00", "2026-05-27T23:59:59", "2026-05-28T00:00:00")
    before = snapshot(casefile)
    result = run("audit", "prune", "--before", "2026-06-01")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --before: pruning before 2026-06-01 would keep less than 6 months of the audit "
        "log: give 2026-05-28 or earlier, or add --force.\n"
    )
    assert snapshot(casefile) == before
    result = run("audit", "prune", "--before", "2026-05-28")
    assert result.exit_code == 0
    assert result.stderr == "Removed 2 audit lines from before 2026-05-28.\n"
    first = json_of("audit")[0]
    assert (first["at"], first["action"], first["youth_id"]) == ("2026-05-28T00:00:00", "viewed", 1)
    # the pruning leaves its own line, with no young person
    assert lines(json_of)[-1] == ("erased", None, "audit prune")


def test_prune_force_and_bad_date(run, casefile, json_of):
    from datetime import date, timedelta

    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = run("audit", "prune", "--before", tomorrow, "--force")
    assert result.exit_code == 0
    assert result.stderr == f"Removed 1 audit line from before {tomorrow}.\n"
    result = run("audit", "prune", "--before", "31-02-2026")
    assert result.exit_code == 1
    assert "does not exist" in result.stderr
    result = run("audit", "prune")
    assert result.exit_code == 2


def test_erased_persons_lines_never_join_a_new_person(run, casefile, json_of, engine):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14")
    run("youth", "show", "1")
    assert run("youth", "erase", "1", "--yes").exit_code == 0
    # SQLite hands the freed id 1 to the next young person (a register's sequence does not)
    new = int(run("youth", "add", "Carl Dam", "--born", "2008-05-05").stdout)
    assert new == (2 if engine == "postgresql" else 1)
    assert [(a["action"], a["command"]) for a in json_of("audit", "--youth", str(new))] == [
        ("changed", "youth add")
    ]
    everything = json_of("audit")
    assert [(a["youth_id"], a["erased"], a["action"]) for a in everything] == [
        (1, True, "changed"),
        (1, True, "viewed"),
        (1, True, "erased"),
        (new, False, "changed"),
    ]


def test_a_report_on_everyone_on_file_is_one_line(run, casefile, json_of, monkeypatch):
    """Many ids that are every young person on file are written as one line for everyone
    (10,000 lines and their index entries cost a whole-file report most of its time); a
    report on some of them keeps a line for each."""
    from efter.core import audit

    monkeypatch.setattr(audit, "EVERYONE_FROM", 2)
    run("youth", "add", "Anna Holm", "--born", "2009-03-14", "--ref", "R1", "--coordinator", "Ib")
    run("youth", "add", "Bo Berg", "--born", "2008-01-02", "--coordinator", "Ulla")
    run("youth", "add", "Cia Dam", "--born", "2008-05-02", "--coordinator", "Ulla")
    before = len(json_of("audit"))
    assert run("report", "outcomes").exit_code == 0
    assert run("report", "outcomes", "--coordinator", "Ulla").exit_code == 0
    assert lines(json_of)[before:] == [
        ("viewed", None, "report outcomes"),
        ("viewed", 2, "report outcomes"),
        ("viewed", 3, "report outcomes"),
    ]
    # the line for everyone is in each young person's own trail
    assert [a["command"] for a in json_of("audit", "--youth", "R1")][-1] == "report outcomes"
    monkeypatch.setattr(audit, "EVERYONE_FROM", 4)  # below the threshold: a line each
    assert run("report", "outcomes").exit_code == 0
    assert [line[1] for line in lines(json_of)[before + 3 :]] == [1, 2, 3]


@pytest.mark.laptop_only("counts the statements SQLite is sent, and empties the log between")
def test_a_long_list_of_ids_is_written_a_few_thousand_a_statement_in_its_order(
    casefile, monkeypatch, statements
):
    """audit.record() writes many ids (no long run in a row) from lists of at most LISTED a
    statement: SQLite journals each statement's changed pages in memory, and a long log's
    index pages are many. Every id's line, in the order given, however they are cut."""
    from efter.cli.options import opened
    from efter.core import audit

    ids = [n * 3 % 1000 + 1 for n in range(700)]  # no two in a row
    written = []
    for listed in (audit.LISTED, 64, 100):
        monkeypatch.setattr(audit, "LISTED", listed)
        with opened(None) as file, file.write() as conn:
            statements.clear()
            audit.record(conn, "viewed", ids, "due")
            written.append(
                [row[0] for row in conn.execute("SELECT youth_id FROM audit_event ORDER BY id")]
            )
            conn.execute("DELETE FROM audit_event")
            inserts = [sql for sql in statements if sql.startswith("INSERT INTO audit_event")]
            assert len(inserts) == -(-len(ids) // listed), listed
    assert written == [ids, ids, ids]
