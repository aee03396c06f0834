"""The sagsoverblik (case summary): everything about one young person in one place, as plain
data. `efter youth summary --json` prints it as it is; the document (templates/{da,en}/
summary.md) is rendered from the same data, so the paper and the data cannot disagree.

Each part is what the part's own command gives with --json (`youth show`, `team list`,
`measure list`, `goal list`, `agreement list`, `meeting list`, `ratings`, `status`,
`consent list`, `contract list`, `note list`): a script that knows those knows this.
The full CPR number is never part of it (masked as in `youth show`)."""

import sqlite3
from datetime import date
from typing import Any

from efter.core.youth import Youth

# How many journal notes the summary carries: the latest current (not corrected) ones.
LATEST_NOTES = 5


def contact(youth: Youth) -> dict[str, str | None]:
    """The young person's own contact details (phone, e-mail, address: m022_contacts), None
    where not given. Each team and network member's are in their part (`team list --json`:
    phone, email, address, and person_id, their professional in the shared address book)."""
    row = youth.row
    return {key: row[key] for key in ("phone", "email", "address")}


def programmes(conn: sqlite3.Connection, youth: Youth) -> list[dict[str, Any]]:
    """The young person's periods in programmes (efter.core.programmes, m021_programmes):
    each with its name, kind, cohort, from and to, oldest first; several at once (the model
    and EMPOWER4U) each with its own dates."""
    from efter.core import programmes as periods

    return [
        {"name": p["programme"], "kind": p["kind"], "cohort": p["cohort"],
         "from": p["starts"], "to": p["ends"]}
        for p in periods.periods(conn, youth.id)
    ]  # fmt: skip


def gather(conn: sqlite3.Connection, youth: Youth, today: date) -> dict[str, Any]:
    """The summary's data, every date ISO, every closed list as its code (with an English
    label, as every --json has)."""
    from efter.core import (
        agreements,
        consent,
        contracts,
        deadlines,
        goals,
        handover,
        journal,
        measures,
        meetings,
        members,
        ratings,
        status,
    )
    from efter.core import youth as youth_core

    judged = deadlines.judged_many(conn, [youth.row], today)[youth.id]
    people = members.list_members(conn, youth, None, include_ended=True, today=today)
    every_agreement = agreements.list_agreements(conn, youth, state="all", today=today)
    counts = {"open": 0, "overdue": 0, "done": 0, "dropped": 0}
    for row in every_agreement:
        counts[row["status"]] += 1
        counts["overdue"] += row["status"] == "open" and row["due"] < today.isoformat()
    open_rows = [row for row in every_agreement if row["status"] == "open"]
    past = meetings.list_meetings(conn, youth, when=None, today=today, statuses=("held", "no-show"))
    coming = meetings.coming(conn, youth.id, today)
    notes = journal.list_notes(conn, youth, latest=LATEST_NOTES)
    return {
        "youth": youth_core.describe(youth, today, judged=judged),
        "contact": contact(youth),
        "coordinators": handover.history(conn, youth),
        "statutory_dates": [item.as_dict() for item in judged],
        "team": [members.describe(m, today) for m in people if m["side"] == "team"],
        "network": [members.describe(m, today) for m in people if m["side"] == "network"],
        "programmes": programmes(conn, youth),
        "measures": [
            measures.describe(row, today)
            for row in measures.list_measures(conn, youth, include_ended=True, today=today)
        ],
        "goals": [
            goals.describe(conn, row) for row in goals.list_goals(conn, youth, include_closed=True)
        ],
        "agreements": {
            "counts": counts,
            "open": agreements.describe_many(conn, open_rows, today),
        },
        "meetings": {
            "held": meetings.describe_many(conn, past),
            "coming": meetings.describe_many(conn, coming),
        },
        "ratings": ratings.summary(conn, youth),
        "status": status.describe(status.history(conn, youth.id), today),
        "consents": consent.records(conn, [youth], today)[youth.id],
        "contracts": [contracts.describe(row) for row in contracts.versions(conn, youth)],
        "journal": [journal.describe(row) for row in notes],
    }
