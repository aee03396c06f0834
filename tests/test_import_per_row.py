"""No import statement runs once per row of an import either (tests/test_per_row_imports.py
holds the rule and the counter). Every import kind reads back the file `efter export all`
writes, at two sizes, into a case file holding the young people (a dry run: every row is
checked and planned, nothing is written); the import statements run must not grow with the
file."""

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from efter.cli import app
from efter.transfer.kinds import KIND_NAMES
from tests.benchmarks.casefile import Size, build, official_municipalities, prepare_transfer
from tests.test_per_row_imports import SIZES, Imports, grown
from tests.test_per_row_imports import imports as imports  # the fixture


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, Path]]:
    """For each size: (a case file holding only the young people, the folder of files)."""
    made = {}
    for n in SIZES:
        folder = tmp_path_factory.mktemp(f"import-rows-{n}")
        large = folder / "large.db"
        build(large, Size(f"rows-{n}", n, 3 * n, 30 * n, 5 * n, 0, 0, 0))
        prepare_transfer(large, folder / "transfer.db")
        result = CliRunner().invoke(
            app,
            ["--db", str(folder / "transfer.db"), "export", "all", "--format", "csv", "--out",
             str(folder / "files")],
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        youth_only = folder / "youth-only.db"
        shutil.copyfile(large, youth_only)
        conn = sqlite3.connect(youth_only)
        for table in ("rating", "agreement_event", "agreement", "attendance", "meeting",
                      "goal", "member"):  # fmt: skip
            conn.execute(f"DELETE FROM {table}")
        official_municipalities(conn)
        conn.commit()
        conn.close()
        made[n] = (youth_only, folder / "files")
    return made


def counted(imports: Imports, db: Path, files: Path, kind: str) -> Counter[str]:
    imports.seen = Counter()
    imports.counting = True
    try:
        result = CliRunner().invoke(
            app, ["--db", str(db), "import", kind, str(files / f"{kind}.csv"), "--dry-run"],
            catch_exceptions=False,
        )  # fmt: skip
    finally:
        imports.counting = False
    assert result.exit_code == 0, (kind, result.stderr[-500:])
    assert "Nothing was written" in result.stderr, result.stderr
    return imports.seen


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_no_import_per_row_of_an_import(
    kind: str, sources: dict[int, tuple[Path, Path]], imports: Imports, env: Path
) -> None:
    (small, small_files), (large, large_files) = sources[SIZES[0]], sources[SIZES[1]]
    counted(imports, small, small_files, kind)  # loads every module the import needs
    first = counted(imports, small, small_files, kind)
    second = counted(imports, large, large_files, kind)
    assert grown(first, second) == {}, (
        f"efter import {kind} runs more import statements on a file of {SIZES[1]} young "
        f"people than on one of {SIZES[0]}: move the import out of the function called per row"
    )
