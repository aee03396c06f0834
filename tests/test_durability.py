"""A command's changes are on disk in the case file itself when it ends (the case file runs
WAL with synchronous=NORMAL and checkpoints after a write; see efter.core.casefile)."""

import sqlite3
from pathlib import Path
from typing import Any

import pytest


@pytest.mark.laptop_only("the case file's bytes on disk while its -wal is open")
def test_a_write_reaches_the_file_itself_even_while_another_command_has_it_open(
    run: Any, casefile: Path
) -> None:
    watcher = sqlite3.connect(casefile)  # another efter command, say: close() cannot checkpoint
    watcher.execute("SELECT count(*) FROM youth").fetchone()
    try:
        result = run("youth", "add", "Zenobia Quist", "--born", "2009-03-14")
        assert result.exit_code == 0, result.stderr
        assert b"Zenobia Quist" in casefile.read_bytes()
    finally:
        watcher.close()


@pytest.mark.laptop_only("SQLite's journal mode and synchronous setting")
def test_the_case_file_syncs_normally_in_wal_mode(run: Any, casefile: Path) -> None:
    from efter.core.casefile import open_casefile

    with open_casefile(casefile) as opened:
        assert opened.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert opened.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
