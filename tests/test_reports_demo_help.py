"""efter demo shows the outcomes report; every new command has help."""

from pathlib import Path

import pytest
from _reportkit import lines


def test_demo_prints_the_outcomes_report(run, env: Path, tmp_path: Path) -> None:
    result = run("demo", "--dir", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.stderr
    out = lines(result.stdout)
    assert "Closed cases up to 2026-11-28: 6, in education or a job 5 (83.3 %)\n" in out
    assert (
        "EMPOWER4U->DRØMMEJOB   29,500       3        2                     88,500   44,250\n"
        in out
    )
    assert "Closed 6 cases from 2024 and recorded 13 status periods.\n" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["status"], ["programme", "price"], ["programme", "list"], ["deadline", "met"],
        ["deadline", "clear"], ["report", "outcomes"], ["report", "meetings"],
        ["report", "agreements"], ["report", "deadlines"],
    ],
)  # fmt: skip
def test_help(run, command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage: efter " + " ".join(command) in result.stdout
    assert result.stdout.count("--db") == 1
