"""The audit log: who used whose data, when and how. Never the data itself."""

import getpass
import sqlite3
from collections.abc import Iterable

from efter.core import clock

ACTIONS = ("viewed", "changed", "exported", "rendered", "erased")


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and cron jobs
        return "unknown"


def record(
    conn: sqlite3.Connection, action: str, youth_ids: Iterable[int | None], command: str
) -> None:
    """One line per young person concerned. Call inside the command's transaction."""
    assert action in ACTIONS, action
    at, user = clock.timestamp(), os_user()
    conn.executemany(
        "INSERT INTO audit_event (at, os_user, action, youth_id, command) VALUES (?, ?, ?, ?, ?)",
        [(at, user, action, youth_id, command) for youth_id in youth_ids],
    )
