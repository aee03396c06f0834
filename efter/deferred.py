"""Standard-library modules that typer imports at its top and a command rarely uses, put in
sys.modules to load when first used (the console script, efter.start, calls defer before
typer loads; EFTER_DEFER=0 turns it off)."""

import sys
import threading
import types
from importlib.machinery import SourceFileLoader
from importlib.util import find_spec, module_from_spec

# Imported by typer (and shutil, pathlib, inspect, traceback) with `import NAME`, and touched
# only inside functions: subprocess to open a browser or install completion (with signal,
# selectors, locale), bz2 and lzma for archives, tokenize to read source for a traceback,
# textwrap for help, ipaddress for a URL's [host]. Loading them is ~10% of the instructions of
# a short command (docs/performance.md, "Standard modules loaded when first used").
DEFERRED = ("subprocess", "bz2", "lzma", "tokenize", "textwrap", "ipaddress")
# A Python built without a module's C part must fail `import bz2` itself, as shutil and
# zipfile expect: so these are deferred only where that part is there.
NEEDS = {"bz2": "_bz2", "lzma": "_lzma"}

_loading = threading.RLock()


class Deferred(types.ModuleType):
    """A module in sys.modules whose code runs when a name of it is first asked for.

    `import NAME` finds it there and runs nothing; `NAME.x` or `from NAME import x` runs the
    module's code into it, once (the lock: another thread waits for the whole module), and
    it becomes a plain module. importlib.util.LazyLoader cannot do this on Python 3.11-3.13:
    a second `import NAME` reads `__spec__`, which loads a LazyLoader's module.
    """

    def __getattr__(self, name: str) -> object:
        with _loading:
            if self.__class__ is Deferred and not self.__dict__.get("_efter_running"):
                spec = self.__spec__
                assert spec is not None and spec.loader is not None  # defer() set them
                self._efter_running = True  # the module's own code asking again: no rerun
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
    """Put each module (plain Python source, not imported yet) in sys.modules as Deferred."""
    for name in names:
        if name in sys.modules:
            continue
        spec = find_spec(name)
        if spec is None or not isinstance(spec.loader, SourceFileLoader):
            continue  # an extension module or an unusual install: imported as usual
        if name in NEEDS and find_spec(NEEDS[name]) is None:
            continue
        module = module_from_spec(spec)
        module.__class__ = Deferred
        sys.modules[name] = module
