"""What the edit commands share: the sentence saying what changed, and the history table."""

from typing import Any

from efter.cli.options import opened
from efter.cli.output import emit_json, say, table
from efter.core.i18n import t

# How a column is named to the user (the option that sets it).
OPTION = {
    "started": "from", "ended": "to", "what": "what", "owner_member_id": "owner",
    "goal_id": "goal", "parent_id": "parent", "first_due": "first due date",
    "minute_taker": "minute-taker",
}  # fmt: skip


def changed(what: str, diff: dict[str, tuple[Any, Any]], command: str) -> None:
    """One line on stderr: what changed, or that nothing did."""
    if not diff:
        say(t("Nothing changed for {what}: the values were already so.", what=what))
        return
    names = []
    for field in diff:
        name = OPTION.get(field, field)
        if name not in names:
            names.append(name)
    say(
        t(
            "Changed {names} of {what}; '{command}' shows the earlier values.",
            names=", ".join(names),
            what=what,
            command=command,
        )
    )


def show(thing: str, text: str, json: bool, db: Any, title: str) -> None:
    """The history of one member, agreement, goal or meeting (its corrections; for an
    agreement also its follow-up), oldest first. Audited as viewed."""
    from efter.core import edits

    with opened(db) as casefile, casefile.write() as conn:
        row = edits.record_of(conn, thing, text, title)
        events = edits.history(conn, thing, row["id"])
    if json:
        emit_json(events)
        return
    table(
        ["When", "By", "Event", "Field", "Was", "Now"],
        [
            [
                e["at"].replace("T", " "),
                e["by"],
                e["event"],
                OPTION.get(e["field"], e["field"]),
                e["old"],
                e["new"],
            ]
            for e in events
        ],
        empty=t("No changes recorded for {title} {id}.", title=t(title), id=row["id"]),
    )
