"""report caseload's meetings due and overdue agreements; efter programme price|list;
the suppression rule under hypothesis."""

from pathlib import Path

import pytest
from _reportkit import enrol, lines, meeting, sql
from conftest import snapshot
from hypothesis import given
from hypothesis import strategies as st

from efter.core.reports import SMALL, protect


def _agreement(db: Path, youth: int, due: str, status: str = "open") -> None:
    sql(
        db,
        "INSERT INTO agreement (youth_id, what, owner, due, first_due, status, done_on, created, "
        "updated) VALUES (?, 'x', 'youth', ?, ?, ?, ?, '2026-01-01T10:00:00', 'x')",
        youth, due, due, status, due if status == "done" else None,
    )  # fmt: skip


def test_caseload_meetings_due_and_overdue_agreements(run, json_of, casefile: Path) -> None:
    for name in ("Y1", "Y2", "Y3", "Y4", "Y6"):
        enrol(run, name, "2008-01-01", "2025-01-01", coordinator="Mette")
    enrol(run, "Y5", "2008-01-01", "2025-01-01", coordinator="Jonas")
    enrol(run, "Y7", "2008-01-01", "2025-01-01")
    run("youth", "close", "5", "--outcome", "job")
    meeting(casefile, 1, "2026-07-01", "held")  # within 6 months: not due
    meeting(casefile, 3, "2026-01-01", "held")
    meeting(casefile, 3, "2026-12-10", "planned")  # one is planned: not due
    meeting(casefile, 4, "2026-04-01", "held")  # too long ago, and a cancelled one: due
    meeting(casefile, 4, "2026-10-01", "cancelled")
    _agreement(casefile, 1, "2026-11-01")
    _agreement(casefile, 1, "2026-12-01")
    _agreement(casefile, 1, "2026-10-01", "done")
    _agreement(casefile, 2, "2026-11-27")
    _agreement(casefile, 5, "2026-01-01")  # closed case: not counted
    data = json_of("report", "caseload")
    assert data["coordinators"] == [
        {"coordinator": None, "active": 1, "over_limit": False, "meetings_due": 1,
         "overdue_agreements": 0},
        {"coordinator": "Jonas", "active": 1, "over_limit": False, "meetings_due": 1,
         "overdue_agreements": 0},
        {"coordinator": "Mette", "active": 4, "over_limit": False, "meetings_due": 2,
         "overdue_agreements": 2},
    ]  # fmt: skip
    table = run("report", "caseload")
    assert lines(table.stdout) == (
        "Caseload (limit 5)\n"
        "Coordinator        Active cases   Meetings due   Overdue agreements\n" + "─" * 70 + "\n"
        "(no coordinator)   1              1              0\n"
        "Jonas              1              1              0\n"
        "Mette              4              2              2\n"
    )


def test_programme_price_and_list(run, json_of, casefile: Path) -> None:
    enrol(run, "A", "2008-01-01", "2025-01-01", programme="EMPOWER4U->DRØMMEJOB")
    result = run("programme", "price", "empower4u->drømmejob", "29.500 kr.")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "EMPOWER4U->DRØMMEJOB: 29.500 kr. per young person.\n"
    # A price is for a programme on file: an unknown name says how to add it.
    before = snapshot(casefile)
    new = run("programme", "price", "Vejen", "30000")
    assert (new.exit_code, new.stdout, new.stderr) == (
        1, "",
        "Error: No programme is called 'Vejen': see 'efter programme list', or add it with "
        "'efter programme add NAME --kind model|supplement'.\n",
    )  # fmt: skip
    assert snapshot(casefile) == before
    assert run("programme", "add", "Vejen", "--kind", "model", "--price", "30000").exit_code == 0
    assert json_of("programme", "list") == [
        {"id": 1, "programme": "EMPOWER4U->DRØMMEJOB", "kind": "model", "weeks": None,
         "price": 29500, "cohorts": 0, "active": 1, "closed": 0},
        {"id": 2, "programme": "Vejen", "kind": "model", "weeks": None, "price": 30000,
         "cohorts": 0, "active": 0, "closed": 0},
    ]  # fmt: skip
    assert run("programme", "price", "vejen", "--clear").stderr == "Removed the price of vejen.\n"
    assert [p["price"] for p in json_of("programme", "list")] == [29500, None]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["price", "X", "30k"], 1,
         "Error: AMOUNT: '30k' is not an amount in whole kroner: write it as 30000 or 30.000.\n"),
        (["price", "X", "--", "-5"], 1,
         "Error: AMOUNT: '-5' is not an amount in whole kroner: write it as 30000 or 30.000.\n"),
        (["price", "X", "29999,50"], 1,
         "Error: AMOUNT: '29999,50' is not an amount in whole kroner: write it as 30000 or 30.000.\n"),
        (["price", " ", "100"], 1,
         "Error: The programme name is empty: give the name as on the young people.\n"),
        (["price", "X"], 2, "Error: Give either an AMOUNT or --clear (not both, not neither).\n"),
        (["price", "X", "100", "--clear"], 2,
         "Error: Give either an AMOUNT or --clear (not both, not neither).\n"),
        (["price", "X", "--clear"], 1,
         "Error: The programme 'X' has no price: see 'efter programme list'.\n"),
        (["price", "X", "100"], 1,
         "Error: No programme is called 'X': see 'efter programme list', or add it with "
         "'efter programme add NAME --kind model|supplement'.\n"),
    ],
)  # fmt: skip
def test_programme_bad_input(run, casefile: Path, args, code, message) -> None:
    before = snapshot(casefile)
    result = run("programme", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)
    assert snapshot(casefile) == before


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=6))
def test_no_small_count_is_shown_or_can_be_worked_out(counts: list[int]) -> None:
    total = sum(counts)
    shown = protect(counts, total)
    if 0 < total < SMALL:
        assert shown == [None] * len(counts)
        return
    for count, value in zip(counts, shown, strict=True):
        assert value is None or value == count
        assert value is None or not 0 < value < SMALL
    hidden = [c for c, v in zip(counts, shown, strict=True) if v is None]
    # A single withheld count could be worked out from the total.
    assert len(hidden) != 1
    assert sum(hidden) == 0 or len(hidden) >= 2


@given(st.integers(min_value=0, max_value=10**9))
def test_amount_spellings(amount: int) -> None:
    from efter.core.prices import parse_amount

    dotted = f"{amount:,}".replace(",", ".")
    spaced = f"{amount:,}".replace(",", " ")
    for text in (str(amount), dotted, spaced, f"{dotted} kr.", f"{amount},00", f"{amount}kr"):
        assert parse_amount(text) == amount


def test_user_text_in_a_printed_report_stays_text(run, casefile: Path) -> None:
    name = "<b>{{ 7*7 }}</b> [x] *y*"
    enrol(run, name, "2008-01-01", "2025-01-01", programme="<i>P</i>", coordinator="<script>")
    run("programme", "price", "<i>P</i>", "100")
    run("youth", "close", "1", "--date", "2026-01-01", "--outcome", "job")
    page = run("report", "outcomes", "--format", "html").stdout
    assert "<b>" not in page and "<i>" not in page and "<script>" not in page and "49" not in page
    assert "&lt;b&gt;{{ 7*7 }}&lt;/b&gt; [x] *y*" in page
    assert "&lt;i&gt;P&lt;/i&gt;" in page
    md = run("report", "outcomes", "--format", "md").stdout
    assert r"\<b\>\{\{ 7\*7 \}\}\</b\> \[x\] \*y\*" in md


@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=12), min_size=3, max_size=3),
        min_size=1,
        max_size=4,
    )
)
def test_a_table_with_its_totals_gives_no_withheld_count_away(grid: list[list[int]]) -> None:
    from efter.core.reports import protect_cells

    # Rows of three parts with their total in column 3; a last row with the column totals.
    table = [[*row, sum(row)] for row in grid]
    table.append([sum(column) for column in zip(*table, strict=True)])
    values = {(r, c): n for r, row in enumerate(table) for c, n in enumerate(row)}
    lines = [[(r, c) for c in range(4)] for r in range(len(table))]
    lines += [[(r, c) for r in range(len(table))] for c in range(4)]
    primary = {cell for cell, n in values.items() if 0 < n < SMALL}
    hidden = protect_cells(values, lines, primary)
    assert primary <= hidden
    assert all(sum(cell in hidden for cell in line) != 1 for line in lines)
