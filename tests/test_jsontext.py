"""efter.cli.jsontext.indented writes exactly what json.dumps(..., indent=2) writes."""

import json
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from efter.cli.jsontext import indented

plain = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(
    plain,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=40,
)


@settings(suppress_health_check=[HealthCheck.too_slow])  # a loaded CI machine, not the test
@given(values)
def test_indented_is_json_dumps_with_indent(value):
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


# A report's shapes: lists of plain dicts (its rows, written by one call of the C encoder) and
# dicts with runs of plain members around nested ones (a young person with their dates).
keys = st.text(max_size=4) | st.sampled_from(["}", "},", "{", '"', "\n", "},\n  {"])
texts = st.text() | st.sampled_from(["}", "},\n    {", '{"a": 1}', "\n", ",\n  "])
flat = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts
rows = st.lists(st.dictionaries(keys, flat, min_size=1, max_size=5), max_size=5)
mixed = st.dictionaries(keys, flat | rows | st.lists(flat, max_size=3), max_size=8)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows | mixed, max_size=3) | rows | mixed | st.dictionaries(keys, rows | mixed))
def test_rows_and_runs_are_json_dumps_with_indent(value):
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_a_report_shaped_value():
    value = {
        "report": "meetings",
        "filters": {"programme": None, "from": None, "to": "2026-11-28"},
        "totals": {"held": 3, "share": 0.25, "empty": [], "none": {}},
        "by_youth": [
            {"id": 1, "name": "Ærø Øster\u202e", "milestones_held": ["16", "17.5"], "ok": True},
            {"id": 2, "name": "Bo", "milestones_held": [], "nested": [[1, [2, {}]], {"a": []}]},
        ],
        "young_people": [
            {"id": 1, "name": "A}", "closed": None, "dates": [{"code": "},\n      {"}, {"x": 1}]},
            {"id": 2, "dates": [{"a": "b", "c": 2.5}, {"d": None}], "after": 1, "last": "z"},
        ],
        "rows": [{"a": 1}, {"b": [1]}, {"c": 3}],
    }
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert indented([]) == "[]" and indented("x") == '"x"' and indented(None) == "null"


@given(st.text() | st.text(st.characters(max_codepoint=0x17F)) | st.text("aæ\x7f\x85\x9f\xa0\n"))
def test_json_safe_escapes_exactly_what_could_steer_a_terminal(value):
    """json_safe() proves ASCII and Latin-1 text clean without its regular expression (a
    report of 20 MB); whatever the text, the result is the expression's."""
    from efter.cli.output import json_safe

    text = json.dumps({"v": value}, ensure_ascii=False, indent=2)
    assert json_safe(text) == UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# What could steer a terminal in JSON text (json escapes C0 itself): DEL and C1, bidi controls
# and marks, line and paragraph separators, lone surrogates.
UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


# Rows each holding one list of plain dicts, some of them shared (the deadlines report's young
# people and their dates): written in one call with a stand-in for each list (_nested_rows).
shared = st.lists(st.dictionaries(keys, flat, min_size=1, max_size=4), min_size=1, max_size=4)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(
    st.data(),
    shared,
    st.lists(st.dictionaries(keys, flat, max_size=4), min_size=16, max_size=24),
    st.sampled_from(["dates", "}", '"', "\x00efter-"]),
)
def test_rows_with_a_nested_list_are_json_dumps_with_indent(data, pool, plains, nested):
    rows = []
    for plain in plains:
        row = {k: v for k, v in plain.items() if k != nested}
        at = data.draw(st.integers(min_value=0, max_value=len(row)))
        items = data.draw(st.lists(st.sampled_from(pool), max_size=4))  # the same dicts again
        members = list(row.items())
        rows.append(dict([*members[:at], (nested, items), *members[at:]]))
    value = {"report": "deadlines", "young_people": rows}
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_rows_that_only_look_nested_are_written_the_slow_way():
    base = [{"id": n, "dates": [{"code": "a", "n": n}]} for n in range(20)]
    for odd in ({"id": 99, "dates": "not a list"}, {"id": 99, "dates": [[1]]}, {"id": 99},
                {"id": 99, "dates": [{"code": {"deep": 1}}]}, {"id": 99, "dates": [{}]}):  # fmt: skip
        value = [*base, odd]
        assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


# A report's per-person section kept column by column (efter.core.rows.Rows): written from
# the columns, row by row with one %-format, exactly as json.dumps writes the list of dicts.
columns_values = (
    st.lists(texts, min_size=3, max_size=3)
    | st.lists(st.integers(), min_size=3, max_size=3)
    | st.lists(st.none() | st.integers(), min_size=3, max_size=3)
    | st.lists(st.none() | texts, min_size=3, max_size=3)
    | st.lists(st.none() | st.floats(), min_size=3, max_size=3)
    | st.lists(flat | st.dictionaries(keys, flat, max_size=3) | rows, min_size=3, max_size=3)
    | st.lists(st.lists(flat, max_size=2) | st.just([]), min_size=3, max_size=3)  # milestones
    | st.lists(
        st.lists(flat | rows | st.lists(flat, max_size=2), max_size=2), min_size=3, max_size=3
    )
)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(st.dictionaries(keys | st.sampled_from(["%s", "%", "a%%"]), columns_values, max_size=6))
def test_rows_kept_by_column_are_json_dumps_of_their_dicts(columns):
    from efter.core.rows import Rows

    rows = Rows(columns)
    listed = [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    assert list(rows) == listed
    for value in ({"report": "x", "cases": rows, "n": 1}, [rows], rows):
        expected = json.dumps(
            value if value is not rows else listed, ensure_ascii=False, indent=2,
            default=list,
        )  # fmt: skip
        assert indented(value) == expected


def test_rows_read_as_the_dicts_they_stand_for():
    from efter.core.rows import Rows

    rows = Rows({"id": [1, 2], "name": ["Ada", "Bo"]})
    assert len(rows) == 2 and rows[1] == {"id": 2, "name": "Bo"} and rows[-1]["name"] == "Bo"
    assert rows == [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Bo"}] and rows[:1] == [rows[0]]
    assert not Rows({"id": []}) and not Rows({}) and indented(Rows({"id": []})) == "[]"
    assert indented({"r": Rows({"ok": [True, False]})}) == json.dumps(
        {"r": [{"ok": True}, {"ok": False}]}, indent=2
    )

    class Count(int):  # a value json converts in its own way: json.dumps writes it all
        pass

    value = {"r": Rows({"n": [Count(3), 4]}), "x": [1]}
    assert indented(value) == json.dumps({"r": [{"n": 3}, {"n": 4}], "x": [1]}, indent=2)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(
    st.dictionaries(keys | st.sampled_from(["%s", "%", "a%%"]), columns_values, max_size=6),
    st.sampled_from(["\u202e", "\x85", "\u2028", "ø", "x", "\ud800"]),
    st.integers(min_value=1, max_value=3),
)
def test_chunks_are_the_safe_json_of_the_whole(columns, odd, at_once):
    """emit_json writes a report in pieces (jsontext.chunks): a Rows section a few rows at a
    time, each column proved safe as a whole; the pieces are exactly json_safe() of the
    whole text, whatever the columns hold (characters that could steer a terminal too)."""
    from efter.cli import jsontext
    from efter.cli.output import json_safe
    from efter.core.rows import Rows

    columns = {**columns, "name": [f"A{odd}", "B", odd]}
    rows = Rows(columns)
    listed = list(rows)
    was, jsontext.ROWS_AT_ONCE = jsontext.ROWS_AT_ONCE, at_once
    try:
        for value, plain in (
            ({"report": "x", "cases": rows, "n": odd}, {"report": "x", "cases": listed, "n": odd}),
            ({"a": rows, "b": Rows({"k": []}), "c": rows}, {"a": listed, "b": [], "c": listed}),
            ([rows], [listed]),
        ):
            expected = json_safe(json.dumps(plain, ensure_ascii=False, indent=2))
            assert "".join(jsontext.chunks(value, json_safe)) == expected
            assert b"".join(jsontext.chunks(value, json_safe, utf8=True)) == (expected).encode()
    finally:
        jsontext.ROWS_AT_ONCE = was


# A column of records with the same keys, or null, given as dicts: each written as json does.
record_keys = st.lists(keys | st.sampled_from(["%s", "%", "from"]), min_size=1, max_size=4,
                       unique=True)  # fmt: skip


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(st.data(), record_keys, st.integers(min_value=1, max_value=12))
def test_a_column_of_records_is_json_dumps_of_their_dicts(data, names, count):
    from efter.core.rows import Rows

    member = st.sampled_from([flat, texts, st.integers(), st.none() | st.integers()])
    strategies = {name: data.draw(member) for name in names}
    current = [
        None if data.draw(st.booleans()) else {name: data.draw(s) for name, s in strategies.items()}
        for _ in range(count)
    ]
    if data.draw(st.booleans()) and current and current[-1] is not None:  # keys in another order
        current[-1] = dict(reversed(current[-1].items()))
    columns = {"id": list(range(count)), "current": current}
    listed = [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    value = {"report": "outcomes", "cases": Rows(columns)}
    expected = json.dumps({"report": "outcomes", "cases": listed}, ensure_ascii=False, indent=2)
    assert indented(value) == expected


def test_records_that_are_not_alike_are_written_as_json_does():
    from efter.core.rows import Rows

    for current in (
        [{"a": 1}, {"b": 2}, None],  # other keys
        [{"a": 1}, {"a": [1]}, None],  # a member not plain
        [{}, None, {}],  # no keys
        [{1: "x"}, {1: "y"}],  # keys not text
        [{"a": 1.5}, {"a": float("inf")}, {"a": None}],  # json's own Infinity
        [{"a": True, "b": "ø\u202e"}, None, {"a": False, "b": "%s"}],
    ):
        value = {"cases": Rows({"id": list(range(len(current))), "current": current})}
        listed = [{"id": n, "current": c} for n, c in enumerate(current)]
        assert indented(value) == json.dumps({"cases": listed}, ensure_ascii=False, indent=2)


odd = st.sampled_from(["\u202e", "\x85", "\u2028", "ø", "a%s", "\ud800"])  # made safe, or kept


# A column of records of a few kinds, each with a value of its own, kept as each cell's kind
# and own value (efter.core.rows.Records: the outcomes report's open cases' status now).
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(
    st.lists(st.dictionaries(keys | st.just("from"), flat | rows | odd, max_size=3), max_size=3),
    st.lists(st.tuples(st.integers(0, 3), flat | rows | odd), min_size=1, max_size=8),
    keys | st.sampled_from(["from", "%s", "%"]),
    st.integers(min_value=1, max_value=3),
)
def test_records_kept_by_kind_are_json_dumps_of_their_dicts(kinds, cells, key, at_once):
    from efter.cli import jsontext
    from efter.cli.output import json_safe
    from efter.core.rows import Records, Rows

    which = [n if n < len(kinds) else None for n, _ in cells]
    records = Records(key, kinds, which, [own for _, own in cells])
    made = [
        None if n is None else {**kinds[n], key: own}
        for n, (_, own) in zip(which, cells, strict=True)
    ]
    assert list(records) == made and records == made and len(records) == len(made)
    assert records[-1] == made[-1] and records[:2] == made[:2]
    listed = [{"id": n, "current": record} for n, record in enumerate(made)]
    value = {
        "report": "outcomes",
        "cases": Rows({"id": list(range(len(made))), "current": records}),
    }
    plain = {"report": "outcomes", "cases": listed}
    assert indented(value) == json.dumps(plain, ensure_ascii=False, indent=2)
    assert indented(records) == json.dumps(made, ensure_ascii=False, indent=2)
    was, jsontext.ROWS_AT_ONCE = jsontext.ROWS_AT_ONCE, at_once
    try:
        expected = json_safe(json.dumps(plain, ensure_ascii=False, indent=2))
        assert "".join(jsontext.chunks(value, json_safe)) == expected
        assert b"".join(jsontext.chunks(value, json_safe, utf8=True)) == (expected).encode()
    finally:
        jsontext.ROWS_AT_ONCE = was


def test_records_columns():
    from efter.core.rows import Records

    records = Records(
        "from",
        [{"from": None, "kind": "a"}, {"from": None, "kind": "b"}],
        [1, None, 0],
        ["x", "y", "z"],
    )
    assert list(records) == [{"from": "x", "kind": "b"}, None, {"from": "z", "kind": "a"}]
    assert records.column("kind", "none") == ["b", "none", "a"]
    assert records.column("from") == ["x", None, "z"]
    assert records != [None] and repr(records).startswith("Records([")


# Neighbouring columns a Rows says come in a few sets (core.rows.Alike): written once a set.
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(
    st.data(),
    st.lists(keys | st.sampled_from(["%s", "%", "n"]), min_size=2, max_size=6, unique=True),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=1, max_value=12),
)
def test_rows_with_alike_columns_are_json_dumps_of_their_dicts(data, names, before, count):
    from efter.cli import jsontext
    from efter.cli.output import json_safe
    from efter.core.rows import Alike, Rows

    before = min(before, len(names) - 2)
    alike = tuple(names[before : before + 2 + data.draw(st.integers(0, len(names) - before - 2))])
    value = flat | st.lists(flat, max_size=2) | st.sampled_from([0, 0.0, -0.0, True, 1, 1.0])
    kinds = data.draw(st.lists(st.tuples(*[value] * len(alike)), min_size=1, max_size=4))
    which = data.draw(st.lists(st.integers(0, len(kinds) - 1), min_size=count, max_size=count))
    columns = {
        name: [kinds[n][alike.index(name)] for n in which]
        if name in alike
        else data.draw(st.lists(flat, min_size=count, max_size=count))
        for name in names
    }
    rows = Rows(columns, Alike(alike, which, kinds))
    listed = [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    assert list(rows) == listed
    value_ = {"report": "x", "by_youth": rows}
    expected = json.dumps({"report": "x", "by_youth": listed}, ensure_ascii=False, indent=2)
    assert indented(value_) == expected
    assert "".join(jsontext.chunks(value_, json_safe)) == json_safe(expected)
    assert b"".join(jsontext.chunks(value_, json_safe, utf8=True)) == (json_safe(expected)).encode()
    # Keys that are not neighbours in the columns' order: each column as it is.
    odd = Rows(columns, Alike(tuple(reversed(alike)), which, [k[::-1] for k in kinds]))
    assert indented({"report": "x", "by_youth": odd}) == expected


@given(st.lists(texts, min_size=1, max_size=4), st.integers(min_value=1, max_value=400))
def test_a_long_column_of_a_few_texts_is_json_dumps(pool, count):
    """A column whose texts repeat (a programme, a status) has each text written once."""
    from efter.core.rows import Rows

    column = [pool[n % len(pool)] for n in range(count)]
    rows = Rows({"id": list(range(count)), "programme": column})
    expected = json.dumps({"r": list(rows)}, ensure_ascii=False, indent=2)
    assert indented({"r": rows}) == expected


def test_emit_json_writes_utf8_underneath_or_text_as_stdout_encodes(monkeypatch):
    """emit_json writes a report's pieces as UTF-8 bytes to stdout's buffer, after what was
    written to stdout as text, when stdout encodes as UTF-8; to any other stdout as text.
    Either way the bytes are stdout's own encoding of the text, and out by the time it
    returns, as a line-buffered stdout (a terminal) has them."""
    import io
    import os
    import sys

    from efter.cli import jsontext
    from efter.cli.output import emit_json, json_safe, utf8_stdout
    from efter.core.rows import Rows

    names = ["Søren Ø", "Åse\u202e", "Zoë", "a\x85b"]
    value = {"report": "x", "cases": Rows({"id": [1, 2, 3, 4], "name": names}), "n": "é"}
    listed = [{"id": n, "name": name} for n, name in enumerate(names, 1)]
    text = json.dumps({"report": "x", "cases": listed, "n": "é"}, ensure_ascii=False, indent=2)
    monkeypatch.setattr(jsontext, "ROWS_AT_ONCE", 3)
    for encoding, underneath in (("utf-8", True), ("UTF8", True), ("latin-1", False)):
        written = io.BytesIO()
        buffer = io.BufferedWriter(written)  # bytes held in memory
        out = io.TextIOWrapper(buffer, encoding=encoding, newline="\n", line_buffering=True)
        monkeypatch.setattr(sys, "stdout", out)
        out.write("før\n")  # text written before the JSON stays before it
        assert (utf8_stdout() is buffer) is underneath
        emit_json(value)
        assert written.getvalue() == ("før\n" + json_safe(text) + "\n").encode(encoding)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    assert utf8_stdout() is not None
    monkeypatch.setattr(os, "linesep", "\r\n")  # Windows: text mode writes its line ending
    assert utf8_stdout() is None
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # no buffer underneath: text
    assert utf8_stdout() is None


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=100)
@given(
    st.lists(
        st.fixed_dictionaries({"id": st.integers(), "name": st.text(), "on": st.booleans(),
                               "at": st.none() | st.text(), "next": st.none() | st.dictionaries(keys, flat, max_size=3)})
        | values,
        max_size=7,
    ),
    st.integers(min_value=1, max_value=3),
    st.booleans(),
)  # fmt: skip
def test_a_streamed_list_is_the_safe_json_of_the_whole(items, batch, utf8):
    """efter.cli.stream writes a list a batch at a time, a batch of dicts with the same keys
    from its columns and anything else an item at a time: the text is json_safe() of
    json.dumps of the whole list, to a stdout writing UTF-8 (bytes underneath) or not, and
    out by the time it returns."""
    import io
    import sys

    import pytest

    from efter.cli import stream
    from efter.cli.output import json_safe

    written = io.BytesIO()
    encoding = "utf-8" if utf8 else "utf-16"
    buffer = io.BufferedWriter(written)  # bytes held in memory
    out = io.TextIOWrapper(buffer, encoding=encoding, newline="\n", line_buffering=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stream, "FLUSH_EVERY", batch)
        patch.setattr(sys, "stdout", out)
        assert stream.emit_json_list(iter(items)) == len(items)
    expected = json_safe(json.dumps(items, ensure_ascii=False, indent=2)) + "\n"
    assert written.getvalue().decode(encoding) == expected  # out, as on a terminal


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=100)
@given(
    st.lists(
        st.sampled_from(["2026-12-06", "2000-01-31"])
        | st.sampled_from(["2026-12-0\u0663", "", '"', "2026-12-06\u202e", "ø"])
        | st.text(max_size=3),
        min_size=4,
        max_size=4,
    ),
    st.lists(
        st.sampled_from(['a"', "a\\", "\u202e", "\x85", "\n", "ø", "Ung"]) | st.text(max_size=3),
        min_size=1,
        max_size=2,
    ),
    st.integers(min_value=0, max_value=12),
    st.integers(min_value=1, max_value=4),
    st.booleans(),
)
@example(["2026-12-06", '"', "2000-01-31", ""], ["Ung"], 3, 2, True)
@example(["2026-12-06"] * 4, ['a"', "a\\"], 2, 1, False)
@example(["2026-12-06"] * 4, ["\x85", "\n"], 2, 1, True)
@example(["2026-12-06"] * 4, ["ł", "\u202e"], 2, 1, True)
def test_the_deadlines_dates_are_the_safe_json_of_their_records(odd, texts, count, at_once, utf8):
    """The deadlines report's young people (a Rows with a column of core.deadlines.
    DatesByCode) are written a batch of rows at a time, each date's text before and after its
    day chosen by its standing, an ISO day between quotes as it is, any other as JSON: the
    pieces are exactly json_safe() of json.dumps of the records, for any days, and any
    number of young people across the batches (DATED_AT_ONCE of them), with columns of text
    written as they are between quotes or by the encoder."""
    from efter.cli import jsontext
    from efter.cli.output import json_safe
    from efter.core import deadlines, rules
    from efter.core.rows import Rows

    standings = [  # a few of each statutory date's, in rules.CODES' order
        [deadlines._number(code, rules.applies(code, basis), status)
         for basis in ("bl46", None)
         for status in (("met", "2026-01-02", "recorded"), ("coming", None, None))]
        for code in rules.CODES
    ]  # fmt: skip
    numbers = [standings[n % 4][(n * 7 + n // 5) % 4] for n in range(4 * count)]
    iso = [f"20{n % 30:02d}-0{n % 9 + 1}-1{n % 10}" for n in range(4 * count)]
    was, jsontext.DATED_AT_ONCE = jsontext.DATED_AT_ONCE, at_once
    block, jsontext.ROWS_AT_ONCE = jsontext.ROWS_AT_ONCE, 2 * at_once + 1  # its columns' texts
    try:
        for days in (iso, [*iso[:-4], *odd] if count else []):
            dates = deadlines.DatesByCode(numbers, days)
            names = [texts[n % len(texts)] for n in range(count)]
            plain = [f"Ung {n}" for n in range(count)]
            columns = {"id": list(range(count)), "name": names, "ref": plain, "deadlines": dates}
            rows = Rows(columns)
            listed = list(rows)
            expected = json.dumps({"young_people": listed}, ensure_ascii=False, indent=2)
            made = jsontext.chunks({"young_people": rows}, json_safe, utf8=utf8)
            text = b"".join(made).decode() if utf8 else "".join(made)
            assert text == json_safe(expected)
    finally:
        jsontext.DATED_AT_ONCE, jsontext.ROWS_AT_ONCE = was, block


def _peak_writing(value):
    """The most memory (traced, bytes) that writing `value` by emit_json's pieces took at
    once, each piece let go as a stdout would, and how long the whole text is."""
    import tracemalloc

    from efter.cli.jsontext import chunks
    from efter.cli.output import json_safe

    whole = sum(map(len, chunks(value, json_safe, utf8=True)))
    tracemalloc.start()
    try:
        for _ in chunks(value, json_safe, utf8=True):
            pass
        return tracemalloc.get_traced_memory()[1], whole
    finally:
        tracemalloc.stop()


def test_a_long_section_is_written_without_its_whole_text_held():
    """A report's per-person section (a Rows) is written a thousand rows at a time, each
    column's text made for those rows only: what writing 40,000 young people holds at once
    is a small part of their text (all of each column's text made first held more than the
    whole text: a report's --json peak grew with the case file)."""
    from efter.core.rows import Rows

    count = 40_000
    rows = Rows(
        {
            "id": list(range(10**6, 10**6 + count)),
            "name": [f"Ung nr. {n}" for n in range(count)],
            "ref": [f"2026-{n:05}" for n in range(count)],
            "closed": [None if n % 3 else f"2026-01-{n % 28 + 1:02}" for n in range(count)],
            "share": [n / 7 for n in range(count)],
        }
    )
    peak, whole = _peak_writing({"report": "outcomes", "cases": rows})
    assert peak < whole / 4, (peak, whole)


def test_the_deadlines_young_people_are_written_without_their_whole_text_held():
    """The same for the deadlines report's young people with their dates (DatesByCode)."""
    from efter.core import deadlines, rules
    from efter.core.rows import Rows

    count = 20_000
    standing = [deadlines._number(code, rules.applies(code, "bl46"), ("coming", None, None))
                for code in rules.CODES]  # fmt: skip
    numbers = standing * count
    days = [f"20{n % 30:02d}-0{n % 9 + 1}-1{n % 10}" for n in range(4 * count)]
    rows = Rows(
        {
            "id": list(range(10**6, 10**6 + count)),
            "name": [f"Ung nr. {n}" for n in range(count)],
            "deadlines": deadlines.DatesByCode(numbers, days),
        }
    )
    peak, whole = _peak_writing({"report": "deadlines", "young_people": rows})
    assert peak < whole / 4, (peak, whole)


def test_the_latin_1_written_as_it_is_is_what_json_and_json_safe_leave_as_it_is():
    """jsontext puts a column of these characters between its quotes without the encoder: each
    is exactly what json.dumps and output.json_safe leave as it is, and every other Latin-1
    character is changed by one of them (so neither can escape one more unnoticed)."""
    from efter.cli import jsontext
    from efter.cli.output import json_safe

    for code in range(256):
        char = chr(code)
        as_it_is = json_safe(json.dumps(char, ensure_ascii=False)) == f'"{char}"'
        assert as_it_is == (code in jsontext._AS_IT_IS), hex(code)
