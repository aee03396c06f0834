"""efter programme add|list|show|edit|price|cohort|cohorts|join|leave|periods: programmes
(the collaboration model and supplements such as EMPOWER4U), their cohorts and prices, and the
young people's periods in them."""

from typing import Annotated, Any

import typer

from efter.cli.frame import fail
from efter.cli.options import DbOption, JsonOption, YouthArg, opened
from efter.cli.output import echo, emit_json, fields, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import N_, day_text, t

app = EfterTyper(
    noun="programme",
    help="Programmes (indsatser), their cohorts and prices, and young people's periods in them.",
)

ProgrammeArg = Annotated[
    str, typer.Argument(help="The programme's name (any case) or id; see 'efter programme list'.")
]
Kind = Annotated[
    str,
    typer.Option(
        "--kind",
        help="model (the collaboration model a case runs in) or supplement (a course beside "
        "it, such as EMPOWER4U).",
        show_default=False,
    ),
]
Weeks = Annotated[
    str | None,
    typer.Option(
        "--weeks",
        help="Planned length in weeks (78 is about 1½ years); a cohort's planned end follows.",
        show_default=False,
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force", help="Add the name even though it is near the name of a programme on file."
    ),
]


def _money(amount: int | None) -> str:
    return "" if amount is None else f"{amount:,}".replace(",", ".")


def _kind(code: str) -> str:
    from efter.core import programmes, vocab
    from efter.core.i18n import language

    return vocab.label(programmes.KINDS, code, language())


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="The programme's name, as people know it.")],
    kind: Kind,
    price: Annotated[
        str | None,
        typer.Option(
            "--price",
            help="Price per young person in whole kroner (30000 or 30.000).",
            show_default=False,
        ),
    ] = None,
    weeks: Weeks = None,
    force: Force = False,
    db: DbOption = None,
) -> None:
    """Add a programme (a model or a supplement).

    The model is the frame a case runs in; a supplement, such as EMPOWER4U->DRØMMEJOB, a course
    beside it. A name near one on file ('EMPOWER 4U') is refused with the name meant, unless
    --force. Prints the new programme's id."""
    from efter.core import programmes

    with opened(db) as casefile, casefile.write() as conn:
        new_id = programmes.add(conn, name, kind, price=price, weeks=weeks, force=force)
        row = programmes.find(conn, str(new_id))
    say(
        t(
            "Added the programme {name} ({lower}).",
            name=row["name"],
            lower=_kind(row["kind"]).lower(),
        )
    )
    echo(str(new_id))


@app.command("list")
def list_(json: JsonOption = False, db: DbOption = None) -> None:
    """Every programme, who is in it and its price.

    With its kind, planned weeks, cohorts, the young people in it now and those who have left
    it."""
    from efter.core import clock, programmes

    with opened(db) as casefile:
        rows = programmes.listing(casefile.conn, clock.today())
    if json:
        emit_json(rows)
        return
    table(
        [
            "Programme",
            "Kind",
            "Weeks",
            "Cohorts",
            "In it now",
            "Left",
            "Price per young person (kr.)",
        ],
        [
            [
                r["programme"],
                _kind(r["kind"]),
                r["weeks"] or "",
                r["cohorts"],
                r["active"],
                r["closed"],
                _money(r["price"]),
            ]
            for r in rows
        ],
        empty=t("No programmes yet: add one with 'efter programme add NAME --kind model'."),
    )


@app.command()
def show(programme: ProgrammeArg, json: JsonOption = False, db: DbOption = None) -> None:
    """One programme, its cohorts and young people.

    Its kind, length and price, its cohorts and every young person's period in it."""
    from efter.core import clock, programmes

    with opened(db) as casefile, casefile.write() as conn:
        row = programmes.find(conn, programme)
        data = programmes.show(conn, row, clock.today())
    if json:
        emit_json(data)
        return
    fields(
        [
            ("ID", data["id"]),
            ("Programme", data["programme"]),
            ("Kind", _kind(data["kind"])),
            ("Weeks", data["weeks"] or ""),
            ("Price", f"{_money(data['price'])} kr." if data["price"] is not None else ""),
            ("In it now", data["active"]),
            ("Left", data["closed"]),
        ]
    )
    typer.echo("")
    _cohort_table(data["cohorts"], with_programme=False)
    typer.echo("")
    table(
        ["Young person", "Ref", "Cohort", "From", "To"],
        [
            [p["name"], p["ref"] or "", p["cohort"] or "", p["starts"], p["ends"] or ""]
            for p in data["periods"]
        ],
        title=t("Young people"),
        empty=t(
            "Nobody is in it yet: 'efter programme join YOUTH \"{programme}\"'.",
            programme=data["programme"],
        ),
    )


@app.command()
def edit(
    programme: ProgrammeArg,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", help="New name (its young people and price follow).", show_default=False
        ),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="model or supplement.", show_default=False)
    ] = None,
    weeks: Weeks = None,
    force: Force = False,
    db: DbOption = None,
) -> None:
    """Correct a programme's name, kind or weeks.

    A new name reaches the young people whose case programme it is, and the price."""
    from efter.core import programmes

    with opened(db) as casefile, casefile.write() as conn:
        row = programmes.find(conn, programme)
        diff = programmes.edit(conn, row, name=name, kind=kind, weeks=weeks, force=force)
    if not diff:
        say(t("{name}: nothing changed.", name=row["name"]))
        return
    from efter.cli.history import field_names

    for field, (old, new) in diff.items():
        say(
            t(
                "{name}: {field} {old} -> {new}.",
                name=row["name"],
                field=field_names([field]),
                old=old if old is not None else t("(none)"),
                new=new,
            )
        )


@app.command()
def price(
    name: Annotated[str, typer.Argument(help="The programme's name (any case).")],
    amount: Annotated[
        str | None,
        typer.Argument(
            help="Price per young person in whole kroner (30000 or 30.000).", show_default=False
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the programme's price.")] = False,
    db: DbOption = None,
) -> None:
    """Set a programme's price per young person.

    Used for the cost in 'efter report outcomes'."""
    from efter.core import prices

    if clear == (amount is not None):
        raise fail(t("Give either an AMOUNT or --clear (not both, not neither)."), 2)
    with opened(db) as casefile, casefile.write() as conn:
        if clear:
            prices.clear_price(conn, name)
        else:
            assert amount is not None
            stored, value = prices.set_price(conn, name, amount)
    if clear:
        say(t("Removed the price of {name}.", name=name.strip()))
        return
    say(t("{stored}: {money} kr. per young person.", stored=stored, money=_money(value)))


def _cohort_table(rows: list[dict[str, Any]], *, with_programme: bool) -> None:
    head = [N_("Cohort"), N_("Start"), N_("Planned end"), N_("Place"), N_("Young people")]
    table(
        ([N_("Programme")] if with_programme else []) + head,
        [
            ([r["programme"] or t("(no programme)")] if with_programme else [])
            + [
                r["cohort"],
                r["starts"] or "",
                r["planned_end"] or "",
                r["place"] or "",
                r["young_people"],
            ]
            for r in rows
        ],
        title=None if with_programme else t("Cohorts"),
        empty=t(
            "No cohorts yet: add one with 'efter programme cohort PROGRAMME NAME --start DATE'."
        ),
    )


@app.command()
def cohort(
    programme: ProgrammeArg,
    name: Annotated[str, typer.Argument(help="The cohort's name (hold), e.g. '2026-1'.")],
    start: Annotated[
        str | None,
        typer.Option(
            "--start", help="The day it starts (EMPOWER4U: the camp).", show_default=False
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--end",
            help="Planned end (default: the programme's weeks after the start).",
            show_default=False,
        ),
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="Where it is held.", show_default=False)
    ] = None,
    db: DbOption = None,
) -> None:
    """Add or change a cohort (hold) of a programme.

    A cohort has a start (EMPOWER4U: the camp), a planned end and a place; give the options to
    change one a programme has. Prints a new cohort's id."""
    from efter.core import programmes

    with opened(db) as casefile, casefile.write() as conn:
        row = programmes.find(conn, programme)
        cohort_id, new, _values = programmes.set_cohort(
            conn, row, name, starts=start, planned_end=end, place=place
        )
        stored = next(c for c in programmes.cohorts(conn, row["id"]) if c["id"] == cohort_id)
    values = {
        "cohort": stored["cohort"],
        "name": row["name"],
        "starts": day_text(stored["starts"]),
        "ends": day_text(stored["planned_end"]),
    }
    if not stored["starts"]:
        sentence = (
            t("Added the cohort {cohort} of {name}.", **values)
            if new
            else t("Updated the cohort {cohort} of {name}.", **values)
        )
    elif not stored["planned_end"]:
        sentence = (
            t("Added the cohort {cohort} of {name} from {starts}.", **values)
            if new
            else t("Updated the cohort {cohort} of {name} from {starts}.", **values)
        )
    else:
        sentence = (
            t("Added the cohort {cohort} of {name} from {starts} to {ends}.", **values)
            if new
            else t("Updated the cohort {cohort} of {name} from {starts} to {ends}.", **values)
        )
    say(sentence)
    if new:
        echo(str(cohort_id))


@app.command()
def cohorts(
    programme: Annotated[
        str | None, typer.Argument(help="Only this programme's cohorts.", show_default=False)
    ] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """The cohorts (hold), with dates and place.

    Of every programme, or of the one named, with how many young people are in each."""
    from efter.core import programmes

    with opened(db) as casefile:
        conn = casefile.conn
        pid = programmes.find(conn, programme)["id"] if programme is not None else None
        rows = programmes.cohorts(conn, pid)
    if json:
        emit_json(rows)
        return
    _cohort_table(rows, with_programme=True)


@app.command()
def join(
    youth: YouthArg,
    programme: ProgrammeArg,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="First day in it (default: today).", show_default=False),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="Last day, when it is already known.", show_default=False),
    ] = None,
    cohort: Annotated[
        str | None,
        typer.Option(
            "--cohort", help="The programme's cohort (hold) they join.", show_default=False
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """A young person joins a programme.

    From a day (default: today), in a cohort if given; a young person can be in several
    programmes at once (the model and EMPOWER4U). Prints the period's id."""
    from efter.core import clock, programmes
    from efter.core import youth as core
    from efter.core.dates import parse_date

    starts = parse_date(from_, field="from") if from_ else None
    ends = parse_date(to, field="to") if to else None
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        row = programmes.find(conn, programme)
        if starts is None:
            starts = max(clock.today(), parse_date(person.start))
            if ends is not None and ends < starts:
                starts = ends
        period = programmes.join(conn, person, row, starts=starts, ends=ends, cohort=cohort)
    say(
        t(
            "{label} is in {name} from {starts}.",
            label=person.label,
            name=row["name"],
            starts=day_text(starts),
        )
    )
    echo(str(period))


@app.command()
def leave(
    youth: YouthArg,
    programme: ProgrammeArg,
    on: Annotated[
        str | None, typer.Option("--date", help="Last day in it (default: today).")
    ] = None,
    db: DbOption = None,
) -> None:
    """End a young person's period in a programme.

    The period stays in their history ('efter programme periods')."""
    from efter.core import clock, programmes
    from efter.core import youth as core
    from efter.core.dates import parse_date

    day = parse_date(on, field="date") if on else clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        row = programmes.find(conn, programme)
        started = programmes.leave(conn, person, row, day)
    say(
        t(
            "{label} left {name} on {day} (in it from {started}).",
            label=person.label,
            name=row["name"],
            day=day_text(day),
            started=day_text(started),
        )
    )


@app.command()
def periods(youth: YouthArg, json: JsonOption = False, db: DbOption = None) -> None:
    """A young person's periods in programmes.

    Each with its programme, kind, cohort, start and end."""
    from efter.core import programmes
    from efter.core import youth as core

    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        rows = programmes.periods(conn, person.id)
    if json:
        emit_json(rows)
        return
    table(
        ["ID", "Programme", "Kind", "Cohort", "From", "To"],
        [
            [
                r["id"],
                r["programme"],
                _kind(r["kind"]),
                r["cohort"] or "",
                r["starts"],
                r["ends"] or "",
            ]
            for r in rows
        ],
        empty=t(
            "{label} is in no programme: 'efter programme join {id} NAME'.",
            label=person.label,
            id=person.id,
        ),
    )
