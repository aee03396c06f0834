"""Questions to the person at the terminal (on stderr, so stdout stays data)."""

import sys

import typer

from efter.core.i18n import t


def interactive() -> bool:
    """Whether a person is at a terminal to answer a question (tests patch this)."""
    return sys.stdin.isatty()


def confirm(question: str) -> bool:
    """Ask a yes/no question on stderr; the answer defaults to no. y or yes, and in Danish
    also j or ja, say yes."""
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
