"""A long --json list written as it is read: peak memory stays flat with the case file.

The text is exactly what emit_json(list(items)) prints (json.dumps with indent=2 nests each
item two spaces in, and a raw newline only ever stands between tokens), so a script cannot
tell the difference; only memory can.
"""

import sys
from collections.abc import Iterable
from typing import Any

from efter.cli.jsontext import indented
from efter.cli.output import json_safe

FLUSH_EVERY = 256  # items: one write per batch, not one per item


def emit_json_list(items: Iterable[Any]) -> int:
    """Print `items` as one JSON array, one batch at a time. Returns how many there were."""
    out = sys.stdout
    count = 0
    batch: list[str] = []
    for item in items:
        text = json_safe(indented(item)).replace("\n", "\n  ")
        batch.append(("[\n  " if count == 0 else ",\n  ") + text)
        count += 1
        if len(batch) == FLUSH_EVERY:
            out.write("".join(batch))
            batch.clear()
    batch.append("[]\n" if count == 0 else "\n]\n")
    out.write("".join(batch))
    return count
