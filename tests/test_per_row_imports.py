"""No import statement runs once per row or per cell.

A function-level import (`from efter.render import report_pages` inside a cell helper) is
laziness when the function runs once per command, and cost when it runs once per cell: Python
looks the module up in sys.modules and binds the names every time, and one report drew
640,000 cells that way. The rule (docs/architecture.md, "Start-up is a feature") is that a
per-row or per-cell helper never imports anything.

This test counts the import statements each command runs (every `import` and `from ... import`
goes through builtins.__import__) on a case file of 30 young people and on one of 90, after a
first run has loaded every module: the counts must be the same. A count that grows with the
case file is an import inside something called per young person, row or cell, and the test
names the function that holds it.
"""

import builtins
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from efter.cli import app
from tests.benchmarks.casefile import Size, build

SIZES = (30, 90)

# Every command that prints a row per young person (or per record of theirs), in each of
# the ways it prints: a table, --csv, --json.
COMMANDS = [
    *(
        ("report", name, *how)
        for name in ("outcomes", "meetings", "agreements", "deadlines")
        for how in ((), ("--csv",), ("--json",), ("--share",))
    ),
    ("report", "caseload"),
    ("report", "caseload", "--json"),
    ("report", "progress"),
    ("report", "progress", "--by", "youth"),
    ("youth", "list", "--all"),
    ("youth", "list", "--all", "--json"),
    ("due", "--all"),
    ("due", "--json"),
    ("deadline", "list"),
    ("meeting", "list"),
    ("agreement", "list"),
    ("person", "list"),
    ("person", "list", "--json"),
]


class Imports:
    """Counts import statements by the function that runs them (file:function)."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()
        self.counting = False

    @staticmethod
    def _where(frame: Any) -> str:
        code = frame.f_code
        return f"{Path(code.co_filename).name}:{getattr(code, 'co_qualname', code.co_name)}"

    def hook(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def counted(name: str, globals: Any = None, *args: Any, **kwargs: Any) -> Any:
            if self.counting:
                caller = sys._getframe(1)
                # the import machinery's own calls are not statements in efter's code
                if not caller.f_code.co_filename.startswith("<frozen"):
                    self.seen[self._where(caller)] += 1
            return real(name, globals, *args, **kwargs)

        return counted


@pytest.fixture
def imports(monkeypatch: pytest.MonkeyPatch) -> Iterator[Imports]:
    counter = Imports()
    monkeypatch.setattr(builtins, "__import__", counter.hook(builtins.__import__))
    yield counter


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    made = {}
    for n in SIZES:
        path = tmp_path_factory.mktemp(f"rows-{n}") / "casefile.db"
        build(path, Size(f"rows-{n}", n, 3 * n, 30 * n, 5 * n, 0, 0, 0))
        made[n] = path
    return made


def counted(
    imports: Imports, monkeypatch: pytest.MonkeyPatch, db: Path, argv: tuple[str, ...]
) -> Counter[str]:
    monkeypatch.setenv("EFTER_DB", str(db))
    imports.seen = Counter()
    imports.counting = True
    try:
        result = CliRunner().invoke(app, list(argv), catch_exceptions=False)
    finally:
        imports.counting = False
    assert result.exit_code == 0, (argv, result.stderr)
    assert result.stdout, argv  # it printed its rows
    return imports.seen


def grown(small: Counter[str], large: Counter[str]) -> dict[str, tuple[int, int]]:
    return {where: (small[where], n) for where, n in large.items() if n > small[where]}


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_no_import_per_row(
    argv: tuple[str, ...],
    files: dict[int, Path],
    imports: Imports,
    env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small, large = files[SIZES[0]], files[SIZES[1]]
    counted(imports, monkeypatch, small, argv)  # loads every module the command needs
    first = counted(imports, monkeypatch, small, argv)
    second = counted(imports, monkeypatch, large, argv)
    assert grown(first, second) == {}, (
        f"efter {' '.join(argv)} runs more import statements on a case file of {SIZES[1]} "
        f"young people than on one of {SIZES[0]} (function: (count at {SIZES[0]}, count at "
        f"{SIZES[1]})): move the import out of the function called per row or per cell"
    )


def test_an_import_per_row_is_caught(imports: Imports) -> None:
    """The counter sees a function-level import in a helper called per cell."""

    def cell(value: int) -> str:
        from efter.core import text  # the mistake this test is for

        return text.shown(str(value))

    runs = []
    for rows in SIZES:
        imports.seen = Counter()
        imports.counting = True
        [cell(n) for n in range(rows)]
        imports.counting = False
        runs.append(imports.seen)
    found = grown(*runs)
    assert list(found) == ["test_per_row_imports.py:test_an_import_per_row_is_caught.<locals>.cell"]
    assert found["test_per_row_imports.py:test_an_import_per_row_is_caught.<locals>.cell"] == (
        SIZES[0],
        SIZES[1],
    )
