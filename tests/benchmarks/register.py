"""The register's numbers (issue 17), against a local PostgreSQL.

    python -m tests.benchmarks --register [--size smoke|full] [--repeat N] [--writers N]
                                          [--rounds N]

Two parts, on one register made for the run (a database on EFTER_TEST_PG's server, or a
throwaway cluster of the operating system's PostgreSQL, stopped at the end):

- Reading: a register of 3,000 young people (the full size: 100 coordinators with 30 each,
  100,000 ratings, 30,000 meetings, 15,000 agreements), built fast (the benchmark case file's
  generator into a SQLite file, then COPY into the register's tables), then every report and
  `efter due` run as one coordinator's role (row-level security on: they see their 30) and
  every report as the register's owner (every young person). Budgets: a report < 300 ms,
  `due` for one coordinator < 150 ms (wall time, median, a new process each run as a user
  runs it: psycopg's import and the connection included). Two rows more show what any
  command on a register spends before its first question (informational): `efter
  --version` (Python and efter) and Python with efter and psycopg imported.
- Writing: 20 coordinators at once (the full size), each a login role of its own made by
  `efter register coordinator add`, each a process running a mix of writing commands through
  the CLI on its own young people (youth add, meeting plan and held, rate, agreement add, goal
  add, note add, status, team add) for --rounds rounds. Then the register's rows are counted:
  every command that said it stored something must have, and no command may fail (a deadlock
  or "busy" is a failure).

Exit status 1 when a command fails or a count is wrong, and with --strict also when a budget
is missed. The smoke size (10 coordinators with 10 young people each, 3 writers, one round)
checks that this part works, in well under a minute.
"""

import contextlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from . import casefile as data

REPORTS = ("caseload", "outcomes", "meetings", "agreements", "deadlines", "progress")
TEAM_LEADER = "Teamleder Hanne Vestergaard"  # reads every caseload's figures, no names
REPORT_BUDGET = 0.300
DUE_BUDGET = 0.150


@dataclass(frozen=True)
class RegisterSize:
    name: str
    coordinators: int
    per_coordinator: int  # young people each
    meetings: int
    ratings: int
    agreements: int
    writers: int  # coordinators writing at once
    rounds: int  # each writer's rounds of commands
    repeat: int  # runs per reading row

    @property
    def youth(self) -> int:
        return self.coordinators * self.per_coordinator


REGISTER_SIZES = {
    "full": RegisterSize("full", 100, 30, 30_000, 100_000, 15_000, 20, 3, 9),
    "smoke": RegisterSize("smoke", 10, 10, 300, 3_000, 500, 3, 1, 1),
    # a municipality's whole aftercare: the laptop suite's full case file's young people and
    # records, 250 coordinators with 40 each
    "municipal": RegisterSize("municipal", 250, 40, 30_000, 300_000, 50_000, 20, 3, 9),
}


@dataclass
class Measured:
    label: str
    budget: float | None
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    server: list[float] = field(default_factory=list)  # the server's CPU for the command
    error: str | None = None

    @property
    def passed(self) -> bool | None:
        if self.error or not self.wall or self.budget is None:
            return None
        return statistics.median(self.wall) < self.budget


def coordinator_names(count: int, seed: int = 17, tag: str = "") -> list[str]:
    """`count` different coordinators' names (Danish, from the case file generator), each
    followed by `tag` when one is given (see Server.tag)."""
    rng = random.Random(seed)
    names: list[str] = []
    while len(names) < count:
        candidate = data.name(rng)
        if candidate not in names:
            names.append(candidate)
    return [f"{name} {tag}" for name in names] if tag else names


def team_leader(tag: str = "") -> str:
    return f"{TEAM_LEADER} {tag}" if tag else TEAM_LEADER


# --- the server and the register --------------------------------------------------------


class Server:
    """EFTER_TEST_PG's server, or a throwaway cluster started (and stopped) here."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        from tests.helpers import pgcluster

        self.folder: Path | None = None
        admin = os.environ.get("EFTER_TEST_PG")
        # Login roles belong to the whole server, and a coordinator's role is made from their
        # name: on a server others use too (EFTER_TEST_PG: the tests, another run, a run that
        # was stopped before it dropped its roles) the run's coordinators have names of their
        # own, so no role is there already. A throwaway cluster keeps the plain names.
        self.tag = uuid.uuid4().hex[:6] if admin else ""
        if not admin:
            self.folder = Path(tempfile.mkdtemp(prefix="efter-regbench-pg-"))
            echo(f"Starting a throwaway PostgreSQL cluster in {self.folder} ...")
            admin = pgcluster.start(self.folder)
        self.admin = admin
        self.name = f"efter_regbench_{os.getpid()}"
        self.url = pgcluster.pg_database(admin, self.name)
        self.roles: list[str] = []
        self._lock_waits()

    def _lock_waits(self) -> None:
        """Every wait for a lock longer than the deadlock timeout in the server's log, with
        the statements (a deadlock's are there anyway), for this run's database only: what
        to read when the writing part fails. Needs a superuser; without one, nothing."""
        import psycopg

        with (
            psycopg.connect(self.admin, autocommit=True) as conn,
            contextlib.suppress(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(f'ALTER DATABASE "{self.name}" SET log_lock_waits = on')

    def log(self) -> Path | None:
        """The server's log file: the throwaway cluster's, or EFTER_TEST_PG's when the
        server writes one this user may read (its logging collector's current file)."""
        if self.folder is not None:
            return self.folder / "server.log"
        import psycopg

        try:
            with psycopg.connect(self.admin, autocommit=True) as conn:
                row = conn.execute(
                    "SELECT current_setting('data_directory'), pg_current_logfile()"
                ).fetchone()
        except psycopg.Error:
            return None
        if not row or not row[1]:
            return None
        path = Path(row[0]) / row[1]
        return path if os.access(path, os.R_OK) else None

    def log_size(self) -> int:
        log = self.log()
        try:
            return log.stat().st_size if log is not None else 0
        except OSError:
            return 0

    def keep(self, since: int, failed: list[dict[str, Any]]) -> Path:
        """The server's log from byte `since` on and every failed command's line and whole
        message, in a folder of their own that outlives the run (a throwaway cluster and
        its log are deleted at the end)."""
        kept = Path(tempfile.mkdtemp(prefix="efter-regbench-failed-"))
        log = self.log()
        if log is not None:
            with open(log, "rb") as source, open(kept / "server.log", "wb") as out:
                source.seek(since)
                shutil.copyfileobj(source, out)
        else:
            (kept / "server.log").write_text(
                "The server's log could not be read from here: look in the server's own "
                "log folder for the run's time.\n"
            )
        with open(kept / "failed-commands.txt", "w") as out:
            for done in failed:
                out.write(f"$ efter {' '.join(done['argv'] or [])}\n{done['stderr'] or ''}\n")
        return kept

    def clock(self) -> "ServerClock | None":
        """The server's CPU time, when it is a cluster started here (its /proc readable)."""
        if self.folder is None:
            return None
        try:
            return ServerClock(self.folder / "data" / "postmaster.pid")
        except OSError:
            return None

    def as_role(self, role: str) -> str:
        from tests.helpers.pgcluster import with_user

        return with_user(self.url, role)

    def close(self) -> None:
        import psycopg

        from tests.helpers import pgcluster

        pgcluster.drop_database(self.admin, self.name)
        with psycopg.connect(self.admin, autocommit=True) as conn:
            roles = set(self.roles)  # roles belong to the cluster, not to the database
            if self.tag:  # also those of a build that failed part of the way
                roles.update(row[0] for row in conn.execute(
                    "SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                    (f"efter\\_%\\_{self.tag}",)))  # fmt: skip
            for role in sorted(roles):
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')
        if self.folder is not None:
            pgcluster.stop(self.folder)
            shutil.rmtree(self.folder, ignore_errors=True)


class ServerClock:
    """The CPU time a command cost the PostgreSQL server: each connection is a backend
    process the postmaster starts and, when it ends, reaps, adding the backend's CPU time to
    its own children's total (/proc/PID/stat, cutime and cstime). The difference before and
    after a command, once its backend is gone, is that command's server CPU, whatever else
    the machine is doing (background workers that end in between add to it: medians)."""

    def __init__(self, pidfile: Path) -> None:
        self.pid = int(pidfile.read_text().split()[0])
        self.tick = os.sysconf("SC_CLK_TCK")
        self.children()
        self.cpu()

    def children(self) -> set[str]:
        return set(Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split())

    def cpu(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[13]) + int(fields[14])) / self.tick  # cutime, cstime

    def settle(self, before: set[str], timeout: float = 5.0) -> None:
        """Wait until the backends started since `before` have ended and been reaped."""
        deadline = time.perf_counter() + timeout
        while self.children() - before and time.perf_counter() < deadline:
            time.sleep(0.002)


def fill(
    url: str, size: RegisterSize, work: Path, writers: int = 0, tag: str = ""
) -> dict[str, Any]:
    """The register at `url` (set up by `efter register init`) filled with `size`'s young
    people and records, fast: the benchmark case file's generator writes a SQLite file, each
    young person is given to one of the coordinators (per_coordinator each; their meetings are
    led by them), and each table is copied into the register with COPY, triggers and
    foreign-key checks off for the copy (the rows and the tables the triggers keep come from
    the SQLite file, where they ran). The first `writers` coordinators' login roles are made
    by `efter register coordinator add` (they write through the CLI later), the others' by
    the core's add_coordinator that the command calls (faster); their names end in `tag`
    when one is given (Server.tag). Returns the counts and the roles by name."""
    import psycopg

    from efter.core.register import add_coordinator, open_register

    names = coordinator_names(size.coordinators, tag=tag)
    casefile = work / "register-source.db"
    shape = data.Size(size.name, size.youth, size.meetings, size.ratings, size.agreements,
                      0, 0, 1)  # fmt: skip
    data.build(casefile, shape)
    source = sqlite3.connect(casefile)
    source.executemany(
        "UPDATE youth SET coordinator = ? WHERE id = ?",
        [(names[(n - 1) % len(names)], n) for n in range(1, size.youth + 1)],
    )
    source.execute(
        "UPDATE meeting SET leader = (SELECT coordinator FROM youth WHERE youth.id = youth_id)"
    )
    add_consents(source)
    source.commit()
    roles = {}
    env = {**base_env(), "EFTER_DB": url}
    for name in names[:writers]:
        made = subprocess.run([*efter_command(), "register", "coordinator", "add", name],
                              env=env, check=True, capture_output=True, text=True)  # fmt: skip
        roles[name] = made.stdout.strip()
    with open_register(url) as register, register.admin() as conn:
        for name in names[writers:]:
            roles[name] = add_coordinator(conn, name)
        roles[team_leader(tag)] = add_coordinator(conn, team_leader(tag), team_leader=True)
    tables = [
        row[0]
        for row in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
            "ORDER BY name"
        )
    ]
    counts = {}
    with psycopg.connect(url) as conn:
        conn.execute("SET search_path = efter")
        conn.execute("SET session_replication_role = replica")  # no triggers, no FK checks
        for table in tables:
            wanted = source.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if not wanted:
                continue
            present = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if present:  # what every new register has (life areas, settings, migrations)
                continue
            theirs = {
                row[0]
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = 'efter' AND table_name = %s",
                    (table,),
                )
            }
            columns = [r[1] for r in source.execute(f"PRAGMA table_info({table})")
                       if r[1] in theirs]  # fmt: skip
            listed = ", ".join(columns)
            with conn.cursor().copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {listed} FROM {table}"):
                    copy.write_row(row)
            counts[table] = wanted
            if "id" in columns:
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('efter.{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
        conn.execute("SET session_replication_role = origin")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    source.close()
    casefile.unlink()
    return {"counts": counts, "roles": roles}


def add_consents(source: sqlite3.Connection, seed: int = 13) -> int:
    """Each young person's consents, as `efter consent give` stores them (the case file's
    generator makes none): one to three each, twelve months from a day in the last 400 (so
    some have ended and some end within `efter due`'s month), a parent's for about two in five
    under 18 (lapsing at 18), one in ten withdrawn. Returns how many."""
    rng = random.Random(seed)
    adult = data.TODAY.replace(year=data.TODAY.year - 18).isoformat()
    rows = []
    for youth_id, born in source.execute("SELECT id, born FROM youth ORDER BY id").fetchall():
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            starts = data.TODAY - timedelta(days=rng.randint(0, 400))
            by = "parent" if born > adult and rng.random() < 0.4 else "youth"
            withdrawn = None
            if rng.random() < 0.1:
                withdrawn = (starts + timedelta(days=rng.randint(1, 300))).isoformat()
            rows.append((youth_id, by, data.name(rng) if by == "parent" else None,
                         starts.isoformat(), (starts + timedelta(days=364)).isoformat(),
                         withdrawn, f"{starts.isoformat()}T10:00:00"))  # fmt: skip
    source.executemany(
        "INSERT INTO consent (youth_id, given_by, parent_name, starts, until, withdrawn, "
        "created) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


# --- running a command --------------------------------------------------------------------


def efter_command() -> list[str]:
    script = Path(sys.executable).parent / "efter"
    if script.exists():
        return [str(script)]
    found = shutil.which("efter")
    if found:
        return [found]
    raise SystemExit("The efter command is not installed here: run pip install -e . first.")


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    for key in ("EFTER_DEBUG", "FORCE_COLOR", "EFTER_PASSPHRASE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(key, None)
    env.update(EFTER_TODAY=data.TODAY.isoformat(), NO_COLOR="1", COLUMNS="100", EFTER_LANG="en")
    return env


def timed(argv: list[str], env: dict[str, str]) -> tuple[int, float, float, str, str]:
    """As run(), with the child's own CPU time (os.wait4)."""
    import threading

    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunks: list[bytes] = []
    errors: list[bytes] = []
    drain = threading.Thread(target=lambda: errors.append(child.stderr.read()))  # type: ignore[union-attr]
    drain.start()
    while chunk := child.stdout.read(1 << 16):  # type: ignore[union-attr]
        chunks.append(chunk)
    drain.join()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stdout.close()  # type: ignore[union-attr]
    child.stderr.close()  # type: ignore[union-attr]
    out = b"".join(chunks).decode(errors="replace")
    err = b"".join(errors).decode(errors="replace")
    return child.returncode, wall, usage.ru_utime + usage.ru_stime, out, err


# --- reading ----------------------------------------------------------------------------


# What every command on a register spends before it asks anything (docs/performance.md, "The
# register"): the process as efter.start makes it (the collector paused, the standard modules
# deferred), efter's command line and psycopg imported, no connection, and the end
# efter.cli.main makes (os._exit).
FLOOR = (
    "import gc, os; gc.disable(); from efter import deferred; deferred.start(); "
    "import efter.cli; from efter.core import dialect; dialect.driver(); os._exit(0)"
)


def reading_rows(server: Server, role: str, leader: str) -> list[tuple[Measured, list[str], str]]:
    """(result, command, URL) of every reading row: as the coordinator's role, the owner and
    the team leader (every caseload's figures, shared as --share makes them); then what any
    command spends before its first question (informational)."""
    efter = efter_command()
    rows = []
    coordinator = server.as_role(role)
    rows.append((Measured("efter due (one coordinator)", DUE_BUDGET), [*efter, "due"], coordinator))
    for name in REPORTS:
        rows.append((Measured(f"efter report {name} (one coordinator)", REPORT_BUDGET),
                     [*efter, "report", name], coordinator))  # fmt: skip
    for name in REPORTS:
        rows.append((Measured(f"efter report {name} (owner: everyone)", REPORT_BUDGET),
                     [*efter, "report", name], server.url))  # fmt: skip
    rows.append((Measured("efter due (owner: everyone)", None), [*efter, "due"], server.url))
    for name in REPORTS:
        rows.append((Measured(f"efter report {name} (team leader: figures)", REPORT_BUDGET),
                     [*efter, "report", name], server.as_role(leader)))  # fmt: skip
    rows.append((Measured("efter --version (Python and efter, no register)", None),
                 [*efter, "--version"], coordinator))  # fmt: skip
    rows.append((Measured("Python, efter and psycopg imported, nothing asked", None),
                 [sys.executable, "-c", FLOOR], coordinator))  # fmt: skip
    return rows


def measure_reading(server: Server, role: str, leader: str, repeat: int) -> list[Measured]:
    env = base_env()
    rows = reading_rows(server, role, leader)
    clock = server.clock()
    for round_ in range(repeat + 1):  # round 0 warms the caches
        for result, command, url in rows:
            if result.error:
                continue
            if clock:
                backends, before = clock.children(), clock.cpu()
            status, wall, cpu, _, err = timed(command, {**env, "EFTER_DB": url})
            if status != 0:
                lines = err.strip().splitlines() or ["(no message)"]
                result.error = f"exit {status}: {lines[-1][:150]}"
            elif round_:
                result.wall.append(wall)
                result.cpu.append(cpu)
                if clock:
                    clock.settle(backends)
                    result.server.append(clock.cpu() - before)
    return [result for result, _, _ in rows]


# --- writing ----------------------------------------------------------------------------

# What each writing command adds, by table: checked against the register's counts after.
ADDS = {
    "youth add": {"youth": 1},
    "meeting plan": {"meeting": 1},
    "meeting held": {},
    "rate": {"rating": 2},
    "agreement add": {"agreement": 1},
    "goal add": {"goal": 1},
    "note add": {"journal": 1},
    "status": {"youth_status": 1},
    "team add": {"member": 1},
}
COUNTED = ("youth", "meeting", "rating", "agreement", "goal", "journal", "youth_status",
           "member")  # fmt: skip


def writer(url: str, name: str, youth: list[int], rounds: int, seed: int, start: float) -> dict:  # type: ignore[type-arg]
    """One coordinator's session (run in a process of its own): `rounds` rounds of writing
    commands on their own young people. Returns every command's outcome and timing."""
    rng = random.Random(seed)
    efter = efter_command()
    env = {**base_env(), "EFTER_DB": url}
    done: list[dict] = []  # type: ignore[type-arg]
    time.sleep(max(0.0, start - time.time()))  # every writer starts at once

    def command(kind: str, *argv: str) -> str:
        status, wall, cpu, out, err = timed([*efter, *argv], env)
        argv = list(argv)  # type: ignore[assignment]
        done.append({"kind": kind, "status": status, "wall": wall, "cpu": cpu,
                     "error": err.strip().splitlines()[-1][:300] if status else None,
                     # all of it, kept with the server's log when the part fails
                     "stderr": err[-4000:] if status else None,
                     "argv": argv if status else None})  # fmt: skip
        return out.strip() if status == 0 else ""

    for round_ in range(rounds):
        person = rng.choice(youth)
        day = data.TODAY.replace(day=10 + round_)
        new = command("youth add", "youth", "add", f"{data.name(rng)}", "--born", "2008-05-0"
                      f"{1 + round_}", "--coordinator", name, "--programme",
                      data.PROGRAMMES[2])  # fmt: skip
        if new.isdigit():
            youth.append(int(new))
        meeting = command("meeting plan", "meeting", "plan", str(person), "--at",
                          f"{day.isoformat()} 10:00", "--force")  # fmt: skip
        if meeting.isdigit():
            command("meeting held", "meeting", "held", meeting, "--attended", "youth")
        command("rate", "rate", str(person), "bolig=3", "uddannelse=2", "--phase", "meeting",
                *(("--meeting", meeting) if meeting.isdigit() else ()))  # fmt: skip
        command("agreement add", "agreement", "add", str(person), "--what",
                rng.choice(data.AGREEMENTS), "--owner", "youth", "--due",
                (data.TODAY.replace(day=28 - round_)).isoformat())  # fmt: skip
        command("goal add", "goal", "add", str(person), "--text", rng.choice(data.GOALS),
                "--area", rng.choice(data.AREAS))  # fmt: skip
        command("note add", "note", "add", str(person), f"Samtale med den unge, runde {round_}.")
        command("status", "status", str(person), "--education", "preparatory", "--work",
                "leisure-job", "--from", day.isoformat())  # fmt: skip
        command("team add", "team", "add", str(person), "--role", "mentor", "--name",
                f"{data.name(rng)} {seed}-{round_}", "--organisation", "Mentorhuset",
                "--new-person")  # fmt: skip
    return {"name": name, "commands": done}


def counts_by_coordinator(url: str) -> dict[str, dict[str, int]]:
    """As the owner: each counted table's rows by their young person's coordinator."""
    import psycopg

    out: dict[str, dict[str, int]] = {}
    with psycopg.connect(url) as conn:
        conn.execute("SET search_path = efter")
        for table in COUNTED:
            if table == "youth":
                sql = "SELECT coordinator, count(*) FROM youth GROUP BY coordinator"
            else:
                sql = (f"SELECT y.coordinator, count(*) FROM {table} t JOIN youth y "
                       "ON y.id = t.youth_id GROUP BY y.coordinator")  # fmt: skip
            for name, count in conn.execute(sql):
                out.setdefault(name, {})[table] = count
    return out


def deadlocks(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
    return int(row[0]) if row else 0


def measure_writing(server: Server, size: RegisterSize, echo: Callable[[str], None],
                    writers: int, rounds: int) -> dict[str, Any]:  # fmt: skip
    """`writers` coordinators at once, each with a role made by `efter register coordinator
    add` for a coordinator who already has young people on the register."""
    import psycopg

    env = {**base_env(), "EFTER_DB": server.url}
    names = coordinator_names(size.coordinators, tag=server.tag)[:writers]
    roles = []
    youth: dict[str, list[int]] = {}
    with psycopg.connect(server.url) as conn:
        conn.execute("SET search_path = efter")
        for name in names:
            role = conn.execute("SELECT role FROM coordinator WHERE name = %s", (name,)).fetchone()
            roles.append(role[0])
            youth[name] = [r[0] for r in conn.execute(
                "SELECT id FROM youth WHERE coordinator = %s AND status = 'active' ORDER BY id",
                (name,))]  # fmt: skip
    before = counts_by_coordinator(server.url)
    deadlocks_before = deadlocks(server.url)
    log_from = server.log_size()
    start = time.time() + 2.0
    script = (
        "import json, sys; from tests.benchmarks import register as r; "
        "a = json.loads(sys.argv[1]); print(json.dumps(r.writer(*a)))"
    )
    root = Path(__file__).resolve().parents[2]
    children = []
    for n, (name, role) in enumerate(zip(names, roles, strict=True)):
        args = [server.as_role(role), name, youth[name], rounds, 1000 + n, start]
        children.append(subprocess.Popen(
            [sys.executable, "-c", script, json.dumps(args)], cwd=root, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ))  # fmt: skip
    sessions = []
    for child in children:
        out, err = child.communicate()
        if child.returncode != 0:
            raise SystemExit(f"A writer failed:\n{err[-2000:]}")
        sessions.append(json.loads(out))
    wall = time.time() - start
    after = counts_by_coordinator(server.url)
    problems: list[str] = []  # commands that failed
    wrong: list[str] = []  # counts that do not add up
    commands = [c for s in sessions for c in s["commands"]]
    for session in sessions:
        expected: dict[str, int] = {}
        for done in session["commands"]:
            if done["status"] == 0:
                for table, added in ADDS[done["kind"]].items():
                    expected[table] = expected.get(table, 0) + added
            else:
                problems.append(f"{session['name']}: {done['kind']} failed: {done['error']}")
        for table in COUNTED:
            old = before.get(session["name"], {}).get(table, 0)
            new = after.get(session["name"], {}).get(table, 0)
            if new - old != expected.get(table, 0):
                wrong.append(f"{session['name']}: {table} grew by {new - old}, "
                                f"the commands stored {expected.get(table, 0)}")  # fmt: skip
    others = {name for name in after if name not in names}
    for name in others:
        if after[name] != before.get(name):
            wrong.append(f"{name} (not writing): counts changed")
    echo(f"{len(commands)} writing commands by {writers} coordinator(s) in {wall:.1f} s.")
    dead = deadlocks(server.url) - deadlocks_before
    kept = None
    if problems or wrong or dead:
        kept = server.keep(log_from, [c for c in commands if c["status"] != 0])
        echo(f"The writing part failed: the server's log and the failing commands' messages "
             f"are kept in {kept}")  # fmt: skip
    return {
        "writers": writers,
        "rounds": rounds,
        "commands": len(commands),
        "failed": sum(1 for c in commands if c["status"] != 0),
        "deadlocks": dead,
        "kept": None if kept is None else str(kept),
        "wall": wall,
        "command_wall": [c["wall"] for c in commands],
        "command_cpu": [c["cpu"] for c in commands],
        "problems": problems,
        "wrong": wrong,
    }


# --- the whole run ----------------------------------------------------------------------


def main(size: RegisterSize, repeat: int, writers: int, rounds: int, strict: bool,
         writing_only: bool = False) -> int:  # fmt: skip
    def echo(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    server = Server(echo)
    work = Path(tempfile.mkdtemp(prefix="efter-regbench-"))
    try:
        efter = efter_command()
        env = {**base_env(), "EFTER_DB": server.url}
        subprocess.run([*efter, "register", "init"], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        # In a child process, as the suite builds its case files: this one stays small.
        script = (
            "import json, sys; from pathlib import Path; from tests.benchmarks import register "
            "as r; s = r.RegisterSize(**json.loads(sys.argv[2])); "
            "print(json.dumps(r.fill(sys.argv[1], s, Path(sys.argv[3]), int(sys.argv[4]), "
            "sys.argv[5])))"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, server.url, json.dumps(asdict(size)), str(work),
             str(writers), server.tag],
            cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"Building the register failed:\n{done.stderr[-3000:]}")
        built = json.loads(done.stdout)
        server.roles = list(built["roles"].values())
        counts = built["counts"]
        echo(f"Built the register in {time.perf_counter() - started:.1f} s: "
             + ", ".join(f"{counts.get(t, 0):,} {t}" for t in ("youth", "meeting", "rating",
                                                               "agreement", "consent")))  # fmt: skip
        reading: list[Measured] = []
        if not writing_only:
            echo("Measuring the reports and due ...")
            role = built["roles"][coordinator_names(size.coordinators, tag=server.tag)[-1]]
            leader = built["roles"][team_leader(server.tag)]
            reading = measure_reading(server, role, leader, repeat)
        echo(f"{writers} coordinators writing at once ...")
        writing = measure_writing(server, size, echo, writers, rounds)
    finally:
        server.close()
        shutil.rmtree(work, ignore_errors=True)
    print(describe(size, counts, repeat))
    print()
    if reading:
        print(table(reading))
        print()
    print(writing_text(writing))
    failed = (any(r.error for r in reading) or writing["problems"] or writing["wrong"]
              or writing["deadlocks"])  # fmt: skip
    if failed:
        return 1
    if strict and any(r.passed is False for r in reading):
        return 1
    return 0


def describe(size: RegisterSize, counts: dict[str, int], repeat: int) -> str:
    import platform

    load = os.getloadavg()[0]
    return (
        f"efter register benchmarks, {size.name} size: {counts.get('youth', 0):,} young people "
        f"({size.coordinators} coordinators x {size.per_coordinator}), "
        f"{counts.get('meeting', 0):,} meetings, {counts.get('rating', 0):,} ratings, "
        f"{counts.get('agreement', 0):,} agreements on PostgreSQL (Unix socket). Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, load average {load:.2f} at the "
        f"end; median wall time of {repeat} runs, cpu: the command's own CPU time, server cpu: the "
        "PostgreSQL backend's (a cluster started here only)."
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def table(results: list[Measured]) -> str:
    header = ["command", "measured", "cpu", "server cpu", "budget", "result"]
    lines = [header]
    for r in results:
        budget = f"< {_ms(r.budget)}" if r.budget else "-"
        if r.error:
            lines.append([r.label, "ERROR", "", "", budget, r.error])
            continue
        median = statistics.median(r.wall)
        cpu = _ms(statistics.median(r.cpu))
        server = _ms(statistics.median(r.server)) if r.server else "-"
        if r.passed is None:
            verdict = "info"
        else:
            margin = abs(1 - median / r.budget) * 100  # type: ignore[operator]
            verdict = f"PASS ({margin:.0f}% under)" if r.passed else f"FAIL ({margin:.0f}% over)"
        lines.append([r.label, _ms(median), cpu, server, budget, verdict])
    widths = [max(len(line[n]) for line in lines) for n in range(len(header))]
    text = []
    for n, line in enumerate(lines):
        text.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if n == 0:
            text.append("  ".join("-" * w for w in widths))
    return "\n".join(text)


def writing_text(writing: dict[str, Any]) -> str:
    walls, cpus = writing["command_wall"], writing["command_cpu"]
    lines = [
        f"Writing: {writing['writers']} coordinator{'s' if writing['writers'] != 1 else ''} "
        f"at once, {writing['rounds']} round(s) "
        f"each: {writing['commands']} commands in {writing['wall']:.1f} s; per command median "
        f"{_ms(statistics.median(walls))} wall (max {_ms(max(walls))}), "
        f"{_ms(statistics.median(cpus))} cpu; failed: {writing['failed']}; deadlocks: "
        f"{writing['deadlocks']}; counts after: "
        + ("every stored row there, nothing else" if not writing["wrong"] else "WRONG"),
    ]
    lines += [f"  {problem}" for problem in (writing["problems"] + writing["wrong"])[:40]]
    if writing.get("kept"):
        lines.append(f"  the server's log and the failing commands' messages: {writing['kept']}")
    return "\n".join(lines)
