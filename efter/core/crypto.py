"""Encryption at rest through SQLCipher (the optional extra `efter[encrypt]`).

Only an encrypted case file loads the binding: a plain file is opened with the standard
`sqlite3` module and never pays for it. SQLCipher's binding (`sqlcipher3`) is a separate copy
of the sqlite3 module with its own exception classes and Row type, while the rest of efter
catches `sqlite3.IntegrityError` and friends. `Connection` below wraps a SQLCipher connection so
that every error it raises is the standard module's class of the same name: the rest of the
code never needs to know whether the file is encrypted.
"""

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

from efter.core.errors import CaseFileError
from efter.core.i18n import N_, t

EXTRA_HINT = N_("install the extra with: pip install 'efter[encrypt]'")


def driver() -> Any:
    """The SQLCipher DB-API module, or a sentence saying how to install it."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise CaseFileError(
            t(
                "Encrypted case files need SQLCipher, which is not installed: {extra_hint}.",
                extra_hint=t(EXTRA_HINT),
            )
        ) from None
    return dbapi2


def available() -> bool:
    try:
        driver()
    except CaseFileError:
        return False
    return True


def _translate(error: Exception) -> NoReturn:
    """Raise the standard sqlite3 exception of the same name, with the same message."""
    kind = getattr(sqlite3, type(error).__name__, None)
    if not (isinstance(kind, type) and issubclass(kind, sqlite3.Error)):
        raise error
    translated = kind(*error.args)
    for attribute in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(error, attribute):
            setattr(translated, attribute, getattr(error, attribute))
    raise translated from None


def _guard(function: Callable[..., Any], module: Any) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except module.Error as error:
            _translate(error)

    return call


class Cursor:
    """A SQLCipher cursor whose errors are the standard sqlite3 ones."""

    def __init__(self, cursor: Any, module: Any) -> None:
        object.__setattr__(self, "_cursor", cursor)
        object.__setattr__(self, "_module", module)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._cursor, name)
        return _guard(value, self._module) if callable(value) else value

    def __setattr__(self, name: str, value: Any) -> None:
        # cursor.row_factory = None and the like reach the real cursor
        if name == "row_factory" and value is sqlite3.Row:
            value = self._module.Row
        setattr(self._cursor, name, value)

    def execute(self, *args: Any) -> "Cursor":
        _guard(self._cursor.execute, self._module)(*args)
        return self

    def executemany(self, *args: Any) -> "Cursor":
        _guard(self._cursor.executemany, self._module)(*args)
        return self

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        try:
            return next(self._cursor)
        except self._module.Error as error:
            _translate(error)


class Connection:
    """A SQLCipher connection that behaves like a standard sqlite3 connection to efter."""

    encrypted = True

    def __init__(self, raw: Any, module: Any) -> None:
        object.__setattr__(self, "raw", raw)
        object.__setattr__(self, "_module", module)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.raw, name)
        return _guard(value, self._module) if callable(value) else value

    def __setattr__(self, name: str, value: Any) -> None:
        # sqlite3.Row only accepts sqlite3 cursors: use the binding's own Row instead.
        if name == "row_factory" and value is sqlite3.Row:
            value = self._module.Row
        setattr(self.raw, name, value)

    def cursor(self) -> Cursor:
        return Cursor(_guard(self.raw.cursor, self._module)(), self._module)

    def execute(self, *args: Any) -> Cursor:
        return Cursor(_guard(self.raw.execute, self._module)(*args), self._module)

    def executemany(self, *args: Any) -> Cursor:
        return Cursor(_guard(self.raw.executemany, self._module)(*args), self._module)

    def backup(self, target: Any, **kwargs: Any) -> None:
        target = target.raw if isinstance(target, Connection) else target
        _guard(self.raw.backup, self._module)(target, **kwargs)

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.__exit__(*exc)


def key_pragma(passphrase: str) -> str:
    """PRAGMA key takes no parameters: quote the passphrase as an SQL string literal."""
    return "PRAGMA key = '" + passphrase.replace("'", "''") + "'"


def connect(target: str, passphrase: str, *, uri: bool = True, timeout: float = 10.0) -> Any:
    """Open (or create) an encrypted database and prove the passphrase opens it.

    Returns a `Connection` (typed Any so callers treat it as a sqlite3 connection). Raises
    `WrongPassphrase` when the passphrase does not open an existing file.
    """
    module = driver()
    raw = module.connect(target, uri=uri, isolation_level=None, timeout=timeout)
    try:
        # SQLCipher otherwise writes its own log lines to stderr on a wrong passphrase.
        raw.execute("PRAGMA cipher_log_level = NONE")
        raw.execute(key_pragma(passphrase))
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError:
        raw.close()
        raise WrongPassphrase() from None
    return Connection(raw, module)


class WrongPassphrase(Exception):
    """The passphrase does not open the file (or the file is not a database at all)."""


MIN_LENGTH = 8


def check_passphrase(passphrase: str, *, new: bool = False) -> str:
    """A passphrase efter accepts: not empty, no NUL character, and a new one 8 or longer."""
    from efter.core.errors import InvalidInput

    if not passphrase:
        raise InvalidInput(t("The passphrase is empty: type it again or set EFTER_PASSPHRASE."))
    if "\x00" in passphrase:
        raise InvalidInput(t("The passphrase contains a NUL character: choose another one."))
    if new and len(passphrase) < MIN_LENGTH:
        raise InvalidInput(t("The passphrase is too short: give at least 8 characters."))
    return passphrase


def cipher_version(conn: Any) -> str | None:
    row = conn.execute("PRAGMA cipher_version").fetchone()
    return str(row[0]) if row and row[0] else None
