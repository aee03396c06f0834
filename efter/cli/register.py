"""efter register init|coordinator add|coordinator list, and efter youth share: the
municipality's register over PostgreSQL (docs/register.md)."""

from pathlib import Path
from typing import Annotated

import typer

from efter.cli.options import DbOption, JsonOption, db_target, opened
from efter.cli.outfile import ForceOption
from efter.cli.output import echo, emit_json, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import day_text, nt, t

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


@app.command()
def vacuum(db: DbOption = None) -> None:
    """Rewrite every table of the register (VACUUM FULL), so rows that erasure and retention
    deleted leave nothing in the tables' free space. Run it as the register's owner after
    erasures (nightly, from cron); each table is locked for the moment it takes."""
    from efter.core.register import open_register
    from efter.core.register import vacuum as run_vacuum

    with open_register(_register_url(db)) as register:
        tables = run_vacuum(register.conn)
    say(
        t(
            "Vacuumed the register's {count} tables: what was erased is gone from them (the "
            "write-ahead log and backups keep it for their time, see docs/register.md).",
            count=len(tables),
        )
    )


@app.command()
def ledger(
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="The file to write the ledger to.", show_default=False, dir_okay=False
        ),
    ],
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Write the register's erasure ledger to a file (ids and keyed hashes, never a name):
    keep it apart from the register's backups, so that after a restore 'efter register
    erase-again FILE' erases again whoever was erased since the backup. Owner only."""
    import json

    from efter.core import outfile
    from efter.core.register import open_register, refusals

    with open_register(_register_url(db)) as register, refusals():
        lines = register.erasure_ledger().lines()
    outfile.write(out, "".join(json.dumps(line) + "\n" for line in lines), replace=force)
    count = max(len(lines) - 1, 0)
    say(
        nt(
            "Wrote the register's erasure ledger ({count} erasure) to {out}.",
            "Wrote the register's erasure ledger ({count} erasures) to {out}.",
            count,
            count=count,
            out=out,
        )
    )


@app.command("erase-again")
def erase_again(
    file: Annotated[
        Path,
        typer.Argument(help="A ledger written by 'efter register ledger --out'.", dir_okay=False),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do it without asking.")] = False,
    db: DbOption = None,
) -> None:
    """After restoring the register from a backup: erase again every young person the ledger
    file names (erased after the backup was made), then vacuum. Owner only."""
    from efter.cli.frame import command_name
    from efter.core import erasure
    from efter.core.errors import InvalidInput, NotFound
    from efter.core.register import open_register

    if not file.is_file():
        raise NotFound(
            t(
                "There is no ledger file {file}: give the file 'efter register ledger --out' wrote.",
                file=file,
            )
        )
    kept = erasure.Ledger(file)
    kept.entries()  # a file that is not a ledger stops it before any change
    if not yes:
        raise InvalidInput(
            t("'efter register erase-again' erases without asking only with --yes: add --yes.")
        )
    with open_register(_register_url(db)) as register:
        with register.write() as conn:
            people = erasure.erase_listed(conn, kept, command_name(), register.erasure_ledger())
        if people:
            register.scrub()
    if people:
        say(
            t(
                "Erased again the young people erased since the backup was made (id {ids}).",
                ids=", ".join(str(i) for i in people),
            )
        )
    else:
        say(t("Nobody in the register is named in {file}: nothing to erase again.", file=file))


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
