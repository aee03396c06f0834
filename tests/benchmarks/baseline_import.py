"""The import row's yardstick: csv.reader plus one executemany in one transaction.

    python -I baseline_import.py FILE.csv CASEFILE.db

Reads the same Danish-style CSV `efter import youth` reads (semicolons, byte-order mark,
day-first dates) into the youth table of a fresh case file, with nothing but the date
conversion the table's CHECK constraints demand.
"""

import csv
import sqlite3
import sys

STAMP = "2026-11-28T09:00:00"


def iso(day: str) -> str:
    return f"{day[6:10]}-{day[3:5]}-{day[0:2]}"


def main(source: str, target: str) -> int:
    with open(source, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        rows = [
            (r[0], r[1], iso(r[2]), r[3] or None, r[4], r[5], r[6], r[7], r[8], r[9], iso(r[10]),
             STAMP, STAMP)
            for r in reader
        ]  # fmt: skip
    conn = sqlite3.connect(target, isolation_level=None)
    # The connection settings efter's own connection has (efter.core.casefile): the same
    # writes under the same rules (foreign keys checked, deleted data overwritten, the
    # triggers' statement journals in memory, WAL synced at the checkpoint), so the ratio is
    # efter's own work and nothing else.
    for setting in ("foreign_keys = ON", "secure_delete = ON", "temp_store = MEMORY",
                    "synchronous = NORMAL"):  # fmt: skip
        conn.execute(f"PRAGMA {setting}")
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO youth (ref, name, born, cpr, municipality, home_municipality, "
        "placement_site, programme, cohort, coordinator, start, created, updated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    # The same rows' periods in their programmes (issue 18: the programme column means joining
    # it): the programmes, then one executemany of the periods, as the import writes them.
    names = sorted({r[7] for r in rows if r[7]})
    conn.executemany(
        "INSERT INTO programme (name, key, kind, created, updated) VALUES (?, ?, 'model', ?, ?)",
        [(n, " ".join(n.casefold().split()), STAMP, STAMP) for n in names],
    )
    ids = dict(conn.execute("SELECT name, id FROM programme"))
    first = conn.execute("SELECT min(id) FROM youth").fetchone()[0]
    conn.executemany(
        "INSERT INTO programme_period (youth_id, programme_id, starts, created, updated) "
        "VALUES (?, ?, ?, ?, ?)",
        [(first + i, ids[r[7]], r[10], STAMP, STAMP) for i, r in enumerate(rows) if r[7]],
    )
    conn.execute("COMMIT")
    conn.close()
    return len(rows)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
