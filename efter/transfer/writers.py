"""Writers for exports: CSV, Excel .xlsx, JSON and JSON Lines, in the columns `efter import`
reads. Each takes its records a batch at a time and writes them as they come (see exporter).

CSV is made for a Danish coordinator who double-clicks it: `;` between cells, UTF-8 with a BOM,
CRLF line ends, the import sheet's Danish column names (`--lang en` for the English ones,
`--separator ,` for a comma). A CSV cell that a spreadsheet would run as a formula (starting
with = + - @, tab or carriage return) gets a leading ' (see rows.neutralise); the importer
strips it again, so an export imports back unchanged.

XLSX cells are typed: text is a text cell, which no spreadsheet evaluates, so it carries no
' guard ("+45 12 34 56 78" shows as typed); dates are date cells. JSON keeps the English column
names whatever the language (scripts rely on them); JSON is written as json.dumps(indent=2)
would write it, JSON Lines one record a line.
"""

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import chain
from json.encoder import encode_basestring as _encode_string  # ensure_ascii=False's (C)
from typing import IO, Any

from efter.transfer.kinds import Kind
from efter.transfer.rows import keep_quotes, neutralise

# A kind and its records: rows of values in the order of kind.columns, in lists of up to
# BATCH rows (as the exporter reads them, and as csv writes them at once).
Table = tuple[Kind, Iterable[Sequence[Sequence[Any]]]]
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


def _text(value: Any) -> str:
    return "" if value is None else neutralise(str(value))


BATCH = 1000  # rows read, and as CSV written and checked, at a time


def write_csv(out: IO[bytes], table: Table, *, separator: str = ";", lang: str = "da") -> None:
    """UTF-8 with a BOM (so spreadsheet programs see the Danish letters), CRLF line ends.

    The rows are written a batch at a time by csv itself, and the written text is searched
    (in C) for a cell that starts as a formula can; only a batch with one is written again
    with each cell neutralised. Checking cell by cell in Python took most of the time."""
    kind, batches = table
    out.write(codecs.BOM_UTF8)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    csv.writer(text, delimiter=separator, lineterminator="\r\n").writerow(header(kind, lang))
    # a cell's first character: at a line's start or after a separator; a CR only in quotes
    # (csv quotes a cell with one, so a bare CR is the end of the line). The search starts
    # with the class [separator, newline], which re scans for quickly: half the time of
    # (?:^|separator) with MULTILINE (0.1 s of 0.2 s on the 15 MB of 300,000 ratings).
    first = "(?:\"['=+\\-@\t\r]|['=+\\-@\t])"
    risky = re.compile(f"[{re.escape(separator)}\n]{first}")
    starts_risky = re.compile(first).match  # the batch's first cell
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(batch)
        written = buffer.getvalue()
        if starts_risky(written) or risky.search(written):
            buffer.seek(0)
            buffer.truncate()
            writer.writerows([[_text(value) for value in row] for row in batch])
            written = buffer.getvalue()
        text.write(written)
    text.flush()
    text.detach()


# Text that is a date or a time of day becomes a date cell: its Excel serial number, shown in
# the Danish format. The patterns match 10 or 16 characters only.
_DATE_FORMATS = {10: (_DATE, date, "dd-mm-yyyy"), 16: (_DATETIME, datetime, "dd-mm-yyyy hh:mm")}
_SEEN = 4096  # texts of a date's length remembered at a time (dates repeat; memory stays flat)


def _xlsx_date(text: str) -> tuple[Any, str] | None:
    """The Excel serial number of a date (or date and time) written as text, and its number
    format; None for other text, and for text shaped as a date that is none (2024-13-45)."""
    from openpyxl.utils.datetime import to_excel

    pattern, kind, number_format = _DATE_FORMATS[len(text)]
    if not pattern.fullmatch(text):
        return None
    try:
        value = kind.fromisoformat(text)
    except ValueError:
        return None
    return to_excel(value), number_format  # what openpyxl writes for a date cell


def write_xlsx(out: IO[bytes], tables: Sequence[Table], *, lang: str = "da") -> int:
    """One sheet per kind, named after it. Returns how many characters Excel cannot hold were
    changed: control characters left out, carriage returns made line breaks (CSV and JSON keep
    both)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    dropped = 0
    # Each text of a date's length seen lately, and its serial number and format (or None):
    # the 500,000 date cells of 10,000 young people hold fewer than 10,000 dates; parsing and
    # converting each cell again was 0.4 s of the 0.9 s efter's writer took beyond a plain
    # openpyxl append of the same records (at 1,000 young people).
    dates: dict[str, tuple[Any, str] | None] = {}
    for kind, batches in tables:
        sheet = workbook.create_sheet(kind.name)
        sheet.append([_text_cell(sheet, name) for name in header(kind, lang)])
        # a ref is text, even one shaped as a date
        may_be_date = [name != "ref" for name in kind.columns]
        # One date cell per column and format, given each row's value: append() writes the
        # row before it returns, so the cell is free again for the next row (a new styled
        # cell for every date was a tenth of the export's time).
        dated: dict[tuple[int, str], Any] = {}
        for record in chain.from_iterable(batches):
            row: list[Any] = []
            for column, (date_column, value) in enumerate(zip(may_be_date, record, strict=True)):
                if type(value) is not str:  # a number or None
                    row.append(value)
                    continue
                if not value:
                    row.append(None)
                    continue
                if date_column and len(value) in _DATE_FORMATS:
                    if value in dates:
                        found = dates[value]
                    else:
                        if len(dates) >= _SEEN:
                            dates.clear()
                        found = dates[value] = _xlsx_date(value)
                    if found is not None:
                        serial, number_format = found
                        cell = dated.get((column, number_format))
                        if cell is None:
                            cell = dated[column, number_format] = WriteOnlyCell(sheet)
                            cell.number_format = number_format
                        cell.value = serial
                        row.append(cell)
                        continue
                text = value
                if not value.isprintable():  # a control character or a line break in it
                    # XML turns a carriage return into a line break; say so, not pretend.
                    dropped += value.count("\r")
                    text = value.replace("\r\n", "\n").replace("\r", "\n")
                    text, count = ILLEGAL_CHARACTERS_RE.subn("", text)
                    dropped += count
                if not text:
                    row.append(None)
                elif text[0] in "='":  # openpyxl would write a formula; keep_quotes a '
                    row.append(_text_cell(sheet, keep_quotes(text)))
                else:
                    row.append(text)  # a plain str is a text cell already
            sheet.append(row)
    workbook.save(out)
    return dropped


def _text_cell(sheet: Any, text: str) -> Any:
    """A text cell, even for text that starts with = (openpyxl would write a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def _json_value(value: Any) -> str:
    """One value as json.dumps(ensure_ascii=False) writes it."""
    if isinstance(value, str):
        return _encode_string(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return int.__repr__(value)
    return json.dumps(value)


def _json_array(
    text: IO[str], kind: Kind, batches: Iterable[Sequence[Sequence[Any]]], level: int
) -> None:
    """A list of flat records at nesting `level`, exactly as json.dumps(indent=2) writes it,
    without holding the list: each batch of records is written as it comes, in one piece."""
    outer, inner = "  " * (level + 1), "  " * (level + 2)
    keys = [f"\n{inner}{_encode_string(shown)}: " for shown in kind.header()]
    value, string = _json_value, _encode_string
    between = f"\n{outer}}},\n{outer}{{"  # one record's end and the next one's start
    first = True
    for batch in batches:
        if not batch:
            continue
        # Text, most values, goes to json's encoder (C) without a call of _json_value.
        records = [
            ",".join(
                [
                    key + (string(v) if v.__class__ is str else value(v))
                    for key, v in zip(keys, record, strict=True)
                ]
            )
            for record in batch
        ]
        text.write(("[\n" if first else ",\n") + outer + "{" + between.join(records))
        text.write(f"\n{outer}}}")
        first = False
    text.write("[]" if first else "\n" + "  " * level + "]")


def write_json(out: IO[bytes], tables: Sequence[Table], *, combined: bool) -> None:
    """A JSON array for one kind; an object with a list per kind for 'all'."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    if combined:
        text.write("{")
        for n, (kind, batches) in enumerate(tables):
            text.write(("\n" if n == 0 else ",\n") + "  " + _encode_string(kind.name) + ": ")
            _json_array(text, kind, batches, 1)
        text.write("\n}\n" if tables else "}\n")
    else:
        kind, batches = tables[0]
        _json_array(text, kind, batches, 0)
        text.write("\n")
    text.flush()
    text.detach()


def write_jsonl(out: IO[bytes], table: Table) -> None:
    """JSON Lines, which `efter import --format jsonl` reads back: one record a line, with
    the English column names."""
    kind, batches = table
    # each record as json.dumps(ensure_ascii=False) writes it as a dict, a batch in one piece
    keys = [_encode_string(shown) + ": " for shown in kind.header()]
    value, string = _json_value, _encode_string
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    for batch in batches:
        lines = [
            ", ".join(
                [
                    key + (string(v) if v.__class__ is str else value(v))
                    for key, v in zip(keys, record, strict=True)
                ]
            )
            for record in batch
        ]
        if lines:
            text.write("{" + "}\n{".join(lines) + "}\n")
    text.flush()
    text.detach()


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
