"""The options many commands share (--db, --json, --lang) and the case file they open."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from efter.cli import frame
from efter.cli.tree import helptext
from efter.core.i18n import N_, t

DB_HELP = N_(
    "Case file to use, or a municipality's register as a postgresql:// URL (default: EFTER_DB, "
    "then your user data folder)."
)
# A str, not a Path: a path would fold the // of a postgresql:// URL.
DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP, show_default=False)]
# A person's contact details: as `add` commands take them, as `edit` commands take them ('' clears
# a detail), and as `youth add|edit` take the young person's. What a phone number must look like
# is said once (the rule is efter.core.contacts').
PHONE_RULE = N_(
    "8 digits for a Danish one (12 34 56 78, +45 allowed), + and the country code for another "
    "(+46 70 123 45 67)"
)
PhoneOption = Annotated[
    str | None, typer.Option("--phone", help=helptext("Phone number: {rule}.", rule=PHONE_RULE))
]
EmailOption = Annotated[str | None, typer.Option("--email", help="E-mail address.")]
AddressOption = Annotated[str | None, typer.Option("--address", help="Address, on one line.")]
PhoneEditOption = Annotated[
    str | None,
    typer.Option("--phone", help=helptext("Phone number: {rule}; '' clears it.", rule=PHONE_RULE)),
]
EmailEditOption = Annotated[
    str | None, typer.Option("--email", help="E-mail address ('' clears it).")
]
AddressEditOption = Annotated[
    str | None, typer.Option("--address", help="Address, on one line ('' clears it).")
]
YouthPhoneOption = Annotated[
    str | None,
    typer.Option(
        "--phone",
        help=helptext("The young person's phone number: {rule}.", rule=PHONE_RULE),
        show_default=False,
    ),
]
YouthEmailOption = Annotated[
    str | None,
    typer.Option("--email", help="The young person's e-mail address.", show_default=False),
]
YouthAddressOption = Annotated[
    str | None,
    typer.Option("--address", help="The young person's address, on one line.", show_default=False),
]
NoteOption = Annotated[str | None, typer.Option("--note", help="A short note.", show_default=False)]
# The name and organisation of a person on the case or in the address book, as edits take them.
NameEditOption = Annotated[str | None, typer.Option("--name", help="The corrected name.")]
OrganisationEditOption = Annotated[
    str | None, typer.Option("--organisation", help="Organisation or place ('' clears it).")
]
# Every command that takes one young person names them so (core.youth.find reads all three).
YouthArg = Annotated[
    str,
    typer.Argument(help="The young person's id, ref (case number) or name.", show_default=False),
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

ROOT_DB: str | None = None  # set by the root callback (`efter --db X ...`)


def db_target(db: str | Path | None) -> Path | str:
    """What this command uses: its own --db, the root --db, EFTER_DB, the default; a case
    file's path, or a register's postgresql:// URL."""
    from efter.core.casefile import resolve

    target = resolve(db if db is not None else ROOT_DB)
    if isinstance(target, Path):
        frame.LAST_PATH = target  # a full disk's sentence names this file's disk
    return target


def db_path(db: str | Path | None) -> Path:
    """The case file this command uses, for a command that works on a file only (backup,
    restore, encryption): a register's URL is refused with a sentence."""
    target = db_target(db)
    if isinstance(target, str):
        from efter.core.dialect import redacted
        from efter.core.errors import CaseFileError

        raise CaseFileError(
            t(
                "This command works on a laptop case file, not on the register ({redacted}): give --db the path of a case file.",
                redacted=redacted(target),
            )
        )
    return target


@contextmanager
def opened(db: str | Path | None) -> Iterator[Any]:
    """Open the case file (or register) for one command; its writes go in `casefile.write()`."""
    from efter.cli.ask import ask_passphrase
    from efter.core.casefile import open_any

    casefile = open_any(db_target(db), ask=ask_passphrase)
    try:
        yield casefile
    finally:
        casefile.close()
