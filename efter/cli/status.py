"""efter status YOUTH [--education KIND] [--work KIND] [--from DATE] [--note TEXT]"""

from typing import Annotated

import typer

from efter.cli.frame import fail
from efter.cli.options import DbOption, JsonOption, NoteOption, YouthArg, opened
from efter.cli.output import emit_json, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import danish, day_text, t


def register(app: EfterTyper) -> None:
    @app.command()
    def status(
        youth: YouthArg,
        education: Annotated[
            str | None,
            typer.Option(
                help="Education: none, primary, preparatory, upper-secondary, vocational, higher or "
                "special-needs (also grundskole, FGU, STU, EUD, gymnasial ...).",
                show_default=False,
            ),
        ] = None,
        work: Annotated[
            str | None,
            typer.Option(
                help="Work: none, leisure-job, internship, part-time or full-time.",
                show_default=False,
            ),
        ] = None,
        starts: Annotated[
            str | None,
            typer.Option(
                "--from", help="The day the period starts (default: today).", show_default=False
            ),
        ] = None,
        note: NoteOption = None,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """What the young person is doing (education and work) as dated periods.

        With --education and/or --work: start a new period (a kind left out carries over).
        Without them: show the history, the current period marked.
        """
        from efter.core import clock
        from efter.core import status as core
        from efter.core import youth as youths
        from efter.core.dates import parse_date

        today = clock.today()
        recording = education is not None or work is not None
        if not recording and (starts is not None or note is not None):
            raise fail(
                t("--from and --note belong to a new period: give --education and/or --work too."),
                2,
            )
        if recording and json:
            raise fail(
                t(
                    "--json shows the history: record the period first, then run 'efter status "
                    "{youth} --json'.",
                    youth=youth,
                ),
                2,
            )
        day = parse_date(starts, field="starts") if starts else today
        with opened(db) as casefile, casefile.write() as conn:
            person = youths.find(conn, youth)
            if recording:
                new_id, replaced, values = core.record(
                    conn, person, education=education, work=work, starts=day, note=note
                )
            else:
                rows = core.history(conn, person.id)
        if recording:
            what = t(
                "education {education}, work {work}",
                education=_kind("education", values["education"]),
                work=_kind("work", values["work"]),
            )
            said = (
                t("Replaced the status of {label} from {day}: {what}.", label=person.label,
                  day=day_text(day), what=what)
                if replaced
                else t("Recorded the status of {label} from {day}: {what}.", label=person.label,
                       day=day_text(day), what=what)
            )  # fmt: skip
            say(said)
            if person.status == "closed":
                say(
                    t(
                        "Note: the case is closed with outcome '{outcome}'; the outcome stays as "
                        "it was.",
                        outcome=person.outcome,
                    )
                )
            typer.echo(str(new_id))
            return
        periods = core.describe(rows, today)
        if json:
            emit_json(periods)
            return
        from efter.core import vocab
        from efter.core.i18n import language

        lang = language()  # --json keeps English labels; the table speaks the language

        def outcome(code: str | None) -> str | None:
            return code if lang == "en" else vocab.label(vocab.OUTCOMES, code, lang)

        table(
            ["ID", "From", "To", "Education", "Work", "Outcome", "Note"],
            [
                [
                    p["id"],
                    p["from"] + (" " + t("(now)") if p["current"] else ""),
                    p["to"] or "",
                    vocab.label(core.EDUCATION, p["education"], lang),
                    vocab.label(core.WORK, p["work"], lang),
                    outcome(p["outcome"]),
                    p["note"] or "",
                ]
                for p in periods
            ],
            title=t("Status of {label}", label=person.label),
            empty=(
                t(
                    "No status recorded for {label}: record one with 'efter status {youth} "
                    "--education KIND --work KIND'.",
                    label=person.label,
                    youth=youth,
                )
            ),
        )


# `efter status`, which efter/cli/__init__.py registers lazily.
commands = EfterTyper()
register(commands)


def _kind(key: str, code: str) -> str:
    """An education or work kind in a sentence: the code in English, the label in Danish."""
    if not danish():
        return code
    from efter.render.report_pages import kind_label

    return kind_label(key, code, "da")
