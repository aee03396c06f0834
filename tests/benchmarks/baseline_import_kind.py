"""The yardstick of each import kind's row: csv.reader plus one executemany per table it
writes, in one transaction.

    python -I baseline_import_kind.py KIND FILE.csv CASEFILE.db

Reads the file `efter export all --format csv` wrote for KIND (semicolons, a byte-order mark,
Danish headers, ISO dates, stored codes) into the same table of a case file that holds the
young people, triggers included, with nothing but each ref looked up and the values the table
needs that the file does not hold (stamps, a meeting's start as stored). Columns are found by
their header, as the import finds them.
"""

import csv
import sqlite3
import sys

STAMP = "2026-11-28T09:00:00"
MILESTONES = ("16", "17.5", "18.5")


def main(kind: str, source: str, target: str) -> int:
    conn = sqlite3.connect(target, isolation_level=None)
    ids = dict(conn.execute("SELECT ref, id FROM youth WHERE ref IS NOT NULL"))
    with open(source, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        at = {name: n for n, name in enumerate(next(reader))}
        made = ROWS[kind](reader, at, ids)
        writes = [(sql, list(rows)) for sql, rows in (made if isinstance(made, list) else [made])]
    conn.execute("BEGIN IMMEDIATE")
    for sql, rows in writes:
        conn.executemany(sql, rows)
    conn.execute("COMMIT")
    conn.close()
    return len(writes[0][1])


def _members(side):
    def rows(reader, at, ids):
        ref, role, name, org = at["Sagsnr"], at["Rolle"], at["Navn"], at["Arbejdssted"]
        phone, mail, note, start = at["Telefon"], at["E-mail"], at["Bemærkning"], at["Fra"]
        return (
            "INSERT INTO member (youth_id, side, role, name, organisation, phone, email, note, "
            "started, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((ids[r[ref]], side, r[role], r[name], r[org] or None, r[phone] or None,
              r[mail] or None, r[note] or None, r[start], STAMP) for r in reader),
        )  # fmt: skip

    return rows


def _meetings(reader, at, ids):
    ref, starts, kind, place = at["Sagsnr"], at["Tidspunkt"], at["Mødetype"], at["Sted"]
    duration, leader, taker, status = at["Varighed"], at["Mødeleder"], at["Referent"], at["Status"]
    return (
        "INSERT INTO meeting (youth_id, kind, milestone, starts, duration, place, leader, "
        "minute_taker, status, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((ids[r[ref]], "milestone" if r[kind] in MILESTONES else r[kind],
          r[kind] if r[kind] in MILESTONES else None, r[starts].replace(" ", "T"),
          int(r[duration]), r[place] or None, r[leader] or None, r[taker] or None, r[status],
          STAMP, STAMP) for r in reader),
    )  # fmt: skip


def _agreements(reader, at, ids):
    ref, what, owner, due = at["Sagsnr"], at["Aftale"], at["Ansvarlig"], at["Frist"]
    status, done, reason = at["Status"], at["Udført dato"], at["Begrundelse"]
    return (
        "INSERT INTO agreement (youth_id, what, owner, due, first_due, status, done_on, "
        "drop_reason, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((ids[r[ref]], r[what], r[owner], r[due], r[due], r[status], r[done] or None,
          r[reason] or None, STAMP, STAMP) for r in reader),
    )  # fmt: skip


def _status(reader, at, ids):
    ref, edu, work, start, note = (
        at["Sagsnr"], at["Uddannelse"], at["Beskæftigelse"], at["Fra"], at["Bemærkning"]
    )  # fmt: skip
    return (
        "INSERT INTO youth_status (youth_id, starts, education, work, note, created) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        ((ids[r[ref]], r[start], r[edu], r[work], r[note] or None, STAMP) for r in reader),
    )


def _measures(reader, at, ids):
    ref, kind, provider, basis = at["Sagsnr"], at["Indsats"], at["Udbyder"], at["Lovgrundlag"]
    start, end, note = at["Fra"], at["Til"], at["Bemærkning"]
    return (
        "INSERT INTO measure (youth_id, kind, provider, legal_basis, started, ended, note, "
        "basis_forced, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
        ((ids[r[ref]], r[kind], r[provider] or None, r[basis] or None, r[start], r[end] or None,
          r[note] or None, STAMP, STAMP) for r in reader),
    )  # fmt: skip


def _closed(reader, at, ids):
    """The closings that change a case, as efter writes them: a case already closed on that
    day with that outcome is left as it is (efter counts it unchanged and writes nothing);
    and the programme periods still open on a closing day end on it, as efter's closing ends
    them (none is open for a case already closed then)."""
    ref, day, outcome = at["Sagsnr"], at["Afsluttet"], at["Udfald"]
    closings = [(ids[r[ref]], r[day], r[outcome]) for r in reader]
    return [
        (
            "UPDATE youth SET status = 'closed', closed = ?, outcome = ?, updated = ? "
            "WHERE id = ? AND (status IS NOT 'closed' OR closed IS NOT ? OR outcome IS NOT ?)",
            ((d, o, STAMP, i, d, o) for i, d, o in closings),
        ),
        (
            "UPDATE programme_period SET ends = ?, updated = ? "
            "WHERE youth_id = ? AND starts <= ? AND (ends IS NULL OR ends > ?)",
            ((d, STAMP, i, d, d) for i, d, _ in closings),
        ),
    ]


def _prices(reader, at, ids):
    programme, amount = at["Indsats"], at["Pris"]
    return (
        "INSERT INTO programme_price (programme, amount, updated) VALUES (?, ?, ?)",
        ((r[programme], int(r[amount]), STAMP) for r in reader),
    )


def _programmes(reader, at, ids):
    ref, programme, cohort, start, end = (
        at["Sagsnr"],
        at["Indsats"],
        at["Hold"],
        at["Fra"],
        at["Til"],
    )
    return (
        "INSERT INTO programme_period (youth_id, programme_id, cohort_id, starts, ends, created, "
        "updated) VALUES (?, (SELECT id FROM programme WHERE name = ?), "
        "(SELECT c.id FROM cohort c JOIN programme p ON p.id = c.programme_id "
        "WHERE p.name = ? AND c.name = ?), ?, ?, ?, ?)",
        ((ids[r[ref]], r[programme], r[programme], r[cohort] or None, r[start], r[end] or None,
          STAMP, STAMP) for r in reader),
    )  # fmt: skip


ROWS = {
    "team": _members("team"),
    "network": _members("network"),
    "meetings": _meetings,
    "agreements": _agreements,
    "status": _status,
    "measures": _measures,
    "closed": _closed,
    "prices": _prices,
    "programmes": _programmes,
}


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
