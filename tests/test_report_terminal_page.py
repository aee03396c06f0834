"""A report's per-person table on a terminal shows the first 100 young people and says how
to see the rest (--all, a pipe, --csv); a pipe, --csv and --json always have everyone."""

import re
from pathlib import Path
from typing import Any

import pytest

from efter.cli import output, reports

REPORTS = {  # each report's per-person section: its title, and its second heading
    "outcomes": ("Young people", "Ref"),
    "meetings": ("Per young person", "Name"),
    "agreements": ("Per young person", "Name"),
    "deadlines": ("Per young person", "Name"),
}
SAID = (
    "Showing the first 100 of 101 young people: add --all to see everyone, or use --csv for "
    "a spreadsheet.\n"
)


@pytest.fixture
def hundred_and_one(run: Any, casefile: Path, tmp_path: Path) -> Path:
    rows = "".join(
        f"2025-{n:04d};Ung {n:03d} Hansen;14-03-2008;Mette Holm;01-09-2025\n" for n in range(1, 102)
    )
    youth = tmp_path / "youth.csv"
    youth.write_text("sagsnr;navn;fødselsdato;koordinator;startdato\n" + rows, encoding="utf-8")
    result = run("import", "youth", str(youth))
    assert result.exit_code == 0, result.stderr
    agreements = tmp_path / "agreements.csv"  # the agreements report lists those with one
    agreements.write_text(
        "sagsnr;aftale;ansvarlig;frist;status\n"
        + "".join(f"2025-{n:04d};Søge ind på en uddannelse;den unge;01-12-2026;åben\n"
                  for n in range(1, 102)),
        encoding="utf-8",
    )  # fmt: skip
    result = run("import", "agreements", str(agreements))
    assert result.exit_code == 0, result.stderr
    return casefile


def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "terminal", lambda: True)
    monkeypatch.setattr(reports, "terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")  # one line a young person
    monkeypatch.setenv("NO_COLOR", "1")


def people_in(stdout: str, kind: str) -> list[str]:
    """The IDs in the report's per-person table, top to bottom."""
    title, heading = REPORTS[kind]
    lines = stdout.splitlines()
    start = lines.index(title)
    assert lines[start + 1].split()[:2] == ["ID", heading], lines[start + 1]
    ids = []
    for line in lines[start + 3 :]:
        if not re.match(r"\d", line):
            break
        ids.append(line.split()[0])
    return ids


@pytest.mark.parametrize("kind", sorted(REPORTS))
def test_on_a_terminal_the_first_100_and_how_to_see_everyone(
    run: Any, hundred_and_one: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    piped = run("report", kind)
    assert piped.exit_code == 0, piped.stderr
    everyone = people_in(piped.stdout, kind)
    assert len(everyone) == 101 and SAID not in piped.stderr
    on_a_terminal(monkeypatch)
    shown = run("report", kind)
    assert shown.exit_code == 0, shown.stderr
    assert people_in(shown.stdout, kind) == everyone[:100]
    assert shown.stderr == piped.stderr + SAID  # after what the report says anyway
    every = run("report", kind, "--all")
    assert every.exit_code == 0, every.stderr
    assert people_in(every.stdout, kind) == everyone and every.stderr == piped.stderr
    for script in ("--csv", "--json"):
        whole = run("report", kind, script)
        assert whole.exit_code == 0 and SAID not in whole.stderr
        assert "Ung 101 Hansen" in whole.stdout


def test_the_line_in_danish(run: Any, hundred_and_one: Path, monkeypatch) -> None:
    on_a_terminal(monkeypatch)
    monkeypatch.setenv("EFTER_LANG", "da")
    result = run("report", "deadlines")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Viser de første 100 af 101 unge: tilføj --all for at se alle, eller brug --csv til et "
        "regneark.\n"
    )
