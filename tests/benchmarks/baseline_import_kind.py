"""The yardstick of each import kind's row: csv.reader plus one executemany per table it
writes, in one transaction.

    python -I baseline_import_kind.py KIND FILE.csv CASEFILE.db

Reads the file `efter export all --format csv` wrote for KIND (semicolons, a byte-order mark,
Danish headers, ISO dates, stored codes) into the same table of a case file that holds the
young people, triggers included, with nothing but each ref looked up and the values the table
needs that the file does not hold (stamps, a meeting's start as stored). Columns are found by
their header, as the import finds them. A price of a programme not on file makes the
programme too (one more executemany into `programme`), as the import does.
"""

import csv
import sqlite3
import sys

STAMP = "2026-11-28T09:00:00"
MILESTONES = ("16", "17.5", "18.5")


def main(kind: str, source: str, target: str) -> int:
    conn = sqlite3.connect(target, isolation_level=None)
    # The connection settings efter's own connection has (efter.core.casefile): the same
    # writes under the same rules (foreign keys checked, deleted data overwritten, the
    # triggers' statement journals in memory, WAL synced at the checkpoint), so the ratio is
    # efter's own work and nothing else.
    for setting in ("foreign_keys = ON", "secure_delete = ON", "temp_store = MEMORY",
                    "synchronous = NORMAL"):  # fmt: skip
        conn.execute(f"PRAGMA {setting}")
    ids = dict(conn.execute("SELECT ref, id FROM youth WHERE ref IS NOT NULL"))
    with open(source, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        at = {name: n for n, name in enumerate(next(reader))}
        made = ROWS[kind](reader, at, ids)
        writes = [(sql, list(rows)) for sql, rows in (made if isinstance(made, list) else [made])]
    conn.execute("BEGIN IMMEDIATE")
    if kind in BEFORE:
        conn.executemany(*BEFORE[kind](conn, writes[0][1]))
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


def _team(reader, at, ids):
    """A team member is a professional in the address book (m022_contacts), as efter writes
    them: one professional per distinct name and details (the file's person column is empty),
    each member pointing at theirs, the professionals numbered in the order they first
    appear, as a case file without professionals (the suite's) numbers them."""
    ref, role, name, org = at["Sagsnr"], at["Rolle"], at["Navn"], at["Arbejdssted"]
    phone, mail, address, note = at["Telefon"], at["E-mail"], at["Adresse"], at["Bemærkning"]
    start = at["Fra"]
    book: dict = {}
    members = []
    for r in reader:
        details = (r[name], r[org] or None, r[phone] or None, r[mail] or None, r[address] or None)
        pid = book.get(details)
        if pid is None:
            pid = book[details] = len(book) + 1
        members.append((ids[r[ref]], r[role], *details, r[note] or None, r[start], STAMP, pid))
    return (
        "INSERT INTO member (youth_id, side, role, name, organisation, phone, email, address, "
        "note, started, created, professional_id) "
        "VALUES (?, 'team', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        members,
    )


def _professionals(conn, rows):
    """The team's professionals (_team), each once, written before the members that point
    at them."""
    if conn.execute("SELECT count(*) FROM professional").fetchone()[0]:
        raise SystemExit("the team's yardstick starts from a case file without professionals")
    book = {row[-1]: row[2:7] for row in rows}  # id -> name, organisation, contact details
    return (
        "INSERT INTO professional (id, name, organisation, phone, email, address, created, "
        "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(pid, *details, STAMP, STAMP) for pid, details in book.items()],
    )


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


def _new_programmes(conn, rows):
    """The programmes the prices name that are not on file (by key: case folded, spaces
    collapsed), each made once, as the import makes them."""
    known = {key for (key,) in conn.execute("SELECT key FROM programme")}
    new = {}
    for name, _, _ in rows:
        key = " ".join(name.casefold().split())
        if key not in known and key not in new:
            new[key] = (" ".join(name.split()), key, "model", STAMP, STAMP)
    return (
        "INSERT INTO programme (name, key, kind, created, updated) VALUES (?, ?, ?, ?, ?)",
        list(new.values()),
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
    "team": _team,
    "network": _members("network"),
    "meetings": _meetings,
    "agreements": _agreements,
    "status": _status,
    "measures": _measures,
    "closed": _closed,
    "prices": _prices,
    "programmes": _programmes,
}
# What a kind's rows need written first, in the same transaction: (conn, rows) -> (sql, rows).
BEFORE = {"team": _professionals, "prices": _new_programmes}


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
