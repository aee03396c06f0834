"""Test helper: one colleague's busy morning, 25 efter commands in a row in one process.

    python many_commands.py WORKER COUNT

Each command runs through the real CLI (typer's CliRunner, in this process so that 20 such
workers fit on a small machine). Prints one line per failed command ("FAIL <args>: <stderr>")
and at the end "longest-wait <seconds>": the longest any command of this process waited for
the case file (efter.core.casefile.longest_wait).
"""

import sys

from typer.testing import CliRunner

from efter.cli import app
from efter.core import casefile


def commands(worker: int, count: int) -> list[list[str]]:
    out: list[list[str]] = []
    for n in range(count):
        ref = f"W{worker}-{n // 3}"
        step = n % 3
        if step == 0:
            out.append(
                ["youth", "add", f"Writer {worker} {n}", "--born", "2009-01-01", "--ref", ref]
            )
        elif step == 1:
            out.append(["network", "add", ref, "--role", "ven", "--name", f"Friend {n}"])
        else:
            out.append(["youth", "show", ref])
    return out


def main() -> None:
    worker, count = int(sys.argv[1]), int(sys.argv[2])
    runner = CliRunner()
    for args in commands(worker, count):
        result = runner.invoke(app, args)
        if result.exit_code != 0:
            print(f"FAIL {' '.join(args)}: {result.stderr.strip()}", flush=True)
    print(f"longest-wait {casefile.longest_wait:.3f}", flush=True)


if __name__ == "__main__":
    main()
