"""Standard-library modules that typer imports at its top and a command rarely uses, put in
sys.modules to load when first used (the console script, efter.start, calls start() before
typer loads; EFTER_DEFER=0 turns it off); and, in that process, those that psycopg's import
brings and a command on a register does not use (before_psycopg(), from dialect.driver)."""

import os
import sys
import threading
import types
from importlib.machinery import FrozenImporter, SourceFileLoader
from importlib.util import find_spec, module_from_spec

# Imported by typer (and shutil, pathlib, inspect, traceback) with `import NAME`, and touched
# only inside functions: subprocess to open a browser or install completion (with signal,
# selectors, locale), bz2 and lzma for archives, tokenize to read source for a traceback,
# textwrap for help, ipaddress for a URL's [host]. Loading them is ~10% of the instructions of
# a short command (docs/performance.md, "Standard modules loaded when first used"). Then two
# more: ntpath (pathlib's Windows paths; frozen in the interpreter) and shellingham (typer's
# completion finds the user's shell with it when told to install itself).
DEFERRED = (
    "subprocess", "bz2", "lzma", "tokenize", "textwrap", "ipaddress", "ntpath", "shellingham"
)  # fmt: skip
# A Python built without a module's C part must fail `import bz2` itself, as shutil and
# zipfile expect: so these are deferred only where that part is there.
NEEDS = {"bz2": "_bz2", "lzma": "_lzma"}

# Imported as psycopg 3 loads and touched only inside functions that a command on a register
# does not call: csv, calendar and tempfile (importlib.metadata, email, importlib.resources),
# signal and locale (subprocess, which asyncio's events load), contextvars (asyncio's tasks);
# and the ctypes package (psycopg's `import ctypes.util` looks for a libpq with it when it has
# none of its own). Deferred only then: on the laptop each lookup would cost every command
# without a gain (docs/performance.md, "The register's start: what psycopg's import need not
# load").
REGISTER = ("csv", "calendar", "tempfile", "signal", "locale", "contextvars")
# psycopg imports asyncio for its async API and asks it, as it loads, for these names only
# (errors, waiting, _acompat, connection_async): each is read from the submodule that defines
# it, where asyncio's own __init__ takes it from (`from .tasks import *`), so the event loops,
# streams, subprocesses and the rest of asyncio load only when a command uses one of them.
ASYNCIO_NAMES = {
    "CancelledError": "exceptions",
    "Future": "futures",
    "get_running_loop": "events",
    "sleep": "tasks",
    "Task": "tasks",
    "Lock": "locks",
    "Queue": "queues",
}
# Submodules that are no module of asyncio's to load here (the interpreter's `-m asyncio`,
# Windows' event loop): left to the import system, which fails or runs them as before.
ASYNCIO_OTHERS = ("__main__", "windows_events", "windows_utils")

_loading = threading.RLock()
# Set by start(): only the console script's process is changed; efter imported as a library
# (the tests, a benchmark) loads what it imports.
started = False


class Deferred(types.ModuleType):
    """A module in sys.modules whose code runs when a name of it is first asked for.

    `import NAME` finds it there and runs nothing; `NAME.x` or `from NAME import x` runs the
    module's code into it, once (the lock: another thread waits for the whole module), and
    it becomes a plain module. importlib.util.LazyLoader cannot do this on Python 3.11-3.13:
    a second `import NAME` reads `__spec__`, which loads a LazyLoader's module.

    A deferred package (defer_package) may name, in `_efter_from`, names it reads from one
    of its submodules without running its own code.
    """

    def __getattr__(self, name: str) -> object:
        source = self.__dict__.get("_efter_from", {}).get(name)
        if source in self.__dict__:
            try:
                return getattr(self.__dict__[source], name)
            except AttributeError:
                pass  # not there in this Python: the package's own code says where it is
        with _loading:
            if self.__class__ is Deferred and not self.__dict__.get("_efter_running"):
                spec = self.__spec__
                assert spec is not None and spec.loader is not None  # defer() set them
                self._efter_running = True  # the module's own code asking again: no rerun
                self.__dict__.pop("_efter_from", None)
                try:
                    spec.loader.exec_module(self)
                except BaseException:
                    sys.modules.pop(self.__name__, None)  # as a failed import leaves it
                    raise
                finally:
                    self.__dict__.pop("_efter_running", None)
                self.__class__ = types.ModuleType  # type: ignore[assignment]
        return types.ModuleType.__getattribute__(self, name)


def defer(names: tuple[str, ...]) -> None:
    """Put each module (plain Python source or frozen into the interpreter, not imported yet)
    in sys.modules as Deferred. A submodule (`ctypes.util`) comes after its package and is
    made the package's attribute, as the import system makes a submodule it loads."""
    for name in names:
        if name in sys.modules:
            continue
        parent, _, child = name.rpartition(".")
        if parent and parent not in sys.modules:
            continue  # find_spec would import the package
        spec = find_spec(name)
        if spec is None or not (
            isinstance(spec.loader, SourceFileLoader) or spec.loader is FrozenImporter
        ):
            continue  # an extension module or an unusual install: imported as usual
        if name in NEEDS and find_spec(NEEDS[name]) is None:
            continue
        module = module_from_spec(spec)
        module.__class__ = Deferred
        sys.modules[name] = module
        if parent:
            setattr(sys.modules[parent], child, module)


def defer_package(package: str, names: dict[str, str], others: tuple[str, ...] = ()) -> None:
    """Put a package and each of its submodules (but `others`) in sys.modules as Deferred.
    `names` (a name: the submodule that defines it) are read from their submodule alone;
    any other name of the package runs its own code, which then finds its submodules there.
    With every submodule deferred, a submodule imported first (`import asyncio.streams`)
    finds the names it asks of the package (`from . import events`) without running it."""
    if package in sys.modules:
        return
    defer((package,))
    module = sys.modules.get(package)
    if type(module) is not Deferred or module.__spec__ is None:
        return
    folders = module.__spec__.submodule_search_locations or []
    parts = sorted(
        entry[: -len(".py")]
        for folder in folders
        for entry in os.listdir(folder)
        if entry.endswith(".py") and entry[: -len(".py")] not in (*others, "__init__")
    )
    defer(tuple(f"{package}.{part}" for part in parts))
    module.__dict__["_efter_from"] = {name: part for name, part in names.items() if part in parts}


def start() -> None:
    """The console script's deferral (efter.start)."""
    global started
    started = True
    defer(DEFERRED)


def before_psycopg() -> None:
    """The register's deferral, just before psycopg loads, in a process start() changed."""
    if started:
        defer(REGISTER)
        defer_package("ctypes", {})
        defer_package("asyncio", ASYNCIO_NAMES, ASYNCIO_OTHERS)
