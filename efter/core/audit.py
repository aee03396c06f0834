"""The audit log: who used whose data, when and how. Never the data itself."""

import getpass
import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any

from efter.core import clock
from efter.core.errors import InvalidInput

ACTIONS = ("viewed", "changed", "exported", "rendered", "erased")


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and cron jobs
        return "unknown"


def record(
    conn: sqlite3.Connection, action: str, youth_ids: Iterable[int | None], command: str
) -> None:
    """One line per young person concerned, in the order given. Call inside the command's
    transaction. A long run of consecutive ids (the young people an import just created) is
    written by one INSERT ... SELECT that counts through them inside SQLite."""
    assert action in ACTIONS, action
    at, user = clock.real_timestamp(), os_user()
    ids = list(youth_ids)
    single: list[tuple[str, str, str, int | None, str]] = []
    start, count = 0, len(ids)
    while start < count:
        end, last = start + 1, ids[start]  # ids[start:end] is a run of consecutive ids
        if isinstance(last, int):
            while end < count and ids[end] == last + 1:
                end, last = end + 1, last + 1
        if end - start < RUN:
            single += [(at, user, action, youth_id, command) for youth_id in ids[start:end]]
        else:
            _insert(conn, single)
            single = []
            conn.execute(
                "WITH RECURSIVE run (id) AS (SELECT ? UNION ALL SELECT id + 1 FROM run "
                "WHERE id < ?) INSERT INTO audit_event (at, os_user, action, youth_id, command) "
                "SELECT ?, ?, ?, id, ? FROM run",
                (ids[start], ids[end - 1], at, user, action, command),
            )
        start = end
    _insert(conn, single)


RUN = 64  # consecutive ids from which one statement writes them all


def _insert(conn: sqlite3.Connection, lines: list[tuple[str, str, str, int | None, str]]) -> None:
    if lines:
        conn.executemany(
            "INSERT INTO audit_event (at, os_user, action, youth_id, command) "
            "VALUES (?, ?, ?, ?, ?)",
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
            f"Pruning before {before.isoformat()} would keep less than {RETENTION_MONTHS} "
            f"months of the audit log: give --before {limit.isoformat()} or earlier, "
            "or add --force."
        )
    cursor = conn.execute("DELETE FROM audit_event WHERE at < ?", (before.isoformat(),))
    return cursor.rowcount


def mark_erased(conn: sqlite3.Connection, youth_id: int) -> None:
    conn.execute("UPDATE audit_event SET erased = 1 WHERE youth_id = ? AND erased = 0", (youth_id,))
