"""The case file: where it lives, how it is opened, created and migrated.

One SQLite file, private to its user (0600 in a 0700 folder), WAL, foreign keys on,
a busy timeout, and one transaction per command.

Encrypted case files (SQLCipher, `efter init --encrypt`) open through the same functions: a
file whose first bytes are not SQLite's header is taken as encrypted, and only then is the
SQLCipher binding loaded and a passphrase asked for (EFTER_PASSPHRASE, or the `ask` prompt
a face passes in; the core itself never prompts).
"""

import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from efter.core import clock
from efter.core.errors import CaseFileError, DiskFull, phrase
from efter.core.i18n import t
from efter.core.migrations import MIGRATIONS

ENV_VAR = "EFTER_DB"
PASSPHRASE_ENV = "EFTER_PASSPHRASE"
FILE_NAME = "casefile.db"
BUSY_ENV = "EFTER_BUSY_TIMEOUT"
BUSY_TIMEOUT_S = 60.0  # as long as a person would wait for a command before giving up
SQLITE_HEADER = b"SQLite format 3\x00"

# Passed in by a face: (prompt, new) -> the passphrase a person typed (twice when new), or
# None when there is no one to ask.
Ask = Callable[[str, bool], str | None]
T = TypeVar("T")


def busy_timeout() -> float:
    """Seconds a command waits for another to finish with the case file (EFTER_BUSY_TIMEOUT,
    default 60)."""
    given = os.environ.get(BUSY_ENV, "").strip()
    if not given:
        return BUSY_TIMEOUT_S
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86_400:
        raise CaseFileError(
            t(
                "{busy_env} must be a number of seconds from 0 to 86400 (it is '{given}'): set it "
                "again or unset it for the default of 60.",
                busy_env=BUSY_ENV,
                given=given[:20],
            )
        )
    return seconds


class Busy(CaseFileError):
    """Another efter command kept the case file busy for longer than the busy timeout."""


# The longest a command of this process waited for the case file, in seconds (the
# concurrency test reads it).
longest_wait = 0.0


class Victim(Busy):
    """The register rolled the command's transaction back whole: the server chose it as a
    deadlock's victim, or its snapshot could not be kept (SQLSTATE 40P01, 40001). Nothing of
    it was written, so it may be run again from the start (again())."""


# Transactions this process has committed (CaseFile.write and a register's own): a command
# runs again after a victim's rollback only when none of its work was committed before.
commits = 0
# The running command took what it cannot take again (stdin, a person's answer): it is not
# run again (unrepeatable()).
_taken_once = False
VICTIM_TRIES = 5  # a command's runs at most, when the register keeps choosing it as a victim
VICTIM_PAUSE_S = 0.05  # the pause before the next run, times its number, jittered


def unrepeatable() -> None:
    """The running command has read what it cannot read again (stdin, an editor, a person's
    answer): a victim's rollback is then said, not run around (again())."""
    global _taken_once
    _taken_once = True


def again(run: Callable[[], T]) -> T:
    """`run()`, the whole command, and once more (up to VICTIM_TRIES runs, after a short
    jittered pause) when the register chose its transaction as a deadlock's or a
    serialization failure's victim (Victim): the server rolled that transaction back whole,
    so the command starts again from the beginning, reading what it reads again. Only when
    nothing of it was committed before (a command of several transactions) and it has read
    nothing it cannot read again (unrepeatable()); else the Victim's sentence stands.

    On a case file nothing raises Victim (one writer at a time, BEGIN IMMEDIATE waits its
    turn): `run()` once, as it was."""
    global _taken_once
    _taken_once = False
    tries = 1
    while True:
        before = commits
        try:
            return run()
        except Victim:
            if tries >= VICTIM_TRIES or commits != before or _taken_once:
                raise
        import random
        import time

        time.sleep(VICTIM_PAUSE_S * tries * random.uniform(0.5, 1.5))
        tries += 1


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error)
    return "locked" in text or "busy" in text


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


def resolve(option: str | os.PathLike[str] | None = None) -> "Path | str":
    """What --db or EFTER_DB names: a case file's path, or a register's postgresql:// URL."""
    given = option if option else os.environ.get(ENV_VAR)
    if isinstance(given, str) and given.startswith(("postgresql://", "postgres://")):
        return given
    return resolve_path(option)


def open_any(target: "Path | str", *, ask: Ask | None = None) -> "CaseFile":
    """Open a case file, or a register when given a postgresql:// URL (the only place the
    register's code, and psycopg, are loaded)."""
    if isinstance(target, str):
        from efter.core.register import open_register

        return open_register(target)
    return open_casefile(target, ask=ask)


class CaseFile:
    """An open case file. `write()` wraps a command's changes in one transaction."""

    def __init__(self, path: Path, conn: sqlite3.Connection, passphrase: str | None = None) -> None:
        self.path = path
        self.conn = conn
        self._passphrase = passphrase
        self._wrote = False

    @property
    def encrypted(self) -> bool:
        return self._passphrase is not None

    def figures_only(self) -> bool:
        """Whether reports must read figures only, shared: a team leader's on the register
        (efter.core.register.figures_only); never on a case file."""
        return False

    def erasure_ledger(self) -> Any:
        """Where erasures are written down, to be honoured after a restore: a file beside
        the case file (efter.core.erasure.Ledger)."""
        from efter.core.erasure import Ledger

        return Ledger.beside(self.path)

    def scrub(self) -> Any:
        """After an erasure has committed: no free pages, an empty -wal file; and the
        backup copies beside the file that still hold what it held."""
        from efter.core import erasure
        from efter.core.safekeeping import backups_holding_data

        result = erasure.scrub(self.conn)
        result.backups = backups_holding_data(self.path)
        return result

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all of a command or none,
        its audit lines included.

        While another command writes, this waits (SQLite's busy handler, then a backoff of
        our own for the cases where SQLite returns busy at once) for up to the busy timeout.
        """
        from efter.core import audit

        self._begin()
        before = self.conn.total_changes
        try:
            yield self.conn
            # the command's audit lines, in its transaction: all of it or none (audit.Trail)
            audit.write_trail(self.conn, changed=self.conn.total_changes > before)
        except BaseException:
            self.conn.execute("ROLLBACK")
            audit.discard_trail()
            raise
        self.conn.execute("COMMIT")
        self._wrote = True
        global commits
        commits += 1

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """BEGIN ... COMMIT with nothing written: one snapshot of the file to read a long
        output from while it is written. In WAL mode a reader holds no lock that stops
        another command writing, where write()'s BEGIN IMMEDIATE would keep every other
        command waiting on a slow reader (`efter due --all | less`). No audit lines: the
        command notes what it showed in a write() after (efter.cli.stream.shown_then_noted)."""
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            self.conn.execute("COMMIT")  # nothing to keep or lose: it ends the snapshot

    def _begin(self) -> None:
        import time

        global longest_wait
        timeout = busy_timeout()
        started = time.monotonic()
        pause = 0.005
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:
                waited = time.monotonic() - started
                if not _is_busy(error) or waited >= timeout:
                    if _is_busy(error):
                        raise Busy(
                            t(
                                "The case file stayed busy with another efter command for "
                                "{waited:.0f} seconds: try again when it has finished (wait longer "
                                "with {busy_env}=SECONDS).",
                                waited=waited,
                                busy_env=BUSY_ENV,
                            )
                        ) from None
                    raise
                import random  # only when another command holds the file: 1 ms otherwise

                time.sleep(min(pause, max(0.0, timeout - waited)) * random.uniform(0.5, 1.0))
                pause = min(pause * 2, 0.5)
        longest_wait = max(longest_wait, time.monotonic() - started)

    def keep_copy(self, version: int) -> None:
        """A copy of the file as it was before a migration, beside it; numbered when another
        command, started in the same second after an upgrade, has kept one by that name."""
        base = f"{self.path.name}.v{version}-{clock.now().strftime('%Y%m%d-%H%M%S')}"
        number = 1
        while True:
            name = f"{base}.bak" if number == 1 else f"{base}-{number}.bak"
            try:
                backup_copy(self, self.path.with_name(name))
                return
            except FileExistsError:  # made private and new (O_EXCL): never another's
                number += 1

    def close(self) -> None:
        if self._wrote:
            # The commit is on disk when the command ends, even if another efter command
            # holds the file open and so keeps close() from checkpointing (see connect).
            # A busy file: the commit is safe in the log, only not yet synced.
            with suppress(sqlite3.Error):
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        self.conn.close()

    def __enter__(self) -> "CaseFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(path: Path, mode: str, passphrase: str | None = None) -> sqlite3.Connection:
    """Plain sqlite3, or SQLCipher when a passphrase is given (the binding loads only then).

    Mode "check" reads a file that nothing else writes (a backup copy being checked) without
    creating its -wal and -shm (SQLite's immutable=1)."""
    uri = f"file:{_quote(path)}?mode={'ro&immutable=1' if mode == 'check' else mode}"
    timeout = busy_timeout()
    if passphrase is None:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)
    else:
        from efter.core import crypto

        try:
            conn = crypto.connect(uri, passphrase, timeout=timeout)
        except crypto.WrongPassphrase:
            raise CaseFileError(
                t(
                    "The passphrase does not open the case file {path}: check EFTER_PASSPHRASE or "
                    "type it again (a file that is not a case file also ends here).",
                    path=path,
                )
            ) from None
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    # Deleted data is overwritten with zeros, and temporary tables (VACUUM's copy) stay in
    # memory: a person's data never lingers in free pages or in a file in the temp folder.
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    # WAL with synchronous=NORMAL never corrupts the file; a commit is not fsynced on its
    # own, but a command that wrote checkpoints when it closes (CaseFile.close), which syncs
    # the log and the file before the command ends. FULL synced at every COMMIT as well: an
    # extra fsync (5-20 ms here) on every command, since each writes at least its audit line.
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def is_encrypted(path: Path) -> bool:
    """A file whose first bytes are not SQLite's header but look like SQLCipher's: a random
    salt (not text) at the start of a file made of whole pages."""
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if not head or head == SQLITE_HEADER:
        return False
    if path.stat().st_size % 512:  # SQLCipher files are whole pages, like SQLite's
        return False
    return not all(32 <= byte < 127 or byte in (9, 10, 13) for byte in head)


def passphrase_for(path: Path, *, new: bool = False, ask: Ask | None = None) -> str:
    """EFTER_PASSPHRASE, else what `ask` gets typed; never a command-line argument."""
    from efter.core.crypto import check_passphrase, driver

    driver()  # say how to install SQLCipher before asking for anything
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return check_passphrase(given, new=new)
    if ask is not None:
        prompt = (
            t("New passphrase for {path}: ", path=path)
            if new
            else t("Passphrase for {path}: ", path=path)
        )
        typed = ask(prompt, new)
        if typed is not None:
            return check_passphrase(typed, new=new)
    if new:
        raise CaseFileError(
            t(
                "An encrypted case file needs a passphrase: run 'efter init --encrypt' on a "
                "terminal to type one, or set EFTER_PASSPHRASE."
            )
        )
    raise CaseFileError(
        t(
            "The case file {path} is encrypted (or is not a case file): set EFTER_PASSPHRASE, or "
            "run efter on a terminal to type the passphrase.",
            path=path,
        )
    )


def connect_existing(
    path: Path, mode: str = "rw", *, ask: Ask | None = None
) -> tuple[sqlite3.Connection, str | None]:
    """Connect to an existing file without migrating it; (connection, passphrase or None)."""
    passphrase = passphrase_for(path, ask=ask) if is_encrypted(path) else None
    try:
        conn = connect(path, mode, passphrase)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        if is_full(error, path):
            raise disk_full(path) from None
        raise Unreadable(
            t(
                "{path} could not be opened as a case file ({error}): check the path, or restore a "
                "backup with 'efter restore'.",
                path=path,
                error=error,
            ),
            str(error),
        ) from None
    return conn, passphrase


# SQLite's primary result codes for a disk that has no room (FULL), and for the errors a full
# disk also causes (IOERR when the -shm cannot grow, CANTOPEN when the -wal cannot be made).
SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN = 10, 13, 14
LOW_SPACE = 256 << 10  # below 256 KiB free, an I/O error is taken for a full disk


def is_full(error: BaseException, path: Path | None) -> bool:
    """Whether a SQLite or OS error means the disk is full (or nearly: then SQLite says
    'disk I/O error' or 'unable to open database file'), not that a file is damaged."""
    import errno

    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error)
    if primary == SQLITE_FULL or "database or disk is full" in text:
        return True
    maybe = primary in (SQLITE_IOERR, SQLITE_CANTOPEN) or "disk I/O error" in text
    return bool(maybe and path is not None and free_space(path) < LOW_SPACE)


def free_space(path: Path) -> int:
    """Bytes free for this user on the disk that holds `path` (its folder)."""
    folder = path if path.is_dir() else path.parent
    try:
        usage = os.statvfs(folder)
    except OSError:
        return LOW_SPACE  # cannot tell: do not call it full
    return usage.f_bavail * usage.f_frsize


def room_needed(path: Path) -> int:
    """Room a case file needs to work safely: a copy of itself (a backup, the copy before a
    migration, VACUUM after an erasure), at least 1 MB."""
    size = 0
    for suffix in ("", "-wal"):
        with suppress(OSError):
            size += path.with_name(path.name + suffix).stat().st_size
    return max(size, 1_000_000)


def disk_full(path: Path, needed: int | None = None) -> DiskFull:
    from efter.core.outfile import room_sentence

    return DiskFull(room_sentence(path, needed if needed is not None else room_needed(path)))


class Unreadable(CaseFileError):
    """SQLite cannot read the file: damaged, or not a database."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def ids_param(ids: Iterable[int | None]) -> str:
    """Whole-number ids as one SQL parameter, a JSON array for `IN (SELECT value FROM
    json_each(?))`: one statement however many ids, with no limit on their number (built
    without the json module, which a table command does not otherwise load)."""
    given: list[Any] = list(ids)
    if None in given:
        given = [i for i in given if i is not None]
    return "[" + ",".join(map(str, map(int, given))) + "]"  # in C: 9,107 ids 2.2 -> 0.7 ms


def given_columns(
    columns: tuple[str, ...], rows: list[tuple[Any, ...]], optional: frozenset[str]
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """The columns an INSERT of `rows` (tuples in `columns`' order) needs, and the rows
    without the others: an `optional` column (one whose default is NULL) that is None in
    every row is left to its default. sqlite3 binds a None by looking for an adapter (a
    failed attribute look-up per cell, about 0.3 µs): a network member's nine empty fields
    cost a 10,000-row import 25 ms of CPU, more than checking them."""
    if not rows or not optional:
        return columns, rows
    return given_by_column(columns, list(zip(*rows, strict=True)), optional, rows)


def given_by_column(
    columns: tuple[str, ...],
    by_column: Sequence[Sequence[Any]],
    optional: frozenset[str],
    rows: list[tuple[Any, ...]] | None = None,
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """given_columns() of values given a column at a time (`by_column`, in `columns`' order;
    `rows`, their rows, when the caller has them already)."""
    count = len(by_column[0]) if by_column else 0
    kept = [
        at for at, name in enumerate(columns)
        if name not in optional or by_column[at].count(None) != count
    ]  # fmt: skip
    if len(kept) == len(columns):
        return columns, rows if rows is not None else list(zip(*by_column, strict=True))
    return tuple(columns[at] for at in kept), list(
        zip(*map(by_column.__getitem__, kept), strict=True)
    )


def insert_rows(
    conn: sqlite3.Connection, table: str, sql: str, params: Iterable[Sequence[Any]]
) -> list[int]:
    """Every row of `params` stored with one executemany of `sql` (an INSERT into `table`);
    the new ids in the order given. SQLite gives each new row the largest rowid so far + 1,
    so the ids follow in order unless another row came between (then they are read back).
    A connection that returns the new ids itself (the register's, where ids come from a
    sequence shared by every writer and max(id) sees only the rows a role may see) is asked
    for them (`insert_ids`)."""
    returning = getattr(conn, "insert_ids", None)
    if returning is not None:
        return list(returning(sql, params))
    last = conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
    cursor = conn.executemany(sql, params)
    count = cursor.rowcount if cursor.rowcount >= 0 else 0
    if not count:
        return []
    if conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] == last + count:
        return list(range(last + 1, last + 1 + count))
    return [r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE id > ? ORDER BY id", (last,))]


def update_rows(
    conn: sqlite3.Connection,
    table: str,
    changes: Iterable[tuple[int | str, dict[str, Any]]],
    *,
    stamped: bool = False,
    also: str = "",
    key: str = "id",
) -> None:
    """The batch update every kind's update_many() makes: for each (record id, {field: new
    value}) the fields set, one executemany per set of changed fields. `stamped` sets
    `updated` to the time too; `also` adds assignments of its own to every update
    (", sequence = sequence + 1"); `key` is the column that names a record, for a table
    keyed by something else than its id (life_area's code)."""
    grouped: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    stamp = (clock.timestamp(),) if stamped else ()
    for record_id, values in changes:
        if values:
            grouped.setdefault(tuple(values), []).append((*values.values(), *stamp, record_id))
    for fields, params in grouped.items():
        update_columns(conn, table, fields + (("updated",) if stamped else ()), params,
                       also=also, key=key)  # fmt: skip


def update_columns(
    conn: sqlite3.Connection,
    table: str,
    fields: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    also: str = "",
    key: str = "id",
) -> None:
    """update_rows() when every record sets the same fields: each row is the new values in
    `fields`' order, then the record's id, made by the caller at once (10,000 closings: a
    dictionary of changes per case, grouped by its fields, cost 15 ms)."""
    sets = ", ".join(f"{field} = ?" for field in fields)
    conn.executemany(f"UPDATE {table} SET {sets}{also} WHERE {key} = ?", rows)


def update_ids(
    conn: sqlite3.Connection,
    table: str,
    fields: Sequence[str],
    values: Sequence[Any],
    ids: Iterable[int],
) -> None:
    """update_columns() when many records get the same new values (`values`, in `fields`'
    order): one statement for all of them, the ids bound as one list (9,107 cases closed on
    one day with one outcome: 183 ms as an executemany of one update per case, 121 ms so)."""
    sets = ", ".join(f"{field} = ?" for field in fields)
    conn.execute(
        f"UPDATE {table} SET {sets} WHERE id IN (SELECT value FROM json_each(?))",
        (*values, ids_param(ids)),
    )


def new_values(
    changes: Iterable[tuple[int, dict[str, tuple[Any, Any]]]],
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(id, {field: (old, new)}) as update_rows() takes them: (id, {field: new})."""
    for record_id, diff in changes:
        yield record_id, {field: new for field, (_, new) in diff.items()}


def records_of(
    conn: sqlite3.Connection,
    table: str,
    youth_id: int | None,
    order: str = "id",
    where: str = "",
    params: Sequence[Any] = (),
) -> list[sqlite3.Row]:
    """A young person's records of a kind in `order` (the importer compares a row with them);
    with youth_id None, everyone's in one query. `where` narrows both (" AND side = ?")."""
    if youth_id is None:
        sql = f"SELECT * FROM {table} WHERE 1{where} ORDER BY {order}"
        return conn.execute(sql, tuple(params)).fetchall()
    sql = f"SELECT * FROM {table} WHERE youth_id = ?{where} ORDER BY {order}"
    return conn.execute(sql, (youth_id, *params)).fetchall()


# SQLite's page cache for a large write (page_cache): 64 MiB instead of its 2 MiB.
LARGE_WRITE_KIB = 64 * 1024


@contextmanager
def page_cache(conn: sqlite3.Connection, kib: int) -> Iterator[None]:
    """SQLite's page cache at `kib` KiB for a large write (its index pages stay in memory
    instead of being spilled and read back), as it was afterwards. A register's server keeps
    its own cache: nothing is set there (and nothing is asked after a refused statement, which
    would hide the refusal behind "current transaction is aborted")."""
    dialect = sys.modules.get("efter.core.dialect")  # loaded for a register only
    if dialect is not None and dialect.of(conn).shared:
        yield
        return
    before = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while many rows are held (a case bundle's
    tens of thousands of tuples, none in a cycle): otherwise its full collections walk all of
    them again each time they run. What was made meanwhile moves straight to the oldest
    generation afterwards (freeze, then unfreeze), as it was before."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _quote(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.absolute()))


def open_casefile(path: Path, *, ask: Ask | None = None) -> CaseFile:
    """Open an existing case file, migrating it if it is older than this efter.

    `ask` asks a person for the passphrase of an encrypted file when EFTER_PASSPHRASE is not
    set (the CLI passes its prompt without echo)."""
    if not path.exists():
        raise CaseFileError(
            problem=t("there is no case file at {path}", path=path),
            fix=phrase(
                "create one with 'efter init', or point {db} or EFTER_DB at an existing case file",
                "db",
            ),
        )
    if path.is_dir():
        raise CaseFileError(  # a sentence: a path is never capitalised
            phrase(
                "{path} is a folder, not a case file: give {db} the path of a file.",
                "db",
                path=path,
            )
        )
    conn, passphrase = connect_existing(path, ask=ask)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    casefile = CaseFile(path, conn, passphrase)
    if version > len(MIGRATIONS):
        conn.close()
        raise CaseFileError(
            t(
                "The case file {path} was written by a newer efter (schema {version}, this one "
                "knows {migrations_count}): upgrade efter to use it.",
                path=path,
                version=version,
                migrations_count=len(MIGRATIONS),
            )
        )
    if version == 0 and version < len(MIGRATIONS) and _has_tables(conn):
        conn.close()
        raise CaseFileError(t("{path} is an SQLite file but not an efter case file.", path=path))
    wrong = migration_mismatch(conn, version)
    if wrong is not None:
        conn.close()
        raise OtherHistory(
            t(
                "The case file {path} was brought up to date by another build of efter ({wrong}): "
                "open it with the efter that made it, or restore a backup with 'efter restore "
                "FILE'.",
                path=path,
                wrong=wrong,
            )
        )
    if version < len(MIGRATIONS):
        migrate(casefile)
    adopt_language(conn)
    return casefile


def adopt_language(conn: sqlite3.Connection, *known: str | None) -> None:
    """The case file's `language` setting: the default language of documents, and of
    messages when neither EFTER_LANG nor the locale chose one (efter.core.i18n). `known`:
    the setting already read (a register reads it with its other opening checks)."""
    from efter.core import i18n

    if known:
        i18n.casefile_setting(None if known[0] is None else str(known[0]))
        return
    row = conn.execute("SELECT value FROM setting WHERE key = 'language'").fetchone()
    i18n.casefile_setting(str(row[0]) if row is not None else None)


class OtherHistory(CaseFileError):
    """The file's recorded migrations are not the start of this efter's list."""


def migration_mismatch(
    conn: sqlite3.Connection, version: int, recorded: list[str] | None = None
) -> str | None:
    """None when the migrations the file records (`recorded`, when already read) are the
    first `version` of this efter's list, by name (their order is their names':
    in_history_order()); else what differs, for a sentence.

    A count alone (user_version) would let a file migrated by another branch or build pass
    as this one's and skip or repeat steps."""
    known = [migration.__name__ for migration in MIGRATIONS][:version]
    if version == 0:
        return None
    if recorded is None:
        try:
            recorded = recorded_migrations(conn)
        except sqlite3.OperationalError:  # no migration table at all
            recorded = []
    else:
        recorded = in_history_order(recorded)
    mine = set(known)
    theirs_only = [name for name in recorded if name not in mine]
    if theirs_only:
        there = set(recorded)
        for step, name in enumerate(known, start=1):
            if name not in there:  # another build's step in place of this one
                return t(
                    "step {step} is {theirs!r} there and {mine!r} here",
                    step=step,
                    theirs=str(theirs_only[0])[:40],
                    mine=name,
                )
    if len(recorded) < len(known):
        return t(
            "it records {recorded} of its {version} schema steps",
            recorded=len(recorded),
            version=version,
        )
    if len(recorded) > version:
        return t(
            "it records {recorded} schema steps but says it has {version}",
            recorded=len(recorded),
            version=version,
        )
    return None


def recorded_migrations(conn: sqlite3.Connection) -> list[str]:
    """The migrations a case file (or a register) records, in in_history_order()."""
    return in_history_order(row[0] for row in conn.execute("SELECT name FROM migration"))


def in_history_order(names: Iterable[str]) -> list[str]:
    """Recorded migration names in a defined order: by name, which is the order they run in
    (numbered, mNNN_...: tests/test_schema.py holds every build's list to it), so a name
    another build wrote in place of one of these shows at its step. Never the rows' order on
    disk (SQLite's rowid, PostgreSQL's ctid), which a restore, a VACUUM or an UPDATE may
    change: a history read so is the same history whatever moved its rows."""
    return sorted(names)


def create_casefile(
    path: Path, *, encrypt: bool = False, ask: Ask | None = None
) -> tuple[CaseFile, bool]:
    """Create the file private to its user (or open it if it exists). Returns (file, created).

    With `encrypt` the new file is a SQLCipher file keyed with a new passphrase.
    """
    if path.exists():
        return open_casefile(path, ask=ask), False
    passphrase = passphrase_for(path, new=True, ask=ask) if encrypt else None
    folder = path.parent
    if not folder.exists():
        # 0700 from the moment it exists, whatever the umask.
        folder.mkdir(parents=True, mode=0o700)
        os.chmod(folder, 0o700)
    private_file(path)
    try:
        conn = connect(path, "rw", passphrase)
        conn.execute("PRAGMA journal_mode = WAL")
        casefile = CaseFile(path, conn, passphrase)
        migrate(casefile)
    except BaseException as error:
        with suppress(Exception):
            conn.close()
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        if isinstance(error, (sqlite3.Error, OSError)) and is_full(error, path):
            raise disk_full(path) from None
        raise
    return casefile, True


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def private_file(path: Path) -> None:
    """Create an empty file only its owner can read (0600 whatever the umask); never overwrite."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def backup_copy(casefile: CaseFile, destination: Path) -> Path:
    """A consistent copy through SQLite's backup API, private to the user.

    The copy of an encrypted case file is encrypted with the same passphrase. It is taken in
    one step, so it is one moment of the file even while other commands write to it.
    """
    private_file(destination)
    try:
        target = connect(destination, "rw", casefile._passphrase)
        try:
            casefile.conn.backup(target)
        finally:
            target.close()
    except BaseException:
        destination.unlink(missing_ok=True)
        raise
    return destination


def migrate(casefile: CaseFile) -> list[str]:
    """Run the migrations not yet applied, each in its own transaction with its record."""
    conn = casefile.conn
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    pending = MIGRATIONS[version:]
    if not pending:
        return []
    if version > 0:
        casefile.keep_copy(version)
    applied = []
    for number, migration in enumerate(pending, start=version + 1):
        with casefile.write():
            if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                continue  # applied by another command that started at the same moment
            conn.execute(
                "CREATE TABLE IF NOT EXISTS migration (name TEXT PRIMARY KEY, applied TEXT NOT "
                "NULL)"
            )
            migration(conn)
            conn.execute(
                "INSERT INTO migration (name, applied) VALUES (?, ?)",
                (migration.__name__, clock.timestamp()),
            )
            conn.execute(f"PRAGMA user_version = {number}")
        applied.append(migration.__name__)
        # Each step rewrites pages the last one wrote: moving them into the file now lets
        # the next step reuse the log, which otherwise grows to twice the new file's size
        # (a case file on a small disk could not be made).
        with suppress(sqlite3.Error):
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    with suppress(sqlite3.Error):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    return applied


def encrypt_existing(path: Path, *, ask: Ask | None = None) -> None:
    """Encrypt a plain case file in place with a new passphrase (SQLCipher's export).

    The encrypted copy is made next to the file, checked, and then takes the file's place.
    Run it when no other efter command uses the file.
    """
    from efter.core import crypto

    module = crypto.driver()
    open_casefile(path).close()  # bring it up to date first
    passphrase = passphrase_for(path, new=True, ask=ask)
    temp = path.with_name(path.name + ".encrypting")
    temp.unlink(missing_ok=True)  # left by an earlier attempt that was stopped
    private_file(temp)
    try:
        raw = module.connect(str(path), isolation_level=None, timeout=busy_timeout())
        try:
            version = raw.execute("PRAGMA user_version").fetchone()[0]
            raw.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(temp), passphrase))
            raw.execute("BEGIN IMMEDIATE")  # no other command writes while the copy is made
            raw.execute("SELECT sqlcipher_export('encrypted')")
            raw.execute(f"PRAGMA encrypted.user_version = {int(version)}")
            raw.execute("COMMIT")
            raw.execute("DETACH DATABASE encrypted")
        finally:
            raw.close()
        check = connect(temp, "rw", passphrase)
        try:
            check.execute("PRAGMA journal_mode = WAL")
            if [row[0] for row in check.execute("PRAGMA integrity_check")] != ["ok"]:
                raise CaseFileError(
                    t(
                        "The encrypted copy of {path} did not pass the integrity check: the case "
                        "file was left as it was.",
                        path=path,
                    )
                )
        finally:
            check.close()
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
