"""efter note add|list|correct: the journal, dated and signed with the OS user."""

from typing import Annotated

import typer

from efter.cli.options import DbOption, JsonOption, YouthArg, opened
from efter.cli.output import emit_json, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import t

app = EfterTyper(noun="note", help="The journal: dated notes, signed with your user name.")

TextArg = Annotated[
    str | None,
    typer.Argument(
        help="What happened. '-' reads it from standard input; left out at a terminal, "
        "$EDITOR opens.",
        show_default=False,
    ),
]


def _text(text: str | None) -> str:
    """The note as given, read from stdin ('-'), or written in $EDITOR at a terminal."""
    from efter.core.errors import InvalidInput
    from efter.core.text import TEXT_CHARS, check_length

    if text is not None and text.strip() != "-":
        return text
    from efter.core.casefile import unrepeatable

    unrepeatable()  # stdin or the editor is read once (casefile.again)
    if text is None:
        from efter.cli.ask import interactive

        if not interactive():
            raise InvalidInput(
                t("No text for the note: give it as an argument, or '-' and pipe it in.")
            )
        written = _edit(
            "\n" + t("# Write the note above. Lines starting with # are left out.") + "\n"
        )
        return "\n".join(line for line in written.splitlines() if not line.startswith("#"))
    import sys

    limit = TEXT_CHARS * 4  # bytes: UTF-8 takes at most four per character
    data = sys.stdin.buffer.read(limit + 1)
    try:
        read = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(
            t("The note on stdin is not UTF-8 text: save it as UTF-8 and try again.")
        ) from None
    return check_length(read, "text", t("The note on stdin"))


def _edit(start: str) -> str:
    """What the user wrote in $VISUAL or $EDITOR (vi without either), in a private temporary
    file that is removed afterwards."""
    import os
    import shlex
    import subprocess
    import tempfile

    from efter.core.errors import InvalidInput

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    handle, path = tempfile.mkstemp(prefix="efter-note-", suffix=".txt")  # mode 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(start)
        try:
            done = subprocess.run([*shlex.split(editor), path], check=False)
        except OSError:
            raise InvalidInput(
                t(
                    "The editor '{editor}' could not be started: set EDITOR, or give the text.",
                    editor=editor,
                )
            ) from None
        if done.returncode != 0:
            raise InvalidInput(t("The editor stopped with an error: no note was written."))
        with open(path, encoding="utf-8") as back:
            return back.read()
    finally:
        os.unlink(path)


@app.command()
def add(youth: YouthArg, text: TextArg = None, db: DbOption = None) -> None:
    """Write a dated note in the young person's journal, signed with your user name.
    Prints the new id on stdout."""
    from efter.core import journal
    from efter.core import youth as core

    body = _text(text)
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        note_id = journal.add(conn, person, body)
    say(t("Wrote note {note_id} in the journal of {label}.", note_id=note_id, label=person.label))
    typer.echo(str(note_id))


@app.command("list")
def list_(
    youth: YouthArg,
    since: Annotated[
        str | None, typer.Option(help="Only notes written on or after this date.")
    ] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """The young person's journal, oldest first; a corrected note is shown as corrected,
    with the note that corrects it."""
    from efter.core import journal
    from efter.core import youth as core
    from efter.core.dates import parse_date

    day = parse_date(since, field="since") if since else None
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        rows = journal.list_notes(conn, person, since=day)
    records = [journal.describe(row) for row in rows]
    if json:
        emit_json(records)
        return
    table(
        ["ID", "Written", "By", "Note"],
        [[r["id"], r["written"].replace("T", " "), r["author"], note_cell(r)] for r in records],
        empty=t(
            "No notes in the journal of {label}: write one with 'efter note add'.",
            label=person.label,
        ),
    )


def note_cell(record: dict[str, object]) -> str:
    """A note's text with what corrected it, or what it corrects."""
    text = str(record["text"])
    if record["corrected_by"] is not None:
        return t("[corrected by note {id}]", id=record["corrected_by"]) + f" {text}"
    if record["corrects"] is not None:
        return f"{text} " + t("[corrects note {id}]", id=record["corrects"])
    return text


@app.command()
def correct(
    note: Annotated[str, typer.Argument(help="The id of the note to correct.")],
    text: Annotated[
        str, typer.Argument(help="The corrected text ('-' reads it from standard input).")
    ],
    db: DbOption = None,
) -> None:
    """Correct a note: the corrected text is written as a new note, and the earlier text is
    kept and shown as corrected (a journal is never rewritten). Prints the new id."""
    from efter.core import journal

    body = _text(text)
    with opened(db) as casefile, casefile.write() as conn:
        row = journal.get(conn, note)
        new_id = journal.correct(conn, row, body)
    say(
        t(
            "Wrote note {new_id}, correcting note {id}; the earlier text is kept.",
            new_id=new_id,
            id=row["id"],
        )
    )
    typer.echo(str(new_id))
