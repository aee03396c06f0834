"""efter areas list|show|add|rename|retire: the life areas rated 1-5, kept as data."""

from typing import Annotated

import typer

from efter.cli.options import DbOption, JsonOption, opened
from efter.cli.output import emit_json, fields, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import day_text, t

app = EfterTyper(noun="areas", help="The life areas (livsområder) rated 1-5.")

AreaArg = Annotated[
    str,
    typer.Argument(
        help="The area's code, Danish or English name, or a unique prefix.", show_default=False
    ),
]


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Include retired areas.")] = False,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """The life areas in their order, with the number of current ratings on each."""
    from efter.core import areas

    with opened(db) as casefile:
        conn = casefile.conn
        counts = areas.rating_counts(conn)
        records = [
            areas.describe(conn, area, counts)
            for area in areas.all_areas(conn, include_retired=all_)
        ]
    if json:
        emit_json(records)
        return
    table(
        ["Code", "Dansk", "English", "Ratings", "Retired"],
        [
            [r["code"], r["label_da"], r["label_en"], r["ratings"], r["retired"] or ""]
            for r in records
        ],
        empty=t("There are no life areas: add one with 'efter areas add CODE --da NAME'."),
    )


@app.command()
def show(area: AreaArg, json: JsonOption = False, db: DbOption = None) -> None:
    """One life area with the meaning of each step 1-5."""
    from efter.core import areas

    with opened(db) as casefile:
        conn = casefile.conn
        record = areas.describe(conn, areas.resolve(conn, area, include_retired=True))
    if json:
        emit_json(record)
        return
    fields(
        [
            ("Code", record["code"]),
            ("Dansk", record["label_da"]),
            ("English", record["label_en"]),
            ("Ratings", record["ratings"]),
            ("Retired", day_text(record["retired"]) if record["retired"] else t("no")),
        ]
    )
    typer.echo("")
    table(
        ["Step", "Dansk", "English"],
        [[s["step"], s["label_da"], s["label_en"]] for s in record["scale"]],
        title=t("Scale")
        if any(s["own"] for s in record["scale"])
        else t("Scale (the general one)"),
    )


@app.command()
def add(
    code: Annotated[
        str,
        typer.Argument(help="Short code: lower-case letters, digits, hyphens.", show_default=False),
    ],
    da: Annotated[str, typer.Option("--da", help="Danish name, as printed in documents.")],
    en: Annotated[
        str | None,
        typer.Option("--en", help="English name (default: the Danish one).", show_default=False),
    ] = None,
    after: Annotated[
        str | None,
        typer.Option(
            "--after", help="Place it after this area (default: last).", show_default=False
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Add a life area; it uses the general 1-5 scale. Prints the code on stdout."""
    from efter.core import areas

    with opened(db) as casefile, casefile.write() as conn:
        new = areas.add(conn, code, da, en, after=after)
    say(t("Added the life area {new}.", new=new))
    typer.echo(new)


@app.command()
def rename(
    area: AreaArg,
    da: Annotated[
        str | None, typer.Option("--da", help="New Danish name.", show_default=False)
    ] = None,
    en: Annotated[
        str | None, typer.Option("--en", help="New English name.", show_default=False)
    ] = None,
    code: Annotated[
        str | None,
        typer.Option("--code", help="New code; ratings and goals follow it.", show_default=False),
    ] = None,
    db: DbOption = None,
) -> None:
    """Give a life area new names (or a new code). Its ratings stay with it."""
    from efter.core import areas

    with opened(db) as casefile, casefile.write() as conn:
        old, changes = areas.rename(conn, area, label_da=da, label_en=en, code=code)
    if not changes:
        say(t("Nothing changed for {code}: the names were already so.", code=old["code"]))
        return
    from efter.cli.history import field_names

    shown = "; ".join(
        f"{field_names([key])} '{before}' -> '{after}'" for key, (before, after) in changes.items()
    )
    say(t("Renamed the life area {code}: {shown}.", code=old["code"], shown=shown))


@app.command()
def retire(
    area: AreaArg,
    on: Annotated[
        str | None,
        typer.Option("--date", help="Retired from (default: today).", show_default=False),
    ] = None,
    undo: Annotated[bool, typer.Option("--undo", help="Bring a retired area back.")] = False,
    db: DbOption = None,
) -> None:
    """Take a life area off the list for new ratings. Its ratings stay in the history."""
    from efter.core import areas, clock
    from efter.core.dates import parse_date

    day = parse_date(on, field="on") if on else clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        old = areas.retire(conn, area, day, undo=undo)
    if undo:
        say(t("The life area {code} is back on the list.", code=old["code"]))
    else:
        say(
            t(
                "Retired the life area {code} from {day}; its ratings stay in the history.",
                code=old["code"],
                day=day_text(day),
            )
        )


@app.command("scale")
def scale_(
    area: AreaArg,
    step: Annotated[int, typer.Argument(help="The step, 1 to 5.", show_default=False)],
    da: Annotated[
        str | None, typer.Option("--da", help="What the step means, in Danish.", show_default=False)
    ] = None,
    en: Annotated[
        str | None,
        typer.Option("--en", help="What the step means, in English.", show_default=False),
    ] = None,
    general: Annotated[
        bool, typer.Option("--general", help="Drop the area's own wording: use the general scale.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Say what one step of the 1-5 scale means in one life area."""
    from efter.core import areas

    with opened(db) as casefile, casefile.write() as conn:
        code, now = areas.set_step(conn, area, step, label_da=da, label_en=en, general=general)
    source = t("its own wording") if now["own"] else t("the general scale")
    say(
        t(
            "Step {step} of {code} now reads '{label_da}' / '{label_en}' ({source}).",
            step=step,
            code=code,
            label_da=now["label_da"],
            label_en=now["label_en"],
            source=source,
        )
    )
