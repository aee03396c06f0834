"""Start-up is a feature: these tests fail the run when someone makes it slow.

They run efter in a fresh interpreter with `-X importtime` and read which modules it imported;
they never time anything (timings live in tests/benchmarks/).
"""

import json
import os
import re
import subprocess
import sys
import threading
import tomllib
import types
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from efter.cli import app

ROOT = Path(__file__).resolve().parent.parent

# Never on the way to `efter --help`.
HEAVY = (
    "jinja2", "rich", "dateutil", "holidays", "icalendar", "openpyxl",
    "platformdirs", "weasyprint", "markdown_it", "sqlcipher3", "pydantic", "phonenumbers",
    "psycopg",
)  # fmt: skip
# Never on the way to a --json read or a plain table either (efter.cli.grid draws tables).
HEAVY_FOR_READS = tuple(name for name in HEAVY if name != "platformdirs")
LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \| (\s*)(\S+)$")


def imported(
    *args: str, env: dict[str, str] | None = None, python: tuple[str, ...] = ()
) -> set[str]:
    """Every module `python -m efter ARGS` imports, from -X importtime."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *(python or ("-m", "efter")), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {m.group(2) for line in done.stderr.splitlines() if (m := LINE.match(line))}


def heavy(modules: set[str], banned: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in banned)


def test_the_guard_sees_a_heavy_import():
    """The guard can fail: efter's start-up plus a module-level jinja2 import is caught."""
    modules = imported(python=("-c", "import efter.cli, rich.table, jinja2.sandbox"))
    assert "efter.cli" in modules
    assert {"rich", "rich.table", "jinja2", "jinja2.sandbox"} <= set(heavy(modules, HEAVY))


def test_help_imports_no_heavy_module(tmp_path: Path):
    modules = imported("--help", env={"HOME": str(tmp_path)})
    assert heavy(modules, HEAVY) == []


def test_help_imports_no_noun_module():
    """Nouns are registered with add_lazy_typer, so --help imports none of them."""
    modules = imported("--help")
    lazy = {entry.target.partition(":")[0] for entry in app.lazy.values()}
    lazy |= {module for entry in app.lazy.values() for module in entry.also}
    assert lazy, "no noun is registered lazily"
    assert sorted(lazy & modules) == [], (
        "efter --help imported a noun's module: register it in efter/cli/__init__.py with "
        "app.add_lazy_typer(NAME, 'efter.cli.MODULE:app', help=...) instead of add_typer"
    )


def test_efter_lazy_0_builds_the_whole_tree_first_as_an_eager_tree_would():
    """The benchmark suite's line EFTER_LAZY=0 measures what laziness buys: with it every
    noun's module is imported before the command runs, and the output is the same."""
    lazy = {entry.target.partition(":")[0] for entry in app.lazy.values()}
    # The nouns are imported by importlib.import_module, which -X importtime does not see.
    script = (
        "import atexit, sys; sys.argv = ['efter', '--help']; "
        "atexit.register(lambda: print(*sorted(sys.modules), file=sys.stderr)); "
        "from efter.cli import main; main()"
    )
    for setting, expected in (("0", lazy), ("1", set())):
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True,
            env={**os.environ, "EFTER_FAST_EXIT": "0", "EFTER_LAZY": setting},
        )  # fmt: skip
        modules = set(done.stderr.split())
        assert lazy & modules == expected, setting
    plain = subprocess.run(
        [sys.executable, "-m", "efter", "--help"], capture_output=True, text=True, check=True,
        env={**os.environ, "COLUMNS": "100"},
    )  # fmt: skip
    eager = subprocess.run(
        [sys.executable, "-m", "efter", "--help"], capture_output=True, text=True, check=True,
        env={**os.environ, "COLUMNS": "100", "EFTER_LAZY": "0"},
    )  # fmt: skip
    assert eager.stdout == plain.stdout


def test_help_lists_the_lazy_nouns(run):
    result = run("--help")
    assert result.exit_code == 0
    for name, entry in app.lazy.items():
        assert re.search(rf"^  {name}\s+{re.escape(entry.help[:30])}", result.stdout, re.M), name


@pytest.fixture
def small_file(run, casefile: Path) -> Path:
    for name in ("Amalie Nørgaard", "Mathias Østergaard"):
        result = run("youth", "add", name, "--born", "14-03-2009", "--start", "01-09-2025",
                     "--coordinator", "Mette Holm")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    result = run("team", "add", "1", "--role", "rådgiver", "--name", "Lene Bach")
    assert result.exit_code == 0, result.stderr
    return casefile


@pytest.mark.parametrize(
    "args",
    [("youth", "list", "--json"), ("youth", "show", "1", "--json"), ("youth", "list"),
     ("youth", "show", "1"), ("report", "caseload"), ("team", "list", "1"),
     ("report", "progress"), ("ratings", "1"), ("areas", "list"),
     ("youth", "show", "nørg"), ("youth", "show", "Oestergaard", "--json"), ("note", "list", "1"),
     ("find", "amalie"), ("person", "list"), ("person", "show", "1", "--json")],
)  # fmt: skip
def test_reads_import_no_heavy_module(small_file: Path, args: tuple[str, ...], engine: str):
    modules = imported("--db", _target(small_file), *args, env={"EFTER_TODAY": "2026-11-28"})
    register = {"efter.core.register", "efter.core.dialect"}
    if engine == "postgresql":  # a register's read loads psycopg and nothing else heavy
        assert heavy(modules, tuple(n for n in HEAVY_FOR_READS if n != "psycopg")) == []
        assert register <= modules
        return
    assert heavy(modules, HEAVY_FOR_READS) == []
    # The register's code (and its dialect) is for a postgresql:// URL only.
    assert not register & modules


def test_youth_show_loads_the_document_modules_only_to_compare_a_signed_contract(
    small_file: Path,
):
    """`youth show`'s contract line (efter.render.contract_line) renders the contract again
    only to compare a signed version with the case now; with none signed, no document
    module loads (they cost every `youth show` 3-5 ms). test_contracts.py holds the line."""
    modules = imported("--db", _target(small_file), "youth", "show", "1")
    assert "efter.render.contract_line" in modules
    assert not {"efter.render.case_documents", "efter.render.documents"} & modules


def _target(small_file: Path) -> str:
    """--db for the case small_file made: the file, or the test's register."""
    given = os.environ["EFTER_DB"]
    return given if given.startswith("postgresql://") else str(small_file)


def test_the_ruff_ban_covers_the_heavy_modules():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lint = config["tool"]["ruff"]["lint"]
    assert "TID" in lint["select"]
    banned = set(lint["flake8-tidy-imports"]["banned-module-level-imports"])
    assert set(HEAVY) - {"pydantic"} <= banned
    assert not any("TID" in rule for rule in lint.get("ignore", []))
    ignores = lint.get("per-file-ignores", {})
    assert all(
        pattern.startswith("tests/") for pattern, rules in ignores.items() if "TID253" in rules
    )


def test_typer_stays_below_the_pydantic_versions():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (typer,) = [d for d in config["project"]["dependencies"] if d.startswith("typer")]
    assert "<0.29" in typer.replace(" ", "")
    major, minor = (int(part) for part in version("typer").split(".")[:2])
    assert (major, minor) < (0, 29)


def test_a_lazy_command_is_listed_with_its_own_help():
    """The help line given to add_lazy_command is the command's own (so --help cannot drift)."""
    from typer.core import TyperCommand

    commands = [(n, e) for n, e in app.lazy.items() if not e.group]
    assert commands
    for name, entry in commands:
        real = entry.load(name)
        stub = TyperCommand(name, help=entry.help)
        assert stub.get_short_help_str(300) == real.get_short_help_str(300), name


def test_a_lazy_report_is_listed_with_its_own_help():
    """`efter report X` imports only X's module; `efter report --help` shows the line given to
    add_lazy_command, which must be the command's own docstring."""
    from efter.cli.report import app as report_app

    assert sorted(report_app.lazy) == [
        "agreements",
        "deadlines",
        "meetings",
        "outcomes",
        "progress",
    ]
    for name, entry in report_app.lazy.items():
        real = entry.load(name)
        assert real.help == entry.help, name


def test_report_caseload_imports_no_other_report():
    code = """
import sys
from efter.cli import app  # main() would end the process (os._exit) before the print
sys.argv = ["efter", "report", "caseload", "--help"]
try:
    app(prog_name="efter")
except SystemExit:
    pass
print(" ".join(sorted(m for m in sys.modules if m.startswith("efter."))))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = done.stdout.split()
    assert "efter.cli.report" in loaded
    for other in ("efter.cli.report_progress", "efter.cli.reports", "efter.core.reports"):
        assert other not in loaded


def test_a_lazy_noun_has_every_command_some_module_adds_to_it():
    """A module that adds commands to a noun (report_progress to report) must be named in
    that noun's `also=`, or the command would vanish when the noun is loaded lazily."""
    code = """
import importlib, json, pkgutil
import efter.cli
from efter.cli import app
nouns = [name for name, entry in app.lazy.items() if entry.group]
lazily = {name: sorted(app.lazy[name].load(name).list_commands(None)) for name in nouns}
for module in pkgutil.iter_modules(efter.cli.__path__):
    importlib.import_module("efter.cli." + module.name)
eagerly = {name: sorted(app.lazy[name].load(name).list_commands(None)) for name in nouns}
print(json.dumps([lazily, eagerly]))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    lazily, eagerly = json.loads(done.stdout)
    assert "erase" in eagerly["youth"]
    assert lazily == eagerly


def test_a_noun_builds_only_the_command_that_runs(run, small_file, monkeypatch):
    """typer inspects a command's signature to build it: `efter youth show` must not pay for
    the other commands of `efter youth` (efter.cli.tree builds them on first look-up)."""
    import typer.main

    built: list[str] = []
    build = typer.main.get_command_from_info

    def counted(command_info, **kwargs):
        callback = command_info.callback
        built.append(f"{callback.__module__}:{callback.__name__}")
        return build(command_info, **kwargs)

    monkeypatch.setattr(typer.main, "get_command_from_info", counted)
    for args, expected in (
        (("youth", "show", "1"), ["efter.cli.youth:show"]),
        (("youth", "list", "--json"), ["efter.cli.youth:list_"]),
        (("youth", "erase", "--help"), ["efter.cli.safekeeping:erase"]),
    ):
        built.clear()
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        assert built == expected
    built.clear()
    listing = run("youth", "--help")
    assert "erase" in listing.stdout and "reopen" in listing.stdout
    # The group's help shows each command's own help line (erase's registered one).
    assert built == [f"efter.cli.youth:{name}"
                     for name in ("add", "list_", "show", "edit", "close", "reopen")]  # fmt: skip


def test_the_command_ends_with_its_exit_status_and_all_its_output(tmp_path):
    """efter.cli.main ends the process with os._exit after flushing (no interpreter
    teardown): the exit status, stdout and stderr must still be what the command said."""
    env = {**os.environ, "EFTER_DB": str(tmp_path / "c.db"), "EFTER_TODAY": "2026-11-28",
           "NO_COLOR": "1", "COLUMNS": "100"}  # fmt: skip
    env.pop("EFTER_DEBUG", None)

    def efter(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "efter", *args], capture_output=True,
                              text=True, env=env, check=False)  # fmt: skip

    people = tmp_path / "unge.csv"
    rows = "".join(f"U{n};Ung {n:04d};14-03-2009\n" for n in range(3000))
    people.write_text("sagsnr;navn;født\n" + rows)
    assert efter("init").returncode == 0
    imported = efter("import", "youth", str(people))
    assert imported.returncode == 0, imported.stderr
    listed = efter("youth", "list", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 3000  # all of it
    missing = efter("youth", "show", "9999")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr.startswith("Error: No young person has the id or ref '9999'")
    usage = efter("--bogus")
    assert usage.returncode == 2 and "No such option: --bogus" in usage.stderr
    # A reader that stops early (far more than a pipe holds is left): no traceback, no
    # 'Exception ignored', and the status of a command that did its work.
    done = subprocess.run(
        f"{sys.executable} -m efter youth list --json | head -c 10; exit ${{PIPESTATUS[0]}}",
        shell=True, executable="/bin/bash", capture_output=True, text=True, env=env,
        check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, "[\n  {\n    ", "")
    # A full disk is a sentence and exit 1, not a traceback or a quiet success.
    with open("/dev/full", "w") as full:
        stuck = subprocess.run([sys.executable, "-m", "efter", "youth", "list", "--json"],
                               stdout=full, stderr=subprocess.PIPE, text=True, env=env,
                               check=False)  # fmt: skip
    sentence = ("efter could not write (No space left on device): free some space or write "
                "somewhere else, then run the command again.")  # fmt: skip
    # --json was given: the failure is one JSON object (efter.cli.frame), the same sentence
    assert stuck.returncode == 1
    assert json.loads(stuck.stderr) == {
        "error": sentence, "field": None, "problem": sentence, "fix": None
    }  # fmt: skip


def test_importing_efter_cli_leaves_the_collector_alone():
    """The collector pause belongs to the `efter` command (main), not to a library import."""
    code = "import gc, efter.cli; print(gc.isenabled())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert (done.returncode, done.stdout) == (0, "True\n"), done.stderr[-2000:]


def test_a_profiler_sees_the_command_end():
    """os._exit gives way under a profiler: `python -m cProfile -m efter` prints its profile."""
    done = subprocess.run([sys.executable, "-m", "cProfile", "-m", "efter", "--version"],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("efter ")
    assert re.search(r"^\s+\d+ function calls .* in [\d.]+ seconds$", done.stdout, re.M)


@pytest.mark.parametrize(("fast_exit", "torn_down"), [("1", ""), ("0", "teardown\n")])
def test_efter_fast_exit_0_ends_the_ordinary_way(fast_exit: str, torn_down: str):
    code = (
        "import atexit, sys, efter.cli\n"
        "atexit.register(lambda: print('teardown'))\n"
        "sys.argv = ['efter', '--version']\n"
        "efter.cli.main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "EFTER_FAST_EXIT": fast_exit},
                          check=False)  # fmt: skip
    assert (done.returncode, done.stdout) == (0, f"efter {version('efter')}\n" + torn_down)


def test_only_a_foreign_phone_number_imports_phonenumbers(small_file: Path):
    """A Danish number is checked without libphonenumber (about 25 ms to import); a number
    from another country needs it."""
    danish = imported("--db", _target(small_file), "youth", "edit", "1", "--phone", "+45 2143 6587")
    assert heavy(danish, ("phonenumbers",)) == []
    foreign = imported(
        "--db", _target(small_file), "youth", "edit", "1", "--phone", "+46 70 123 45 67"
    )
    assert "phonenumbers" in foreign


def test_the_console_script_pauses_the_collector_before_typer_loads():
    """efter.start (the console script) pauses the collector before efter.cli and typer load
    (their objects are no garbage: 30-40 collections walked them, about 4 ms of every
    command); EFTER_GC_PAUSE=0 lets it run, as the benchmark suite's line does."""
    script = (
        "import atexit, gc, sys; sys.argv = ['efter', '--version']; "
        "before = gc.get_stats()[0]['collections']; "  # Python's own start made some
        "atexit.register(lambda: print(gc.get_stats()[0]['collections'] - before, "
        "file=sys.stderr)); "
        "from efter.start import main; main()"
    )
    counts = {}
    for setting in ("1", "0"):
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True,
            env={**os.environ, "EFTER_FAST_EXIT": "0", "EFTER_GC_PAUSE": setting},
        )  # fmt: skip
        assert done.stdout.startswith("efter ")
        counts[setting] = int(done.stderr.split()[-1])
    assert counts["1"] <= 2 < 20 <= counts["0"], counts


# --- standard modules deferred until first used (efter.deferred) ------------------------------


@pytest.fixture
def probes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Three modules of a test's own: efter_probe (counts its runs in efter_probe_runs, takes
    a moment to load) and efter_probe_broken (fails as it loads)."""
    (tmp_path / "efter_probe_runs.py").write_text("runs = []\n")
    (tmp_path / "efter_probe.py").write_text(
        "import time\nimport efter_probe_runs\nefter_probe_runs.runs.append(1)\n"
        "time.sleep(0.05)\nVALUE = 42\n"
    )
    (tmp_path / "efter_probe_broken.py").write_text("VALUE = 1\nraise ValueError('broken')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    names = ("efter_probe", "efter_probe_runs", "efter_probe_broken")
    yield __import__("efter_probe_runs").runs
    for name in names:
        sys.modules.pop(name, None)


def test_a_deferred_module_runs_once_when_a_name_of_it_is_first_asked_for(probes):
    from efter.deferred import Deferred, defer

    defer(("efter_probe",))
    import efter_probe

    assert type(efter_probe) is Deferred and probes == []
    import efter_probe as again

    assert again is efter_probe and probes == []
    from efter_probe import VALUE

    assert (VALUE, probes, type(efter_probe)) == (42, [1], types.ModuleType)
    assert efter_probe.VALUE == 42 and probes == [1]
    with pytest.raises(AttributeError):
        efter_probe.missing  # noqa: B018


def test_threads_asking_a_deferred_module_at_once_each_see_all_of_it(probes):
    from efter.deferred import defer

    defer(("efter_probe",))
    import efter_probe

    start = threading.Barrier(4)
    seen: list[object] = []

    def ask() -> None:
        start.wait()
        seen.append(getattr(efter_probe, "VALUE", "missing"))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (seen, probes) == ([42] * 4, [1])


def test_a_deferred_module_that_fails_fails_as_its_import_would(probes):
    from efter.deferred import defer

    defer(("efter_probe_broken", "efter_probe_not_there"))
    assert "efter_probe_not_there" not in sys.modules  # not found: left to `import`
    import efter_probe_broken

    with pytest.raises(ValueError, match="broken"):
        efter_probe_broken.VALUE  # noqa: B018
    assert "efter_probe_broken" not in sys.modules


@pytest.mark.laptop_only("psycopg imports asyncio, which uses subprocess, textwrap and ipaddress")
def test_a_short_command_loads_none_of_the_deferred_modules(small_file: Path):
    """The modules in efter.deferred.DEFERRED are imported by typer and never used by a read:
    should typer (or efter) come to use one as it loads, it is no longer worth deferring."""
    from efter.deferred import DEFERRED

    script = (
        "import atexit, sys\n"
        f"sys.argv = ['efter', '--db', {str(small_file)!r}, 'report', 'progress', '--json']\n"
        "from efter.deferred import DEFERRED\nfrom efter.start import main\n"
        "atexit.register(lambda: print(*(type(sys.modules.get(n)).__name__ for n in DEFERRED),"
        " file=sys.stderr))\n"
        "main()\n"
    )
    for setting, expected in (("1", ["Deferred"] * len(DEFERRED)), ("0", ["module"] * 2)):
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True,
            env={**os.environ, "EFTER_FAST_EXIT": "0", "EFTER_DEFER": setting},
        )  # fmt: skip
        assert json.loads(done.stdout)
        kinds = done.stderr.split()
        assert kinds[: len(expected)] == expected, setting


def test_commands_that_use_a_deferred_module_work(small_file: Path, tmp_path: Path):
    """From the console script (efter.start): help (textwrap), completion, a traceback shown
    with its source lines (tokenize), the note editor (subprocess)."""
    db = _target(small_file)

    def efter(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "efter", *args], capture_output=True, text=True,
            env={**os.environ, "COLUMNS": "100", "EFTER_DB": db, **env}, check=False,
        )  # fmt: skip

    for args in (("--help",), ("youth", "add", "--help")):
        helped = efter(*args)
        assert helped.returncode == 0 and "Usage: efter" in helped.stdout
        assert helped.stdout == efter(*args, EFTER_DEFER="0").stdout
    completed = efter(_EFTER_COMPLETE="complete_bash", COMP_WORDS="efter yo", COMP_CWORD="1")
    assert (completed.returncode, completed.stdout) == (0, "youth\n")
    debug = efter("youth", "show", "9999", EFTER_DEBUG="1")
    assert debug.returncode == 1 and "Traceback" in debug.stderr
    assert "    return function(*args, **kwargs)\n" in debug.stderr  # read from frame.py
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Skrevet i editoren\\n" > "$1"\n')
    editor.chmod(0o755)
    script = (
        "import sys; from efter import deferred, start; deferred.defer(deferred.DEFERRED)\n"
        "from efter.cli import ask; ask.interactive = lambda: True\n"
        "sys.argv = ['efter', 'note', 'add', '1']; start.main()\n"
    )
    noted = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False,
        env={**os.environ, "EFTER_DB": db, "EDITOR": str(editor), "VISUAL": ""},
    )  # fmt: skip
    assert noted.returncode == 0, noted.stderr
    listed = efter("note", "list", "1", "--json")
    assert [note["text"] for note in json.loads(listed.stdout)] == ["Skrevet i editoren"]


def test_ntpath_and_shellingham_load_when_first_used():
    """pathlib's Windows paths (ntpath, frozen into the interpreter) and typer's shell
    detection (shellingham) are deferred too: each is the real module at its first name."""
    code = (
        "import sys\n"
        "from efter import deferred\n"
        "deferred.start()\n"
        "import pathlib, ntpath, shellingham\n"
        "before = [type(sys.modules[n]).__name__ for n in ('ntpath', 'shellingham')]\n"
        "parts = pathlib.PureWindowsPath('C:\\\\a\\\\b.txt').parts\n"
        "from shellingham._core import ShellDetectionFailure\n"
        "same = shellingham.ShellDetectionFailure is ShellDetectionFailure\n"
        "print(*before, ntpath.join('a', 'b'), *parts, same,"
        " *(type(sys.modules[n]).__name__ for n in ('ntpath', 'shellingham')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [
        "Deferred", "Deferred", "a\\b", "C:\\", "a", "b.txt", "True", "module", "module"
    ]  # fmt: skip


def test_completion_shows_the_same_script_with_its_shell_found_when_deferred():
    """`--show-completion` without a shell finds it with shellingham (deferred)."""

    def show(setting: str) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "efter", "--show-completion"], capture_output=True,
            text=True, check=False, env={**os.environ, "EFTER_DEFER": setting},
        )  # fmt: skip
        return done.returncode, done.stdout, done.stderr

    deferred = show("1")
    assert deferred == show("0")
    assert "Traceback" not in deferred[2]  # where no shell is found, the same sentence


# --- regular expressions compiled when first used (efter.core.patterns) -----------------------


def _compiled(pattern: object) -> bool:
    try:  # object's own lookup: an unset slot, without Pattern.__getattr__ compiling it
        object.__getattribute__(pattern, "search")
    except AttributeError:
        return False
    return True


def test_a_pattern_compiles_at_its_first_use_and_answers_as_re_compile():
    from efter.core.patterns import Pattern

    source, flags = r"(\d{2})-(?P<rest>\w+)?", re.IGNORECASE
    lazy, compiled = Pattern(source, flags), re.compile(source, flags)
    assert not _compiled(lazy)
    for text in ("12-ab 34-", "x", "56-Zz"):
        for method in ("match", "fullmatch", "search", "findall"):
            got, expected = getattr(lazy, method)(text), getattr(compiled, method)(text)
            if isinstance(expected, re.Match):
                assert (got.span(), got.groups()) == (expected.span(), expected.groups())
            else:
                assert got == expected
        assert lazy.sub(r"<\1>", text) == compiled.sub(r"<\1>", text)
        assert [m.span() for m in lazy.finditer(text)] == [
            m.span() for m in compiled.finditer(text)
        ]
    assert _compiled(lazy)
    assert lazy.search.__self__ is compiled  # re's own method: later calls cost nothing more
    assert (lazy.pattern, lazy.groups) == (source, 2)
    with pytest.raises(re.error):
        Pattern("(unclosed").match("x")


# Compiled as the module loads, on purpose: `_narrow` runs for every non-ASCII cell of a
# table, through a name bound once (a Pattern would cost a look-up per cell).
COMPILED_AT_IMPORT = {"efter.cli.output._NARROW"}


@pytest.mark.parametrize(
    "args", [("youth", "show", "1"), ("report", "outcomes", "--json"), ("due",)]
)
def test_a_read_compiles_none_of_the_patterns_it_does_not_use(
    small_file: Path, args: tuple[str, ...], engine: str
):
    """Compiling every pattern of every module a command loads cost `youth show` and the
    reports 6-10 million instructions (docs/performance.md): a module-level pattern is an
    efter.core.patterns.Pattern, and a read that uses none (no CPR number in a message, no
    date typed, no control character in its JSON) compiles none."""
    if engine == "postgresql":
        pytest.skip("the same modules; the register's start is measured on its own")
    script = (
        "import atexit, re, sys\n"
        f"sys.argv = ['efter', '--db', {str(small_file)!r}, *{list(args)!r}]\n"
        "from efter.core.patterns import Pattern\n"
        "def seen():\n"
        "    for name, module in sorted(sys.modules.items()):\n"
        "        if not name.startswith('efter'):\n"
        "            continue\n"
        "        for key, value in sorted(vars(module).items()):\n"
        "            if isinstance(value, re.Pattern):\n"
        "                print('compiled', f'{name}.{key}', file=sys.stderr)\n"
        "            elif isinstance(value, Pattern):\n"
        "                try:\n"
        "                    object.__getattribute__(value, 'search')\n"
        "                    print('used', f'{name}.{key}', file=sys.stderr)\n"
        "                except AttributeError:\n"
        "                    print('waiting', f'{name}.{key}', file=sys.stderr)\n"
        "atexit.register(seen)\n"
        "from efter.start import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False,
        env={**os.environ, "EFTER_FAST_EXIT": "0", "EFTER_TODAY": "2026-11-28"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    words = [line.split() for line in done.stderr.splitlines()]
    states = {w[1]: w[0] for w in words if len(w) == 2 and w[0] in ("compiled", "used", "waiting")}
    assert {n for n, s in states.items() if s == "compiled"} <= COMPILED_AT_IMPORT
    assert states["efter.cli.output._JSON_UNSAFE"] == "waiting"  # no control character
    assert states.get("efter.core.cpr._ANYWHERE") in (None, "waiting")  # no error said
    assert states["efter.core.dates._DAY_FIRST"] == "waiting"  # no date typed
