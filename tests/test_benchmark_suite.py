"""The benchmark suite runs and prints its table (at smoke size; no timed assertion here)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks import suite

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_suite_runs_at_smoke_size_and_prints_every_row(run):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EFTER_")}
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--size", "smoke", "--repeat", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert out.startswith("efter benchmarks, smoke size: large case file of 300 youth, ")
    lines = out.splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("section "))
    assert lines[header].split() == [
        "section", "command", "measured", "cpu", "peak", "budget", "result"
    ]  # fmt: skip
    spans = [m.span() for m in re.finditer(r"-+", lines[header + 1])]
    table = [
        [line[a : b if n < len(spans) - 1 else None].strip() for n, (a, b) in enumerate(spans)]
        for line in lines[header + 2 :]
    ]
    assert table[0][:2] == ["start-up", 'python -I -c "import sqlite3" (yardstick)']
    youth_id = int(next(c for s, c, *_ in table if c.startswith("efter youth show")).split()[-1])
    for row in suite.ROWS:
        (found,) = [c for c in table if c[:2] == [row.section, suite.label(row, youth_id)]]
        section, _, measured, cpu, peak, budget, result = found
        assert section == row.section
        built = run(*row.needs, "--help").exit_code == 0 if row.needs else True
        memory = f", <= {row.memory:g} MiB" if row.memory is not None else ""
        if not built:
            assert (measured, result) == ("not built yet", "")
        elif row.budget is None:
            assert budget == (memory[2:] or "-"), found
            assert result in (("PASS (memory)", "FAIL (memory)") if memory else ("info",)), found
        else:
            assert re.fullmatch(
                r"(PASS \(\d+% under\)|FAIL \(\d+% over\)(, memory)?|FAIL \(memory\))", result
            ), found
            unit = "x" if row.section in suite.RATIO_SECTIONS else r"(ms|s)"
            assert re.fullmatch(rf"<=? [\d,.]+ ?{unit}{re.escape(memory)}", budget), found
            assert re.fullmatch(r"[\d,.]+ m?s", cpu), found
            assert re.fullmatch(r"[\d,.]+ MiB", peak), found
            if unit != "x":
                assert re.fullmatch(r"[\d,.]+ m?s \([\d.]+x\)", measured), found
    assert "ERROR" not in out


# Every command that reads or writes the whole case file, besides those found in the command
# tree below (every report, every import kind, every export format): each needs a row.
WHOLE_FILE = [
    ("youth", "list"),
    ("youth", "list", "--json"),
    ("programme", "list"),
    ("due",),
    ("due", "--json"),
    ("due", "--all"),
    ("meeting", "ics", "--all"),
    ("contract", "render", "--all"),
    ("backup",),
    ("doctor",),
    ("person", "list"),
    ("case", "export"),
    ("case", "import"),
]
# Import kinds without a row yet, each with its reason; the test fails when one gets a row
# (take it off) or when a kind is missing from both.
PENDING: dict[str, str] = {}


def whole_file_commands() -> list[tuple[str, ...]]:
    """The command tree's whole-file commands and the declared ones."""
    import typer.main

    from efter.cli import app
    from efter.transfer.exporter import EXPORT_FORMATS
    from efter.transfer.kinds import KIND_NAMES

    root = typer.main.get_command(app)  # typer's own click: reached through the command
    report = root.get_command(root.context_class(root), "report")  # type: ignore[attr-defined]
    names = report.list_commands(report.context_class(report, parent=None))
    reports = [("report", name) for name in names]
    assert len(reports) >= 6, reports
    imports = [("import", kind) for kind in KIND_NAMES]
    exports = [("export", "all", "--format", fmt) for fmt in EXPORT_FORMATS]
    return [*reports, *imports, *exports, *WHOLE_FILE]


def test_every_whole_file_command_has_a_benchmark_row():
    rows = [row.argv for row in suite.ROWS]

    def covered(command: tuple[str, ...]) -> bool:
        for argv in rows:
            words = tuple(word for word in argv if "{" not in word)
            if words[: len(command)] == command and (
                command[-1] != "list" or "--json" not in words  # youth list vs --json
            ):
                return True
        return False

    missing = [c for c in whole_file_commands() if not covered(c)]
    assert sorted(missing) == sorted(("import", kind) for kind in PENDING), (
        f"commands without a benchmark row: {missing}; add a Row in tests/benchmarks/suite.py"
    )
    for row in suite.ROWS:
        if row.section != suite.STARTUP:
            assert row.budget is not None or row.memory is not None, row


@pytest.mark.slow
def test_the_register_part_runs_at_smoke_size(engine: str) -> None:
    """`--register` at smoke size: builds a register, times every report and due as a
    coordinator and as the owner, lets writers work at once and counts what they stored
    (about 30 s of CPU; once per run, on the SQLite run: it makes its own register)."""
    if engine != "sqlite":
        pytest.skip("run once, with the SQLite engine: it makes its own register either way")
    from tests.helpers import pgcluster

    try:
        pgcluster.bindir()
    except SystemExit as missing:
        pytest.skip(f"no PostgreSQL server binaries here: {missing}")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("EFTER_") or k == "EFTER_TEST_PG"
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--register", "--size", "smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("efter register benchmarks, smoke size: 100 young people (10 ")
    header = lines.index(next(line for line in lines if line.startswith("command ")))
    assert lines[header].split() == ["command", "measured", "cpu", "server", "cpu", "budget",
                                     "result"]  # fmt: skip
    rows = lines[header + 2 : header + 24]
    labels = [row.split("  ")[0] for row in rows]
    assert labels == [
        "efter due (one coordinator)",
        *(f"efter report {n} (one coordinator)" for n in register_reports()),
        *(f"efter report {n} (owner: everyone)" for n in register_reports()),
        "efter due (owner: everyone)",
        *(f"efter report {n} (team leader: figures)" for n in register_reports()),
        "efter --version (Python and efter, no register)",
        "Python, efter and psycopg imported, nothing asked",
    ]
    for row in rows:
        assert re.search(
            r"\d ms +[\d,]+ ms +([\d,]+ ms|-) +(< [\d,]+ ms|-) +(PASS|FAIL|info)", row
        ), row
    writing = next(line for line in lines if line.startswith("Writing: "))
    assert re.match(r"Writing: 3 coordinators at once, 1 round\(s\) each: 27 commands in ", writing)
    assert writing.endswith("failed: 0; deadlocks: 0; counts after: every stored row there, "
                            "nothing else"), writing  # fmt: skip


def register_reports() -> tuple[str, ...]:
    from tests.benchmarks.register import REPORTS

    return REPORTS


def test_the_register_part_times_every_report() -> None:
    reports = [c[1] for c in whole_file_commands() if c[0] == "report"]
    assert sorted(register_reports()) == sorted(reports)


def test_the_register_benchmark_on_a_shared_server_has_roles_of_its_own(
    pg_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a server others use too (EFTER_TEST_PG) a login role of a benchmark coordinator's
    plain name may be there already (another run's, a test's): the run's coordinators have
    names of their own there, and every role the run made goes at its end, also when its
    build stopped part of the way (no role list handed back)."""
    import psycopg

    from efter.core.register import role_name
    from tests.benchmarks import register as bench

    monkeypatch.setenv("EFTER_TEST_PG", pg_server)
    server = bench.Server(lambda _message: None)
    plain = role_name(bench.coordinator_names(3)[0])
    own = [role_name(name) for name in bench.coordinator_names(3, tag=server.tag)]
    leader = role_name(bench.team_leader(server.tag))
    assert server.tag and plain not in own and leader != role_name(bench.TEAM_LEADER)
    assert all(role.endswith(f"_{server.tag}") for role in [*own, leader])
    made_plain = False
    try:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            there = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (plain,))
            made_plain = there.fetchone() is None
            if made_plain:
                conn.execute(f'CREATE ROLE "{plain}"')
            for role in (own[0], leader):
                conn.execute(f'CREATE ROLE "{role}"')
        server.close()  # server.roles is empty: as after a build that failed
        with psycopg.connect(pg_server, autocommit=True) as conn:
            left = {row[0] for row in conn.execute(
                "SELECT rolname FROM pg_roles WHERE rolname = ANY (%s)",
                ([plain, own[0], leader],))}  # fmt: skip
        assert left == {plain}
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            for role in (own[0], leader, *((plain,) if made_plain else ())):
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')
