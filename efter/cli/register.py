"""efter register init|coordinator add|coordinator list, and efter youth share: the
municipality's register over PostgreSQL (docs/register.md)."""

from typing import Annotated

import typer

from efter.cli.options import DbOption, JsonOption, db_target, opened
from efter.cli.output import echo, emit_json, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import day_text, t

app = EfterTyper(
    noun="register",
    help="The municipality's register over PostgreSQL: set it up and add coordinators.",
)
coordinator_app = EfterTyper(noun="register coordinator", help="The register's coordinators.")
app.add_typer(coordinator_app, name="coordinator")


def _register_url(db: str | None) -> str:
    from efter.core.errors import UsageMistake

    target = db_target(db)
    if not isinstance(target, str):
        raise UsageMistake(
            t(
                "The register is a PostgreSQL database: give --db (or EFTER_DB) its postgresql:// URL, e.g. --db postgresql://owner@db.example.dk/efter."
            )
        )
    return target


@app.command()
def init(db: DbOption = None) -> None:
    """Set up the register (or bring it up to date): the schema, the roles efter_coordinator
    and efter_team_leader, and the row-level security that lets each coordinator see and
    change only their own young people and those shared with them. Run it as the role that
    owns the database; run it again after upgrading efter."""
    from efter.core.dialect import redacted
    from efter.core.register import create_register, secure

    url = _register_url(db)
    register, created = create_register(url)
    with register, register.admin() as conn:
        secure(conn)
    place = redacted(url)
    say(
        t("Set up the register at {place}.", place=place)
        if created
        else t("Register {place} is up to date.", place=place)
    )
    say(t("Add each coordinator with 'efter register coordinator add NAME'."))


@coordinator_app.command("add")
def coordinator_add(
    name: Annotated[
        str, typer.Argument(help="The coordinator's name, as it stands on their young people.")
    ],
    team_leader: Annotated[
        bool,
        typer.Option(
            "--team-leader",
            help="A team leader: sees no young person unless one is shared with them.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Make a login role for a coordinator and print its name on stdout. The role sees and
    changes the young people whose coordinator has this name, and those shared with it.
    How the role logs in (password, certificate, peer) is the database's to set."""
    from efter.core.register import add_coordinator, open_register

    url = _register_url(db)
    with open_register(url) as register, register.admin() as conn:
        role = add_coordinator(conn, name, team_leader=team_leader)
    say(
        t(
            "Made the role {role} for {name}; set how it logs in (see docs/register.md).",
            role=role,
            name=name,
        )
    )
    echo(role)


@coordinator_app.command("list")
def coordinator_list(db: DbOption = None, json: JsonOption = False) -> None:
    """The register's coordinators and their roles."""
    from efter.core.register import coordinators, open_register

    with open_register(_register_url(db)) as register:
        rows = coordinators(register.conn)
    if json:
        emit_json(rows)
        return
    table(
        ["Role", "Name", "Team leader"],
        [[r["role"], r["name"], t("yes") if r["team_leader"] else ""] for r in rows],
        empty=t("No coordinators yet (add one with 'efter register coordinator add NAME')."),
    )


# `efter youth share`, which efter/cli/youth.py registers lazily.
youth_commands = EfterTyper(noun="youth")


@youth_commands.command()
def share(
    youth: Annotated[str, typer.Argument(help="The young person's id, ref (case number) or name.")],
    with_: Annotated[
        str,
        typer.Option("--with", help="The coordinator to share with: their name or role."),
    ],
    until: Annotated[
        str | None,
        typer.Option(help="Shared until this day (default: until you stop sharing)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Share a young person on the register with another coordinator (cover during illness):
    they see and change the case until the day given; only you can erase it."""
    from efter.core import dates, register
    from efter.core import youth as core

    day = dates.parse_date(until, field="until").isoformat() if until else None
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        role = register.share(conn, person.id, with_, day)
    say(
        t(
            "Shared {youth} with {role} until {day}.",
            youth=person.label,
            role=role,
            day=day_text(day),
        )
        if day
        else t("Shared {youth} with {role} until you stop sharing.", youth=person.label, role=role)
    )
