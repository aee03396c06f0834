"""efter team add|list|end and efter network add|list|end: one factory, two sides."""

from typing import Annotated

import typer

from efter.cli.options import (
    AddressEditOption,
    AddressOption,
    DbOption,
    EmailEditOption,
    EmailOption,
    JsonOption,
    NameEditOption,
    NoteOption,
    OrganisationEditOption,
    PhoneEditOption,
    PhoneOption,
    YouthArg,
    opened,
)
from efter.cli.output import emit_json, say, table
from efter.cli.tree import EfterTyper, helptext
from efter.core import vocab
from efter.core.i18n import N_, day_text, t


def _roles(terms: tuple[vocab.Term, ...]) -> str:
    return ", ".join(term.code for term in terms)


def build(side: str, terms: tuple[vocab.Term, ...], who: str) -> EfterTyper:
    app = EfterTyper(
        noun=side,
        help="The professionals around a young person."
        if side == "team"
        else "A young person's private network.",
    )
    member_help = (
        N_("The id of the team member.") if side == "team" else N_("The id of the network member.")
    )
    roles_help = helptext("One of: {roles}.", roles=_roles(terms))

    def the_side_() -> str:
        return t("the team") if side == "team" else t("the network")

    @app.command()
    def add(
        youth: YouthArg,
        role: Annotated[str, typer.Option(help=roles_help)],
        name: Annotated[
            str | None,
            typer.Option(
                help="The person's name (may be left out with --person)."
                if side == "team"
                else "The person's name."
            ),
        ] = None,
        organisation: Annotated[str | None, typer.Option(help="Organisation or place.")] = None,
        phone: PhoneOption = None,
        email: EmailOption = None,
        address: AddressOption = None,
        note: NoteOption = None,
        closeness: Annotated[
            str | None,
            typer.Option(
                help="How close to the young person (network map ring): tæt, mellem or fjern."
            ),
        ] = None,
        can_help: Annotated[
            str | None, typer.Option("--can-help", help="What the person can help with.")
        ] = None,
        started: Annotated[
            str | None, typer.Option("--from", help="On the case from (default: today).")
        ] = None,
        person: Annotated[
            str | None,
            typer.Option(
                "--person",
                help="The team only: put this person from the address book on the case (the "
                "id 'efter person list' shows).",
                hidden=side != "team",
            ),
        ] = None,
        new_person: Annotated[
            bool,
            typer.Option(
                "--new-person",
                help="The team only: add a new person to the address book even when someone "
                "there has the same or a near name.",
                hidden=side != "team",
            ),
        ] = False,
        db: DbOption = None,
    ) -> None:
        """Add a person to the young person's case. Prints the new id on stdout.

        A team member is a professional from the shared address book ('efter person list'):
        someone with the same name and organisation is used without asking; when someone
        is only close (the same name with another or no organisation, or a near spelling)
        efter asks at a terminal, and in a script stops and names them: give --person ID or
        --new-person. The private network is not shared between cases."""
        from efter.cli.ask import choose_person, interactive
        from efter.core import members
        from efter.core import youth as core
        from efter.core.errors import UsageMistake

        if name is None and not (side == "team" and person is not None):
            raise UsageMistake(
                t("Missing option '--name': give the person's name, or --person ID.")
                if side == "team"
                else t("Missing option '--name'.")
            )
        values = dict(locals())
        with opened(db) as casefile, casefile.write() as conn:
            young = core.find(conn, youth)
            member_id, record = members.add(
                conn, young, side, values, person=person, new_person=new_person,
                ask=choose_person if interactive() else None,
            )  # fmt: skip
        if side == "team":
            say(
                t(
                    "Added {name} (person {person}) to {side} of {label} as id {member_id}.",
                    name=record["name"],
                    person=record["professional_id"],
                    side=the_side_(),
                    label=young.label,
                    member_id=member_id,
                )
            )
        else:
            say(
                t(
                    "Added {name} to {side} of {label} as id {member_id}.",
                    name=record["name"],
                    side=the_side_(),
                    label=young.label,
                    member_id=member_id,
                )
            )
        typer.echo(str(member_id))

    @app.command("list")
    def list_(
        youth: YouthArg,
        all_: Annotated[
            bool, typer.Option("--all", help="Include people who have left the case.")
        ] = False,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """List the people on a young person's case (current ones unless --all)."""
        from efter.core import clock, members
        from efter.core import youth as core

        today = clock.today()
        with opened(db) as casefile, casefile.write() as conn:
            person = core.find(conn, youth)
            rows = members.list_members(conn, person, side, include_ended=all_, today=today)
        records = [members.describe(row, today) for row in rows]
        if json:
            emit_json(records)
            return
        table(
            [
                "ID",
                "Role",
                "Name",
                "Organisation",
                "Phone",
                "Email",
                *(["Address"] if any(r["address"] for r in records) else []),
                "From",
                "To",
            ],
            [
                [
                    r["id"],
                    r["role_label"],
                    r["name"],
                    r["organisation"],
                    r["phone"],
                    r["email"],
                    *([r["address"]] if any(r["address"] for r in records) else []),
                    r["from"],
                    r["to"],
                ]
                for r in records
            ],
            empty=t(
                "No {who} on the case of {label}: add with 'efter {side} add'.",
                who=t(who),
                label=person.label,
                side=side,
            ),
        )

    @app.command("set")
    def set_(
        member: Annotated[str, typer.Argument(help=member_help)],
        closeness: Annotated[
            str | None,
            typer.Option(help="tæt, mellem or fjern (network map ring); '' clears it."),
        ] = None,
        can_help: Annotated[
            str | None,
            typer.Option("--can-help", help="What the person can help with; '' clears it."),
        ] = None,
        db: DbOption = None,
    ) -> None:
        """Set a person's closeness and what they can help with (the network map)."""
        from efter.core import members

        with opened(db) as casefile, casefile.write() as conn:
            row = members.get(conn, side, member)
            changes = members.set_map(conn, row, closeness, can_help)
        from efter.cli.history import field_names
        from efter.core import vocab
        from efter.core.i18n import language

        lang = language()

        def shown(key: str, value: str | None) -> str:
            if value and key == "closeness":  # close (the code's own word) / tæt
                return vocab.label(vocab.CLOSENESS, value, lang).lower()
            return value or t("(none)")

        said = ", ".join(
            f"{field_names([key])} {shown(key, value)}" for key, value in changes.items()
        )
        say(t("{name} (id {id}): {said}.", name=row["name"], id=row["id"], said=said))

    @app.command()
    def end(
        member: Annotated[str, typer.Argument(help=member_help)],
        on: Annotated[str | None, typer.Option("--date", help="Last day (default: today).")] = None,
        db: DbOption = None,
    ) -> None:
        """End a person's part in the case; they stay in its history."""
        from efter.core import clock, members
        from efter.core.dates import parse_date

        day = parse_date(on, field="on") if on else clock.today()
        with opened(db) as casefile, casefile.write() as conn:
            row = members.get(conn, side, member)
            members.end(conn, row, day)
        say(
            t(
                "{name} (id {id}) left {side} on {day}.",
                name=row["name"],
                id=row["id"],
                side=the_side_(),
                day=day_text(day),
            )
        )

    @app.command()
    def edit(
        member: Annotated[str, typer.Argument(help=member_help)],
        name: NameEditOption = None,
        role: Annotated[str | None, typer.Option(help=roles_help)] = None,
        organisation: OrganisationEditOption = None,
        started: Annotated[
            str | None, typer.Option("--from", help="The first day on the case.")
        ] = None,
        ended: Annotated[
            str | None,
            typer.Option("--to", help="The last day on the case ('' makes them current again)."),
        ] = None,
        phone: PhoneEditOption = None,
        email: EmailEditOption = None,
        address: AddressEditOption = None,
        db: DbOption = None,
    ) -> None:
        """Correct a person's name, role, organisation, contact details, or from and to dates.

        Only the options given change. Each change is audited and kept with the earlier
        value: 'efter SIDE history MEMBER' shows them. A team member's name, organisation
        and contact details are the shared address book's: they change on every case the
        person sits on (as 'efter person edit'); a network member belongs to one case."""
        from efter.cli import history
        from efter.core import edits, members

        with opened(db) as casefile, casefile.write() as conn:
            row = members.get(conn, side, member)
            diff = edits.edit_member(
                conn, row, name=name, role=role, organisation=organisation,
                started=started, ended=ended, phone=phone, email=email, address=address,
            )  # fmt: skip
        command = f"efter {side} history {row['id']}"
        history.changed(f"{row['name']} (id {row['id']})", diff, command)

    @app.command("history")
    def history_(
        member: Annotated[str, typer.Argument(help=member_help)],
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """The corrections made to a person on the case: when, by whom, the old and new value."""
        from efter.cli import history

        history.show(
            "member", member, json, db, "team member" if side == "team" else "network member"
        )

    return app


team_app = build("team", vocab.TEAM_ROLES, N_("professionals"))
network_app = build("network", vocab.NETWORK_ROLES, N_("private network"))
