"""Issue 21 item 2: a kind that plans a chunk of rows at once (`Kind.plan_many`, each distinct
value of a column checked once: `Context.column`) plans exactly what it planned row by row.

Random files of good and bad cells are imported twice with --dry-run --json, once as the
importer runs (in chunks of two rows, so chunks planned at once and chunks planned row by row
mix) and once with plan_many turned off: the same output, the same problems, the same exit
code. The per-row path is the one the import tests and transcripts hold to their wording."""

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efter.resources import packaged_dir
from efter.transfer import importer
from efter.transfer.kinds import FAILED, Context, Kind, kind

EXAMPLES = packaged_dir("examples")
REFS = ("2025-0412", "2025-0419", "2025-0433", "2025-0440", "2025-0447", " 2025-0412", "",
        "2099-9999", "2025-0412x")  # fmt: skip

# Per kind: the columns of its file and the cells each may hold (good ones and bad ones).
CELLS: dict[str, dict[str, tuple[str, ...]]] = {
    "measures": {
        "sagsnr": REFS,
        "indsats": (
            "kontaktperson",
            "mentor",
            "bostøtte",
            "Bostoette",
            "other",
            "andet",
            "no-such-kind",
            "",
            "x" * 210,
        ),
        "udbyder": ("", "Ungeindsatsen", "  Bostøtten Esbjerg ", "x" * 201),
        "lovgrundlag": ("", "§ 32", "Serviceloven § 52", "sel52", "§ 114", "egen hjemmel"),
        "fra": ("", "01-09-2025", "2023-05-01", "31-02-2025", "tomorrow", "2026-01-01"),
        "til": ("", "30-06-2026", "2022-01-01", "not a date"),
        "note": ("", "Lektiehjælp", "x" * 1001),
    },
}


def csv_text(kind_name: str, rows: list[dict[str, str]]) -> str:
    columns = list(CELLS[kind_name])
    lines = [";".join(columns)]
    lines += [";".join(row[c] for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def files(kind_name: str) -> st.SearchStrategy[list[dict[str, str]]]:
    row = st.fixed_dictionaries({c: st.sampled_from(v) for c, v in CELLS[kind_name].items()})
    return st.lists(row, min_size=1, max_size=9)


@pytest.fixture
def with_youth(run: Any, casefile: Path) -> Path:
    result = run("import", "youth", str(EXAMPLES / "youth.csv"))
    assert result.exit_code == 0, result.stderr
    return casefile


def both_ways(
    run: Any, monkeypatch: pytest.MonkeyPatch, path: Path, name: str, *flags: str
) -> tuple[Any, Any]:
    """The import's (exit code, stdout, stderr) in chunks planned at once, and row by row."""
    monkeypatch.setattr(importer, "CHUNK", 2)
    fast = run("import", name, str(path), "--dry-run", "--json", *flags)
    with monkeypatch.context() as off:
        off.setattr(type(kind(name)), "plan_many", Kind.plan_many)
        slow = run("import", name, str(path), "--dry-run", "--json", *flags)
    return (fast.exit_code, fast.stdout, fast.stderr), (slow.exit_code, slow.stdout, slow.stderr)


@pytest.mark.parametrize("name", sorted(CELLS))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_planned_at_once_as_row_by_row(
    name: str, data: st.DataObject, run: Any, with_youth: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    rows = data.draw(files(name))
    path = tmp_path / f"{name}.csv"
    path.write_text(csv_text(name, rows), encoding="utf-8")
    for flags in ((), ("--force",)):
        fast, slow = both_ways(run, monkeypatch, path, name, *flags)
        assert fast == slow


def test_a_good_file_is_planned_at_once(
    run: Any, with_youth: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chunks of a file with nothing wrong are planned by plan_many, not row by row."""
    path = tmp_path / "measures.csv"
    path.write_text(
        "sagsnr;indsats;fra\n" + "".join(f"2025-0412;mentor;0{d}-01-2026\n" for d in range(1, 8)),
        encoding="utf-8",
    )
    monkeypatch.setattr(importer, "CHUNK", 3)
    by_row: list[str] = []
    spec = type(kind("measures"))
    plan = spec.plan
    monkeypatch.setattr(
        spec, "plan", lambda self, row, ctx: by_row.append(row.where) or plan(self, row, ctx)
    )
    result = run("import", "measures", str(path))
    assert result.exit_code == 0, result.stderr
    assert "7 created" in result.stderr
    assert by_row == []


def test_each_distinct_value_is_checked_once(casefile: Path) -> None:
    import sqlite3
    from datetime import date

    seen: list[str] = []

    def check(value: str) -> str:
        seen.append(value)
        if value == "bad":
            from efter.core.errors import InvalidInput

            raise InvalidInput(field="x", problem="bad", fix="good")
        return value.upper()

    ctx = Context(sqlite3.connect(":memory:"), date(2026, 1, 1))
    assert ctx.column(check, ["a", "b", "a", "bad", "a"]) == ["A", "B", "A", FAILED, "A"]
    assert ctx.column(check, ["b", "bad", "c"]) == ["B", FAILED, "C"]
    assert sorted(seen) == ["a", "b", "bad", "c"]
