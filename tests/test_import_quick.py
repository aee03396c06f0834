"""The quick way an import plans a row (status, agreements, meetings, programmes, prices) is
the careful way made cheaper, never a second set of rules: each distinct value is checked once
per import (`Context.once`) and a row whose values all pass is planned without going field by
field; any other row goes the careful way, which names every wrong column. So for every row the quick
plan, when there is one, is exactly the careful plan. Rows are the ones `efter export all`
writes from a seeded case file, planned against that same file (so records on file, updates
and closed cases are met), with cells swapped for other spellings, wrong values, blanks, or
left out. And the bounds that spare programme names difflib's ratio never change its answer."""

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from efter.cli import app
from efter.transfer.kinds import Planned
from tests.benchmarks.casefile import Size, build, prepare_transfer

KINDS = ("status", "agreements", "meetings", "programmes", "prices")

DAYS = ("2024-03-01", "01-03-2024", "1-3-2024", " 2024-03-01 ", "31-02-2024", "2024-13-01",
        "not a day", "1990-01-01", "2026-11-28", "2030-06-30", "", " ")  # fmt: skip
TEXTS = ("Ungeindsatsen", "  Ungeindsatsen  ", "Mødelokale 2", "bad\x00nul", "two\nlines",
         "tab\there", "\u202eevil", "", " ")  # fmt: skip
# the values each field is given instead of its own (its own is drawn too)
POOLS: dict[str, tuple[str, ...]] = {
    "ref": ("2099-99999", " ", ""),
    "starts": (
        *DAYS,
        "2024-03-01 10:00",
        "01-03-2024 14:30",
        "2024-03-01T09:15",
        "2024-03-01 25:00",
    ),
    "ends": DAYS,
    "due": DAYS,
    "done_on": DAYS,
    "education": (
        "eud",
        "EUD",
        "fgu",
        "ingen",
        "Erhvervsuddannelse",
        "vocational",
        "nope",
        "",
        " ",
    ),
    "work": ("fritidsjob", "ingen", "full-time", "Fuldtidsjob", "praktik", "nope", "", " "),
    "note": TEXTS,
    "status": (
        "open",
        "done",
        "dropped",
        "åben",
        "udført",
        "Bortfaldet",
        "planned",
        "held",
        "cancelled",
        "afholdt",
        "planlagt",
        "no-show",
        "nope",
        "",
        " ",
    ),
    "kind": (
        "start",
        "16",
        "17.5",
        "18½",
        "milestone",
        "network",
        "netværksmøde",
        "end",
        "slutmøde",
        "nope",
        "",
        " ",
    ),
    "duration": ("90", "90.0", "45", "0", "1441", "abc", "", " "),
    "place": TEXTS,
    "leader": TEXTS,
    "minute_taker": TEXTS,
    "what": ("Søge ind på EUD-forløbet til januar", "  Ny aftale  ", "bad\x00nul", "", " "),
    "owner": ("youth", "den unge", "coordinator", "Koordinator", "Nobody Here", "", " ", "12345"),
    "drop_reason": TEXTS,
    "programme": (
        "Efterværn",
        "efterværn",
        "EFTERVAERN",
        "Efterværnn",
        "Vejen",
        "Ny indsats",
        "bad\x00nul",
        "",
        " ",
    ),
    "amount": ("30000", "30.000", "30 000 kr.", "30000,00", "0", "abc", "2000000000", "", " "),
    "cohort": ("2022-A", "2022-a", " 2022-A ", "Hold 9", "bad\x00nul", "", " "),
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A case file with records of every kind, a copy holding only its young people (and the
    programmes and cohorts), and each kind's rows as `efter export all` writes them, read
    back."""
    from efter.core.casefile import open_casefile
    from efter.transfer import kinds, readers
    from efter.transfer.rows import Row

    folder = tmp_path_factory.mktemp("import-quick")
    large = folder / "large.db"
    build(large, Size("quick", 40, 120, 0, 200, 0, 0, 0))
    casefile = folder / "casefile.db"
    prepare_transfer(large, casefile)
    # some cases open again, so the closed-case rules meet both
    conn = sqlite3.connect(casefile)
    conn.execute(
        "UPDATE youth SET status = 'active', closed = NULL, outcome = NULL WHERE id % 3 = 0"
    )
    conn.commit()
    conn.close()
    files = folder / "files"
    result = CliRunner().invoke(
        app, ["--db", str(casefile), "export", "all", "--format", "csv", "--out", str(files)]
    )
    assert result.exit_code == 0, result.stderr
    youth_only = Path(shutil.copyfile(casefile, folder / "youth-only.db"))
    conn = sqlite3.connect(youth_only)
    for table in (
        "rating",
        "agreement_event",
        "agreement",
        "attendance",
        "meeting",
        "goal",
        "member",
        "youth_status",
        "measure",
        "programme_period",
        "programme_price",
    ):
        conn.execute(f"DELETE FROM {table}")  # fmt: skip
    conn.commit()
    conn.close()
    opened = {
        "records on file": open_casefile(Path(shutil.copyfile(casefile, folder / "read.db"))),
        "young people only": open_casefile(youth_only),
    }
    rows: dict[str, list[Row]] = {}
    for name in KINDS:
        source = readers.open_source(str(files / f"{name}.csv"))
        rows[name] = [
            r for r in readers.read(source, "csv", kinds.kind(name)) if isinstance(r, Row)
        ]
        source.close()
        assert rows[name], name
    yield {"opened": opened, "rows": rows}
    for each in opened.values():
        each.close()


@pytest.fixture(scope="module", params=["records on file", "young people only"])
def seeded(exported: dict[str, Any], request: pytest.FixtureRequest) -> dict[str, Any]:
    """The rows against the case file they came from (each row names a record on file), or
    against its young people alone (each row makes a new record)."""
    return {"conn": exported["opened"][request.param].conn, "rows": exported["rows"]}


def context(conn: Any) -> Any:
    from efter.transfer.kinds import Context

    return Context(conn, date(2026, 11, 28))


def both(name: str, row: Any, ctx: Any) -> tuple[Any, Any]:
    """The quick plan and the careful plan of a row; the quick one also as a chunk of rows
    plans it, with only the young person's fields that the kind names, which must give the
    same."""
    from efter.core import youth
    from efter.transfer import kinds

    kind = kinds.kind(name)
    quick = kind.plan_quick(row, ctx)
    fields = getattr(kind, "person_fields", None)
    if fields is not None:
        light = ctx.cache.get(("light", name))
        if light is None:
            light = ctx.cache[("light", name)] = youth.fields_by_id(ctx.conn, fields)
        person = ctx.youth_by_ref((row.values.get("ref") or "").strip())
        if person is not None:
            assert kind.quick(row, ctx, light[person["id"]]) == quick
    return quick, kind.plan_checked(row, ctx)


@pytest.mark.parametrize("name", KINDS)
def test_every_exported_row_is_planned_the_quick_way_and_the_same(
    seeded: dict[str, Any], name: str
) -> None:
    """Every row the file takes back goes the quick way (into the young people alone, an open
    agreement or a planned meeting of a closed case is refused, and goes the careful way)."""
    ctx = context(seeded["conn"])
    for row in seeded["rows"][name]:
        quick, careful = both(name, row, ctx)
        assert (quick is None) == isinstance(careful, list), (row, careful)
        assert quick is None or quick == careful


def with_values(row: Any, values: dict[str, str | None]) -> Any:
    """The row with other values (the same place and headers)."""
    from efter.transfer.rows import Row

    return Row(row.where, values, row.headers, row.fields)


@pytest.mark.parametrize("field", ["born", "start"])
def test_one_field_of_everyone_is_the_field_of_their_rows(
    seeded: dict[str, Any], field: str
) -> None:
    """What a chunk reads of every young person when it needs one field (status: the birth
    date; programmes: the case's start) is that field of the rows a row-by-row plan reads,
    and a small file's few young people are read from the rows their refs found."""
    from efter.core import youth
    from efter.transfer import kinds

    conn = seeded["conn"]
    rows = youth.fields_by_id(conn, ("ref", field))
    assert rows and youth.field_by_id(conn, field) == {i: row[field] for i, row in rows.items()}
    with pytest.raises(ValueError, match="not a field"):
        youth.field_by_id(conn, "id FROM youth; --")
    ctx = context(conn)
    refs = [row["ref"] for row in rows.values() if row["ref"]][:3]
    ids = [ctx.youth_by_ref(ref)["id"] for ref in refs]
    kind = kinds.kind("status")
    assert kind.person_field(ctx, ids, field) == {i: rows[i][field] for i in ids}  # type: ignore[attr-defined]
    assert ("person field " + field) not in ctx.cache  # the few, without a query
    everyone = kind.person_field(context(conn), [*rows], field)  # type: ignore[attr-defined]
    assert everyone == {i: row[field] for i, row in rows.items()}


def test_a_planned_row_s_changes_are_its_own() -> None:
    """A planned row's changes are made when first asked for, each row's its own; its
    headers are the file's once the importer gives them."""
    from efter.transfer.kinds import Planned

    first = Planned("line 2", "unchanged", ("a",), "a", {})
    second = Planned("line 3", "unchanged", ("b",), "b", {})
    first.changes["name"] = ("Ann", "Anne")
    assert first.changes == {"name": ("Ann", "Anne")} and second.changes == {}
    assert second.headers == {} and first.headers == {}
    second.headers = {"ref": "Sagsnr"}
    assert second.headers == {"ref": "Sagsnr"} and first.headers == {}
    given = Planned("line 2", "unchanged", ("a",), "a", {}, changes={"name": ("Ann", "Anne")})
    assert given == first and given != second
    assert "changes={'name': ('Ann', 'Anne')}" in repr(given)


def changed_alone(rows: list[Any]) -> Iterator[Any]:
    """A spread of the rows, each with one change: every value of its column's pool, a day
    earlier or later for a date, or the column left out."""
    from datetime import timedelta

    for row in rows[:: max(1, len(rows) // 12)]:
        for field, cell in row.values.items():
            others = list(POOLS.get(field, ()))
            try:
                day = date.fromisoformat(cell or "")
            except ValueError:
                pass
            else:
                others += [(day + timedelta(days=step)).isoformat() for step in (-1, 1, 40)]
            for value in others:
                yield with_values(row, {**row.values, field: None if not value.strip() else value})
            if field != "ref":
                yield with_values(row, {k: v for k, v in row.values.items() if k != field})


@pytest.mark.parametrize("name", KINDS)
def test_each_cell_changed_alone_is_planned_the_same_either_way(
    seeded: dict[str, Any], name: str
) -> None:
    ctx = context(seeded["conn"])
    taken = {"quick": 0, "careful": 0}
    for row in changed_alone(seeded["rows"][name]):
        quick, careful = both(name, row, ctx)
        taken["quick" if quick is not None else "careful"] += 1
        assert quick is None or quick == careful, (row, quick, careful)
    assert taken["quick"] and taken["careful"], taken


@st.composite
def changed_rows(draw: st.DrawFn, rows: list[Any]) -> Any:
    row = draw(st.sampled_from(rows))
    values = dict(row.values)
    for field in list(values):
        choice = draw(st.integers(0, 5))
        if choice == 0:
            value = draw(st.sampled_from(POOLS.get(field, ("",))))
            values[field] = None if not value or value.isspace() else value
        elif choice == 1 and field != "ref":
            del values[field]  # a file without this column
        elif choice == 2:  # another row's value
            values[field] = draw(st.sampled_from(rows)).values.get(field)
    return with_values(row, values)


@pytest.mark.parametrize("name", KINDS)
def test_the_quick_plan_of_any_row_is_the_careful_plan(seeded: dict[str, Any], name: str) -> None:
    ctx = context(seeded["conn"])
    taken = {"quick": 0, "careful": 0}

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(row=changed_rows(seeded["rows"][name]))
    def check(row: Any) -> None:
        quick, careful = both(name, row, ctx)
        if quick is not None:
            taken["quick"] += 1
            assert quick == careful
        else:
            taken["careful"] += 1

    check()
    assert taken["quick"] and taken["careful"], taken  # both ways were met


def _ratio_near(typed: str, name: str) -> bool:
    """is_near() as it read before its bounds: every pair that gets that far through
    difflib's ratio."""
    from efter.core import names, programmes

    a, b = programmes.loose(typed), programmes.loose(name)
    if not a or not b:
        return False
    if a == b:
        return True
    first, whole = names.words(typed), names.words(name)
    if first and len(first) < len(whole) and whole[: len(first)] == first:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and 2 * len(short) >= len(long_) and long_.startswith(short):
        return True
    return SequenceMatcher(None, a, b).ratio() >= programmes.NEAR


NAMES = st.text(alphabet=st.sampled_from(list("efterværnEFTVÆRN -0123bo")), max_size=16)


@settings(max_examples=2000, deadline=None)
@given(typed=NAMES, name=NAMES)
def test_the_bounds_before_difflib_never_change_whether_two_names_are_near(
    typed: str, name: str
) -> None:
    from efter.core import programmes

    assert programmes.is_near(typed, name) == _ratio_near(typed, name)


@settings(max_examples=3000, deadline=None)
@given(
    name=st.one_of(
        st.text(max_size=24),
        NAMES,
        st.text(alphabet=" \u00a0\t\u2003aåæøÅÆØoe\u0301ß", max_size=12),
    )
)
def test_a_name_s_letters_are_those_of_its_folded_key(name: str) -> None:
    """Catalogue.near() takes a typed name's letters (loose) from its key folded, which
    spelling() has worked out already: the same letters as from the name."""
    from efter.core import names, programmes

    assert programmes.loose(name) == programmes.loose_of_folded(names.fold(programmes.key(name)))


@st.composite
def typed_and_on_file(draw: Any) -> tuple[str, list[str]]:
    """A typed name, and names on file: some drawn anew, some the typed one with a letter or
    two changed, left out or put in, or cut short (near spellings and names just too far)."""
    typed = draw(NAMES)
    on_file = draw(st.lists(NAMES, max_size=3))
    for _ in range(draw(st.integers(0, 3))):
        edited = list(typed)
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(edited)))
            letter = draw(st.sampled_from(list("efterværnEFTVÆRN -0123bo")))
            how = draw(st.sampled_from(("in", "out", "change")))
            if how == "in":
                edited.insert(at, letter)
            elif at < len(edited):
                edited[at : at + 1] = [] if how == "out" else [letter]
        on_file.append("".join(edited))
    if draw(st.booleans()):  # its beginning (or it, the beginning of one on file)
        on_file.append(typed[: draw(st.integers(0, len(typed)))])
    return typed, [name for name in on_file if name.strip()]


@settings(max_examples=1500, deadline=None)
@given(names_=typed_and_on_file())
def test_the_catalogue_finds_the_names_is_near_finds(names_: tuple[str, list[str]]) -> None:
    """Catalogue.near() sets far names aside by its own bounds (an import of many new names):
    it finds exactly the programmes on file that is_near() finds, in the same order."""
    from efter.core import names, programmes

    typed, on_file = names_
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE TABLE programme (id INTEGER PRIMARY KEY, name TEXT, key TEXT UNIQUE)")
    conn.executemany(
        "INSERT OR IGNORE INTO programme (name, key) VALUES (?, ?)",
        [(name, programmes.key(name)) for name in on_file],
    )
    rows = conn.execute("SELECT * FROM programme ORDER BY name").fetchall()
    wanted = names.fold(programmes.key(typed))
    expected = [
        row["name"]
        for row in rows
        if names.fold(row["key"]) != wanted and programmes.is_near(typed, row["name"])
    ]
    assert [row["name"] for row in programmes.Catalogue(conn).near(typed)] == expected


@pytest.mark.parametrize("name", KINDS)
def test_a_whole_export_is_planned_a_chunk_at_a_time_as_row_by_row(
    seeded: dict[str, Any], name: str
) -> None:
    """Every row that goes the quick way, in one chunk: planned at once, as row by row."""
    from efter.transfer import kinds
    from efter.transfer.kinds import Chunk

    kind = kinds.kind(name)
    rows = [row for row in seeded["rows"][name] if kind.plan_quick(row, context(seeded["conn"]))]
    many = kind.plan_many(Chunk(rows), context(seeded["conn"]))
    assert many is not None
    ctx = context(seeded["conn"])
    assert many == [kind.plan(row, ctx) for row in rows]


@pytest.mark.parametrize("name", KINDS)
def test_a_row_changed_alone_is_planned_at_once_as_on_its_own(
    seeded: dict[str, Any], name: str
) -> None:
    from efter.transfer import kinds
    from efter.transfer.kinds import Chunk

    kind = kinds.kind(name)
    taken = {"at once": 0, "row by row": 0}
    for row in changed_alone(seeded["rows"][name]):
        many = kind.plan_many(Chunk([row]), context(seeded["conn"]))
        taken["row by row" if many is None else "at once"] += 1
        assert many is None or many == [kind.plan(row, context(seeded["conn"]))], row
        assert many is None or type(many[0]) is Planned
    assert all(taken.values()), taken


@pytest.mark.parametrize("name", KINDS)
def test_a_chunk_of_any_rows_is_planned_as_each_of_them(seeded: dict[str, Any], name: str) -> None:
    """plan_many() of a chunk is None (the importer then goes row by row) or each row's plan."""
    from efter.transfer import kinds
    from efter.transfer.kinds import Chunk

    kind = kinds.kind(name)
    taken = {"at once": 0, "row by row": 0}

    @settings(
        max_examples=200,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(rows=st.lists(changed_rows(seeded["rows"][name]), min_size=1, max_size=4))
    def check(rows: list[Any]) -> None:
        many = kind.plan_many(Chunk(rows), context(seeded["conn"]))
        taken["row by row" if many is None else "at once"] += 1
        if many is not None:
            ctx = context(seeded["conn"])
            assert many == [kind.plan(row, ctx) for row in rows]

    check()
    assert all(taken.values()), taken
