"""efter youth handover: a new coordinator for one or more young people, with the day it
took effect (kept in the coordinator history) and an overdragelsesnotat per young person."""

from pathlib import Path
from typing import Annotated

import typer

from efter.cli.document import DocLangOption
from efter.cli.document_output import DocumentOutput, chosen_format, document_output
from efter.cli.options import DbOption, opened
from efter.cli.output import say, warn
from efter.cli.tree import EfterTyper
from efter.core.i18n import day_text, document_language, nt, t

# `efter youth handover`, which efter/cli/youth.py registers lazily.
commands = EfterTyper(noun="youth")


@commands.command()
def handover(
    youth: Annotated[
        list[str] | None,
        typer.Argument(
            help="The young people's ids or refs (or --from NAME for all of a coordinator's).",
            show_default=False,
        ),
    ] = None,
    to: Annotated[str, typer.Option("--to", help="The new coordinator.", show_default=False)] = "",
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", help="Hand over every active case of this coordinator.", show_default=False
        ),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="The day it takes effect (default: today).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder for the handover notes, one file per young person (default: the "
            "note on stdout, for one young person).",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="Format of the notes: md (default), html or pdf."),
    ] = None,
    lang: DocLangOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace notes already in the --out folder.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Hand cases over to another coordinator, with a handover note for each young person.

    The new coordinator is recorded with the date (the coordinator history in 'efter youth
    show' keeps the earlier ones); the note (overdragelsesnotat) lists open agreements, coming
    meetings, statutory dates and deadlines, the team and network with how to reach them, and
    the latest ratings.
    """
    from efter.cli.outfile import may_replace
    from efter.cli.youth import caseload_warnings
    from efter.core import clock, outfile
    from efter.core import handover as core
    from efter.core import youth as youth_core
    from efter.core.dates import parse_date
    from efter.core.errors import InvalidInput
    from efter.render import handover as notes
    from efter.render.documents import check_lang

    if not to.strip():
        raise typer.BadParameter(t("give the new coordinator with --to NAME."), param_hint="--to")
    if youth and from_ is not None:
        raise typer.BadParameter(
            t("give the young people (YOUTH...) or --from NAME, not both."), param_hint="--from"
        )
    if not youth and from_ is None:
        raise typer.BadParameter(
            t(
                "give the young people to hand over (YOUTH...), or --from NAME for all of a "
                "coordinator's active cases."
            ),
            param_hint="YOUTH",
        )
    if lang is not None:
        check_lang(lang)
    # --out is a folder here: the format is --format's (the notes' names end in it)
    paper = (
        document_output(fmt, None)
        if out is None
        else DocumentOutput(chosen_format(fmt, None), None, replace=False)
    )
    new = core.coordinator_name(to)
    day = parse_date(on, field="on") if on else clock.today()
    today = clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        lang = document_language(lang)
        if from_ is not None:
            people = core.cases_of(conn, core.coordinator_name(from_, "--from"))
        else:
            people, seen = [], set()
            for text in youth or []:
                person = youth_core.find(conn, text)
                if person.id not in seen:
                    seen.add(person.id)
                    people.append(person)
        if out is None and len(people) > 1:
            raise InvalidInput(
                t(
                    "{people_count} young people get a handover note each: give --out FOLDER to "
                    "write one file per young person.",
                    people_count=len(people),
                )
            )
        for person in people:
            core.check(conn, person, new, day)
        files: list[Path] = []
        if out is not None:
            if out.is_symlink() or (out.exists() and not out.is_dir()):
                raise InvalidInput(
                    t("{out} is not a folder: give --out a folder for the notes.", out=out)
                )
            out.mkdir(mode=0o700, parents=True, exist_ok=True)
            stem = "overdragelsesnotat" if lang == "da" else "handover-note"
            files = [out / f"{stem}-{p.ref or p.id}.{paper.fmt}" for p in people]
            replace = [may_replace(path, force) for path in files]
        rendered = []
        for person in people:
            previous = person.coordinator
            core.record(conn, person, new, day)
            fresh = youth_core.find(conn, f"id:{person.id}")
            rendered.append(
                notes.render(conn, fresh, previous=previous, to=new, on=day, today=today,
                             lang=lang, fmt=paper.markup)
            )  # fmt: skip
        if out is not None:
            for path, content, may in zip(files, rendered, replace, strict=True):
                outfile.write(path, paper.finished(content), replace=may)
        caseload = caseload_warnings(conn, [new])
    for person in people:
        say(
            t(
                "Handed over the case of {label} from {value} to {new} on {day}.",
                label=person.label,
                value=person.coordinator or t("no coordinator"),
                new=new,
                day=day_text(day),
            )
        )
    for message in caseload:
        warn(message)
    if out is not None:
        say(
            nt(
                "Wrote {n} handover note to {out}/.",
                "Wrote {n} handover notes to {out}/.",
                len(files),
                out=out,
            )
        )
        return
    paper.deliver(rendered[0])
