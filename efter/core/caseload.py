"""Active cases per coordinator, against the configured limit."""

import sqlite3
from typing import Any

from efter.core import settings


def caseload(conn: sqlite3.Connection) -> dict[str, Any]:
    limit = settings.get(conn, "caseload-limit")
    rows = conn.execute(
        "SELECT coalesce(coordinator, '') AS coordinator, count(*) AS active "
        "FROM youth WHERE status = 'active' GROUP BY 1 ORDER BY 1 COLLATE NOCASE"
    ).fetchall()
    coordinators = [
        {
            "coordinator": row["coordinator"] or None,
            "active": row["active"],
            "over_limit": bool(row["coordinator"]) and row["active"] > limit,
        }
        for row in rows
    ]
    # Meetings due and overdue agreements per coordinator (efter.core.reports).
    from efter.core import clock
    from efter.core.reports import caseload_figures

    figures = caseload_figures(conn, clock.today())
    for c in coordinators:
        c.update(figures.get(c["coordinator"] or "", {"meetings_due": 0, "overdue_agreements": 0}))
    return {"limit": limit, "coordinators": coordinators}
