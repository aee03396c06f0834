"""Writers for exports: CSV, Excel .xlsx and JSON, in the columns `efter import` reads.

CSV is made for a Danish coordinator who double-clicks it: `;` between cells, UTF-8 with a BOM,
CRLF line ends, the import sheet's Danish column names (`--lang en` for the English ones,
`--separator ,` for a comma). A CSV cell that a spreadsheet would run as a formula (starting
with = + - @, tab or carriage return) gets a leading ' (see rows.neutralise); the importer
strips it again, so an export imports back unchanged.

XLSX cells are typed: text is a text cell, which no spreadsheet evaluates, so it carries no
' guard ("+45 12 34 56 78" shows as typed); dates are date cells. JSON keeps the English column
names whatever the language (scripts rely on them).
"""

import csv
import io
import json
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import IO, Any

from efter.transfer.kinds import Kind
from efter.transfer.rows import keep_quotes, neutralise

Table = tuple[Kind, Sequence[dict[str, Any]]]
LANGUAGES = ("da", "en")

# The Danish column name where the import sheet's second accepted name is not the one a Danish
# coordinator would write; each is an accepted name once folded (see rows.fold).
_DANISH = {
    "cpr": "CPR-nummer",
    "municipality": "Handlekommune",
    "organisation": "Arbejdssted",
    "email": "E-mail",
    "kind": "Mødetype",
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


def header(kind: Kind, lang: str = "da") -> list[str]:
    """The column names as the import sheet has them: English, or the Danish aliases."""
    if lang == "en":
        return kind.header()
    from efter.transfer.rows import fold

    names = []
    for name, aliases in kind.columns.items():
        chosen = _DANISH.get(name)
        if chosen is None or fold(chosen) not in {fold(alias) for alias in aliases}:
            alias = aliases[1] if len(aliases) > 1 else aliases[0]
            chosen = alias.replace("_", " ")
            chosen = chosen[:1].upper() + chosen[1:]
        names.append(chosen)
    return names


def _cells(kind: Kind, record: dict[str, Any]) -> list[Any]:
    return [record.get(name) for name in kind.columns]


def _text(value: Any) -> str:
    return "" if value is None else neutralise(str(value))


def write_csv(out: IO[bytes], table: Table, *, separator: str = ";", lang: str = "da") -> None:
    """UTF-8 with a BOM (so spreadsheet programs see the Danish letters), CRLF line ends."""
    kind, records = table
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, delimiter=separator, lineterminator="\r\n")
    writer.writerow(header(kind, lang))
    for record in records:
        writer.writerow([_text(value) for value in _cells(kind, record)])
    text.flush()
    text.detach()


def _xlsx_value(name: str, value: Any) -> tuple[Any, str | None]:
    """A value as an XLSX cell holds it, and the number format of a date."""
    if isinstance(value, str) and name != "ref":  # a ref is text, even one shaped as a date
        if _DATE.fullmatch(value):
            return date.fromisoformat(value), "dd-mm-yyyy"
        if _DATETIME.fullmatch(value):
            return datetime.fromisoformat(value), "dd-mm-yyyy hh:mm"
    return value, None


def write_xlsx(out: IO[bytes], tables: Sequence[Table], *, lang: str = "da") -> int:
    """One sheet per kind, named after it. Returns how many characters Excel cannot hold were
    changed: control characters left out, carriage returns made line breaks (CSV and JSON keep
    both)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    dropped = 0
    for kind, records in tables:
        sheet = workbook.create_sheet(kind.name)
        sheet.append([_text_cell(sheet, name) for name in header(kind, lang)])
        for record in records:
            row: list[Any] = []
            for name, raw in zip(kind.columns, _cells(kind, record), strict=True):
                value, number_format = _xlsx_value(name, raw)
                if number_format is not None:
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = number_format
                    row.append(cell)
                    continue
                if not isinstance(value, str) or not value:
                    row.append(value if value != "" else None)
                    continue
                # XML turns a carriage return into a line break; say so rather than pretend.
                dropped += value.count("\r")
                text = value.replace("\r\n", "\n").replace("\r", "\n")
                text, count = ILLEGAL_CHARACTERS_RE.subn("", text)
                dropped += count
                row.append(_text_cell(sheet, keep_quotes(text)) if text else None)
            sheet.append(row)
    workbook.save(out)
    return dropped


def _text_cell(sheet: Any, text: str) -> Any:
    """A text cell, even for text that starts with = (openpyxl would write a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


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
