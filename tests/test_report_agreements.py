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


@pytest.mark.parametrize("window", [(), ("--from", "2026-01-01")], ids=["kept", "counted"])
def test_a_role_both_sides_have_is_two_owners(run, json_of, cases: Path, window) -> None:
    """'other' and 'plejefamilie' on the team are professionals, in the network someone
    else: each side's owner is a row of its own, in every form (the kept counts and the
    agreements counted one by one alike)."""
    for number, (side, role, name) in enumerate(
        (
            ("team", "other", "Ole Fagperson"),
            ("network", "other", "Lis Nabo"),
            ("team", "plejefamilie", "Plejefamilien Holm"),
            ("network", "plejefamilie", "Tidligere plejemor"),
        ),
        start=3,
    ):
        added = run(side, "add", "1", "--role", role, "--name", name)
        assert added.stdout == f"{number}\n"
    sql(  # as the fixture's: with ids of their own (on a register they do not move its sequence)
        cases,
        "INSERT INTO agreement (id, youth_id, what, owner, owner_member_id, due, first_due, "
        "status, created, updated) VALUES "
        + ", ".join(
            f"({id}, 1, '{what}', 'member', {member}, '2027-01-01', '2027-01-01', 'open', "
            "'2026-01-10T10:00:00', 'x')"
            for id, what, member in (
                (8, "Ringe", 3),
                (9, "Køre", 4),
                (10, "Hente", 4),
                (11, "Bo", 5),
                (12, "Besøge", 6),
            )
        )
        + ";",
    )
    data = json_of("report", "agreements", *window)
    assert [(o["side"], o["role"], o["made"]) for o in data["by_owner"]] == [
        (None, "youth", 2), (None, "coordinator", 2), ("network", "mor", 1),
        ("network", "other", 2), ("network", "plejefamilie", 1), ("team", "other", 1),
        ("team", "plejefamilie", 1), ("team", "ungevejleder", 2),
    ]  # fmt: skip
    table = run("report", "agreements", *window).stdout
    for label, made in (("Other professional", 1), ("Other relation", 2),
                        ("Foster family (placement)", 1), ("Foster family", 1)):  # fmt: skip
        assert [line.split()[-8] for line in table.splitlines()
                if line.startswith(f"{label}  ")] == [str(made)]  # fmt: skip
    csv = run("report", "agreements", "--csv", *window).stdout.splitlines()
    assert csv[0].startswith("section,owner,side,made,")
    assert [line.split(",")[:4] for line in csv if line.startswith("owner,")] == [
        ["owner", "all", "", "12"], ["owner", "youth", "", "2"],
        ["owner", "coordinator", "", "2"], ["owner", "mor", "network", "1"],
        ["owner", "other", "network", "2"], ["owner", "plejefamilie", "network", "1"],
        ["owner", "other", "team", "1"], ["owner", "plejefamilie", "team", "1"],
        ["owner", "ungevejleder", "team", "2"],
    ]  # fmt: skip
    page = run("report", "agreements", "--format", "md", "--lang", "en", *window).stdout
    assert "| Other professional | 1 |" in page and "| Other relation | 2 |" in page


@pytest.mark.parametrize(
    "options",
    [(), ("--coordinator", "METTE"), ("--cohort", "A", "--from", "2026-01-01"),
     ("--programme", "nothing"), ("--share",)],
)  # fmt: skip
def test_table_and_csv_read_only_what_they_show(run, cases: Path, monkeypatch, options) -> None:
    """The table and --csv read each young person without their ref and programme, which
    they do not show (`wide=False`): the same bytes as from everything --json reads."""
    from efter.cli import reports

    narrow = {form: run("report", "agreements", *form, *options) for form in [(), ("--csv",)]}
    monkeypatch.setattr(reports, "_NARROW", frozenset())
    for form, result in narrow.items():
        again = run("report", "agreements", *form, *options)
        assert (again.exit_code, again.stdout) == (result.exit_code, result.stdout)


@pytest.mark.parametrize(
    "options",
    [(), ("--json",), ("--csv",), ("--lang", "da"), ("--from", "2026-06-01", "--json"),
     ("--from", "2026-06-01")],
)  # fmt: skip
def test_figures_written_once_a_set_as_each_young_person_s(
    run, cases: Path, monkeypatch, options
) -> None:
    """The table and --json write each set of a young person's figures once (core.rows.Alike):
    the same bytes as column by column."""
    from efter.core import report_agreements

    once = run("report", "agreements", *options)
    assert once.exit_code == 0
    monkeypatch.setattr(report_agreements, "Alike", lambda *_: None)
    assert run("report", "agreements", *options).stdout == once.stdout


def test_kept_counts_too_large_to_pack_are_read_as_they_are(json_of, cases: Path) -> None:
    """A young person's kept counts come as one number, 15 bits each: counts that do not fit
    (any of the four) are read as they are, and the other young people's counts are still
    taken apart from their numbers."""
    enrol_more = """
    INSERT INTO agreement_count (youth_id, made, kept_on_time, kept_late, dropped)
    VALUES (2, 40000, 32768, 1, 0);
    """
    before = json_of("report", "agreements")
    sql(cases, enrol_more)
    data = json_of("report", "agreements")
    totals = data["totals"]
    assert (totals["made"], totals["kept_on_time"], totals["kept_late"]) == (40007, 32770, 2)
    youth = {row["name"]: row for row in data["by_youth"]}
    assert youth["Ada"] == next(row for row in before["by_youth"] if row["name"] == "Ada")
    bent = youth["Bent"]
    assert (bent["made"], bent["kept_on_time"], bent["kept_late"], bent["overdue"]) == (
        40000, 32768, 1, 7231,
    )  # fmt: skip
    sql(
        cases,
        "UPDATE agreement_count SET made = 3, kept_on_time = 0, dropped = 70000 WHERE youth_id = 2;",
    )
    bent = json_of("report", "agreements")["by_youth"][1]
    assert (bent["name"], bent["made"], bent["dropped"], bent["overdue"]) == (
        "Bent",
        3,
        70000,
        -69998,
    )
