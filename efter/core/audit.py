"""The audit log: who used whose data, when and how. Never the data itself.

Audit lines are written by construction, not by each command: the running command holds a
`Trail` (opened by the CLI's command frame, `with audit.trail("noun verb"):`). The core's
look-ups and lists note whom they read (`viewed`); a command may say what kind of use it makes
of what it read (`use("rendered")`, or `@app.command(audit="exported")`); `CaseFile.write()`
writes the trail's lines inside the transaction, just before it commits, and a transaction
that changed anything makes every young person it concerned "changed". So a command that finds
a young person and changes their data cannot forget its line. A report passes the ids it
read once: `audit.viewed(ids)`, or `audit.everyone("viewed")` for the whole file.
"""

import functools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar

from efter.core import clock
from efter.core.casefile import ids_param
from efter.core.errors import InvalidInput, phrase
from efter.core.i18n import day_text, t

ACTIONS = ("viewed", "changed", "exported", "rendered", "erased")
# When one command uses a young person's data in several ways, its line names the weightiest.
_WEIGHT = {"viewed": 0, "rendered": 1, "exported": 2, "changed": 3, "erased": 4}


class Trail:
    """The young people one command concerned, each with the weightiest use made of them,
    waiting to be written at the next commit."""

    def __init__(self, command: str, use: str = "viewed") -> None:
        assert use in ACTIONS, use
        self.command = command
        self.use = use  # what the command does with what it reads
        self.pending: dict[int | None, str] = {}
        self.everyone: str | None = None  # a use of every young person on file
        self.settled: set[int] = set()  # written by the core itself (an erasure)

    def note(self, action: str, youth_ids: Iterable[int | None]) -> None:
        assert action in ACTIONS, action
        pending, weight, settled = self.pending, _WEIGHT[action], self.settled
        if not pending and not settled:  # the first note (a report's ids): made in C
            self.pending = dict.fromkeys(youth_ids, action)
            return
        for youth_id in youth_ids:
            if youth_id in settled:
                continue
            before = pending.get(youth_id)
            if before is None or _WEIGHT[before] < weight:
                pending[youth_id] = action

    def write(self, conn: sqlite3.Connection, *, changed: bool) -> None:
        """The lines waiting, in the order noted, inside the caller's transaction; a
        transaction that `changed` the case file changed everyone it concerned."""
        floor = "changed" if changed else self.use
        lines: dict[str, list[int | None]] = {}
        used = set(self.pending.values())
        if len(used) == 1:  # one use of everyone noted (a report): no step per young person
            (action,) = used
            lines[action if _WEIGHT[action] >= _WEIGHT[floor] else floor] = list(self.pending)
        else:
            for youth_id, action in self.pending.items():
                if _WEIGHT[action] < _WEIGHT[floor]:
                    action = floor
                lines.setdefault(action, []).append(youth_id)
        for action, ids in lines.items():
            if _is_everyone(conn, ids):  # a whole-file report: one line, not 10,000
                record_everyone(conn, action, self.command)
            else:
                record(conn, action, ids, self.command)
        if self.everyone is not None:
            action = self.everyone if _WEIGHT[self.everyone] >= _WEIGHT[floor] else floor
            record_everyone(conn, action, self.command)
        self.discard()

    def discard(self) -> None:
        self.pending = {}
        self.everyone = None


_current: Trail | None = None  # the running command's trail; None in library use


@contextmanager
def trail(command: str, use: str = "viewed") -> Iterator[Trail]:
    """The trail of the command `command` while it runs; what was noted and never written
    (a read outside `CaseFile.write()`) is a bug, and fails the command."""
    global _current
    outer, _current = _current, Trail(command, use)
    try:
        yield _current
        if _current.pending or _current.everyone is not None:
            raise AssertionError(f"{command}: audit lines noted outside a transaction")
    finally:
        _current = outer


@contextmanager
def aside() -> Iterator[None]:
    """Work on another file while the running command's trail waits for its own transaction
    (a checkout's new laptop file is made and filled inside the register's): nothing is
    noted or written to that file's log, and the trail stays for the command."""
    global _current
    kept, _current = _current, None
    try:
        yield
    finally:
        _current = kept


def current_command(default: str = "efter") -> str:
    """The running command's name, as the audit log gives it."""
    return _current.command if _current is not None else default


def note(action: str, youth_ids: Iterable[int | None]) -> None:
    """The running command used these young people's data (`action`)."""
    if _current is not None:
        _current.note(action, youth_ids)


def viewed(youth_ids: Iterable[int | None]) -> None:
    """These young people's data was read."""
    note("viewed", youth_ids)


def viewed_from_file(conn: sqlite3.Connection, youth_ids: Sequence[int]) -> None:
    """viewed(), for the ids of rows this command read from the youth table (a report's
    young people, each once): as many as there are young people on file, they are everyone
    on file, which is one line (record_everyone) known by counting, without reading every id
    on file again to compare (_is_everyone: 4.4 ms of a whole-file report at 10,000)."""
    if _current is None:
        return
    if len(youth_ids) >= EVERYONE_FROM and len(set(youth_ids)) == len(youth_ids):
        on_file = conn.execute("SELECT count(*) FROM youth").fetchone()[0]
        if len(youth_ids) == on_file:
            everyone("viewed")
            return
    viewed(youth_ids)


def changed(youth_ids: Iterable[int | None]) -> None:
    note("changed", youth_ids)


R = TypeVar("R", bound=Callable[..., Any])


def reads(function: R) -> R:
    """A look-up of one record of a young person's (a meeting, a note): they were viewed."""

    @functools.wraps(function)
    def looked_up(*args: Any, **kwargs: Any) -> Any:
        row = function(*args, **kwargs)
        viewed([row["youth_id"]])
        return row

    return looked_up  # type: ignore[return-value]


def use(action: str) -> None:
    """What the running command does with what it reads: "rendered" into a document,
    "exported" to a file; "viewed" (the default) on the screen."""
    assert action in ACTIONS, action
    if _current is not None:
        _current.use = action


def qualify(how: str) -> None:
    """Add how the command was used to its name in the log ("case export --for Aarhus")."""
    if _current is not None:
        _current.command = f"{_current.command} {how}"


def everyone(action: str) -> None:
    """The running command used every young person on file (see record_everyone)."""
    assert action in ACTIONS, action
    if _current is not None:
        before = _current.everyone
        if before is None or _WEIGHT[before] < _WEIGHT[action]:  # the weightiest use
            _current.everyone = action


def settled(youth_ids: Iterable[int]) -> None:
    """These young people's lines are written by the core itself (an erasure): the trail
    leaves them alone."""
    if _current is not None:
        ids = set(youth_ids)
        _current.settled |= ids
        for youth_id in ids:
            _current.pending.pop(youth_id, None)


def write_trail(conn: sqlite3.Connection, *, changed: bool) -> None:
    """CaseFile.write() calls this just before it commits."""
    if _current is not None and (_current.pending or _current.everyone is not None):
        _current.write(conn, changed=changed)


def discard_trail() -> None:
    """CaseFile.write() calls this when it rolls back: nothing happened to anyone."""
    if _current is not None:
        _current.discard()


def os_user() -> str:
    import getpass  # here: its import (termios, pwd) is needed only when a line is written

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and cron jobs
        return "unknown"


def record(
    conn: sqlite3.Connection, action: str, youth_ids: Iterable[int | None], command: str
) -> None:
    """One line per young person concerned, in the order given. Call inside the command's
    transaction. A long run of consecutive ids (the young people an import just created) is
    written by one INSERT ... SELECT that counts through them inside SQLite; many other ids
    (the young people an import changed, in the order of its file) by one that reads them
    from one list, in its order (9,107 closed cases: 45 ms as an executemany, 21 ms so)."""
    assert action in ACTIONS, action
    at, user = clock.real_timestamp(), os_user()
    ids = list(youth_ids)
    single: list[int | None] = []
    start, count = 0, len(ids)
    while start < count:
        end, last = start + 1, ids[start]  # ids[start:end] is a run of consecutive ids
        if isinstance(last, int):
            while end < count and ids[end] == last + 1:
                end, last = end + 1, last + 1
        if end - start < RUN:
            single += ids[start:end]
        else:
            _listed(conn, single, (at, user, action, command))
            single = []
            conn.execute(
                "WITH RECURSIVE run (id) AS (SELECT ? UNION ALL SELECT id + 1 FROM run "
                "WHERE id < ?) INSERT INTO audit_event (at, os_user, action, youth_id, command) "
                "SELECT ?, ?, ?, id, ? FROM run",
                (ids[start], ids[end - 1], at, user, action, command),
            )
        start = end
    _listed(conn, single, (at, user, action, command))


def _listed(
    conn: sqlite3.Connection, ids: list[int | None], line: tuple[str, str, str, str]
) -> None:
    """The lines of `ids` in their order: RUN or more ids in a row (no None among them) as one
    statement reading them from one list, in the list's order; the rest one line each."""
    at, user, action, command = line
    single: list[tuple[str, str, str, int | None, str]] = []
    start, count = 0, len(ids)
    while start < count:
        end = start
        while end < count and ids[end] is not None:
            end += 1
        if end - start >= RUN:
            _insert(conn, single)
            single = []
            # LISTED ids a statement: SQLite keeps the pages one statement changes (its
            # journal) in memory (temp_store = MEMORY), and a long log's index pages are many
            # (`due --json` at 50,000 young people, 45,000 ids, a log of 1.6 million lines:
            # one statement peaked at 74 MiB, statements of 4,096 at 50 MiB)
            for first in range(start, end, LISTED):
                conn.execute(
                    "INSERT INTO audit_event (at, os_user, action, youth_id, command) "
                    "SELECT ?, ?, ?, value, ? FROM json_each(?) ORDER BY key",
                    (at, user, action, command, ids_param(ids[first : min(end, first + LISTED)])),
                )
        else:
            end = max(end, start + 1)  # a None: one line
            single += [(at, user, action, youth_id, command) for youth_id in ids[start:end]]
        start = end
    _insert(conn, single)


def _is_everyone(conn: sqlite3.Connection, ids: list[int | None]) -> bool:
    """Whether these ids are every young person on file: their lines are then one line for
    everyone (record_everyone), which `query(youth_id=...)` shows to each of them. Only for
    many ids, so a command about a few people keeps a line naming each of them."""
    if len(ids) < EVERYONE_FROM:
        return False
    on_file = conn.execute("SELECT count(*) FROM youth").fetchone()[0]
    if len(ids) != on_file:
        return False
    # The same number of ids as young people on file: everyone when the two sets are equal
    # (compared in C; binding 10,000 ids for SQL to look up cost three times as much).
    reader = conn.cursor()
    reader.row_factory = None
    return set(ids) == {youth_id for (youth_id,) in reader.execute("SELECT id FROM youth")}


EVERYONE_FROM = 1000  # from this many ids, a use of everyone on file is one line

RUN = 64  # ids in a row from which one statement writes them all
LISTED = 4096  # ids at most in one statement that reads them from a list


def _insert(conn: sqlite3.Connection, lines: list[tuple[str, str, str, int | None, str]]) -> None:
    if lines:
        conn.executemany(
            "INSERT INTO audit_event (at, os_user, action, youth_id, command) "
            "VALUES (?, ?, ?, ?, ?)",
            lines,
        )


def carried(conn: sqlite3.Connection, lines: Iterable[Sequence[Any]]) -> None:
    """Lines written in another copy of the log that join this one as they were: (at, OS
    user, action, youth id, command, erased, everyone). A restore keeps the lines written
    after the backup was taken; a checkin brings the uses made on the laptop."""
    conn.executemany(
        "INSERT INTO audit_event (at, os_user, action, youth_id, command, erased, everyone) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        lines,
    )


def record_everyone(conn: sqlite3.Connection, action: str, command: str) -> None:
    """One line for a use of every young person on file (a report over the whole file): it
    stands for each of them, and `query(youth_id=...)` shows it to everyone who was on file
    then. One line per person cost 10,000 rows, and their index entries, per report."""
    assert action in ACTIONS, action
    conn.execute(
        "INSERT INTO audit_event (at, os_user, action, youth_id, command, everyone) "
        "VALUES (?, ?, ?, NULL, ?, 1)",
        (clock.real_timestamp(), os_user(), action, command),
    )


# --- reading and pruning the log ---------------------------------------------------------

RETENTION_MONTHS = 6  # public-sector practice: keep the log at least six months


def query(
    conn: sqlite3.Connection, *, youth_id: int | None = None, since: str | None = None
) -> list[dict[str, Any]]:
    """Audit lines, oldest first. For one young person only their own lines: the lines of an
    erased person whose id SQLite gave to someone new are not theirs."""
    where: list[str] = []
    params: list[Any] = []
    if youth_id is not None:
        # Their own lines, and the lines for everyone on file written since they came on file.
        where.append(
            "((a.youth_id = ? AND a.erased = 0) OR (a.everyone = 1 "
            "AND a.at >= (SELECT created FROM youth WHERE id = ?)))"
        )
        params += [youth_id, youth_id]
    if since is not None:
        where.append("a.at >= ?")
        params.append(since)
    sql = (
        "SELECT a.id, a.at, a.os_user, a.action, a.youth_id, a.erased, a.everyone, a.command, "
        "CASE WHEN a.erased = 0 THEN y.ref END AS ref "
        "FROM audit_event a LEFT JOIN youth y ON y.id = a.youth_id"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY a.at, a.id"
    return [
        {
            "id": row["id"],
            "at": row["at"],
            "os_user": row["os_user"],
            "action": row["action"],
            "youth_id": row["youth_id"],
            "youth_ref": row["ref"],
            "erased": bool(row["erased"]),
            "everyone": bool(row["everyone"]),
            "command": row["command"],
        }
        for row in conn.execute(sql, params)
    ]


def earliest_prune_date(today: date) -> date:
    """The latest --before date that still keeps RETENTION_MONTHS of the log."""
    from dateutil.relativedelta import relativedelta

    return today - relativedelta(months=RETENTION_MONTHS)


def prune(conn: sqlite3.Connection, before: date, *, force: bool = False) -> int:
    """Remove lines older than `before`; refuses to keep less than six months of real time
    (the machine's clock, never EFTER_TODAY) unless forced."""
    limit = earliest_prune_date(clock.real_today())
    if before > limit and not force:
        raise InvalidInput(
            field="before",
            problem=t(
                "pruning before {before} would keep less than {retention_months} months of the "
                "audit log",
                before=day_text(before),
                retention_months=RETENTION_MONTHS,
            ),
            fix=phrase("give {limit} or earlier, or add {force}", "force", limit=day_text(limit)),
        )
    cursor = conn.execute("DELETE FROM audit_event WHERE at < ?", (before.isoformat(),))
    if cursor.rowcount:
        note("erased", [None])  # the pruning leaves a line: it erased part of the log
    return cursor.rowcount


def mark_erased(conn: sqlite3.Connection, youth_id: int) -> None:
    conn.execute("UPDATE audit_event SET erased = 1 WHERE youth_id = ? AND erased = 0", (youth_id,))
