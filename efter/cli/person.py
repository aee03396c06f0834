"""efter person list|show|edit: the shared address book of professionals."""

from typing import Annotated

import typer

from efter.cli.options import (
    AddressEditOption,
    DbOption,
    EmailEditOption,
    JsonOption,
    NameEditOption,
    OrganisationEditOption,
    PhoneEditOption,
    opened,
)
from efter.cli.output import emit_json, fields, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import nt, t

app = EfterTyper(
    noun="person",
    help="The address book of professionals: one person, many cases (the team).",
)

PersonArg = Annotated[str, typer.Argument(help="The person's id (or a name only one has).")]


@app.command("list")
def list_(json: JsonOption = False, db: DbOption = None) -> None:
    """Everyone in the address book, with how many cases each sits on now.

    Team members are kept here once ('efter team add' finds them); the private network is
    not: it belongs to one case."""
    from efter.core import addressbook, clock

    with opened(db) as casefile, casefile.write() as conn:
        people = addressbook.list_people(conn, clock.today().isoformat())
    if json:
        emit_json(people)
        return
    table(
        ["ID", "Name", "Organisation", "Phone", "Email", "Cases"],
        [
            [p["id"], p["name"], p["organisation"], p["phone"], p["email"], p["cases"]]
            for p in people
        ],
        empty=t("The address book is empty: 'efter team add' puts professionals in it."),
    )


@app.command()
def show(person: PersonArg, json: JsonOption = False, db: DbOption = None) -> None:
    """A person's name, organisation and contact details, and the cases they sit on (and
    have sat on) with their role on each."""
    from efter.core import addressbook, clock

    today = clock.today().isoformat()
    with opened(db) as casefile, casefile.write() as conn:
        row = addressbook.find(conn, person)
        cases = addressbook.cases_of(conn, row["id"], today)
    data = addressbook.describe(row) | {"cases": cases}
    if json:
        emit_json(data)
        return
    fields(
        [
            ("ID", data["id"]),
            ("Name", data["name"]),
            ("Organisation", data["organisation"]),
            ("Phone", data["phone"]),
            ("Email", data["email"]),
            ("Address", data["address"]),
        ]
    )
    typer.echo("")
    table(
        ["Member", "Young person", "Ref", "Role", "From", "To"],
        [
            [c["member_id"], c["youth"], c["ref"], c["role_label"], c["from"], c["to"]]
            for c in cases
        ],
        title=t("Cases"),
        empty=t(
            "Cases: none (put them on one with 'efter team add YOUTH --person {id} --role ...').",
            id=data["id"],
        ),
    )


@app.command()
def edit(
    person: PersonArg,
    name: NameEditOption = None,
    organisation: OrganisationEditOption = None,
    phone: PhoneEditOption = None,
    email: EmailEditOption = None,
    address: AddressEditOption = None,
    db: DbOption = None,
) -> None:
    """Change a person's name, organisation or contact details on every case they sit on.

    Only the options given change. The change is audited, and each case's team member
    history ('efter team history MEMBER') shows it with the earlier value."""
    from efter.cli.history import field_names
    from efter.core import addressbook

    values = {"name": name, "organisation": organisation, "phone": phone, "email": email,
              "address": address}  # fmt: skip
    with opened(db) as casefile, casefile.write() as conn:
        row = addressbook.find(conn, person)
        diff, members = addressbook.edit(conn, row, values)
    who = t("{name} (person {id})", name=row["name"], id=row["id"])
    if not diff:
        say(t("Nothing changed for {who}: the values were already so.", who=who))
        return
    say(
        nt(
            "Changed {fields} of {who} on {n} case.",
            "Changed {fields} of {who} on {n} cases.",
            len(members),
            fields=field_names(diff),
            who=who,
        )
    )
