"""Test helper: writes many young people through efter's core, as an import will.

There is no `efter import` command on this branch yet, so the crash and concurrency tests
drive the same code path (efter.core.casefile + efter.core.youth.add) from this script.

    python bulk_write.py CASEFILE COUNT one   # all rows in ONE transaction (an import)
    python bulk_write.py CASEFILE COUNT many  # one transaction per row (a busy colleague)

CASEFILE may be a register's postgresql:// URL.

Prints "started" once the write is under way and "committed" when it is all in.
"""

import sys

from efter.core import youth
from efter.core.casefile import open_any, resolve


def main() -> None:
    target, count, mode = resolve(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    casefile = open_any(target)
    if mode == "one":
        with casefile.write() as conn:
            for number in range(count):
                youth.add(
                    conn, {"name": f"Bulk {number}", "born": "2009-01-01", "ref": f"B-{number}"}
                )
                if number == count // 10:
                    print("started", flush=True)
    else:
        for number in range(count):
            with casefile.write() as conn:
                youth.add(
                    conn, {"name": f"Bulk {number}", "born": "2009-01-01", "ref": f"B-{number}"}
                )
            if number == 5:
                print("started", flush=True)
    casefile.close()
    print("committed", flush=True)


if __name__ == "__main__":
    main()
