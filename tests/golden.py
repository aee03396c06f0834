"""Golden files: compare a rendered text with tests/golden/NAME; EFTER_UPDATE_GOLDEN=1 rewrites."""

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("EFTER_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from its golden file (EFTER_UPDATE_GOLDEN=1 rewrites it)"
    )
