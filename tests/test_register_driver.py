"""psycopg is loaded with the cyclic collector paused (issue 17: a register command's
start-up, docs/performance.md), and the collector runs again after, also when psycopg is not
installed. Each case runs in a fresh interpreter: this one may have psycopg loaded already."""

import subprocess
import sys

import pytest

from efter.deferred import REGISTER

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


# --- what psycopg's import brings and a command does not use, loaded when first used ----------
# (efter.deferred.before_psycopg, in the console script's process; docs/performance.md)

STANDARD = """
import sys, types
from efter import deferred
{before}
kinds = {{name: type(module).__name__ for name, module in sys.modules.items()
          if name.split(".")[0] in ("asyncio", "ctypes", "csv", "calendar", "tempfile",
                                    "signal", "locale", "contextvars")}}
print(" ".join(f"{{name}}={{kind}}" for name, kind in sorted(kinds.items())))
"""


def loaded(before: str, **env: str) -> dict[str, str]:
    import os

    done = subprocess.run(
        [sys.executable, "-c", STANDARD.format(before=before)],
        capture_output=True, text=True, check=True, env={**os.environ, **env},
    )  # fmt: skip
    return dict(pair.split("=") for pair in done.stdout.split())


def test_psycopg_loads_with_asyncio_s_own_code_unrun_in_the_console_script_s_process() -> None:
    """Should psycopg come to ask asyncio for a name not in ASYNCIO_NAMES as it loads, this
    fails: asyncio then runs whole (correct, but its ~15 M instructions are back)."""
    pytest.importorskip("psycopg")
    kinds = loaded("deferred.start()\nimport efter.cli\nfrom efter.core import dialect\n"
                   "dialect.driver()")  # fmt: skip
    assert kinds["asyncio"] == "Deferred"
    for name in ("base_events", "unix_events", "streams", "runners", "sslproto"):
        assert kinds[f"asyncio.{name}"] == "Deferred", name
    for name in (*REGISTER, "ctypes", "ctypes.util"):
        assert kinds[name] == "Deferred", name
    for name in ("exceptions", "events", "futures", "tasks", "locks", "queues"):
        assert kinds[f"asyncio.{name}"] == "module", name


def test_efter_as_a_library_loads_psycopg_as_it_is() -> None:
    pytest.importorskip("psycopg")
    kinds = loaded("import efter.cli\nfrom efter.core import dialect\ndialect.driver()")
    assert set(kinds.values()) == {"module"} and kinds["asyncio"] == "module"


ASYNCIO = """
import sys, threading
from efter import deferred
deferred.defer_package("asyncio", deferred.ASYNCIO_NAMES, deferred.ASYNCIO_OTHERS)
import asyncio
{first}
seen = {{name: getattr(asyncio, name) for name in deferred.ASYNCIO_NAMES}}
assert type(asyncio) is deferred.Deferred, "the names alone ran the package"
{then}
assert type(asyncio) is not deferred.Deferred
assert all(getattr(asyncio, name) is value for name, value in seen.items())
assert all(getattr(asyncio, name) is getattr(sys.modules["asyncio." + part], name)
           for name, part in deferred.ASYNCIO_NAMES.items())
print(" ".join(sorted(asyncio.__all__)))
"""

PLAIN = "import asyncio; print(' '.join(sorted(asyncio.__all__)))"


def asyncio_run(first: str = "", then: str = "print(asyncio.run(asyncio.sleep(0, 'ran')))") -> str:
    done = subprocess.run(
        [sys.executable, "-c", ASYNCIO.format(first=first, then=then)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_asyncio_s_names_read_alone_are_the_ones_the_whole_package_has() -> None:
    plain = subprocess.run(
        [sys.executable, "-c", PLAIN], capture_output=True, text=True, check=True
    ).stdout
    assert asyncio_run() == "ran\n" + plain


def test_a_submodule_of_a_deferred_package_imported_first_is_the_package_s_own() -> None:
    then = (
        "import asyncio.streams\nfrom asyncio.streams import StreamReader\n"
        "assert asyncio.streams.StreamReader is StreamReader is asyncio.StreamReader\n"
        "print(asyncio.run(asyncio.sleep(0, 'ran')))"
    )
    assert asyncio_run(then=then).startswith("ran\n")


def test_threads_using_a_deferred_asyncio_at_once_each_see_all_of_it() -> None:
    then = """
barrier = threading.Barrier(6)
got = []
def use(kind):
    barrier.wait()
    if kind == "run":
        got.append(asyncio.run(asyncio.sleep(0, "ran")))
    else:
        got.append(asyncio.Queue is seen["Queue"] and asyncio.StreamReader.__name__)
threads = [threading.Thread(target=use, args=(kind,)) for kind in ["run", "names"] * 3]
for thread in threads: thread.start()
for thread in threads: thread.join()
print(sorted(got))
"""
    assert asyncio_run(then=then).startswith(f"{sorted(['ran', 'StreamReader'] * 3)}\n")


def test_ctypes_deferred_finds_a_library_as_it_would() -> None:
    find = "import ctypes.util; print(ctypes.util.find_library('c'), ctypes.c_int(7).value)"
    plain = subprocess.run([sys.executable, "-c", find], capture_output=True, text=True)
    script = (
        "import sys\nfrom efter import deferred\ndeferred.defer_package('ctypes', {})\n"
        f"assert type(sys.modules['ctypes.util']) is deferred.Deferred\n{find}"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, plain.stdout) and plain.stdout.endswith(" 7\n")


def test_psycopg_s_async_connection_works_with_asyncio_deferred(pg_admin: str | None) -> None:
    if pg_admin is None:
        pytest.skip("needs the PostgreSQL server (--engine postgresql)")
    script = (
        "import sys\nfrom efter import deferred\ndeferred.start()\n"
        "from efter.core import dialect\npsycopg = dialect.driver()\nimport asyncio\n"
        "assert type(asyncio) is deferred.Deferred\n"
        "async def ask():\n"
        "    async with await psycopg.AsyncConnection.connect(sys.argv[1]) as conn:\n"
        "        return (await (await conn.execute('SELECT 6 * 7')).fetchone())[0]\n"
        "print(asyncio.run(ask()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, pg_admin], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "42\n"), done.stderr


def test_commands_say_the_same_with_and_without_the_deferred_modules(run, casefile) -> None:
    """From the console script, on either engine: a report and due, in a table and --json."""
    import os

    for name in ("Amalie Nørgaard", "Mathias Østergaard"):
        added = run("youth", "add", name, "--born", "14-03-2009", "--start", "01-09-2025")
        assert added.exit_code == 0, added.stderr
    given = os.environ["EFTER_DB"]
    target = given if given.startswith("postgresql://") else str(casefile)

    def efter(*args: str, defer: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "efter", *args], capture_output=True, text=True,
            env={**os.environ, "EFTER_DB": target, "COLUMNS": "100", "EFTER_DEFER": defer},
            check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout + done.stderr

    for args in (("due",), ("due", "--json"), ("report", "progress"), ("report", "caseload",
                 "--json"), ("report", "meetings", "--csv")):  # fmt: skip
        assert efter(*args, defer="1") == efter(*args, defer="0"), args
