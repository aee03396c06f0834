"""efter due on a big case file: the tables show the first 25 of each kind and say how many
there are, the work is a fixed number of queries however many young people there are, and
the statutory dates found through the birthday bands are exactly the ones the rules give."""

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import example, given
from hypothesis import strategies as st
from meeting_case import build as build_case

from efter.core import due, rules
from tests.benchmarks.casefile import Size
from tests.benchmarks.casefile import build as build_benchmark


@pytest.fixture
def case(run: Any, casefile: Path) -> Path:
    build_case(run)
    for step in (
        ("agreement", "add", "1", "--what", "Søge SU", "--owner", "youth", "--due", "2026-11-25"),
        ("agreement", "add", "1", "--what", "Ringe", "--owner", "Peter", "--due", "2026-12-10"),
        ("agreement", "add", "2", "--what", "Jobsamtale", "--owner", "youth", "--due", "2026-12-01"),
        ("youth", "add", "Jonas Kristensen", "--ref", "2025-0457", "--born", "2010-11-10",
         "--legal-basis", "46",
         "--coordinator", "Ali Hassan"),
    ):  # fmt: skip
        assert run(*step).exit_code == 0, step
    return casefile


def test_the_tables_say_how_many_they_leave_out(run: Any, case: Path) -> None:
    result = run("due", "--limit", "1")
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[lines.index("Agreements due until 2026-12-12") + 3].startswith("1    2026-11-25")
    assert lines[lines.index("Agreements due until 2026-12-12") + 4] == ""
    assert result.stderr == (
        "No meetings until 2026-12-12.\n"
        "Every signed contract matches the case.\n"
        "Showing 1 of 3 agreements.\n"
        "Showing 1 of 3 young people with no meeting planned.\n"
        "See everything with --all, or narrow with --within or --coordinator.\n"
        "1 overdue.\n"
    )
    everything = run("due", "--all")
    assert everything.stderr == (
        "No meetings until 2026-12-12.\nEvery signed contract matches the case.\n1 overdue.\n"
    )
    assert everything.stdout == run("due").stdout


def test_json_lists_everything_with_totals(run: Any, case: Path, json_of: Any) -> None:
    data = json_of("due")
    assert data["totals"] == {
        "meetings": 0, "agreements": 3, "no_meeting_planned": 3, "statutory_dates": 1,
        "contracts": 0,
    }  # fmt: skip
    assert [a["id"] for a in data["agreements"]] == [1, 3, 2]
    limited = json_of("due", "--limit", "1")
    assert [a["id"] for a in limited["agreements"]] == [1]
    assert limited["totals"] == data["totals"]
    assert limited["overdue"] == data["overdue"] == 1


def test_one_coordinators_cases(run: Any, case: Path, json_of: Any) -> None:
    data = json_of("due", "--coordinator", "ali hassan")
    assert [n["youth_name"] for n in data["no_meeting_planned"]] == ["Jonas Kristensen"]
    assert (data["agreements"], data["overdue"]) == ([], 0)
    assert [s["youth_name"] for s in data["statutory_dates"]] == ["Jonas Kristensen"]
    assert json_of("due", "--coordinator", "Nobody")["totals"] == dict.fromkeys(data["totals"], 0)


def test_one_coordinators_agreements_by_due(run: Any, case: Path, json_of: Any) -> None:
    data = json_of("due", "--coordinator", "METTE HOLM", "--limit", "2")
    assert [(a["id"], a["due"]) for a in data["agreements"]] == [
        (1, "2026-11-25"),
        (3, "2026-12-01"),
    ]
    assert (data["totals"]["agreements"], data["overdue"]) == (3, 1)
    assert [a["id"] for a in json_of("due", "--coordinator", "Mette Holm")["agreements"]] == [
        1, 3, 2,
    ]  # fmt: skip


def test_all_and_limit_together_is_refused(run: Any, case: Path) -> None:
    before = snapshot(case)
    result = run("due", "--all", "--limit", "5")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "Error: Give either --all or --limit, not both.\n",
    )  # fmt: skip
    assert snapshot(case) == before
    usage = run("due", "--limit", "0")
    assert usage.exit_code == 2


# --- the work does not grow with the case file ---------------------------------------------


def test_due_sends_the_same_statements_for_150_or_600_young_people(
    run: Any, env: Path, tmp_path: Path, statements: list[str]
) -> None:
    counts = []
    for size in (
        Size("a", 150, 450, 300, 750, 0, 0, 0),
        Size("b", 600, 1_800, 300, 3_000, 0, 0, 0),
    ):
        path = tmp_path / f"{size.name}.db"
        build_benchmark(path, size)
        statements.clear()
        result = run("--db", str(path), "due", "--all")
        assert result.exit_code == 0, result.stderr
        assert "Showing" not in result.stderr
        # The audit lines (audit.record: an executemany, which the trace shows row by row,
        # and one statement per long run of ids) are counted by tests/test_audit.py.
        counts.append(sum(1 for sql in statements if "INSERT INTO audit_event" not in sql))
    assert counts[0] == counts[1]


@pytest.mark.laptop_only("SQLite's query plans")
def test_due_reads_names_in_order_and_the_statutory_candidates_in_one_pass(
    run: Any, env: Path, tmp_path: Path, statements: list[str]
) -> None:
    """The first young people with no meeting planned come from the index in name order
    (m026), not from every active young person sorted; the candidates for a statutory date
    coming, and the deadlines missed, each from one pass over the table, not a look-up per
    active young person through the index by status; the young people of the missed
    deadlines shown then read by id (SQLite's plans)."""
    path = tmp_path / "plans.db"
    build_benchmark(path, Size("a", 150, 450, 300, 750, 0, 0, 0))
    statements.clear()
    assert run("--db", str(path), "due").exit_code == 0
    conn = sqlite3.connect(path)

    def plan(start: str) -> str:
        (sql,) = [s for s in statements if s.startswith(start)]
        return " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))

    listed = plan("SELECT y.id, y.ref, y.name, (SELECT substr(max(m.starts), 1, 10) FROM "
                  "meeting m WHERE m.youth_id = y.id AND m.status = 'held') FROM youth y "
                  "WHERE y.id IN")  # fmt: skip
    assert "SCAN y USING COVERING INDEX youth_name_order" in listed, listed
    assert listed.count("TEMP B-TREE") == 1, listed  # the 25 found, in order once more
    candidates = plan("SELECT y.id, y.ref, y.name, y.born, y.start, y.closed, y.legal_basis, "
                      "y.placed_from, y.statutory_for = '1 ' || y.born || ' ' || "
                      "coalesce(y.placed_from, '') AS dated, y.ungeplan_on, y.s111_on, "
                      "y.adult_on")  # fmt: skip
    assert candidates.startswith("SCAN y"), candidates
    statements.clear()  # one coordinator's agreements: their young people first, not every
    # open agreement in order of due with a look-up of each one's young person
    assert run("--db", str(path), "due", "--coordinator", "Nobody").exit_code == 0
    agreements = plan("SELECT a.id, a.youth_id, y.ref, y.name, a.what, CASE a.owner")
    assert agreements.startswith("SEARCH c USING COVERING INDEX youth_status_coordinator")
    assert "SEARCH a USING INDEX agreement_youth_status" in agreements, agreements
    missed = plan("SELECT y.id, CASE WHEN")
    assert missed.startswith("SCAN y"), missed
    shown = plan("SELECT y.id, y.ref, y.name, y.born, y.start, y.closed, y.legal_basis, "
                 "y.placed_from, y.statutory_for = '1 ' || y.born || ' ' || "
                 "coalesce(y.placed_from, '') AS dated, y.ungeplan_on, y.s111_on FROM")  # fmt: skip
    assert shown.startswith("SEARCH y USING INTEGER PRIMARY KEY"), shown


# --- statutory dates through the birthday bands -----------------------------------------


def _youth_table(people: list[tuple[Any, ...]]) -> Any:
    """A case file's youth table (born, legal basis, start, placement start, a date recorded
    as met for the ungeplan, and optionally a held milestone meeting as (its milestone, the
    day); the statutory dates stored as youth.insert_many stores them, m024) with the tables
    the judging reads."""
    dated = (rules.STORED_STAMP, *rules.STORED_DATES)
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    conn.executescript(
        "CREATE TABLE youth (id INTEGER PRIMARY KEY, ref TEXT, name TEXT, born TEXT, "
        "status TEXT, coordinator TEXT, start TEXT, closed TEXT, legal_basis TEXT, "
        f"placed_from TEXT, {', '.join(f'{column} TEXT' for column in dated)});"
        "CREATE TABLE deadline_met (youth_id INTEGER, code TEXT, met_on TEXT);"
        "CREATE TABLE meeting (youth_id INTEGER, starts TEXT, kind TEXT, milestone TEXT, "
        "status TEXT);"
    )
    for n, (born, basis, start, placed, met, *held) in enumerate(people):
        placed_from = placed.isoformat() if placed else None
        conn.execute(
            "INSERT INTO youth (ref, name, born, status, start, legal_basis, placed_from, "
            f"{', '.join(dated)}) VALUES (?, ?, ?, 'active', ?, ?, ?{', ?' * len(dated)})",
            (f"r{n}", _name(n), born.isoformat(), start.isoformat(), basis, placed_from,
             *rules.stored_dates(born.isoformat(), placed_from)),
        )  # fmt: skip
        if met:
            conn.execute("INSERT INTO deadline_met VALUES (?, 'ungeplan', ?)", (n + 1, met))
        if held and held[0]:
            milestone, day = held[0]
            conn.execute(
                "INSERT INTO meeting VALUES (?, ?, 'milestone', ?, 'held')",
                (n + 1, f"{day.isoformat()}T10:00", milestone),
            )
    return conn


def _name(n: int) -> str:
    """Names whose order is not the ids' order (ties on a date are broken by name)."""
    return f"Ung {(n * 7) % 25:02d}-{n}"


days = st.sampled_from([date(2009, 3, 14), date(2010, 8, 31), date(2008, 2, 29)]) | st.dates(
    min_value=date(1995, 1, 1), max_value=date(2015, 12, 31)
)
person = st.tuples(
    days,
    st.sampled_from([None, "bl46", "bl47", "bl32", "bl113", "sel52", "sel76"]),
    st.integers(min_value=14 * 365, max_value=24 * 365),  # age in days at enrolment
    st.one_of(st.none(), st.integers(min_value=15 * 365, max_value=19 * 365)),  # at placement
    st.one_of(st.none(), st.sampled_from(["2024-06-01", "2026-01-10", "2027-05-01"])),
    # a held milestone meeting: its milestone (none: told by its date) and age in days
    st.one_of(st.none(), st.tuples(st.sampled_from(["16", "17.5", None, ""]),
                                   st.integers(min_value=15 * 365, max_value=19 * 365))),
)  # fmt: skip


@given(
    drawn=st.lists(person, max_size=25),
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31)),
    ahead=st.integers(min_value=0, max_value=3 * 366),
    limit=st.one_of(st.none(), st.integers(min_value=1, max_value=8)),
    stale=st.sets(st.integers(min_value=1, max_value=25)),
)
# placed at 18¾ and enrolled on the ungeplan's day, after 19: the ungeplan is missed (hypothesis
# found it; the search looked only at those enrolled by 19)
@example(drawn=[(date(2000, 1, 1), "bl46", 6941, 6849, None, None)], today=date(2020, 1, 1),
         ahead=0, limit=None, stale=set())  # fmt: skip
# placed young people whose ungeplan is met by a milestone meeting at 16, labelled or told by
# its date, one held after the day judged on, and one at 17½ that does not meet it
@example(drawn=[(date(2005, 3, 1), "bl46", 5500, None, None, (label, age))
                for label, age in (("16", 5900), (None, 5900), ("", 5900), ("16", 7300),
                                   ("17.5", 6400))],
         today=date(2022, 1, 1), ahead=30, limit=2, stale=set())  # fmt: skip
# the ungeplan recorded as met on the day judged on: met
@example(drawn=[(date(2009, 1, 1), "bl46", 5479, None, "2026-01-10", None)],
         today=date(2026, 1, 10), ahead=0, limit=None, stale=set())  # fmt: skip
# an 18th birthday in the window acted on by a meeting held before it: coming, not due
@example(drawn=[(date(2004, 1, 1), None, 5110, None, None, ("16", 6483))],
         today=date(2021, 12, 1), ahead=31, limit=None, stale=set())  # fmt: skip
def test_statutory_dates_are_exactly_the_rules(
    drawn: list[Any], today: date, ahead: int, limit: int | None, stale: set[int]
) -> None:
    """The bands and the missed deadlines told in SQL find exactly what judging everyone by
    the rules gives: every date coming from today to lead (or to consider), and every missed
    deadline; from the dates stored with each young person, or (`stale`: a stamp that is not
    the row's, as after a birth date changed behind the core's back) computed; with a date
    recorded as met and a held milestone meeting, labelled or told by its date."""
    from efter.core.deadlines import judged_dates, milestone_of

    people = [
        (born, basis, born + timedelta(days=at), born + timedelta(days=p) if p else None, met,
         (meeting[0], born + timedelta(days=meeting[1])) if meeting else None)
        for born, basis, at, p, met, meeting in drawn
    ]  # fmt: skip
    lead = today + timedelta(days=ahead)
    conn = _youth_table(people)
    conn.executemany(
        f"UPDATE youth SET {rules.STORED_STAMP} = 'stale', ungeplan_on = '1900-01-01', "
        "s111_on = '1900-01-01' WHERE id = ?",
        [(youth_id,) for youth_id in stale],
    )
    shown, total, missed = due._statutory(conn, today, lead, "y.status = 'active'", (), limit)
    expected = []
    for row in conn.execute("SELECT * FROM youth"):
        met = conn.execute(
            "SELECT code, met_on FROM deadline_met WHERE youth_id = ?", (row["id"],)
        ).fetchall()
        held = [
            (starts[:10], kind, milestone_of(kind, milestone, row["born"], starts[:10]))
            for starts, kind, milestone in conn.execute(
                "SELECT starts, kind, milestone FROM meeting WHERE youth_id = ?", (row["id"],)
            )
        ]
        for item in judged_dates(row, recorded=dict(met), held=held, as_of=today):
            coming = item.status in ("coming", "consider") and today <= item.on <= lead
            if coming or item.status == "missed":
                expected.append(
                    (item.on.isoformat(), row["name"], row["id"], rules.CODES.index(item.code),
                     item.code, item.status)
                )  # fmt: skip
    expected.sort()
    assert total == len(expected)
    assert missed == sum(1 for e in expected if e[-1] == "missed")
    assert [(s["youth_id"], s["code"], s["date"], s["status"]) for s in shown] == [
        (youth_id, code, day, status) for day, _, youth_id, _, code, status in expected[:limit]
    ]


def test_statutory_dates_at_month_ends() -> None:
    # 6 months before an 18th birthday on 31 August is 28 February (never 3 March); a
    # 29 February birthday falls on 1 March in other years, for every date.
    start = date(2020, 1, 1)
    conn = _youth_table(
        [
            (date(2009, 8, 31), "bl46", start, None, None),
            (date(2009, 2, 28), "bl46", start, None, None),
            (date(2008, 2, 29), "bl46", start, None, None),
            (date(2010, 8, 31), "bl47", start, None, None),
        ]
    )
    found, total, missed = due._statutory(
        conn, date(2026, 8, 1), date(2027, 3, 1), "y.status = 'active'", ()
    )
    assert (total, missed) == (8, 4)
    assert [(s["youth_ref"], s["code"], s["date"], s["status"]) for s in found] == [
        ("r2", "ungeplan", "2024-05-29", "missed"),  # 29 February 2024 + 3 months
        ("r1", "ungeplan", "2025-05-28", "missed"),
        ("r2", "s111", "2025-09-01", "missed"),  # 6 months before 1 March 2026
        ("r0", "ungeplan", "2025-11-30", "missed"),  # 31 August + 3 months
        ("r1", "s111", "2026-08-28", "coming"),
        ("r3", "ungeplan", "2026-11-30", "coming"),
        ("r0", "s111", "2027-02-28", "coming"),  # 6 months before 31 August
        ("r1", "adult", "2027-02-28", "coming"),
    ]
