"""JSON indented by two spaces, exactly as `json.dumps(data, ensure_ascii=False, indent=2)`
writes it, at the speed of json's C encoder.

With `indent`, Python's json module (up to 3.12) encodes every value in Python: about 1 s for a
report of 10,000 young people. Here each list or dict whose members are all plain values is
encoded by the C encoder in one call, with the line break and indentation of its level as the
item separator; only the containers holding containers are walked in Python.
tests/test_jsontext.py holds it to json.dumps.
"""

import sys
from collections.abc import Callable, Iterator
from typing import Any

from efter.core.rows import Records, Rows

_PLAIN = (str, int, float, bool, type(None))  # exactly these types, not subclasses
_ENCODERS: dict[int, Callable[[Any, int], Any]] = {}
# CPython's C accelerator, the one json.encoder itself uses (json.encoder's encode_basestring
# is this one when the build has it). Imported alone: the json package compiles regular
# expressions as it loads (1.5 ms of every --json command's CPU); json.dumps below loads it
# only where it is needed.
_C_ENCODER: Any
_ENCODE_STR: Callable[[str], str]
try:
    from _json import encode_basestring as _ENCODE_STR
    from _json import make_encoder as _C_ENCODER
except ImportError:  # a Python without the accelerator: json's own
    from json.encoder import py_encode_basestring as _ENCODE_STR

    _C_ENCODER = None


def _refuse(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _encoder(level: int) -> Callable[[Any, int], Any]:
    """The C encoder for plain members at this depth (None when the build has none)."""
    found = _ENCODERS.get(level)
    if found is None:
        found = _C_ENCODER(
            None, _refuse, _ENCODE_STR, None, ": ",
            ",\n" + "  " * (level + 1), False, False, True,
        )  # fmt: skip
        _ENCODERS[level] = found
    return found


def indented(data: Any) -> str:
    """json.dumps(data, ensure_ascii=False, indent=2), fast."""
    if _C_ENCODER is None:  # a Python without the C accelerator
        import json

        return json.dumps(data, ensure_ascii=False, indent=2)
    parts: list[str] = []
    try:
        _write(data, 0, parts)
    except TypeError:  # a value json would convert (a str or int subclass): json's own way
        import json

        return json.dumps(data, ensure_ascii=False, indent=2, default=_listed)
    return "".join(parts)


def _listed(value: Any) -> Any:
    """json.dumps's `default`: a report's Rows as the list of dicts they stand for."""
    if isinstance(value, Rows | Records):
        return list(value)
    return _refuse(value)


_PLAIN_TYPES = frozenset(_PLAIN)
_CONTAINERS = (dict, list, tuple)


def _write(value: Any, level: int, parts: list[str]) -> None:
    kind = type(value)
    if kind is Rows:
        parts.append(_columns(value, level))
        return
    if kind is Records:  # its records, as the list of them
        value = list(value)
    if kind in _PLAIN_TYPES or (not value and isinstance(value, _CONTAINERS)):
        parts.extend(_encoder(level)(value, 0))
        return
    is_dict = isinstance(value, dict)
    if not is_dict and not isinstance(value, list | tuple):
        _refuse(value)
    members = value.values() if is_dict else value
    indent = "  " * level
    # All members plain (checked in C: the types' set), str keys: one call of the C encoder.
    if _PLAIN_TYPES.issuperset(map(type, members)) and (
        not is_dict or _STR.issuperset(map(type, value))
    ):
        text = "".join(_encoder(level)(value, 0))
        parts.append(f"{text[0]}\n  {indent}{text[1:-1]}\n{indent}{text[-1]}")
        return
    if not is_dict and _plain_dicts(value):  # a report's rows: one call for all of them
        parts.append(_rows(value, level))
        return
    if not is_dict and len(value) >= _NESTED_FROM:  # rows each holding a list of plain dicts
        written = _nested_rows(value, level)
        if written is not None:
            parts.append(written)
            return
    encode = _encoder(level)
    inner = ",\n  " + indent
    parts.append("{" if is_dict else "[")
    if is_dict:
        items = list(value.items())
        n, count = 0, len(items)
        while n < count:
            key, member = items[n]
            end = n
            while (
                end < count and type(items[end][0]) is str and type(items[end][1]) in _PLAIN_TYPES
            ):
                end += 1
            if end - n > 1:  # a run of plain members: encoded together, in C
                parts.append(inner[n == 0 :])
                parts.append("".join(encode(dict(items[n:end]), 0))[1:-1])
                n = end
                continue
            parts.append(inner[n == 0 :])
            parts.extend(encode(_key(key), 0))
            parts.append(": ")
            _write(member, level + 1, parts)
            n += 1
    else:
        for n, member in enumerate(value):
            parts.append(inner[n == 0 :])
            _write(member, level + 1, parts)
    parts.append(f"\n{indent}" + ("}" if is_dict else "]"))


_STR = frozenset((str,))


def _plain_dicts(value: list[Any] | tuple[Any, ...]) -> bool:
    """Every member a non-empty dict of plain values under str keys."""
    for member in value:
        if type(member) is not dict or not member:
            return False
        if not (_PLAIN_TYPES.issuperset(map(type, member.values())) and
                _STR.issuperset(map(type, member))):  # fmt: skip
            return False
    return True


def _rows(value: list[Any] | tuple[Any, ...], level: int) -> str:
    """A list of plain dicts at depth `level`, encoded by one call of the C encoder with the
    dicts' members' separator, then the dicts' own separators and braces put right. A raw
    line break is only ever a separator (json escapes it inside a string), so the C text
    '},<line break, members' indent>{' can only stand between two dicts."""
    text = "".join(_encoder(level + 1)(value, 0))
    outer, inner = "  " * (level + 1), "  " * (level + 2)
    pieces = text[2:-2].split("},\n" + inner + "{")
    between = f"\n{outer}}},\n{outer}{{\n{inner}"
    return f"[\n{outer}{{\n{inner}{between.join(pieces)}\n{outer}}}\n{'  ' * level}]"


_NESTED_FROM = 16  # rows from which _nested_rows() is tried


def _nested_rows(value: list[Any] | tuple[Any, ...], level: int) -> str | None:
    """A list of dicts at depth `level` whose members are plain but one, the same key in
    each, a list of plain dicts (the deadlines report's young people, each with their dates):
    written as _rows() writes plain rows, with a stand-in string where each one's list goes,
    then the stand-ins replaced, in order, by the lists' text. A dict met again (the report's
    records are shared) is encoded once. None when the rows are not of that shape."""
    first = value[0]
    if type(first) is not dict:
        return None
    nested = [key for key, member in first.items() if type(member) in _CONTAINERS]
    if len(nested) != 1 or type(nested[0]) is not str:
        return None
    (key,) = nested
    import os

    stand_in = f"\x00efter-{os.urandom(16).hex()}"  # nowhere in the data (128 random bits)
    rows, lists = [], []
    for member in value:
        if type(member) is not dict:
            return None
        items = member.get(key)
        if type(items) is not list or (items and type(items[0]) is not dict):
            return None  # e.g. a list of plain values (meetings' milestones held)
        row = dict(member)  # the same order of keys, the list's place held by the stand-in
        lists.append(row[key])
        row[key] = stand_in
        rows.append(row)
    if not _plain_dicts(rows):
        return None
    inner_level = level + 2  # the lists' depth: values in rows at depth level + 1
    outer, inner = "  " * (inner_level + 1), "  " * (inner_level + 2)
    encode = _encoder(inner_level + 1)
    seen: dict[int, str] = {}
    texts = []
    for items in lists:
        if not items:
            texts.append("[]")
            continue
        shown = []
        for item in items:
            text = seen.get(id(item))
            if text is None:
                if (
                    type(item) is not dict
                    or not item
                    or not _PLAIN_TYPES.issuperset(map(type, item.values()))
                    or not _STR.issuperset(map(type, item))
                ):
                    return None
                body = "".join(encode(item, 0))
                text = seen[id(item)] = f"{{\n{inner}{body[1:-1]}\n{outer}}}"
            shown.append(text)
        texts.append(f"[\n{outer}" + f",\n{outer}".join(shown) + f"\n{'  ' * inner_level}]")
    pieces = _rows(rows, level).split("".join(_encoder(0)(stand_in, 0)))
    if len(pieces) != len(texts) + 1:
        return None
    out = [pieces[0]]
    for text, piece in zip(texts, pieces[1:], strict=True):
        out += (text, piece)
    return "".join(out)


def _columns(rows: Rows, level: int) -> str:
    """Rows at depth `level`, as json writes the list of dicts they stand for: each column's
    values written as JSON at once (a whole column of text, whole numbers or numbers and
    nulls by one call or one comprehension), then every row by one %-format of its members,
    applied by map(): no dict is made, and no Python code runs per row."""
    return "".join(_column_pieces(rows, level, None))


ROWS_AT_ONCE = 1000  # rows of a Rows written in one piece by chunks()
# A young person with their dates is ~850 characters: 100 of them a piece keep each piece
# (and its encoded bytes) under the C allocator's threshold for memory of its own (128 KiB),
# so the pieces reuse the same memory rather than each being mapped and faulted in anew.
DATED_AT_ONCE = 100


def _column_pieces(
    rows: Rows, level: int, safe: Callable[[str], str] | None, utf8: bool = False
) -> Iterator[Any]:
    """_columns()' text in pieces of ROWS_AT_ONCE rows; with `safe`, each column's text
    made safe by it as a whole (see chunks()). With `utf8`, the pieces are that text in
    UTF-8 (bytes): the text every row repeats (keys, separators) encoded once, each
    column's texts one by one, and the rows put together from those bytes, so the encoder
    never runs over the repeated text (see chunks())."""
    if not len(rows):
        yield b"[]" if utf8 else "[]"
        return
    outer, inner = "  " * (level + 1), "  " * (level + 2)
    names = ["".join(_encoder(0)(_key(key), 0)) for key in rows.columns]
    if safe is not None:
        names = list(map(safe, names))  # the keys (a %-format's own text is never unsafe)
    members = [f"{name.replace('%', '%%')}: %s" for name in names]

    def row(*member: str) -> str:
        return f"{{\n{inner}" + f",\n{inner}".join(member) + f"\n{outer}}}"

    columns = list(rows.columns.values())
    dated = sys.modules.get("efter.core.deadlines")  # not loaded: no DatesByCode to write
    lists = [n for n, values in enumerate(columns) if dated and type(values) is dated.DatesByCode]
    if lists:  # each row's text joined from pieces: the dates' by their standings, in C
        yield from _dated_pieces(names, columns, type(columns[lists[0]]), level, safe, utf8)
        return
    # a column of whole numbers written by the row's own %d (int.__repr__), as it is
    start, stop, together = _alike(rows, names, level, safe, utf8)
    rest = columns[:start] + columns[stop:]
    kinds = [None if type(values) is Records else set(map(type, values)) for values in rest]
    whole = [found == _INT for found in kinds]
    # Each column's text made a piece at a time (_column_json() of the piece's values): the
    # JSON of every young person's every value is never all held (at 50,000 young people,
    # ~15 MiB of the outcomes report's peak).
    texts = [None if plain else _column_writer(values, level + 2, safe, found, utf8)
             for values, plain, found in zip(rest, whole, kinds, strict=True)]  # fmt: skip
    members = [f"{member[:-2]}%d" if plain else member
               for member, plain in zip(members[:start] + members[stop:], whole,
                                        strict=True)]  # fmt: skip
    if together is not None:  # the alike members: one %s, their text made once a set
        texts.insert(start, None)
        rest.insert(start, together)
        members.insert(start, "%s")
    line: Any = row(*members)
    between: Any = f",\n{outer}"
    opened: Any = f"[\n{outer}"
    closed: Any = f"\n{'  ' * level}]"
    if utf8:  # bytes' %-format takes bytes for %s and whole numbers for %d, as str's does
        line, between, opened, closed = map(str.encode, (line, between, opened, closed))
    yield opened
    for first in range(0, len(rows), ROWS_AT_ONCE):
        last = first + ROWS_AT_ONCE
        piece = [values[first:last] if write is None else write(first, last)
                 for values, write in zip(rest, texts, strict=True)]  # fmt: skip
        made = map(line.__mod__, zip(*piece, strict=True))
        yield (between if first else between[:0]) + between.join(made)
    yield closed


def json_members(rows: Rows, safe: Callable[[str], str], utf8: bool = False) -> Any:
    """The rows as the members of a list at depth 0: the text of indented(list(rows))
    made safe by `safe`, less its opening "[\n  " and closing "\n]" (so that batches of
    rows join into one list with ",\n  " between them); in UTF-8 (bytes) with `utf8`."""
    pieces = list(_column_pieces(rows, 0, safe, utf8))
    return pieces[0][:0].join(pieces[1:-1])


def _alike(
    rows: Rows, names: list[str], level: int, safe: Callable[[str], str] | None, utf8: bool
) -> tuple[int, int, list[Any] | None]:
    """Where the columns a Rows says are alike (core.rows.Alike) stand among its columns,
    (start, stop), with each row's text of their members, made once for each set of their
    values (as _column_json() writes each value); (n, n, None) when it says none, or names
    columns that are not neighbours in that order."""
    alike, keys = rows.alike, list(rows.columns)
    if alike is None or not alike.keys or not set(alike.keys) <= set(keys):
        return len(keys), len(keys), None
    start = keys.index(alike.keys[0])
    stop = start + len(alike.keys)
    if tuple(keys[start:stop]) != alike.keys:
        return len(keys), len(keys), None
    inner = ",\n" + "  " * (level + 2)
    named = names[start:stop]
    texts = [inner.join(f"{name}: {_text(value, level + 2)}"
                        for name, value in zip(named, kind, strict=True))
             for kind in alike.kinds]  # fmt: skip
    if safe is not None:
        texts = list(map(safe, texts))
    made: list[Any] = _encoded(texts) if utf8 else texts  # each set's text encoded once
    return start, stop, list(map(made.__getitem__, alike.which))


def chunks(data: Any, safe: Callable[[str], str], utf8: bool = False) -> Iterator[Any]:
    """safe(indented(data)), in pieces: the text of a dict's members that are Rows (a
    report's per-person section) is made ROWS_AT_ONCE rows at a time from its columns,
    each column's text made safe by `safe` as a whole (a column is proved clean in one
    call, and no text is checked twice), so the text of 10,000 young people is never all
    held, nor all checked again once written. `safe` must return its text unchanged when
    there is nothing to change (as output.json_safe does).

    With `utf8`, the pieces are bytes: that text in UTF-8, the Rows' rows put together
    from bytes encoded once (the text every row repeats) or a column at a time. Python's
    UTF-8 encoder copies ASCII text at once but goes character by character through any
    text holding one character that is not (a name with an ø), and a report's rows are
    mostly keys and indentation: writing them as text encoded all 8.5 MB of the deadlines
    report's young people again (85 M instructions, 8% of the command). `safe` must leave
    no lone surrogate (as output.json_safe does), so the bytes are what any stdout writing
    UTF-8 would make of the text."""
    made: Callable[[str], Any] = str.encode if utf8 else str  # each text as it is written
    members = data.values() if type(data) is dict else ()
    sections = [value for value in members if type(value) is Rows]
    if not sections:
        yield made(safe(indented(data)))
        return
    import os

    stand_in = f"\x00efter-{os.urandom(16).hex()}"  # nowhere in the data (128 random bits)
    shell = {key: stand_in if type(value) is Rows else value for key, value in data.items()}
    pieces = indented(shell).split(_ENCODE_STR(stand_in))
    if len(pieces) != len(sections) + 1:  # the stand-in met elsewhere: impossible, but whole
        yield made(safe(indented(data)))
        return
    yield made(safe(pieces[0]))
    for rows, piece in zip(sections, pieces[1:], strict=True):
        yield from _column_pieces(rows, 1, safe, utf8)
        yield made(safe(piece))


def _encoded(texts: list[str]) -> list[bytes]:
    """Each text in UTF-8, a call each in C. (Measured, and no better by more than 0.2% of
    a report's instructions: a column joined by NUL, encoded once and split again; a few
    texts again and again each encoded once.)"""
    return list(map(str.encode, texts))


def _safe_column(texts: list[str], safe: Callable[[str], str] | None) -> list[str]:
    """A column's JSON texts made safe: checked as one text, each text only when not clean."""
    if safe is None or not texts:
        return texts
    joined = "".join(texts)
    return texts if safe(joined) is joined else list(map(safe, texts))


_NONE_FLOAT = frozenset((float, type(None)))
_NONE_STR, _NONE_INT = {str, type(None)}, {int, type(None)}
_SAMPLE = 256  # the first values of a column, to tell whether they repeat
_INT = {int}
_INFINITY = float("inf")


def _column_json(
    values: list[Any],
    level: int,
    safe: Callable[[str], str] | None = None,
    kinds: set[type] | None = None,
    utf8: bool = False,
) -> list[Any]:
    """Each value's JSON text, as a member at depth `level` (json.dumps's, exactly); with
    `safe`, made safe by it (_safe_column()). `kinds`: the values' types, when known. With
    `utf8`, each text in UTF-8 (bytes)."""
    if type(values) is Records:
        return _kinds_json(values, level, safe, utf8)
    texts = _safe_column(_plain_json(values, level, kinds), safe)
    return _encoded(texts) if utf8 else texts


def _column_writer(
    values: Any,
    level: int,
    safe: Callable[[str], str] | None,
    kinds: set[type] | None,
    utf8: bool,
) -> Callable[[int, int], list[Any]]:
    """_column_json() of the values from `first` to `last`, for one piece of rows: `kinds`,
    the whole column's types (so every piece is written the same way), and a Records'
    kinds written once for all its pieces."""
    if type(values) is Records:
        return _kinds_writer(values, level, safe, utf8)

    def write(first: int, last: int) -> list[Any]:
        return _column_json(values[first:last], level, safe, kinds, utf8)

    return write


def _kinds_json(
    records: Records, level: int, safe: Callable[[str], str] | None = None, utf8: bool = False
) -> list[Any]:
    return _kinds_writer(records, level, safe, utf8)(0, len(records))


def _kinds_writer(
    records: Records, level: int, safe: Callable[[str], str] | None = None, utf8: bool = False
) -> Callable[[int, int], list[Any]]:
    """A core.rows.Records column's JSON texts at depth `level`: each kind of record written
    once (as _write writes it, with a %s where its own value goes), then every cell by its
    kind's %-format of its own value's JSON, applied by map(): no record is made, and no
    Python code runs per cell. A cell with no record is null (a format that takes its own
    value and shows none of it). With `safe`, each kind's text and the own values' texts are
    made safe (so every text made of them is), not the whole column's text again."""
    import os

    stand_in = f"\x00efter-{os.urandom(16).hex()}"  # nowhere in the data (128 random bits)
    quoted = _ENCODE_STR(stand_in)
    formats: dict[int | None, str] = {None: "null%.0s"}
    for number, kind in enumerate(records.kinds):
        pieces = _text({**kind, records.key: stand_in}, level).split(quoted)
        if len(pieces) != 2:  # the stand-in met elsewhere: impossible, but each on its own

            def each(first: int, last: int) -> list[Any]:
                texts = _safe_column(_plain_json(list(records)[first:last], level), safe)
                return _encoded(texts) if utf8 else texts

            return each
        before, after = pieces
        text = f"{before.replace('%', '%%')}%s{after.replace('%', '%%')}"
        formats[number] = text if safe is None else safe(text)
    # Every cell's own value as it stands (a cell with no record shows none of its own).
    own_kinds = set(map(type, records.own))
    which, own = records.which, records.own
    if utf8:  # each kind's format encoded once, each own value on its own: bytes' %-format
        encoded = {number: text.encode() for number, text in formats.items()}

        def made(first: int, last: int) -> list[Any]:
            texts = _safe_column(_plain_json(own[first:last], level + 1, own_kinds), safe)
            return list(map(bytes.__mod__, map(encoded.__getitem__, which[first:last]),
                            _encoded(texts)))  # fmt: skip

        return made

    def written(first: int, last: int) -> list[Any]:
        texts = _safe_column(_plain_json(own[first:last], level + 1, own_kinds), safe)
        return list(map(str.__mod__, map(formats.__getitem__, which[first:last]), texts))

    return written


def _plain_json(values: list[Any], level: int, kinds: set[type] | None = None) -> list[str]:
    if kinds is None:
        kinds = set(map(type, values))
    if kinds == {str}:
        if len(set(values[:_SAMPLE])) * 4 <= min(len(values), _SAMPLE):
            # a few texts again and again (a programme, a status): each written once
            texts = dict(zip(distinct := set(values), map(_ENCODE_STR, distinct), strict=True))
            return list(map(texts.__getitem__, values))
        return list(map(_ENCODE_STR, values))
    if kinds == {int}:
        return list(map(int.__repr__, values))
    if kinds == _BOOL:  # true or false (a young person's flags)
        return list(map(_BOOL_TEXT.__getitem__, values))
    if kinds == _NONE_STR:
        return ["null" if v is None else _ENCODE_STR(v) for v in values]
    if kinds == _NONE_INT:
        return ["null" if v is None else int.__repr__(v) for v in values]
    if kinds <= _NONE_FLOAT and all(-_INFINITY < v < _INFINITY for v in values if v is not None):
        return ["null" if v is None else float.__repr__(v) for v in values]
    if kinds == _LIST:  # lists, nearly all empty (the milestones each young person held)
        return ["[]" if not value else _text(value, level) for value in values]
    # mixed: each as _write writes it
    return [_text(value, level) for value in values]


_LIST = {list}
_BOOL, _BOOL_TEXT = {bool}, {True: "true", False: "false"}


def _text(value: Any, level: int) -> str:
    """A value's JSON text, as a member at depth `level`."""
    parts: list[str] = []
    _write(value, level, parts)
    return "".join(parts)


def _key(key: Any) -> str:
    """A dict key as json writes it: strings as they are, plain values as their JSON text."""
    if isinstance(key, str):
        return key
    if key is True or key is False or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, int | float):
        return float.__repr__(key) if isinstance(key, float) else int.__repr__(key)
    return str(_refuse(key))


def _dated_pieces(
    names: list[str],
    columns: list[Any],
    kind: type,
    level: int,
    safe: Callable[[str], str] | None,
    utf8: bool = False,
) -> Iterator[Any]:
    """_column_pieces() of rows with a column of the deadlines report's dates by code
    (core.deadlines.DatesByCode, `kind`): each row's text is its pieces joined, the text
    that is the same in every row (keys, braces, indentation) repeated between the columns'
    texts, and each date's record before and after its day chosen by its standing
    (_date_pieces()). Every piece is made a column at a time and joined by str.join in C,
    ROWS_AT_ONCE rows at a time: no format is parsed and no Python code runs per row. With
    `utf8`, every piece is bytes, each encoded once (the same text, a standing's) or a
    column at a time, and the rows are joined by bytes.join."""
    outer, inner = "  " * (level + 1), "  " * (level + 2)
    parts: list[Any] = []  # the same text in every row (str) and the columns' texts, in order
    for n, (name, values) in enumerate(zip(names, columns, strict=True)):
        parts.append(f"{{\n{inner}" if n == 0 else f",\n{inner}")
        parts.append(f"{name}: ")
        if type(values) is kind:
            parts += _date_pieces(values, level + 2, safe, utf8)
            continue
        kinds = set(map(type, values))
        if kinds == _INT:
            parts.append(_each(values, b"%d".__mod__ if utf8 else int.__repr__))
        elif kinds == _STR and _as_it_is(values):  # between the row's quotes, as it is
            parts += ['"', _each(values, str.encode if utf8 else None), '"']
        else:
            parts.append(_column_writer(values, level + 2, safe, kinds, utf8))
    parts.append(f"\n{outer}}}")
    pieces: list[Any] = []  # the same texts next to each other as one, each repeated
    for part in parts:
        if type(part) is str and pieces and type(pieces[-1]) is str:
            pieces[-1] += part
        else:
            pieces.append(part)
    same = str.encode if utf8 else str  # the text every row has: encoded once, with `utf8`
    first: Any = same(pieces[0])  # every row but the first begins with the rows' separator
    texts: list[Any] = [same(f",\n{outer}") + first,
                        *(same(piece) if type(piece) is str else piece
                          for piece in pieces[1:])]  # fmt: skip
    # Each batch of rows is one list of its pieces, each column's (or the text every row
    # has) put in its places by one slice assignment in C, and joined: zip() and chain()
    # handing on each of a row's ~30 pieces took 15 M instructions more at 10,000 young
    # people (callgrind). The columns' texts are made ROWS_AT_ONCE rows at a time (_each()),
    # so the text of every young person's every value is never all held (18 MiB of the
    # peak at 50,000 young people); a piece of DATED_AT_ONCE rows took 6 M instructions
    # more at 10,000 (the columns' calls made ten times as often).
    count, each = len(columns[0]), len(texts)
    at_once = min(ROWS_AT_ONCE, DATED_AT_ONCE)
    joined = b"".join if utf8 else "".join
    yield same(f"[\n{outer}")
    batch: list[Any] = [None] * (each * at_once)
    for block in range(0, count, ROWS_AT_ONCE):  # the columns' texts, ROWS_AT_ONCE rows
        end = min(block + ROWS_AT_ONCE, count)
        made = [text if type(text) is str or type(text) is bytes else text(block, end)
                for text in texts]  # fmt: skip
        for start in range(block, end, at_once):
            rows = min(at_once, end - start)
            if len(batch) != each * rows:  # the last of a block (or of all) may be shorter
                batch = [None] * (each * rows)
            at = start - block
            for n, text in enumerate(made):
                batch[n::each] = text[at : at + rows] if type(text) is list else [text] * rows
            if not start:
                batch[0] = first
            yield joined(batch)
    yield same(f"\n{'  ' * level}]")


_ISO = b"0123456789-"  # the characters of an ISO day


def _as_it_is(texts: list[str]) -> bool:
    """Whether json.dumps (ensure_ascii=False) writes each text as it is between quotes, and
    output.json_safe() leaves it so: Latin-1 text (Danish names) with no quote, backslash or
    control character, proved so by one pass in C (bytes.translate). A name, a reference, a
    coordinator, a programme, a day: at 10,000 young people the C encoder and the new text
    it made for each were 37 M instructions of the deadlines report's --json (callgrind);
    text beyond Latin-1 goes through the encoder."""
    step = 4 * ROWS_AT_ONCE  # a few thousand texts joined at a time, not a whole column
    try:
        return not any(
            "".join(texts[first : first + step]).encode("latin-1").translate(None, _AS_IT_IS)
            for first in range(0, len(texts), step)
        )
    except UnicodeEncodeError:
        return False


# The Latin-1 characters json writes as they are: all but the quote, the backslash and the
# control characters (below space, and DEL and C1, the Latin-1 ones json_safe() escapes).
_AS_IT_IS = bytes(b for b in range(0x20, 0x100) if b not in b'"\\' and not 0x7F <= b <= 0x9F)


def _date_pieces(
    lists: Any, level: int, safe: Callable[[str], str] | None, utf8: bool = False
) -> list[Any]:
    """The deadlines report's young people's dates by code (core.deadlines.DatesByCode) as
    members at depth `level`, as the pieces of _dated_pieces(): for each statutory date the
    text before its day (the code's key and its record up to the date's value) and after it
    (the rest of the record), each standing's written once by the C encoder and chosen per
    young person by the standing's number; the days as they are (an ISO day has nothing to
    escape) or as JSON; and the object's braces between them. With `safe`, each standing's
    texts and the days are made safe (so every text made of them is). With `utf8`, the
    standings' texts and the days are bytes, each standing's encoded once."""
    width = lists.width
    import os

    stand_in = f"\x00efter-{os.urandom(16).hex()}"  # nowhere in the data (128 random bits)
    quoted = _ENCODE_STR(stand_in)
    outer, inner = "  " * (level + 1), "  " * (level + 2)
    encode = _encoder(level + 1)
    days: list[Any] = lists.days
    try:  # ISO days (digits and hyphens: nothing to escape) written as they are, quoted; the
        # digits and hyphens deleted by bytes.translate in C (0.4 ms at 10,000 young people,
        # where str.isdigit() took 2 ms), a few thousand days joined at a time
        step, plain, some = 4 * ROWS_AT_ONCE, True, False
        for first in range(0, len(days), step):
            text = "".join(days[first : first + step])
            some = some or bool(text)
            if not text.isascii() or text.encode().translate(None, _ISO):
                plain = False
                break
        plain = plain and some
    except TypeError:  # a day that is not text
        plain = False
    mark = '"' if plain else ""
    before: dict[int, Any] = {}
    after: dict[int, Any] = {}
    for number in set(lists.numbers):
        body = "".join(encode(lists.record(number, stand_in), 0))
        head, tail = f"{{\n{inner}{body[1:-1]}\n{outer}}}".split(quoted)
        key = _ENCODE_STR(lists.code_of(number))
        head, tail = f"{key}: {head}{mark}", f"{mark}{tail}"
        if safe is not None:
            head, tail = safe(head), safe(tail)
        before[number], after[number] = (head.encode(), tail.encode()) if utf8 else (head, tail)
    numbers = lists.numbers
    kinds = None if plain else set(map(type, days))
    pieces: list[Any] = [f"{{\n{outer}"]
    for n in range(width):
        if n:
            pieces.append(f",\n{outer}")
        if plain:
            written = _each(days, str.encode if utf8 else None, n, width)
        else:
            written = _each(days, None, n, width, (level + 2, safe, kinds, utf8))
        pieces += [_each(numbers, before.__getitem__, n, width), written,
                   _each(numbers, after.__getitem__, n, width)]  # fmt: skip
    pieces.append(f"\n{'  ' * level}}}")
    return pieces


def _each(
    values: list[Any],
    made: Callable[[Any], Any] | None,
    at: int = 0,
    width: int = 1,
    json: tuple[Any, ...] = (),
) -> Callable[[int, int], list[Any]]:
    """A column of _dated_pieces() made a batch of rows at a time: each row's value (the
    `at`th of every `width` values) as it is, through `made`, or with `json` (level, safe,
    kinds, utf8) as _column_json() writes them."""

    def batch(first: int, last: int) -> list[Any]:
        part = values[at + first * width : at + last * width : width]
        if json:
            return _column_json(part, *json)
        return part if made is None else list(map(made, part))

    return batch
