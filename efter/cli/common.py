"""What every command shares: error handling, the --db and --json options, output helpers.

Only the CLI prints. Payload goes to stdout, talk (warnings, confirmations, hints) to stderr.
"""

import functools
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from efter.core.errors import EfterError

F = TypeVar("F", bound=Callable[..., Any])

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
LangOption = Annotated[str, typer.Option("--lang", help="Document language: da or en.")]


def _debug() -> bool:
    return os.environ.get("EFTER_DEBUG", "") not in ("", "0")


def fail(message: str, code: int = 1) -> typer.Exit:
    from efter.core.cpr import redact

    # One line, whatever a user value inside it held (newlines, NUL, escape codes), and a
    # CPR number a message quotes back never reaches the screen.
    line = "".join(ch if ch.isprintable() else "?" for ch in redact(message))
    sys.stderr.write(f"Error: {line}\n")
    return typer.Exit(code)


def guarded(function: F) -> F:
    """Turn domain errors into one sentence and exit 1; never a traceback unless EFTER_DEBUG."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except EfterError as error:
            if _debug():
                raise
            raise fail(error.message, error.exit_code) from None
        except sqlite3.OperationalError as error:
            if _debug():
                raise
            if "locked" in str(error) or "busy" in str(error):
                raise fail(
                    "The case file is busy with another efter command: try again in a moment."
                ) from None
            raise fail(
                f"The case file could not be used ({error}): run 'efter doctor' to check it."
            ) from None
        except sqlite3.DatabaseError as error:
            if _debug():
                raise
            raise fail(
                f"The case file could not be read ({error}): run 'efter doctor' to check it."
            ) from None
        except KeyboardInterrupt:
            raise fail("Interrupted: nothing was changed.", 130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except Exception as error:
            if _debug() or type(error).__module__.startswith("typer"):
                raise  # typer's own Exit, Abort and usage errors keep their meaning
            raise fail(
                f"efter hit an internal error ({type(error).__name__}); nothing was changed. "
                "Run again with EFTER_DEBUG=1 to see the details and report them."
            ) from None

    return wrapper  # type: ignore[return-value]


class EfterTyper(typer.Typer):
    """A Typer whose commands are all guarded, with tracebacks that never show locals."""

    def __init__(self, noun: str = "", **kwargs: Any) -> None:
        self.noun = noun
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("pretty_exceptions_show_locals", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("add_completion", False)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        register = super().command(*args, **kwargs)
        explicit = args[0] if args else kwargs.get("name")

        def decorator(function: F) -> F:
            name = explicit or function.__name__.strip("_").replace("_", "-")
            path = f"{self.noun} {name}".strip()

            @functools.wraps(function)
            def named(*a: Any, **kw: Any) -> Any:
                global CURRENT_COMMAND
                CURRENT_COMMAND = path
                return function(*a, **kw)

            register(guarded(named))
            return function

        return decorator


# Set by the root callback (`efter --db X ...`) and by each command as it starts.
ROOT_DB: Path | None = None
CURRENT_COMMAND = "efter"


def db_path(db: Path | None) -> Path:
    """The case file this command uses: its own --db, the root --db, EFTER_DB, the default."""
    from efter.core.casefile import resolve_path

    return resolve_path(db if db is not None else ROOT_DB)


@contextmanager
def opened(db: Path | None) -> Iterator[Any]:
    """Open the case file for one command; the command's writes go in `casefile.write()`."""
    from efter.core.casefile import open_casefile

    casefile = open_casefile(db_path(db))
    try:
        yield casefile
    finally:
        casefile.close()


def interactive() -> bool:
    """Whether a person is at a terminal to answer a question (tests patch this)."""
    return sys.stdin.isatty()


def confirm(question: str) -> bool:
    """Ask a yes/no question on stderr; the answer defaults to no."""
    return bool(typer.confirm(question, default=False, err=True))


def ask_passphrase(prompt: str, new: bool) -> str | None:
    """The passphrase, typed without echo on a terminal; None when there is no terminal.

    Installed into efter.core.casefile by the root callback; never read from an argument.
    """
    if not interactive():
        return None
    import getpass

    from efter.core.errors import InvalidInput

    first = getpass.getpass(prompt)
    if new and getpass.getpass("Type it again: ") != first:
        raise InvalidInput("The two passphrases differ: run the command again.")
    return first


def command_name() -> str:
    """The running command as 'noun verb', for the audit log."""
    return CURRENT_COMMAND


# --- output ----------------------------------------------------------------------------


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def say(message: str) -> None:
    """A confirmation or hint: stderr, so stdout stays data."""
    sys.stderr.write(message + "\n")


def warn(message: str) -> None:
    sys.stderr.write(f"Warning: {message}\n")


def console() -> Any:
    from rich.console import Console

    # markup and emoji off: user text such as 'Anna [plejefamilie]' prints exactly as typed.
    return Console(markup=False, emoji=False, highlight=False, soft_wrap=False)


def table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    empty: str = "Nothing to show.",
) -> None:
    """A rich table on stdout; every cell is plain text, never markup."""
    if not rows:
        say(empty)
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    grid = Table(
        title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False, show_edge=False
    )
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*(Text("" if cell is None else str(cell)) for cell in row))
    console().print(grid)


def fields(pairs: Sequence[tuple[str, Any]]) -> None:
    """A 'label  value' block for show commands, plain text."""
    width = max(len(label) for label, _ in pairs)
    out = console()
    from rich.text import Text

    for label, value in pairs:
        out.print(Text(f"{label.ljust(width)}  {'' if value is None else value}"))
