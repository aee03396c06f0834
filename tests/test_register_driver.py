"""psycopg is loaded with the cyclic collector paused (issue 17: a register command's
start-up, docs/performance.md), and the collector runs again after, also when psycopg is not
installed. Each case runs in a fresh interpreter: this one may have psycopg loaded already."""

import subprocess
import sys

import pytest

LOAD = """
import gc, sys
from efter.core import dialect
gc.enable()
{before}
runs = []
gc.callbacks.append(lambda phase, info: runs.append(info) if phase == "start" else None)
try:
    module = {load}
    print(module.__name__, end=" ")
except ImportError:
    print("ImportError", end=" ")
print(len(runs), gc.isenabled(), gc.get_freeze_count())
"""


def run(before: str = "", load: str = "dialect.driver()") -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", LOAD.format(before=before, load=load)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def test_psycopg_loads_with_no_collection_and_the_collector_runs_after() -> None:
    pytest.importorskip("psycopg")
    assert run() == ["psycopg", "0", "True", "0"]


def test_without_the_pause_loading_psycopg_collects() -> None:
    """What the pause saves: the same import with the collector on runs it many times."""
    pytest.importorskip("psycopg")
    name, runs, enabled, frozen = run(load="__import__('psycopg')")
    assert name == "psycopg" and int(runs) > 5 and enabled == "True" and frozen == "0"


def test_a_missing_psycopg_leaves_the_collector_running() -> None:
    assert run("sys.modules['psycopg'] = None") == ["ImportError", "0", "True", "0"]
