"""efter agreement add|list|done|move|drop: who does what by when."""

from typing import Annotated

import typer

from efter.cli.options import DbOption, JsonOption, YouthArg, opened
from efter.cli.output import emit_json, say, table, word
from efter.cli.tree import EfterTyper
from efter.core.i18n import N_, day_text, t

app = EfterTyper(
    noun="agreement", help="Agreements: who does what by when (hvem gør hvad hvornår)."
)

AgreementArg = Annotated[
    str, typer.Argument(help="The agreement's id (see 'efter agreement list').")
]


@app.command()
def add(
    youth: YouthArg,
    what: Annotated[str, typer.Option(help="What is to be done.")],
    owner: Annotated[
        str,
        typer.Option(
            help="Who does it: youth, coordinator, or a team/network member's name or id."
        ),
    ],
    due: Annotated[str, typer.Option(help="By when (a date).")],
    goal: Annotated[str | None, typer.Option(help="The goal or sub-goal id it serves.")] = None,
    meeting: Annotated[str | None, typer.Option(help="The meeting id it was made at.")] = None,
    db: DbOption = None,
) -> None:
    """Make an agreement. Prints the new id on stdout."""
    from efter.core import agreements, clock
    from efter.core import youth as core

    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        agreement_id = agreements.add(
            conn, person, what=what, owner=owner, due=due, goal=goal, meeting=meeting,
            today=clock.today(),
        )  # fmt: skip
        row = agreements.get(conn, str(agreement_id))
        who = agreements.owner_of(conn, person, row)
    say(
        t(
            "Agreement {agreement_id} for {label}: {name}, due {due}.",
            agreement_id=agreement_id,
            label=person.label,
            name=who.name,
            due=day_text(row["due"]),
        )
    )
    typer.echo(str(agreement_id))


@app.command("list")
def list_(
    youth: Annotated[
        str | None, typer.Argument(help="The young person's id or ref (default: everyone).")
    ] = None,
    open_: Annotated[bool, typer.Option("--open", help="Open ones (the default).")] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Open and past their due date.")
    ] = False,
    all_: Annotated[bool, typer.Option("--all", help="Kept and dropped ones too.")] = False,
    owner: Annotated[
        str | None, typer.Option(help="Only this owner's: youth, coordinator, a name or id.")
    ] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List agreements (open ones unless --overdue or --all), earliest due first."""
    from efter.core import agreements, audit, clock
    from efter.core import youth as core
    from efter.core.errors import UsageMistake

    if sum((open_, overdue, all_)) > 1:
        raise UsageMistake(t("Give one of --open, --overdue and --all."))
    state = "overdue" if overdue else "all" if all_ else "open"
    today = clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth) if youth else None
        rows = agreements.list_agreements(conn, person, state=state, owner=owner, today=today)
        records = agreements.describe_many(conn, rows, today)
        audit.viewed(sorted({r["youth_id"] for r in records}))
    if json:
        emit_json(records)
        return
    from efter.core import vocab

    table(
        ["ID", "Young person", "What", "Owner", "Due", "Status"],
        [
            [
                r["id"],
                f"{r['youth_name']} ({r['youth_ref'] or r['youth_id']})",
                r["what"],
                r["owner_name"],
                r["due"],
                t("overdue") if r["overdue"] else word(r["status"], vocab.AGREEMENT_STATUSES),
            ]
            for r in records
        ],
        empty=t("No agreements match."),
    )


@app.command()
def done(
    agreement: AgreementArg,
    on: Annotated[
        str | None, typer.Option("--date", help="When it was done (default: today).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Mark an agreement as kept (done)."""
    from efter.core import agreements, clock
    from efter.core.dates import parse_date

    day = parse_date(on, field="on") if on else clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        row = agreements.get(conn, agreement)
        agreements.done(conn, row, day)
    say(t("Agreement {id} kept on {day}.", id=row["id"], day=day_text(day)))


@app.command()
def move(
    agreement: AgreementArg,
    due: Annotated[str, typer.Option(help="The new due date.")],
    note: Annotated[str | None, typer.Option(help="Why it moved.")] = None,
    db: DbOption = None,
) -> None:
    """Give an open agreement a new due date (the first one is kept)."""
    from efter.core import agreements, clock
    from efter.core.dates import parse_date

    new_due = parse_date(due, field="due")
    with opened(db) as casefile, casefile.write() as conn:
        row = agreements.get(conn, agreement)
        agreements.move(conn, row, new_due, clock.today(), note=note)
    say(
        t(
            "Agreement {id} is now due {new_due} (was {due}).",
            id=row["id"],
            new_due=day_text(new_due),
            due=day_text(row["due"]),
        )
    )


@app.command()
def drop(
    agreement: AgreementArg,
    reason: Annotated[str, typer.Option(help="Why it is dropped.")],
    db: DbOption = None,
) -> None:
    """Drop an open agreement, with the reason."""
    from efter.core import agreements, clock

    with opened(db) as casefile, casefile.write() as conn:
        row = agreements.get(conn, agreement)
        agreements.drop(conn, row, reason, clock.today())
    say(t("Agreement {id} dropped.", id=row["id"]))


@app.command()
def edit(
    agreement: AgreementArg,
    what: Annotated[str | None, typer.Option(help="The corrected text of what is agreed.")] = None,
    owner: Annotated[
        str | None,
        typer.Option(help="Who does it: youth, coordinator, or a team or network member."),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            help="The corrected due date (as agreed; 'efter agreement move' gives a new one)."
        ),
    ] = None,
    goal: Annotated[
        str | None, typer.Option(help="The goal it serves, by id ('' for none).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Correct an agreement's text, owner, due date or goal.

    Only the options given change. Each change is audited and kept with the earlier value:
    'efter agreement history ID' shows them beside the follow-up (kept, moved, dropped)."""
    from efter.cli import history
    from efter.core import agreements, clock, edits

    with opened(db) as casefile, casefile.write() as conn:
        row = agreements.get(conn, agreement)
        diff = edits.edit_agreement(
            conn, row, what=what, owner=owner, due=due, goal=goal, today=clock.today()
        )
    command = f"efter agreement history {row['id']}"
    history.changed(t("agreement {id}", id=row["id"]), diff, command)


@app.command("history")
def history_(agreement: AgreementArg, json: JsonOption = False, db: DbOption = None) -> None:
    """An agreement's corrections and follow-up: when, by whom, the old and new value."""
    from efter.cli import history

    history.show("agreement", agreement, json, db, N_("agreement"))
