"""The options many commands share (--db, --json, --lang) and the case file they open."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from efter.cli import frame

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Case file to use (default: EFTER_DB, then your user data folder).",
        show_default=False,
        dir_okay=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts (ISO dates).")]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Document language: da or en (default: the case file's language setting, else da).",
        show_default=False,
    ),
]

ROOT_DB: Path | None = None  # set by the root callback (`efter --db X ...`)


def db_path(db: Path | None) -> Path:
    """The case file this command uses: its own --db, the root --db, EFTER_DB, the default."""
    from efter.core.casefile import resolve_path

    path = resolve_path(db if db is not None else ROOT_DB)
    frame.LAST_PATH = path  # a full disk's sentence names this file's disk
    return path


@contextmanager
def opened(db: Path | None) -> Iterator[Any]:
    """Open the case file for one command; the command's writes go in `casefile.write()`."""
    from efter.cli.ask import ask_passphrase
    from efter.core.casefile import open_casefile

    casefile = open_casefile(db_path(db), ask=ask_passphrase)
    try:
        yield casefile
    finally:
        casefile.close()
