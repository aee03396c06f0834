"""The export rows' yardstick: the same records read with plain SQL and written by the plain
library writer, with nothing of efter in between.

    python -I baseline_export.py FORMAT CASEFILE OUT

FORMAT csv or jsonl: one file per kind in the folder OUT (csv.writer; json.dumps per line);
json: one file, json.dump(indent=2) of every kind's records gathered in a dict, as a script
would; xlsx: openpyxl's write-only workbook, one sheet per kind, rows appended as read.
"""

import csv
import json
import sqlite3
import sys
from pathlib import Path

PEOPLE = ("ref, name, born, cpr, municipality, home_municipality, legal_basis, placed_from, "
          "placement_site, housing, programme, cohort, coordinator, start, note")  # fmt: skip
MEMBER = ("SELECT youth.ref, m.role, m.name, m.organisation, m.phone, m.email, m.note, "
          "m.started, m.ended, m.closeness, m.can_help FROM member m JOIN youth "
          "ON youth.id = m.youth_id WHERE m.side = '{}' ORDER BY youth.ref, m.id")  # fmt: skip
# Each kind's records in the columns and order `efter export` writes them.
KINDS = {
    "youth": f"SELECT {PEOPLE} FROM youth ORDER BY ref IS NULL, ref, id",
    "team": MEMBER.format("team"),
    "network": MEMBER.format("network"),
    "meetings": "SELECT youth.ref, m.starts, m.kind, m.place, m.duration, m.leader, "
    "m.minute_taker, m.status FROM meeting m JOIN youth ON youth.id = m.youth_id "
    "ORDER BY youth.ref, m.starts, m.id",
    "agreements": "SELECT youth.ref, a.what, CASE a.owner WHEN 'member' THEN member.name "
    "ELSE a.owner END, a.due, a.status, a.done_on, a.drop_reason, substr(a.created, 1, 10) "
    "FROM agreement a JOIN youth "
    "ON youth.id = a.youth_id LEFT JOIN member ON member.id = a.owner_member_id "
    "ORDER BY youth.ref, a.due, a.id",
    "ratings": "SELECT youth.ref, r.area, r.score, r.phase, r.rated_on, r.rated_by, r.note "
    "FROM rating r JOIN youth ON youth.id = r.youth_id LEFT JOIN life_area "
    "ON life_area.code = r.area WHERE r.replaced_by IS NULL "
    "ORDER BY youth.ref, life_area.position, r.rated_by, r.rated_on, r.id",
    "status": "SELECT youth.ref, s.education, s.work, s.starts, s.note FROM youth_status s "
    "JOIN youth ON youth.id = s.youth_id ORDER BY youth.ref, s.starts, s.id",
    "measures": "SELECT youth.ref, m.kind, m.provider, m.legal_basis, m.started, m.ended, "
    "m.note FROM measure m JOIN youth ON youth.id = m.youth_id "
    "ORDER BY youth.ref, m.started, m.id",
    "closed": f"SELECT {PEOPLE}, closed, outcome FROM youth WHERE status = 'closed' "
    "ORDER BY ref IS NULL, ref, id",
    "programmes": "SELECT y.ref, p.name, c.name, pp.starts, pp.ends FROM programme_period pp "
    "JOIN youth y ON y.id = pp.youth_id JOIN programme p ON p.id = pp.programme_id "
    "LEFT JOIN cohort c ON c.id = pp.cohort_id ORDER BY y.ref IS NULL, y.ref, pp.starts, pp.id",
    "prices": "SELECT programme, amount FROM programme_price ORDER BY programme",
}


def main(fmt: str, casefile: str, out: str) -> None:
    conn = sqlite3.connect(f"file:{casefile}?mode=ro", uri=True)
    target = Path(out)
    if fmt in ("csv", "jsonl"):
        target.mkdir(exist_ok=True)
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
    gathered = {}
    for kind, sql in KINDS.items():
        cursor = conn.execute(sql)
        names = [column[0].split(".")[-1] for column in cursor.description]
        if fmt == "csv":
            with (target / f"{kind}.csv").open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
                writer.writerow(names)
                writer.writerows(cursor)
        elif fmt == "jsonl":
            with (target / f"{kind}.jsonl").open("w", encoding="utf-8") as handle:
                for row in cursor:
                    handle.write(
                        json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) + "\n"
                    )
        elif fmt == "json":
            gathered[kind] = [dict(zip(names, row, strict=True)) for row in cursor]
        else:
            sheet = workbook.create_sheet(kind)
            sheet.append(names)
            for row in cursor:
                sheet.append(row)
    if fmt == "json":
        with target.open("w", encoding="utf-8") as handle:
            json.dump(gathered, handle, ensure_ascii=False, indent=2)
    elif fmt == "xlsx":
        workbook.save(target)


if __name__ == "__main__":
    main(*sys.argv[1:4])
