"""The kinds of record efter imports and exports. One module per kind; each checks a row with
the core's own rules into a planned action (create, update, unchanged: `planned`, the same for
every kind), writes the planned rows, and lists its records for export.

The rules and the writes are the core's, the ones the single commands use: youth through
efter.core.youth (clean, check_record, insert_many, update_many), ratings through
efter.core.ratings (Lookups, check_date, store_many), team and network through .members,
meetings and agreements through .meetings, .agreements and .persons.
"""

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from itertools import repeat
from operator import attrgetter, itemgetter
from types import MappingProxyType
from typing import Any, ClassVar

from efter.core.errors import EfterError
from efter.core.i18n import t
from efter.transfer.rows import Layout, Problem, Row, cell_value


class _Failed:
    """What a value that failed its check maps to in `Context.column`."""

    def __repr__(self) -> str:
        return "FAILED"


FAILED: Any = _Failed()
# A column's memo (Context.column) is emptied when it grows past this many distinct values, so
# a column of values that are all different (names, notes) keeps memory flat in a large file.
MEMO_MAX = 20_000


class Chunk(list[Row]):
    """Rows of a file planned together (Kind.plan_many); each column read out of them once."""

    def __init__(self, rows: Iterable[Row] = ()) -> None:
        super().__init__(rows)
        self._cells: dict[str, list[str | None]] = {}
        self._layout: Layout | bool | None = False  # not yet known
        self._columns: list[tuple[str, ...]] | None = None  # a CSV file's cells by column
        self._distinct: dict[str, set[Any]] = {}
        self._joined: dict[str, str] = {}

    def layout(self) -> Layout | None:
        """The layout every row of the chunk was read under (a CSV file's rows), or None."""
        if self._layout is False:
            layouts = set(map(_LAYOUT, self))
            self._layout = layouts.pop() if len(layouts) == 1 else None
        return self._layout  # type: ignore[return-value]

    def names(self) -> set[str]:
        """The fields the chunk's rows have."""
        layout = self.layout()
        if layout is not None:
            return set(layout.index)
        return set().union(*(row.values for row in self))

    def cells(self, name: str) -> list[str | None]:
        """Each row's value of field `name` as Row.values has it (None when empty or not in
        the file); a CSV file's cells taken a column at a time, each distinct one read once."""
        found = self._cells.get(name)
        if found is not None:
            return found
        layout = self.layout()
        distinct: set[Any] | None = None
        if layout is None:
            found = [row.values.get(name) for row in self]
        elif name not in layout.index:
            found = [None] * len(self)
            distinct = set()
        else:
            if self._columns is None:  # every column at once, row cells to column cells in C
                self._columns = list(zip(*map(_CELLS, self), strict=False))
            raw = self._columns[layout.index[name]]
            if not any(raw):  # a column left empty (no cell to hash)
                found = [None] * len(raw)
                distinct = set()
            else:
                distinct = set(raw)
                # Most columns have no empty, blank or neutralised (') cell: their cells are
                # their values. The test is in C; a false alarm (a space before ') only costs
                # time. The values joined are kept for the importer's look at them (joined()).
                joined = " ".join(distinct)
                if (
                    all(map(str.strip, distinct))
                    and " '" not in joined
                    and not joined.startswith("'")
                ):
                    found = list(raw)
                    self._joined[name] = joined
                else:
                    read = {cell: cell_value(cell) for cell in distinct}
                    found = list(map(read.__getitem__, raw))
                    distinct = set(read.values())
                    distinct.discard(None)
        self._cells[name] = found
        if distinct is not None:
            self._distinct[name] = distinct
        return found

    def as_text(self, name: str) -> list[str] | None:
        """The cells of a CSV file's column when every one holds text with no space around
        it, so that text() (and a ref's strip) gives each back as it is; else None (an
        empty chunk too)."""
        if self.layout() is None:
            return None
        cells = self.cells(name)
        if not cells or None in cells:
            return None
        distinct = self.distinct(name)
        if all(map(str.__eq__, distinct, map(str.strip, distinct))):
            return cells  # type: ignore[return-value]  # no None in it
        return None

    def joined(self, name: str) -> str:
        """The distinct values of field `name` (text) joined by spaces, made once."""
        found = self._joined.get(name)
        if found is None:
            found = self._joined[name] = " ".join(self.distinct(name))
        return found

    def distinct(self, name: str) -> set[Any]:
        """The values of field `name` in the chunk, each once (None left out)."""
        found = self._distinct.get(name)
        if found is None:
            found = self._distinct[name] = set(self.cells(name))
            found.discard(None)
        return found


_LAYOUT = attrgetter("layout")
_ACTION, _YOUTH_ID, _RECORD = attrgetter("action"), attrgetter("youth_id"), attrgetter("record")
_CELLS = attrgetter("cells")


# After this many look-ups of single young people by ref, the rest are read in one query:
# a small file costs a few indexed look-ups, a large one a single scan of the youth table.
PRELOAD_AFTER = 20


class Context:
    """What every row's validation shares: options and look-up caches. (A plain class, as
    Planned, Plan, Problem and Source are: a dataclass costs each import 0.2-0.5 ms to make.)"""

    def __init__(self, conn: sqlite3.Connection, today: date, force: bool = False) -> None:
        self.conn, self.today, self.force = conn, today, force
        self.cache: dict[str, Any] = {}
        self._youth: dict[str, sqlite3.Row | None] = {}
        self._everyone: dict[str, Any] | None = None  # everyone with a ref, by ref
        self._tuples = False  # everyone read as tuples of their stored fields (`plain`)
        self._compared: tuple[str, ...] = ()  # their fields' names (efter.core.youth.COMPARED)
        # Everyone is read as tuples of their stored fields (youth_core.stored_by_ref), not as
        # sqlite3.Row: set by a kind that compares every field of each (youth, closed), which
        # reads them so (stored_youth); youth_by_ref() gives each as a dictionary.
        self.plain = False
        self._once: dict[Callable[..., Any], dict[tuple[Any, ...], Any]] = {}
        self._columns: dict[Any, dict[Any, Any]] = {}

    def youth_by_ref(self, ref: str) -> Any:
        """The young person with this ref as the case file holds them before the import (a
        sqlite3.Row, or a dictionary of their stored fields: `plain`), or None."""
        if self._everyone is not None:
            found = self._everyone.get(ref)
            if found is not None and self._tuples:
                return dict(zip(self._compared, found, strict=True))
            return found
        if ref in self._youth:
            return self._youth[ref]
        if len(self._youth) >= PRELOAD_AFTER:
            self._read_everyone()
            return self.youth_by_ref(ref)
        from efter.core import youth as youth_core  # at most PRELOAD_AFTER times

        found = self._youth[ref] = youth_core.by_ref(self.conn, ref)
        return found

    def _read_everyone(self) -> None:
        """Everyone with a ref, in one query: as tuples of their stored fields (`plain`), else
        as sqlite3.Row."""
        from efter.core import youth as youth_core  # not for a file of prices

        read = youth_core.stored_by_ref if self.plain else youth_core.with_refs
        self._everyone = read(self.conn)
        self._tuples, self._compared = self.plain, youth_core.COMPARED
        self._youth.clear()

    def stored_youth(self, ref: str) -> tuple[Any, ...] | None:
        """youth_by_ref() as a tuple of efter.core.youth.COMPARED in their order (`plain`):
        what a chunk of young people reads of each, field by field (no dictionary each)."""
        if self._everyone is not None and self._tuples:
            found: tuple[Any, ...] | None = self._everyone.get(ref)
            return found
        record = self.youth_by_ref(ref)
        if self._everyone is not None and self._tuples:  # everyone read just now
            return self._everyone.get(ref)
        if record is None:
            return None
        from efter.core.youth import COMPARED

        return tuple(record[name] for name in COMPARED)

    def on_file(self, ref: str) -> bool:
        """Whether a young person has this ref before the import, as youth_by_ref() finds
        them, without reading their records: after PRELOAD_AFTER refs, everyone's id by ref in
        one query (person_column's look-up, shared)."""
        if self._everyone is not None:
            return ref in self._everyone
        ids: dict[str, int] | None = self.cache.get("youth-ids")
        if ids is not None:
            return ref in ids
        if ref in self._youth:
            return self._youth[ref] is not None
        if len(self._youth) >= PRELOAD_AFTER:
            from efter.core import youth as youth_core

            ids = self.cache["youth-ids"] = youth_core.ids_by_ref(self.conn)
            return ref in ids
        return self.youth_by_ref(ref) is not None

    def not_on_file(self, refs: set[str]) -> set[str]:
        """The refs (stripped) no young person has before the import, as on_file() finds
        them: more than PRELOAD_AFTER at once are compared with everyone's in one go."""
        if self._everyone is not None:
            return refs.difference(self._everyone)
        ids: dict[str, int] | None = self.cache.get("youth-ids")
        if ids is None and len(refs) + len(self._youth) > PRELOAD_AFTER and self.plain:
            self._read_everyone()  # what the kind reads next (their ids alone would be read twice)
            return self.not_on_file(refs)
        if ids is None and len(refs) + len(self._youth) > PRELOAD_AFTER:
            from efter.core import youth as youth_core

            ids = self.cache["youth-ids"] = youth_core.ids_by_ref(self.conn)
        if ids is not None:
            return refs.difference(ids)
        return {ref for ref in refs if not self.on_file(ref)}

    def records_of(
        self,
        what: str,
        youth_id: int,
        read: Callable[[sqlite3.Connection, int | None], list[Any]],
    ) -> list[Any]:
        """A young person's records of one kind as the case file holds them before the import
        (`read(conn, youth_id)`, a core function; `read(conn, None)` gives everyone's in the
        same order), read once per young person however many rows name them; after
        PRELOAD_AFTER young people, everyone's in one query."""
        cached: dict[int, list[Any]] = self.cache.setdefault(what, {})
        found = cached.get(youth_id)
        if found is not None:
            return found
        if self.cache.get(what + ":all"):
            return []  # everyone's are read: this young person has none
        if len(cached) >= PRELOAD_AFTER:
            cached.clear()
            for row in read(self.conn, None):
                cached.setdefault(row["youth_id"], []).append(row)
            self.cache[what + ":all"] = True
            return cached.get(youth_id, [])
        found = cached[youth_id] = read(self.conn, youth_id)
        return found

    def once(self, check: Callable[..., Any], *values: Any) -> Any:
        """`check(*values)`, one of the core's checks of a value on its own (a kind of meeting,
        a status, a free text), worked out once per distinct value in this import: a file of
        30,000 meetings names a few kinds and a few hundred places. What fails is not kept, so
        its error is raised (and worded) for every row that has it."""
        memo = self._once.setdefault(check, {})
        try:
            return memo[values]
        except KeyError:
            found = memo[values] = check(*values)
            return found

    def column(
        self, check: Callable[[Any], Any], values: Sequence[Any], key: Any = None
    ) -> list[Any]:
        """`check(value)` for every value of a column (a list of cells, one per row), each
        distinct value worked out once in this import: one of the core's checks of a value
        on its own, or a look-up. A value whose check raises one of the core's errors maps to
        FAILED (kept: it is not checked again); the caller then plans those rows one by one
        with the kind's plan(), which words the problem. `key` names the memo when `check` is
        made anew for each call (a partial); by default it is `check` itself."""
        return self._column(check, values, key)[0]

    def _column(
        self, check: Callable[[Any], Any], values: Sequence[Any], key: Any
    ) -> tuple[list[Any], set[Any], dict[Any, Any]]:
        """column(), with the distinct values and the memo."""
        memo = self._columns.setdefault(check if key is None else key, {})
        distinct = set(values)
        new = distinct.difference(memo)
        if len(memo) + len(new) > MEMO_MAX:
            memo.clear()
            new = distinct
        for value in new:
            try:
                memo[value] = check(value)
            except EfterError:
                memo[value] = FAILED
        if len(distinct) == 1:  # one value in every row (an empty column): no look-up a row
            return [memo[values[0]]] * len(values), distinct, memo
        return list(map(memo.__getitem__, values)), distinct, memo

    def records_column(
        self,
        what: str,
        youth_ids: list[int],
        read: Callable[[sqlite3.Connection, int | None], list[Any]],
    ) -> list[list[Any]]:
        """records_of() for each row of a chunk (the young person's records, [] for none):
        a chunk of more than PRELOAD_AFTER young people reads everyone's in one query, as
        records_of() does after that many."""
        cached: dict[int, list[Any]] = self.cache.setdefault(what, {})
        if not self.cache.get(what + ":all") and len(set(youth_ids)) > PRELOAD_AFTER:
            cached.clear()
            for row in read(self.conn, None):
                cached.setdefault(row["youth_id"], []).append(row)
            self.cache[what + ":all"] = True
        if self.cache.get(what + ":all"):
            none: list[Any] = []
            return [cached.get(youth_id, none) for youth_id in youth_ids]
        return [self.records_of(what, youth_id, read) for youth_id in youth_ids]

    def stored_column(
        self,
        what: str,
        youth_ids: list[int],
        read: Callable[[sqlite3.Connection, int | None], list[Any]],
        key_of: Callable[[Any], Any],
        keys: Iterable[Any] | Callable[[], Iterable[Any]],
    ) -> list[Any]:
        """stored() for each row of a chunk: (young person, key) pairs in, records or None
        out; a young person with nothing of this kind on file costs one look-up. `keys` may
        be a function that gives them, called only when someone has records on file."""
        cached: dict[int, list[Any]] = self.cache.setdefault(what, {})
        if not self.cache.get(what + ":all") and len(set(youth_ids)) > PRELOAD_AFTER:
            cached.clear()  # many young people: everyone's records in one query, as records_of()
            for row in read(self.conn, None):
                cached.setdefault(row["youth_id"], []).append(row)
            self.cache[what + ":all"] = True
        if self.cache.get(what + ":all") and not cached:
            return [None] * len(youth_ids)  # nobody has any on file
        if callable(keys):
            keys = keys()
        keyed: dict[int, dict[Any, Any]] = self.cache.setdefault(what + ":keyed", {})
        found = []
        for youth_id, key in zip(youth_ids, keys, strict=True):
            mine = keyed.get(youth_id)
            if mine is None:
                mine = keyed[youth_id] = {}
                for record in self.records_of(what, youth_id, read):
                    mine.setdefault(key_of(record), record)
            found.append(mine.get(key) if mine else None)
        return found

    def stored(
        self,
        what: str,
        youth_id: int,
        read: Callable[[sqlite3.Connection, int | None], list[Any]],
        key_of: Callable[[Any], Any],
        key: Any,
    ) -> Any:
        """The record of a young person (read as records_of() reads them) that a row names:
        the first whose `key_of(record)` is `key`, or None. Each young person's records are
        keyed once, so a row costs one look-up however many records they have."""
        keyed: dict[int, dict[Any, Any]] = self.cache.setdefault(what + ":keyed", {})
        mine = keyed.get(youth_id)
        if mine is None:
            mine = keyed[youth_id] = {}
            for record in self.records_of(what, youth_id, read):
                mine.setdefault(key_of(record), record)
        return mine.get(key)

    def looked_up(self, ids: Iterable[int]) -> dict[int, sqlite3.Row] | None:
        """The young people with these ids as youth_by_ref() found them (every field), by id,
        when each of them was found so already (a small file: few_ids(), at most
        PRELOAD_AFTER); else None. What a chunk's rules read of a few young people, without
        reading everyone's."""
        if self._everyone is not None:  # a large file: everyone's fields, read once, serve
            return None
        found = {row["id"]: row for row in self._youth.values() if row is not None}
        return found if found.keys() >= set(ids) else None

    def few_ids(self, refs: Iterable[str]) -> dict[str, int] | None:
        """The ids of the young people with these refs (as youth_by_ref() finds them), by
        ref, when they are few enough to look up one by one; else None."""
        distinct = set(refs)
        if self._everyone is None and len(self._youth) + len(distinct) > PRELOAD_AFTER:
            return None
        found = {ref: self.youth_by_ref(ref) for ref in distinct}
        return {ref: row["id"] for ref, row in found.items() if row is not None}

    def passed(
        self, check: Callable[[Any], Any], values: Sequence[Any], key: Any = None
    ) -> list[Any] | None:
        """column(), or None when a value fails its check: what failed is looked for among
        the distinct values, not in every cell."""
        found, distinct, memo = self._column(check, values, key)
        if FAILED in map(memo.__getitem__, distinct):
            return None
        return found


_NOCASE = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def nocase(value: str) -> str:
    """Text as SQLite's COLLATE NOCASE compares it: A-Z folded to a-z, nothing else."""
    return value.translate(_NOCASE)


Changes = dict[str, tuple[Any, Any]]  # field -> (old value, new value)


# A planned row's headers until the importer gives it its file's: shared, as a file's rows
# share theirs, and read-only, so that a write to one row's would fail, not reach every row.
_NO_HEADERS: Mapping[str, str] = MappingProxyType({})


class Planned:
    """What one valid row will do. Its changes are made empty when first asked for, not with
    every row (most rows change nothing); its headers are the importer's to give. An empty
    dictionary for each was 40% of making one: 2.3 ms of 20,000 rows."""

    __slots__ = ("_changes", "action", "headers", "key", "label", "record", "target", "where",
                 "youth_id")  # fmt: skip
    _FIELDS = ("where", "action", "key", "label", "record", "youth_id", "target", "changes",
               "headers")  # fmt: skip

    def __init__(
        self,
        where: str,
        action: str,  # create, update or unchanged
        key: tuple[Any, ...],
        label: str,  # how the summary names the record: "2025-0412 Amalie Nørgaard"
        record: dict[str, Any],
        youth_id: int | None = None,
        target: int | None = None,  # the existing record's id
        changes: dict[str, tuple[Any, Any]] | None = None,
        headers: Mapping[str, str] | None = None,  # the file's column names
    ) -> None:
        self.where = where  # one by one: quicker than through a tuple
        self.action = action
        self.key = key
        self.label = label
        self.record = record
        self.youth_id = youth_id
        self.target = target
        self._changes = changes
        self.headers = _NO_HEADERS if headers is None else headers

    @property
    def changes(self) -> dict[str, tuple[Any, Any]]:
        found = self._changes
        if found is None:
            found = self._changes = {}
        return found

    @changes.setter
    def changes(self, value: dict[str, tuple[Any, Any]]) -> None:
        self._changes = value

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Planned:
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # as a dataclass's: mutable, compared by value

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={value!r}" for name, value in zip(self._FIELDS, self._values(), strict=True)
        )
        return f"Planned({shown})"


class Labels:
    """A chunk's labels (how the summary names each record), `labels(template, **columns)`
    made only when one is first read (a Created chunk's Planned is made): a plain import
    of new records that streams shows none of them (5 ms of 18,901 status periods)."""

    __slots__ = ("_columns", "_made", "_template")

    def __init__(self, template: str, **columns: Sequence[Any]) -> None:
        self._template, self._columns = template, columns
        self._made: list[str] | None = None

    def __getitem__(self, at: int) -> str:
        made = self._made
        if made is None:
            made = self._made = labels(self._template, **self._columns)
        return made[at]


class Created:
    """A chunk whose every row is a new record, as columns (what Kind.plan_many() may return
    instead of a list of Planned): a Planned is made for a row only when it is asked for
    (--json, --dry-run); a plain import writes the columns and lets them go. Making a
    Planned a row was about 0.5 us (9 ms of 18,901 status periods). The records may come
    as columns too (field -> each row's value, in the record's order), made dictionaries
    only when read: a kind that writes the columns as they are makes none."""

    __slots__ = ("_records", "columns", "headers", "keys", "labels", "wheres", "youth_ids")

    def __init__(
        self,
        wheres: list[str],
        keys: list[tuple[Any, ...]],
        labels: Labels | Sequence[str],
        records: list[dict[str, Any]] | dict[str, Sequence[Any]],
        youth_ids: Sequence[Any],
    ) -> None:
        self.wheres, self.keys, self.labels, self.youth_ids = wheres, keys, labels, youth_ids
        self.columns = records if isinstance(records, dict) else None
        self._records = None if isinstance(records, dict) else records
        # each row's headers, the importer's to give (as Planned.headers): none until then
        self.headers: Sequence[Mapping[str, str]] | None = None

    @property
    def records(self) -> list[dict[str, Any]]:
        found = self._records
        if found is None:
            assert self.columns is not None
            fields = tuple(self.columns)
            found = self._records = list(
                map(dict, map(zip, repeat(fields), zip(*self.columns.values(), strict=True)))
            )
        return found

    def __len__(self) -> int:
        return len(self.wheres)

    def __getitem__(self, at: int) -> "Planned":
        return Planned(
            self.wheres[at], "create", self.keys[at], self.labels[at], self.records[at],
            self.youth_ids[at], headers=None if self.headers is None else self.headers[at],
        )  # fmt: skip

    def __iter__(self) -> Iterator["Planned"]:
        return map(self.__getitem__, range(len(self.wheres)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (Created, list)):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # compared by value, as a list


@lru_cache(maxsize=64)
def _getter(fields: tuple[str, ...]) -> Callable[[Any], Any]:
    """The fields' values of a record (a dict or a stored row) as one tuple."""
    return itemgetter(*fields) if len(fields) > 1 else lambda record: (record[fields[0]],)


def planned(
    row: Row,
    key: tuple[Any, ...],
    label: str,
    record: dict[str, Any],
    existing: Any,
    fields: tuple[str, ...],
    *,
    youth_id: int | None,
    old: Any = None,
) -> Planned:
    """What a checked row does, the same for every kind: create a record the case file does not
    have, else update the `fields` whose values differ from the stored ones (`old`, default
    `existing`), else nothing (unchanged)."""
    if existing is None:
        return Planned(row.where, "create", key, label, record, youth_id=youth_id)
    stored = existing if old is None else old
    values = _getter(fields)
    if values(record) == values(stored):  # most often: nothing changed, compared in one go
        changes = {}
    else:
        changes = {f: (stored[f], record[f]) for f in fields if record[f] != stored[f]}
    return Planned(
        row.where,
        "update" if changes else "unchanged",
        key,
        label,
        record,
        youth_id=youth_id,
        target=existing["id"],
        changes=changes,
    )


class Kind:
    """A kind of record: its columns (field -> accepted names, the first is what export writes),
    the columns a file must have, and how a row becomes a planned action."""

    name = ""
    plain = False  # compares every stored field of each young person (Context.plain)
    noun = ""
    columns: ClassVar[dict[str, tuple[str, ...]]] = {}
    required: tuple[str, ...] = ()
    key_field = "ref"  # the column a duplicate is reported at
    # field -> 'name', 'cpr', 'ref', 'year' or 'drop' for --pseudonymise
    pseudonyms: ClassVar[dict[str, str]] = {}
    masked: tuple[str, ...] = ()  # fields whose old/new values are never shown
    # Whether the importer may write each chunk of checked rows as it goes (importer.validate
    # with write=True): a kind whose checks of a row do not depend on what earlier rows of
    # the same file wrote (the team's address book does: new people get their ids on writing).
    streams: ClassVar[bool] = False
    # For 'efter export template': one example row (field -> text as a person types it); the
    # header is the Danish one `efter export` writes (transfer.writers.header).
    example: ClassVar[dict[str, str]] = {}

    def header(self) -> list[str]:
        return [names[0] for names in self.columns.values()]

    def raw_key(self, row: Row) -> tuple[Any, ...] | None:
        """The row's key as written, to find a duplicate even in rows that fail other checks."""
        ref = text(row.values.get("ref"))
        value = text(row.values.get(self.key_field)) if self.key_field != "ref" else ""
        if ref is None or value is None:
            return None
        return (ref, " ".join(value.split()).casefold())

    def plan(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        raise NotImplementedError

    def raw_keys(self, rows: Chunk, ctx: Context) -> list[tuple[Any, ...] | None]:
        """raw_key() of each row of a chunk (a kind without raw keys: an empty list)."""
        if type(self).raw_key is not Kind.raw_key:
            raw_key = self.raw_key
            return [raw_key(row) for row in rows]
        refs = rows.as_text("ref") or ctx.column(text, rows.cells("ref"), key=text)
        if self.key_field == "ref":
            return [None if ref is None else (ref, "") for ref in refs]
        given = rows.as_text(self.key_field)
        if given is not None:  # text with no space around it: _raw_value() of each in C
            values = list(map(str.casefold, map(" ".join, map(str.split, given))))
        else:
            values = ctx.column(_raw_value, rows.cells(self.key_field), key=_raw_value)
        if None not in refs and None not in values:  # most often: pairs made in C
            return list(zip(refs, values, strict=True))
        return [
            None if ref is None or value is None else (ref, value)
            for ref, value in zip(refs, values, strict=True)
        ]

    def settle(self, items: list[Planned], rows: Chunk, ctx: Context) -> int:
        """What plan_many() leaves to be done row by row once the importer has taken the
        chunk's plan, in file order (a team member's place in the address book, which each
        row changes for the next): how many rows it settled. A row it cannot settle, and
        every row after it, are planned again one by one, which words the problem."""
        return len(items)

    def plan_many(self, rows: Chunk, ctx: Context) -> "list[Planned] | Created | None":
        """Every row of a chunk planned at once, column by column (each distinct value checked
        once: `Context.column`), exactly as plan() would plan each (a chunk of new records
        may come as Created, written with apply_created()); or None when any row needs a
        closer look, and then the importer plans the chunk row by row with plan(), which words
        every problem. It changes nothing but look-up caches before it knows it can plan every
        row. A kind without it is planned row by row."""
        return None

    def apply_created(self, created: Created, ctx: Context) -> None:
        """Write a chunk of new records that plan_many() planned as Created, as apply_all()
        writes them (a kind that stores a record from its youth id and record alone writes
        the columns as they are)."""
        self.apply_all(list(created), ctx, None)

    def apply_all(
        self,
        items: list[Planned],
        ctx: Context,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Write every planned item in the file's order (`progress(done, total)` as it goes).
        A kind may override this to write its rows in batches."""
        raise NotImplementedError

    def apply_batched(
        self,
        items: list[Planned],
        ctx: Context,
        progress: Callable[[int, int], None] | None,
        insert_many: Callable[[sqlite3.Connection, Iterable[tuple[int, dict[str, Any]]]], Any],
        update_many: Callable[[sqlite3.Connection, list[tuple[int, Changes]]], Any],
    ) -> None:
        """apply_all() through the core's batch operations of a kind: every new record,
        (youth id, record), in one `insert_many`, then every changed one, (record id, {field:
        (old, new)}), in one `update_many`."""
        if progress is None and set(map(_ACTION, items)) == {"create"}:  # most often: all new
            insert_many(
                ctx.conn, list(zip(map(_YOUTH_ID, items), map(_RECORD, items), strict=True))
            )
            return
        if progress is None:  # nobody watches: two passes in C rather than a generator
            new = [(i.youth_id, i.record) for i in items if i.action == "create"]
            changes = [(i.target, i.changes) for i in items if i.action == "update"]
            insert_many(ctx.conn, new)  # type: ignore[arg-type]  # a record's youth id is set
            update_many(ctx.conn, changes)  # type: ignore[arg-type]  # as is an update's target
            return
        changed: list[tuple[int, Changes]] = []

        def created() -> Iterator[tuple[int, dict[str, Any]]]:
            for item in changing(items, progress):
                if item.action == "create":
                    yield item.youth_id, item.record  # type: ignore[misc]
                else:
                    assert item.target is not None
                    changed.append((item.target, item.changes))

        insert_many(ctx.conn, created())
        update_many(ctx.conn, changed)

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        """Records as the import reads them: field -> value (text, number or None), plus the
        youth id under '_youth_id' for the audit log."""
        raise NotImplementedError


class QuickKind(Kind):
    """A kind whose row is planned by quick() when every value passes (each distinct value
    checked once per import: Context.once, Context.column) and by plan_checked(), field by
    field, otherwise, so that the words of every problem come from one place."""

    # the young person's fields quick() reads (people() reads them for every young person)
    person_fields: tuple[str, ...] = ("ref",)

    def plan(self, row: Row, ctx: Context) -> "Planned | list[Problem]":
        quick = self.plan_quick(row, ctx)
        return quick if quick is not None else self.plan_checked(row, ctx)

    def plan_quick(self, row: Row, ctx: Context) -> "Planned | None":
        """A row of a young person on file, as quick() plans it; None for any other row."""
        ref = row.values.get("ref")
        person = None if ref is None else ctx.youth_by_ref(ref.strip())
        return None if person is None else self.quick(row, ctx, person)

    def quick(self, row: Row, ctx: Context, person: Any) -> "Planned | None":
        """plan_checked()'s plan of a row of this young person (their record, or at least the
        fields person_fields names) when every value passes; None for any other row."""
        raise NotImplementedError

    def plan_checked(self, row: Row, ctx: Context) -> "Planned | list[Problem]":
        """The plan of a row, field by field, naming whatever is wrong."""
        raise NotImplementedError

    def people(self, ctx: Context, ids: Iterable[int] | None = None) -> dict[int, Any]:
        """person_fields (at least) of the young people `ids` (a chunk's, as person_column()
        found them), by id: when each was looked up by ref already (a small file), those
        rows, with no query; else (or without `ids`) every young person's, read once per
        import."""
        found: dict[int, Any] | None = ctx.cache.get("person fields")
        if found is None:
            few = None if ids is None else ctx.looked_up(ids)
            if few is not None:
                return few
            from efter.core.youth import fields_by_id

            found = ctx.cache["person fields"] = fields_by_id(ctx.conn, self.person_fields)
        return found

    def person_field(self, ctx: Context, ids: Iterable[int], name: str) -> dict[int, Any]:
        """One field of the young people `ids` by id, as people() finds them: of a small
        file's few, from the rows its refs found (no query); else every young person's,
        read once per import as plain pairs (half the time of people()'s rows)."""
        key = "person field " + name
        found: dict[int, Any] | None = ctx.cache.get(key)
        if found is None:
            few = ctx.looked_up(ids)
            if few is not None:
                return {youth_id: row[name] for youth_id, row in few.items()}
            from efter.core.youth import field_by_id

            found = ctx.cache[key] = field_by_id(ctx.conn, name)
        return found


def changing(
    items: list[Planned], progress: Callable[[int, int], None] | None = None
) -> Iterator[Planned]:
    """The planned items that write something (create or update), in the file's order, for a
    kind's apply_all(); `progress(done, total)` as it goes through all of them."""
    total = len(items)
    for done, item in enumerate(items, start=1):
        if progress is not None:
            progress(done, total)
        if item.action != "unchanged":
            yield item


def missing_youth(row: Row, ref: str) -> Problem:
    return Problem(
        row.where,
        row.column("ref"),
        t(
            "no young person has the ref '{ref}'; import or add them first ('efter import youth "
            "FILE' or 'efter youth add'), or correct the ref",
            ref=ref,
        ),
    )


def youth_ref(row: Row, ctx: Context, problems: list[Problem]) -> sqlite3.Row | None:
    """The young person a row belongs to, by the ref column; a Problem when there is none."""
    ref = (row.values.get("ref") or "").strip()
    if not ref:
        problems.append(
            Problem(
                row.where,
                row.column("ref"),
                t("the ref is empty; give the young person's ref (sagsnr)"),
            )
        )
        return None
    found = ctx.youth_by_ref(ref)
    if found is None:
        problems.append(missing_youth(row, ref))
    return found


_PARSE: Callable[[str], Iterable[tuple[str, str | None, str | None, str | None]]] | None = None


def _template_parts(template: str) -> Iterable[tuple[str, str | None, str | None, str | None]]:
    """string.Formatter().parse(template). The string module is imported the first time it
    is asked for, not with this module: importing it compiles string.Template's pattern
    (1.5-4 ms), which an import of network members or prices never needs."""
    global _PARSE
    if _PARSE is None:
        from string import Formatter

        _PARSE = Formatter().parse
    return _PARSE(template)


def labels(template: str, **columns: Iterable[Any]) -> list[str]:
    """`template.format(**values)` for each row of a chunk, its values given a column at a
    time (how the summary names each record): the template's fields made positional once,
    then every row formatted without a keyword argument."""
    order = {column: at for at, column in enumerate(columns)}
    parts = []
    for literal, name, spec, conversion in _template_parts(template):
        parts.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is not None:
            converted = f"!{conversion}" if conversion else ""
            parts.append(f"{{{order[name]}{converted}{':' + spec if spec else ''}}}")
    return list(map("".join(parts).format, *columns.values()))


def person_column(rows: Chunk, ctx: Context) -> tuple[list[int], list[str]] | None:
    """The young person each row of a chunk belongs to, by the ref column, as youth_ref()
    finds them: their ids and refs; None when a row has none (youth_ref() words it)."""
    refs = rows.as_text("ref") or ctx.column(_ref, rows.cells("ref"), key=_ref)
    ids = ctx.cache.get("youth-ids")
    if ids is None:
        ids = ctx.few_ids(refs)  # a small file: its refs looked up one by one
    if ids is None:
        from efter.core import youth as youth_core

        ids = ctx.cache["youth-ids"] = youth_core.ids_by_ref(ctx.conn)
    people = list(map(ids.get, refs))
    return None if None in people else (people, refs)


def _ref(cell: str | None) -> str:
    return (cell or "").strip()


def _raw_value(value: str | None) -> str | None:
    """The key field's part of raw_key(): spaces and case set aside; None when empty."""
    found = text(value)
    return None if found is None else " ".join(found.split()).casefold()


def text(value: str | None) -> str | None:
    """A cell as stored text: stripped, None when empty. NUL is refused by the caller."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None


# Each kind's module and the name of its Kind in it: an import loads only its own kind's
# module (and the core modules that one needs), not every kind's.
_MODULES = {
    "youth": ("youth", "KIND"), "team": ("members", "TEAM"), "network": ("members", "NETWORK"),
    "meetings": ("meetings", "KIND"), "agreements": ("agreements", "KIND"),
    "ratings": ("ratings", "KIND"), "status": ("status", "KIND"), "measures": ("measures", "KIND"),
    "programmes": ("programmes", "KIND"), "closed": ("closed", "KIND"),
    "prices": ("prices", "KIND"),
}  # fmt: skip


def kind(name: str) -> Kind:
    """The kind of this name (one of KIND_NAMES), its module imported only now."""
    import importlib

    module, attribute = _MODULES[name]
    found: Kind = getattr(importlib.import_module(f"efter.transfer.kinds.{module}"), attribute)
    return found


def registry() -> dict[str, Kind]:
    """Every kind by name (in KIND_NAMES' order)."""
    return {name: kind(name) for name in KIND_NAMES}


# In the order 'export all' writes them and an empty case file takes them back: the people
# first, the closings last (a closed case takes no new planned meeting or open agreement); the
# periods in programmes after the closings, which end the periods the youth rows began.
KIND_NAMES = (
    "youth", "team", "network", "meetings", "agreements", "ratings", "status", "measures",
    "closed", "programmes", "prices",
)  # fmt: skip
# Other names a kind is known by: the Danish file names in examples/ among them.
KIND_ALIASES = {
    "unge": "youth", "netvaerk": "network", "netværk": "network", "moeder": "meetings",
    "møder": "meetings", "aftaler": "agreements", "vurderinger": "ratings",
    "indsatser": "measures", "afsluttede": "closed", "priser": "prices", "price": "prices",
    "measure": "measures", "meeting": "meetings", "agreement": "agreements",
    "rating": "ratings", "forloeb": "programmes", "forløb": "programmes",
    "programme": "programmes",
}  # fmt: skip


def kind_name(value: str) -> str | None:
    """A kind's name from what a user typed (any case, a Danish alias); None if unknown."""
    name = value.strip().lower()
    name = KIND_ALIASES.get(name, name)
    return name if name in KIND_NAMES else None
