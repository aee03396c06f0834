"""Writers for exports: CSV, Excel .xlsx and JSON, in the columns `efter import` reads.

CSV and XLSX cells that a spreadsheet would run as a formula (starting with = + - @, tab or
carriage return) get a leading ' (see rows.neutralise); the importer strips it again, so an
export imports back unchanged.
"""

import csv
import io
import json
from collections.abc import Sequence
from typing import IO, Any

from efter.transfer.kinds import Kind
from efter.transfer.rows import neutralise

Table = tuple[Kind, Sequence[dict[str, Any]]]


def _cells(kind: Kind, record: dict[str, Any]) -> list[Any]:
    return [record.get(name) for name in kind.columns]


def _text(value: Any) -> str:
    return "" if value is None else neutralise(str(value))


def write_csv(out: IO[bytes], table: Table, *, separator: str = ",") -> None:
    """UTF-8 with a BOM (so spreadsheet programs see the Danish letters), CRLF line ends."""
    kind, records = table
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, delimiter=separator)
    writer.writerow(kind.header())
    for record in records:
        writer.writerow([_text(value) for value in _cells(kind, record)])
    text.flush()
    text.detach()


def write_xlsx(out: IO[bytes], tables: Sequence[Table]) -> int:
    """One sheet per kind, named after it. Returns how many characters Excel cannot hold were
    changed: control characters left out, carriage returns made line breaks (CSV and JSON keep
    both)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    dropped = 0
    for kind, records in tables:
        sheet = workbook.create_sheet(kind.name)
        sheet.append(kind.header())
        for record in records:
            row: list[Any] = []
            for value in _cells(kind, record):
                if isinstance(value, int) and not isinstance(value, bool):
                    row.append(value)
                    continue
                text = _text(value) if value is not None else None
                if text:
                    # XML turns a carriage return into a line break; say so rather than pretend.
                    dropped += text.count("\r")
                    text = text.replace("\r\n", "\n").replace("\r", "\n")
                    text, count = ILLEGAL_CHARACTERS_RE.subn("", text)
                    dropped += count
                row.append(text or None)
            sheet.append(row)
    workbook.save(out)
    return dropped


def json_records(kind: Kind, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(zip(kind.header(), _cells(kind, record), strict=True)) for record in records]


def write_json(out: IO[bytes], tables: Sequence[Table], *, combined: bool) -> None:
    """A JSON array for one kind; an object with a list per kind for 'all'."""
    if combined:
        data: Any = {kind.name: json_records(kind, records) for kind, records in tables}
    else:
        kind, records = tables[0]
        data = json_records(kind, records)
    out.write((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())


def write_rows_csv(out: IO[bytes], rows: Sequence[Sequence[str]], *, separator: str) -> None:
    """Plain rows of text as write_csv writes a table (BOM, CRLF, neutralised cells)."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, delimiter=separator)
    for row in rows:
        writer.writerow([_text(value) for value in row])
    text.flush()
    text.detach()


def write_rows_xlsx(out: IO[bytes], sheet_name: str, rows: Sequence[Sequence[str]]) -> None:
    """Plain rows of text in one sheet, every cell stored as text (a date typed as
    14-03-2009 or a case number as 2025-0412 stays as written)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_name
    for row in rows:
        sheet.append([_text(value) or None for value in row])
    for column in sheet.iter_cols():
        for cell in column:
            cell.number_format = "@"
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
    workbook.save(out)
