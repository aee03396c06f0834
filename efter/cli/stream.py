"""A long --json list written as it is read: peak memory stays flat with the case file.

The text is exactly what emit_json(list(items)) prints (json.dumps with indent=2 nests each
item two spaces in, and a raw newline only ever stands between tokens), so a script cannot
tell the difference; only memory can.
"""

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from operator import itemgetter
from typing import Any

from efter.cli.jsontext import indented, json_members
from efter.cli.output import json_safe, utf8_stdout
from efter.core.rows import Rows

FLUSH_EVERY = 256  # items: one write per batch, not one per item


@contextmanager
def shown_then_noted(casefile: Any, shown: Callable[[], Iterable[int]]) -> Iterator[Any]:
    """A long output read from one snapshot as it is written (CaseFile.read: other commands
    may write meanwhile, however slowly the output is read), then the young people it showed
    (`shown()`, once the output has ended) noted as viewed in a short write of their own,
    also when the output was cut short (an interrupt, `| head`): they were seen all the
    same. A write transaction around the whole output held the case file for as long as
    `| less` stayed open."""
    from efter.core import audit

    try:
        with casefile.read() as conn:
            yield conn
    finally:
        ids = list(shown())
        if ids:
            with casefile.write():
                audit.viewed(ids)


def emit_json_list(items: Iterable[Any]) -> int:
    """Print `items` as one JSON array, one batch at a time. Returns how many there were.
    Where stdout writes UTF-8, the batches are written as UTF-8 to its bytes underneath
    (jsontext.chunks says why)."""
    buffer = utf8_stdout()
    utf8 = buffer is not None
    write: Any = sys.stdout.write if buffer is None else buffer.write
    count = 0
    found = iter(items)
    while batch := list(islice(found, FLUSH_EVERY)):
        opening = "[\n  " if count == 0 else ",\n  "
        text = _batch(batch, utf8)
        write(opening.encode() + text if utf8 else opening + text)
        count += len(batch)
    end = "[]\n" if count == 0 else "\n]\n"
    write(end.encode() if utf8 else end)
    if buffer is not None:
        buffer.flush()  # out now, as a line-buffered stdout would have it (before the hint)
    return count


def _batch(batch: list[Any], utf8: bool) -> Any:
    """The items' JSON text as members of the list, each after the first behind ",\\n  ";
    in UTF-8 with `utf8`. Dicts with the same keys in the same order (a young person
    described, each) are written from their columns, as a report's rows are
    (jsontext.json_members: the keys and separators made once a batch, each column's values at
    once); anything else an item at a time."""
    first = batch[0]
    keys = list(first) if type(first) is dict else None
    if keys and all(type(item) is dict and list(item) == keys for item in batch):
        return json_members(Rows({key: list(map(itemgetter(key), batch)) for key in keys}),
                       json_safe, utf8)  # fmt: skip
    text = ",\n  ".join(json_safe(indented(item)).replace("\n", "\n  ") for item in batch)
    return text.encode() if utf8 else text
