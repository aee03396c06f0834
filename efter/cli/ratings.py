"""efter rate and efter ratings: status on life areas, recorded and seen at a glance."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from efter.cli.common import (
    DbOption,
    EfterTyper,
    JsonOption,
    LangOption,
    emit_json,
    opened,
    say,
    table,
)
from efter.cli.outfile import ForceOption

YouthArg = Annotated[
    str, typer.Argument(help="The young person's id, ref or name.", show_default=False)
]
SPARK = {1: "▁", 2: "▃", 3: "▄", 4: "▆", 5: "█"}
AREA_W = 30
SPARK_MAX = 12


def register(app: EfterTyper) -> None:
    @app.command()
    def rate(
        youth: YouthArg,
        scores: Annotated[
            list[str],
            typer.Argument(
                help="Ratings as AREA=SCORE, such as bolig=3 uddannelse=2. An area is named by "
                "code, Danish or English name, or a unique prefix; scores are whole numbers 1-5.",
                show_default=False,
            ),
        ],
        phase: Annotated[
            str,
            typer.Option(
                "--phase", help="start, meeting or end (one start and one end per area and rater)."
            ),
        ],
        by: Annotated[
            str, typer.Option("--by", help="Who rated: youth or professional.")
        ] = "professional",
        meeting: Annotated[
            str | None,
            typer.Option(
                "--meeting", help="The meeting the rating was made at (its id).", show_default=False
            ),
        ] = None,
        on: Annotated[
            str | None,
            typer.Option(
                "--date",
                help="Day of the rating (default: the meeting's day, the corrected rating's day, "
                "or today).",
                show_default=False,
            ),
        ] = None,
        note: Annotated[str | None, typer.Option(help="A short note.", show_default=False)] = None,
        correct: Annotated[
            bool,
            typer.Option(
                "--correct",
                help="Replace the current start or end rating (or the meeting rating of that day); "
                "the earlier one stays in the history.",
            ),
        ] = False,
        db: DbOption = None,
    ) -> None:
        """Record status on life areas, 1-5. Prints the new rating ids on stdout.

        All scores of one command are checked before any is stored.
        """
        from efter.core import ratings
        from efter.core import youth as core
        from efter.core.dates import parse_date

        pairs = [ratings.split_pair(text) for text in scores]
        day = parse_date(on, field="on") if on else None
        with opened(db) as casefile, casefile.write() as conn:
            person = core.find(conn, youth)
            ids, entries = ratings.record(
                conn, person, pairs, phase=phase, rated_by=by, on=day, meeting=meeting,
                note=note, correct=correct,
            )  # fmt: skip
        phase_code, rater = ratings.phase_of(phase), ratings.rater_of(by)
        who = "the young person" if rater == "youth" else "the professional"
        for entry in entries:
            if entry.replaces is not None:
                say(
                    f"Corrected the {phase_code} rating of {entry.area}: {entry.old_score} -> "
                    f"{entry.score} (rating {entry.replaces} is kept in the history)."
                )
        days = sorted({entry.rated_on for entry in entries})
        noun = "rating" if len(ids) == 1 else "ratings"
        say(
            f"Recorded {len(ids)} {phase_code} {noun} by {who} for {person.label} on "
            f"{', '.join(days)}."
        )
        sys.stdout.write("".join(f"{new_id}\n" for new_id in ids))

    @app.command("ratings")
    def ratings_(
        youth: YouthArg,
        doc: Annotated[
            bool, typer.Option("--doc", help="Render the document 'Status på livsområder'.")
        ] = False,
        fmt: Annotated[
            str, typer.Option("--format", help="Document format with --doc: md or html.")
        ] = "md",
        lang: LangOption = "da",
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help="Write the document to this file instead of stdout.",
                dir_okay=False,
                show_default=False,
            ),
        ] = None,
        force: ForceOption = False,
        history: Annotated[
            bool, typer.Option("--history", help="List every rating, corrected ones included.")
        ] = False,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Status on life areas: first, latest and end score and the change per area, the
        young person's and the professional's views side by side, and the path over time."""
        from efter.core import audit, ratings
        from efter.core import youth as core
        from efter.core.errors import UsageMistake
        from efter.render.documents import check_format, check_lang

        check_lang(lang)
        if doc:
            check_format(fmt)
            if json or history:
                raise UsageMistake("--doc makes a document: leave out --json and --history.")
        elif out is not None or fmt != "md":
            raise UsageMistake("--out and --format belong to the document: add --doc.")
        from efter.cli.outfile import may_replace

        force = may_replace(out, force)
        with opened(db) as casefile, casefile.write() as conn:
            person = core.find(conn, youth)
            summary = ratings.summary(conn, person)
            every = ratings.history(conn, person)
            from efter.core import areas

            steps = areas.scale(conn)
            scales = {item["area"]: areas.scale(conn, item["area"]) for item in summary}
            if doc:
                audit.use("rendered")
        if doc:
            from efter.render.status import status_document

            text = status_document(person, summary, every, steps, lang=lang, fmt=fmt, scales=scales)
            if out is None:
                sys.stdout.write(text)
            else:
                from efter.core import outfile

                outfile.write(out, text, replace=force)
                say(f"Wrote the status on life areas of {person.label} to {out}.")
            return
        if json:
            emit_json(
                {
                    "id": person.id,
                    "ref": person.ref,
                    "name": person.name,
                    "areas": summary,
                    "ratings": every,
                }
            )
            return
        if history:
            _history(person, every)
            return
        sys.stdout.write(terminal_view(person, summary, every, steps, lang=lang))


# `efter rate` and `efter ratings`, which efter/cli/__init__.py registers lazily.
commands = EfterTyper()
register(commands)


def _history(person: Any, every: list[dict[str, Any]]) -> None:
    table(
        ["ID", "Date", "Area", "Phase", "By", "Score", "Meeting", "Replaced by", "Note"],
        [
            [
                r["id"],
                r["date"],
                r["area"],
                r["phase"],
                r["rated_by"],
                r["score"],
                r["meeting_id"] or "",
                r["replaced_by"] or "",
                r["note"] or "",
            ]
            for r in every
        ],
        title=f"Ratings of {person.label}",
        empty=f"{person.label} has no ratings yet: record some with 'efter rate {person.id} "
        "bolig=3 ... --phase start'.",
    )


def plain(text: object) -> str:
    """User text for the terminal: as typed, but control characters (escape sequences, line
    breaks) cannot move the cursor or break the layout."""
    return "".join(c if c.isprintable() else " " if c in "\t\n\r" else "\ufffd" for c in str(text))


def _fit(text: str, width: int) -> str:
    text = plain(text)
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def _change(value: int | None) -> str:
    if value is None:
        return "-"
    return f"+{value}" if value > 0 else str(value)


def _block(path: dict[str, Any] | None) -> str:
    """First Latest End Change, right-aligned under their headings (23 characters)."""
    if not path:
        return f"{'-':>5} {'-':>6} {'-':>3} {'-':>6}"
    end = path["end"]["score"] if path["end"] else "-"
    return (
        f"{path['first']['score']:>5} {path['latest']['score']:>6} {end!s:>3} "
        f"{_change(path['change']):>6}"
    )


def _views(difference: int | None) -> str:
    if difference is None:
        return ""
    if difference == 0:
        return "agree"
    return f"youth {abs(difference)} {'higher' if difference > 0 else 'lower'}"


def _spark(path: dict[str, Any] | None) -> str:
    if not path:
        return "-"
    points = path["path"]
    if len(points) > SPARK_MAX:  # the most recent ones; '…' says there were earlier ones
        line = "…" + "".join(SPARK[p["score"]] for p in points[-(SPARK_MAX - 1) :])
    else:
        line = "".join(SPARK[p["score"]] for p in points)
    return f"{line} {path['first']['score']}→{path['latest']['score']}"


def terminal_view(
    person: Any,
    summary: list[dict[str, Any]],
    every: list[dict[str, Any]],
    steps: list[dict[str, Any]],
    *,
    lang: str = "da",
) -> str:
    """Plain text: user data is printed as typed, never read as markup."""
    label_key = "label_da" if lang == "da" else "label_en"
    ref = f", ref {plain(person.ref)}" if person.ref else ""
    anchors = " · ".join(
        f"{s['step']} {s['label_en'].lower()}" for s in steps if s["step"] in (1, 3, 5)
    )
    lines = [f"{plain(person.name)} (id {person.id}{ref}): status on life areas, 1-5", anchors, ""]
    if not summary:
        lines.append(
            f"No ratings yet: record some with 'efter rate {person.id} bolig=3 ... --phase start'."
        )
        return "\n".join(lines) + "\n"
    current = [r for r in every if r["replaced_by"] is None]
    corrected = len(every) - len(current)
    dates = sorted(r["date"] for r in current)
    lines.insert(
        2,
        f"{len(current)} ratings from {dates[0]} to {dates[-1]}"
        + (f" ({corrected} corrected, see --history)" if corrected else ""),
    )
    block = "First Latest End Change"
    lines.append(f"{'':{AREA_W}}  {'Professional':{len(block)}}    Young person")
    lines.append(f"{'Area':{AREA_W}}  {block}    {block}   Views")
    names = []
    for item in summary:
        name = str(item[label_key]) + (" (retired)" if item["retired"] else "")
        names.append(_fit(name, AREA_W))
        lines.append(
            f"{names[-1]}  {_block(item['professional'])}    {_block(item['youth'])}   "
            f"{_views(item['difference'])}".rstrip()
        )
    lines.append("")
    legend = " ".join(f"{SPARK[s]} {s}" for s in range(1, 6))
    lines.append(f"Path over time, oldest first ({legend})")
    lines.append(f"{'Area':{AREA_W}}  {'Professional':20}  Young person")
    for name, item in zip(names, summary, strict=True):
        lines.append(f"{name}  {_spark(item['professional']):20}  {_spark(item['youth'])}".rstrip())
    return "\n".join(lines) + "\n"
