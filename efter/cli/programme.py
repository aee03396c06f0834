"""efter programme list|price: the programmes young people are in, and a price for each."""

from typing import Annotated

import typer

from efter.cli.frame import fail
from efter.cli.options import DbOption, JsonOption, opened
from efter.cli.output import emit_json, say, table, warn
from efter.cli.tree import EfterTyper
from efter.core.i18n import t

app = EfterTyper(noun="programme", help="Programmes (indsatser) and their price per young person.")


@app.command("list")
def list_(json: JsonOption = False, db: DbOption = None) -> None:
    """Every programme on file with its active and closed cases and its price."""
    from efter.core.prices import programmes

    with opened(db) as casefile:
        rows = programmes(casefile.conn)
    if json:
        emit_json(rows)
        return
    table(
        ["Programme", "Active", "Closed", "Price per young person (kr.)"],
        [
            [
                r["programme"],
                r["active"],
                r["closed"],
                "" if r["price"] is None else f"{r['price']:,}",
            ]
            for r in rows
        ],
        empty=t(
            "No programmes yet: give young people one with 'efter youth edit ID --programme NAME'."
        ),
    )


@app.command()
def price(
    name: Annotated[str, typer.Argument(help="The programme, as on the young people (any case).")],
    amount: Annotated[
        str | None,
        typer.Argument(
            help="Price per young person in whole kroner (30000 or 30.000).", show_default=False
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the programme's price.")] = False,
    db: DbOption = None,
) -> None:
    """Set the price per young person of a programme, used for cost in 'efter report outcomes'."""
    from efter.core import prices

    if clear == (amount is not None):
        raise fail(t("Give either an AMOUNT or --clear (not both, not neither)."), 2)
    with opened(db) as casefile, casefile.write() as conn:
        if clear:
            prices.clear_price(conn, name)
        else:
            assert amount is not None
            stored, value, known = prices.set_price(conn, name, amount)
    if clear:
        say(t("Removed the price of {name}.", name=name.strip()))
        return
    if not known:
        warn(
            t(
                "no young person is in the programme '{stored}' yet; check the spelling.",
                stored=stored,
            )
        )
    price = f"{value:,}".replace(",", ".")
    say(t("{programme}: {price} kr. per young person.", programme=stored, price=price))
