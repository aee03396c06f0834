"""The rows of the benchmark table, and how each is measured.

Every figure is the median wall time of the installed `efter` command run as a user runs it
(a new process, output to a pipe), next to its budget. Start-up and import are ratios to a
yardstick measured in the same run, interleaved with it, because the machines are shared and
noisy; queries and batch renders are absolute times on the large case file.

Every run's peak memory (the child's maximum resident set, from os.wait4) is kept too; a row
with a `memory` budget (MiB) fails when its median peak is above it. Exports are ratios to
baseline_export.py, the same records written by the plain library writer.

To add a row for a new command, append a `Row` to ROWS: `needs` names the command, and the
row prints "not built yet" until `efter NEEDS --help` succeeds. tests/test_benchmark_suite.py
fails when a command that reads or writes the whole case file has no row (COVERED there).
"""

import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from . import casefile as data
from .register import efter_command

STARTUP, QUERY, IMPORT, RENDER, BUNDLE = "start-up", "queries", "import", "render", "bundle"
EXPORT = "export"
RATIO_SECTIONS = (STARTUP, IMPORT, BUNDLE, EXPORT)
EXPORT_FORMATS = ("csv", "json", "jsonl", "xlsx")


@dataclass(frozen=True)
class Row:
    section: str
    argv: tuple[str, ...]  # efter's arguments; {youth}, {csv}, {out}, {programme} filled in
    budget: float | None  # a ratio (start-up, import), seconds (queries, render), None: info
    needs: tuple[str, ...] = ()  # the command that must exist, e.g. ("report", "progress")
    env: tuple[tuple[str, str], ...] = ()  # extra environment, e.g. a trick turned off
    memory: float | None = None  # MiB: the peak resident memory the command may reach
    ok: tuple[int, ...] = (0,)  # exit statuses of a run that did its work
    terminal: bool = False  # output to a terminal 100 columns wide (a pty), not a pipe


# The peak memory (MiB) a report's rows may reach, table, --csv, --json and on a terminal:
# what holds at 50,000 young people too (docs/performance.md, "The reports' peak memory at
# 50,000"; the full size peaks at 26-33 MiB). Outcomes, meetings and agreements peak at
# 45-62 MiB there. Deadlines holds every young person's four dates and the values they are
# judged by at once: 66 MiB at 50,000 (--json 79, --all on a terminal 90).
REPORT_MEMORY = {"outcomes": 64, "meetings": 64, "agreements": 64, "deadlines": 96}

ROWS: list[Row] = [
    # Start-up on a small case file, as a ratio to `python -I -c "import sqlite3"`.
    Row(STARTUP, ("--help",), 5.0),
    Row(STARTUP, ("youth", "list", "--json"), 5.0),
    Row(STARTUP, ("youth", "show", "{youth}"), 7.0),  # draws tables
    # The same read on a PostgreSQL register (issue 17), beside the laptop's: psycopg and the
    # dialect load only for such a URL, so the rows above stay as they were.
    Row(STARTUP, ("--db", "{register}", "youth", "list", "--json"), None, needs=("register",)),
    # The start-up tricks in efter.cli.main, each turned off: what it buys is the difference
    # to the row above.
    Row(STARTUP, ("youth", "show", "{youth}"), None, env=(("EFTER_GC_PAUSE", "0"),)),
    Row(STARTUP, ("youth", "show", "{youth}"), None, env=(("EFTER_FAST_EXIT", "0"),)),
    # The standard modules typer imports and a command rarely uses loaded at once, as
    # without efter.deferred.
    Row(STARTUP, ("youth", "show", "{youth}"), None, env=(("EFTER_DEFER", "0"),)),
    # The lazy command tree (efter.cli.tree) turned off: every noun imported and every
    # command built first, as an eager tree would. What laziness buys is the difference.
    Row(STARTUP, ("--help",), None, env=(("EFTER_LAZY", "0"),)),
    Row(STARTUP, ("youth", "show", "{youth}"), None, env=(("EFTER_LAZY", "0"),)),
    # Queries on the large case file, end to end: everything that reads the whole file.
    Row(QUERY, ("youth", "list"), 0.150),
    Row(QUERY, ("report", "caseload"), 0.150),
    # Young people in and out of each programme, counted over every period (issue 18).
    Row(QUERY, ("programme", "list"), 0.150),
    Row(QUERY, ("due",), 0.150, needs=("due",)),
    # Everything due, not the first 25 of each kind: as JSON and as tables. At full size that
    # is 23,000 agreements, 8,600 young people with no meeting planned and 2,500 statutory
    # dates (15 MB of JSON): a whole list, as `meeting ics --all` is, so its budget is a
    # second. Reading the agreements' rows alone takes about 140 ms. Both write their long
    # lists a batch at a time as they are read: memory stays flat with the case file.
    Row(QUERY, ("due", "--json"), 1.0, needs=("due",), memory=64),
    Row(QUERY, ("due", "--all"), 1.0, needs=("due",), memory=64),
    Row(QUERY, ("report", "progress"), 0.150, needs=("report", "progress")),
    # Every other report, as a table, --csv and --json (issue 21: each within 150 ms).
    *(
        Row(
            QUERY, ("report", name, *how), 0.150, needs=("report", name), memory=REPORT_MEMORY[name]
        )
        for name in ("outcomes", "meetings", "agreements", "deadlines")
        for how in ((), ("--csv",), ("--json",))
    ),
    # Every report's table as a coordinator sees it: on a terminal 100 columns wide, where
    # a table wider than the terminal is folded to fit (a pipe gets it whole), and the
    # per-person table shows the first 100 young people unless --all.
    *(
        Row(
            QUERY,
            ("report", name),
            0.150,
            needs=("report", name),
            terminal=True,
            memory=REPORT_MEMORY[name],
        )
        for name in ("outcomes", "meetings", "agreements", "deadlines")
    ),
    # With --all, all 10,000 on the terminal: folded, about 20,000 lines, twice the pipe's
    # 10,000, so twice the report's budget.
    *(
        Row(
            QUERY,
            ("report", name, "--all"),
            0.300,
            needs=("report", name),
            terminal=True,
            memory=REPORT_MEMORY[name],
        )
        for name in ("outcomes", "meetings", "agreements", "deadlines")
    ),
    # A Tab after `efter youth show A` in bash: young people from the case file, at once.
    Row(
        QUERY,
        (),
        0.150,
        env=(
            ("_EFTER_COMPLETE", "complete_bash"),
            ("COMP_WORDS", "efter youth show A"),
            ("COMP_CWORD", "3"),
        ),
    ),
    # Every active young person as JSON, streamed: memory flat, time informational.
    Row(QUERY, ("youth", "list", "--json"), None, memory=64),
    Row(QUERY, ("meeting", "ics", "--all"), 1.0, needs=("meeting", "ics")),
    # `efter doctor` exits 1 when it finds something to fix (the suite's files are not
    # encrypted): it has still read the whole file.
    Row(QUERY, ("doctor",), 1.0, ok=(0, 1)),
    # SQLite's full integrity check (every index compared with its table): "a few seconds".
    Row(QUERY, ("doctor", "--thorough"), 3.0, ok=(0, 1)),
    # The shared address book with how many cases each person sits on (issue 18).
    Row(QUERY, ("person", "list"), 0.150, needs=("person", "list")),
    Row(QUERY, ("backup", "{out}"), 1.0),
    # Import 100,000 young people, as a ratio to csv.reader + one executemany.
    Row(IMPORT, ("import", "youth", "{csv}"), 2.0, needs=("import",)),
    # Import the large file's ratings (full: 300,000) into a case file holding its young people,
    # as a ratio to csv.reader + one executemany into the rating table (its triggers fire).
    # Written chunk by chunk as checked: its peak stays under 256 MiB (main had 435 MiB;
    # 64 MiB of it is SQLite's write cache, casefile.LARGE_WRITE_KIB).
    Row(IMPORT, ("import", "ratings", "{ratings}"), 2.0, needs=("import",), memory=256),
    # Every other kind: the file `efter export all --format csv` writes for it from the large
    # file (casefile.prepare_transfer: full: 30,000 team and 10,000 network members, 30,000
    # meetings, 50,000 agreements, ~20,000 status periods, ~15,000 measures, 10,000 closings
    # and 10,004 prices) into a case file holding the large file's young people, as a ratio to
    # csv.reader + one executemany of the same rows into the same table (baseline_import_kind).
    *(
        Row(IMPORT, ("import", kind, "{transfer}/" + kind + ".csv"), 2.0, needs=("import",))
        for kind in data.TRANSFER_KINDS
    ),
    # One batch command rendering 1,000 documents.
    Row(
        RENDER,
        ("contract", "render", "--all", "--programme", "{programme}", "--out", "{out}"),
        1.5,
        needs=("contract", "render"),
    ),
    # A case bundle of the render batch's young people (full: 1,000) out of the large case
    # file and into an empty one, as a ratio to `efter backup` of the same large file.
    Row(BUNDLE, ("case", "export", "{batch}", "--out", "{bundle}"), 3.0, needs=("case", "export")),
    Row(BUNDLE, ("case", "import", "{bundle}"), 3.0, needs=("case", "import")),
    # Every kind of the large file in every format, as a ratio to baseline_export.py (the
    # plain library writer of the same records), in flat memory.
    *(
        Row(EXPORT, ("export", "all", "--format", fmt, "--out", "{out}"), 1.5, memory=64)
        for fmt in EXPORT_FORMATS
    ),
]


@dataclass
class Result:
    row: Row
    label: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)  # MiB, the child's peak
    baseline: float | None = None  # median seconds of the yardstick (ratios)
    reference: float | None = None  # the start-up yardstick, to read absolute times by
    missing: bool = False
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def value(self) -> float:
        """What is compared with the budget: a ratio or seconds."""
        if self.baseline is not None:
            return self.median / self.baseline
        return self.median

    @property
    def peak(self) -> float | None:
        return statistics.median(self.rss) if self.rss else None

    @property
    def memory_passed(self) -> bool | None:
        if self.row.memory is None or self.peak is None:
            return None
        return self.peak <= self.row.memory

    @property
    def passed(self) -> bool | None:
        if self.missing or self.error:
            return None
        if self.row.budget is None:
            return self.memory_passed
        return self.value <= self.row.budget and self.memory_passed is not False


_REGISTERS: list[str] = []  # the start-up row's small register, once a process


class Runner:
    def __init__(
        self,
        size: data.Size,
        work: Path,
        repeat: int,
        echo: Callable[[str], None],
        sections: Sequence[str] = (),
    ):
        self.sections = tuple(sections)  # only these sections' rows (all when empty)
        self.size = size
        self.work = work
        self.repeat = repeat
        self.echo = echo
        self.efter = efter_command()
        self.outs = 0
        self.env = dict(os.environ)
        # Users' Pythons cache bytecode: without it every run would compile efter afresh.
        for key in ("EFTER_DEBUG", "FORCE_COLOR", "EFTER_PASSPHRASE", "PYTHONDONTWRITEBYTECODE"):
            self.env.pop(key, None)
        self.env.update(EFTER_TODAY=data.TODAY.isoformat(), NO_COLOR="1", COLUMNS="100")
        self.env.update(EFTER_LANG="en")  # English rows stay English on a Danish machine

    # --- running ------------------------------------------------------------------------

    def run(
        self,
        argv: Sequence[str],
        db: Path | None,
        extra: tuple[tuple[str, str], ...] = (),
        ok: tuple[int, ...] = (0,),
        terminal: bool = False,
    ) -> tuple[float, float, float]:
        """One run: (wall seconds, CPU seconds, peak MiB of the child). Its output is read
        from a pipe (or with `terminal` a pseudo-terminal 100 columns wide) and dropped.
        Raises RuntimeError on failure."""
        import threading

        env = {**self.env, **dict(extra)}
        if db is not None:
            env["EFTER_DB"] = str(db)
        reader, writer = _terminal() if terminal else (None, subprocess.PIPE)
        start = time.perf_counter()
        child = subprocess.Popen(list(argv), env=env, stdout=writer, stderr=subprocess.PIPE)
        stderr: list[bytes] = []
        drain = threading.Thread(target=lambda: stderr.append(child.stderr.read()))  # type: ignore[union-attr]
        drain.start()
        if reader is None:
            while child.stdout.read(1 << 16):  # type: ignore[union-attr]
                pass
        else:
            os.close(writer)  # type: ignore[arg-type]
            try:
                while os.read(reader, 1 << 16):
                    pass
            except OSError:  # EIO: the child closed the terminal's last writer
                pass
            os.close(reader)
        drain.join()
        # os.wait4 gives this child's own usage (RUSAGE_CHILDREN's peak is the largest
        # child's so far, whichever it was)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.stdout is not None:
            child.stdout.close()
        child.stderr.close()  # type: ignore[union-attr]
        cpu = usage.ru_utime + usage.ru_stime
        peak = usage.ru_maxrss / 1024  # kB on Linux
        if child.returncode not in ok:
            text = b"".join(stderr).decode(errors="replace").strip()
            lines = text.splitlines() or ["(no message)"]
            raise RuntimeError(f"exit {child.returncode}: {lines[-1][:150]}")
        return wall, cpu, peak

    def exists(self, needs: tuple[str, ...], db: Path) -> bool:
        if not needs:
            return True
        done = subprocess.run(
            [*self.efter, *needs, "--help"],
            env={**self.env, "EFTER_DB": str(db)},
            capture_output=True,
            check=False,
        )
        return done.returncode == 0

    # --- the case files -----------------------------------------------------------------

    def build(self) -> None:
        """Build the case files and input files in a child process (files(), the same steps),
        so that this process stays small: Linux counts the memory of the process that starts
        a command into the command's peak (exec keeps the high-water mark of the memory it
        replaces, and subprocess starts children with vfork), and building 50,000 young
        people here would make every row's peak at least as large as this process."""
        started = time.perf_counter()
        script = (
            "import json, sys; from pathlib import Path; "
            "from tests.benchmarks import casefile as data, suite; "
            "size = data.Size(*json.loads(sys.argv[1])); "
            "runner = suite.Runner(size, Path(sys.argv[2]), 0, lambda message: None); "
            "print(json.dumps(runner.files()))"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, json.dumps(astuple(self.size)), str(self.work)],
            cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"Building the case files failed:\n{done.stderr[-3000:]}")
        built = json.loads(done.stdout)
        self._paths()
        self.counts, self.youth_id = built["counts"], built["youth_id"]
        self.echo(
            f"Built the case files in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{count:,} {table}" for table, count in self.counts.items())
        )

    def _paths(self) -> None:
        self.small = self.work / "small.db"
        self.large = self.work / "large.db"
        self.csv = self.work / "import.csv"
        self.ratings = self.work / "ratings.csv"
        self.youth_only = self.work / "youth-only.db"
        self.transfer = self.work / "transfer"

    def files(self) -> dict[str, Any]:
        """Every file the rows need (in the child process build() starts): the counts of the
        large case file's tables and the young person `youth show` is measured with."""
        self._paths()
        data.build(self.small, data.SMALL)
        counts = data.build(self.large, self.size)
        data.write_import_csv(self.csv, self.size.import_rows)
        data.write_ratings_csv(self.large, self.ratings)
        self._youth_only()
        source = self.work / "transfer.db"
        data.prepare_transfer(self.large, source)
        subprocess.run(
            [*self.efter, "export", "all", "--format", "csv", "--out", str(self.transfer)],
            env={**self.env, "EFTER_DB": str(source)}, check=True, capture_output=True,
        )  # fmt: skip
        conn = sqlite3.connect(self.small)
        youth_id = conn.execute(
            "SELECT youth_id FROM member GROUP BY youth_id ORDER BY count(*) DESC, youth_id"
        ).fetchone()[0]
        conn.close()
        return {"counts": counts, "youth_id": youth_id}

    def fill(self, argv: tuple[str, ...], out: Path | None = None) -> list[str]:
        if out is None:  # a new path each run: a command that writes refuses an old one
            self.outs += 1
            out = self.work / f"out-{self.outs}"
        values = {
            "youth": str(self.youth_id),
            "csv": str(self.csv),
            "ratings": str(self.ratings),
            "transfer": str(self.transfer),
            "programme": data.RENDER_PROGRAMME,
            "out": str(out),
            "register": self.register or "",
        }
        return [*self.efter, *(part.format(**values) for part in argv)]

    # --- sections -----------------------------------------------------------------------

    def rows(self, section: str) -> list[Row]:
        if self.sections and section not in self.sections:
            return []
        return [r for r in ROWS if r.section == section]

    def measure(self) -> list[Result]:
        results: list[Result] = []
        results += self.startup(self.rows(STARTUP))  # its yardstick always: the reference
        yardstick = results[0].median
        timed = self.queries(self.rows(QUERY))
        timed += self.renders(self.rows(RENDER))
        for result in timed:
            result.reference = yardstick
        results += [r for r in timed if r.row.section == QUERY]
        results += self.imports(self.rows(IMPORT))
        results += [r for r in timed if r.row.section == RENDER]
        if self.rows(BUNDLE):
            results += self.bundles(self.rows(BUNDLE))
        results += self.exports(self.rows(EXPORT))
        return results

    def _start(self, rows: list[Row], db: Path) -> list[Result]:
        results = []
        for row in rows:
            result = Result(row, label(row, self.youth_id))
            result.missing = not self.exists(row.needs, db)
            if not result.missing and "{register}" in row.argv:
                result.missing = self.start_register() is None
            results.append(result)
        return results

    register: str | None = None

    def start_register(self) -> str | None:
        """A small register for the start-up row: on EFTER_TEST_PG's server, or a throwaway
        cluster (stopped when the suite ends); None when there is no PostgreSQL here. Made
        once a process: --growth runs a suite for each size, and the row's register is the
        same small one at every size (a second cluster in the same folder could not start)."""
        if self.register is not None:
            return self.register
        if _REGISTERS:
            self.register = _REGISTERS[0]
            return self.register
        import atexit

        try:
            from tests.helpers import pgcluster

            admin = os.environ.get("EFTER_TEST_PG")
            if not admin:
                folder = Path("/tmp") / f"efter-bench-pg-{os.getpid()}"
                admin = pgcluster.start(folder)
                atexit.register(shutil.rmtree, folder, True)
                atexit.register(pgcluster.stop, folder)
            name = f"efter_bench_{os.getpid()}"
            url = pgcluster.pg_database(admin, name)
            atexit.register(pgcluster.drop_database, admin, name)
        except (SystemExit, OSError, subprocess.CalledProcessError, ImportError) as error:
            self.echo(f"No PostgreSQL for the register's row ({error}).")
            return None
        env = {**self.env, "EFTER_DB": url}
        subprocess.run([*self.efter, "init"], env=env, check=True, capture_output=True)
        for n in range(20):
            subprocess.run(
                [*self.efter, "youth", "add", f"Ung {n}", "--born", "2009-01-01"],
                env=env, check=True, capture_output=True,
            )  # fmt: skip
        self.register = url
        _REGISTERS.append(url)
        return url

    def startup(self, rows: list[Row]) -> list[Result]:
        """Interleaved with the yardstick, one warm-up round first."""
        results = self._start(rows, self.small)
        baseline = Result(Row(STARTUP, (), None), 'python -I -c "import sqlite3" (yardstick)')
        yardstick = [sys.executable, "-I", "-c", "import sqlite3"]
        for round_ in range(self.repeat + 1):
            self._once(baseline, yardstick, None, round_)
            for result in results:
                if not result.missing and not result.error:
                    self._once(result, self.fill(result.row.argv), self.small, round_)
        base = baseline.median
        for result in results:
            result.baseline = base
        return [baseline, *results]

    def queries(self, rows: list[Row]) -> list[Result]:
        results = self._start(rows, self.large)
        for round_ in range(self.repeat + 1):
            for result in results:
                if result.missing or result.error:
                    continue
                if result.row.budget is None and round_ > 5:
                    continue  # informational rows: five runs are enough
                self._once(result, self.fill(result.row.argv), self.large, round_)
        return results

    def imports(self, rows: list[Row]) -> list[Result]:
        """Each import row next to its own yardstick (csv.reader + one executemany into the
        same table), round by round, each run into a new copy of the case file it starts from."""
        results = self._start(rows, self.small)
        rounds = 3 if self.size.name == "full" else 1
        here = Path(__file__).parent
        out: list[Result] = []
        for result in results:
            if result.missing:
                out.append(result)
                continue
            kind = result.row.argv[1]
            if kind == "youth":
                yardstick = [str(here / "baseline_import.py"), str(self.csv)]
            elif kind == "ratings":
                yardstick = [str(here / "baseline_import_ratings.py"), str(self.ratings)]
            else:
                source = self.transfer / f"{kind}.csv"
                yardstick = [str(here / "baseline_import_kind.py"), kind, str(source)]
            baseline = Result(Row(IMPORT, (), None),
                              f"csv.reader + one executemany, {kind} (yardstick)")  # fmt: skip
            for round_ in range(rounds):
                db = self._start_for(kind)
                self._once(baseline, [sys.executable, "-I", *yardstick, str(db)],
                           None, round_ + 1)  # fmt: skip
                self._once(result, self.fill(result.row.argv), self._start_for(kind), round_ + 1)
            result.baseline = baseline.median if baseline.wall else None
            out += [baseline, result]
        return out

    def _start_for(self, kind: str) -> Path:
        """The case file an import starts from: empty for young people; for every other kind
        a copy of the large file's young people, without their records."""
        if kind == "youth":
            return self._fresh_casefile()
        path = Path(tempfile.mkdtemp(dir=self.work, prefix="import-")) / "casefile.db"
        shutil.copyfile(self.youth_only, path)
        return path

    def _youth_only(self) -> None:
        path = self._fresh_casefile()
        conn = sqlite3.connect(path)
        conn.execute("ATTACH DATABASE ? AS large", (str(self.large),))
        conn.execute("INSERT INTO main.youth SELECT * FROM large.youth")
        # The programmes and cohorts on file (a catalogue, not a young person's record): the
        # programmes import joins young people to them, as on a municipality's file.
        conn.execute("INSERT INTO main.programme SELECT * FROM large.programme")
        conn.execute("INSERT INTO main.cohort SELECT * FROM large.cohort")
        data.official_municipalities(conn)
        conn.commit()
        conn.execute("DETACH DATABASE large")
        conn.close()
        shutil.copyfile(path, self.youth_only)

    def renders(self, rows: list[Row]) -> list[Result]:
        """Each round writes into a new folder; the folders are removed only after the last
        round. Removing one between rounds would time the file system rather than efter: ext4
        without a journal (this test machine's disk) does not reuse an inode freed in the last
        60 s (300 s while its inode table block is unwritten) and steps over each such inode,
        one by one, for every new file (fs/ext4/ialloc.c, recently_deleted), so 1,000 files
        made just after 1,000 were deleted cost about a second more, whatever writes them."""
        results = self._start(rows, self.large)
        folders: list[Path] = []
        try:
            for result in results:
                if result.missing:
                    continue
                for round_ in range(4):
                    folders.append(Path(tempfile.mkdtemp(dir=self.work, prefix="render-")))
                    self._once(result, self.fill(result.row.argv, folders[-1]), self.large, round_)
        finally:
            for out in folders:
                shutil.rmtree(out, ignore_errors=True)
        return results

    def bundles(self, rows: list[Row]) -> list[Result]:
        """Backup, export and import side by side, round by round: each round exports a new
        bundle from the large file and imports it into a new empty case file."""
        results = self._start(rows, self.large)
        if all(r.missing for r in results):
            return results
        conn = sqlite3.connect(self.large)
        ids = [str(row[0]) for row in conn.execute(
            "SELECT id FROM youth WHERE programme = ? ORDER BY id", (data.RENDER_PROGRAMME,)
        )]  # fmt: skip
        conn.close()
        baseline = Result(Row(BUNDLE, (), None), "efter backup of the large file (yardstick)")
        export, load = results
        folder = Path(tempfile.mkdtemp(dir=self.work, prefix="bundle-"))
        for round_ in range(4 if self.size.name == "full" else 2):
            copy = folder / f"backup-{round_}.db"
            self._once(baseline, [*self.efter, "backup", str(copy)], self.large, round_)
            bundle = folder / f"case-{round_}.bundle"
            argv = [*self.efter, "case", "export", *ids, "--out", str(bundle)]
            self._once(export, argv, self.large, round_)
            if bundle.exists():
                argv = [*self.efter, "case", "import", str(bundle)]
                self._once(load, argv, self._fresh_casefile(), round_)
        for result in results:
            result.baseline = baseline.median if baseline.wall else None
        return [baseline, *results]

    def exports(self, rows: list[Row]) -> list[Result]:
        """Each format beside its yardstick, round by round, into new files and folders
        (removed at the end, as renders() explains)."""
        results = self._start(rows, self.large)
        script = Path(__file__).with_name("baseline_export.py")
        rounds = 2 if self.size.name == "full" else 1
        folder = Path(tempfile.mkdtemp(dir=self.work, prefix="export-"))
        done: list[Result] = []
        try:
            for result in results:
                fmt = result.row.argv[result.row.argv.index("--format") + 1]
                baseline = Result(Row(EXPORT, (), None), f"baseline_export.py {fmt} (yardstick)")
                # XLSX takes minutes at the full size (openpyxl without lxml): one round
                for round_ in range(1, (1 if fmt == "xlsx" else rounds) + 1):
                    out = folder / f"baseline-{round_}.{fmt}"
                    argv = [sys.executable, "-I", str(script), fmt, str(self.large), str(out)]
                    self._once(baseline, argv, None, round_)
                    if not result.missing:
                        out = folder / f"efter-{round_}.{fmt}"
                        self._once(result, self.fill(result.row.argv, out), self.large, round_)
                result.baseline = baseline.median if baseline.wall else None
                done += [baseline, result]
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return done

    def _fresh_casefile(self) -> Path:
        path = Path(tempfile.mkdtemp(dir=self.work, prefix="import-")) / "casefile.db"
        subprocess.run([*self.efter, "--db", str(path), "init"], env=self.env, check=True,
                       capture_output=True)  # fmt: skip
        return path

    def _once(self, result: Result, argv: list[str], db: Path | None, round_: int) -> None:
        if result.error:
            return
        try:
            wall, cpu, peak = self.run(
                argv, db, result.row.env, result.row.ok, terminal=result.row.terminal
            )
        except RuntimeError as error:
            result.error = str(error)
            return
        if round_ > 0:  # round 0 warms the disk cache and the bytecode
            result.wall.append(wall)
            result.cpu.append(cpu)
            result.rss.append(peak)


# --- the table ------------------------------------------------------------------------

SHOWN = {"csv": "youth.csv", "ratings": "ratings.csv", "out": "DIR", "programme": "PROGRAMME", "bundle": "FILE",
         "batch": "YOUTH...", "transfer": "DIR", "register": "postgresql://..."}  # fmt: skip


def label(row: Row, youth_id: int) -> str:
    """The command as the table shows it: placeholders as short names, the id as used."""
    values = {**SHOWN, "youth": str(youth_id)}
    env = [f"{key}={value}" for key, value in row.env]
    where = ["(on a terminal)"] if row.terminal else []
    return " ".join([*env, "efter", *(part.format(**values) for part in row.argv), *where])


def _terminal() -> tuple[int, int]:
    """A pseudo-terminal 100 columns wide: (the end read here, the end the command writes)."""
    import fcntl
    import pty
    import struct
    import termios

    reader, writer = pty.openpty()
    fcntl.ioctl(writer, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 100, 0, 0))
    return reader, writer


def describe(size: data.Size, counts: dict[str, int], repeat: int) -> list[str]:
    try:
        import typer

        typer_version = typer.__version__
    except ImportError:  # pragma: no cover
        typer_version = "?"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return [
        f"efter benchmarks, {size.name} size: large case file of "
        + ", ".join(f"{counts[t]:,} {t}" for t in ("youth", "meeting", "rating", "agreement"))
        + f"; import of {size.import_rows:,} young people from youth.csv; batch render of the "
        f"{size.render_batch:,} in PROGRAMME {data.RENDER_PROGRAMME!r}, and a case bundle of "
        "those young people (YOUTH...) exported and imported into an empty case file.",
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, typer "
        f"{typer_version}, {os.cpu_count()} CPUs, load average {load:.2f} at the end; "
        f"median wall time of {repeat} runs (cpu: the command's own CPU time; (Nx): times the "
        "yardstick).",
    ]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def cells(result: Result) -> list[str]:
    row = result.row
    ratio = row.section in RATIO_SECTIONS
    if result.missing:
        return [row.section, result.label, "not built yet", "", "", _budget(row), ""]
    if result.error:
        return [row.section, result.label, "ERROR", "", "", _budget(row), result.error]
    if not result.wall:
        return [row.section, result.label, "-", "", "", _budget(row), ""]
    cpu = _ms(statistics.median(result.cpu))
    peak = f"{result.peak:,.0f} MiB" if result.peak is not None else ""
    if result.baseline is None or not ratio:
        measured = _ms(result.median)
        if result.reference:  # how many start-up yardsticks: comparable across loads
            measured += f" ({result.median / result.reference:.1f}x)"
    else:
        measured = f"{result.value:.1f}x ({_ms(result.median)})"
    if result.passed is None:
        verdict = "yardstick" if not row.argv else "info"
    elif row.budget is None:  # a memory budget only
        verdict = "PASS (memory)" if result.passed else "FAIL (memory)"
    else:
        margin = abs(1 - result.value / row.budget) * 100 if row.budget else 0
        time_ok = result.value <= row.budget
        verdict = f"PASS ({margin:.0f}% under)" if time_ok else f"FAIL ({margin:.0f}% over)"
        if result.memory_passed is False:
            verdict = "FAIL (memory)" if time_ok else verdict + ", memory"
    return [row.section, result.label, measured, cpu, peak, _budget(row), verdict]


def _budget(row: Row) -> str:
    memory = f"<= {row.memory:g} MiB" if row.memory is not None else ""
    if row.budget is None:
        return memory or "-"
    text = f"<= {row.budget:g}x" if row.section in RATIO_SECTIONS else f"< {_ms(row.budget)}"
    return f"{text}, {memory}" if memory else text


def table(results: list[Result]) -> str:
    header = ["section", "command", "measured", "cpu", "peak", "budget", "result"]
    lines = [header, *(cells(r) for r in results)]
    widths = [max(len(line[n]) for line in lines) for n in range(len(header))]
    text = []
    for n, line in enumerate(lines):
        text.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if n == 0:
            text.append("  ".join("-" * w for w in widths))
    return "\n".join(text)
