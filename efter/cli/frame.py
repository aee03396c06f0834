"""The command frame: what happens around every command, whatever it does.

Every command registered with `EfterTyper.command` runs inside `framed`: it learns its name
(for the audit log), checks every text it was given against its length limit, collects the
audit trail of the young people it reads and changes (efter.core.audit.Trail, written at each
commit), and turns any failure into one sentence on stderr and an exit code, never a traceback
unless EFTER_DEBUG is set.

Exit codes: 0 done, 1 bad data (a value, a file, a record the case file does not have), 2 a
usage mistake (options that disagree, a missing option; click's own usage errors are 2 too),
130 interrupted. With `--json` given, a failure is one JSON object on stderr instead of the
sentence: {"error": sentence, "field": option or null, "problem": ..., "fix": ... or null}.
"""

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
from efter.core.i18n import t

F = TypeVar("F", bound=Callable[..., Any])

# Set by each command as it starts (framed) and by db_path as it finds the case file.
CURRENT_COMMAND = "efter"
LAST_PATH: Path | None = None  # the case file this command uses, for a full disk's sentence


def command_name() -> str:
    """The running command as 'noun verb', for the audit log."""
    return CURRENT_COMMAND


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
    if _JSON_ERRORS:
        _fail_json({"error": message, "field": None, "problem": message, "fix": None})
    else:
        from efter.core.i18n import t

        sys.stderr.write(t("Error: {message}", message=scrub(message)) + "\n")
    return typer.Exit(code)


_JSON_ERRORS = False  # the running command was given --json: errors as one JSON object


def _fail_json(data: dict[str, Any]) -> None:
    import json

    # One line, ASCII: a script reads it with one readline, and no character in it can steer
    # a terminal.
    safe = {k: scrub(v) if isinstance(v, str) else v for k, v in data.items()}
    sys.stderr.write(json.dumps(safe) + "\n")


def where(field: str) -> str:
    """How the running command's user types `field`: its option (`--date` for a parameter
    `on` declared as typer.Option("--date")), its argument (`YOUTH`), or, for a field the
    command does not take, the option it would be (`--born`)."""
    import inspect
    import typing

    from efter.core.errors import option_name

    if _CURRENT_FUNCTION is None:
        return option_name(field)
    function = inspect.unwrap(_CURRENT_FUNCTION)
    hints = typing.get_type_hints(function, include_extras=True)
    for name, parameter in inspect.signature(function).parameters.items():
        if name not in (field, field + "_"):
            continue
        infos = [*getattr(hints.get(name), "__metadata__", ()), parameter.default]
        for info in infos:
            kind = type(info).__name__  # typer.models.OptionInfo / ArgumentInfo
            if kind == "OptionInfo":
                # in Annotated, typer.Option("--date") keeps its first name as `default`
                names = [info.default, *(info.param_decls or ())]
                declared = [d for d in names if isinstance(d, str) and d.startswith("--")]
                return declared[0] if declared else option_name(name.rstrip("_"))
            if kind == "ArgumentInfo":
                return str(info.metavar or name.rstrip("_").upper())
    return option_name(field)


_CURRENT_FUNCTION: Callable[..., Any] | None = None  # the running command, for where()


def report(error: EfterError) -> typer.Exit:
    """An EfterError said the way this command's user typed it; the exit code it carries."""
    if _JSON_ERRORS:
        _fail_json(error.as_json(where))
        return typer.Exit(error.exit_code)
    line = error.error_line(where)
    if line is not None:
        sys.stderr.write(scrub(line) + "\n")
        return typer.Exit(error.exit_code)
    return fail(error.worded(where), error.exit_code)


# The disk, not efter: full, over quota, failing or read-only.
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS)


def cannot_write(error: OSError) -> str:
    return t(
        "efter could not write ({strerror}): free some space or write somewhere else, then run "
        "the command again.",
        strerror=error.strerror,
    )


def framed(function: F, path: str, use: str = "viewed") -> F:
    """`function` as the command `path` ("noun verb") runs it: named, its texts checked, its
    audit trail collected and written, its failures worded."""

    @functools.wraps(function)
    def named(*args: Any, **kwargs: Any) -> Any:
        global CURRENT_COMMAND
        from efter.core import audit
        from efter.core.casefile import again

        CURRENT_COMMAND = path
        _check_lengths(kwargs)
        with audit.trail(path, use):
            # run again from the start when a register rolled it back as a deadlock's victim
            return again(lambda: function(*args, **kwargs))

    return guarded(named)  # type: ignore[return-value]


def guarded(function: F) -> F:
    """Turn domain errors into one sentence and their exit code; never a traceback unless
    EFTER_DEBUG."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        global _JSON_ERRORS, _CURRENT_FUNCTION
        _JSON_ERRORS = kwargs.get("json") is True
        _CURRENT_FUNCTION = function
        if not gc.isenabled():  # paused for start-up (efter.cli.main)
            gc.freeze()
            gc.enable()
        try:
            return function(*args, **kwargs)
        except EfterError as error:
            if _debug():
                raise
            raise report(error) from None
        except KeyboardInterrupt:
            raise fail(t("Interrupted: nothing was changed."), 130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except Exception as error:
            if _debug() or type(error).__module__.startswith("typer"):
                raise  # typer's own Exit, Abort and usage errors keep their meaning
            raise _unexpected(error) from None

    return wrapper  # type: ignore[return-value]


def _unexpected(error: Exception) -> typer.Exit:
    """A failure that is not efter's own: the disk, SQLite, or a bug, in one sentence."""
    import sqlite3  # imported here so that `efter --help` does not pay for it

    if isinstance(error, (OSError, sqlite3.Error)):
        from efter.core.casefile import LOW_SPACE, disk_full, free_space, is_full

        # SQLite's own "full" is the case file's disk; an OSError is the case file's
        # disk only when that disk has no room (stdout may be a full pipe or /dev/full)
        if is_full(error, LAST_PATH) and (
            isinstance(error, sqlite3.Error)
            or (LAST_PATH is not None and free_space(LAST_PATH) < LOW_SPACE)
        ):
            place = LAST_PATH if LAST_PATH is not None else Path.cwd()
            return fail(disk_full(place).message)
    if isinstance(error, OSError) and error.errno in _FULL:
        return fail(cannot_write(error))
    if isinstance(error, sqlite3.OperationalError):
        if "locked" in str(error) or "busy" in str(error):
            return fail(
                t(
                    "The case file stayed busy with another efter command: try again when it has "
                    "finished (wait longer with EFTER_BUSY_TIMEOUT=SECONDS)."
                )
            )
        return fail(
            t(
                "The case file could not be used ({error}): run 'efter doctor' to check it.",
                error=error,
            )
        )
    if isinstance(error, sqlite3.DatabaseError):
        return fail(
            t(
                "The case file could not be read ({error}): run 'efter doctor' to check it.",
                error=error,
            )
        )
    if isinstance(error, OverflowError):
        return fail(
            t(
                "A number given is too large for efter: check the ids and numbers you typed (an id "
                "has at most 18 digits) and try again; nothing was changed."
            )
        )
    return fail(
        t(
            "efter hit an internal error ({name}); nothing was changed. Run again with "
            "EFTER_DEBUG=1 to see the details and report them.",
            name=type(error).__name__,
        )
    )


def _check_lengths(values: dict[str, Any]) -> None:
    """Every text given on the command line within its length limit (efter.core.text), before
    the command does anything: one place for every option and argument of every command."""
    from efter.core.text import check_length

    for key, value in values.items():
        items = value if isinstance(value, (list, tuple)) else (value,)
        for item in items:
            if isinstance(item, str):
                check_length(item, key.rstrip("_"))
