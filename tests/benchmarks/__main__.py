"""Run the benchmark suite and print the table.

    python -m tests.benchmarks [--size smoke|full] [--repeat N] [--keep DIR] [--strict]
    python -m tests.benchmarks --growth [--sizes 1000,10000,50000] [--chart FILE.svg]
                               [--save FILE.json]
    python -m tests.benchmarks --growth --load FILE.json [--chart FILE.svg]
    python -m tests.benchmarks --register [--size smoke|full|municipal] [--repeat N] [--writers N]
                               [--rounds N] [--strict] [--writing-only]

From the top of a checkout with efter installed (pip install -e .). `full` builds the large
case file the budgets are set for (10,000 young people, 30,000 meetings, 300,000 ratings,
50,000 agreements) and takes a few minutes; `smoke` is the small size CI runs to check that the
suite works. Exit status 1 when a command fails, and with --strict also when a budget is missed.
--growth runs every row at each size (the full size's proportions, 1,000 to 50,000 young
people) and prints a Markdown table of the growth, with --chart an SVG of it
(docs/performance.md); exit status 1 when a row grows worse than linearly. --save keeps the
measurements (every run's wall time, CPU time and peak memory) as JSON, and --load prints the
table and draws the chart from such a file without measuring again.

--register measures the municipality's register instead (tests/benchmarks/register.py, the
figures in docs/performance.md, "The register"): on a local PostgreSQL (EFTER_TEST_PG's
server, or a throwaway cluster of the operating system's PostgreSQL, stopped at the end), a
register of 3,000 young people (100 coordinators x 30, 100,000 ratings, 30,000 meetings) with
every report (< 300 ms) and `efter due` for one coordinator (< 150 ms) run as a coordinator's
role and as the owner, then 20 coordinators writing at once through the CLI, each with its
own role: nothing lost, no deadlock, no command failing busy. It needs efter[register] and
PostgreSQL's server binaries. --size smoke (100 young people, 3 writers) takes under a minute
and runs in CI (tests/test_benchmark_suite.py); the full size takes 5-10 minutes. --size
municipal builds 10,000 young people (250 coordinators x 40, the suite's full case file's
records) for a municipality's whole register.
--writing-only runs the writing part alone (to run it many times). When it fails, the
server's log of the run (lock waits included) and each failing command's whole message are
kept in a folder whose name it prints.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from . import casefile as data
from . import suite
from .register import REGISTER_SIZES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,  # the text as written
    )
    parser.add_argument("--size", choices=sorted({*data.SIZES, *REGISTER_SIZES}), default="full")
    parser.add_argument("--repeat", type=int, help="runs per command (default: by size)")
    parser.add_argument("--keep", type=Path, help="build the case files in DIR and keep them")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is missed")
    parser.add_argument("--growth", action="store_true", help="every row at each of --sizes")
    parser.add_argument("--sizes", default=",".join(map(str, data.GROWTH)),
                        help="young people per size for --growth (default: %(default)s)")  # fmt: skip
    parser.add_argument("--chart", type=Path, help="with --growth: write an SVG chart here")
    parser.add_argument("--section", action="append", default=[],
                        choices=[suite.STARTUP, suite.QUERY, suite.IMPORT, suite.RENDER,
                                 suite.BUNDLE, suite.EXPORT],
                        help="measure only this section's rows (again for more)")  # fmt: skip
    parser.add_argument("--save", type=Path, help="with --growth: keep the measurements here")
    parser.add_argument("--load", type=Path, action="append", default=[],
                        help="with --growth: the measurements of --save (again to add "
                        "another run's rows)")  # fmt: skip
    parser.add_argument("--register", action="store_true",
                        help="measure the PostgreSQL register instead (see above)")  # fmt: skip
    parser.add_argument("--writers", type=int,
                        help="with --register: coordinators writing at once (full: 20)")  # fmt: skip
    parser.add_argument("--rounds", type=int,
                        help="with --register: each writer's rounds of commands (full: 3)")  # fmt: skip
    parser.add_argument("--writing-only", action="store_true",
                        help="with --register: only the writing part (to run it many times)")  # fmt: skip
    args = parser.parse_args(argv)
    if not args.register and (args.writers is not None or args.rounds is not None
                              or args.writing_only):  # fmt: skip
        parser.error("--writers, --rounds and --writing-only go with --register")
    if not args.register and args.size not in data.SIZES:
        parser.error(f"--size {args.size} goes with --register")
    if args.register:
        from . import register

        shape = register.REGISTER_SIZES[args.size]
        repeat = shape.repeat if args.repeat is None else args.repeat
        writers = shape.writers if args.writers is None else args.writers
        rounds = shape.rounds if args.rounds is None else args.rounds
        if repeat < 1 or writers < 1 or rounds < 1 or writers > shape.coordinators:
            parser.error(
                f"--repeat, --writers and --rounds take whole numbers of 1 or more "
                f"(--writers at most {shape.coordinators} at this size)"
            )
        return register.main(shape, repeat, writers, rounds, args.strict, args.writing_only)
    if args.growth and args.load:
        from . import growth

        runs: dict = {}  # type: ignore[type-arg]
        for path in args.load:
            for n, results in growth.load(path)[1].items():
                runs.setdefault(n, {}).update(results)
        return growth_report(sorted(runs), runs, args.chart)
    if args.growth:
        try:
            sizes = sorted({int(n) for n in args.sizes.split(",")})
        except ValueError:
            parser.error("--sizes takes whole numbers separated by commas, e.g. 1000,10000")
        if len(sizes) < 2 or sizes[0] < 20:
            parser.error("--sizes takes two or more sizes of 20 young people or more")
        return growth_run(sizes, args.repeat or 3, args.keep, args.chart, args.save, args.section)
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
        runner = suite.Runner(size, work, repeat, echo, args.section)
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


def growth_run(
    sizes: list[int],
    repeat: int,
    keep: Path | None,
    chart: Path | None,
    save: Path | None,
    sections: list[str],
) -> int:
    from . import growth

    def echo(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    base = keep or Path(tempfile.mkdtemp(prefix="efter-growth-"))
    runs = {}
    try:
        for n in sizes:
            work = base / f"youth-{n}"
            work.mkdir(parents=True)
            echo(f"Size {n:,} ...")
            runner = suite.Runner(data.scaled(n, repeat), work, repeat, echo, sections)
            runner.build()
            runs[n] = {r.label: r for r in runner.measure()}
            if save:  # after each size: a long run stopped half-way keeps what it measured
                growth.save(save, runs)
            if not keep:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    return growth_report(sizes, runs, chart)


def growth_report(sizes: list[int], runs: dict, chart: Path | None) -> int:  # type: ignore[type-arg]
    from . import growth

    print(growth.table(sizes, runs))
    if chart:
        chart.write_text(growth.chart(sizes, runs), encoding="utf-8")
    return 1 if growth.worse(sizes, runs) else 0


if __name__ == "__main__":
    sys.exit(main())
