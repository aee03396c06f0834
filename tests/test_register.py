"""The municipality's register (issue 17): the same commands on PostgreSQL, and who sees what,
refused by the database itself.

These tests always run on PostgreSQL, whichever --engine the run has: a server named by
EFTER_TEST_PG, or a throwaway cluster (tests/helpers/pgcluster.py). Each test gets a database
of its own and coordinators whose names (and so roles, which belong to the whole server) are
its own; both are dropped at the end.
"""

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from typer.testing import CliRunner, Result

from efter.cli import app
from efter.core.register import classified_tables, role_name
from tests.helpers.pgcluster import drop_database, pg_database, with_user


@dataclass
class Register:
    owner: str  # the URL of the register's owner
    tag: str
    roles: list[str] = field(default_factory=list)
    invoke: Callable[..., Result] | None = None

    def name(self, first: str) -> str:
        """A coordinator's name for this test (roles are the server's, shared by all tests)."""
        return f"{first} {self.tag}"

    def url(self, name: str) -> str:
        return with_user(self.owner, role_name(name))

    def run(self, as_url: str, *args: str) -> Result:
        assert self.invoke is not None
        return self.invoke(*args, "--db", as_url)

    def coordinator(self, first: str, *, team_leader: bool = False) -> str:
        """Add a coordinator; the URL they log in with."""
        name = self.name(first)
        extra = ("--team-leader",) if team_leader else ()
        result = self.run(self.owner, "register", "coordinator", "add", name, *extra)
        assert result.exit_code == 0, result.stderr
        role = result.stdout.strip()
        assert role == role_name(name)
        self.roles.append(role)
        return self.url(name)

    def sql(self, url: str, statement: str, params: tuple[object, ...] = ()) -> int:
        """Run one statement as the role of `url` straight on the database; rows affected."""
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET search_path = efter")
            return conn.execute(statement, params).rowcount


@pytest.fixture
def register(pg_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Register]:
    """A register set up with `efter register init` by its owner."""
    for key in ("EFTER_DEBUG", "EFTER_PASSPHRASE", "FORCE_COLOR", "EFTER_DB"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("EFTER_TODAY", "2026-11-28")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    tag = uuid.uuid4().hex[:8]
    database = f"efter_register_{tag}"
    owner = pg_database(pg_server, database, template="template0")
    runner = CliRunner()
    reg = Register(owner=owner, tag=tag)
    reg.invoke = lambda *args: runner.invoke(app, list(args), catch_exceptions=False)
    result = reg.run(owner, "register", "init")
    assert result.exit_code == 0, result.stderr
    try:
        yield reg
    finally:
        drop_database(pg_server, database)
        with psycopg.connect(pg_server, autocommit=True) as conn:
            for role in reg.roles:
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def two(register: Register) -> tuple[str, str]:
    """Mette and Ole, each with one young person of their own (R1 Mette's, R2 Ole's), Mette's
    with a team member, a meeting, an agreement and a rating."""
    mette, ole = register.coordinator("Mette"), register.coordinator("Ole")
    for who, args in [
        (mette, ("youth", "add", "Mia Jensen", "--ref", "R1", "--born", "2009-05-01",
                 "--coordinator", register.name("Mette"))),
        (ole, ("youth", "add", "Jonas Berg", "--ref", "R2", "--born", "2008-02-01",
               "--coordinator", register.name("Ole"))),
        (mette, ("team", "add", "R1", "--role", "jobcenter", "--name", "Kim Lund")),
        (mette, ("meeting", "plan", "R1", "--at", "2026-12-03 14:00")),
        (mette, ("agreement", "add", "R1", "--what", "Søge praktik", "--owner", "youth",
                 "--due", "2026-12-15")),
        (mette, ("rate", "R1", "uddannelse=2", "--phase", "start", "--date", "2026-11-01")),
    ]:  # fmt: skip
        result = register.run(who, *args)
        assert result.exit_code == 0, (args, result.stderr)
    return mette, ole


def test_init_builds_the_schema_with_the_same_migrations(register: Register) -> None:
    from efter.core.migrations import MIGRATIONS

    with psycopg.connect(register.owner) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM efter.migration ORDER BY name")]
        version = conn.execute("SELECT version FROM efter.schema_version").fetchone()
    assert sorted(m.__name__ for m in MIGRATIONS) == names
    assert version == (len(MIGRATIONS),)
    again = register.run(register.owner, "register", "init")
    assert again.exit_code == 0
    assert "is up to date" in again.stderr


def test_a_coordinator_sees_only_their_own_young_people(
    register: Register, two: tuple[str, str]
) -> None:
    mette, ole = two
    mine = register.run(mette, "youth", "list", "--json")
    assert [y["ref"] for y in json.loads(mine.stdout)] == ["R1"]
    theirs = register.run(ole, "youth", "list", "--json")
    assert [y["ref"] for y in json.loads(theirs.stdout)] == ["R2"]
    shown = register.run(ole, "youth", "show", "R1")
    assert shown.exit_code == 1
    assert shown.stderr == (
        "Error: No young person has the id or ref 'R1': see 'efter youth list' for who is on "
        "file.\n"
    )
    # Straight on the database: every table about Mia is empty to Ole.
    with psycopg.connect(ole) as conn:
        for table in ("youth", "member", "meeting", "agreement", "rating", "rating_path",
                      "agreement_count", "agreement_owner_count"):  # fmt: skip
            count = conn.execute(
                f"SELECT count(*) FROM efter.{table} WHERE "
                + ("id = 1" if table == "youth" else "youth_id = 1")
            ).fetchone()
            assert count == (0,), table


def _plan(url: str, statement: str) -> str:
    """EXPLAIN of a statement as the role of `url`, sequential scans off: whether an index
    can answer it at all (a tiny register would be scanned anyway)."""
    with psycopg.connect(url) as conn:
        conn.execute("SET search_path = efter")
        conn.execute("SET enable_seqscan = off")
        return "\n".join(row[0] for row in conn.execute(f"EXPLAIN (COSTS OFF) {statement}"))


def test_a_coordinators_rows_are_read_through_the_index_on_their_young_person(
    register: Register, two: tuple[str, str]
) -> None:
    """The policies hand the young people the role sees to the row's test as an array, so
    the planner reads a coordinator's meetings and agreements by their young person's index,
    not every row of the table (docs/performance.md, "Row-level security through an
    index")."""
    mette, _ole = two
    for table in ("meeting", "agreement", "rating", "journal"):
        plan = _plan(mette, f"SELECT * FROM {table}")
        assert "Index Cond: (youth_id = ANY ($" in plan, plan


# The case tables' policy as efter's register init made it before m028_case_policies_by_index.
_OLD_VISIBLE = "youth_id IN (SELECT visible_youth(current_user))"


def test_a_register_set_up_before_the_index_policies_is_brought_up_to_date(
    register: Register, two: tuple[str, str]
) -> None:
    """A register made by the efter before m028 (its case tables' policies the hashed
    `IN (SELECT ...)`): a coordinator's efter asks for the owner; the owner's efter brings it
    up to date (any command: the migration makes the policies again); then every case
    table's policy has the new shape, and the coordinators see exactly what they saw."""
    from efter.core.migrations import MIGRATIONS

    by_youth = [t for t, group in classified_tables().items() if group == "case (by young person)"]
    at = [m.__name__ for m in MIGRATIONS].index("m028_case_policies_by_index")  # steps before
    mette, ole = two
    before = {who: register.run(who, "youth", "list", "--json").stdout for who in two}
    with psycopg.connect(register.owner) as conn:
        conn.execute("SET search_path = efter")
        for table in by_youth:
            conn.execute(f'DROP POLICY "on_case" ON {table}')
            conn.execute(
                f'CREATE POLICY "on_case" ON {table} FOR ALL TO efter_coordinator, '
                f"efter_team_leader USING ({_OLD_VISIBLE}) WITH CHECK ({_OLD_VISIBLE})"
            )
        conn.execute('DROP POLICY "read" ON audit_event')
        conn.execute(
            'CREATE POLICY "read" ON audit_event FOR SELECT TO efter_coordinator, '
            f"efter_team_leader USING (os_user = session_user OR {_OLD_VISIBLE})"
        )
        conn.execute("DELETE FROM migration WHERE name >= 'm028_case_policies_by_index'")
        conn.execute("UPDATE schema_version SET version = %s", (at,))
    assert "Index Cond: (youth_id = ANY" not in _plan(mette, "SELECT * FROM meeting")
    refused = register.run(mette, "youth", "list")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: The register is at schema {at} and this efter needs "
        f"{len(MIGRATIONS)}: its owner brings it up to date with 'efter register init --db "
        "URL'.\n"
    )
    assert register.run(register.owner, "youth", "list").exit_code == 0
    with psycopg.connect(register.owner) as conn:
        conn.execute("SET search_path = efter")
        policies = conn.execute(
            "SELECT tablename, qual, with_check FROM pg_policies WHERE schemaname = 'efter' "
            "AND (policyname = 'on_case' AND tablename = ANY (%s) OR tablename = 'audit_event' "
            "AND policyname = 'read')",
            (list(by_youth),),
        ).fetchall()
    assert len(policies) == len(by_youth) + 1
    for table, qual, check in policies:
        assert "youth_id = ANY (ARRAY( SELECT visible_youth(CURRENT_USER)" in qual, table
        assert " IN " not in qual, table
        if table != "audit_event":
            assert check == qual, table
    assert "Index Cond: (youth_id = ANY ($" in _plan(mette, "SELECT * FROM meeting")
    assert {who: register.run(who, "youth", "list", "--json").stdout for who in two} == before
    assert register.sql(ole, "UPDATE agreement SET what = 'Ændret' WHERE youth_id = 1") == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        register.sql(
            ole,
            "INSERT INTO journal (youth_id, written, author, text) VALUES (1, 'x', 'x', 'x')",
        )


def test_a_coordinators_young_people_are_read_through_an_index(
    register: Register, two: tuple[str, str]
) -> None:
    """The young person's own policy is two index conditions, my name (the index by status
    and coordinator) or the young people shared with me (the primary key), so a coordinator's
    statement on
    youth reads their own, not every young person tested (docs/performance.md, "The young
    person's own policy through an index"); and what each sees is as before: their own,
    and one shared with them until its day."""
    mette, ole = two
    plan = _plan(mette, "SELECT * FROM youth")
    assert "Index Cond: (coordinator = $" in plan, plan
    assert "Index Cond: (id = ANY ($" in plan, plan
    assert "Filter" not in plan.split("->", 1)[0], plan  # nothing left to test on a row
    with psycopg.connect(ole) as conn:
        assert conn.execute("SELECT ref FROM efter.youth").fetchall() == [("R2",)]
    shared = register.run(mette, "youth", "share", "R1", "--with", register.name("Ole"))
    assert shared.exit_code == 0, shared.stderr
    with psycopg.connect(ole) as conn:
        seen = conn.execute("SELECT ref FROM efter.youth ORDER BY ref").fetchall()
    assert seen == [("R1",), ("R2",)]
    register.sql(mette, "UPDATE youth_share SET until = '2026-01-01'")
    with psycopg.connect(ole) as conn:
        assert conn.execute("SELECT ref FROM efter.youth").fetchall() == [("R2",)]


# The young person's policy as efter's register init made it before m031_youth_policy_by_index.
_OLD_SEEN = (
    "coordinator = (SELECT my_name(current_user)) OR id IN (SELECT shared_youth(current_user))"
)


def test_a_register_set_up_before_the_youth_policy_by_index_is_brought_up_to_date(
    register: Register, two: tuple[str, str]
) -> None:
    """A register made by the efter before m031: a coordinator's efter asks for the owner;
    the owner's efter makes the young person's policies again; then they are index
    conditions, and every coordinator sees exactly what they saw."""
    from efter.core.migrations import MIGRATIONS

    at = [m.__name__ for m in MIGRATIONS].index("m031_youth_policy_by_index")
    mette, ole = two
    shared = register.run(mette, "youth", "share", "R1", "--with", register.name("Ole"))
    assert shared.exit_code == 0, shared.stderr
    before = {who: register.run(who, "youth", "list", "--json").stdout for who in two}
    with psycopg.connect(register.owner) as conn:
        conn.execute("SET search_path = efter")
        for name in ("see", "change"):
            conn.execute(f'ALTER POLICY "{name}" ON youth USING ({_OLD_SEEN})')
        conn.execute("DELETE FROM migration WHERE name >= 'm031_youth_policy_by_index'")
        conn.execute("UPDATE schema_version SET version = %s", (at,))
    assert "Index Cond: (coordinator = $" not in _plan(mette, "SELECT * FROM youth")
    refused = register.run(mette, "youth", "list")
    assert refused.exit_code == 1
    assert "its owner brings it up to date" in refused.stderr
    assert register.run(register.owner, "youth", "list").exit_code == 0
    with psycopg.connect(register.owner) as conn:
        policies = dict(
            conn.execute(
                "SELECT policyname, qual FROM pg_policies WHERE schemaname = 'efter' "
                "AND tablename = 'youth' AND policyname IN ('see', 'change')"
            ).fetchall()
        )
    assert set(policies) == {"see", "change"}
    for name, qual in policies.items():
        assert 'my_name(CURRENT_USER) COLLATE "default")' in qual, name
        assert "(id = ANY (ARRAY( SELECT efter.shared_youth(CURRENT_USER)" in qual, name
        assert " IN " not in qual, name
    plan = _plan(mette, "SELECT * FROM youth")
    assert "Index Cond: (coordinator = $" in plan, plan
    assert {who: register.run(who, "youth", "list", "--json").stdout for who in two} == before
    assert register.sql(ole, "UPDATE youth SET cohort = 'x' WHERE ref = 'R1'") == 1  # shared
    assert register.sql(mette, "UPDATE youth SET cohort = 'x' WHERE ref = 'R2'") == 0


def test_changing_another_coordinators_case_is_refused_by_the_database(
    register: Register, two: tuple[str, str]
) -> None:
    mette, ole = two
    # Through efter: not found, nothing changed.
    assert register.run(ole, "youth", "edit", "R1", "--cohort", "Hold 9").exit_code == 1
    # Straight on the database: the rows are not there for Ole's role.
    assert register.sql(ole, "UPDATE youth SET name = 'Ændret' WHERE ref = 'R1'") == 0
    assert register.sql(ole, "UPDATE agreement SET what = 'Ændret' WHERE youth_id = 1") == 0
    assert register.sql(ole, "DELETE FROM youth WHERE ref = 'R1'") == 0
    assert register.sql(ole, "DELETE FROM rating WHERE youth_id = 1") == 0
    # Nor can Ole put a young person on Mette's caseload, or a record on Mette's case.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        register.sql(
            ole,
            "INSERT INTO youth (name, born, start, coordinator, created, updated) "
            "VALUES ('X', '2009-01-01', '2026-01-01', %s, 'x', 'x')",
            (register.name("Mette"),),
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        register.sql(
            ole,
            "INSERT INTO journal (youth_id, written, author, text) VALUES (1, 'x', 'x', 'x')",
        )
    added = register.run(
        ole, "youth", "add", "X", "--born", "2009-01-01", "--coordinator", register.name("Mette")
    )
    assert added.exit_code == 1
    assert added.stderr.startswith("Error: The register refused this: your role may not do it")
    shown = register.run(mette, "youth", "show", "R1", "--json")
    assert json.loads(shown.stdout)["name"] == "Mia Jensen"


def test_asking_about_another_coordinators_case_tells_nothing(
    register: Register, two: tuple[str, str]
) -> None:
    mette, ole = two
    mette_role = role_name(register.name("Mette"))
    with psycopg.connect(ole) as conn:
        conn.execute("SET search_path = efter")
        asked = conn.execute(
            "SELECT mine(1, %s), shared_with_me(1, %s), my_name(%s)",
            (mette_role, mette_role, mette_role),
        ).fetchone()
    assert asked == (False, False, None)
    with psycopg.connect(mette) as conn:
        conn.execute("SET search_path = efter")
        assert conn.execute("SELECT mine(1, %s)", (mette_role,)).fetchone() == (True,)


def test_nobody_rewrites_the_audit_log(register: Register, two: tuple[str, str]) -> None:
    mette, ole = two
    for who in (mette, ole):
        for statement in (
            "UPDATE audit_event SET os_user = 'someone'",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                register.sql(who, statement)
    # A line a coordinator adds is stamped with their role, whatever they write.
    register.sql(
        ole,
        "INSERT INTO audit_event (at, os_user, action, youth_id, command) "
        "VALUES ('2026-11-28T10:00:00', 'mette', 'viewed', 2, 'forged')",
    )
    with psycopg.connect(register.owner) as conn:
        row = conn.execute(
            "SELECT os_user FROM efter.audit_event WHERE command = 'forged'"
        ).fetchone()
        users = {r[0] for r in conn.execute("SELECT DISTINCT os_user FROM efter.audit_event")}
    assert row == (role_name(register.name("Ole")),)
    assert users == {role_name(register.name("Mette")), role_name(register.name("Ole"))}


def test_a_shared_case_is_seen_and_changed_until_its_day(
    register: Register, two: tuple[str, str]
) -> None:
    mette, ole = two
    shared = register.run(
        mette, "youth", "share", "R1", "--with", register.name("Ole"), "--until", "2026-12-31"
    )
    assert shared.exit_code == 0, shared.stderr
    assert shared.stderr == (
        f"Shared Mia Jensen (id 1) with {role_name(register.name('Ole'))} until 2026-12-31.\n"
    )
    with psycopg.connect(register.owner) as conn:
        line = conn.execute(
            "SELECT os_user, action, youth_id FROM efter.audit_event WHERE command = 'youth share'"
        ).fetchall()
    assert line == [(role_name(register.name("Mette")), "changed", 1)]
    assert register.run(ole, "youth", "edit", "R1", "--cohort", "Hold 2").exit_code == 0
    assert register.run(ole, "team", "list", "R1", "--json").exit_code == 0
    # Shared is not erasable: only the coordinator erases.
    assert register.sql(ole, "DELETE FROM youth WHERE ref = 'R1'") == 0
    # Ole cannot share Mette's young person on (nor to himself for longer), nor stretch the
    # share he was given.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        register.sql(
            ole,
            "INSERT INTO youth_share (youth_id, role, created) VALUES (1, %s, 'x') "
            "ON CONFLICT (youth_id, role) DO UPDATE SET until = NULL",
            (role_name(register.name("Ole")),),
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        register.sql(ole, "UPDATE youth_share SET until = '2099-12-31'")
    # A share that has run out shows nothing.
    register.sql(mette, "UPDATE youth_share SET until = '2026-01-01'")
    assert register.sql(ole, "UPDATE youth SET cohort = 'x' WHERE ref = 'R1'") == 0


def test_a_team_leader_sees_no_names_unless_shared(
    register: Register, two: tuple[str, str]
) -> None:
    leader = register.coordinator("Tina", team_leader=True)
    listed = register.run(leader, "youth", "list", "--json")
    assert listed.exit_code == 0
    assert listed.stdout == "[]\n"
    with psycopg.connect(leader) as conn:
        assert conn.execute("SELECT count(*) FROM efter.youth").fetchone() == (0,)
    mette = two[0]
    assert (
        register.run(mette, "youth", "share", "R1", "--with", register.name("Tina")).exit_code == 0
    )
    listed = register.run(leader, "youth", "list", "--json")
    assert [y["ref"] for y in json.loads(listed.stdout)] == ["R1"]


def test_sharing_is_for_the_register(run, env, tmp_path: Path) -> None:
    laptop = str(tmp_path / "laptop.db")  # a case file, whichever engine the run has
    assert run("--db", laptop, "init").exit_code == 0
    run("--db", laptop, "youth", "add", "Mia Jensen", "--born", "2009-05-01")
    result = run("--db", laptop, "youth", "share", "1", "--with", "Ole Dam")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Sharing is for the municipality's register: a case file on a laptop is yours "
        "alone (see docs/register.md).\n"
    )


def test_register_commands_need_a_url(run, env, tmp_path: Path) -> None:
    result = run("register", "coordinator", "list", "--db", str(tmp_path / "laptop.db"))
    assert result.exit_code == 2
    assert "give --db (or EFTER_DB) its postgresql:// URL" in result.stderr


def test_a_coordinator_name_makes_a_plain_role_name() -> None:
    assert role_name("Mette Holm") == "efter_mette_holm"
    assert role_name("  Søren Ærø-Åberg ") == "efter_soeren_aeroe_aaberg"
    assert role_name("Zoë O'Brien") == "efter_zoe_o_brien"


def test_a_wrong_url_is_one_sentence(run, env) -> None:
    result = run("youth", "list", "--db", "postgresql://nobody@/nowhere?host=/nonexistent")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: Could not open the register at postgresql://nobody@/nowhere?host=/nonexistent ("
    )
    assert result.stderr.endswith(
        "check the URL, that the server runs, and that your role may log in.\n"
    )


def test_a_password_never_shows(run, env) -> None:
    result = run("path", "--db", "postgresql://mette:hemmelig@db.example.dk/efter")
    assert result.stdout == "postgresql://mette:***@db.example.dk/efter\n"


def test_the_not_yet_list_names_real_modules() -> None:
    """PG_NOT_YET only shrinks: each name is a test module that exists, and the register's own
    tests are never on it."""
    from tests.conftest import PG_NOT_YET

    here = Path(__file__).parent
    assert sorted(name for name in PG_NOT_YET if not (here / name).is_file()) == []
    assert "test_register.py" not in PG_NOT_YET


def test_a_case_another_command_holds_is_busy_not_broken(
    register: Register, two: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mette = two[0]
    monkeypatch.setenv("EFTER_BUSY_TIMEOUT", "1")
    with psycopg.connect(mette) as holder:
        holder.execute("SELECT * FROM efter.youth WHERE ref = 'R1' FOR UPDATE")
        result = register.run(mette, "youth", "edit", "R1", "--cohort", "Hold 2")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The register stayed busy with another command (")
    assert result.stderr.endswith(
        "try again when it has finished (wait longer with EFTER_BUSY_TIMEOUT=SECONDS).\n"
    )
    assert register.run(mette, "youth", "edit", "R1", "--cohort", "Hold 2").exit_code == 0


def test_a_database_that_sorts_otherwise_is_refused(pg_server: str, run, env) -> None:
    from tests.helpers.pgcluster import drop_database, with_database

    name = f"efter_other_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(
            f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu "
            "ICU_LOCALE 'da-DK' LOCALE 'C.UTF-8'"
        )
    try:
        result = run("init", "--db", with_database(pg_server, name))
    finally:
        drop_database(pg_server, name)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: The database at {with_database(pg_server, name)} sorts text as 'da-DK (ICU)'"
    )
    assert "efter compares text byte by byte" in result.stderr


def test_a_database_not_set_up_is_named_with_the_way_out(pg_server: str, run, env) -> None:
    """The register's 'there is no case file': an empty database is not touched."""
    from tests.helpers.pgcluster import drop_database, pg_database

    name = f"efter_empty_{uuid.uuid4().hex[:8]}"
    url = pg_database(pg_server, name)
    try:
        result = run("youth", "list", "--db", url)
        with psycopg.connect(url) as conn:
            schemas = conn.execute(
                "SELECT count(*) FROM pg_namespace WHERE nspname = 'efter'"
            ).fetchone()
    finally:
        drop_database(pg_server, name)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The database at {url} is not an efter register yet: its owner sets it up "
        "with 'efter register init --db URL'.\n"
    )
    assert schemas == (0,)


def test_both_engines_have_the_same_tables_and_columns(
    register: Register, run, env, tmp_path: Path
) -> None:
    """The same migrations give the same schema: every table and column of a new case file
    is in a new register, in the same order (the register adds only its own tables)."""
    import sqlite3

    laptop = tmp_path / "laptop.db"
    assert run("--db", str(laptop), "init").exit_code == 0
    conn = sqlite3.connect(laptop)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        on_file = {t: [c[1] for c in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    finally:
        conn.close()
    with psycopg.connect(register.owner) as pg:
        rows = pg.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'efter' ORDER BY table_name, ordinal_position"
        ).fetchall()
    on_register: dict[str, list[str]] = {}
    for table, column in rows:
        on_register.setdefault(table, []).append(column)
    assert {t: on_register.get(t) for t in on_file} == on_file
    assert set(on_register) - set(on_file) == {
        "schema_version", "coordinator", "youth_share", "erasure_key", "erasure_ledger"
    }  # fmt: skip


def test_the_address_book_is_the_registers_and_a_change_reaches_every_case(
    register: Register, two: tuple[str, str]
) -> None:
    """Issue 18 on the register: a professional is one person on every coordinator's cases.
    Ole adding Mette's Peter Dam to his own case uses the same person; Ole's correction of the
    phone reaches Mette's case, which he cannot see; nobody but the owner deletes a person."""
    mette, ole = two
    peter = ("--role", "jobcenter", "--name", "Peter Dam", "--organisation", "Jobcenter Esbjerg")
    added = register.run(mette, "team", "add", "R1", *peter, "--phone", "76161000")
    assert added.exit_code == 0, added.stderr
    again = register.run(ole, "team", "add", "R2", *peter)
    assert again.exit_code == 0, again.stderr
    assert again.stderr.startswith("Added Peter Dam (person 2) to the team of Jonas Berg")
    edited = register.run(ole, "person", "edit", "2", "--phone", "76 16 20 00")
    assert edited.exit_code == 0, edited.stderr
    with psycopg.connect(register.owner) as conn:
        phones = conn.execute(
            "SELECT y.ref, m.phone FROM efter.member m JOIN efter.youth y ON y.id = m.youth_id "
            "WHERE m.professional_id = 2 ORDER BY y.ref"
        ).fetchall()
    assert phones == [("R1", "76 16 20 00"), ("R2", "76 16 20 00")]
    shown = register.run(ole, "person", "show", "2", "--json")
    assert [case["ref"] for case in json.loads(shown.stdout)["cases"]] == ["R2"]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        register.sql(ole, "DELETE FROM professional WHERE id = 2")
    with pytest.raises(psycopg.errors.IntegrityError, match="change them there"):
        register.sql(ole, "UPDATE member SET phone = '11 11 11 11' WHERE professional_id = 2")


def test_every_table_has_a_rule_on_the_register(run, env, tmp_path: Path) -> None:
    """A table a migration adds must be put in one of register.py's groups (who may see and
    change it); one left out would be refused to every coordinator, or worse, open to all."""
    import sqlite3

    laptop = tmp_path / "laptop.db"
    assert run("--db", str(laptop), "init").exit_code == 0
    conn = sqlite3.connect(laptop)
    try:
        tables = {
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    finally:
        conn.close()
    rules = classified_tables()
    assert sorted(tables - set(rules)) == []
    assert sorted(set(rules) - tables) == [
        "coordinator", "erasure_key", "erasure_ledger", "schema_version", "youth_share"
    ]  # fmt: skip


def test_new_ids_come_back_right_when_another_writer_commits_in_between(
    register: Register,
) -> None:
    """The address book is everyone's: a second coordinator's professional committed while
    the first one's insert runs must not be taken for one of the first one's new rows (the
    20-writer benchmark found `team add` failing so: ids were guessed from max(id) and read
    back). On the register the new ids are returned by the inserts themselves."""
    from efter.core import addressbook
    from efter.core.dialect import PostgresConnection

    def person(name: str) -> dict[str, object]:
        return {"name": name, "organisation": "Mentorhuset"}

    other = PostgresConnection.connect(register.owner)

    class Writer(PostgresConnection):
        interrupted = False

        def interrupt(self) -> None:  # the other writer adds one and commits
            if not Writer.interrupted:
                Writer.interrupted = True
                other.raw.execute("BEGIN")
                addressbook.create_many(other, [person("Bo Andersen")])  # type: ignore[arg-type]
                other.raw.execute("COMMIT")

        def execute(self, sql: str, params: object = ()) -> object:  # type: ignore[override]
            try:
                return super().execute(sql, params)
            finally:
                self.interrupt()

        def insert_ids(self, sql: str, seq: object) -> list[int]:  # type: ignore[override]
            try:
                return super().insert_ids(sql, seq)  # type: ignore[arg-type]
            finally:
                self.interrupt()

    first = Writer.connect(register.owner)
    try:
        first.raw.execute("BEGIN")
        ids = addressbook.create_many(first, [person("Kim Lund"), person("Sanne Berg")])  # type: ignore[arg-type]
        first.raw.execute("COMMIT")
        assert Writer.interrupted
        names = dict(first.raw.execute("SELECT id, name FROM professional").fetchall())
    finally:
        first.close()
        other.close()
    assert [names[i] for i in ids] == ["Kim Lund", "Sanne Berg"]
    assert sorted(names.values()) == ["Bo Andersen", "Kim Lund", "Sanne Berg"]


def test_the_session_settings_come_with_the_login_or_are_set_again(
    register: Register, two: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search path and the lock timeout travel with the login (libpq's `options`, after
    any the URL gives), so opening a register spends no statement on them; a connection
    pooler that drops them is met with SET, and the command works all the same."""
    from efter.core.register import open_register

    mette = two[0]
    monkeypatch.setenv("EFTER_BUSY_TIMEOUT", "7")
    given = f"{mette}&options=-c%20statement_timeout%3D5000"
    with open_register(given) as opened:
        settings = opened.conn.raw.execute(
            "SELECT current_setting('search_path'), current_setting('lock_timeout'), "
            "current_setting('statement_timeout')"
        ).fetchone()
    assert settings == ("efter", "7s", "5s")

    real = psycopg.connect

    def dropping(*args: Any, **kwargs: Any) -> Any:  # what such a pooler does
        kwargs.pop("options", None)
        return real(*args, **kwargs)

    monkeypatch.setattr(psycopg, "connect", dropping)
    with open_register(mette) as opened:
        settings = opened.conn.raw.execute(
            "SELECT current_setting('search_path'), current_setting('lock_timeout')"
        ).fetchone()
    assert settings == ("efter", "7s")
    listed = register.run(mette, "youth", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert [y["ref"] for y in json.loads(listed.stdout)] == ["R1"]


def test_the_owner_gives_each_coordinator_their_own_phone_for_the_contract(
    register: Register, two: tuple[str, str]
) -> None:
    mette, ole = two
    common = register.run(register.owner, "config", "set", "coordinator-phone", "76 16 20 30")
    assert common.exit_code == 0, common.stderr
    name = register.name("Mette")
    own = register.run(
        register.owner, "config", "set", "coordinator-phone", "76 16 20 41", "--coordinator", name
    )
    assert (own.exit_code, own.stderr) == (0, f"coordinator-phone:{name} = 76 16 20 41\n")
    contract = register.run(mette, "contract", "render", "R1")
    assert contract.exit_code == 0, contract.stderr
    assert f"**Ansvarlig tværgående koordinator:** {name}, tlf. 76 16 20 41" in contract.stdout
    theirs = register.run(ole, "contract", "render", "R2").stdout
    assert f"{register.name('Ole')}, tlf. 76 16 20 30" in theirs
    # the settings are the municipality's: a coordinator cannot set even their own
    refused = register.run(mette, "config", "set", "coordinator-phone", "1", "--coordinator", name)
    assert (refused.exit_code, refused.stderr) == (
        1,
        "Error: The register refused this: its settings, life areas, scale and prices are the "
        "municipality's, and only the register's owner changes them (permission denied for "
        "table setting).\n",
    )


# --- Many writers at once: no deadlock, and a victim's command run again -----------------


def _rating(conn: Any, youth_id: int, area: str) -> None:
    conn.execute(
        "INSERT INTO rating (youth_id, area, score, phase, rated_by, rated_on, created) "
        "VALUES (%s, %s, 3, 'start', 'professional', '2026-11-20', 'x')",
        (youth_id, area),
    )


def _waiting(url: str, *locktypes: str, timeout: float = 20.0) -> None:
    """Wait until a session of the register's database waits for a lock of one of
    `locktypes`."""
    import time

    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE NOT l.granted AND l.locktype = ANY (%s) AND a.datname = current_database()",
                (list(locktypes),),
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.01)
    raise AssertionError(f"nobody waited for a lock ({locktypes})")


def test_two_writers_rating_at_once_take_the_tally_in_turn(
    register: Register, two: tuple[str, str]
) -> None:
    """The kept tally of rating paths (rating_tally) has one row per rater, area and change,
    shared by every coordinator. Two transactions that each start a new path in one area and
    then one in the other, in opposite orders, each held the tally row the other wanted next:
    a deadlock (the register benchmark's one `efter rate` victim). With m029 the second waits
    for the first to end, both commit, and the tally counts every path."""
    import threading

    failures: list[BaseException] = []

    def second() -> None:
        try:
            with psycopg.connect(register.owner, autocommit=True) as b:
                b.execute("SET search_path = efter")
                b.execute("BEGIN")
                _rating(b, 1, "bolig")
                _rating(b, 1, "fritid")
                b.execute("COMMIT")
        except BaseException as error:  # reported below
            failures.append(error)

    with psycopg.connect(register.owner, autocommit=True) as a:
        a.execute("SET search_path = efter")
        a.execute("SET deadlock_timeout = '100ms'")
        a.execute("BEGIN")
        _rating(a, 2, "fritid")
        thread = threading.Thread(target=second)
        thread.start()
        _waiting(register.owner, "advisory", "transactionid")  # without m029: the second
        try:
            _rating(a, 2, "bolig")
            a.execute("COMMIT")
        except psycopg.errors.DeadlockDetected as error:
            failures.append(error)
        thread.join()
    assert failures == []
    with psycopg.connect(register.owner) as conn:
        conn.execute("SET search_path = efter")
        tally = conn.execute(
            "SELECT area, paths FROM rating_tally WHERE rated_by = 'professional' "
            "AND area IN ('bolig', 'fritid') ORDER BY area"
        ).fetchall()
        paths = conn.execute(
            "SELECT count(*) FROM rating_path WHERE area IN ('bolig', 'fritid')"
        ).fetchone()
    assert tally == [("bolig", 2), ("fritid", 2)]
    assert paths == (4,)


def _deadlocked_note(register: Register, who: str, text: str, given: str | None) -> Result:
    """`efter note add R1 TEXT` as `who` while another session takes the checkout lock
    alone and then R1's row: the command's insert holds R1 (its foreign key) and waits for
    the checkout lock, the other session waits for R1, and the server (whose deadlock
    timeout is shorter for efter's session) makes efter's transaction the victim."""
    import threading

    from efter.core.register import CHECKOUT_LOCK

    runner = CliRunner()
    done: list[Result] = []
    with psycopg.connect(register.owner, autocommit=True) as admin:
        admin.execute(
            f"ALTER DATABASE {psycopg.sql.Identifier(admin.info.dbname).as_string(admin)} "
            "SET deadlock_timeout = '50ms'"
        )
    with psycopg.connect(register.owner, autocommit=True) as other:
        other.execute("SET search_path = efter")
        other.execute("SET deadlock_timeout = '10s'")
        other.execute("BEGIN")
        other.execute("SELECT pg_advisory_xact_lock(%s)", (CHECKOUT_LOCK,))
        thread = threading.Thread(
            target=lambda: done.append(
                runner.invoke(
                    app,
                    ["note", "add", "R1", text, "--db", who],
                    input=given,
                    catch_exceptions=False,
                )
            )
        )
        thread.start()
        _waiting(register.owner, "advisory")
        other.execute("SELECT 1 FROM youth WHERE id = 1 FOR UPDATE")
        other.execute("COMMIT")
        thread.join()
    return done[0]


def _notes(register: Register) -> list[str]:
    with psycopg.connect(register.owner) as conn:
        rows = conn.execute("SELECT text FROM efter.journal ORDER BY id").fetchall()
    return [row[0] for row in rows]


def _deadlocks(register: Register) -> int:
    import time

    with psycopg.connect(register.owner, autocommit=True) as conn:
        time.sleep(1.1)  # the server's statistics reach the view within a second
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
    return int(row[0])


def test_a_deadlocks_victim_is_run_again_and_succeeds(
    register: Register, two: tuple[str, str]
) -> None:
    """The server rolled the command's transaction back whole: efter runs the command again
    from the start, and the coordinator sees only its ordinary output (the note written
    once, one audit line for it)."""
    mette = two[0]
    before = _deadlocks(register)
    result = _deadlocked_note(register, mette, "Samtale om praktik.", None)
    assert result.exit_code == 0, result.stderr
    # the first run's id went with its rollback (a sequence gives each number once)
    assert result.stderr == "Wrote note 2 in the journal of Mia Jensen (id 1).\n"
    assert result.stdout == "2\n"
    assert _notes(register) == ["Samtale om praktik."]
    assert _deadlocks(register) == before + 1
    with psycopg.connect(register.owner) as conn:
        lines = conn.execute(
            "SELECT action FROM efter.audit_event WHERE command = 'note add'"
        ).fetchall()
    assert lines == [("changed",)]


def test_a_victim_that_read_stdin_is_not_run_again(
    register: Register, two: tuple[str, str]
) -> None:
    """What a command read from stdin cannot be read again: the victim's rollback is said in
    one sentence, and nothing was written."""
    mette = two[0]
    result = _deadlocked_note(register, mette, "-", "Samtale om praktik.")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "Error: The register undid this command to let another one finish (deadlock detected); "
        "nothing of it was stored: run it again."
    )
    assert _notes(register) == []


def test_a_victim_is_run_at_most_five_times_and_never_after_a_commit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from efter.core import casefile

    monkeypatch.setattr(casefile, "VICTIM_PAUSE_S", 0.0)
    runs: list[int] = []

    def always() -> None:
        runs.append(1)
        raise casefile.Victim("chosen")

    with pytest.raises(casefile.Victim):
        casefile.again(always)
    assert len(runs) == casefile.VICTIM_TRIES == 5

    def committed_then_chosen() -> None:
        runs.append(1)
        casefile.commits += 1  # a first transaction of the command committed
        raise casefile.Victim("chosen")

    runs.clear()
    with pytest.raises(casefile.Victim):
        casefile.again(committed_then_chosen)
    assert len(runs) == 1

    def once_chosen() -> str:
        runs.append(1)
        if len(runs) == 1:
            raise casefile.Victim("chosen")
        return "done"

    runs.clear()
    assert casefile.again(once_chosen) == "done"
    assert len(runs) == 2


def test_a_register_before_the_tally_lock_gets_it_from_its_owner(
    register: Register, two: tuple[str, str]
) -> None:
    """A register set up before m029 (no tally_in_turn): the owner's efter brings it up to
    date on open, and every rating and path counted as before."""
    from efter.core.migrations import MIGRATIONS

    mette = two[0]
    names = [m.__name__ for m in MIGRATIONS]
    at = names.index("m029_rating_tally_in_turn")  # it and every later one not yet run
    with psycopg.connect(register.owner) as conn:
        conn.execute("SET search_path = efter")
        conn.execute("DROP TRIGGER tally_in_turn ON rating")
        conn.execute("DROP TRIGGER tally_in_turn ON rating_path")
        conn.execute("DROP FUNCTION tally_in_turn()")
        conn.execute("DELETE FROM migration WHERE name = ANY(%s)", (names[at:],))
        conn.execute("UPDATE schema_version SET version = %s", (at,))
    assert register.run(mette, "youth", "list").exit_code == 1  # asks for the owner
    assert register.run(register.owner, "youth", "list").exit_code == 0
    rated = register.run(mette, "rate", "R1", "uddannelse=4", "bolig=2", "--phase", "end")
    assert rated.exit_code == 0, rated.stderr
    with psycopg.connect(register.owner) as conn:
        triggers = conn.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'tally_in_turn' "
            "ORDER BY 1"
        ).fetchall()
        tally = conn.execute(
            "SELECT area, change, paths FROM efter.rating_tally ORDER BY area"
        ).fetchall()
    assert triggers == [("efter.rating",), ("efter.rating_path",)]
    assert tally == [("bolig", 0, 1), ("uddannelse", 2, 1)]
