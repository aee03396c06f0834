"""efter audit [--youth] [--since] [--json] and efter audit prune --before DATE"""

from typing import Annotated

import typer

from efter.cli.frame import guarded
from efter.cli.options import DbOption, JsonOption, opened
from efter.cli.output import emit_json, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import N_, day_text, nt, t

app = EfterTyper(
    noun="audit",
    no_args_is_help=False,
    invoke_without_command=True,
    help=(
        "Who used whose data, and when. Without a command it prints the log (time, OS user, "
        "kind of use, young person, command; never the data); --youth ID gives what a young "
        "person may ask to see."
    ),
)


@app.callback()
@guarded
def show(
    ctx: typer.Context,
    youth: Annotated[
        str | None,
        typer.Option(
            "--youth", help="Only this young person's lines (id or ref).", show_default=False
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only lines from this date on.", show_default=False)
    ] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Print the audit log: time, OS user, kind of use, young person, command. Never the data.

    Use 'efter audit --youth ID' for what a young person may ask to see.
    """
    if ctx.invoked_subcommand is not None:
        return
    from efter.core import audit
    from efter.core import youth as core
    from efter.core.dates import parse_date

    day = parse_date(since, field="since").isoformat() if since else None
    with opened(db) as casefile:
        conn = casefile.conn
        person = core.find(conn, youth) if youth is not None else None
        lines = audit.query(conn, youth_id=person.id if person else None, since=day)
    if json:
        emit_json(lines)
        return
    if person is not None:
        say(t("Audit trail of {label}:", label=person.label))
    table(
        ["Time", "User", "Action", "Youth", "Command"],
        [
            [
                line["at"].replace("T", " "),
                line["os_user"],
                t(line["action"]),
                _who(line),
                line["command"],
            ]
            for line in lines
        ],
        empty=t("No audit lines match."),
    )


def _who(line: dict[str, object]) -> str:
    if line["everyone"]:
        return "everyone"
    if line["youth_id"] is None:
        return ""
    if line["erased"]:
        return t("{id} (erased)", id=line["youth_id"])
    return (
        f"{line['youth_id']} ({line['youth_ref']})" if line["youth_ref"] else str(line["youth_id"])
    )


@app.command()
def prune(
    before: Annotated[
        str, typer.Option(help="Remove the lines from before this date.", show_default=False)
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Allow keeping less than six months of the log.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Remove old audit lines. Keeps at least six months unless --force."""
    from efter.core import audit
    from efter.core.dates import parse_date

    day = parse_date(before, field="before")
    with opened(db) as casefile, casefile.write() as conn:
        removed = audit.prune(conn, day, force=force)
    say(
        nt(
            "Removed {n} audit line from before {day}.",
            "Removed {n} audit lines from before {day}.",
            removed,
            day=day_text(day),
        )
    )


# The kinds of use the log records (efter.core.audit), as the table says them.
ACTION_WORDS = (N_("viewed"), N_("changed"), N_("rendered"), N_("exported"), N_("erased"))
