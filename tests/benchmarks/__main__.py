"""Run the benchmark suite and print the table.

    python -m tests.benchmarks [--size smoke|full] [--repeat N] [--keep DIR] [--strict]

From the top of a checkout with efter installed (pip install -e .). `full` builds the large
case file the budgets are set for (10,000 young people, 30,000 meetings, 300,000 ratings,
50,000 agreements) and takes a few minutes; `smoke` is the small size CI runs to check that the
suite works. Exit status 1 when a command fails, and with --strict also when a budget is missed.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from . import casefile as data
from . import suite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--size", choices=sorted(data.SIZES), default="full")
    parser.add_argument("--repeat", type=int, help="runs per command (default: by size)")
    parser.add_argument("--keep", type=Path, help="build the case files in DIR and keep them")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is missed")
    args = parser.parse_args(argv)
    size = data.SIZES[args.size]
    repeat = size.repeat if args.repeat is None else args.repeat
    if repeat < 1:
        parser.error("--repeat takes a whole number of 1 or more")

    def echo(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.keep:
        work = args.keep
        if work.exists() and any(work.iterdir()):
            parser.error(f"{work} is not empty: give --keep a new or empty folder")
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="efter-bench-"))
    try:
        runner = suite.Runner(size, work, repeat, echo)
        runner.build()
        echo("Measuring ...")
        results = runner.measure()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("\n".join(suite.describe(size, runner.counts, repeat)))
    print()
    print(suite.table(results))
    if any(r.error for r in results):
        return 1
    if args.strict and any(r.passed is False for r in results):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
