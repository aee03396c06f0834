"""efter rate and efter ratings: status on life areas, recorded and seen at a glance."""

import sys
from typing import Annotated, Any

import typer

from efter.cli.document_output import FormatOption, OutOption, document_output
from efter.cli.options import DbOption, JsonOption, LangOption, NoteOption, YouthArg, opened
from efter.cli.outfile import ForceOption
from efter.cli.output import emit_json, plain, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import danish, day_text, document_language, nt, t

SPARK = {1: "▁", 2: "▃", 3: "▄", 4: "▆", 5: "█"}
AREA_W = 30
SPARK_MAX = 12


def phase_word(code: str) -> str:
    """A rating's phase in a sentence: start, meeting or end."""
    return {"start": t("start"), "meeting": t("meeting"), "end": t("end")}.get(code, code)


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
        note: NoteOption = None,
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
        who = t("the young person") if rater == "youth" else t("the professional")
        for entry in entries:
            if entry.replaces is not None:
                say(
                    t(
                        "Corrected the {phase_code} rating of {area}: {old_score} -> {score} "
                        "(rating {replaces} is kept in the history).",
                        phase_code=phase_code,
                        area=entry.area,
                        old_score=entry.old_score,
                        score=entry.score,
                        replaces=entry.replaces,
                    )
                )
        days = sorted({entry.rated_on for entry in entries})
        say(
            nt(
                "Recorded {n} {phase} rating by {who} for {label} on {days}.",
                "Recorded {n} {phase} ratings by {who} for {label} on {days}.",
                len(ids),
                phase=phase_word(phase_code),
                who=who,
                label=person.label,
                days=", ".join(day_text(d) for d in days),
            )
        )
        sys.stdout.write("".join(f"{new_id}\n" for new_id in ids))

    @app.command("ratings")
    def ratings_(
        youth: YouthArg,
        doc: Annotated[
            bool, typer.Option("--doc", help="Render the document 'Status på livsområder'.")
        ] = False,
        fmt: FormatOption = None,
        lang: LangOption = None,
        out: OutOption = None,
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
        from efter.render.documents import check_lang

        if lang is not None:
            check_lang(lang)
        paper = None
        if doc:
            if json or history:
                raise UsageMistake(t("--doc makes a document: leave out --json and --history."))
            paper = document_output(fmt, out, force)
        elif out is not None or fmt is not None:
            raise UsageMistake(t("--out and --format belong to the document: add --doc."))
        with opened(db) as casefile, casefile.write() as conn:
            lang = document_language(lang)
            person = core.find(conn, youth)
            summary = ratings.summary(conn, person)
            every = ratings.history(conn, person)
            from efter.core import areas

            steps = areas.scale(conn)
            scales = {item["area"]: areas.scale(conn, item["area"]) for item in summary}
            if doc:
                audit.use("rendered")
        if paper is not None:
            from efter.render.status import status_document

            text = status_document(
                person, summary, every, steps, lang=lang, fmt=paper.markup, scales=scales
            )
            paper.deliver(
                text,
                t(
                    "Wrote the status on life areas of {label} to {out}.",
                    label=person.label,
                    out=out,
                ),
            )
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
        title=t("Ratings of {label}", label=person.label),
        empty=t(
            "{label} has no ratings yet: record some with 'efter rate {id} bolig=3 ... --phase "
            "start'.",
            label=person.label,
            id=person.id,
        ),
    )


def _fit(text: str, width: int) -> str:
    text = plain(text)
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def _change(value: int | None) -> str:
    if value is None:
        return "-"
    return f"+{value}" if value > 0 else str(value)


def _block(path: dict[str, Any] | None, widths: tuple[int, ...] = (5, 6, 3, 6)) -> str:
    """First Latest End Change, right-aligned under their headings (23 characters in
    English; as wide as the headings in another language)."""
    a, b, c, d = widths
    if not path:
        return f"{'-':>{a}} {'-':>{b}} {'-':>{c}} {'-':>{d}}"
    end = path["end"]["score"] if path["end"] else "-"
    return (
        f"{path['first']['score']:>{a}} {path['latest']['score']:>{b}} {end!s:>{c}} "
        f"{_change(path['change']):>{d}}"
    )


def _views(difference: int | None) -> str:
    if difference is None:
        return ""
    if difference == 0:
        return t("agree")
    if difference > 0:
        return t("youth {n} higher", n=abs(difference))
    return t("youth {n} lower", n=abs(difference))


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
    ref = t(", ref {ref}", ref=plain(person.ref)) if person.ref else ""
    step_key = "label_da" if danish() else "label_en"
    anchors = " · ".join(
        f"{s['step']} {s[step_key].lower()}" for s in steps if s["step"] in (1, 3, 5)
    )
    title = t(
        "{name} (id {id}{ref}): status on life areas, 1-5",
        name=plain(person.name),
        id=person.id,
        ref=ref,
    )
    lines = [title, anchors, ""]
    if not summary:
        lines.append(
            t(
                "No ratings yet: record some with 'efter rate {id} bolig=3 ... --phase start'.",
                id=person.id,
            )
        )
        return "\n".join(lines) + "\n"
    current = [r for r in every if r["replaced_by"] is None]
    corrected = len(every) - len(current)
    dates = sorted(r["date"] for r in current)
    lines.insert(
        2,
        nt(
            "{n} rating from {first} to {last}",
            "{n} ratings from {first} to {last}",
            len(current),
            first=day_text(dates[0]),
            last=day_text(dates[-1]),
        )
        + (
            " " + t("({corrected} corrected, see --history)", corrected=corrected)
            if corrected
            else ""
        ),
    )
    heads = (t("First"), t("Latest"), t("End"), t("Change"))
    widths = tuple(max(len(h), n) for h, n in zip(heads, (5, 6, 3, 6), strict=True))
    block = " ".join(h.rjust(w) for h, w in zip(heads, widths, strict=True))
    professional, young, area = t("Professional"), t("Young person"), t("Area")
    lines.append(f"{'':{AREA_W}}  {professional:{len(block)}}    {young}")
    views = t("Views")
    lines.append(f"{area:{AREA_W}}  {block}    {block}   {views}")
    names = []
    retired = " " + t("(retired)")
    for item in summary:
        name = str(item[label_key]) + (retired if item["retired"] else "")
        names.append(_fit(name, AREA_W))
        lines.append(
            f"{names[-1]}  {_block(item['professional'], widths)}    "
            f"{_block(item['youth'], widths)}   {_views(item['difference'])}".rstrip()
        )
    lines.append("")
    legend = " ".join(f"{SPARK[s]} {s}" for s in range(1, 6))
    lines.append(t("Path over time, oldest first ({legend})", legend=legend))
    lines.append(f"{area:{AREA_W}}  {professional:20}  {young}")
    for name, item in zip(names, summary, strict=True):
        lines.append(f"{name}  {_spark(item['professional']):20}  {_spark(item['youth'])}".rstrip())
    return "\n".join(lines) + "\n"
