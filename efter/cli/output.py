"""What commands print: payload to stdout (text, JSON, tables, label/value blocks), talk
(confirmations, hints, warnings) to stderr so that stdout stays data.

Every user value passes through efter.core.text.shown on its way out: control and bidi
characters become visible escapes, so a stored value can never steer the terminal.
"""

import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice, repeat, zip_longest
from typing import Any

from efter.cli.frame import scrub
from efter.core.errors import InvalidInput, UsageMistake
from efter.core.i18n import danish, t
from efter.core.patterns import Pattern
from efter.core.text import shown


def table_limit(limit: int | None, all_: bool, json: bool, default: int) -> int | None:
    """How many rows a list shows: --limit N, everything with --all or --json, else the
    table's default page."""
    if all_ and limit is not None:
        raise UsageMistake(t("Give either --all or --limit, not both."))
    if limit is not None and limit > 1_000_000:
        raise InvalidInput(
            t("--limit takes a number from 1 to 1000000: give a smaller one, or --all.")
        )
    if limit is None and not all_ and not json:
        return default
    return limit


def json_text(data: Any) -> str:
    """JSON as efter prints it: UTF-8 text, with the characters that could steer a terminal
    (C1 controls, bidi controls, line separators, lone surrogates; json itself escapes C0)
    written as \\u escapes, so the data is the same and a terminal shows it as it is."""
    from efter.cli.jsontext import indented  # once per command: see efter.cli.stream

    return json_safe(indented(data))  # json.dumps(data, ensure_ascii=False, indent=2), faster


def json_safe(text: str) -> str:
    """JSON text with the characters that could steer a terminal written as \\u escapes."""
    if text.isascii():  # ASCII (kept in one byte a character): only DEL could steer
        if "\x7f" not in text:
            return text
    else:  # Latin-1 text, Danish included, is proved clean by one pass in C over its bytes
        try:
            if not text.encode("latin-1").translate(None, _LATIN_SAFE):
                return text
        except UnicodeEncodeError:
            pass
    if not text.isprintable():
        text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


# Latin-1's bytes but those of the unsafe characters below 256 (DEL and the C1 controls).
_LATIN_SAFE = bytes(b for b in range(256) if not 0x7F <= b <= 0x9F)


# Newline (between JSON lines) is the only character outside a string json leaves unescaped.
_JSON_UNSAFE = Pattern(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def emit_json(data: Any) -> None:
    """json_text(data) and a newline on stdout; a report's per-person section (a Rows)
    written a thousand rows at a time, so memory stays flat with the case file. Where
    stdout writes UTF-8 (nearly everywhere), the pieces are made as UTF-8 and written to
    its bytes underneath (jsontext.chunks says why)."""
    from efter.cli.jsontext import chunks

    out = utf8_stdout()
    if out is None:
        write = sys.stdout.write
        for text in chunks(data, json_safe):
            write(text)
        write("\n")
        return
    out.writelines(chunks(data, json_safe, utf8=True))
    out.write(b"\n")
    out.flush()  # out now, as a line-buffered stdout would have it (before anything on stderr)


def utf8_stdout() -> Any:
    """stdout's binary buffer, once what was written to stdout as text is flushed into it,
    when stdout encodes its text as UTF-8 (so bytes written there in UTF-8 read as if
    written as text); else None, and also where stdout writes a newline as another line
    ending (Windows). Text with a lone surrogate must not go this way (stdout's error
    handler, not UTF-8, says what becomes of one)."""
    import codecs

    out = sys.stdout
    buffer, encoding = getattr(out, "buffer", None), getattr(out, "encoding", None)
    if buffer is None or not encoding or os.linesep != "\n":  # "\r\n" for each "\n"
        return None
    try:
        if codecs.lookup(encoding).name != "utf-8":
            return None
    except LookupError:
        return None
    out.flush()
    return buffer


def echo(text: str = "") -> None:
    """User text (a record's minutes, a document) on stdout, safe for a terminal: control
    and bidi characters as visible escapes, newline and tab kept."""
    sys.stdout.write(shown(text) + "\n")


def say(message: str) -> None:
    """A confirmation or hint: stderr, so stdout stays data."""
    sys.stderr.write(shown(message) + "\n")


def warn(message: str) -> None:
    sys.stderr.write(t("Warning: {message}", message=scrub(message)) + "\n")


def terminal() -> bool:
    """Whether stdout is a terminal a person reads (rather than a pipe or a file)."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    empty: str | None = None,
) -> None:
    """A table on stdout; every cell is plain text, never markup.

    Anywhere but a terminal (a pipe, a file) it is plain aligned lines that never wrap, one
    line per row, so that `efter youth list | grep Nørgaard` finds every name whole. On a
    terminal the same, with the widest columns folded to fit its width. (rich drew it until
    2026-12: 420 ms more CPU for `youth list`'s first 100 of 10,000, measured; rich still
    draws the rare table holding characters that are not one cell wide and must fold.)
    """
    if not rows:
        say(t("Nothing to show.") if empty is None else empty)
        return
    # Column by column: a report's table is 100,000 cells, and a column's checks (is it all
    # text, all printable, all one cell per character?) are one call in C for all its cells.
    table_columns(columns, list(zip(*rows, strict=True)), title=title, empty=empty)


def table_columns(
    columns: Sequence[str],
    cells: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    empty: str | None = None,
) -> None:
    """table(), given its cells column by column (cells[n] is column n, top to bottom): what
    the reports build, so that no row of cells is ever made before it is printed."""
    if not cells or not cells[0]:
        say(t("Nothing to show.") if empty is None else empty)
        return
    head = [shown(t(column)) for column in columns]  # headings are efter's words, never data
    texts = [_texts(column) for column in cells]
    title = shown(title) if title else None
    if not terminal():
        sys.stdout.writelines(_column_lines(head, texts, title))
        return
    width = shutil.get_terminal_size().columns
    if all(map(_narrow, head)) and all(_narrow("".join(column)) for column in texts):
        # one terminal cell a character in every cell (nearly every table): measured,
        # padded and folded a column at a time, as in a pipe
        sys.stdout.writelines(_narrow_lines(head, texts, title, width))
        return
    rows = [list(row) for row in zip(*texts, strict=True)]
    widths = _widths(head, rows)
    if sum(widths) + 3 * (len(widths) - 1) <= width:
        lines = list(plain_lines(head, rows, title))
        if _bold():
            lines[1 if title else 0] = _in_bold(lines[1 if title else 0])
        sys.stdout.writelines(lines)
    elif all(_narrow(cell) for row in (head, *rows) for cell in row):
        sys.stdout.writelines(folded_lines(head, rows, title, width))
    else:
        _rich_table(head, rows, title)


def table_batches(
    columns: list[str], batches: Iterator[list[list[Any]]], *, title: str, empty: str
) -> int:
    """table_columns() of cells that come in batches (each a list of columns: a long list
    read a batch at a time, `efter due --all`); returns how many rows it had. One batch, or
    on a terminal (which measures, folds and draws its own way): table_columns() itself. In a
    pipe, a table's columns are as wide as their widest cell, so nothing can be written
    before the last batch is read: each batch's cells are kept as the text they show, each
    column's joined into one string (a few bytes a cell, where a list of texts is ~60 bytes
    a cell more: `due --all` at 50,000 young people held 141 MiB), measured as they come,
    then padded and written as table_columns() writes them (_column_lines(): the same
    measures, so the same lines)."""
    first = next(batches, None)
    if first is None or not first[0]:
        table_columns(columns, [[]], title=title, empty=empty)  # "nothing to show"
        return 0
    second = next(batches, None)
    if second is None or terminal():
        if second is not None:  # every batch's column n, one after the other
            found = [first, second, *batches]
            first = [[cell for batch in found for cell in batch[n]] for n in range(len(first))]
        table_columns(columns, first, title=title, empty=empty)
        return len(first[0])
    head = [shown(t(column)) for column in columns]
    widths = [_cells(text) for text in head]
    wide = [False] * len(head)  # a column with a cell not one terminal cell a character
    kept: list[list[str]] = []
    count = 0
    for batch in chain((first, second), batches):
        texts = [_texts(column) for column in batch]
        count += len(texts[0])
        for n, column in enumerate(texts):
            width, padded = _measured(column)
            widths[n], wide[n] = max(widths[n], width), wide[n] or padded
        kept.append(["\x00".join(column) for column in texts])  # NUL: shown() escapes it
    if title:
        sys.stdout.write(shown(title) + "\n")
    sys.stdout.writelines(head_lines(head, widths))
    for joined in kept:
        sys.stdout.writelines(_row_lines([text.split("\x00") for text in joined], widths, wide))
    return count


def _narrow_lines(
    head: Sequence[str], texts: Sequence[list[str]], title: str | None, width: int
) -> Iterable[str]:
    """What table_columns() draws on a terminal `width` columns wide from cells of one
    terminal cell a character: plain_lines() with the header in bold when the table fits,
    else folded_lines(); the same lines, made a column at a time (a report's table on a
    terminal: 100,000 cells)."""
    widths = [max(len(h), max(map(len, column))) for h, column in zip(head, texts, strict=True)]
    if sum(widths) + 3 * (len(widths) - 1) <= width:
        whole = iter(_column_lines(head, texts, title))
        if title:
            yield next(whole)
        heading = next(whole)
        yield _in_bold(heading) if _bold() else heading
        yield from whole
        return
    import textwrap

    # a column of at most 8 is not narrowed while words are kept whole: its words not read
    longest = [
        _longest_word(h, column) if w > 8 else w
        for h, column, w in zip(head, texts, widths, strict=True)
    ]
    widths = _narrowed(head, widths, width, longest)
    yield from _folded_top(head, widths, title, width, textwrap)
    # each cell longer than its column folded (_folds()), None where it fits
    blocks = [_folds(column, w, textwrap) for column, w in zip(texts, widths, strict=True)]
    # a row that fits is one %-format, as in a pipe; ljust and %-Ns pad alike
    line = "   ".join(f"%-{w}s" for w in widths)
    lines = []
    for row, folds in zip(zip(*texts, strict=True), zip(*blocks, strict=True), strict=True):
        if not any(folds):
            lines.append((line % row).rstrip(" ") + "\n")
        else:
            parts = [fold or (cell,) for cell, fold in zip(row, folds, strict=True)]
            for cells in zip_longest(*parts, fillvalue=""):
                lines.append((line % cells).rstrip(" ") + "\n")
        if len(lines) >= BATCH:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)


def _folds(column: list[str], width: int, textwrap: Any) -> list[list[str] | None]:
    """Each cell of a column folded to `width` (_folded()), each distinct text once (cells
    repeat); None where it fits."""
    if max(map(len, column)) <= width:
        return [None] * len(column)
    seen: dict[str, list[str]] = {}
    return [
        None if len(cell) <= width else seen.get(cell) or seen.setdefault(cell, _folded(cell, width, textwrap))
        for cell in column
    ]  # fmt: skip


def _longest_word(head: str, column: Sequence[str]) -> int:
    """The longest word (text between spaces) in a column of one-cell characters or its
    heading: how narrow the column can be with no word broken. Each distinct text read once
    (names and coordinators repeat)."""
    cells = " ".join(dict.fromkeys(column))
    return max(max(map(len, head.split(" "))), max(map(len, cells.split(" "))))


def _texts(column: Sequence[Any]) -> list[str]:
    """A column's cells as the text shown: None as empty, the rest as str(), and anything
    that could steer a terminal as a visible escape (core.text.shown)."""
    kinds = set(map(type, column))
    if kinds == _STR:
        texts = list(column)
    elif _NONE in kinds:
        texts = ["" if cell is None else str(cell) for cell in column]
    else:
        texts = list(map(str, column))  # str() of a str is the str itself, in C
    if not "".join(texts).isprintable():
        texts = [shown(text) for text in texts]
    return texts


_STR, _NONE = {str}, type(None)
BATCH = 4096  # lines written at once


def _column_lines(
    head: Sequence[str], texts: Sequence[list[str]], title: str | None
) -> Iterable[str]:
    """plain_lines() of a table given by columns: the same text, with each column measured
    and padded as a whole. A column of one-cell characters (nearly every column) is padded
    by a %-format of the whole row and the line's trailing spaces taken off (the padding,
    as plain_lines does), both applied to every row by map(): no Python code runs per row
    or per cell."""
    measured = [_measured(column) for column in texts]
    widths = [max(_cells(name), width) for name, (width, _) in zip(head, measured, strict=True)]
    if title:
        yield title + "\n"
    yield from head_lines(head, widths)
    yield from _row_lines(texts, widths, [wide for _, wide in measured])


def _measured(column: list[str]) -> tuple[int, bool]:
    """A column of cell texts' width in terminal cells, and whether it is padded cell by cell
    (rare: wide or combining characters); a column of one-cell characters (nearly every
    column) is measured by len() and padded by a %-format."""
    joined = "".join(column)
    if joined.isascii() or _narrow_match(joined) is not None:
        return max(map(len, column), default=0), False
    return max(map(_cells, column), default=0), True


def _row_lines(
    texts: Sequence[list[str]], widths: Sequence[int], wide: Sequence[bool]
) -> Iterator[str]:
    """The rows of a table given by columns, padded to these widths, BATCH lines a piece:
    each row by a %-format of the whole row and the line's trailing spaces taken off (the
    padding, as plain_lines does), both applied to every row by map(): no Python code runs
    per row or per cell but for a column padded cell by cell (`wide`)."""
    formats = [
        "%s" if padded else f"%-{width}s" for width, padded in zip(widths, wide, strict=True)
    ]
    formats[-1] = "%s"  # the last column's padding is what rstrip() takes off again
    line = "   ".join(formats)
    padded_texts = [
        [text + " " * (width - _cells(text)) for text in column] if padded else column
        for column, width, padded in zip(texts, widths, wide, strict=True)
    ]
    # zip() hands each row to the format and takes it back: no tuple is made per row
    rows, spaces = zip(*padded_texts, strict=True), repeat(" ")
    for _ in range(0, len(texts[0]), BATCH):
        yield "\n".join(map(str.rstrip, map(line.__mod__, islice(rows, BATCH)), spaces)) + "\n"


def head_lines(head: Sequence[str], widths: Sequence[int]) -> list[str]:
    """A table's heading and the rule under it, for columns this wide (as every table of
    plain lines draws them)."""
    return [_line(head, widths), "─" * (sum(widths) + 3 * (len(widths) - 1)) + "\n"]


def width_of(text: str) -> int:
    """How many terminal cells `text` takes (a heading's width in a table)."""
    return _cells(text)


def plain_lines(
    columns: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None
) -> Iterable[str]:
    """The table as lines (each ending in a newline): the title, the headers, a rule, then
    one line per row; columns three spaces apart and as wide as their widest cell."""
    widths = _widths(columns, rows)
    if title:
        yield title + "\n"
    yield _line(columns, widths)
    yield "─" * (sum(widths) + 3 * (len(widths) - 1)) + "\n"
    for row in rows:
        yield _line(row, widths)


def _widths(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    widths = [_cells(column) for column in columns]
    for row in rows:
        for n, cell in enumerate(row):
            if cell.isascii():  # one cell per character: the quick path for nearly every cell
                if len(cell) > widths[n]:
                    widths[n] = len(cell)
            elif len(cell) > widths[n] or not _narrow(cell):
                widths[n] = max(widths[n], _cells(cell))
    return widths


def folded_lines(
    columns: Sequence[str], rows: Sequence[Sequence[str]], title: str | None, width: int
) -> Iterable[str]:
    """The table fitted to `width` columns of one-cell characters: the widest columns narrowed
    in turn (none below 8, or its header), their cells folded at spaces (or inside a word
    longer than the column); a row takes as many lines as its tallest cell."""
    import textwrap

    longest = [
        max(_cells(word) for text in (heading, *column) for word in text.split(" "))
        for heading, column in zip(columns, zip(*rows, strict=True), strict=True)
    ]
    widths = _narrowed(columns, _widths(columns, rows), width, longest)
    yield from _folded_top(columns, widths, title, width, textwrap)
    for row in rows:
        yield from _folded_row(row, widths, textwrap)


def _folded_top(
    head: Sequence[str], widths: Sequence[int], title: str | None, width: int, textwrap: Any
) -> list[str]:
    """A folded table's title, its header in bold (unless colour is off) and the rule."""
    lines = [line + "\n" for line in textwrap.wrap(title, width) or [title]] if title else []
    header = list(_folded_row(head, widths, textwrap))
    if _bold():
        header = list(map(_in_bold, header))
    return [*lines, *header, "─" * (sum(widths) + 3 * (len(widths) - 1)) + "\n"]


def _narrowed(
    head: Sequence[str], widths: list[int], width: int, longest: Sequence[int]
) -> list[int]:
    """The columns' widths fitted to `width`: the widest narrowed in turn, first none below
    8 or its longest word (a name folds at its spaces; a date, a ref, a number or a share
    stays whole), and only when that is not narrow enough, further, none below 8 or its
    header."""
    room = width - 3 * (len(widths) - 1)
    whole = [min(w, max(8, most)) for w, most in zip(widths, longest, strict=True)]
    _narrow_in_turn(widths, whole, room)
    floor = [min(w, max(8, len(column))) for w, column in zip(widths, head, strict=True)]
    _narrow_in_turn(widths, floor, room)
    return widths


def _narrow_in_turn(widths: list[int], floor: Sequence[int], room: int) -> None:
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda n: widths[n] - floor[n])
        if widths[widest] <= floor[widest]:
            break  # too narrow a terminal: the lines run over, as a terminal wraps them
        widths[widest] -= 1


def _folded_row(cells: Sequence[str], widths: Sequence[int], textwrap: Any) -> Iterable[str]:
    """One row's lines, its cells folded to their columns."""
    blocks = [
        _folded(cell, w, textwrap) if len(cell) > w else [cell]
        for cell, w in zip(cells, widths, strict=True)
    ]
    for n in range(max(len(block) for block in blocks)):
        yield _line([block[n] if n < len(block) else "" for block in blocks], widths)


def _folded(cell: str, width: int, textwrap: Any) -> list[str]:
    """textwrap.wrap(cell, width, break_on_hyphens=False) or [""]. For the usual cell (words
    one space apart) textwrap's own steps are taken here without its set-up (a wrapper
    made, tabs expanded, spaces translated, a regular expression split): ~25 µs a call,
    and a report's table on a terminal folds 50,000 cells. tests/test_table.py holds the
    two to the same lines."""
    words = cell.split(" ")
    # any other space (a tab, a no-break space), or two in a row: textwrap itself
    if width < 1 or words != cell.split():
        return textwrap.wrap(cell, width, break_on_hyphens=False) or [""]
    lines: list[str] = []
    if max(map(len, words)) <= width:  # no word to break: lines filled word by word
        text = words[0]
        for word in words[1:]:
            if len(text) + 1 + len(word) <= width:
                text = f"{text} {word}"
            else:
                lines.append(text)
                text = word
        lines.append(text)
        return lines
    chunks = [" "] * (2 * len(words) - 1)  # textwrap's chunks, last first
    chunks[::2] = reversed(words)
    while chunks:
        line: list[str] = []
        filled = 0
        if lines and chunks[-1] == " ":  # a line after the first starts with no space
            chunks.pop()
        while chunks and filled + len(chunks[-1]) <= width:
            filled += len(chunks[-1])
            line.append(chunks.pop())
        if chunks and len(chunks[-1]) > width:  # a word longer than the column: broken
            word = chunks[-1]
            line.append(word[: width - filled])
            chunks[-1] = word[width - filled :]
        if line and line[-1] in ("", " "):  # a line ends with no space (as textwrap: once)
            line.pop()
        if line:
            lines.append("".join(line))
    return lines or [""]


def _in_bold(line: str) -> str:
    """A line (ending in a newline) in bold on a terminal."""
    return f"\x1b[1m{line[:-1]}\x1b[0m\n"


def _bold() -> bool:
    """Headers in bold on a terminal, unless colour is turned off (NO_COLOR, TERM=dumb)."""
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM", "") not in ("dumb", "")


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    # ljust pads by characters: right for one-cell text (nearly every cell, tested at once
    # by isascii), measured otherwise. A report's table draws 300,000 cells.
    padded = [
        cell.ljust(width)
        if cell.isascii() or _narrow(cell)
        else cell + " " * (width - _cells(cell))
        for cell, width in zip(cells, widths, strict=True)
    ]
    return "   ".join(padded).rstrip(" ") + "\n"  # the padding, not a value's own spaces


# One terminal cell per character: printable ASCII, Latin-1 and the Latin letters (Danish
# names), general punctuation such as – and …, and €. Anything else is measured.
_NARROW = re.compile(r"[\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027\u2030-\u205e\u20ac]*")
_narrow_match = _NARROW.fullmatch


def _narrow(text: str) -> bool:
    return text.isascii() or _narrow_match(text) is not None


def one_cell(text: str) -> bool:
    """Whether `text` is printable with one terminal cell a character, so that a table in a
    pipe measures and pads it by its length (efter.cli.reports joins cells so)."""
    return text.isprintable() and _narrow(text)


def _cells(text: str) -> int:
    """How many terminal cells `text` takes: wide (CJK) characters two, combining marks and
    invisible formatting none."""
    if _narrow(text):
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _rich_table(columns: Sequence[str], rows: Sequence[Sequence[str]], title: str | None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    drawn = Table(
        title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False, show_edge=False
    )
    for column in columns:
        drawn.add_column(column, overflow="fold")
    for row in rows:
        drawn.add_row(*(Text(text) for text in row))
    _console().print(drawn)


def _console() -> Any:
    from rich.console import Console

    # markup and emoji off: user text such as 'Anna [plejefamilie]' prints exactly as typed.
    return Console(markup=False, emoji=False, highlight=False, soft_wrap=False)


def word(code: str | None, terms: Sequence[Any]) -> str:
    """A stored code (a status, a kind) in a table: the code itself in English, as it has
    always read, and its Danish label in lower case in Danish (efter.core.vocab's Terms)."""
    if not code or not danish():
        return code or ""
    for term in terms:  # called per row: no import, no call
        if term.code == code:
            return str(term.da[:1].lower() + term.da[1:])
    return code


def plain(text: object) -> str:
    """User text for the terminal: as typed, but control characters (escape sequences, line
    breaks) cannot move the cursor or break the layout."""
    return "".join(c if c.isprintable() else " " if c in "\t\n\r" else "\ufffd" for c in str(text))


def fields(pairs: Sequence[tuple[str, Any]]) -> None:
    """A 'label  value' block for show commands, plain text (a terminal wraps long lines)."""
    pairs = [(t(label), value) for label, value in pairs]  # labels are efter's words
    width = max(len(label) for label, _ in pairs)
    sys.stdout.writelines(
        f"{label.ljust(width)}  {'' if value is None else shown(str(value))}".rstrip(" ") + "\n"
        for label, value in pairs
    )
