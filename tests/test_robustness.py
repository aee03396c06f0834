"""Two commands at once never lose a write; a killed import leaves all of it or none of it."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

HELPER = Path(__file__).parent / "helpers" / "bulk_write.py"
INSERT_MANY = Path(__file__).parent / "helpers" / "insert_many.py"
WRITERS = 24


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def efter(*args: str) -> list[str]:
    return [sys.executable, "-m", "efter", *args]


def target(casefile: Path) -> str:
    """The case file, or the test's register (--engine postgresql), for a helper process."""
    given = os.environ["EFTER_DB"]
    return given if given.startswith("postgresql://") else str(casefile)


@pytest.mark.slow
def test_many_writers_at_once_lose_nothing(casefile):
    """24 processes, each a real `efter` command, start together against one case file."""
    env = dict(os.environ)
    processes = [
        subprocess.Popen(
            efter("youth", "add", f"Writer {n}", "--born", "2009-01-01", "--ref", f"W-{n}"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(WRITERS)
    ]
    results = [(p.wait(timeout=300), *p.communicate()) for p in processes]
    assert [code for code, _, _ in results] == [0] * WRITERS, [err for _, _, err in results]
    ids = sorted(int(out) for _, out, _ in results)
    assert ids == list(range(1, WRITERS + 1))
    # and a second wave adds to every one of them at once
    processes = [
        subprocess.Popen(
            efter("network", "add", f"W-{n}", "--role", "ven", "--name", f"Friend {n}"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(WRITERS)
    ]
    codes = [p.wait(timeout=300) for p in processes]
    for p in processes:
        p.communicate()
    assert codes == [0] * WRITERS
    conn = sqlite3.connect(casefile)
    assert sorted(r[0] for r in conn.execute("SELECT ref FROM youth")) == sorted(
        f"W-{n}" for n in range(WRITERS)
    )
    pairs = conn.execute(
        "SELECT y.ref, m.name FROM member m JOIN youth y ON y.id = m.youth_id"
    ).fetchall()
    assert sorted(pairs) == sorted((f"W-{n}", f"Friend {n}") for n in range(WRITERS))
    audit = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    conn.close()
    assert audit == 2 * WRITERS
    assert integrity(casefile) == ["ok"]


def test_two_writers_insert_many_at_once_and_each_gets_its_own_ids(casefile):
    """Two processes store 400 young people each through youth.insert_many, released at the
    same moment: on a register their rows take numbers from one sequence, interleaved, and
    each must still get back exactly the ids of its own rows, in order; nothing is lost."""
    count = 400
    writers = [
        subprocess.Popen(
            [sys.executable, str(INSERT_MANY), target(casefile), name, str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        for name in ("A", "B")
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    for writer in writers:  # released together
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    outputs = [writer.communicate(timeout=300) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], [err for _, err in outputs]
    returned = {
        name: [int(line) for line in out.split()]
        for name, (out, _) in zip("AB", outputs, strict=True)
    }
    conn = sqlite3.connect(casefile)
    stored = dict(conn.execute("SELECT id, name FROM youth").fetchall())
    conn.close()
    assert len(stored) == 2 * count  # nothing lost
    for name, ids in returned.items():
        assert [stored[i] for i in ids] == [f"Writer {name} {n}" for n in range(count)]


@pytest.mark.slow
def test_a_killed_import_leaves_all_or_nothing(casefile):
    """SIGKILL a one-transaction bulk write mid-way (tests/helpers/bulk_write.py stands in for
    `efter import`, which this branch does not have yet)."""
    count = 60_000
    process = subprocess.Popen(
        [sys.executable, str(HELPER), target(casefile), str(count), "one"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "started\n"  # a tenth of the rows are in
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert integrity(casefile) == ["ok"]
    conn = sqlite3.connect(casefile)
    rows = conn.execute("SELECT count(*) FROM youth").fetchone()[0]
    conn.close()
    assert rows in (0, count)
    # the file goes on working, and a full run lands every row
    done = subprocess.run(
        [sys.executable, str(HELPER), target(casefile), "500", "one"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert done.stdout == "started\ncommitted\n", done.stderr
    conn = sqlite3.connect(casefile)
    assert conn.execute("SELECT count(*) FROM youth").fetchone()[0] == rows + 500
    conn.close()
    assert integrity(casefile) == ["ok"]


PROCESSES, COMMANDS = 20, 25
MANY = Path(__file__).parent / "helpers" / "many_commands.py"


@pytest.mark.slow
def test_twenty_colleagues_at_once_never_fail_busy(casefile, capsys):
    """20 processes x 25 commands (add, network add, show) against one case file: every one
    succeeds, none fails "busy"; the longest wait for the file is measured and reported."""
    env = dict(os.environ)
    env.pop("EFTER_BUSY_TIMEOUT", None)  # the default: as long as a person would wait
    processes = [
        subprocess.Popen(
            [sys.executable, str(MANY), str(worker), str(COMMANDS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for worker in range(PROCESSES)
    ]
    outputs = [p.communicate(timeout=600) for p in processes]
    assert [p.returncode for p in processes] == [0] * PROCESSES, [err for _, err in outputs]
    failed = [line for out, _ in outputs for line in out.splitlines() if line.startswith("FAIL")]
    assert failed == []
    waits = [
        float(line.split()[1])
        for out, _ in outputs
        for line in out.splitlines()
        if line.startswith("longest-wait ")
    ]
    assert len(waits) == PROCESSES
    with capsys.disabled():
        print(f"\n20 x 25 commands: the longest wait for the case file was {max(waits):.2f} s")
    conn = sqlite3.connect(casefile)
    youth = conn.execute("SELECT count(*) FROM youth").fetchone()[0]
    members = conn.execute("SELECT count(*) FROM member").fetchone()[0]
    conn.close()
    assert youth == PROCESSES * len(range(0, COMMANDS, 3))
    assert members == PROCESSES * len(range(1, COMMANDS, 3))
    assert integrity(casefile) == ["ok"]


def test_busy_timeout_from_the_environment(run, casefile, monkeypatch, engine):
    """EFTER_BUSY_TIMEOUT sets the wait; a command that cannot get the file in time says so
    in one sentence (not a traceback, not 'damaged')."""
    from conftest import snapshot

    on_register = engine == "postgresql"
    if on_register:  # another command holding the young people's table
        import psycopg

        holder = psycopg.connect(os.environ["EFTER_DB"], autocommit=True)
        holder.execute("BEGIN")
        holder.execute("LOCK TABLE efter.youth IN EXCLUSIVE MODE")  # reads go on
    else:
        holder = sqlite3.connect(casefile, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    try:
        before = snapshot(casefile)
        monkeypatch.setenv("EFTER_BUSY_TIMEOUT", "0.2")
        result = run("youth", "add", "Anna Holm", "--born", "2009-03-14")
        assert result.exit_code == 1
        assert result.stderr.startswith(
            "Error: The register stayed busy with another command ("
            if on_register
            else "Error: The case file stayed busy with another efter command for 0 seconds: "
        )
        assert result.stderr.endswith("(wait longer with EFTER_BUSY_TIMEOUT=SECONDS).\n")
        monkeypatch.setenv("EFTER_BUSY_TIMEOUT", "soon")
        result = run("youth", "list")
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: EFTER_BUSY_TIMEOUT must be a number of seconds from 0 to 86400 (it is "
            "'soon'): set it again or unset it for the default of 60.\n"
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert snapshot(casefile) == before


def test_default_busy_timeout_is_a_minute(monkeypatch):
    from efter.core import casefile

    monkeypatch.delenv("EFTER_BUSY_TIMEOUT", raising=False)
    assert casefile.busy_timeout() == 60.0
