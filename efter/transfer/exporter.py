"""Exports: the records of one kind or of all, optionally pseudonymised, in the columns the
importer reads, written as CSV, XLSX or JSON."""

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from efter.core.errors import InvalidInput
from efter.transfer import writers
from efter.transfer.kinds import KIND_NAMES, Kind, registry

EXPORT_FORMATS = ("csv", "xlsx", "json")


@dataclass
class Export:
    tables: list[writers.Table] = field(default_factory=list)
    youth_ids: set[int] = field(default_factory=set)
    without_ref: int = 0  # records that name a young person without a ref

    @property
    def count(self) -> int:
        return sum(len(records) for _, records in self.tables)


def collect(conn: sqlite3.Connection, what: str, *, pseudonymise: bool) -> Export:
    kinds = registry()
    names = KIND_NAMES if what == "all" else (what,)
    pseudonyms = None
    if pseudonymise:
        from efter.transfer.pseudonym import Pseudonymiser, load_key

        pseudonyms = Pseudonymiser(load_key(conn))
    export = Export()
    for name in names:
        kind = kinds[name]
        records: list[dict[str, Any]] = []
        about_youth = "ref" in kind.columns  # a programme price concerns no young person
        for record in kind.export(conn):
            youth_id = record.pop("_youth_id")
            if youth_id is not None:
                export.youth_ids.add(youth_id)
            if about_youth and not record.get("ref"):
                export.without_ref += 1
            if pseudonyms is not None:
                record = pseudonyms.record(record, kind.pseudonyms)
            records.append(record)
        export.tables.append((kind, records))
    return export


def format_for(fmt: str | None, out: Path | None) -> str:
    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out else ""
        return suffix if suffix in EXPORT_FORMATS else "csv"
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(f"'{fmt}' is not an export format: give --format csv, xlsx or json.")
    return fmt


def write(
    export: Export, fmt: str, out: IO[bytes], *, separator: str = ";", lang: str = "da"
) -> int:
    """Write one table (or all, for xlsx and json). Returns dropped control characters.
    `lang` chooses the column names of CSV and XLSX (JSON keeps the English ones)."""
    if fmt == "csv":
        writers.write_csv(out, export.tables[0], separator=separator, lang=lang)
        return 0
    if fmt == "xlsx":
        return writers.write_xlsx(out, export.tables, lang=lang)
    writers.write_json(out, export.tables, combined=len(export.tables) > 1)
    return 0


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
        raise InvalidInput(f"'{fmt}' is not a template format: give --format xlsx or csv.")
