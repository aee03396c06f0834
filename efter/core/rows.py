"""`Rows`: a report's long per-person section, kept column by column.

A report of 10,000 young people has a row per young person; made as a dict each, the rows
were taken apart again, key by key, for the table and the CSV, and the collector walked them
all. `Rows` holds the section as `{key: values, top to bottom}` (every list as long as the
others) and is read as what it stands for, a sequence of dicts: `rows[n]`, `for row in rows`
and `len(rows)` make each dict when it is asked for (a page's template, a test). The table and
the CSV take `rows.columns` as they are, and `--json` writes the rows from the columns
(efter.cli.jsontext), the same text `json.dumps` writes for the list of dicts.
"""

from collections.abc import Iterator, Sequence
from typing import Any, overload


class Rows(Sequence[dict[str, Any]]):
    __slots__ = ("columns",)

    def __init__(self, columns: dict[str, list[Any]]) -> None:
        self.columns = columns

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), ()))

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return list(self)[index]
        return {key: values[index] for key, values in self.columns.items()}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        keys = tuple(self.columns)
        return (
            dict(zip(keys, row, strict=True)) for row in zip(*self.columns.values(), strict=True)
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a sequence that compares by value, as a list

    def __repr__(self) -> str:
        return f"Rows({list(self)!r})"
