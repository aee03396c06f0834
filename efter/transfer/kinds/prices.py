"""Programme prices: a price per young person per programme (indsats), in whole kroner,
keyed by the programme's name in any case. Checked by efter.core.prices, as
'efter programme price' checks them. A price concerns no young person."""

import sqlite3
from collections.abc import Iterator
from typing import Any, ClassVar

from efter.core import clock, programmes
from efter.core import prices as core
from efter.core.text import check as check_text
from efter.transfer.kinds import Context, Kind, Planned, text
from efter.transfer.rows import Problem, Row, checked


class PriceKind(Kind):
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
        name = text(row.values.get("programme"))
        return None if name is None else ("", name.casefold())

    def plan(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        given_name = text(row.values.get("programme"))
        given_amount = text(row.values.get("amount"))
        name: str | None = None
        amount: int | None = None
        if given_name is None:
            problems.append(
                Problem(row.where, row.column("programme"), "the programme is empty; fill it in")
            )
        else:
            name = checked(
                row, problems, "programme", lambda: check_text(given_name, "--programme")
            )
        if given_amount is None:
            problems.append(
                Problem(row.where, row.column("amount"), "the price is empty; fill it in")
            )
        else:
            amount = checked(row, problems, "amount", lambda: core.parse_amount(given_amount))
        if problems or name is None:
            return problems
        stored = ctx.cache.get("prices")
        if stored is None:
            stored = ctx.cache["prices"] = {
                r["programme"].casefold(): r
                for r in ctx.conn.execute("SELECT * FROM programme_price")
            }
        # The programme as spelled on file; a near spelling is refused ("did you mean"); a new
        # name becomes a programme (kind model) when the price is written.
        spelled = checked(row, problems, "programme", lambda: programmes.spelling(ctx.conn, name))
        if problems or spelled is None:
            return problems
        record = {"programme": spelled, "amount": amount}
        existing = stored.get(spelled.casefold())
        key = (spelled.casefold(),)
        label = f"{spelled} {amount} kr."
        if existing is None:
            return Planned(row.where, "create", key, label, record)
        changes = {
            f: (existing[f], record[f]) for f in ("programme", "amount") if existing[f] != record[f]
        }
        return Planned(
            row.where, "update" if changes else "unchanged", key, label, record,
            target=existing["programme"], changes=changes,
        )  # fmt: skip

    def apply(self, planned: Planned, ctx: Context) -> None:
        if planned.action == "unchanged":
            return
        programmes.ensure(ctx.conn, planned.record["programme"])
        if planned.target is not None:
            ctx.conn.execute("DELETE FROM programme_price WHERE programme = ?", (planned.target,))
        ctx.conn.execute(
            "INSERT INTO programme_price (programme, amount, updated) VALUES (?, ?, ?)",
            (planned.record["programme"], planned.record["amount"], clock.timestamp()),
        )

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        return (
            {"_youth_id": None, "programme": r["programme"], "amount": r["amount"]}
            for r in conn.execute("SELECT * FROM programme_price ORDER BY programme")
        )


KIND = PriceKind()
