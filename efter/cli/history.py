"""What the edit commands share: the sentence saying what changed, and the history table."""

from collections.abc import Iterable
from typing import Any

from efter.cli.options import opened
from efter.cli.output import emit_json, say, table
from efter.core.i18n import t


def field_names(fields: Iterable[str]) -> str:
    """The fields a change touched, as the person reads them (efter.core.vocab.FIELD_WORDS:
    the option's name in English, the field's word in Danish), each once, in order."""
    from efter.core import vocab
    from efter.core.i18n import language

    lang = language()
    names: list[str] = []
    for field in fields:
        name = vocab.field_word(field, lang)
        if name not in names:
            names.append(name)
    return ", ".join(names)


def changed(what: str, diff: dict[str, tuple[Any, Any]], command: str) -> None:
    """One line on stderr: what changed, or that nothing did."""
    if not diff:
        say(t("Nothing changed for {what}: the values were already so.", what=what))
        return
    say(
        t(
            "Changed {names} of {what}; '{command}' shows the earlier values.",
            names=field_names(diff),
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
    from efter.core import vocab
    from efter.core.i18n import language

    lang = language()
    table(
        ["When", "By", "Event", "Field", "Was", "Now"],
        [
            [
                e["at"].replace("T", " "),
                e["by"],
                vocab.label(vocab.HISTORY_EVENTS, e["event"], lang),
                vocab.field_word(e["field"], lang) if e["field"] else None,
                e["old"],
                e["new"],
            ]
            for e in events
        ],
        empty=t("No changes recorded for {title} {id}.", title=t(title), id=row["id"]),
    )
