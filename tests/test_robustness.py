"""Two commands at once never lose a write; a killed import leaves all of it or none of it."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

HELPER = Path(__file__).parent / "helpers" / "bulk_write.py"
WRITERS = 24


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def efter(*args: str) -> list[str]:
    return [sys.executable, "-m", "efter", *args]


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


@pytest.mark.slow
def test_a_killed_import_leaves_all_or_nothing(casefile):
    """SIGKILL a one-transaction bulk write mid-way (tests/helpers/bulk_write.py stands in for
    `efter import`, which this branch does not have yet)."""
    count = 60_000
    process = subprocess.Popen(
        [sys.executable, str(HELPER), str(casefile), str(count), "one"],
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
        [sys.executable, str(HELPER), str(casefile), "500", "one"],
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
