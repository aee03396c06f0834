"""The ratings import's yardstick: csv.reader plus one executemany in one transaction.

    python -I baseline_import_ratings.py FILE.csv CASEFILE.db

Reads the CSV `efter export ratings` writes (semicolons, byte-order mark, ISO dates, area codes
and the English phase and rater codes) into the rating table of a case file that holds the
young people, triggers included, with nothing but the ref looked up.
"""

import csv
import sqlite3
import sys

STAMP = "2026-11-28T09:00:00"


def main(source: str, target: str) -> int:
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
        next(reader)
        rows = [(ids[r[0]], r[1], int(r[2]), r[3], r[5], r[4], r[6] or None, STAMP) for r in reader]
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO rating (youth_id, area, score, phase, rated_by, rated_on, note, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")
    conn.close()
    return len(rows)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
