"""`Rows`: a report's long per-person section, kept column by column.

A report of 10,000 young people has a row per young person; made as a dict each, the rows
were taken apart again, key by key, for the table and the CSV, and the collector walked them
all. `Rows` holds the section as `{key: values, top to bottom}` (every list as long as the
others) and is read as what it stands for, a sequence of dicts: `rows[n]`, `for row in rows`
and `len(rows)` make each dict when it is asked for (a page's template, a test). The table and
the CSV take `rows.columns` as they are, and `--json` writes the rows from the columns
(efter.cli.jsontext), the same text `json.dumps` writes for the list of dicts.
"""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, cast, overload


class ByValue:
    """A column-kept sequence that compares by value with a list, a tuple or another such
    sequence, and shows as one (Rows, Records, deadlines.DatesByCode)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ByValue | list | tuple):
            return list(cast("Iterable[Any]", self)) == list(cast("Iterable[Any]", other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a sequence that compares by value, as a list

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(cast('Iterable[Any]', self))!r})"


class Alike(NamedTuple):
    """Neighbouring columns of a Rows whose values come in a few sets (a report's counts per
    young person: a few hundred sets among 10,000 young people), as the sets themselves
    (`kinds`, each a tuple of the columns' values in the order of `keys`) and each row's
    set (`which`, a number into `kinds`). The columns still hold every value; this only
    tells the table and --json that they may write each set once (efter.cli.jsontext,
    efter.cli.reports). Every kind is some row's."""

    keys: tuple[str, ...]
    which: list[int]
    kinds: list[tuple[Any, ...]]


class Rows(ByValue, Sequence[dict[str, Any]]):
    __slots__ = ("alike", "columns")

    def __init__(self, columns: dict[str, list[Any]], alike: Alike | None = None) -> None:
        self.columns = columns
        self.alike = alike

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


class Records(ByValue, Sequence[dict[str, Any] | None]):
    """A column of a Rows whose cells are records of a few kinds, each with one value of its
    own, or None (the outcomes report's open cases' status now: its kind is its education and
    work, with their outcome; its own value the day it holds from). Kept as each cell's kind
    (a number into `kinds`, None for no record) and own value (`own`, under `key`; plain
    values, not shown where a cell has no record): a record is made only when it is asked
    for (a page's template, a test), and the table and --json read the kinds and the own
    values as they are (`column()`; efter.cli.jsontext writes each kind's text once). Each
    of `kinds` holds `key` in its place among the others (its value there is never shown)."""

    __slots__ = ("key", "kinds", "own", "which")

    def __init__(
        self, key: str, kinds: list[dict[str, Any]], which: list[int | None], own: list[Any]
    ) -> None:
        self.key, self.kinds, self.which, self.own = key, kinds, which, own

    def __len__(self) -> int:
        return len(self.which)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any] | None: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any] | None]: ...

    def __getitem__(
        self, index: int | slice
    ) -> dict[str, Any] | list[dict[str, Any] | None] | None:
        if isinstance(index, slice):
            return list(self)[index]
        kind = self.which[index]
        if kind is None:
            return None
        record = dict(self.kinds[kind])
        record[self.key] = self.own[index]
        return record

    def __iter__(self) -> Iterator[dict[str, Any] | None]:
        return map(self.__getitem__, range(len(self.which)))

    def column(self, key: str, none: Any = None) -> list[Any]:
        """Every cell's value of `key`, top to bottom (`none` where a cell has no record)."""
        if key == self.key:
            return [
                none if kind is None else own
                for kind, own in zip(self.which, self.own, strict=True)
            ]
        values: dict[int | None, Any] = {n: kind[key] for n, kind in enumerate(self.kinds)}
        values[None] = none
        return list(map(values.__getitem__, self.which))
