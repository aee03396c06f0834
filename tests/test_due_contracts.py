"""efter due names signed contracts that no longer match a fresh render of the case."""

from pathlib import Path
from typing import Any

from documents_case import make_case


def _contract_lines(stdout: str) -> list[str]:
    lines = [line.rstrip() for line in stdout.splitlines()]
    start = lines.index("Signed contracts that no longer match the case")
    return lines[start:]


def test_due_flags_a_signed_contract_the_case_has_outgrown(
    run: Any, casefile: Path, json_of: Any
) -> None:
    youth = make_case(run, casefile)
    other = run("youth", "add", "Sara Ali", "--ref", "2025-0433", "--born", "2010-06-27")
    assert other.exit_code == 0
    assert json_of("due")["contracts"] == []
    assert run("contract", "save", youth).exit_code == 0
    # Saved but not signed: nothing to say yet.
    assert json_of("due")["contracts"] == []
    assert run("contract", "signed", "1").exit_code == 0
    assert json_of("due")["contracts"] == []
    quiet = run("due")
    assert "Signed contracts" not in quiet.stdout
    assert quiet.stderr.splitlines()[-1] == "Every signed contract matches the case."

    assert run("network", "add", youth, "--role", "ven", "--name", "Sofie").exit_code == 0
    data = json_of("due")
    assert data["contracts"] == [
        {"youth_id": 1, "youth_ref": "2025-0412", "youth_name": "Amalie Nørgaard",
         "id": 1, "version": 1, "signed": "2026-11-28", "state": "changed", "reason": ""},
    ]  # fmt: skip
    result = run("due")
    assert result.exit_code == 0
    assert _contract_lines(result.stdout) == [
        "Signed contracts that no longer match the case",
        "Contract        Young person                  Signed",
        "─" * 89,
        "1 (version 1)   Amalie Nørgaard (2025-0412)   2026-11-28   changed: efter contract diff 1",
    ]
    # A stale contract is not overdue: --check stays quiet about it.
    assert run("due", "--check").exit_code == 0

    # Saving and signing the new text settles it.
    assert run("contract", "save", youth).stdout == "2\n"
    assert json_of("due")["contracts"][0]["version"] == 1
    assert run("contract", "signed", "2").exit_code == 0
    assert json_of("due")["contracts"] == []


def test_due_leaves_out_closed_cases_and_says_when_a_contract_cannot_be_checked(
    run: Any, casefile: Path, json_of: Any, tmp_path: Path
) -> None:
    youth = make_case(run, casefile)
    template = tmp_path / "mine.md"
    template.write_text("Kontrakt for {{ youth.name }}\n", encoding="utf-8")
    assert run("contract", "save", youth, "--template", str(template)).exit_code == 0
    assert run("contract", "signed", "1").exit_code == 0
    assert json_of("due")["contracts"] == []
    template.unlink()
    [item] = json_of("due")["contracts"]
    assert (item["id"], item["state"]) == (1, "unchecked")
    assert item["reason"]
    line = _contract_lines(run("due").stdout)[3]
    assert line.startswith(
        "1 (version 1)   Amalie Nørgaard (2025-0412)   2026-11-28   could not be checked: "
    )
    assert run("youth", "close", youth, "--outcome", "education").exit_code == 0
    assert json_of("due")["contracts"] == []
