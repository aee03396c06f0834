"""efter deadline list|met|clear: every statutory date and its status; record the day a
statutory deadline was met."""

from typing import Annotated, Any

import typer

from efter.cli.options import DbOption, JsonOption, NoteOption, YouthArg, opened
from efter.cli.output import emit_json, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import danish, day_text, t
from efter.core.rules import DATES_TO_ACT_ON, STATUS_WORDS

app = EfterTyper(
    noun="deadline",
    help="Statutory dates and deadlines: list them, record a deadline as met (ungeplan, § 111).",
)

DeadlineArg = Annotated[
    str,
    typer.Argument(
        help="ungeplan (§ 108), s111 (§ 111 decision), adult (18) or ungestotte_end (23)."
    ),
]


@app.command("list")
def list_(
    youth: Annotated[
        str | None,
        typer.Argument(help="The young person's id or ref (default: every active young person)."),
    ] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Every statutory date and deadline with its status (met, coming, missed, ...) and why."""
    from efter.core import audit, clock, deadlines
    from efter.core import youth as youths

    today = clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        if youth is None:
            people = [p.row for p in youths.list_youth(conn, status="active")]
        else:
            people = [youths.find(conn, youth).row]
        judged = deadlines.judged_many(conn, people, today)
        audit.viewed(int(p["id"]) for p in people)
    records = [
        {"youth_id": p["id"], "youth_ref": p["ref"], "youth_name": p["name"], **item.as_dict()}
        for p in people
        for item in judged[int(p["id"])]
    ]
    if json:
        emit_json(records)
        return
    why = "why_da" if danish() else "why"
    table(
        ["ID", "Young person", "Date or deadline", "Date", "Status", "Why"],
        [
            [r["youth_id"], r["youth_name"], r["code"], r["date"], _status(r), r[why]]
            for r in records
        ],
        title=t("Statutory dates and deadlines as of {day}", day=day_text(today)),
        empty=t("No active young people on file."),
    )


def _status(record: dict[str, Any]) -> str:
    """The status in core.rules.STATUS_WORDS (a missed deadline in capitals, a date before
    enrolment with what to do about it), and how a met one was met (a birthday, handled or
    coming: how it was acted on, and when)."""
    status = record["status"]
    word = t(STATUS_WORDS[status])
    if status == "missed":
        word = word.upper()
    elif status == "before_enrolment":
        word = t("{status}: not recorded, check", status=word)
    if record["done_on"]:
        how = {"recorded": t("recorded"), "meeting": t("meeting held"), "closed": t("case closed")}
        if status in ("met", "late"):
            return f"{word} {record['done_on']} ({how[record['how']]})"
        return f"{word} ({how[record['how']]} {record['done_on']})"  # not the birthday's day
    return word


@app.command()
def met(
    youth: YouthArg,
    deadline: DeadlineArg,
    on: Annotated[
        str | None,
        typer.Option("--date", help="The day it was met (default: today).", show_default=False),
    ] = None,
    note: NoteOption = None,
    db: DbOption = None,
) -> None:
    """Record the day a deadline was met, e.g. 'efter deadline met 2025-0412 ungeplan --date 2025-03-01'."""
    from efter.core import clock
    from efter.core import deadlines as core
    from efter.core import youth as youths
    from efter.core.dates import parse_date

    day = parse_date(on, field="on") if on else clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        person = youths.find(conn, youth)
        code, replaced = core.record(conn, person, deadline, day, note)
    values = {"code": code, "day": day_text(day), "label": person.label}
    if code in DATES_TO_ACT_ON:  # a birthday is acted on, never met
        if replaced:
            say(t("Changed: {code} acted on {day} for {label}.", **values))
        else:
            say(t("Recorded: {code} acted on {day} for {label}.", **values))
    elif replaced:
        say(t("Changed: {code} met on {day} for {label}.", **values))
    else:
        say(t("Recorded: {code} met on {day} for {label}.", **values))


@app.command()
def clear(youth: YouthArg, deadline: DeadlineArg, db: DbOption = None) -> None:
    """Remove a recorded date that was wrong."""
    from efter.core import deadlines as core
    from efter.core import youth as youths

    with opened(db) as casefile, casefile.write() as conn:
        person = youths.find(conn, youth)
        code = core.clear(conn, person, deadline)
    say(t("Removed the recorded date for {code} of {label}.", code=code, label=person.label))
