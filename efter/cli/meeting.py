"""efter meeting plan|list|show|held|amend|cancel|no-show|move|apologies|agenda|minutes|form|ics"""

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from efter.cli.document_output import FormatOption, OutOption, document_output
from efter.cli.options import DbOption, JsonOption, LangOption, NoteOption, YouthArg, opened
from efter.cli.outfile import ForceOption
from efter.cli.output import echo, emit_json, say, table, warn, word
from efter.cli.tree import EfterTyper
from efter.core.i18n import N_, day_text, document_language, language, nt, number_text, t, time_text

app = EfterTyper(noun="meeting", help="Plan, hold and follow up network meetings.")

MeetingArg = Annotated[str, typer.Argument(help="The meeting's id (see 'efter meeting list').")]
Force = Annotated[
    bool, typer.Option("--force", help="Allow a time in the past (recording an old meeting).")
]


def _place(help: str = N_("Where the meeting is held.")) -> Any:
    return typer.Option(help=help, show_default=False)


def _say_moves(slots: list[Any]) -> None:
    for slot in slots:
        if slot.moved_because:
            if slot.direction == "back":
                moved = t(
                    "{asked} is {moved_because}: moved to the previous working day, "
                    "{starts} (it must come before its deadline).",
                    asked=day_text(slot.asked.date()),
                    moved_because=slot.moved_because,
                    starts=day_text(slot.starts.date()),
                )
            else:
                moved = t(
                    "{asked} is {moved_because}: moved to the next working day, {starts}.",
                    asked=day_text(slot.asked.date()),
                    moved_because=slot.moved_because,
                    starts=day_text(slot.starts.date()),
                )
            say(moved)  # fmt: skip


@app.command()
def plan(
    youth: YouthArg,
    at: Annotated[
        str | None,
        typer.Option("--at", help="Date and time, e.g. '2026-12-03 14:00' or '3-12-2026 14:00'."),
    ] = None,
    every: Annotated[
        str | None,
        typer.Option(help="Repeat: '4 months', '6 weeks', '14 days' (needs --count or --until)."),
    ] = None,
    count: Annotated[int | None, typer.Option(help="How many meetings in the series.")] = None,
    until: Annotated[str | None, typer.Option(help="Last day of the series.")] = None,
    milestones: Annotated[
        bool,
        typer.Option(
            "--milestones", help="Plan the model's meetings at 16, 17½ and 18½ still ahead."
        ),
    ] = False,
    time: Annotated[
        str, typer.Option("--time", help="Clock time for --milestones meetings.")
    ] = "14:00",
    kind: Annotated[
        str,
        typer.Option(help="start, 16, 17.5, 18.5, end or network (an ordinary meeting)."),
    ] = "network",
    duration: Annotated[int, typer.Option(help="Minutes.")] = 90,
    place: Annotated[str | None, _place()] = None,
    leader: Annotated[str | None, _place(N_("The meeting leader (mødeleder)."))] = None,
    minute_taker: Annotated[str | None, _place(N_("Who takes the minutes (referent)."))] = None,
    force: Force = False,
    db: DbOption = None,
) -> None:
    """Plan one meeting, a series (--every with --count or --until), or the milestone meetings.

    A date on a weekend or a Danish public holiday moves to the next working day (said on
    stderr). Prints the new meeting ids on stdout, one a line.
    """
    from efter.core import clock, meetings
    from efter.core import youth as core
    from efter.core.dates import parse_datetime
    from efter.core.errors import InvalidInput, UsageMistake

    code, fixed = meetings.kind_spec(kind)
    today = clock.today()
    wanted: list[tuple[Any, str | None]]
    bound: dict[str, Any] = {}
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        meetings.check_open_case(person)
        if milestones:
            if at or every or count or until:
                raise UsageMistake(
                    t(
                        "--milestones plans the model's own dates: leave out --at, --every, "
                        "--count and --until."
                    )
                )
            clock_time = parse_datetime(f"2000-01-01 {time}", field="time").time()
            ahead = meetings.milestone_dates(person, today)
            if not ahead:
                raise InvalidInput(
                    t(
                        "The milestone meetings at 16, 17½ and 18½ for {label} all lie in the "
                        "past: plan a meeting with --at instead.",
                        label=person.label,
                    )
                )
            from datetime import datetime

            wanted = [(datetime.combine(m.day, clock_time), m.code) for m in ahead]
            bound = {m.code: m.deadline for m in ahead if m.deadline is not None}
        else:
            if at is None:  # --at "" is a time that is wrong (1), not a missing option (2)
                raise UsageMistake(
                    t("When is the meeting? Give --at 'YYYY-MM-DD HH:MM' (or --milestones).")
                )
            first = meetings.parse_when(at)
            if every is None and (count is not None or until is not None):
                raise UsageMistake(
                    t(
                        "--count and --until belong to a series: add --every, e.g. --every '4 "
                        "months'."
                    )
                )
            if every is not None:
                if fixed:
                    raise UsageMistake(
                        t("A meeting at 16, 17½ or 18½ is one meeting: leave out --every.")
                    )
                end = meetings.parse_until(until) if until else None
                wanted = [(when, None) for when in meetings.series(first, every, count, end)]
            else:
                wanted = [(first, fixed)]
        slots = meetings.prepare(wanted, today=today, force=force, deadlines=bound)
        ids = meetings.plan(
            conn, person, slots, kind=code, duration=duration, place=place, leader=leader,
            minute_taker=minute_taker, force=force,
        )  # fmt: skip
    _say_moves(slots)
    if any(slot.starts.date() < today for slot in slots):
        warn(t("planned in the past because of --force."))
    for meeting_id, slot in zip(ids, slots, strict=True):
        label = meetings.kind_label(
            "milestone" if slot.milestone else code, language(), slot.milestone
        )
        say(
            t(
                "Planned meeting {meeting_id} ({values}) for {label} on {starts}.",
                meeting_id=meeting_id,
                values=label.lower(),
                label=person.label,
                starts=time_text(slot.starts),
            )
        )
    for meeting_id in ids:
        typer.echo(str(meeting_id))


@app.command("list")
def list_(
    youth: Annotated[
        str | None, typer.Argument(help="The young person's id or ref (default: everyone).")
    ] = None,
    upcoming: Annotated[bool, typer.Option("--upcoming", help="From today on.")] = False,
    past: Annotated[bool, typer.Option("--past", help="Before today, latest first.")] = False,
    status: Annotated[str | None, typer.Option(help="planned, held, cancelled or no-show.")] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List meetings, for one young person or everyone."""
    from efter.core import audit, clock, meetings
    from efter.core import youth as core
    from efter.core.errors import UsageMistake

    if upcoming and past:
        raise UsageMistake(t("Give --upcoming or --past, not both."))
    if status is not None:  # the code, or its Danish or English name, as an import takes it
        status = meetings.status_code(status)
    today = clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth) if youth else None
        rows = meetings.list_meetings(
            conn,
            person,
            when="upcoming" if upcoming else "past" if past else None,
            today=today,
            statuses=(status,) if status else (),
        )
        records = meetings.describe_many(conn, rows)
        audit.viewed(sorted({r["youth_id"] for r in records}))
    if json:
        emit_json(records)
        return
    from efter.core import vocab

    table(
        ["ID", "When", "Min", "Young person", "Kind", "Place", "Status"],
        [
            [
                r["id"],
                r["starts"].replace("T", " "),
                r["duration"],
                f"{r['youth_name']} ({r['youth_ref'] or r['youth_id']})",
                meetings.kind_label(r["kind"], language(), r["milestone"]),
                r["place"] or "",
                word(r["status"], vocab.MEETING_STATUSES),
            ]
            for r in records
        ],
        empty=t(
            "No meetings match: plan one with 'efter meeting plan YOUTH --at \"YYYY-MM-DD HH:MM\"'."
        ),
    )


@app.command()
def show(meeting: MeetingArg, json: JsonOption = False, db: DbOption = None) -> None:
    """One meeting in full: when and where, who came, apologies, the agreements made at it,
    the follow-up of earlier agreements, and the minutes."""
    from efter.core import clock, meetings

    with opened(db) as casefile, casefile.write() as conn:
        row = meetings.get(conn, meeting)
        record = meetings.show(conn, row, clock.today())
    if json:
        emit_json(record)
        return
    from efter.cli.output import fields

    def names(people: list[dict[str, Any]]) -> str:
        return ", ".join(p["name"] for p in people) or "-"

    from efter.core import vocab

    fields(
        [
            ("Meeting", record["id"]),
            ("Young person", f"{record['youth_name']} ({record['youth_ref'] or record['youth_id']})"),
            ("When", f"{record['starts'].replace('T', ' ')} - {record['ends'][11:]}"),
            ("Kind", meetings.kind_label(record["kind"], language(), record["milestone"])),
            ("Place", record["place"] or "-"),
            ("Leader", record["leader"] or "-"),
            ("Minute taker", record["minute_taker"] or "-"),
            ("Status", word(record["status"], vocab.MEETING_STATUSES) + (f" ({record['status_note']})" if record["status_note"] else "")),
            ("Attended", names(record["attended"])),
            ("Apologies", names(record["apologies"])),
        ]
    )  # fmt: skip
    typer.echo("")
    table(
        ["ID", "Agreement", "Outcome"],
        [
            [f["agreement_id"], f["what"], _outcome(f["event"], f["new_due"], f["note"])]
            for f in record["follow_up"]
        ],
        title=t("Follow-up of earlier agreements"),
        empty=t("No earlier agreements were followed up at this meeting."),
    )
    typer.echo("")
    table(
        ["ID", "Agreement", "Owner", "Due", "Status"],
        [
            [a["id"], a["what"], a["owner_name"], a["due"], a["status"]]
            for a in record["agreements"]
        ],
        title=t("Agreements made at this meeting"),
        empty=t("No agreements were made at this meeting."),
    )
    typer.echo("")
    if record["minutes"]:
        typer.echo(t("Minutes"))
        echo(record["minutes"])
    else:
        say(t("No minutes recorded: add them with 'efter meeting amend {id} --minutes FILE'.", id=record['id']))  # fmt: skip


def _outcome(event: str, new_due: str | None, reason: str | None) -> str:
    """What became of an agreement at a meeting, as the tables say it: 'moved to 2027-01-15'."""
    from efter.core.agreements import event_label

    word = event_label(event, language()).lower()
    if new_due:  # moved to 2027-01-15 / ny frist 2027-01-15
        word = t("{event} to {due}", event=word, due=new_due)
    return word + (f" ({reason})" if reason else "")


def _read_minutes(source: str) -> str:
    """The minutes from a file or stdin ('-'), read no further than the limit for minutes
    (efter.core.text.DOCUMENT_CHARS; /dev/zero or an endless pipe stops there)."""
    from efter.core.errors import InvalidInput
    from efter.core.text import DOCUMENT_CHARS

    limit = DOCUMENT_CHARS * 4  # bytes: UTF-8 takes at most four per character
    name = (
        t("The minutes on stdin")
        if source == "-"
        else t("The minutes file {source}", source=source)
    )
    try:
        if source == "-":
            from efter.core.casefile import unrepeatable

            unrepeatable()  # stdin is read once (casefile.again)
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(source, "rb") as handle:
                import stat

                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # a FIFO: read once
                    from efter.core.casefile import unrepeatable

                    unrepeatable()
                data = handle.read(limit + 1)
        if len(data) > limit:
            raise InvalidInput(
                t(
                    "{name} is longer than efter keeps for minutes ({document_chars} "
                    "characters): shorten it, or check that it is the right file.",
                    name=name,
                    document_chars=number_text(DOCUMENT_CHARS),
                )
            )
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise InvalidInput(
            t("There is no file {source}: give --minutes a file, or - for stdin.", source=source)
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(
            t(
                "{name} could not be read ({name2}): save it as UTF-8 text and try again.",
                name=name,
                name2=type(error).__name__,
            )
        ) from None
    from efter.core.text import check_length

    return check_length(text, "minutes", t("The minutes"))


@app.command()
def held(
    meeting: MeetingArg,
    attended: Annotated[
        list[str],
        typer.Option(
            help="Who came: youth, coordinator, a member's name or id (repeat, or commas)."
        ),
    ] = [],  # noqa: B006
    apologies: Annotated[
        list[str], typer.Option(help="Who sent apologies (afbud), named the same way.")
    ] = [],  # noqa: B006
    guest: Annotated[
        list[str], typer.Option(help="Someone who came but is not on the case (repeat).")
    ] = [],  # noqa: B006
    minutes: Annotated[
        str | None, typer.Option(help="Minutes from a text file, or - for stdin.")
    ] = None,
    kept: Annotated[list[str], typer.Option(help="An agreement kept: its id (repeat).")] = [],  # noqa: B006
    moved: Annotated[
        list[str], typer.Option(help="An agreement given a new due date: ID=DATE (repeat).")
    ] = [],  # noqa: B006
    dropped: Annotated[
        list[str], typer.Option(help="An agreement dropped: ID or ID=reason (repeat).")
    ] = [],  # noqa: B006
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Record a meeting as held: who came, apologies, minutes, and the follow-up.

    Every open agreement due by the meeting's day is followed up: --kept, --moved and
    --dropped say what became of it, the rest are recorded as still open. The follow-up is
    printed on stdout and kept with the meeting.
    """
    from efter.core import clock, meetings

    text = _read_minutes(minutes) if minutes is not None else None
    with opened(db) as casefile, casefile.write() as conn:
        row = meetings.get(conn, meeting)
        outcome = meetings.held(
            conn,
            row,
            attended=attended,
            apologies=apologies,
            guests=guest,
            minutes=text,
            follow=meetings.FollowUp(kept=kept, moved=moved, dropped=dropped),
            today=clock.today(),
        )
        youth = meetings.youth_of(conn, row)
    say(t("Recorded meeting {id} for {label} as held.", id=row["id"], label=youth.label))
    if json:
        emit_json(outcome)
        return
    table(
        ["ID", "Agreement", "Owner", "Due", "Outcome"],
        [
            [
                o["id"],
                o["what"],
                o["owner_name"],
                o["due"],
                _outcome(o["outcome"], o["new_due"], o["reason"]),
            ]
            for o in outcome
        ],
        title=t("Follow-up of agreements due by this meeting"),
        empty=t("No open agreements were due by this meeting."),
    )


@app.command()
def amend(
    meeting: MeetingArg,
    minutes: Annotated[
        str, typer.Option(help="The minutes from a text file, or - for stdin; they replace any.")
    ],
    db: DbOption = None,
) -> None:
    """Write or correct the minutes of a held meeting."""
    from efter.core import meetings

    text = _read_minutes(minutes)
    with opened(db) as casefile, casefile.write() as conn:
        row = meetings.get(conn, meeting)
        meetings.amend_minutes(conn, row, text)
    say(t("Saved the minutes of meeting {id}.", id=row["id"]))


@app.command()
def cancel(
    meeting: MeetingArg,
    reason: Annotated[str | None, typer.Option(help="Why (kept with the meeting).")] = None,
    db: DbOption = None,
) -> None:
    """Cancel a planned meeting (a calendar export then removes it)."""
    from efter.core import meetings

    with opened(db) as casefile, casefile.write() as conn:
        row = meetings.get(conn, meeting)
        meetings.cancel(conn, row, reason)
    from datetime import datetime

    say(
        t(
            "Cancelled meeting {id} on {starts}.",
            id=row["id"],
            starts=time_text(datetime.fromisoformat(row["starts"])),
        )
    )


@app.command("no-show")
def no_show(
    meeting: MeetingArg,
    note: NoteOption = None,
    db: DbOption = None,
) -> None:
    """Record that the young person did not come, so the meeting was not held."""
    from efter.core import clock, meetings

    with opened(db) as casefile, casefile.write() as conn:
        row = meetings.get(conn, meeting)
        meetings.no_show(conn, row, note, clock.today())
    say(
        t(
            "Recorded meeting {id} on {starts} as a no-show.",
            id=row["id"],
            starts=day_text(row["starts"][:10]),
        )
    )


@app.command()
def move(
    meeting: MeetingArg,
    at: Annotated[str, typer.Option("--at", help="The new date and time.")],
    place: Annotated[str | None, _place(N_("A new place."))] = None,
    duration: Annotated[int | None, typer.Option(help="New length in minutes.")] = None,
    force: Force = False,
    db: DbOption = None,
) -> None:
    """Move a planned meeting (weekends and holidays move on to the next working day)."""
    from efter.core import clock, meetings

    with opened(db) as casefile, casefile.write() as conn:
        row = meetings.get(conn, meeting)
        slots = meetings.prepare(
            [(meetings.parse_when(at), None)], today=clock.today(), force=force
        )
        meetings.move(conn, row, slots[0], place=place, duration=duration)
    _say_moves(slots)
    say(t("Moved meeting {id} to {starts}.", id=row["id"], starts=time_text(slots[0].starts)))


@app.command()
def apologies(
    meeting: MeetingArg,
    people: Annotated[
        list[str], typer.Argument(help="Who sent apologies: youth, coordinator, a name or id.")
    ],
    db: DbOption = None,
) -> None:
    """Note apologies (afbud) ahead of a planned meeting; the agenda lists them."""
    from efter.core import meetings

    with opened(db) as casefile, casefile.write() as conn:
        row = meetings.get(conn, meeting)
        found = meetings.add_apologies(conn, row, people)
    say(
        t(
            "Apologies for meeting {id}: {value}.",
            id=row["id"],
            value=", ".join(p.name for p in found),
        )
    )


def _document(
    kind: str,
    meeting: str,
    out: Path | None,
    fmt: str | None,
    lang: str | None,
    db: Any,
    force: bool = False,
) -> None:
    """Render one meeting document; the format follows --format, else --out's ending."""
    from efter.core import audit
    from efter.core import meetings as core
    from efter.render.documents import check_lang
    from efter.render.meetings import render

    if lang is not None:
        check_lang(lang)
    paper = document_output(fmt, out, force)
    audit.use("rendered")
    with opened(db) as casefile, casefile.write() as conn:
        row = core.get(conn, meeting)
        lang = document_language(lang)
        text = render(conn, row, kind, lang=lang, fmt=paper.markup)
    paper.deliver(text)


def _command(kind: str, summary: str) -> None:
    def command(
        meeting: MeetingArg,
        out: OutOption = None,
        fmt: FormatOption = None,
        lang: LangOption = None,
        force: ForceOption = False,
        db: DbOption = None,
    ) -> None:
        _document(kind, meeting, out, fmt, lang, db, force)

    command.__doc__ = summary
    command.__name__ = kind
    app.command(kind)(command)


_command(
    "agenda",
    N_("The agenda (dagsorden), with open agreements from earlier meetings and latest ratings."),
)
_command(
    "minutes",
    N_("The minutes (mødenotat): who came, the notes, the follow-up and the new agreements."),
)
_command("form", N_("The goals and agreements form (mål- og aftaleskema) made at a meeting."))


@app.command(audit="exported")
def ics(
    youth: Annotated[
        str | None, typer.Argument(help="The young person's id or ref (or --all).")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Every active young person's meetings.")
    ] = False,
    out: OutOption = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Planned meetings as an iCalendar file (.ics) to import into a calendar.

    A second export updates the same events. Titles name the young person by ref (change with
    'efter config set ics-title initials|name|ref'); no CPR number is ever written.
    """
    from efter.core import audit, clock, settings
    from efter.core import youth as core
    from efter.core.errors import UsageMistake
    from efter.core.meetings import for_calendar
    from efter.render.calendar import calendar

    if youth and all_:
        raise UsageMistake(t("Give a young person or --all, not both."))
    if not youth and not all_:
        raise UsageMistake(t("Whose meetings? Give a young person's id or ref, or --all."))
    from efter.cli.outfile import may_replace

    force = may_replace(out, force)
    today = clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth) if youth else None
        rows = for_calendar(conn, person.id if person else None, today)
        data = calendar(conn, rows, style=settings.get(conn, "ics-title"), today=today)
        audit.viewed(sorted({r["youth_id"] for r in rows}))
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        from efter.core import outfile

        # Only the owner may read it (0600), also when it replaces an older export.
        outfile.write(out, data, replace=force)
        say(
            nt(
                "Wrote {n} meeting to {out}",
                "Wrote {n} meetings to {out}",
                len(rows),
                out=out,
            )
        )


@app.command()
def edit(
    meeting: MeetingArg,
    place: Annotated[
        str | None, typer.Option(help="Where the meeting is held ('' clears it).")
    ] = None,
    leader: Annotated[
        str | None, typer.Option(help="Who leads the meeting ('' clears it).")
    ] = None,
    minute_taker: Annotated[
        str | None, typer.Option(help="Who takes the minutes ('' clears it).")
    ] = None,
    duration: Annotated[
        str | None, typer.Option(help="How long it lasts, in minutes (1-1440).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Correct a meeting's place, leader, minute-taker or length.

    Only the options given change; the time ('efter meeting move'), status, attendance and
    minutes ('efter meeting amend') stay as they are, so a held meeting keeps its minutes.
    Each change is audited and kept with the earlier value: 'efter meeting history ID'."""
    from efter.cli import history
    from efter.core import edits, meetings

    with opened(db) as casefile, casefile.write() as conn:
        row = meetings.get(conn, meeting)
        diff = edits.edit_meeting(
            conn, row, place=place, leader=leader, minute_taker=minute_taker, duration=duration
        )
    command = f"efter meeting history {row['id']}"
    history.changed(t("meeting {id}", id=row["id"]), diff, command)


@app.command("history")
def history_(meeting: MeetingArg, json: JsonOption = False, db: DbOption = None) -> None:
    """A meeting's corrections: when, by whom, the old and new value."""
    from efter.cli import history

    history.show("meeting", meeting, json, db, N_("meeting"))
