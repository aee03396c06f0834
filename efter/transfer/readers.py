"""Readers for files as people have them: CSV (UTF-8, UTF-8 with BOM or Windows-1252; comma,
semicolon or tab), Excel .xlsx, JSON arrays and JSON Lines, from a path or stdin ('-').

Everything streams: a CSV or JSON Lines file is read a line at a time, a JSON array an item
at a time, a workbook a row at a time (openpyxl's read-only mode), so the first problem is
found without reading the whole file. Files above MAX_BYTES are refused before reading, and
every input stops at MAX_BYTES read (a device, a pipe or a /proc file says no size).
"""

import codecs
import csv
import io
import re
import stat
import sys
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from efter.core.errors import InvalidInput
from efter.core.i18n import N_, t
from efter.transfer.kinds import Kind
from efter.transfer.rows import Layout, Problem, Row, Rows, fold, restore

# The largest file a municipality has is its ratings: some 50 bytes a rating, 30 ratings a
# young person, so 1,500,000 ratings of 50,000 young people (five times the benchmark's full
# size, above any Danish municipality's aftercare caseload) are 75 MB. The limit leaves three
# times that and still stops the wrong file (a database, a video, /dev/zero) before it is read;
# a bound on bytes rather than rows, since the size is known before reading.
MAX_BYTES = 256 * 1024 * 1024
FORMATS = ("auto", "csv", "xlsx", "json", "jsonl")
_CHUNK = 1 << 16
_MAX_ITEM = 1 << 20  # one JSON item may span at most 1 MB


class Source:
    """An import file opened for reading: a seekable binary handle (stdin is spooled)."""

    def __init__(self, name: str, handle: IO[bytes], size: int, suffix: str = "") -> None:
        self.name, self.handle, self.size, self.suffix = name, handle, size, suffix
        self.notes: list[str] = []  # for stderr: "read as Windows-1252"
        self.done = 0  # bytes read so far, for the progress bar

    def close(self) -> None:
        self.handle.close()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _too_big(name: str, size: str) -> InvalidInput:
    return InvalidInput(
        t(
            "{name} is {size}, above the import limit of {megabytes}: split it into smaller files "
            "(an import of a few thousand rows is far below the limit), or check that it is the "
            "right file.",
            name=name,
            size=size,
            megabytes=_megabytes(MAX_BYTES),
        )
    )


def open_source(path: str) -> Source:
    """Open FILE, or stdin for '-', refusing anything above MAX_BYTES: a regular file by its
    size before reading it, and every input by the bytes actually read, so that /dev/zero, a
    FIFO or a /proc file (which say nothing or 0 about their size) stop at the limit too."""
    if path == "-":
        from efter.core.casefile import unrepeatable

        unrepeatable()  # stdin is read once (casefile.again)
        spool, size = _spooled(sys.stdin.buffer, t("The input on stdin"))
        return Source("stdin", spool, size)
    file = Path(path).expanduser()
    if file.is_dir():
        raise InvalidInput(t("{path} is a folder: give the path of a file to import.", path=path))
    try:
        info = file.stat()
    except FileNotFoundError:
        raise InvalidInput(t("There is no file {path}: check the path.", path=path)) from None
    except OSError as error:
        raise InvalidInput(
            t(
                "{path} could not be read ({strerror}): check the path.",
                path=path,
                strerror=error.strerror,
            )
        ) from None
    size = info.st_size
    if size > MAX_BYTES:
        raise _too_big(path, _megabytes(size))
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a process's output is read once
        from efter.core.casefile import unrepeatable

        unrepeatable()
    try:
        raw = open(file, "rb", buffering=0)  # noqa: SIM115
    except OSError as error:
        raise InvalidInput(
            t(
                "{path} could not be opened ({strerror}): check that you may read it.",
                path=path,
                strerror=error.strerror,
            )
        ) from None
    if not stat.S_ISREG(info.st_mode) or size == 0:
        # a device, a pipe, or a file that does not know its size (/proc): read it up to the
        # limit into a spool, as stdin is
        try:
            spool, size = _spooled(raw, path)
        finally:
            raw.close()
        return Source(path, spool, size, file.suffix.lower())
    handle = io.BufferedReader(_Limited(raw, path), _CHUNK)
    return Source(path, handle, size, file.suffix.lower())


def _spooled(stream: IO[bytes], name: str) -> tuple[IO[bytes], int]:
    """Copy a stream that cannot say its size into a (seekable) spool, counting the bytes:
    above MAX_BYTES it stops with the ordinary sentence."""
    import tempfile  # only for stdin: its random module is not needed to read a file

    spool = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115
    size = 0
    try:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > MAX_BYTES:
                raise _too_big(name, t("more than {megabytes}", megabytes=_megabytes(MAX_BYTES)))
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool, size


class _Limited(io.RawIOBase):
    """A file read no further than MAX_BYTES, whatever its size said when it was opened (a
    file that grows while it is read)."""

    def __init__(self, raw: IO[bytes], name: str) -> None:
        self.raw = raw
        self.label = name

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def readinto(self, buffer: Any) -> int:
        count = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        if count and self.raw.tell() > MAX_BYTES:
            raise _too_big(self.label, t("more than {megabytes}", megabytes=_megabytes(MAX_BYTES)))
        return int(count or 0)

    def close(self) -> None:
        self.raw.close()
        super().close()


def detect_format(source: Source, wanted: str) -> str:
    if wanted not in FORMATS:
        raise InvalidInput(
            t(
                "'{wanted}' is not a format: give --format one of {formats}.",
                wanted=wanted,
                formats=", ".join(FORMATS),
            )
        )
    if wanted != "auto":
        return wanted
    by_suffix = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
                 ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}  # fmt: skip
    if source.suffix in by_suffix:
        return by_suffix[source.suffix]
    if source.suffix in (".xls", ".ods", ".numbers"):
        raise InvalidInput(
            t(
                "{name} is a {suffix} spreadsheet, which efter does not read: save it from the "
                "spreadsheet program as Excel .xlsx or as CSV and import that.",
                name=source.name,
                suffix=source.suffix,
            )
        )
    head = source.handle.read(512)
    source.handle.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"[":
        return "json"
    if start == b"{":
        return "jsonl"
    return "csv"


def read(source: Source, fmt: str, kind: Kind, sheet: str | None = None) -> Rows:
    """Rows (or Problems) of the file, one at a time, in the file's order."""
    if sheet is not None and fmt != "xlsx":
        raise InvalidInput(
            t("--sheet is for Excel workbooks: leave it out for CSV and JSON files.")
        )
    if fmt == "csv":
        return _csv_rows(source, kind)
    if fmt == "xlsx":
        return _xlsx_rows(source, kind, sheet)
    if fmt == "json":
        return _json_rows(source, kind)
    return _jsonl_rows(source, kind)


# --- columns ------------------------------------------------------------------------------


def _aliases(kind: Kind) -> dict[str, str]:
    return {fold(alias): name for name, aliases in kind.columns.items() for alias in aliases}


def _known(kind: Kind) -> str:
    return ", ".join(names[0] for names in kind.columns.values())


def _required_label(kind: Kind, name: str) -> str:
    names = kind.columns[name]
    return t("{name} (or {other})", name=names[0], other=names[1]) if len(names) > 1 else names[0]


class Header:
    """A header row mapped to fields, with the problems it has."""

    def __init__(self, cells: list[str], kind: Kind, where: str) -> None:
        aliases = _aliases(kind)
        self.fields: list[str | None] = []
        self.names: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.fatal = False
        while cells and not str(cells[-1] or "").strip():
            cells = cells[:-1]
        for position, cell in enumerate(cells, start=1):
            label = str(cell or "").strip().lstrip("\ufeff")
            if not label:
                self.problems.append(
                    Problem(where, f"{position}", t("the column has no name; name it or remove it"))
                )
                self.fields.append(None)
                continue
            name = aliases.get(fold(label))
            if name is None:
                self.problems.append(
                    Problem(
                        where,
                        label,
                        t(
                            "unknown column for {name}; rename it to one of {known} (or a Danish "
                            "name such as sagsnr) or remove it",
                            name=kind.name,
                            known=_known(kind),
                        ),
                    )
                )
            elif name in self.names:
                self.problems.append(
                    Problem(
                        where,
                        label,
                        t(
                            "the same column as {names}; keep only one of them",
                            names=self.names[name],
                        ),
                    )
                )
                name = None
            else:
                self.names[name] = label
            self.fields.append(name)
        for name in kind.required:
            if name not in self.names:
                self.fatal = True
                self.problems.append(
                    Problem(
                        where,
                        None,
                        t(
                            "the required column {required_label} is missing; add it to the header",
                            required_label=_required_label(kind, name),
                        ),
                    )
                )


# --- CSV --------------------------------------------------------------------------------------


class _Undecodable(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


def _decoded_lines(source: Source) -> Iterator[str]:
    """The file's lines as text: UTF-8 (BOM or not), else Windows-1252 when the file is plain
    ASCII up to its first byte that is not UTF-8 and decodes as Windows-1252."""
    handle = source.handle
    handle.seek(0)
    codec, non_ascii = "utf-8", False
    number = 0
    for block in _blocks(handle):
        if number and codec == "utf-8" and b"\x00" not in block:
            # A block of whole lines that is UTF-8 as a whole is UTF-8 line by line.
            try:
                text = block.decode("utf-8")
            except UnicodeDecodeError:
                pass  # line by line below, to name the line
            else:
                source.done += len(block)
                non_ascii = non_ascii or not block.isascii()
                lines = text.split("\n")
                last = lines.pop()  # empty when the block ends with a line end
                number += len(lines)
                for line in lines:
                    yield line + "\n"
                if last:
                    number += 1
                    yield last
                continue
        for raw in _lines(block):
            number += 1
            source.done += len(raw)
            if number == 1:
                if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    raise _Undecodable(1, t(_UTF16))
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if b"\x00" in raw:
                raise _Undecodable(number, t(_UTF16))
            try:
                line = raw.decode(codec)
            except UnicodeDecodeError:
                if codec == "utf-8" and not non_ascii:
                    try:
                        line = raw.decode("cp1252")
                    except UnicodeDecodeError:
                        raise _Undecodable(number, t(_NEITHER)) from None
                    codec = "cp1252"
                    source.notes.append(
                        t(
                            "{name} is not UTF-8; read it as Windows-1252 (the Western European "
                            "encoding of older spreadsheet programs).",
                            name=source.name,
                        )
                    )
                elif codec == "utf-8":
                    raise _Undecodable(
                        number,
                        t(
                            "this line is not UTF-8 although the lines before it are, so the "
                            "file mixes encodings; save the whole file again as 'CSV UTF-8'"
                        ),
                    ) from None
                else:
                    raise _Undecodable(number, t(_NEITHER)) from None
            if not raw.isascii():
                non_ascii = True
            yield line


def _blocks(handle: IO[bytes]) -> Iterator[bytes]:
    """The file in blocks of whole lines (split at \\n only, as iterating the file does): the
    first line alone, then some 64 KB at a time."""
    first = handle.readline()
    if not first:
        return
    yield first
    while block := handle.read(_CHUNK):
        if not block.endswith(b"\n"):
            block += handle.readline()
        yield block


def _lines(block: bytes) -> list[bytes]:
    """A block's lines with their line ends, as iterating the file gives them."""
    parts = block.split(b"\n")
    last = parts.pop()
    lines = [part + b"\n" for part in parts]
    if last:
        lines.append(last)
    return lines


_UTF16 = N_(
    "the file is UTF-16 ('Unicode text'), which efter does not read; save it as 'CSV UTF-8' "
    "(or 'CSV (semicolon separated)')"
)
_NEITHER = N_(
    "the file is neither UTF-8 nor Windows-1252 text; save it from the spreadsheet program as "
    "'CSV UTF-8'"
)


_SEP = re.compile(r"^sep=[;,\t|]$", re.IGNORECASE)


def _separator(header: str) -> str:
    """Comma, semicolon or tab: whichever the header line has most of outside quotes."""
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: (counts[c], c == ";"))
    return best if counts[best] else ","


def _csv_rows(source: Source, kind: Kind) -> Rows:
    lines = _decoded_lines(source)
    skipped, previous = 0, 0  # lines before the header (blank, or Excel's "sep=;"); rows read
    separator: str | None = None
    try:
        first = next(lines, None)
        while first is not None and (
            not first.strip() or (separator is None and _SEP.match(first.strip()))
        ):
            if first.strip():
                separator = first.strip()[4]
            skipped += 1
            first = next(lines, None)
        if first is None:
            yield Problem("", None, t(_EMPTY))
            return
        import itertools

        reader = csv.reader(
            itertools.chain([first], lines), delimiter=separator or _separator(first)
        )
        header: Header | None = None
        fields = tuple(kind.columns)
        width = 0
        for cells in reader:
            where = f"line {previous + 1 + skipped}"
            previous = reader.line_num
            if header is None:
                header = Header(cells, kind, where)
                yield from header.problems
                if header.fatal:
                    return
                layout = Layout(header.fields)
                width = len(header.fields)
                continue
            # no cell holds anything but spaces (a first cell with text says so at once)
            if not (cells and cells[0].strip()) and not "".join(cells).strip():
                continue
            if len(cells) != width and (len(cells) < width or "".join(cells[width:]).strip()):
                yield Problem(
                    where,
                    None,
                    rejects=True,
                    message=t(
                        'the row has {cells_count} cells but the header has {width}; look for a missing or extra separator, or put text that contains one in quotes ("...")',
                        cells_count=len(cells),
                        width=width,
                    ),
                )
                continue
            # The values are made when asked (rows.Row): an empty (or blank) cell is None; a
            # cell export neutralised gets its text back.
            yield Row(where, None, header.names, fields, cells, layout)
    except _Undecodable as error:
        yield Problem(f"line {error.line}", None, error.message)
    except csv.Error as error:
        yield Problem(
            f"line {previous + 1 + skipped}",
            None,
            t("the CSV cannot be read ({error}); check the quotes", error=error),
        )


_EMPTY = N_(
    "the file is empty; export the spreadsheet again, with a header row and the rows under it"
)


# --- Excel ----------------------------------------------------------------------------------


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return restore(text) if text.strip() else None


def _xlsx_rows(source: Source, kind: Kind, sheet: str | None) -> Rows:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source.handle, read_only=True, data_only=True)
        # The same sheet with formulas as written: a formula cell whose result was never saved
        # (a workbook written by a program, not by Excel) reads as empty above, and is reported.
        source.handle.seek(0)
        formulas = load_workbook(source.handle, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InvalidInput(
            t(
                "{name} is not an Excel .xlsx workbook that can be read ({name2}): open it in the "
                "spreadsheet program and save it again as .xlsx, or as CSV.",
                name=source.name,
                name2=type(error).__name__,
            )
        ) from None
    try:
        names = workbook.sheetnames
        if sheet is not None:
            matches = [n for n in names if n.casefold() == sheet.strip().casefold()]
            if not matches:
                raise InvalidInput(
                    t(
                        "The workbook {name} has no sheet '{sheet}': give --sheet one of {names}.",
                        name=source.name,
                        sheet=sheet,
                        names=", ".join(names),
                    )
                )
            worksheet = workbook[matches[0]]
        else:
            # An 'efter export all' workbook has a sheet per kind; otherwise the first sheet.
            same = [n for n in names if fold(n) == fold(kind.name)]
            worksheet = workbook[same[0]] if same else workbook.worksheets[0]
        written = formulas[worksheet.title].iter_rows(values_only=True)
        header: Header | None = None
        labels: list[str] = []
        total = worksheet.max_row or 0
        for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if total:
                source.done = int(source.size * number / total)
            texts = [_cell(value) for value in cells]
            unsaved = [
                n for n, (value, raw) in enumerate(zip(cells, next(written, ()), strict=False))
                if value is None and isinstance(raw, str) and raw.startswith("=")
            ]  # fmt: skip
            if header is None:
                if not any(texts):
                    continue
                header = Header([t or "" for t in texts], kind, f"row {number}")
                labels = [t or "" for t in texts]
                yield from header.problems
                if header.fatal:
                    return
                continue
            if unsaved:
                column = labels[unsaved[0]] if unsaved[0] < len(labels) else None
                yield Problem(
                    f"row {number}",
                    column or None,
                    rejects=True,
                    message=t(
                        "the cell holds a formula whose result was never saved, so there is no "
                        "value to read; open the workbook in a spreadsheet program and save it, or "
                        "type the value"
                    ),
                )
                continue
            if not any(t and t.strip() for t in texts):
                continue
            width = len(header.fields)
            if any(t and t.strip() for t in texts[width:]):
                yield Problem(
                    f"row {number}",
                    None,
                    rejects=True,
                    message=t(
                        "the row has cells beyond the header's {width} columns; give those columns "
                        "a name or empty the cells",
                        width=width,
                    ),
                )
                continue
            texts += [None] * (width - len(texts))
            values = {name: t for name, t in zip(header.fields, texts, strict=False) if name}
            yield Row(f"row {number}", values, header.names, tuple(kind.columns))
        if header is None:
            yield Problem(
                "",
                None,
                t(
                    "the sheet '{values}' is empty; put a header row and rows in it",
                    values=worksheet.title,
                ),
            )
    finally:
        workbook.close()
        formulas.close()


# --- JSON -------------------------------------------------------------------------------------


class _Keys:
    """Checks each JSON object's keys against the kind's columns; reports each unknown once."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self.aliases = _aliases(kind)
        self.reported: set[str] = set()

    def row(self, item: Any, where: str) -> Row | list[Problem]:
        if not isinstance(item, dict):
            return [
                Problem(
                    where,
                    None,
                    t('this item is not an object; write each row as {"ref": ..., ...}'),
                    rejects=True,
                )
            ]
        problems: list[Problem] = []
        values: dict[str, str | None] = {}
        names: dict[str, str] = {}
        for key, value in item.items():
            name = self.aliases.get(fold(str(key)))
            if name is None:
                if key not in self.reported:
                    self.reported.add(key)
                    problems.append(
                        Problem(
                            where,
                            str(key),
                            t(
                                "unknown key for {name}; rename it to one of {known} or remove it",
                                name=self.kind.name,
                                known=_known(self.kind),
                            ),
                        )
                    )
                continue
            if isinstance(value, (dict, list)):
                problems.append(
                    Problem(
                        where, str(key), t("the value is a list or object; give text or a number")
                    )
                )
                continue
            names[name] = str(key)
            if value is None:
                values[name] = None
            elif isinstance(value, bool):
                values[name] = "true" if value else "false"
            elif isinstance(value, float) and value.is_integer():
                values[name] = str(int(value))
            else:
                values[name] = str(value)
        for name in self.kind.required:
            if name not in names:
                problems.append(
                    Problem(
                        where,
                        None,
                        t(
                            "the key {columns} is missing; add it",
                            columns=self.kind.columns[name][0],
                        ),
                    )
                )
        if problems:
            problems[0].rejects = True
            return problems
        return Row(where, values, names, tuple(self.kind.columns))


def _json_rows(source: Source, kind: Kind) -> Rows:
    """A JSON array, decoded an item at a time; or an object with a list per kind (as
    'efter export all --format json' writes it), of which this kind's list is read."""
    import json  # only a JSON file needs it (a CSV import does not pay for it)

    keys = _Keys(kind)
    decoder = json.JSONDecoder()
    incremental = codecs.getincrementaldecoder("utf-8-sig")()
    handle = source.handle
    handle.seek(0)
    buffer, line, eof = "", 1, False

    def more() -> bool:
        nonlocal buffer, eof
        if eof:
            return False
        chunk = handle.read(_CHUNK)
        source.done += len(chunk)
        buffer += incremental.decode(chunk, final=not chunk)
        eof = not chunk
        return True

    def skip() -> None:
        nonlocal buffer, line
        while True:
            stripped = buffer.lstrip(" \t\r\n")
            line += buffer.count("\n", 0, len(buffer) - len(stripped))
            buffer = stripped
            if buffer or not more():
                return

    def parse() -> Any:
        nonlocal buffer, line
        while True:
            try:
                item, end = decoder.raw_decode(buffer)
            except json.JSONDecodeError as error:
                if len(buffer) < _MAX_ITEM and more():
                    continue
                at = line + buffer.count("\n", 0, error.pos)
                raise _Undecodable(
                    at, t("the file is not valid JSON ({problem}); correct it", problem=error.msg)
                ) from None
            line += buffer.count("\n", 0, end)
            buffer = buffer[end:]
            return item

    try:
        skip()
        if not buffer:
            yield Problem("", None, t(_EMPTY))
            return
        if buffer.startswith("{"):
            whole = parse()
            items = whole.get(kind.name) if isinstance(whole, dict) else None
            if not isinstance(items, list):
                yield Problem(
                    "line 1",
                    None,
                    t(
                        "the file is one JSON object without a '{name}' list; give a JSON array of "
                        "rows, or JSON Lines with --format jsonl",
                        name=kind.name,
                    ),
                )
                return
            for number, item in enumerate(items, start=1):
                result = keys.row(item, f"{kind.name} item {number}")
                yield from [result] if isinstance(result, Row) else result
            return
        if not buffer.startswith("["):
            raise _Undecodable(
                line, t("the file is not a JSON array; start it with [ and end it with ]")
            )
        buffer = buffer[1:]
        skip()
        if buffer.startswith("]"):
            return
        while True:
            skip()
            where = f"line {line}"
            result = keys.row(parse(), where)
            yield from [result] if isinstance(result, Row) else result
            skip()
            if buffer.startswith(","):
                buffer = buffer[1:]
                continue
            if buffer.startswith("]"):
                return
            raise _Undecodable(line, t("expected , or ] after the item; correct the JSON"))
    except _Undecodable as error:
        yield Problem(f"line {error.line}", None, error.message)
    except UnicodeDecodeError:
        yield Problem(f"line {line}", None, t("the JSON is not UTF-8 text; save it as UTF-8"))


def _jsonl_rows(source: Source, kind: Kind) -> Rows:
    import json

    keys = _Keys(kind)
    handle = source.handle
    handle.seek(0)
    seen = False
    for number, raw in enumerate(handle, start=1):
        source.done += len(raw)
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        where = f"line {number}"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield Problem(where, None, t("the line is not UTF-8 text; save the file as UTF-8"))
            return
        if not text.strip():
            continue
        seen = True
        try:
            item = json.loads(text)
        except json.JSONDecodeError as error:
            yield Problem(
                where,
                None,
                t("the line is not valid JSON ({msg}); correct it", msg=error.msg),
                rejects=True,
            )
            continue
        result = keys.row(item, where)
        yield from [result] if isinstance(result, Row) else result
    if not seen:
        yield Problem("", None, t(_EMPTY))
