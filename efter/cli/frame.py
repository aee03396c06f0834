"""The command frame: what runs around every command. Domain errors become one sentence
and an exit status, never a traceback (unless EFTER_DEBUG); every text given within its
length limit; the running command's name for the audit log."""

import errno
import functools
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer

from efter.core.errors import EfterError

F = TypeVar("F", bound=Callable[..., Any])


def _debug() -> bool:
    return os.environ.get("EFTER_DEBUG", "") not in ("", "0")


def scrub(message: str) -> str:
    """Talk fit for stderr, the one boundary every error and warning passes: anything shaped
    like a CPR number replaced (efter.core.cpr.redact), control and bidi characters written as
    visible escapes, on one line."""
    from efter.core.cpr import redact
    from efter.core.text import shown

    return shown(redact(message), lines=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    # One line, whatever a user value inside it held (newlines, NUL, escape codes), and a
    # CPR number a message quotes back never reaches the screen.
    sys.stderr.write(f"Error: {scrub(message)}\n")
    return typer.Exit(code)


# The disk, not efter: full, over quota, failing or read-only.
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS)


def cannot_write(error: OSError) -> str:
    return (
        f"efter could not write ({error.strerror}): free some space or write somewhere else, "
        "then run the command again."
    )


def guarded(function: F) -> F:
    """Turn domain errors into one sentence and exit 1; never a traceback unless EFTER_DEBUG."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():  # off for start-up (efter/cli/__init__.py)
            gc.freeze()
            gc.enable()
        try:
            return function(*args, **kwargs)
        except EfterError as error:
            if _debug():
                raise
            raise fail(error.message, error.exit_code) from None
        except KeyboardInterrupt:
            raise fail("Interrupted: nothing was changed.", 130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except Exception as error:
            if _debug() or type(error).__module__.startswith("typer"):
                raise  # typer's own Exit, Abort and usage errors keep their meaning
            import sqlite3  # imported here so that `efter --help` does not pay for it

            if isinstance(error, (OSError, sqlite3.Error)):
                from efter.core.casefile import LOW_SPACE, disk_full, free_space, is_full

                last = LAST_PATH

                # SQLite's own "full" is the case file's disk; an OSError is the case file's
                # disk only when that disk has no room (stdout may be a full pipe or /dev/full)
                if is_full(error, last) and (
                    isinstance(error, sqlite3.Error)
                    or (last is not None and free_space(last) < LOW_SPACE)
                ):
                    where = last if last is not None else Path.cwd()
                    raise fail(disk_full(where).message) from None
            if isinstance(error, OSError) and error.errno in _FULL:
                raise fail(cannot_write(error)) from None

            if isinstance(error, sqlite3.OperationalError):
                if "locked" in str(error) or "busy" in str(error):
                    raise fail(
                        "The case file stayed busy with another efter command: try again when "
                        "it has finished (wait longer with EFTER_BUSY_TIMEOUT=SECONDS)."
                    ) from None
                raise fail(
                    f"The case file could not be used ({error}): run 'efter doctor' to check it."
                ) from None
            if isinstance(error, sqlite3.DatabaseError):
                raise fail(
                    f"The case file could not be read ({error}): run 'efter doctor' to check it."
                ) from None
            if isinstance(error, OverflowError):
                raise fail(
                    "A number given is too large for efter: check the ids and numbers you typed "
                    "(an id has at most 18 digits) and try again; nothing was changed."
                ) from None
            raise fail(
                f"efter hit an internal error ({type(error).__name__}); nothing was changed. "
                "Run again with EFTER_DEBUG=1 to see the details and report them."
            ) from None

    return wrapper  # type: ignore[return-value]


def _check_lengths(values: dict[str, Any]) -> None:
    """Every text given on the command line within its length limit (efter.core.text), before
    the command does anything: one place for every option and argument of every command."""
    from efter.core.text import check_length

    for key, value in values.items():
        items = value if isinstance(value, (list, tuple)) else (value,)
        for item in items:
            if isinstance(item, str):
                check_length(item, key.rstrip("_"))


# Set by each command as it starts (efter.cli.tree.EfterTyper.command), and as it opens its
# case file (efter.cli.options.db_path).
CURRENT_COMMAND = "efter"
LAST_PATH: Path | None = None  # the case file this command uses, for a full disk's sentence


def command_name() -> str:
    """The running command as 'noun verb', for the audit log."""
    return CURRENT_COMMAND
