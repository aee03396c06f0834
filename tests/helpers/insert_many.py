"""Test helper: one writer storing many young people with youth.insert_many in one transaction,
started together with another writer (tests/test_robustness.py).

    python insert_many.py CASEFILE_OR_URL WRITER COUNT

Opens the case file (or register), prints "ready", waits for a line on stdin, then stores
COUNT young people named "Writer WRITER n" in one transaction and prints the ids insert_many
returned, one a line, in the order of the records.
"""

import sys

from efter.core import youth
from efter.core.casefile import open_any, resolve


def main() -> None:
    target, writer, count = resolve(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    casefile = open_any(target)
    records = []
    for n in range(count):
        record = youth.clean(
            {field: None for field in youth.FIELDS}
            | {"name": f"Writer {writer} {n}", "born": "2009-01-01", "start": "2026-01-05"}
        )
        youth.check_record(record, force=False)
        record["cpr_forced"] = 0
        records.append(record)
    print("ready", flush=True)
    sys.stdin.readline()
    with casefile.write() as conn:
        ids = youth.insert_many(conn, records)
    casefile.close()
    print("\n".join(str(i) for i in ids), flush=True)


if __name__ == "__main__":
    main()
