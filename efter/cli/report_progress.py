"""efter report progress: change on the life areas across young people, per group."""

import sys
from typing import Annotated, Any

import typer

from efter.cli.options import DbOption, JsonOption, opened
from efter.cli.output import emit_json, plain
from efter.cli.report import team_leader_figures
from efter.cli.tree import EfterTyper
from efter.core.i18n import N_, danish, document_language, nt, t

# Registered lazily on the report app (efter.cli.report).
app = EfterTyper(noun="report")


@app.command()
def progress(
    programme: Annotated[
        bool, typer.Option("--programme", help="One table per programme.")
    ] = False,
    cohort: Annotated[bool, typer.Option("--cohort", help="One table per cohort (hold).")] = False,
    coordinator: Annotated[
        bool, typer.Option("--coordinator", help="One table per coordinator.")
    ] = False,
    by: Annotated[
        str, typer.Option("--by", help="Whose ratings: professional or youth.")
    ] = "professional",
    share: Annotated[
        bool,
        typer.Option(
            "--share",
            help="For figures that leave the case file: leave out groups under 5 young people "
            "and withhold figures resting on fewer than 5.",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Area names: da or en (default: the case file's language setting, else da).",
            show_default=False,
        ),
    ] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Per life area: young people with a first and a last rating, mean change, share improved,
    unchanged and worse; single ratings count as 'no follow-up yet'."""
    from efter.core import audit
    from efter.core.progress import progress as compute

    if lang is not None:
        from efter.render.documents import check_lang

        check_lang(lang)
    chosen = [name for name, on in (("programme", programme), ("cohort", cohort),
                                    ("coordinator", coordinator)) if on]  # fmt: skip
    if len(chosen) > 1:
        from efter.core.errors import UsageMistake

        raise UsageMistake(
            t("Give only one of --programme, --cohort and --coordinator to group by.")
        )
    with opened(db) as casefile, casefile.write() as conn:
        lang = document_language(lang)
        share = team_leader_figures(casefile) or share
        data = compute(conn, group_by=chosen[0] if chosen else None, rated_by=by, share=share)
        audit.everyone("viewed")
    if json:
        emit_json(data)
        return
    who = (
        t("the young people themselves") if data["rated_by"] == "youth" else t("the professionals")
    )
    label_key = "label_da" if lang == "da" else "label_en"
    for group in data["groups"]:
        if data["group_by"] is None:
            heading = t("All young people")
        else:
            heading = (
                group["group"]
                if group["group"] is not None
                else t("(no {group_by})", group_by=data["group_by"])
            )
        _table(
            nt(
                "{heading}: {n} young person, rated by {who}",
                "{heading}: {n} young people, rated by {who}",
                group["youth"],
                heading=heading,
                who=who,
            ),
            [
                [a[label_key], _count(a["followed_up"]), _mean(a), _part(a, "improved"),
                 _part(a, "unchanged"), _part(a, "worse"), _count(a["no_follow_up_yet"]),
                 _count(a["not_rated"])]
                for a in group["areas"]
            ],
        )  # fmt: skip
    if not data["groups"]:
        typer.echo(
            t("No group is large enough to share.") if share else t("No young people on file.")
        )
    if data["note"]:
        typer.echo(data["note"])


# (first header line, second header line, width); the area column comes first, 29 wide.
COLUMNS = (
    (N_("Followed"), N_("up"), 8), (N_("Mean"), N_("change"), 6), ("", N_("Improved"), 9),
    ("", N_("Unchanged"), 9), ("", N_("Worse"), 9), (N_("No follow-"), N_("up yet"), 10),
    (N_("Not"), N_("rated"), 5),
)  # fmt: skip
AREA_W = 29


def _table(title: str, rows: list[list[str]]) -> None:
    """Plain text, so names print exactly as typed; area names are clipped, never wrapped."""
    lines = [plain(title), ""]
    columns = [  # the headings in the language of the messages, each column as wide as its words
        (t(top), t(low), max(w, len(t(top)), len(t(low)))) for top, low, w in COLUMNS
    ]
    lines.append(" " * AREA_W + "".join(f"  {top:>{w}}" for top, _, w in columns))
    lines.append(t("Area").ljust(AREA_W) + "".join(f"  {low:>{w}}" for _, low, w in columns))
    lines.append("-" * (AREA_W + sum(w + 2 for _, _, w in columns)))
    for row in rows:
        name = plain(row[0])
        name = name.ljust(AREA_W) if len(name) <= AREA_W else name[: AREA_W - 1] + "…"
        cells = "".join(f"  {cell:>{w}}" for cell, (_, _, w) in zip(row[1:], columns, strict=True))
        lines.append(name + cells)
    sys.stdout.write("\n".join(line.rstrip() for line in lines) + "\n\n")


def _count(value: int | None) -> str:
    return "<5" if value is None else str(value)


def _mean(area: dict[str, Any]) -> str:
    if area["mean_change"] is None:
        return "<5" if area["withheld"] else "-"
    value = area["mean_change"]
    text = f"{value:+.2f}" if value else "0.00"
    return text.replace(".", ",") if danish() else text  # +1,00 in Danish


def _part(area: dict[str, Any], key: str) -> str:
    share = area[f"share_{key}"]
    if share is None:
        return "<5" if area["withheld"] else "-"
    percent = f"{round(share * 100)} %" if danish() else f"{round(share * 100)}%"  # 100 % in Danish
    return percent if area[key] is None else f"{percent} ({area[key]})"
