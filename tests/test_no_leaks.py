"""No leaks: no CPR number in an error or file name, tracebacks without locals, private files."""

import os
import re
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

CPR = "140309-4321"
CPR_SHAPE = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")


@pytest.mark.parametrize(
    "args",
    [
        ("youth", "add", "Anna", "--born", CPR),
        ("youth", "add", "Anna", "--born", "2009-03-14", "--cpr", "320309-4321"),
        ("youth", "add", "Anna", "--born", "2009-03-15", "--cpr", CPR),
        ("youth", "add", "Anna", "--born", "2009-03-14", "--cpr", CPR, "--ref", "R1"),
        ("youth", "add", "Anna", "--start", "1403094321"),
        ("youth", "show", CPR),
        ("youth", "show", "1403094321"),
        ("youth", "edit", "R1", "--cpr", "140310-4321", "--born", "2009-03-14"),
        ("youth", "close", CPR),
        ("youth", "erase", CPR, "--yes"),
        ("team", "add", CPR, "--role", "jobcenter", "--name", "Kim"),
        ("team", "add", "R1", "--role", CPR, "--name", "Kim"),
        ("network", "add", "R1", "--role", "ven", "--name", "Kim", "--email", CPR),
        ("audit", "--youth", CPR),
        ("audit", "--since", CPR),
        ("retention", "--closed-before", CPR),
    ],
)
def test_no_cpr_number_in_any_error(run, casefile, args):
    assert (
        run("youth", "add", "Anna", "--born", "2009-03-14", "--cpr", CPR, "--ref", "R1").exit_code
        == 0
    )
    result = run(*args)
    assert result.exit_code != 0
    assert not CPR_SHAPE.search(result.stderr), result.stderr
    assert "4321" not in result.stderr, result.stderr


def test_a_debug_traceback_shows_no_locals(casefile):
    """EFTER_DEBUG=1 shows the traceback, but never the values in the frames."""
    env = dict(os.environ, EFTER_DEBUG="1")
    result = subprocess.run(
        [sys.executable, "-m", "efter", "youth", "add", "Zenobia Quarrington",
         "--born", "2009-03-15", "--cpr", CPR],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" in result.stderr
    assert "4321" not in result.stderr and "Zenobia" not in result.stderr
    assert "140309" not in result.stderr


def test_every_command_group_hides_locals():
    from efter.cli import app

    groups = [app, *(info.typer_instance for info in app.registered_groups)]
    # Nouns registered with add_lazy_typer / add_lazy_command: their own EfterTypers.
    import importlib

    for entry in app.lazy.values():
        module, _, attribute = entry.target.partition(":")
        groups.append(getattr(importlib.import_module(module), attribute))
    assert len(groups) >= 5
    for group in groups:
        assert group.pretty_exceptions_show_locals is False


@pytest.mark.laptop_only("the case file's and its folder's modes")
def test_files_efter_writes_are_private(run, casefile, tmp_path):
    run("youth", "add", "Anna Holm", "--born", "2009-03-14", "--cpr", CPR, "--ref", "R1")
    copy = Path(run("backup").stdout.strip())
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    second = Path(run("backup", str(elsewhere)).stdout.strip())
    assert run("restore", str(copy), "--yes").exit_code == 0
    watcher = sqlite3.connect(casefile)  # keep -wal and -shm in place
    watcher.execute("SELECT count(*) FROM youth").fetchone()
    try:
        assert run("youth", "add", "Bo Berg", "--born", "2008-01-02").exit_code == 0
        written = [p for p in casefile.parent.rglob("*")] + [second]
        assert casefile.with_name("casefile.db-wal") in written
        for path in written:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode & 0o077 == 0, (path, oct(mode))
            # names hold time stamps, never a CPR number or a name
            assert not CPR_SHAPE.search(path.name) and "Anna" not in path.name
    finally:
        watcher.close()


@pytest.mark.laptop_only("SQLite's temporary store")
def test_connections_keep_temporary_data_in_memory(casefile):
    from efter.core.casefile import open_casefile

    with open_casefile(casefile) as opened:
        assert opened.conn.execute("PRAGMA temp_store").fetchone()[0] == 2
        assert opened.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_confirmations_do_not_print_the_cpr_number(run, casefile):
    result = run("youth", "add", "Anna", "--born", "2009-03-14", "--cpr", CPR)
    assert "4321" not in result.stderr + result.stdout
    result = run("youth", "edit", "1", "--cpr", "140309-4999")
    assert result.stderr == "Changed cpr for Anna (id 1).\n"
    listing = run("youth", "list")
    assert "4321" not in listing.stdout and "4999" not in listing.stdout
