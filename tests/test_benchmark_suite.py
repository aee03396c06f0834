"""The benchmark suite runs and prints its table (at smoke size; no timed assertion here)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks import suite

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_suite_runs_at_smoke_size_and_prints_every_row(run):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EFTER_")}
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--size", "smoke", "--repeat", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert out.startswith("efter benchmarks, smoke size: large case file of 300 youth, ")
    lines = out.splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("section "))
    assert lines[header].split() == ["section", "command", "measured", "cpu", "budget", "result"]
    spans = [m.span() for m in re.finditer(r"-+", lines[header + 1])]
    table = [
        [line[a : b if n < len(spans) - 1 else None].strip() for n, (a, b) in enumerate(spans)]
        for line in lines[header + 2 :]
    ]
    assert table[0][:2] == ["start-up", 'python -I -c "import sqlite3" (yardstick)']
    youth_id = int(next(c for s, c, *_ in table if c.startswith("efter youth show")).split()[-1])
    for row in suite.ROWS:
        (found,) = [c for c in table if c[:2] == [row.section, suite.label(row, youth_id)]]
        section, _, measured, cpu, budget, result = found
        assert section == row.section
        built = run(*row.needs, "--help").exit_code == 0 if row.needs else True
        if not built:
            assert (measured, result) == ("not built yet", "")
        elif row.budget is None:
            assert (budget, result) == ("-", "info")
        else:
            assert re.fullmatch(r"(PASS|FAIL) \(\d+% (under|over)\)", result), found
            unit = "x" if row.section in ("start-up", "import", "bundle") else r"(ms|s)"
            assert re.fullmatch(rf"<=? [\d,.]+ ?{unit}", budget), found
            assert re.fullmatch(r"[\d,.]+ ms", cpu), found
            if unit != "x":
                assert re.fullmatch(r"[\d,.]+ m?s \([\d.]+x\)", measured), found
    assert "ERROR" not in out
