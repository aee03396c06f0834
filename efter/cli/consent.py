"""efter consent give|withdraw|list: consent to share information, as a record."""

from typing import Annotated

import typer

from efter.cli.options import DbOption, JsonOption, YouthArg, opened
from efter.cli.output import emit_json, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import N_, danish, day_text, t

app = EfterTyper(
    noun="consent",
    help="Consent to share information: with whom, about what, given by whom, for how long.",
)


@app.command()
def give(
    youth: YouthArg,
    to: Annotated[
        list[str],
        typer.Option(
            "--to",
            help="A party: a team or network member's id or name, or a role only one of them "
            "has. Repeat for each party.",
        ),
    ],
    about: Annotated[
        list[str],
        typer.Option(
            "--about",
            help="Kind of information (repeat): uddannelse, oekonomi, bolig, familie, helbred, "
            "psykisk, rusmidler, aftaler, akter, or all.",
        ),
    ],
    from_: Annotated[
        str | None, typer.Option("--from", help="First day in force (default: today).")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(help="Last day in force (default: 12 months, the day before)."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            help="Who gave it: youth (default), or a parent (name, or 'parent') while the "
            "young person is under 18; a parent's consent lapses at 18."
        ),
    ] = None,
    health_to_network: Annotated[
        bool,
        typer.Option(
            "--health-to-network",
            help="The young person wants health information shared with the private network "
            "named too (it has no duty of confidentiality).",
        ),
    ] = False,
    note: Annotated[str | None, typer.Option(help="A note on the consent.")] = None,
    db: DbOption = None,
) -> None:
    """Record a consent. Prints the new id on stdout."""
    from efter.core import clock, consent
    from efter.core import youth as core
    from efter.core.dates import parse_date

    starts = parse_date(from_, field="from_") if from_ else None
    last = parse_date(until, field="until") if until else None
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        consent_id = consent.give(
            conn,
            person,
            to,
            about,
            by=by,
            starts=starts,
            until=last,
            health_to_network=health_to_network,
            note=note,
        )
        [record] = [
            r for r in consent.records(conn, [person], clock.today())[person.id]
            if r["id"] == consent_id
        ]  # fmt: skip
    lapse = " (a parent's consent: it lapses at 18)" if record["ends_because"] == "lapsed" else ""
    say(
        t(
            "Recorded consent {consent_id} for {label}: {parties_count} {value}, in force from "
            "{value2} to {last_day}{lapse}.",
            consent_id=consent_id,
            label=person.label,
            parties_count=len(record["parties"]),
            value=t("party") if len(record["parties"]) == 1 else t("parties"),
            value2=day_text(record["from"]),
            last_day=day_text(record["last_day"]),
            lapse=lapse,
        )
    )
    typer.echo(str(consent_id))


@app.command()
def withdraw(
    consent_id: Annotated[str, typer.Argument(metavar="CONSENT", help="The consent's id.")],
    date: Annotated[
        str | None,
        typer.Option(help="The day it was withdrawn (default: today); not in force from then."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Withdraw a consent from a day on. What was shared before is not recalled; the record
    stays as history."""
    from efter.core import clock, consent
    from efter.core.dates import parse_date

    on = parse_date(date, field="date") if date else clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        row = consent.get(conn, consent_id)
        consent.withdraw(conn, row, on)
    say(t("Consent {id} is withdrawn from {on}.", id=row["id"], on=day_text(on)))


@app.command("list")
def list_(
    youth: Annotated[
        str | None,
        typer.Argument(help="The young person's id or ref (default: every active case)."),
    ] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Consents with their parties, kinds of information, period and state today."""
    from efter.core import audit, clock, consent
    from efter.core import youth as core
    from efter.core.vocab import CONSENT_AREAS

    today = clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        people = [core.find(conn, youth)] if youth else core.list_youth(conn)
        found = consent.records(conn, people, today)
        records = [r for p in people for r in found[p.id]]
        audit.viewed(sorted({r["youth_id"] for r in records}))
    if json:
        emit_json(records)
        return
    names = {p.id: p.name for p in people}
    rows = [
        [
            r["id"],
            names[r["youth_id"]],
            t("youth")
            if r["given_by"] == "youth"
            else t("parent") + (f" ({r['parent_name']})" if r["parent_name"] else ""),
            ", ".join(p["name"] for p in r["parties"]),
            t("all") if len(r["areas"]) == len(CONSENT_AREAS) else ", ".join(r["areas"]),
            r["from"],
            r["last_day"],
            consent.STATES[r["state"]][0 if danish() else 1],  # --json keeps English
        ]
        for r in records
    ]
    columns = [
        N_("ID"), N_("Young person"), N_("Given by"), N_("To"), N_("About"), N_("From"),
        N_("Until"), N_("State"),
    ]  # fmt: skip
    if youth:  # one young person: the column would say the same on every line
        columns.pop(1)
        rows = [row[:1] + row[2:] for row in rows]
    table(
        columns,
        rows,
        empty=(
            t(
                "No consent recorded for {label}: record one with 'efter consent give {id} --to "
                "PARTY --about AREA'.",
                label=people[0].label,
                id=people[0].id,
            )
            if youth
            else t("No consent recorded.")
        ),
    )
