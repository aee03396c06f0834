"""Programme prices: a price per young person per programme (indsats), in whole kroner,
keyed by the programme's name in any case. Checked by efter.core.prices, as
'efter programme price' checks them. A price concerns no young person."""

import sqlite3
from collections.abc import Callable, Iterator
from functools import partial
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any, ClassVar

from efter.core import prices as core
from efter.core import programmes
from efter.core.errors import EfterError
from efter.core.i18n import t
from efter.core.text import check as check_text
from efter.transfer.kinds import (
    FAILED,
    Chunk,
    Context,
    Planned,
    QuickKind,
    changing,
    planned,
    text,
)
from efter.transfer.rows import Problem, Row, checked

_WHERE, _ACTION = attrgetter("where"), attrgetter("action")
_RECORD, _TARGET = attrgetter("record"), attrgetter("target")
_PROGRAMME, _AMOUNT = itemgetter("programme"), itemgetter("amount")


class PriceKind(QuickKind):
    name = "prices"
    noun = "programme price"
    key_field = "programme"
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "programme": ("programme", "indsats", "program"),
        "amount": ("price", "pris", "pris_pr_ung", "beløb", "amount"),
    }
    required = ("programme", "amount")
    pseudonyms: ClassVar[dict[str, str]] = {}
    example: ClassVar[dict[str, str]] = {"programme": "EMPOWER4U->DRØMMEJOB", "amount": "29.500"}

    def raw_key(self, row: Row) -> tuple[Any, ...] | None:
        return _raw_key(row.values.get("programme"))

    def raw_keys(self, rows: Chunk, ctx: Context) -> list[tuple[Any, ...] | None]:
        """raw_key() of each row, a column at a time (each distinct name once; in C when
        every cell holds text with no space around it)."""
        names = rows.as_text("programme")
        if names is not None:
            return list(zip(repeat(""), map(str.casefold, names)))
        return ctx.column(_raw_key, rows.cells("programme"))

    def plan_many(self, rows: Chunk, ctx: Context) -> list[Planned] | None:
        """Every row of a chunk as plan_quick() plans it, a column at a time: the programme
        names spelled against the catalogue together (Catalogue.spellings) when every cell
        is plain text, else each distinct one on its own (Context.column); the amounts
        likewise (whole kroner in ASCII digits at once, else each distinct one parsed); None
        when a row needs the careful plan (then the importer plans the chunk row by row)."""
        catalogue = self._catalogue(ctx)
        given = rows.as_text("programme")
        if given is not None and "".join(given).isprintable():  # what check_text() passes
            names: list[Any] = catalogue.spellings(given)
        else:
            spell = partial(_spelled, catalogue)
            names = ctx.column(spell, rows.cells("programme"), key=(self.name, "programme"))
        cells = rows.cells("amount")
        amounts = _whole_kroner(cells)
        if amounts is None:
            amounts = ctx.column(_amount, cells)
        if None in names or FAILED in names or None in amounts or FAILED in amounts:
            return None
        stored, fields = ctx.cache["prices"], ("programme", "amount")
        folds = list(map(str.casefold, names))
        keys = list(zip(folds))
        labels = list(map("{} {} kr.".format, names, amounts))
        records = list(map(_record, names, amounts))
        existing = list(map(stored.get, folds))
        wheres = map(_WHERE, rows)
        if not any(existing):  # most often: every price new (no loop per row here)
            return list(map(Planned, wheres, repeat("create"), keys, labels, records))
        return [
            planned(row, key, label, record, found, fields, youth_id=None)
            for row, key, label, record, found in zip(
                rows, keys, labels, records, existing, strict=True
            )
        ]

    def plan_quick(self, row: Row, ctx: Context) -> Planned | None:
        """A row whose values all pass, planned as plan_checked() plans it, each distinct
        amount parsed once per import (`Context.once`); None for any other row, which
        plan_checked() goes through field by field to name what is wrong."""
        values = row.values
        given_name, given_amount = text(values.get("programme")), values.get("amount")
        if given_name is None or given_amount is None:
            return None
        try:
            name = check_text(given_name, "--programme")
            amount = ctx.once(_amount, given_amount)
            if not name or amount is None:
                return None
            spelled = self._catalogue(ctx).spelling(name)
        except EfterError:
            return None
        if spelled is None:
            return None
        return self._planned(row, ctx, spelled, amount)

    def _catalogue(self, ctx: Context) -> programmes.Catalogue:
        """The programmes on file, and their prices, read once per import."""
        catalogue: programmes.Catalogue | None = ctx.cache.get("catalogue")
        if catalogue is None:
            ctx.cache["prices"] = {r["programme"].casefold(): r for r in core.stored(ctx.conn)}
            catalogue = ctx.cache["catalogue"] = programmes.Catalogue(ctx.conn)
        return catalogue

    def _planned(self, row: Row, ctx: Context, spelled: str, amount: int) -> Planned:
        record = {"programme": spelled, "amount": amount}
        existing = ctx.cache["prices"].get(spelled.casefold())
        label = f"{spelled} {amount} kr."
        return planned(
            row, (spelled.casefold(),), label, record, existing, ("programme", "amount"),
            youth_id=None,
        )  # fmt: skip

    def plan_checked(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        given_name = text(row.values.get("programme"))
        given_amount = text(row.values.get("amount"))
        name: str | None = None
        amount: int | None = None
        if given_name is None:
            problems.append(
                Problem(row.where, row.column("programme"), t("the programme is empty; fill it in"))
            )
        else:
            name = checked(
                row, problems, "programme", lambda: check_text(given_name, "--programme")
            )
        if given_amount is None:
            problems.append(
                Problem(row.where, row.column("amount"), t("the price is empty; fill it in"))
            )
        else:
            amount = checked(row, problems, "amount", lambda: core.parse_amount(given_amount))
        if problems or name is None:
            return problems
        catalogue = self._catalogue(ctx)
        # The programme as spelled on file (efter.core.programmes); a near spelling is refused
        # ("did you mean"); a new name becomes a programme (kind model) when the price is written.
        spelled = checked(row, problems, "programme", lambda: catalogue.spelling(name))
        if problems or spelled is None:
            return problems
        return self._planned(row, ctx, spelled, amount)  # type: ignore[arg-type]

    def apply_all(
        self,
        items: list[Planned],
        ctx: Context,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Through efter.core.prices.store_many, as 'efter programme price' stores them: a
        changed price replaces the stored one (found by its stored spelling)."""
        if progress is None and "unchanged" not in set(map(_ACTION, items)):
            changed = items  # nobody watches and every item writes: no loop per row here
        else:
            changed = list(changing(items, progress))
        records = list(map(_RECORD, changed))
        names = list(map(_PROGRAMME, records))
        programmes.ensure_many(ctx.conn, names)
        core.store_many(
            ctx.conn, zip(map(_TARGET, changed), names, map(_AMOUNT, records), strict=True)
        )

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        return (
            {"_youth_id": None, "programme": r["programme"], "amount": r["amount"]}
            for r in core.stored(conn)
        )


def _raw_key(cell: str | None) -> tuple[str, str] | None:
    name = text(cell)
    return None if name is None else ("", name.casefold())


def _spelled(catalogue: programmes.Catalogue, cell: str | None) -> str | None:
    """A programme's name as plan_quick() spells it; None when it is blank."""
    given = text(cell)
    if given is None:
        return None
    name = check_text(given, "--programme")
    return catalogue.spelling(name) if name else None


def _record(programme: str, amount: int) -> dict[str, Any]:
    return {"programme": programme, "amount": amount}


def _whole_kroner(cells: list[str | None]) -> list[Any] | None:
    """_amount() of each cell when every one is whole kroner written in ASCII digits alone
    (as efter exports them), in C; else None."""
    if None in cells:
        return None
    digits = "".join(cells)  # type: ignore[arg-type]  # no None
    if not (digits.isdigit() and digits.isascii()):
        return None
    found = list(map(int, cells))  # type: ignore[arg-type]
    return found if max(found, default=0) <= core.MAX_AMOUNT else None


def _amount(value: str | None) -> int | None:
    stripped = text(value)
    return core.parse_amount(stripped) if stripped else None


KIND = PriceKind()
