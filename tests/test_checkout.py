"""Cases between a laptop and the register (issue 17): push, checkout, checkin, release.

Like tests/test_register.py these always run on PostgreSQL (a server named by EFTER_TEST_PG,
or a throwaway cluster), whichever --engine the run has: the register is on PostgreSQL and
the laptop's file is an SQLite case file.
"""

import json
import sqlite3
from pathlib import Path

import psycopg
import pytest
import test_bundle
import test_register
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from test_bundle import copy_of, outputs, parts
from test_register import Register
from typer.testing import Result

from efter.core import bundle
from efter.core.register import role_name

# the fixtures of the register's and the bundle's tests, shared
register = test_register.register
two = test_register.two
demo = test_bundle.demo


def laptop_run(reg: Register, laptop: Path, *args: str) -> Result:
    """A command on the laptop's case file."""
    assert reg.invoke is not None
    return reg.invoke(*args, "--db", str(laptop))


def raw(path: Path) -> bytes:
    """A laptop file's logical content (to prove a refusal left it as it was)."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump()).encode()
    finally:
        conn.close()


def dump(url: str) -> bytes:
    from conftest import register_dump

    return register_dump(url)


def export(reg: Register, db: str, ids: list[str], out: Path) -> dict[str, tuple[int, str]]:
    """The parts of a case bundle of these young people on `db` (a file or a register)."""
    assert reg.invoke is not None
    result = reg.invoke("case", "export", *ids, "--out", str(out), "--db", db)
    assert result.exit_code == 0, result.stderr
    return parts(out)


def test_push_checkout_and_checkin_round_trip_the_demo_with_nothing_lost(
    register: Register,
    demo: Path,
    tmp_path: Path,
) -> None:
    mette = register.coordinator("Mette")
    laptop = copy_of(demo, tmp_path / "laptop" / "casefile.db")
    conn = sqlite3.connect(laptop)
    conn.execute("UPDATE youth SET coordinator = ?", (register.name("Mette"),))
    conn.commit()
    ids = [str(r[0]) for r in conn.execute("SELECT id FROM youth ORDER BY id")]
    settings = conn.execute("SELECT key, value FROM setting WHERE key <> 'casefile-uuid'")
    # the register's settings and prices are the municipality's, set by its owner (a case
    # brings none)
    for key, value in settings.fetchall():
        assert register.run(register.owner, "config", "set", key, value).exit_code == 0
    prices = conn.execute("SELECT programme, amount FROM programme_price").fetchall()
    conn.close()
    # push: every case of the laptop file into the register
    pushed = register.run(mette, "register", "push", *ids, "--from", str(laptop))
    assert pushed.exit_code == 0, pushed.stderr
    assert pushed.stderr.startswith(
        f"Pushed {len(ids)} young people from {laptop} to the register ("
    )
    assert [line.split("\t")[0] for line in pushed.stdout.splitlines()] == ids
    log = sqlite3.connect(laptop)  # the laptop's own log: the cases left for the register
    sent = log.execute(
        "SELECT action, count(*) FROM audit_event WHERE command = 'register push' GROUP BY 1"
    ).fetchall()
    log.close()
    assert sent == [("exported", len(ids))]
    for programme, price in prices:
        priced = register.run(register.owner, "programme", "price", programme, str(price))
        assert priced.exit_code == 0, priced.stderr
    # the register shows what the laptop showed: every document and report, byte for byte
    assert outputs(lambda *a: register.invoke(*a[:-2], "--db", mette), Path(), ids) == outputs(
        lambda *a: laptop_run(register, laptop, *a[:-2]), Path(), ids
    )
    # every part about the young people is equal, row for row (the reference parts are the
    # register's own: its scale in its order, its prices set today)
    on_register = export(register, mette, ids, tmp_path / "register.bundle")
    on_laptop = export(register, str(laptop), ids, tmp_path / "laptop.bundle")
    about_people = set(on_laptop) - set(bundle.REFERENCE)
    assert len(about_people) > 15
    assert {p: on_register[p] for p in about_people} == {p: on_laptop[p] for p in about_people}
    # the register hands out the next ids itself after a push
    added = register.run(mette, "youth", "add", "Ny Ung", "--born", "2010-01-01",
                         "--coordinator", register.name("Mette"))  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert added.stdout == f"{len(ids) + 1}\n"
    # checkout and checkin, unchanged: the register's copy is the same, part for part
    out = tmp_path / "ude" / "sager.db"
    taken = register.run(mette, "register", "checkout", *ids, "--to", str(out))
    assert taken.exit_code == 0, taken.stderr
    assert taken.stdout == f"{out}\n"
    assert export(register, str(out), ids, tmp_path / "out.bundle") == on_register
    back = register.run(mette, "register", "checkin", str(out))
    assert back.exit_code == 0, back.stderr
    assert back.stderr.startswith(f"Checked in {len(ids)} young people from {out}: ")
    assert export(register, mette, ids, tmp_path / "again.bundle") == on_register
    # a saved contract still verifies against its sha256 on the register
    contracts = json.loads(register.run(mette, "contract", "list", "1", "--json").stdout)
    assert contracts
    for saved in contracts:
        shown = register.run(mette, "contract", "show", str(saved["id"]))
        assert shown.exit_code == 0, shown.stderr
    # the register's log: pushed and checked in (changed), checked out (exported), by role
    with psycopg.connect(register.owner) as db:
        lines = db.execute(
            "SELECT command, action, os_user, count(*) FROM efter.audit_event "
            "WHERE command LIKE 'register %' GROUP BY 1, 2, 3 ORDER BY 1"
        ).fetchall()
    role = role_name(register.name("Mette"))
    assert lines == [
        ("register checkin", "changed", role, len(ids)),
        ("register checkout", "exported", role, len(ids)),
        ("register push", "changed", role, len(ids)),
    ]


def test_a_case_changed_on_the_laptop_replaces_the_registers_copy(
    register: Register,
    two: tuple[str, str],
    tmp_path: Path,
) -> None:
    mette, ole = two
    out = tmp_path / "mia.db"
    assert register.run(mette, "register", "checkout", "R1", "--to", str(out)).exit_code == 0
    for args in [
        ("youth", "edit", "R1", "--cohort", "Hold 7"),
        ("agreement", "add", "R1", "--what", "Søge SU", "--owner", "youth", "--due", "2027-01-10"),
        ("rate", "R1", "uddannelse=4", "--phase", "end", "--date", "2026-11-20"),
        ("note", "add", "R1", "Talt med Mia om praktik."),
        ("team", "add", "R1", "--role", "ungevejleder", "--name", "Lis Holm"),
    ]:
        result = laptop_run(register, out, *args)
        assert result.exit_code == 0, (args, result.stderr)
    # meanwhile Ole works on his own case on the register: its new rows take ids too
    assert register.run(ole, "agreement", "add", "R2", "--what", "Bolig", "--owner", "youth",
                        "--due", "2026-12-20").exit_code == 0  # fmt: skip
    before = export(register, str(out), ["1"], tmp_path / "laptop.bundle")
    back = register.run(mette, "register", "checkin", str(out))
    assert back.exit_code == 0, back.stderr
    after = json.loads(register.run(mette, "youth", "show", "R1", "--json").stdout)
    assert after["cohort"] == "Hold 7"
    agreements = json.loads(register.run(mette, "agreement", "list", "R1", "--json").stdout)
    assert sorted(a["what"] for a in agreements) == ["Søge SU", "Søge praktik"]
    # the first agreement kept its id; the one made on the laptop got the register's next
    first = next(a for a in agreements if a["what"] == "Søge praktik")
    new = next(a for a in agreements if a["what"] == "Søge SU")
    assert first["id"] == 1 and new["id"] == 3
    mine = export(register, mette, ["1"], tmp_path / "register.bundle")
    assert {k: v[0] for k, v in mine.items()} == {k: v[0] for k, v in before.items()}
    # the agreements differ by the new one's id (Ole's took the next one meanwhile); every
    # other part is the laptop's, the team with its places in the register's address book
    assert {k for k in mine if mine[k] != before[k]} == {"agreement"}
    members = json.loads(register.run(mette, "team", "list", "R1", "--json").stdout)
    assert sorted(m["name"] for m in members) == ["Kim Lund", "Lis Holm"]
    # the uses made on the laptop are in the register's log, by the holder's role
    with psycopg.connect(register.owner) as db:
        offline = db.execute(
            "SELECT os_user, action, youth_id, command FROM efter.audit_event "
            "WHERE command LIKE '%% [offline, %%' ORDER BY id"
        ).fetchall()
    role = role_name(register.name("Mette"))
    assert {(r[0], r[1], r[2]) for r in offline} == {(role, "changed", 1), (role, "exported", 1)}
    assert [r[3].split(" [offline, ")[0] for r in offline if r[1] == "changed"] == [
        "youth edit", "agreement add", "rate", "note add", "team add"
    ]  # fmt: skip
    # Ole's case is as he left it, and the case may be changed on the register again
    theirs = json.loads(register.run(ole, "agreement", "list", "R2", "--json").stdout)
    assert [(a["id"], a["what"]) for a in theirs] == [(2, "Bolig")]
    assert register.run(mette, "youth", "edit", "R1", "--cohort", "Hold 8").exit_code == 0
    assert register.run(ole, "agreement", "add", "R2", "--what", "SU", "--owner", "youth",
                        "--due", "2026-12-21").stdout == "4\n"  # fmt: skip
    # a checkin that is refused by the register changes nothing on either side
    again = register.run(mette, "register", "checkin", str(out))
    assert again.exit_code == 1
    assert again.stderr.startswith(f"Error: {out} was checked in already (")


def test_a_checked_out_case_is_read_by_all_and_changed_by_nobody(
    register: Register,
    two: tuple[str, str],
    tmp_path: Path,
) -> None:
    mette, ole = two
    ole_name = register.name("Ole")
    assert register.run(mette, "youth", "share", "R1", "--with", ole_name).exit_code == 0
    out = tmp_path / "mia.db"
    assert register.run(mette, "register", "checkout", "R1", "--to", str(out)).exit_code == 0
    # read by the case's coordinator and by the one it is shared with
    for who in (mette, ole):
        shown = register.run(who, "youth", "show", "R1", "--json")
        assert json.loads(shown.stdout)["name"] == "Mia Jensen"
    # changed by nobody through efter: one sentence that says who has it and since when
    role = role_name(register.name("Mette"))
    for who in (mette, ole):
        edited = register.run(who, "youth", "edit", "R1", "--cohort", "Hold 9")
        assert edited.exit_code == 1
        assert edited.stderr.startswith(
            f"Error: Young person 1 is checked out to a laptop by {role} since 2026-11-28 "
        )
        assert edited.stderr.endswith(
            ": nobody changes the case on the register until it is checked in ('efter register "
            "checkin FILE') or a team leader releases it ('efter register release 1').\n"
        )
    # nor straight on the database: the case's coordinator, the one it is shared with, and
    # the database's owner
    for who in (mette, ole, register.owner):
        for statement in (
            "UPDATE youth SET name = 'Ændret' WHERE id = 1",
            "UPDATE agreement SET what = 'Ændret' WHERE youth_id = 1",
            "DELETE FROM rating WHERE youth_id = 1",
            "INSERT INTO journal (youth_id, written, author, text) VALUES (1, 'x', 'x', 'x')",
            "UPDATE meeting SET place = 'Et andet sted' WHERE youth_id = 1",
            "INSERT INTO attendance (meeting_id, person, presence) "
            "SELECT id, 'youth', 'attended' FROM meeting WHERE youth_id = 1",
            "INSERT INTO agreement_event (agreement_id, event, on_date) "
            "SELECT id, 'kept', '2026-11-28' FROM agreement WHERE youth_id = 1",
            "DELETE FROM youth WHERE id = 1",
        ):
            if who == ole and statement.startswith("DELETE FROM youth"):
                assert register.sql(who, statement) == 0  # a share never erases
                continue
            with pytest.raises(psycopg.errors.ObjectInUse):
                register.sql(who, statement)
    # Ole's own case is his to change as before
    assert register.run(ole, "youth", "edit", "R2", "--cohort", "Hold 3").exit_code == 0
    # a second checkout is refused, with who has it and since when
    before = dump(register.owner)
    second = register.run(ole, "register", "checkout", "R1", "--to", str(tmp_path / "o.db"))
    assert second.exit_code == 1
    assert second.stderr.startswith(
        f"Error: Mia Jensen is checked out already, by {role} since 2026-11-28 "
    )
    assert not (tmp_path / "o.db").exists()
    assert dump(register.owner) == before
    # two writers can never hold one case: the database itself refuses a second hold
    with pytest.raises(psycopg.errors.UniqueViolation):
        register.sql(
            ole,
            "INSERT INTO checkout (youth_id, token, held_by, since, place) "
            "VALUES (1, 'x', current_user, 'x', 'x')",
        )
    # and nobody takes out a case they may not change
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        register.sql(
            mette,
            "INSERT INTO checkout (youth_id, token, held_by, since, place) "
            "VALUES (2, 'x', current_user, 'x', 'x')",
        )


def test_a_stale_checkout_is_shown_to_the_team_leader_who_releases_it(
    register: Register,
    two: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mette, ole = two
    leader = register.coordinator("Tina", team_leader=True)
    out = tmp_path / "mia.db"
    monkeypatch.setenv("EFTER_TODAY", "2026-11-01")
    assert register.run(mette, "register", "checkout", "R1", "--to", str(out)).exit_code == 0
    monkeypatch.setenv("EFTER_TODAY", "2026-11-28")
    role = role_name(register.name("Mette"))
    listed = register.run(leader, "register", "checkouts", "--json")
    assert listed.exit_code == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert (row["youth_id"], row["ref"], row["name"], row["held_by"], row["days"]) == (
        1, None, None, role, 27
    )  # fmt: skip
    assert row["since"].startswith("2026-11-01T")
    table = register.run(mette, "register", "checkouts")
    assert table.stdout.splitlines()[0].split() == [
        "Id", "Ref", "Name", "Held", "by", "Since", "Days", "Where"
    ]  # fmt: skip
    assert "R1" in table.stdout and "Mia Jensen" in table.stdout and " 27 " in table.stdout
    # the names Mette was shown are in the log as viewed; the team leader was shown none
    with psycopg.connect(register.owner) as db:
        seen = db.execute(
            "SELECT os_user, action, youth_id FROM efter.audit_event "
            "WHERE command = 'register checkouts'"
        ).fetchall()
    assert seen == [(role, "viewed", 1)]
    # another coordinator may not release it
    refused = register.run(ole, "register", "release", "1")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: Only a team leader, or {role} who holds it, releases the checkout of young "
        "person 1.\n"
    )
    released = register.run(leader, "register", "release", "1")
    assert released.exit_code == 0, released.stderr
    assert released.stderr.startswith(
        f"Released the checkout of young person 1 (held by {role} since 2026-11-01 "
    )
    assert register.run(leader, "register", "checkouts").stderr == "No case is checked out.\n"
    # recorded in the audit log with the team leader's role
    with psycopg.connect(register.owner) as db:
        line = db.execute(
            "SELECT os_user, action, youth_id FROM efter.audit_event "
            "WHERE command = 'register release'"
        ).fetchall()
    assert line == [(role_name(register.name("Tina")), "changed", 1)]
    # the case is the register's again; the laptop's copy is not taken back
    assert register.run(mette, "youth", "edit", "R1", "--cohort", "Hold 9").exit_code == 0
    assert laptop_run(register, out, "youth", "edit", "R1", "--cohort", "Laptop").exit_code == 0
    laptop, registered = raw(out), dump(register.owner)
    back = register.run(mette, "register", "checkin", str(out))
    assert back.exit_code == 1
    assert back.stderr.startswith(f"Error: The checkout in {out} was released by ")
    assert "nothing was merged" in back.stderr
    assert raw(out) == laptop and dump(register.owner) == registered
    shown = json.loads(register.run(mette, "youth", "show", "R1", "--json").stdout)
    assert shown["cohort"] == "Hold 9"
    gone = register.run(leader, "register", "release", "1")
    assert gone.exit_code == 1
    assert gone.stderr == (
        "Error: Young person 1 is not checked out: see 'efter register checkouts' for the "
        "cases that are.\n"
    )


def test_bad_inputs_change_nothing_on_either_side(
    register: Register,
    two: tuple[str, str],
    tmp_path: Path,
) -> None:
    mette, ole = two
    before = dump(register.owner)
    # unknown young person: no file, nothing on the register
    out = tmp_path / "x.db"
    unknown = register.run(mette, "register", "checkout", "R9", "--to", str(out))
    assert unknown.exit_code == 1
    assert unknown.stderr == (
        "Error: No young person has the id or ref 'R9': see 'efter youth list' for who is on "
        "file.\n"
    )
    assert not out.exists() and dump(register.owner) == before
    # another's case (not shared): not found for that role
    assert register.run(ole, "register", "checkout", "R1", "--to", str(out)).exit_code == 1
    assert not out.exists()
    # an existing file is not overwritten
    out.write_text("mine")
    taken = register.run(mette, "register", "checkout", "R1", "--to", str(out))
    assert taken.exit_code == 1
    assert taken.stderr == (
        f"Error: --to: {out} exists already: a checkout goes into a new case file; give a new "
        "file's name.\n"
    )
    assert out.read_text() == "mine" and dump(register.owner) == before
    # the laptop file cannot be made: the hold ends again, and nothing is left behind
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    made = register.run(mette, "register", "checkout", "R1", "--to", str(blocker / "x.db"))
    assert made.exit_code == 1
    assert len(made.stderr.splitlines()) == 1, made.stderr
    assert register.run(mette, "register", "checkouts", "--json").stdout == "[]\n"
    assert register.run(mette, "youth", "edit", "R1", "--cohort", "Hold 4").exit_code == 0
    before = dump(register.owner)
    # a laptop file that is not a checkout
    plain = tmp_path / "plain.db"
    assert laptop_run(register, plain, "init").exit_code == 0
    laptop_run(register, plain, "youth", "add", "Ny", "--born", "2010-01-01")
    laptop = raw(plain)
    result = register.run(mette, "register", "checkin", str(plain))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {plain} is not a checkout from the register (no case in it was checked out "
        f"with 'efter register checkout'): to send its cases to the register, use 'efter "
        f"register push YOUTH... --from {plain}'.\n"
    )
    assert raw(plain) == laptop and dump(register.owner) == before
    # unknown young person on push
    result = register.run(mette, "register", "push", "Nobody", "--from", str(plain))
    assert result.exit_code == 1
    assert "No young person" in result.stderr
    assert raw(plain) == laptop and dump(register.owner) == before
    # a case that is not the pushing coordinator's is refused by the register
    refused = register.run(mette, "register", "push", "Ny", "--from", str(plain))
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: The register refused this: your role may not do it")
    assert raw(plain) == laptop and dump(register.owner) == before
    # a ref another coordinator's young person has on the register (Ole's R2, which Mette
    # does not see)
    assert laptop_run(register, plain, "youth", "add", "Anders", "--born", "2009-01-01",
                      "--ref", "R2", "--coordinator", register.name("Mette")).exit_code == 0  # fmt: skip
    laptop = raw(plain)
    clash = register.run(mette, "register", "push", "R2", "--from", str(plain))
    assert clash.exit_code == 1
    assert clash.stderr == (
        f"Error: A young person in {plain} has a ref (case number) that another young person "
        f"on the register has already (perhaps one you do not see): correct the ref in {plain} "
        f"('efter youth edit YOUTH --ref NEW --db {plain}') and try again.\n"
    )
    assert raw(plain) == laptop and dump(register.owner) == before
    # the register cannot be reached: one sentence, nothing changed on the laptop
    away = "postgresql://nobody@127.0.0.1:1/efter"
    for args in (("checkin", str(plain)), ("push", "1", "--from", str(plain)),
                 ("checkout", "1", "--to", str(tmp_path / "y.db"))):  # fmt: skip
        result = register.run(away, "register", *args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("Error: Could not open the register at "), args
        assert len(result.stderr.splitlines()) == 1
    assert raw(plain) == laptop and not (tmp_path / "y.db").exists()
    # the register's commands want a register
    result = register.invoke("register", "checkout", "1", "--to", str(out), "--db", str(plain))  # type: ignore[misc]
    assert result.exit_code == 2
    # a checked-out case in a laptop file goes back by checkin, not push
    out2 = tmp_path / "mia.db"
    assert register.run(mette, "register", "checkout", "R1", "--to", str(out2)).exit_code == 0
    pushed = register.run(mette, "register", "push", "R1", "--from", str(out2))
    assert pushed.exit_code == 1
    assert pushed.stderr == (
        f"Error: Young person 1 in {out2} is checked out from the register: it goes back with "
        f"'efter register checkin {out2}', not with push.\n"
    )
    # a young person enrolled in a checkout file comes in at the checkin, not by push
    assert laptop_run(register, out2, "youth", "add", "Ny", "--born", "2010-01-01").exit_code == 0
    mid, laptop = dump(register.owner), raw(out2)
    pushed = register.run(mette, "register", "push", "Ny", "--from", str(out2))
    assert (pushed.exit_code, pushed.stderr) == (
        1,
        f"Error: {out2} holds a checkout from the register: the young people enrolled in it come "
        f"in as new cases with 'efter register checkin {out2}', not with push.\n",
    )
    assert raw(out2) == laptop and dump(register.owner) == mid
    erased = laptop_run(register, out2, "youth", "erase", "Ny", "--yes")
    assert erased.exit_code == 0, erased.stderr
    # someone else's checkin of Mette's checkout is refused
    mid, laptop = dump(register.owner), raw(out2)
    result = register.run(ole, "register", "checkin", str(out2))
    assert result.exit_code == 1, result.stderr
    assert result.stderr == (
        f"Error: The cases in {out2} were checked out by {role_name(register.name('Mette'))}, "
        "and only that role checks them in (or a team leader releases them).\n"
    )
    assert raw(out2) == laptop and dump(register.owner) == mid
    # the holder's checkin works, once
    assert register.run(mette, "register", "checkin", str(out2)).exit_code == 0
    laptop = raw(out2)
    twice = register.run(mette, "register", "checkin", str(out2))
    assert twice.exit_code == 1
    assert twice.stderr.startswith(f"Error: {out2} was checked in already (2026-11-28 ")
    assert twice.stderr.endswith(
        "): its cases are on the register; to work on one offline again, check it out again.\n"
    )
    assert raw(out2) == laptop


def test_a_case_file_from_before_checkouts_migrates_with_nothing_lost(
    run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The demo's case file as it was at the migration before m023_checkout: opening it adds
    the empty `checkout` table, and the statutory dates that m024_statutory_dates stores with
    each young person, and changes nothing else."""
    from efter.core import rules
    from efter.core import youth as youth_module
    from efter.core.migrations import MIGRATIONS

    names = [m.__name__ for m in MIGRATIONS]
    at = names.index("m023_checkout")
    made = run("demo", "--dir", str(tmp_path / "d"))
    assert made.exit_code == 0, made.stderr
    # Taken back to the migration before m023 (what m023 and m024 add, taken away): the demo
    # itself reads the statutory dates stored with young people, so it cannot be made there.
    conn = sqlite3.connect(tmp_path / "d" / "casefile.db")
    with conn:
        conn.execute("DROP TABLE checkout")
        for column in youth_module.DATED:
            conn.execute(f"ALTER TABLE youth DROP COLUMN {column}")
        later = names[at:]
        conn.execute(f"DELETE FROM migration WHERE name IN ({', '.join('?' * len(later))})", later)
    conn.execute(f"PRAGMA user_version = {at}")
    conn.execute("VACUUM")
    conn.close()
    old = tmp_path / "d" / "casefile.db"

    def tables() -> dict[str, list[tuple[object, ...]]]:
        conn = sqlite3.connect(old)
        try:
            listed = conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            ).fetchall()
            return {
                name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
                for (name,) in listed
            }
        finally:
            conn.close()

    was = tables()
    assert "checkout" not in was
    listed = run("youth", "list", "--json", "--db", str(old))
    assert listed.exit_code == 0, listed.stderr
    now = tables()
    assert now.pop("checkout") == []
    added = {row[0] for row in now.pop("migration")} - {row[0] for row in was.pop("migration")}
    assert added == set(names[at:])  # m023_checkout, m024_statutory_dates and those after
    now.pop("audit_event"), was.pop("audit_event")  # the listing's own line
    youth_now, youth_was = now.pop("youth"), was.pop("youth")
    assert now == was
    width = len(youth_was[0])
    assert [row[:width] for row in youth_now] == youth_was
    born, placed = 3, 21  # the columns' places in the youth table
    assert [row[width:] for row in youth_now] == [
        rules.stored_dates(row[born], row[placed]) for row in youth_was
    ]


def test_a_write_under_way_is_in_the_checkout_not_lost(
    register: Register, two: tuple[str, str], tmp_path: Path
) -> None:
    """A coordinator's write that has begun when the case is taken out: the checkout waits
    for it to end and carries it; a write after the hold is refused. (Without the wait, the
    write would commit beside the hold and be replaced, silently, at the checkin.)"""
    import os
    import subprocess
    import sys
    import time

    mette, _ = two
    out = tmp_path / "mia.db"
    writer = psycopg.connect(mette)
    try:
        writer.execute("SET search_path = efter")
        writer.execute("UPDATE agreement SET what = 'Søge praktik i Esbjerg' WHERE youth_id = 1")
        environment = {**os.environ, "EFTER_TODAY": "2026-11-28", "NO_COLOR": "1"}
        taking = subprocess.Popen(
            [sys.executable, "-m", "efter", "register", "checkout", "R1", "--to", str(out),
             "--db", mette],
            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(1.5)
        assert taking.poll() is None  # waiting for the write under way
        writer.commit()
        _, stderr = taking.communicate(timeout=60)
        assert taking.returncode == 0, stderr
    finally:
        writer.close()
    agreements = laptop_run(register, out, "agreement", "list", "R1", "--json")
    assert [a["what"] for a in json.loads(agreements.stdout)] == ["Søge praktik i Esbjerg"]
    with pytest.raises(psycopg.errors.ObjectInUse):
        register.sql(mette, "UPDATE agreement SET what = 'For sent' WHERE youth_id = 1")


@settings(
    max_examples=4, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck)
)
@given(
    notes=st.lists(test_bundle.words, min_size=1, max_size=3),
    agreements=st.lists(test_bundle.words, max_size=2, unique_by=str.casefold),
    cohort=test_bundle.words,
)
def test_whatever_is_written_on_the_laptop_comes_back_as_written(
    register: Register,
    two: tuple[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    notes: list[str],
    agreements: list[str],
    cohort: str,
) -> None:
    mette, _ = two
    try:
        out = tmp_path_factory.mktemp("laptop") / "mia.db"
        taken = register.run(mette, "register", "checkout", "R1", "--to", str(out))
        assert taken.exit_code == 0, taken.stderr
        for text in notes:
            assert register.invoke("--db", str(out), "note", "add", "R1", "--", text).exit_code == 0
        for what in agreements:
            assert laptop_run(register, out, "agreement", "add", "R1", "--what", what, "--owner",
                              "youth", "--due", "2027-02-01").exit_code == 0  # fmt: skip
        assert laptop_run(register, out, "youth", "edit", "R1", "--cohort", cohort).exit_code == 0
        shown = {
            what: laptop_run(register, out, *what.split(), "R1", "--json").stdout
            for what in ("note list", "agreement list", "youth show")
        }
        back = register.run(mette, "register", "checkin", str(out))
        assert back.exit_code == 0, back.stderr
        for what, laptop in shown.items():
            on_register = json.loads(register.run(mette, *what.split(), "R1", "--json").stdout)
            expected = json.loads(laptop)
            if what == "agreement list":  # the laptop's new rows have the register's next ids
                on_register = [{k: v for k, v in a.items() if k != "id"} for a in on_register]
                expected = [{k: v for k, v in a.items() if k != "id"} for a in expected]
            if what == "note list":
                on_register = [{k: v for k, v in n.items() if k != "id"} for n in on_register]
                expected = [{k: v for k, v in n.items() if k != "id"} for n in expected]
            if what == "youth show":  # a team member's place in the book of the file it is in
                for record in (on_register, expected):
                    for member in record["team"]:
                        member.pop("person_id")
            assert on_register == expected, what
        # the team member who was on the case is still the register's one professional
        book = json.loads(register.run(mette, "person", "list", "--json").stdout)
        assert [p["name"] for p in book] == ["Kim Lund"]
    finally:  # each example starts with the case in the register
        register.run(mette, "register", "release", "1")


def test_the_refusals_speak_danish(
    register: Register, two: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mette, _ = two
    monkeypatch.setenv("EFTER_LANG", "da")
    out = tmp_path / "mia.db"
    taken = register.run(mette, "register", "checkout", "R1", "--to", str(out))
    assert taken.exit_code == 0, taken.stderr
    assert taken.stderr == (
        f"1 ung er taget ud til {out}; arbejd i den med --db {out}, og lever sagen tilbage med "
        f"'efter register checkin {out}'.\n"
    )
    role = role_name(register.name("Mette"))
    edited = register.run(mette, "youth", "edit", "R1", "--cohort", "Hold 9")
    assert edited.exit_code == 1
    assert edited.stderr.startswith(
        f"Fejl: Den unge med id 1 er taget ud til en bærbar af {role} siden 2026-11-28 "
    )
    assert edited.stderr.endswith(
        ": ingen kan ændre sagen i registeret, før den er leveret tilbage ('efter register "
        "checkin FIL'), eller en teamleder frigiver den ('efter register release 1').\n"
    )
    assert register.run(mette, "register", "checkin", str(out)).exit_code == 0
    again = register.run(mette, "register", "checkin", str(out))
    assert again.stderr.startswith(f"Fejl: {out} er allerede leveret tilbage (2026-11-28 ")


def test_an_encrypted_checkout_is_unreadable_without_the_passphrase_and_comes_back(
    register: Register,
    two: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mette, _ = two
    out = tmp_path / "mia.db"
    monkeypatch.setenv("EFTER_PASSPHRASE", "rødgrød med fløde")
    taken = register.run(mette, "register", "checkout", "R1", "--to", str(out), "--encrypt")
    assert taken.exit_code == 0, taken.stderr
    assert taken.stdout == f"{out}\n"
    # on the laptop's disk: not an SQLite file, and no name of the young person in the bytes
    data = out.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    assert b"Mia Jensen" not in data
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(out).execute("SELECT count(*) FROM youth").fetchone()
    # with the passphrase it is a case file like any other
    edited = laptop_run(register, out, "youth", "edit", "R1", "--cohort", "Hold 9")
    assert edited.exit_code == 0, edited.stderr
    # the wrong passphrase opens nothing and changes nothing on either side
    on_laptop = out.read_bytes()
    monkeypatch.setenv("EFTER_PASSPHRASE", "forkert")
    wrong = register.run(mette, "register", "checkin", str(out))
    assert wrong.exit_code == 1
    assert wrong.stderr == (
        f"Error: The passphrase does not open the case file {out}: check EFTER_PASSPHRASE or "
        "type it again (a file that is not a case file also ends here).\n"
    )
    assert out.read_bytes() == on_laptop
    shown = json.loads(register.run(mette, "youth", "show", "R1", "--json").stdout)
    assert shown["cohort"] != "Hold 9"
    # the right one checks it in, with the laptop's change
    monkeypatch.setenv("EFTER_PASSPHRASE", "rødgrød med fløde")
    back = register.run(mette, "register", "checkin", str(out))
    assert back.exit_code == 0, back.stderr
    shown = json.loads(register.run(mette, "youth", "show", "R1", "--json").stdout)
    assert shown["cohort"] == "Hold 9"


def test_a_checkout_takes_its_coordinators_own_phone_and_no_one_elses(
    register: Register, two: tuple[str, str], tmp_path: Path
) -> None:
    mette, _ = two
    for first, phone in (("Mette", "76 16 20 41"), ("Ole", "76 16 20 52")):
        own = register.run(register.owner, "config", "set", "coordinator-phone", phone,
                           "--coordinator", register.name(first))  # fmt: skip
        assert own.exit_code == 0, own.stderr
    out = tmp_path / "mia.db"
    assert register.run(mette, "register", "checkout", "R1", "--to", str(out)).exit_code == 0
    settings = json.loads(laptop_run(register, out, "config", "list", "--json").stdout)
    assert {k: v for k, v in settings.items() if ":" in k} == {
        f"coordinator-phone:{register.name('Mette')}": "76 16 20 41"
    }
    offline = laptop_run(register, out, "contract", "render", "R1")
    assert f"{register.name('Mette')}, tlf. 76 16 20 41" in offline.stdout


def test_a_young_person_enrolled_offline_comes_in_as_a_new_case_at_checkin(
    register: Register, two: tuple[str, str], tmp_path: Path
) -> None:
    mette, ole = two
    out = tmp_path / "mia.db"
    assert register.run(mette, "register", "checkout", "R1", "--to", str(out)).exit_code == 0
    # on the road: a new young person, with a team member and an agreement
    for args in [
        ("youth", "add", "Ny Ung", "--ref", "R9", "--born", "2010-01-01",
         "--coordinator", register.name("Mette")),
        ("team", "add", "R9", "--role", "ungevejleder", "--name", "Lis Holm"),
        ("agreement", "add", "R9", "--what", "Søge SU", "--owner", "youth", "--due", "2027-01-10"),
    ]:  # fmt: skip
        result = laptop_run(register, out, *args)
        assert result.exit_code == 0, (args, result.stderr)
    # meanwhile Ole enrols one on the register: the laptop's new one takes the next id after
    assert register.run(ole, "youth", "add", "Anden Ung", "--born", "2009-01-01",
                        "--coordinator", register.name("Ole")).stdout == "3\n"  # fmt: skip
    back = register.run(mette, "register", "checkin", str(out))
    assert back.exit_code == 0, back.stderr
    assert back.stdout == "4\tR9\tNy Ung\n"
    assert back.stderr.endswith(
        "1 young person enrolled on the laptop came in as a new case (the register's id first, "
        "below).\n"
    )
    shown = json.loads(register.run(mette, "youth", "show", "R9", "--json").stdout)
    assert (shown["id"], shown["name"]) == (4, "Ny Ung")
    agreements = json.loads(register.run(mette, "agreement", "list", "R9", "--json").stdout)
    assert [a["what"] for a in agreements] == ["Søge SU"]
    members = json.loads(register.run(mette, "team", "list", "R9", "--json").stdout)
    assert [m["name"] for m in members] == ["Lis Holm"]
    # the new case is Mette's to change on the register, and not checked out
    assert register.run(mette, "youth", "edit", "R9", "--cohort", "Hold 2").exit_code == 0
    # its offline uses are in the register's log under its new id
    with psycopg.connect(register.owner) as db:
        offline = db.execute(
            "SELECT youth_id, command FROM efter.audit_event "
            "WHERE command LIKE '%% [offline, %%' AND youth_id = 4 ORDER BY id"
        ).fetchall()
    assert [r[1].split(" [offline, ")[0] for r in offline] == [
        "youth add", "team add", "agreement add"
    ]  # fmt: skip


def test_a_checkin_whose_new_young_person_is_refused_changes_nothing(
    register: Register, two: tuple[str, str], tmp_path: Path
) -> None:
    mette, _ = two
    out = tmp_path / "mia.db"
    assert register.run(mette, "register", "checkout", "R1", "--to", str(out)).exit_code == 0
    assert laptop_run(register, out, "youth", "edit", "R1", "--cohort", "Hold 7").exit_code == 0
    # a new young person with a ref another young person on the register has (Ole's R2)
    added = laptop_run(register, out, "youth", "add", "Ny Ung", "--ref", "R2", "--born",
                       "2010-01-01", "--coordinator", register.name("Mette"))  # fmt: skip
    assert added.exit_code == 0, added.stderr
    before, laptop = dump(register.owner), raw(out)
    result = register.run(mette, "register", "checkin", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: A young person in {out} has a ref (case number) that another young person on "
        "the register has already (perhaps one you do not see): correct the ref in "
        f"{out} ('efter youth edit YOUTH --ref NEW --db {out}') and try again.\n"
    )
    assert dump(register.owner) == before and raw(out) == laptop
    # corrected as the sentence says, the checkin takes both
    assert laptop_run(register, out, "youth", "edit", "Ny Ung", "--ref", "R3").exit_code == 0
    back = register.run(mette, "register", "checkin", str(out))
    assert back.exit_code == 0, back.stderr
    assert back.stdout == "4\tR3\tNy Ung\n"  # id 3 went to the refused try (sequences)
