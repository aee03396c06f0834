"""The case file: where it lives, how it is opened, created and migrated.

One SQLite file, private to its user (0600 in a 0700 folder), WAL, foreign keys on,
a busy timeout, and one transaction per command.
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from efter.core import clock
from efter.core.errors import CaseFileError
from efter.core.migrations import MIGRATIONS

ENV_VAR = "EFTER_DB"
FILE_NAME = "casefile.db"
BUSY_TIMEOUT_MS = 10_000


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("efter", appauthor=False)) / FILE_NAME


def resolve_path(option: str | os.PathLike[str] | None = None) -> Path:
    """`--db PATH` > `EFTER_DB` > the platform's user data directory."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_path()


class CaseFile:
    """An open case file. `write()` wraps a command's changes in one transaction."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all of a command or none."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "CaseFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    uri = f"file:{_quote(path)}?mode={mode}"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _quote(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.absolute()))


def open_casefile(path: Path) -> CaseFile:
    """Open an existing case file, migrating it if it is older than this efter."""
    if not path.exists():
        raise CaseFileError(
            f"There is no case file at {path}: create one with 'efter init', "
            "or point --db or EFTER_DB at an existing case file."
        )
    if path.is_dir():
        raise CaseFileError(f"{path} is a folder, not a case file: give --db the path of a file.")
    try:
        conn = _connect(path, "rw")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise CaseFileError(
            f"{path} could not be opened as a case file ({error}): check the path, "
            "or restore a backup with 'efter restore'."
        ) from None
    casefile = CaseFile(path, conn)
    if version > len(MIGRATIONS):
        conn.close()
        raise CaseFileError(
            f"The case file {path} was written by a newer efter (schema {version}, this one "
            f"knows {len(MIGRATIONS)}): upgrade efter to use it."
        )
    if version < len(MIGRATIONS):
        if version == 0 and _has_tables(conn):
            conn.close()
            raise CaseFileError(f"{path} is an SQLite file but not an efter case file.")
        migrate(casefile)
    return casefile


def create_casefile(path: Path) -> tuple[CaseFile, bool]:
    """Create the file private to its user (or open it if it exists). Returns (file, created)."""
    if path.exists():
        return open_casefile(path), False
    folder = path.parent
    if not folder.exists():
        # 0700 from the moment it exists, whatever the umask.
        folder.mkdir(parents=True, mode=0o700)
        os.chmod(folder, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    try:
        conn = _connect(path, "rw")
        conn.execute("PRAGMA journal_mode = WAL")
        casefile = CaseFile(path, conn)
        migrate(casefile)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return casefile, True


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def backup_copy(casefile: CaseFile, destination: Path) -> Path:
    """A consistent copy through SQLite's backup API, private to the user."""
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    target = sqlite3.connect(destination)
    try:
        casefile.conn.backup(target)
    finally:
        target.close()
    return destination


def migrate(casefile: CaseFile) -> list[str]:
    """Run the migrations not yet applied, each in its own transaction with its record."""
    conn = casefile.conn
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    pending = MIGRATIONS[version:]
    if not pending:
        return []
    if version > 0:
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        backup_copy(
            casefile, casefile.path.with_name(f"{casefile.path.name}.v{version}-{stamp}.bak")
        )
    applied = []
    for number, migration in enumerate(pending, start=version + 1):
        with casefile.write():
            conn.execute(
                "CREATE TABLE IF NOT EXISTS migration (name TEXT PRIMARY KEY, applied TEXT NOT NULL)"
            )
            migration(conn)
            conn.execute(
                "INSERT INTO migration (name, applied) VALUES (?, ?)",
                (migration.__name__, clock.timestamp()),
            )
            conn.execute(f"PRAGMA user_version = {number}")
        applied.append(migration.__name__)
    return applied


def sqlite_utils_db(conn: sqlite3.Connection) -> "Any":
    """sqlite-utils' view of an open case file, without its plugin scan (~12 ms a call).

    Use this rather than sqlite_utils.Database(...) (tests check that every Database call in
    efter passes execute_plugins=False)."""
    import sqlite_utils

    return sqlite_utils.Database(conn, execute_plugins=False)
