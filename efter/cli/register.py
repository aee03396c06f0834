"""efter register init|coordinator add|coordinator list, and efter youth share: the
municipality's register over PostgreSQL (docs/register.md)."""

from pathlib import Path
from typing import Annotated

import typer

from efter.cli.options import DbOption, JsonOption, YouthArg, db_target, opened
from efter.cli.outfile import ForceOption
from efter.cli.output import echo, emit_json, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import day_text, nt, t

app = EfterTyper(
    noun="register",
    help="The municipality's register over PostgreSQL: set it up, add coordinators, take cases to a laptop and back.",
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


def _people(conn: object, texts: list[str]) -> list[int]:
    """The young people named (id, ref or name), each once, in the order given."""
    from efter.core import youth as core

    ids: list[int] = []
    for text in texts:
        person = core.find(conn, text)  # type: ignore[arg-type]
        if person.id not in ids:
            ids.append(person.id)
    return ids


@app.command()
def push(
    youth: Annotated[
        list[str], typer.Argument(help="The young people on the laptop file (id, ref or name).")
    ],
    from_: Annotated[
        Path,
        typer.Option(
            "--from",
            help="The laptop's case file the cases are on.",
            dir_okay=False,
            show_default=False,
        ),
    ],
    db: DbOption = None,
) -> None:
    """Send cases from a laptop's case file into the register as new cases (everything a case
    bundle carries), all or nothing. The laptop file keeps its copies: to work on a case
    offline afterwards, check it out of the register."""
    from efter.core import audit, checkout

    url = _register_url(db)
    # the register first: when it cannot be reached, or refuses, the laptop file stays as it
    # was (its log says "exported" once the register has the cases)
    with opened(url) as register, opened(from_) as laptop:
        with audit.aside(), laptop.write() as lconn:
            ids = _people(lconn, youth)
            contents = checkout.pushable(lconn, ids, from_)
        with register.write() as conn:
            plan = checkout.receive(conn, contents, from_)
            audit.changed(new for *_, new in plan.received)
        with laptop.write():
            audit.note("exported", ids)
    say(
        nt(
            "Pushed {n} young person from {file} to the register ({total} rows).",
            "Pushed {n} young people from {file} to the register ({total} rows).",
            len(plan.received),
            file=from_,
            total=sum(plan.counts.values()),
        )
    )
    for _old, ref, name, new in plan.received:
        echo(f"{new}\t{ref or ''}\t{name}")


@app.command("checkout", audit="exported")
def checkout_(
    youth: Annotated[
        list[str], typer.Argument(help="The young people to take out (id, ref or name).")
    ],
    to: Annotated[
        Path,
        typer.Option(
            "--to",
            help="The new laptop case file to work in.",
            dir_okay=False,
            show_default=False,
        ),
    ],
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help="Keep the laptop file encrypted (SQLCipher; passphrase from EFTER_PASSPHRASE "
            "or typed).",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Take cases from the register to a new laptop case file to work on offline. The
    register marks them checked out: others read them there, nobody changes them, until
    'efter register checkin FILE' brings the laptop's version back."""
    from efter.cli.ask import ask_passphrase
    from efter.core import bundle, checkout
    from efter.core.dialect import redacted

    url = _register_url(db)
    existed = to.exists()
    with opened(url) as register:
        with register.write() as conn:  # the hold, first and alone (see core/checkout.py)
            ids = _people(conn, youth)
            checkout.new_file(to)
            taken = checkout.take(conn, ids)
        try:
            with register.write() as conn:  # the cases, which nobody changes now
                contents = bundle.gather(conn, ids)
                checkout.sent(conn, ids)
                checkout.make_laptop_file(
                    to, contents, taken, redacted(url), encrypt=encrypt, ask=ask_passphrase
                )
        except BaseException:
            if not existed:  # the register did not send the cases: no laptop copy either
                checkout.discard_laptop_file(to)
            from contextlib import suppress

            # the hold ends; if the register cannot be reached for that, a team leader ends
            # it ('register checkouts' shows it), and the first error is the one to tell
            with suppress(Exception), register.write() as conn:
                checkout.undo(conn, taken)
            raise
    say(
        nt(
            "Checked out {n} young person to {file}; work there with --db {file}, then 'efter "
            "register checkin {file}'.",
            "Checked out {n} young people to {file}; work there with --db {file}, then 'efter "
            "register checkin {file}'.",
            len(ids),
            file=to,
        )
    )
    echo(str(to))


@app.command()
def checkin(
    file: Annotated[
        Path, typer.Argument(help="The laptop case file 'register checkout' made.", dir_okay=False)
    ],
    db: DbOption = None,
) -> None:
    """Bring checked-out cases back from a laptop file: the laptop's version replaces the
    register's, all or nothing, and the checkout ends; young people enrolled on the laptop
    meanwhile come in as new cases (their ids printed, as 'push' does). Refused when the file
    was checked in already or its checkout was released."""
    from efter.core import audit, checkout

    url = _register_url(db)
    # the register first: when it cannot be reached, the laptop file stays as it was
    with opened(url) as register, opened(file) as laptop:
        with laptop.write() as lconn:
            back = checkout.returning(lconn, file)
        with register.write() as conn:
            checkout.give_back(conn, back, file)
            audit.changed(back.youth_ids)
            plan = checkout.take_in_added(conn, back, file)
            if plan is not None:
                audit.changed(new for *_, new in plan.received)
        with laptop.write() as lconn:
            checkout.returned_on_laptop(lconn, back.token)
            audit.note("exported", back.youth_ids + back.added)
    say(
        nt(
            "Checked in {n} young person from {file}: the register has the laptop's version, and "
            "the case may be changed there again. {file} is spent; delete it when you no longer "
            "need it.",
            "Checked in {n} young people from {file}: the register has the laptop's version, and "
            "the cases may be changed there again. {file} is spent; delete it when you no longer "
            "need it.",
            len(back.youth_ids),
            file=file,
        )
    )
    if plan is not None:
        say(
            nt(
                "{n} young person enrolled on the laptop came in as a new case (the register's "
                "id first, below).",
                "{n} young people enrolled on the laptop came in as new cases (the register's "
                "ids first, below).",
                len(plan.received),
            )
        )
        for _old, ref, name, new in plan.received:
            echo(f"{new}\t{ref or ''}\t{name}")


@app.command()
def checkouts(db: DbOption = None, json: JsonOption = False) -> None:
    """The cases checked out to laptops, oldest first, with who holds each, since when and
    for how many days: a stale or lost one is released with 'efter register release ID'."""
    from efter.core import audit, checkout

    with opened(_register_url(db)) as register, register.write() as conn:
        rows = checkout.out(conn)
        audit.viewed(r["youth_id"] for r in rows if r["name"] is not None)
    if json:
        emit_json(rows)
        return
    table(
        [t("Id"), t("Ref"), t("Name"), t("Held by"), t("Since"), t("Days"), t("Where")],
        [
            [
                str(r["youth_id"]),
                r["ref"] or "",
                r["name"] or "",
                r["held_by"],
                checkout.shown_time(r["since"]),
                str(r["days"]),
                r["place"],
            ]
            for r in rows
        ],
        empty=t("No case is checked out."),
    )


@app.command()
def release(
    youth: Annotated[
        str,
        typer.Argument(help="The young person's id (as 'register checkouts' shows it), or a ref."),
    ],
    db: DbOption = None,
) -> None:
    """End a stale or lost checkout (a team leader, or the role that holds it): the case may
    be changed on the register again, and the laptop's copy will not be checked in."""
    from efter.core import audit, checkout

    with opened(_register_url(db)) as register, register.write() as conn:
        youth_id = int(youth) if youth.strip().isdigit() else _people(conn, [youth])[0]
        held = checkout.release(conn, youth_id)
        audit.changed([youth_id])
    say(
        t(
            "Released the checkout of young person {id} (held by {role} since {since}): the case "
            "may be changed on the register again; the laptop's copy will not be checked in.",
            id=youth_id,
            role=held["held_by"],
            since=checkout.shown_time(held["since"]),
        )
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
    youth: YouthArg,
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
