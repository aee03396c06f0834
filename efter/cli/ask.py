"""Questions to the person at the terminal (on stderr, so stdout stays data)."""

import sys
from typing import Any

import typer

from efter.core.i18n import t
from efter.core.text import shown


def interactive() -> bool:
    """Whether a person is at a terminal to answer a question (tests patch this)."""
    return sys.stdin.isatty()


def confirm(question: str) -> bool:
    """Ask a yes/no question on stderr; the answer defaults to no. y or yes, and in Danish
    also j or ja, say yes."""
    from efter.core.casefile import unrepeatable

    unrepeatable()  # an answer is not asked for twice (casefile.again)
    choices = t("y/N")
    answer = typer.prompt(f"{question} [{choices}]", default="", show_default=False, err=True)
    return str(answer).strip().lower() in ("y", "yes", "j", "ja")


def ask_passphrase(prompt: str, new: bool) -> str | None:
    """The passphrase, typed without echo on a terminal; None when there is no terminal.

    Passed to the core's open and create functions as `ask`; never read from an argument.
    """
    if not interactive():
        return None
    import getpass

    from efter.core.errors import InvalidInput

    first = getpass.getpass(prompt)
    if new and getpass.getpass(t("Type it again: ")) != first:
        raise InvalidInput(t("The two passphrases differ: run the command again."))
    return first


def choose_person(name: str, candidates: list[Any]) -> int | None:
    """Ask which person from the address book a new team member is: one of `candidates`
    (rows of the address book), or someone new. Returns the chosen id, or None for new."""
    typer.echo(
        t("'{name}' could be someone already in the address book:", name=shown(name)), err=True
    )
    for number, row in enumerate(candidates, start=1):
        where = shown(row["organisation"]) if row["organisation"] else t("no organisation")
        contact = ", ".join(shown(row[key]) for key in ("phone", "email") if row[key])
        extra = f"; {contact}" if contact else ""
        person = t("(person {id})", id=row["id"])
        typer.echo(f"  {number}. {shown(row['name'])}, {where}{extra} {person}", err=True)
    typer.echo(f"  {len(candidates) + 1}. {t('someone new')}", err=True)
    from efter.core.casefile import unrepeatable

    unrepeatable()  # an answer is not asked for twice (casefile.again)
    choices = [str(number) for number in range(1, len(candidates) + 2)]
    answer = ""
    while answer not in choices:
        answer = str(typer.prompt(t("Which one"), default=choices[-1], err=True)).strip()
    index = int(answer) - 1
    return None if index == len(candidates) else int(candidates[index]["id"])
