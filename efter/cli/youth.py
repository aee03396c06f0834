"""efter youth add|list|show|edit|close|reopen"""

from collections.abc import Iterable
from typing import Annotated, Any

import typer

from efter.cli.options import (
    DbOption,
    JsonOption,
    NoteOption,
    YouthAddressOption,
    YouthArg,
    YouthEmailOption,
    YouthPhoneOption,
    opened,
)
from efter.cli.output import emit_json, fields, say, table, table_limit, warn
from efter.cli.tree import EfterTyper, helptext
from efter.core.i18n import N_, danish, day_text, language, nt, t

app = EfterTyper(noun="youth", help="Enrol, list, show, edit and close young people.")


def _opt(help: str) -> Any:
    return typer.Option(help=help, show_default=False)


Ref = Annotated[str | None, _opt("The municipality's case number (sagsnr), unique.")]
Born = Annotated[str | None, _opt("Birth date, ISO or day-first (14-03-2008).")]
Cpr = Annotated[
    str | None,
    _opt(
        "CPR number DDMMYY-SSSS (optional; never shown in full in lists). '-' reads it from "
        "standard input and 'ask' asks for it without showing it, so it stays out of ps and "
        "your shell history."
    ),
]
Municipality = Annotated[str | None, _opt("Acting municipality (handlekommune).")]
HomeMunicipality = Annotated[str | None, _opt("Home municipality (opvækstkommune).")]
LegalBasis = Annotated[
    str | None, _opt("Legal basis: bl46, bl47, bl32, bl113, sel52 or sel76 (or '§ 46' etc.).")
]
PlacementSite = Annotated[str | None, _opt("Placement site (anbringelsessted).")]
PlacedFrom = Annotated[
    str | None,
    _opt(
        "The day the placement started (anbragt fra); placed after 16, the ungeplan is due "
        "3 months after it."
    ),
]
Housing = Annotated[
    str | None,
    _opt(
        "Housing form: doegninstitution, opholdssted, plejefamilie, netvaerksplejefamilie, "
        "vaertsfamilie, egen-bolig, kollegium, bofaellesskab, hos-foraeldre, other."
    ),
]
Programme = Annotated[
    str | None,
    _opt(
        "The case's programme (indsats), e.g. 'Vejen til uddannelse og beskæftigelse': the young "
        "person joins it (a new name becomes a programme; more with 'efter programme join')."
    ),
]
Cohort = Annotated[str | None, _opt("Cohort (hold) in that programme.")]
Coordinator = Annotated[str | None, _opt("The responsible coordinator.")]
Start = Annotated[str | None, _opt("Start date in the programme (default: today).")]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Enrol even outside ages 15-23, with a CPR number another young person has, or "
        "keep a Serviceloven basis for a case from 2024 on (the record says so).",
    ),
]

EditForce = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Keep the change even when it puts the young person outside ages 15-23 on the "
        "start date, gives a CPR number another young person has, or keeps a Serviceloven "
        "basis for a case from 2024 on (the record says so).",
    ),
]
EditStart = Annotated[str | None, _opt("The start date in the programme.")]


def _cpr_value(value: str | None) -> str | None:
    """--cpr as typed, or read from standard input (-) or a prompt without echo (ask)."""
    if value is None or value.strip() not in ("-", "ask"):
        return value
    from efter.core.casefile import unrepeatable
    from efter.core.errors import InvalidInput

    unrepeatable()  # stdin or a person's answer is taken once (casefile.again)
    if value.strip() == "-":
        import sys

        line = sys.stdin.readline(64)  # a CPR number is 11 characters: nothing more is read
        if not line.strip():
            raise InvalidInput(t("--cpr - read no CPR number from standard input: pipe it in."))
        return line.strip()
    from efter.cli.ask import interactive

    if not interactive():
        raise InvalidInput(
            t(
                "--cpr ask needs a terminal to ask on: run it at a terminal, or give --cpr - and "
                "pipe the number in."
            )
        )
    import getpass

    return getpass.getpass("CPR number (not shown): ")


def caseload_warnings(conn: Any, coordinators: Iterable[str | None]) -> list[str]:
    """The caseload warnings to print once the command has committed (none if it fails):
    each of these coordinators now above the limit."""
    from efter.core.caseload import over_limit

    return [
        t(
            "{coordinator} now has {active} active cases, above the limit of {limit} (change it "
            "with 'efter config set caseload-limit N').",
            coordinator=coordinator, active=active, limit=limit,
        )
        for coordinator, active, limit in over_limit(conn, coordinators)
    ]  # fmt: skip


def showing(shown: int, total: int) -> str:
    return nt(
        "Showing {shown} of {n} young person: narrow the list with --coordinator, "
        "--programme, --municipality or --cohort, or add --all.",
        "Showing {shown} of {n} young people: narrow the list with --coordinator, "
        "--programme, --municipality or --cohort, or add --all.",
        total,
        shown=shown,
    )


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="The young person's name.")],
    ref: Ref = None,
    born: Born = None,
    cpr: Cpr = None,
    municipality: Municipality = None,
    home_municipality: HomeMunicipality = None,
    legal_basis: LegalBasis = None,
    placed_from: PlacedFrom = None,
    placement_site: PlacementSite = None,
    housing: Housing = None,
    programme: Programme = None,
    cohort: Cohort = None,
    coordinator: Coordinator = None,
    start: Start = None,
    note: NoteOption = None,
    phone: YouthPhoneOption = None,
    email: YouthEmailOption = None,
    address: YouthAddressOption = None,
    force: Force = False,
    db: DbOption = None,
) -> None:
    """Enrol a young person. Prints the new id on stdout."""
    from efter.core import youth as core

    cpr = _cpr_value(cpr)
    values = dict(locals())
    with opened(db) as casefile, casefile.write() as conn:
        new_id = core.add(conn, values, force=force)
        record = core.find(conn, str(new_id))
        caseload = caseload_warnings(conn, [record.coordinator])
    for message in caseload:  # only once the young person is on file
        warn(message)
    if record.age_forced:
        warn(t("enrolled outside ages 15-23 because of --force; the record says so."))
    if record.cpr_forced:
        warn(t("another young person has the same CPR number; enrolled because of --force."))
    if record.basis_forced:
        warn(
            t(
                "kept a Serviceloven legal basis after 1 January 2024 because of --force; the "
                "record says so."
            )
        )
    say(t("Enrolled {name} as id {new_id}.", name=record.name, new_id=new_id))
    typer.echo(str(new_id))


TABLE_LIMIT = 100


@app.command("list")
def list_(
    status: Annotated[
        str, typer.Option(help="active, closed or all.", show_default=True)
    ] = "active",
    coordinator: Coordinator = None,
    programme: Programme = None,
    municipality: Municipality = None,
    cohort: Cohort = None,
    limit: Annotated[
        int | None,
        typer.Option(
            help=helptext(
                "Show at most N (the table shows {n} unless --all; --json shows all).",
                n=TABLE_LIMIT,
            ),
            show_default=False,
            min=1,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Show everyone who matches.")] = False,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List young people (active cases by default) by name. CPR numbers are masked."""
    from efter.core import audit, clock
    from efter.core import youth as core
    from efter.core.errors import InvalidInput

    if status not in ("active", "closed", "all"):
        raise InvalidInput(
            t("'{status}' is not a status: give --status active, closed or all.", status=status)
        )
    limit = table_limit(limit, all_, json, TABLE_LIMIT)
    filters = dict(
        status=None if status == "all" else status,
        coordinator=coordinator,
        programme=programme,
        municipality=municipality,
        cohort=cohort,
    )
    today = clock.today()
    if json:  # streamed: a list of 50,000 is never held whole
        from efter.cli.stream import emit_json_list, shown_then_noted

        shown: list[int] = []

        def described(conn: Any) -> Any:
            for person in core.iter_youth(conn, **filters, limit=limit):
                shown.append(person.id)
                yield core.describe(person, today)

        with opened(db) as casefile, shown_then_noted(casefile, lambda: shown) as conn:
            emit_json_list(described(conn))
            total = len(shown)
            if limit is not None and total == limit:
                total = core.count_youth(conn, **filters)
        if total > len(shown):
            say(showing(len(shown), total))
        return
    with opened(db) as casefile, casefile.write() as conn:
        people = core.list_youth(conn, **filters, limit=limit)
        total = len(people)
        if limit is not None and total == limit:
            total = core.count_youth(conn, **filters)
        audit.viewed(p.id for p in people)
    records = [core.describe(p, today) for p in people]
    table(
        ["ID", "Ref", "Name", "Age", "CPR", "Coordinator", "Programme", "Status"],
        [
            [
                r["id"],
                r["ref"],
                r["name"],
                r["age"],
                r["cpr"],
                r["coordinator"],
                r["programme"],
                status_word(r["status"]),
            ]
            for r in records
        ],
        empty=t("No young people match: add one with 'efter youth add NAME --born DATE'."),
    )
    if total > len(records):
        say(showing(len(records), total))


@app.command()
def show(
    youth: YouthArg,
    reveal_cpr: Annotated[
        bool, typer.Option("--reveal-cpr", help="Show the whole CPR number.")
    ] = False,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Everything about one young person: age, days until 18, next statutory date, people."""
    from efter.core import clock, deadlines, members, vocab
    from efter.core import youth as core

    today = clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        people = members.list_members(conn, person, None, include_ended=True, today=today)
        from efter.render.contract_line import contract_line, contract_status

        contract = contract_status(conn, person)
        from efter.core.handover import history

        coordinators = history(conn, person)
        judged = deadlines.judged_many(conn, [person.row], today)[person.id]
        from efter.core import journal

        notes = [journal.describe(row) for row in journal.list_notes(conn, person, latest=3)]
        from efter.core import programmes

        periods = programmes.periods(conn, person.id)
    data = core.describe(person, today, reveal_cpr=reveal_cpr, judged=judged)
    data["programmes"] = periods
    data["team"] = [members.describe(m, today) for m in people if m["side"] == "team"]
    data["network"] = [members.describe(m, today) for m in people if m["side"] == "network"]
    data["statutory_dates"] = [item.as_dict() for item in judged]
    data["contract"] = contract
    data["coordinators"] = coordinators
    data["journal"] = notes
    if json:
        emit_json(data)
        return
    upcoming = data["next_statutory_date"]
    fields(
        [
            ("ID", data["id"]),
            ("Ref", data["ref"]),
            ("Name", data["name"]),
            *[(label, data[key]) for key, label in CONTACT_LINES if data[key]],
            ("Born", t("{born} (age {age})", born=data["born"], age=data["age"])),
            ("CPR", data["cpr"]),
            (
                "Days until 18",
                data["days_until_18"] if data["days_until_18"] else t("already 18"),
            ),
            (
                "Next statutory date",
                f"{upcoming['date']} {_statutory_label(upcoming)}" if upcoming else t("none ahead"),
            ),
            ("Municipality", data["municipality"]),
            ("Home municipality", data["home_municipality"]),
            ("Legal basis", vocab.label(vocab.LEGAL_BASES, data["legal_basis"], language())),
            *([("Placed from", data["placed_from"])] if data["placed_from"] else []),
            ("Placement site", data["placement_site"]),
            ("Housing", vocab.label(vocab.HOUSING_FORMS, data["housing"], language())),
            ("Programme", data["programme"]),
            ("Cohort", data["cohort"]),
            ("Coordinator", data["coordinator"]),
            ("Start", data["start"]),
            ("Status", _status_text(data)),
            ("Note", data["note"]),
            ("Contract", contract_line(contract, data["id"])),
        ]
    )
    if data["age_forced"]:
        say(t("Note: enrolled outside ages 15-23 with --force."))
    if data["cpr_forced"]:
        say(t("Note: another young person has the same CPR number (kept with --force)."))
    if periods and [p["programme"] for p in periods] != [data["programme"]]:
        # Beside the case's programme: every period, as 'efter programme periods' lists them.
        typer.echo("")
        table(
            ["Programme", "Cohort", "From", "To"],
            [[p["programme"], p["cohort"] or "", p["starts"], p["ends"] or ""] for p in periods],
            title=t("Programmes"),
        )
    if len(coordinators) > 1:
        typer.echo("")
        table(
            ["Coordinator", "From", "To"],
            [
                [c["coordinator"] or t("(none)"), c["from"], c["to"] or t("now")]
                for c in coordinators
            ],
            title=t("Coordinators"),
        )
    if data["basis_forced"]:
        say(t("Note: a Serviceloven legal basis kept after 1 January 2024 with --force."))
    for side, title in (("team", t("Team")), ("network", t("Network"))):
        addresses = any(m["address"] for m in data[side])
        rows = [
            [m["id"], m["role_label"], m["name"], m["organisation"] or "", m["phone"] or "",
             m["email"] or "", *([m["address"] or ""] if addresses else []), _period(m)]
            for m in data[side]
        ]  # fmt: skip
        typer.echo("")
        table(
            [
                "ID",
                "Role",
                "Name",
                "Organisation",
                "Phone",
                "Email",
                *(["Address"] if addresses else []),
                "Period",
            ],
            rows,
            title=title,
            empty=t(
                "{title}: nobody yet (add with 'efter {side} add {id} ...').",
                title=title,
                side=side,
                id=data["id"],
            ),
        )
    if notes:
        typer.echo("")
        table(
            ["ID", "Written", "By", "Note"],
            [[n["id"], n["written"][:10], n["author"], n["text"]] for n in notes],
            title=t("Journal, latest notes"),
        )


CONTACT_LINES = (("phone", N_("Phone")), ("email", N_("Email")), ("address", N_("Address")))


def _status_text(data: dict[str, Any]) -> str:
    if data["status"] != "closed":
        return status_word(str(data["status"]))
    from efter.core import vocab

    outcome = vocab.label(vocab.OUTCOMES, data["outcome"], language())
    return t("closed {day} ({outcome})", day=data["closed"], outcome=outcome)


def _statutory_label(upcoming: dict[str, Any]) -> str:
    """A statutory date's label in the language of the messages (efter.core.rules.LABELS)."""
    if not danish():
        return str(upcoming["label"])
    from efter.core.rules import LABELS

    return LABELS.get(upcoming["code"], (upcoming["label"],))[0]


def status_word(status: str) -> str:
    """A case's status (active, closed) as a table says it."""
    return {"active": t("active"), "closed": t("closed")}.get(status, status)


def _period(member: dict[str, Any]) -> str:
    if member["to"]:
        return f"{member['from']} – {member['to']}"
    return t("since {day}", day=member["from"])


@app.command()
def edit(
    youth: YouthArg,
    name: Annotated[str | None, _opt("New name.")] = None,
    ref: Ref = None,
    born: Born = None,
    cpr: Cpr = None,
    municipality: Municipality = None,
    home_municipality: HomeMunicipality = None,
    legal_basis: LegalBasis = None,
    placed_from: PlacedFrom = None,
    placement_site: PlacementSite = None,
    housing: Housing = None,
    programme: Programme = None,
    cohort: Cohort = None,
    coordinator: Coordinator = None,
    start: EditStart = None,
    note: NoteOption = None,
    phone: YouthPhoneOption = None,
    email: YouthEmailOption = None,
    address: YouthAddressOption = None,
    force: EditForce = False,
    db: DbOption = None,
) -> None:
    """Correct or change a young person's details (name, ref, dates, municipality, legal
    basis, placement, programme, coordinator, contact details, note): only the options given change, and an
    empty value ('') clears an optional one. Audited as a change."""
    from efter.core import youth as core

    cpr = _cpr_value(cpr)
    params = dict(locals())
    given = {
        key: value for key, value in params.items() if key in core.FIELDS and value is not None
    }
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        diff = core.edit(conn, person, given, force=force)
        caseload = (
            caseload_warnings(conn, [diff["coordinator"][1]]) if "coordinator" in diff else []
        )
    for message in caseload:
        warn(message)
    if not diff:
        say(t("Nothing changed for {label}: the values were already so.", label=person.label))
        return
    from efter.cli.history import field_names

    say(t("Changed {shown} for {label}.", shown=field_names(diff), label=person.label))


@app.command()
def close(
    youth: YouthArg,
    outcome: Annotated[
        str | None,
        typer.Option(
            help="education, job, both, neither or unknown (default: from the latest status).",
            show_default=False,
        ),
    ] = None,
    on: Annotated[str | None, typer.Option("--date", help="Closing date (default: today).")] = None,
    keep_meetings: Annotated[
        bool,
        typer.Option(
            "--keep-meetings",
            help="Keep its planned meetings from the closing date on (default: cancel them; "
            "a terminal asks).",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Close a case with its date and outcome. Team and network history is kept.

    Planned meetings on or after the closing date are cancelled (a calendar export then drops
    them); on a terminal you are asked first, and --keep-meetings keeps them.
    """
    from efter.cli.ask import confirm, interactive
    from efter.core import clock, meetings
    from efter.core import youth as core
    from efter.core.dates import parse_date

    day = parse_date(on, field="on") if on else clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        proposal, derived = None, outcome is None
        if outcome is None:
            from efter.core.status import proposed_outcome

            outcome, proposal = proposed_outcome(conn, person.id, day)
        core.close(conn, person, day, outcome)
        ahead = meetings.coming(conn, person.id, day)
        cancel = bool(ahead) and not keep_meetings
        if cancel and interactive():
            listed = ", ".join(
                f"{row['id']} ({row['starts'][:16].replace('T', ' ')})" for row in ahead
            )
            cancel = confirm(
                t(
                    "Cancel its {meetings} from {day} on: {listed}",
                    meetings=_meetings(len(ahead)),
                    day=day_text(day),
                    listed=listed,
                )
            )
        if cancel:
            meetings.cancel_coming(conn, ahead)
    say(t("Closed the case of {label} on {day}.", label=person.label, day=day_text(day)))
    if ahead:
        numbers = ", ".join(str(row["id"]) for row in ahead)
        if cancel:
            say(
                t(
                    "Cancelled its {meetings} from {day} on ({numbers}); export the calendar again "
                    "('efter meeting ics') so calendars drop them.",
                    meetings=_meetings(len(ahead)),
                    day=day_text(day),
                    numbers=numbers,
                )
            )
        else:
            say(
                t(
                    "Kept its {meetings} from {day} on ({numbers}); cancel them with 'efter "
                    "meeting cancel' if they will not be held.",
                    meetings=_meetings(len(ahead)),
                    day=day_text(day),
                    numbers=numbers,
                )
            )
    if proposal is not None:
        say(
            t(
                "Outcome: {outcome}, from the status recorded from {starts} ({education}, {work}); "
                "give --outcome to set another.",
                outcome=outcome,
                starts=day_text(proposal["starts"]),
                education=_kind_word("education", proposal["education"]),
                work=_kind_word("work", proposal["work"]),
            )
        )
    elif derived:
        say(
            t(
                "Outcome: unknown, as no status is recorded (see 'efter status'); give --outcome "
                "to set it."
            )
        )


def _kind_word(kind: str, code: str | None) -> str | None:
    """A status's kind of education or work: the code in English (what --education and --work
    take), the word in Danish."""
    if not danish() or code is None:
        return code
    from efter.core import status, vocab

    return vocab.label(status.EDUCATION if kind == "education" else status.WORK, code, "da")


def _meetings(count: int) -> str:
    return nt("{n} planned meeting", "{n} planned meetings", count)


@app.command()
def reopen(youth: YouthArg, db: DbOption = None) -> None:
    """Reopen a closed case; everyone who was on it is still there."""
    from efter.core import youth as core

    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        core.reopen(conn, person)
    say(t("Reopened the case of {label}.", label=person.label))


app.add_lazy_command(
    "handover",
    "efter.cli.handover:commands",
    help="Hand cases over to another coordinator, with a handover note for each young person.",
)
app.add_lazy_command(
    "summary",
    "efter.cli.summary:commands",
    help="The whole case on paper (sagsoverblik), or as data with --json.",
)
app.add_lazy_command(
    "erase",
    "efter.cli.safekeeping:youth_commands",
    help="Erase a young person and everything about them; one audit line (no data) is left.",
)
app.add_lazy_command(
    "share",
    "efter.cli.register:youth_commands",
    help="Share a young person on the register with another coordinator, until a day.",
)
