"""efter deadline met|clear: record the day a statutory deadline was met."""

from typing import Annotated

import typer

from efter.cli.common import DbOption, EfterTyper, command_name, opened, say

app = EfterTyper(noun="deadline", help="Record statutory deadlines (ungeplan, § 111) as met.")

YouthArg = Annotated[str, typer.Argument(help="The young person's id or ref (case number).")]
DeadlineArg = Annotated[
    str, typer.Argument(help="ungeplan (16), s111 (17½), adult (18) or ungestotte_end (23).")
]


@app.command()
def met(
    youth: YouthArg,
    deadline: DeadlineArg,
    on: Annotated[
        str | None,
        typer.Option("--date", help="The day it was met (default: today).", show_default=False),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A short note.", show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """Record the day a deadline was met, e.g. 'efter deadline met 2025-0412 ungeplan --date 2025-03-01'."""
    from efter.core import audit, clock
    from efter.core import deadlines as core
    from efter.core import youth as youths
    from efter.core.dates import parse_date

    day = parse_date(on, "date") if on else clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        person = youths.find(conn, youth)
        code, replaced = core.record(conn, person, deadline, day, note)
        audit.record(conn, "changed", [person.id], command_name())
    verb = "Changed" if replaced else "Recorded"
    say(f"{verb}: {code} met on {day.isoformat()} for {person.label}.")


@app.command()
def clear(youth: YouthArg, deadline: DeadlineArg, db: DbOption = None) -> None:
    """Remove a recorded date that was wrong."""
    from efter.core import audit
    from efter.core import deadlines as core
    from efter.core import youth as youths

    with opened(db) as casefile, casefile.write() as conn:
        person = youths.find(conn, youth)
        code = core.clear(conn, person, deadline)
        audit.record(conn, "changed", [person.id], command_name())
    say(f"Removed the recorded date for {code} of {person.label}.")
