"""efter goal add|list|status: goals (mål) and sub-goals (delmål) on the life areas."""

from typing import Annotated

import typer

from efter.cli.options import DbOption, JsonOption, YouthArg, opened
from efter.cli.output import emit_json, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import N_, t

app = EfterTyper(noun="goal", help="Goals and sub-goals (mål og delmål) on the life areas.")


@app.command()
def add(
    youth: YouthArg,
    text: Annotated[str, typer.Option(help="The goal in the young person's own words.")],
    area: Annotated[
        str | None,
        typer.Option(help="Life area: code, name or the start of one (see 'efter areas list')."),
    ] = None,
    parent: Annotated[
        str | None, typer.Option(help="Make this a sub-goal (delmål) of that goal id.")
    ] = None,
    meeting: Annotated[str | None, typer.Option(help="The meeting where it was agreed.")] = None,
    status: Annotated[str, typer.Option(help="open, achieved or dropped.")] = "open",
    db: DbOption = None,
) -> None:
    """Add a goal, or with --parent a sub-goal. Prints the new id on stdout."""
    from efter.core import goals
    from efter.core import youth as core

    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        goal_id = goals.add(
            conn, person, text=text, area=area, parent=parent, meeting=meeting, status=status
        )
    under = t(" under goal {parent}", parent=parent.strip()) if parent else ""
    say(
        t(
            "Added {value} {goal_id}{under} for {label}.",
            value=t("sub-goal") if parent else t("goal"),
            goal_id=goal_id,
            under=under,
            label=person.label,
        )
    )
    typer.echo(str(goal_id))


@app.command()
def status(
    goal: Annotated[str, typer.Argument(help="The goal's id.")],
    new: Annotated[str, typer.Argument(metavar="STATUS", help="open, achieved or dropped.")],
    db: DbOption = None,
) -> None:
    """Set a goal's status: open, achieved (nået) or dropped (opgivet)."""
    from efter.core import goals

    with opened(db) as casefile, casefile.write() as conn:
        row = goals.get(conn, goal)
        code = goals.set_status(conn, row, new)
    from efter.core import vocab
    from efter.core.i18n import language

    word = vocab.label(vocab.GOAL_STATUSES, code, language()).lower()  # achieved / nået
    say(t("Goal {id} is now {code}.", id=row["id"], code=word))


@app.command("list")
def list_(
    youth: YouthArg,
    all_: Annotated[
        bool, typer.Option("--all", help="Include achieved and dropped goals.")
    ] = False,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """A young person's goals, each followed by its sub-goals (open ones unless --all)."""
    from efter.core import goals
    from efter.core import youth as core

    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        rows = goals.list_goals(conn, person, include_closed=all_)
        records = [goals.describe(conn, row) for row in rows]
    if json:
        emit_json(records)
        return
    table(
        ["ID", "Life area", "Goal", "Status"],
        [
            [
                r["id"],
                r["area_label"],
                ("  " + t("sub-goal of {id}:", id=r["parent_id"]) + " " if r["parent_id"] else "")
                + r["text"],
                r["status"],
            ]
            for r in records
        ],
        empty=t(
            "No goals for {label}: add one with 'efter goal add {id} --area AREA --text ...'.",
            label=person.label,
            id=person.id,
        ),
    )


GoalArg = Annotated[str, typer.Argument(help="The goal's id (see 'efter goal list YOUTH').")]


@app.command()
def edit(
    goal: GoalArg,
    text: Annotated[str | None, typer.Option(help="The corrected wording of the goal.")] = None,
    area: Annotated[
        str | None, typer.Option(help="The life area (see 'efter areas list').")
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option(help="The main goal this is a sub-goal of, by id ('' makes it a main goal)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Correct a goal's text, life area or main goal.

    Only the options given change; a main goal's new area goes to its sub-goals too. Each
    change is audited and kept with the earlier value: 'efter goal history ID' shows them."""
    from efter.cli import history
    from efter.core import edits, goals

    with opened(db) as casefile, casefile.write() as conn:
        row = goals.get(conn, goal)
        diff = edits.edit_goal(conn, row, text=text, area=area, parent=parent)
    command = f"efter goal history {row['id']}"
    history.changed(t("goal {id}", id=row["id"]), diff, command)


@app.command("history")
def history_(goal: GoalArg, json: JsonOption = False, db: DbOption = None) -> None:
    """A goal's corrections: when, by whom, the old and new value."""
    from efter.cli import history

    history.show("goal", goal, json, db, N_("goal"))
