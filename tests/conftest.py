"""Every test drives the real CLI in an isolated environment: its own case file, a fixed
'today', no colour, 100 columns, and config/data folders inside tmp_path."""

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from efter.cli import app

TODAY = "2026-11-28"
LOCALE = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# CI runs the property tests on a fixed sequence of examples, so a landing never depends on a
# random draw; on a developer's machine they search afresh each run and find new cases.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Isolated environment; returns the case file path (not yet created)."""
    db = tmp_path / "data" / "casefile.db"
    # English unless a test asks for Danish (EFTER_LANG=da), whatever this machine's locale
    for key in ("EFTER_DEBUG", "EFTER_PASSPHRASE", "FORCE_COLOR", "EFTER_LANG", *LOCALE):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("EFTER_DB", str(db))
    monkeypatch.setenv("EFTER_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return db


Run = Callable[..., Result]


@pytest.fixture
def run(env: Path) -> Run:
    """run('youth', 'list', input=None) -> Result with .exit_code, .stdout, .stderr."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def casefile(run: Run, env: Path) -> Path:
    """An initialised, empty case file."""
    result = run("init")
    assert result.exit_code == 0, result.stderr
    return env


@pytest.fixture
def json_of(run: Run) -> Callable[..., Any]:
    """json_of('youth', 'list') runs the command with --json and parses stdout."""

    def call(*args: str) -> Any:
        result = run(*args, "--json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return call


def snapshot(path: Path) -> bytes:
    """The case file's logical content, to prove a failed command changed nothing."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump()).encode()
    finally:
        conn.close()


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every SQL statement sent through efter.core.casefile while the test runs (an
    executemany shows once per row), to prove a command's work does not grow with the file."""
    import sqlite3

    from efter.core import casefile as casefile_module

    seen: list[str] = []
    connect = casefile_module.connect

    def traced(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(casefile_module, "connect", traced)
    yield seen
