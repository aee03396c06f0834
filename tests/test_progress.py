"""efter report progress against a small example worked out by hand.

Cohort H1 (4 young people) and H2 (2), professional ratings of bolig:
  Y1 (H1): start 2, meeting 3, end 4          -> change +2 (first 2, last 4)
  Y2 (H1): start 3, end 3                     -> change 0
  Y3 (H1): start 4, end 2                     -> change -2
  Y4 (H1): start 2                            -> no follow-up yet
  Y5 (H2): start 1, end 4                     -> change +3
  Y6 (H2): no rating of bolig                 -> not rated
Y1's start rating was first 1, corrected to 2: the corrected value counts, not the old one.
The young people's own ratings (Y1: bolig 5 -> 5) are a separate view (--by youth).

All six: bolig followed up 4 (+2, 0, -2, +3): mean 3/4 = 0.75; improved 2/4 = 50 %,
unchanged 1/4 = 25 %, worse 1/4 = 25 %; no follow-up yet 1 (Y4); not rated 1 (Y6).
uddannelse: Y1 start 2 and end 3 (+1); nobody else: followed up 1, mean +1, not rated 5.
H1: bolig 3 followed up (+2, 0, -2): mean 0.00, 33 % / 33 % / 33 %, no follow-up 1.
H2: bolig 1 followed up (+3), not rated 1.
"""

import json
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot


@pytest.fixture
def cohort(run: Run, casefile: Path) -> Path:
    people = [("Y1", "H1"), ("Y2", "H1"), ("Y3", "H1"), ("Y4", "H1"), ("Y5", "H2"), ("Y6", "H2")]
    for ref, hold in people:
        result = run(
            "youth", "add", f"Person {ref}", "--ref", ref, "--born", "2008-05-01",
            "--start", "2025-09-01", "--cohort", hold, "--coordinator", "Mette Holm",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    steps = [
        ("Y1", "bolig=1", "uddannelse=2", "--phase", "start", "--date", "2025-09-01"),
        ("Y1", "bolig=2", "--phase", "start", "--correct"),
        ("Y1", "bolig=3", "--phase", "meeting", "--date", "2026-02-01"),
        ("Y1", "bolig=4", "uddannelse=3", "--phase", "end", "--date", "2026-09-01"),
        ("Y1", "bolig=5", "--phase", "start", "--date", "2025-09-01", "--by", "youth"),
        ("Y1", "bolig=5", "--phase", "end", "--date", "2026-09-01", "--by", "youth"),
        ("Y2", "bolig=3", "--phase", "start", "--date", "2025-09-02"),
        ("Y2", "bolig=3", "--phase", "end", "--date", "2026-09-02"),
        ("Y3", "bolig=4", "--phase", "start", "--date", "2025-09-03"),
        ("Y3", "bolig=2", "--phase", "end", "--date", "2026-09-03"),
        ("Y4", "bolig=2", "--phase", "start", "--date", "2025-09-04"),
        ("Y5", "bolig=1", "--phase", "start", "--date", "2025-09-05"),
        ("Y5", "bolig=4", "--phase", "end", "--date", "2026-09-05"),
    ]  # fmt: skip
    for ref, *args in steps:
        result = run("rate", ref, *args)
        assert result.exit_code == 0, result.stderr
    return casefile


def _area(group: dict, code: str) -> dict:  # type: ignore[type-arg]
    return next(a for a in group["areas"] if a["area"] == code)


def test_all_young_people_json(run: Run, cohort: Path) -> None:
    data = json.loads(run("report", "progress", "--json").stdout)
    assert (data["rated_by"], data["group_by"], data["share"], data["note"]) == (
        "professional", None, False, None,
    )  # fmt: skip
    [group] = data["groups"]
    assert (group["group"], group["youth"]) == (None, 6)
    assert _area(group, "bolig") == {
        "area": "bolig", "label_da": "Bolig", "label_en": "Housing",
        "followed_up": 4, "mean_change": 0.75,
        "improved": 2, "unchanged": 1, "worse": 1,
        "share_improved": 0.5, "share_unchanged": 0.25, "share_worse": 0.25,
        "no_follow_up_yet": 1, "not_rated": 1, "withheld": False,
    }  # fmt: skip
    udd = _area(group, "uddannelse")
    assert (udd["followed_up"], udd["mean_change"], udd["not_rated"]) == (1, 1.0, 5)
    fritid = _area(group, "fritid")
    assert (fritid["followed_up"], fritid["mean_change"], fritid["share_improved"]) == (
        0,
        None,
        None,
    )
    assert fritid["not_rated"] == 6


def test_by_cohort_table(run: Run, cohort: Path) -> None:
    result = run("report", "progress", "--cohort")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "H1: 4 young people, rated by the professionals"
    assert lines[2:6] == [
        "                               Followed    Mean                                   No follow-    Not",
        "Area                                 up  change   Improved  Unchanged      Worse      up yet  rated",
        "---------------------------------------------------------------------------------------------------",
        "Uddannelse                            1   +1.00   100% (1)     0% (0)     0% (0)           0      3",
    ]
    assert lines[7] == (
        "Bolig                                 3    0.00    33% (1)    33% (1)    33% (1)           1      0"
    )
    h2 = lines.index("H2: 2 young people, rated by the professionals")
    assert lines[h2 + 7] == (
        "Bolig                                 1   +3.00   100% (1)     0% (0)     0% (0)           0      1"
    )


def test_youth_view_is_separate(run: Run, cohort: Path) -> None:
    data = json.loads(run("report", "progress", "--by", "youth", "--json").stdout)
    bolig = _area(data["groups"][0], "bolig")
    assert (bolig["followed_up"], bolig["mean_change"], bolig["not_rated"]) == (1, 0.0, 5)


def test_share_suppresses_small_groups_and_says_so(run: Run, cohort: Path) -> None:
    result = run("report", "progress", "--cohort", "--share")
    assert result.exit_code == 0
    assert result.stdout == (
        "No group is large enough to share.\n"
        "For sharing: groups of fewer than 5 young people are left out, and figures resting on "
        "fewer than 5 young people are shown as <5. 2 groups left out.\n"
    )
    data = json.loads(run("report", "progress", "--share", "--json").stdout)
    [group] = data["groups"]
    assert group["youth"] == 6
    bolig = _area(group, "bolig")
    assert bolig == {
        "area": "bolig", "label_da": "Bolig", "label_en": "Housing",
        "followed_up": None, "mean_change": None,
        "improved": None, "unchanged": None, "worse": None,
        "share_improved": None, "share_unchanged": None, "share_worse": None,
        "no_follow_up_yet": None, "not_rated": None, "withheld": True,
    }  # fmt: skip
    assert _area(group, "fritid")["not_rated"] == 6
    table = run("report", "progress", "--share").stdout.splitlines()
    assert table[7] == (
        "Bolig                                <5      <5         <5         <5         <5          <5     <5"
    )
    assert table[-1].startswith("For sharing: groups of fewer than 5 young people are left out")


def test_share_shows_figures_of_five_or_more(run: Run, cohort: Path) -> None:
    for ref in ("Y4", "Y6"):
        args = ("bolig=3", "--phase", "end", "--date", "2026-09-09")
        if ref == "Y6":
            assert (
                run("rate", ref, "bolig=3", "--phase", "start", "--date", "2025-09-09").exit_code
                == 0
            )
        assert run("rate", ref, *args).exit_code == 0
    data = json.loads(run("report", "progress", "--share", "--json").stdout)
    bolig = _area(data["groups"][0], "bolig")
    # +2, 0, -2, +1 (Y4 2->3), +3, 0 (Y6 3->3): mean 4/6 = 0.67; 3 improved of 6.
    assert (bolig["followed_up"], bolig["mean_change"], bolig["share_improved"]) == (6, 0.67, 0.5)
    assert (bolig["improved"], bolig["share_worse"], bolig["not_rated"]) == (None, 0.167, 0)


def test_grouping_options_are_exclusive(run: Run, cohort: Path) -> None:
    result = run("report", "progress", "--cohort", "--programme")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: Give only one of --programme, --cohort and --coordinator to group by.\n"
    )


def test_bad_rater(run: Run, cohort: Path) -> None:
    before = snapshot(cohort)
    result = run("report", "progress", "--by", "mum")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: --by: 'mum' is not a known rater: give one of youth, professional.\n"
    )
    assert snapshot(cohort) == before


def test_empty_case_file(run: Run, casefile: Path) -> None:
    result = run("report", "progress", "--json")
    assert json.loads(result.stdout)["groups"] == []
    assert run("report", "progress").stdout == "No young people on file.\n"
