"""efter measure add|list|end: the measures a young person receives (indsatsoverblik)."""

from typing import Annotated

import typer

from efter.cli.options import DbOption, JsonOption, YouthArg, opened
from efter.cli.output import emit_json, say, table
from efter.cli.tree import EfterTyper, helptext
from efter.core.i18n import day_text, language, t

app = EfterTyper(noun="measure", help="Measures a young person receives (indsatsoverblik).")

KINDS_HELP = (  # the codes; the words around them are the help text's own
    "ungestoette, kontaktperson, bostoette, mentor, behandling, uddannelsesstoette, "
    "udslusning, anbringelse, vaertsfamilie, frivillig, socialoekonomisk-job, praktik"
)


@app.command()
def add(
    youth: YouthArg,
    kind: Annotated[
        str,
        typer.Argument(
            help=helptext(
                "Kind of measure: {kinds} or other (Danish spellings work too); frivillig is "
                "volunteer support, socialoekonomisk-job and praktik a social-economy job or "
                "internship.",
                kinds=KINDS_HELP,
            )
        ),
    ],
    provider: Annotated[
        str | None, typer.Option(help="Who provides it (organisation or person).")
    ] = None,
    legal_basis: Annotated[
        str | None,
        typer.Option(help="Legal basis: bl46, bl47, bl32, bl113, sel52, sel76 or any text."),
    ] = None,
    started: Annotated[str | None, typer.Option("--from", help="From (default: today).")] = None,
    ended: Annotated[str | None, typer.Option("--to", help="To (planned end), if known.")] = None,
    note: Annotated[str | None, typer.Option(help="A short note (required for 'other').")] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Keep a Serviceloven basis for a measure from 2024 on (recorded)."
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Record a measure the young person receives. Prints the new id on stdout."""
    from efter.core import measures, vocab
    from efter.core import youth as core

    values = dict(locals())
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        measure_id = measures.add(conn, person, values, force=force)
        row = measures.get(conn, str(measure_id))
    label = vocab.label(measures.KINDS, row["kind"], language()).lower()
    say(
        t(
            "Recorded {label} for {label2} as measure {measure_id}.",
            label=label,
            label2=person.label,
            measure_id=measure_id,
        )
    )
    typer.echo(str(measure_id))


@app.command("list")
def list_(
    youth: YouthArg,
    all_: Annotated[bool, typer.Option("--all", help="Include measures that have ended.")] = False,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """The measures a young person receives now (with --all: also those that ended)."""
    from efter.core import clock, measures
    from efter.core import youth as core

    today = clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        rows = measures.list_measures(conn, person, include_ended=all_, today=today)
    records = [measures.describe(row, today) for row in rows]
    if json:
        emit_json(records)
        return
    table(
        ["ID", "Kind", "Provider", "Legal basis", "From", "To", "Note"],
        [
            [
                r["id"],
                r["kind_label"],
                r["provider"],
                r["legal_basis_label"],
                r["from"],
                r["to"],
                r["note"],
            ]
            for r in records
        ],
        empty=t(
            "No measures for {label}: add one with 'efter measure add {id} KIND'.",
            label=person.label,
            id=person.id,
        ),
    )


@app.command()
def end(
    measure: Annotated[str, typer.Argument(help="The measure's id (see 'efter measure list').")],
    on: Annotated[str | None, typer.Option("--date", help="Last day (default: today).")] = None,
    db: DbOption = None,
) -> None:
    """End a measure; it stays in the history (see 'measure list --all')."""
    from efter.core import clock, measures
    from efter.core.dates import parse_date

    day = parse_date(on, field="on") if on else clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        row = measures.get(conn, measure)
        measures.end(conn, row, day)
    say(t("Ended measure {id} on {day}.", id=row["id"], day=day_text(day)))
