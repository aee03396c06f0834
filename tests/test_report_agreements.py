"""efter report agreements against a hand-computed case file (today 2026-11-28).

Agreements for Ada (put in with SQL; the agreement commands live on another branch):
  g1 youth        first due 2026-03-01, done 2026-02-20             kept on time
  g2 youth        first due 2026-03-01, moved to 2026-04-01, done 2026-03-25   kept late, moved
  g3 coordinator  due 2026-05-01, dropped                             dropped
  g4 ungevejleder due 2026-10-01, open                                overdue
  g5 ungevejleder due 2026-12-15, open                                not yet due
  g6 mor          first due 2026-06-01, done 2026-06-01               kept on time
  g7 coordinator  first due 2026-08-01, moved to 2026-09-01, open (made 2026-07-01)  overdue, moved
Bent has none.
"""

from pathlib import Path

import pytest
from _reportkit import enrol, golden, lines, sql
from hypothesis import given
from hypothesis import strategies as st

AGREEMENTS = """
INSERT INTO agreement (id, youth_id, what, owner, owner_member_id, due, first_due, status, done_on,
                       created, updated) VALUES
 (1, 1, 'Søge SU', 'youth', NULL, '2026-03-01', '2026-03-01', 'done', '2026-02-20', '2026-01-10T10:00:00', 'x'),
 (2, 1, 'Finde praktik', 'youth', NULL, '2026-04-01', '2026-03-01', 'done', '2026-03-25', '2026-01-10T10:00:00', 'x'),
 (3, 1, 'Ringe til boligselskab', 'coordinator', NULL, '2026-05-01', '2026-05-01', 'dropped', NULL, '2026-01-10T10:00:00', 'x'),
 (4, 1, 'Vejledningssamtale', 'member', 1, '2026-10-01', '2026-10-01', 'open', NULL, '2026-01-10T10:00:00', 'x'),
 (5, 1, 'Tilmelding til EUD', 'member', 1, '2026-12-15', '2026-12-15', 'open', NULL, '2026-01-10T10:00:00', 'x'),
 (6, 1, 'Hjælpe med flytning', 'member', 2, '2026-06-01', '2026-06-01', 'done', '2026-06-01', '2026-01-10T10:00:00', 'x'),
 (7, 1, 'Søge bostøtte', 'coordinator', NULL, '2026-09-01', '2026-08-01', 'open', NULL, '2026-07-01T09:00:00', 'x');
INSERT INTO agreement_event (agreement_id, event, on_date, old_due, new_due) VALUES
 (2, 'moved', '2026-02-25', '2026-03-01', '2026-04-01'),
 (7, 'moved', '2026-07-30', '2026-08-01', '2026-09-01'),
 (1, 'kept', '2026-02-20', NULL, NULL);
"""


@pytest.fixture
def cases(run, casefile: Path) -> Path:
    enrol(run, "Ada", "2008-05-05", "2025-09-01", coordinator="Mette", cohort="A")
    enrol(run, "Bent", "2008-06-06", "2025-09-01", coordinator="Mette", cohort="A")
    team = run("team", "add", "1", "--role", "ungevejleder", "--name", "Per UU")
    network = run("network", "add", "1", "--role", "mor", "--name", "Hanne")
    assert (team.stdout, network.stdout) == ("1\n", "2\n")
    sql(casefile, AGREEMENTS)
    return casefile


def _by_owner(data):
    return {(o["owner"], o["role"]): o for o in data["by_owner"]}


def test_agreement_figures(json_of, cases: Path) -> None:
    data = json_of("report", "agreements")
    assert data["young_people"] == 2
    assert data["totals"] == {
        "made": 7, "kept_on_time": 2, "kept_late": 1, "dropped": 1, "overdue": 2,
        "not_yet_due": 1, "moved": 2, "falling_due": 6, "share_kept_on_time": 0.3333,
    }  # fmt: skip
    owners = _by_owner(data)
    assert list(owners) == [
        ("youth", "youth"), ("coordinator", "coordinator"), ("member", "mor"),
        ("member", "ungevejleder"),
    ]  # fmt: skip
    youth = owners[("youth", "youth")]
    assert (youth["made"], youth["kept_on_time"], youth["kept_late"], youth["moved"]) == (
        2,
        1,
        1,
        1,
    )
    assert youth["share_kept_on_time"] == 0.5
    coordinator = owners[("coordinator", "coordinator")]
    assert (coordinator["dropped"], coordinator["overdue"], coordinator["share_kept_on_time"]) == (
        1, 1, 0.0,
    )  # fmt: skip
    uu = owners[("member", "ungevejleder")]
    assert (uu["made"], uu["overdue"], uu["not_yet_due"], uu["falling_due"]) == (2, 1, 1, 1)
    assert owners[("member", "mor")]["share_kept_on_time"] == 1.0
    assert [y["name"] for y in data["by_youth"]] == ["Ada"]


def test_window_and_empty_group(json_of, cases: Path) -> None:
    data = json_of("report", "agreements", "--from", "2026-06-01")
    assert data["totals"] == {
        "made": 1, "kept_on_time": 0, "kept_late": 0, "dropped": 0, "overdue": 1,
        "not_yet_due": 0, "moved": 1, "falling_due": 1, "share_kept_on_time": 0.0,
    }  # fmt: skip
    empty = json_of("report", "agreements", "--coordinator", "Jonas")
    assert (empty["young_people"], empty["totals"]["made"], empty["by_owner"]) == (0, 0, [])
    assert empty["totals"]["share_kept_on_time"] is None


def test_share(json_of, cases: Path) -> None:
    data = json_of("report", "agreements", "--share")
    assert "by_youth" not in data
    assert set(data["totals"].values()) == {None}
    assert data["by_owner"][0]["made"] is None


def test_terminal(run, cases: Path) -> None:
    result = run("report", "agreements")
    golden("report-agreements.txt", lines(result.stdout))
    golden("report-agreements.da.md", run("report", "agreements", "--format", "md").stdout)


def test_share_with_five_young_people(run, json_of, cases: Path) -> None:
    for name in ("C", "D", "E"):
        enrol(run, name, "2008-06-06", "2025-09-01", coordinator="Mette", cohort="A")
    data = json_of("report", "agreements", "--share")
    assert data["young_people"] == 5
    assert data["totals"] == {
        "made": 7, "kept_on_time": None, "kept_late": None, "dropped": None, "overdue": None,
        "not_yet_due": None, "moved": None, "falling_due": None, "share_kept_on_time": None,
    }  # fmt: skip
    # Every owner made fewer than 5: their rows are withheld whole, zeros too.
    assert {o["made"] for o in data["by_owner"]} == {None}
    assert {o["dropped"] for o in data["by_owner"]} == {None}
    page = run("report", "agreements", "--share", "--format", "md", "--lang", "en").stdout
    assert "| **All** | 7 | .. | .. | .. | .. | .. | .. | .. |" in page
    assert "Ada" not in page and "Mette" not in page


@given(st.lists(st.tuples(st.none() | st.integers(0, 10**6), st.none() | st.integers(0, 10**6))))
def test_ratios_are_ratio_of_each_pair(pairs):
    from efter.core.reports import ratio, ratios

    parts, wholes = [p for p, _ in pairs], [w for _, w in pairs]
    assert ratios(parts, wholes) == [ratio(p, w) for p, w in pairs]
