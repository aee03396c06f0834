"""The deadlines report's records (core.deadlines.records_each: shared records, judged through
rules.standing, the held meetings narrowed in SQL) are exactly judged_dates()' dates, for
every young person of a generated case file with dates recorded as met and milestone and
other meetings held around the 18th birthday, judged on several days, on everyone and on a
part of the file."""

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efter.core import deadlines
from efter.core.casefile import open_casefile
from efter.core.dates import add_months, birthday
from tests.benchmarks.casefile import Size
from tests.benchmarks.casefile import build as build_benchmark


def _records(judged: list[Any]) -> dict[str, dict[str, object]]:
    """A young person's rules.Judged dates as the report keeps them: keyed by code."""
    return {
        i.code: {"date": i.on.isoformat(), "status": i.status, "done_on": i.done_on, "how": i.how}
        for i in judged
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("records") / "efter.db"
    build_benchmark(path, Size("records", 400, 1200, 0, 0, 0, 0, 0), seed=21)
    rng = random.Random(21)
    conn = sqlite3.connect(path)
    people = conn.execute("SELECT id, born FROM youth").fetchall()
    stamp = "2026-01-01T09:00:00"
    for youth_id, born in rng.sample(people, 120):
        eighteen = birthday(date.fromisoformat(born), 18)
        # around the three-month window before 18: inside, on its edges and just outside
        day = add_months(eighteen, -3) + timedelta(days=rng.choice((-2, -1, 0, 1, 40, 91, 92)))
        if rng.random() < 0.3:
            day = eighteen + timedelta(days=rng.choice((0, 1)))
        kind, milestone = ("milestone", rng.choice((None, "16", "17.5"))) if rng.random() < 0.4 \
            else ("network", None)  # fmt: skip
        conn.execute(
            "INSERT INTO meeting (youth_id, kind, milestone, starts, status, created, updated) "
            "VALUES (?, ?, ?, ?, 'held', ?, ?)",
            (youth_id, kind, milestone, f"{day.isoformat()}T10:00", stamp, stamp),
        )
    for youth_id, born in rng.sample(people, 80):
        code = rng.choice(("ungeplan", "s111", "adult", "ungestotte_end"))
        met = date.fromisoformat(born) + timedelta(days=rng.randrange(15 * 365, 19 * 365))
        conn.execute(
            "INSERT OR IGNORE INTO deadline_met (youth_id, code, met_on, created) "
            "VALUES (?, ?, ?, ?)",
            (youth_id, code, met.isoformat(), stamp),
        )
    # Placements (some after 16, which moves the ungeplan), their dates stored as the core
    # stores them; then birth dates and placements changed behind the core's back for others,
    # whose stored dates are then not theirs (the stamp tells): judged from computed dates.
    placed = rng.sample(people, 100)
    conn.executemany(
        "UPDATE youth SET placed_from = ? WHERE id = ?",
        [
            ((date.fromisoformat(born) + timedelta(days=rng.randrange(14 * 365, 18 * 365)))
             .isoformat(), youth_id)
            for youth_id, born in placed
        ],
    )  # fmt: skip
    from efter.core.youth import store_dates

    assert store_dates(conn) == 100
    for youth_id, born in rng.sample(people, 40):
        conn.execute(
            "UPDATE youth SET born = ?, placed_from = CASE WHEN placed_from IS NULL THEN NULL "
            "ELSE date(placed_from, '+5 months') END WHERE id = ?",
            ((date.fromisoformat(born) - timedelta(days=rng.randrange(1, 400))).isoformat(),
             youth_id),
        )  # fmt: skip
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("as_of", ["2024-03-01", "2026-11-28", "2028-02-29"])
@pytest.mark.parametrize("part", ["everyone", "some"])
@pytest.mark.parametrize("read", ["computed", "stored", "placing", "narrow"])
def test_records_are_the_judged_dates(generated: Path, as_of: str, part: str, read: str) -> None:
    """Read as the report reads them (`placing`: with the statutory dates stored on the youth
    row, deadlines.STORED_COLUMNS, and their placing on the day, deadlines.placing();
    `narrow`: as a table and --csv read them, only the id of PERSON's fields, then
    PLACED_COLUMNS and the placing), with the dates alone (`stored`) or without them
    (computed), the records are the same."""
    columns = deadlines.STORED_COLUMNS if read != "computed" else "born, legal_basis, placed_from"
    if read in ("placing", "narrow"):
        columns += f", {deadlines.placing(date.fromisoformat(as_of))}"
    with open_casefile(generated) as casefile:
        conn = casefile.conn
        people = conn.execute(
            f"SELECT id, ref, name, coordinator, programme, start, closed, {columns} "
            "FROM youth ORDER BY id"
        ).fetchall()
        if read != "computed":  # most rows' stored dates are theirs; 40 rows' are not
            assert sum(1 for p in people if not p["dated"]) == 40
        if part == "some":
            people = people[::3]
        day = date.fromisoformat(as_of)
        # What counts, found without records_of(): every held meeting and every date
        # recorded, handed to judged_dates() (evidence() picks what meets each date).
        born = {p["id"]: p["born"] for p in people}
        held: dict[int, list[tuple[str, str, str | None]]] = {}
        for youth_id, starts, kind, milestone in conn.execute(
            "SELECT youth_id, starts, kind, milestone FROM meeting WHERE status = 'held'"
        ):
            if youth_id in born:
                on = starts[:10]
                stone = deadlines.milestone_of(kind, milestone, born[youth_id], on)
                held.setdefault(youth_id, []).append((on, kind, stone))
        recorded: dict[int, dict[str, str]] = {}
        for youth_id, code, met_on in conn.execute(
            "SELECT youth_id, code, met_on FROM deadline_met"
        ):
            recorded.setdefault(youth_id, {})[code] = met_on
        expected = {
            p["id"]: _records(
                deadlines.judged_dates(
                    p, recorded=recorded.get(p["id"], {}), held=held.get(p["id"], []), as_of=day
                )
            )
            for p in people
        }
        judged = people
        if read == "narrow":  # judged from what the table reads; expected from the whole row
            narrow = f"{deadlines.PLACED_COLUMNS}, {deadlines.placing(day)}"
            by_id = {r["id"]: r for r in conn.execute(f"SELECT id, {narrow} FROM youth")}
            judged = [by_id[p["id"]] for p in people]
            assert {"start", "closed"}.isdisjoint(judged[0].keys())  # a Row: its names
        got = {p["id"]: records for p, records in deadlines.records_each(conn, judged, day)}
    assert got == expected
    assert any(r["how"] == "meeting" for records in got.values() for r in records.values())
    assert any(r["how"] == "recorded" for records in got.values() for r in records.values())
    if read in ("placing", "narrow"):  # judged at once, by their held meetings, one at a time
        placings = [p["placing"] for p in people]
        assert min(placings) >= deadlines.UNSTAMPED and max(placings) > 0
        # Those whose stored dates are not theirs are told apart: their meetings are read
        # by their own dates (records_of(), on everyone: some of them met 18 by one)
        unstamped = {p["id"] for p in people if p["placing"] == deadlines.UNSTAMPED}
        assert unstamped == {p["id"] for p in people if not p["dated"]}
        met = any(got[i]["adult"]["how"] == "meeting" for i in unstamped)
        assert met or part == "some"


_SHIFT = st.tuples(st.integers(0, 3), st.integers(-1, 1))  # a statutory date's day, or next to it


@settings(max_examples=300)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2012, 12, 31)),
    st.none() | st.integers(12 * 365, 19 * 365),  # placed that many days after birth
    _SHIFT, _SHIFT, st.none() | _SHIFT,  # the case's start, the day judged on, its close
)  # fmt: skip
def test_the_placing_places_each_date_by_its_rule(
    born: date,
    placed_after: int | None,
    start: tuple[int, int],
    as_of: tuple[int, int],
    closed: tuple[int, int] | None,
) -> None:
    """deadlines.placing() in SQL is what its three bits a date say, worked out here date by
    date: before the case's start (1), on or after the day judged on (2), after the case's
    close (4), and whether placed after 16; -1 for a case closed on or after 23. Each day
    is a statutory date or next to one (where < and <= part), for young people placed and
    not (whose dates it places as runs, rules' dates in order)."""
    from efter.core import rules

    placed = None if placed_after is None else (born + timedelta(days=placed_after)).isoformat()
    stamp, *stored = rules.stored_dates(born.isoformat(), placed)
    days = stored[: len(rules.CODES)]

    def near(shift: tuple[int, int]) -> str:
        return (date.fromisoformat(days[shift[0]]) + timedelta(days=shift[1])).isoformat()

    start_on, day, closed_on = near(start), near(as_of), None if closed is None else near(closed)
    conn = sqlite3.connect(":memory:")
    columns = ["start", "closed", "born", "placed_from", rules.STORED_STAMP, *rules.STORED_DATES]
    conn.execute(f"CREATE TABLE youth ({', '.join(columns)})")
    conn.execute(
        f"INSERT INTO youth VALUES ({', '.join('?' * len(columns))})",
        (start_on, closed_on, born.isoformat(), placed, stamp, *stored),
    )
    (got,) = conn.execute(
        f"SELECT {deadlines.placing(date.fromisoformat(day))} FROM youth"
    ).fetchone()
    if closed_on is not None and days[-1] <= closed_on:
        assert got == -1
        return
    bits = [(d < start_on) + 2 * (d >= day) + 4 * (closed_on is not None and d > closed_on)
            for d in days]  # fmt: skip
    late = placed is not None and placed > birthday(born, 16).isoformat()
    assert got == sum(b * 8**n for n, b in enumerate(bits)) + late * 8 ** len(days)


@pytest.mark.parametrize("read", ["computed", "stored", "placing"])
def test_the_columns_are_the_records_and_write_as_them(generated: Path, read: str) -> None:
    """The report keeps its young people's dates as two columns (deadlines.DatesByCode): read
    as each one's records by code they are records_each()' records, and --json writes them
    from the columns exactly as json.dumps writes the records (made safe as json_safe makes
    the whole text safe)."""
    import json

    from efter.cli import jsontext
    from efter.cli.output import json_safe
    from efter.core.rows import Rows

    columns = deadlines.STORED_COLUMNS if read != "computed" else "born, legal_basis, placed_from"
    day = date(2026, 11, 28)
    if read == "placing":
        columns += f", {deadlines.placing(day)}"
    with open_casefile(generated) as casefile:
        people = casefile.conn.execute(
            f"SELECT id, ref, name, coordinator, programme, start, closed, {columns} "
            "FROM youth ORDER BY id"
        ).fetchall()
        lists = deadlines.DatesByCode(*deadlines.judged_columns(casefile.conn, people, day))
        expected = [records for _, records in deadlines.records_each(casefile.conn, people, day)]
    assert len(lists) == len(people) and lists == expected and list(lists) == expected
    assert lists[0] == expected[0] and lists[-1] == expected[-1] and lists[1:3] == expected[1:3]
    with pytest.raises(IndexError):
        lists[len(people)]
    for code in ("ungeplan", "s111", "adult", "ungestotte_end"):
        for key in ("date", "status", "done_on", "how"):
            assert lists.of(code, key) == [records[code][key] for records in expected]
    names = [f"{p['name']}\u202e" for p in people]  # a name that could steer a terminal
    ids = [p["id"] for p in people]
    for rows, listed in (
        (Rows({"id": ids, "name": names, "deadlines": lists}),
         [{"id": i, "name": name, "deadlines": records}
          for i, name, records in zip(ids, names, expected, strict=True)]),
        (Rows({"dates%s": lists, "id": ids}),  # first, and a key with a %
         [{"dates%s": records, "id": i} for i, records in zip(ids, expected, strict=True)]),
        (Rows({"a": lists, "b": lists}),  # twice
         [{"a": records, "b": records} for records in expected]),
    ):  # fmt: skip
        value = {"report": "deadlines", "young_people": rows}
        text = json.dumps({"report": "deadlines", "young_people": listed}, ensure_ascii=False,
                          indent=2)  # fmt: skip
        assert jsontext.indented(value) == text
        assert "".join(jsontext.chunks(value, json_safe)) == json_safe(text)
        assert b"".join(jsontext.chunks(value, json_safe, utf8=True)) == (json_safe(text)).encode()


@pytest.fixture(scope="module")
def report(generated: Path) -> dict[str, Any]:
    """The deadlines report of the generated file, as the core gives it to the CLI."""
    from efter.core.report_deadlines import deadlines as report_deadlines
    from efter.core.reports import Filters

    with open_casefile(generated) as casefile:
        data, _ = report_deadlines(casefile.conn, Filters(), date(2026, 11, 28))
    return data


def _written(write: Any, *args: Any) -> str:
    import io
    import sys

    out, before = io.StringIO(), sys.stdout
    sys.stdout = out
    try:
        write(*args)
    finally:
        sys.stdout = before
    return out.getvalue()


# Names and coordinators as a person may type them: plain, Danish, and text the csv module
# quotes (a comma, a quote, a line break, a carriage return), or no coordinator.
_names = st.text(max_size=6) | st.sampled_from(["Åse Ø", "a,b", 'say "hi"', "x\ny", "x\ry", ""])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_csv_lines_joined_from_pieces_are_the_csv_module_s(
    report: dict[str, Any], data: st.DataObject
) -> None:
    """--csv writes the young people's lines joined from pieces (reports._deadline_csv_lines)
    when no cell needs quoting, and through the csv module otherwise: the same text either
    way, as csv.writer writes each row (deadline_csv_sections() through _write_csv())."""
    from efter.cli import reports
    from efter.core.rows import Rows

    people = report["young_people"].columns
    count = len(people["id"])
    changed = data.draw(st.lists(st.integers(0, count - 1), max_size=3))
    names, coordinators = list(people["name"]), list(people["coordinator"])
    for n in changed:
        names[n] = data.draw(_names.filter(bool))
        coordinators[n] = data.draw(st.none() | _names)
    value = {**report, "young_people": Rows({**people, "name": names, "coordinator": coordinators})}
    expected = _written(reports._write_csv, reports.deadline_csv_sections(value))
    assert _written(reports.write_deadline_csv, value) == expected
    quoted = any(map("".join(filter(None, names + coordinators)).__contains__, ',"\r\n\x00'))
    pieces = reports._deadline_csv_lines(value["young_people"], reports._deadline_summary(value))
    assert (pieces is None) == quoted


# As above, and text a table escapes or measures cell by cell (a control character, a wide
# or combining character).
_shown = _names | st.sampled_from(["Zoë", "李明", "e\u0301", "bell\x07", "tab\there", "Ærø "])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(["en", "da"]))
def test_the_table_lines_joined_from_pieces_are_the_table_s(
    report: dict[str, Any], data: st.DataObject, lang: str
) -> None:
    """The per-person table, anywhere but a terminal, is its lines joined from pieces
    (reports._people_lines) when every cell is plain one-cell text, and drawn as every
    report's table otherwise (table_columns() of _per_person()'s cells): the same text."""
    from efter.cli import reports
    from efter.cli.output import one_cell
    from efter.core import i18n
    from efter.core.rows import Rows

    people = report["young_people"].columns
    count = len(people["id"])
    names, coordinators = list(people["name"]), list(people["coordinator"])
    for n in data.draw(st.lists(st.integers(0, count - 1), max_size=3)):
        names[n] = data.draw(_shown.filter(bool))
        coordinators[n] = data.draw(st.none() | _shown)
    rows = Rows({**people, "name": names, "coordinator": coordinators})
    name, _, columns, given_rows = reports.deadline_sections({**report, "young_people": rows})[1]
    assert name == "youth" and given_rows is rows
    labels = [label for _, label in columns]
    before = i18n.language()
    i18n.use(lang)
    try:
        cells = reports._per_person(rows)
        expected = _written(
            reports.table_columns,
            labels,
            [reports._column(key, cells, False) for key in cells.columns],
        )
        assert _written(reports._draw_people, labels, rows) == expected
        plain = one_cell("".join(filter(None, names + coordinators)))
        assert (reports._people_lines(labels, rows) is not None) == plain
        assert one_cell("".join(people["name"]))  # the file's own: joined from pieces
    finally:
        i18n.use(before)
