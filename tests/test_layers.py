"""The layers hold by themselves: import-linter's contracts (pyproject.toml) and no module
using another's private names. CI runs lint-imports too (.ci/run)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    assert LINT_IMPORTS.exists(), "import-linter is in the test extra: pip install -e '.[test]'"
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_layer_contracts_hold():
    done = _lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_the_contracts_catch_an_arrow_pointing_outward(tmp_path: Path):
    """The same contracts on a small stand-in package: the core importing render, and render
    importing rich, both break them (so the contracts above are not empty)."""
    package = tmp_path / "efter"
    for layer in ("cli", "demo", "render", "transfer", "core", "resources"):
        folder = package / layer
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "core" / "due.py").write_text("from efter.render import case_documents\n")
    (package / "render" / "case_documents.py").write_text("import rich\n")
    done = _lint_imports(tmp_path, pythonpath=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Contracts: 0 kept, 2 broken." in done.stdout
    assert "efter.core.due -> efter.render.case_documents" in done.stdout
    assert "efter.render.case_documents -> rich" in done.stdout


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(path: Path, own: str) -> list[str]:
    """`from efter.x import _y`, `efter.x._y` through an imported module, and imports of a
    private efter module, where efter.x is not `own`, the module itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    modules: dict[str, str] = {}  # local name -> efter module it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("efter"):
            if any(_private(part) for part in node.module.split(".")):
                found.append(f"{path.name}:{node.lineno} imports {node.module}")
            for alias in node.names:
                if _private(alias.name) and node.module != own:
                    found.append(f"{path.name}:{node.lineno} {node.module}.{alias.name}")
                modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("efter") and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and modules[node.value.id] != own
        ):
            found.append(f"{path.name}:{node.lineno} {modules[node.value.id]}.{node.attr}")
    return sorted(found)


def test_no_module_uses_another_modules_private_names():
    found = [
        use
        for path in sorted((ROOT / "efter").rglob("*.py"))
        for use in private_uses(path, _module_name(path))
    ]
    assert found == []


def test_the_private_name_check_sees_each_form(tmp_path: Path):
    sample = tmp_path / "sample_for_test.py"
    sample.write_text(
        "from efter.core.casefile import _connect\n"
        "from efter.render import meetings as docs\n"
        "from efter.core import reports\n"
        "docs._scale(1, 2)\n"
        "reports._population\n"
        "from efter.core.sample_for_test import _own\n"
    )
    found = private_uses(sample, "efter.core.sample_for_test")
    assert found == [
        "sample_for_test.py:1 efter.core.casefile._connect",
        "sample_for_test.py:4 efter.render.meetings._scale",
        "sample_for_test.py:5 efter.core.reports._population",
    ]


def sql_calls(path: Path) -> list[str]:
    """Calls of a connection's execute, executemany or executescript."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sorted(
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("execute", "executemany", "executescript")
    )


# Not yet: the import kinds keep their own writes until they go through the core's batch
# operations (one write path per kind of record); then this list goes.
SQL_NOT_YET_MOVED: tuple[str, ...] = ()


def test_sql_lives_in_the_core():
    """The face, the documents and the files ask the core; they hold no SQL of their own."""
    found = [
        call
        for layer in ("cli", "render", "transfer")
        for path in sorted((ROOT / "efter" / layer).rglob("*.py"))
        if not str(path.relative_to(ROOT)).startswith(SQL_NOT_YET_MOVED)
        for call in sql_calls(path)
    ]
    assert found == []
    assert sql_calls(ROOT / "efter" / "core" / "youth.py")  # the check sees a call


# A distribution's import name where it differs from its own.
IMPORT_NAME = {"python-dateutil": "dateutil", "markdown-it-py": "markdown_it"}
# Declared for a library efter uses, which imports it only when it is there.
USED_THROUGH = {"shellingham": "typer: `efter --install-completion` finds the user's shell"}


def _imported_roots() -> set[str]:
    roots = set()
    for path in (ROOT / "efter").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                roots.add(node.module.split(".")[0])
    return roots


def test_every_declared_dependency_is_used():
    """A dependency nothing imports is a defect (sqlite-utils was one: see
    docs/decisions/0001-sqlite-utils.md)."""
    import re
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = [
        re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower()
        for spec in config["project"]["dependencies"]
    ]
    roots = _imported_roots()
    unused = [
        name
        for name in declared
        if IMPORT_NAME.get(name, name) not in roots and name not in USED_THROUGH
    ]
    assert declared and unused == []
    assert "sqlite-utils" not in declared
