"""efter demo records start, meeting and end ratings and shows the progress."""

from pathlib import Path

from tests.conftest import Run


def test_demo_shows_ratings_and_progress(run: Run, env: Path, tmp_path: Path) -> None:
    result = run("demo", "--dir", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.stderr
    assert "Recorded 82 ratings of life areas for 6 of them.\n" in result.stderr
    out = result.stdout
    assert "Amalie Nørgaard (id 1, ref 2025-0412): status on life areas, 1-5\n" in out
    assert (
        "Sociale netværk og relationer       2      3   3     +1        2      4   4     +2   "
        "youth 1 higher\n"
    ) in out
    # 12: the demo also enrols a closed 2024 cohort without ratings (issue 9's reports).
    assert "All young people: 12 young people, rated by the professionals\n" in out
    # Uddannelse by hand: +2, +2, +1, 0, +1 (five followed up), Ali has only a start rating.
    assert (
        "Uddannelse                            5   +1.20    80% (4)    20% (1)     0% (0)"
        "           1      6\n"
    ) in out
