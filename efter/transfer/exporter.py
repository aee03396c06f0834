"""Exports: the records of one kind or of all, optionally pseudonymised, in the columns the
importer reads, written as CSV, XLSX, JSON or JSON Lines.

Nothing is gathered first: each kind's records are read from the case file as the writer
takes them, so memory stays flat however large the case file is (docs/performance.md).
"""

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from efter.core import exports
from efter.core.errors import InvalidInput
from efter.core.i18n import t
from efter.transfer import writers
from efter.transfer.kinds import KIND_NAMES, Kind, registry

EXPORT_FORMATS = ("csv", "xlsx", "json", "jsonl")
# 'export all' in these writes one file per kind: a sheet or a stream holds one kind.
PER_KIND = ("csv", "jsonl")


def rows_sql(kind: Kind) -> str | None:
    """The SELECT that reads `kind`'s records as rows, or None (read through kind.export)."""
    return exports.rows_sql(kind.name, tuple(kind.columns))


# A record's parts: the youth id, the ref, the record as written.
_YOUTH_ID, _REF, _RECORD = itemgetter(0), itemgetter(1), itemgetter(slice(1, None))


class Records:
    """One kind's records as the export writes them: tuples of the kind's columns, a list
    of writers.BATCH at a time, read while they are written. The export's tallies (young
    people concerned, records, records without a ref) grow as they go; iterating again reads
    the case file again."""

    def __init__(self, export: "Export", kind: Kind) -> None:
        self.export = export
        self.kind = kind

    def __iter__(self) -> Iterator[list[tuple[Any, ...]]]:
        export, kind = self.export, self.kind
        about_youth = "ref" in kind.columns  # a programme price concerns no young person
        sql = rows_sql(kind) if export.pseudonyms is None else None
        fetch: Callable[[], list[tuple[Any, ...]]]
        if sql is not None:
            fetch = partial(exports.read(export.conn, sql).fetchmany, writers.BATCH)
        else:
            rows = self._from_dicts()

            def fetch() -> list[tuple[Any, ...]]:
                return list(islice(rows, writers.BATCH))

        add = export.youth_ids.update
        count = without = 0
        try:  # the tallies a batch at a time, in C (map, set.update, list.count)
            while batch := fetch():
                count += len(batch)
                if about_youth:
                    add(map(_YOUTH_ID, batch))
                    refs = list(map(_REF, batch))
                    without += refs.count(None) + refs.count("")
                yield list(map(_RECORD, batch))
        finally:
            export.count += count
            export.without_ref += without

    def _from_dicts(self) -> Iterator[tuple[Any, ...]]:
        kind, pseudonyms = self.kind, self.export.pseudonyms
        names = list(kind.columns)
        for record in kind.export(self.export.conn):
            youth_id = record.pop("_youth_id")
            if pseudonyms is not None:
                record = pseudonyms.record(record, kind.pseudonyms)
            yield (youth_id, *[record.get(name) for name in names])


@dataclass
class Export:
    conn: sqlite3.Connection
    kinds: list[Kind]
    pseudonyms: Any = None  # a pseudonym.Pseudonymiser with --pseudonymise
    youth_ids: set[int] = field(default_factory=set)
    count: int = 0
    without_ref: int = 0  # records that name a young person without a ref

    @property
    def tables(self) -> list[writers.Table]:
        return [(kind, Records(self, kind)) for kind in self.kinds]


def collect(conn: sqlite3.Connection, what: str, *, pseudonymise: bool) -> Export:
    """The export of one kind or of 'all'; its records are read when it is written."""
    kinds = registry()
    names = KIND_NAMES if what == "all" else (what,)
    pseudonyms = None
    if pseudonymise:
        from efter.transfer.pseudonym import Pseudonymiser, load_key

        pseudonyms = Pseudonymiser(load_key(conn))
    return Export(conn, [kinds[name] for name in names], pseudonyms)


def format_for(fmt: str | None, out: Path | None) -> str:
    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out else ""
        suffix = {"ndjson": "jsonl"}.get(suffix, suffix)
        return suffix if suffix in EXPORT_FORMATS else "csv"
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(
            t("'{fmt}' is not an export format: give --format csv, xlsx, json or jsonl.", fmt=fmt)
        )
    return fmt


def write(
    tables: list[writers.Table],
    fmt: str,
    out: IO[bytes],
    *,
    separator: str = ";",
    lang: str = "da",
) -> int:
    """Write one table (csv, jsonl) or several (xlsx, json). Returns dropped control
    characters. `lang` chooses the column names of CSV and XLSX (JSON and JSON Lines keep
    the English ones)."""
    if fmt == "csv":
        writers.write_csv(out, tables[0], separator=separator, lang=lang)
        return 0
    if fmt == "jsonl":
        writers.write_jsonl(out, tables[0])
        return 0
    if fmt == "xlsx":
        return writers.write_xlsx(out, tables, lang=lang)
    writers.write_json(out, tables, combined=len(tables) > 1)
    return 0


class _Counter:
    """A file that keeps nothing and counts what was written to it."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return False

    def tell(self) -> int:
        return self.size


def size(tables: list[writers.Table], fmt: str, *, separator: str = ";", lang: str = "da") -> int:
    """How many bytes write() would write (it is run again into nothing): for a full disk's
    message, which says how much room the file needs."""
    counter = _Counter()
    write(tables, fmt, counter, separator=separator, lang=lang)  # type: ignore[arg-type]
    return counter.size


def template(kind: Kind, fmt: str, out: IO[bytes], *, separator: str = ";") -> None:
    """An empty import sheet for colleagues who fill in spreadsheets: the Danish headers
    and one example row (CSV or an XLSX sheet named after the kind)."""
    header = writers.header(kind, "da")  # the same names as `efter export` writes in Danish
    row = [kind.example.get(field, "") for field in kind.columns]
    if fmt == "csv":
        writers.write_rows_csv(out, [header, row], separator=separator)
    elif fmt == "xlsx":
        writers.write_rows_xlsx(out, kind.name, [header, row])
    else:
        raise InvalidInput(
            t("'{fmt}' is not a template format: give --format xlsx or csv.", fmt=fmt)
        )
