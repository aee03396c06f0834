"""Active cases per coordinator, against the configured limit, with the young people due a
meeting and the overdue agreements (definitions in docs/decisions/0009-reports.md)."""

import sqlite3
from collections.abc import Iterable
from typing import Any

from efter.core import names, settings

MEETING_DUE_MONTHS = 6  # a young person is due a meeting after 6 months without one (2-3 a year)

# One statement for every coordinator. Among active cases: due a meeting = no meeting held
# after the day six months back and none planned from today. Those that are not due are found
# once, as a set, from the covering index meeting_status_starts_youth (`starts` is ISO text,
# so `starts >= D` is `date(starts) >= D`); overdue agreements are counted per young person
# from the covering index agreement_youth_status. Grouping by the column itself follows the
# index youth_status_coordinator, so only the 1,600 groups are sorted, not 10,000 rows.
_CASELOAD_SQL = """
SELECT y.coordinator AS coordinator, count(*) AS active,
       sum(y.id NOT IN (
           SELECT m.youth_id FROM meeting AS m
           WHERE m.status = 'held' AND m.starts >= date(:since, '+1 day')
           UNION ALL
           SELECT m.youth_id FROM meeting AS m
           WHERE m.status = 'planned' AND m.starts >= :today
       )) AS meetings_due,
       sum((SELECT count(*) FROM agreement AS a
            WHERE a.youth_id = y.id AND a.status = 'open' AND a.due < :today
       )) AS overdue_agreements
FROM youth AS y WHERE y.status = 'active'
GROUP BY y.coordinator ORDER BY {order}
"""


def caseload(conn: sqlite3.Connection) -> dict[str, Any]:
    from efter.core import clock
    from efter.core.dates import add_months

    limit = settings.get(conn, "caseload-limit")
    today = clock.today()
    since = add_months(today, -MEETING_DUE_MONTHS)
    cursor = conn.cursor()
    cursor.row_factory = None
    order = names.order_by(conn, "coalesce(y.coordinator, '')")
    rows = cursor.execute(
        _CASELOAD_SQL.format(order=order), {"since": since.isoformat(), "today": today.isoformat()}
    ).fetchall()
    coordinators = [
        {
            "coordinator": coordinator or None,
            "active": active,
            "over_limit": bool(coordinator) and active > limit,
            "meetings_due": int(due or 0),
            "overdue_agreements": int(overdue or 0),
        }
        for coordinator, active, due, overdue in rows
    ]
    return {"limit": limit, "coordinators": coordinators}


# SQLite's NOCASE folds A-Z only; counting in Python must fold the same way.
_NOCASE = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def over_limit(
    conn: sqlite3.Connection, coordinators: Iterable[str | None]
) -> list[tuple[str, int, int]]:
    """(coordinator, active cases, limit) for each named coordinator above the caseload
    limit, by name. One query however many are named."""
    named = sorted({c for c in coordinators if c})
    if not named:
        return []
    limit = settings.get(conn, "caseload-limit")
    active: dict[str, int] = {}
    if len(named) == 1:  # one coordinator (youth add, edit): the index finds them
        active[named[0].translate(_NOCASE)] = conn.execute(
            "SELECT count(*) FROM youth WHERE status = 'active' AND coordinator = ? COLLATE NOCASE",
            (named[0],),
        ).fetchone()[0]
    else:
        for coordinator, count in conn.execute(
            "SELECT coordinator, count(*) FROM youth WHERE status = 'active' "
            "AND coordinator IS NOT NULL GROUP BY coordinator"
        ):
            key = str(coordinator).translate(_NOCASE)
            active[key] = active.get(key, 0) + count
    counted = ((c, active.get(c.translate(_NOCASE), 0)) for c in named)
    return [(c, count, limit) for c, count in counted if count > limit]
