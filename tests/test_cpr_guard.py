"""Issue 14 items 2-4: no error quotes a value shaped like a CPR number (stderr, --json
import reports, click's own usage errors); a CPR number in non-ASCII digits is refused with
the ordinary sentence; a ref shaped like a CPR number is refused; one CPR number on two young
people is refused unless --force (recorded in youth.cpr_forced); --cpr - and --cpr ask keep
the number off the command line."""

import io
import json
import re
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from meeting_case import build

CPR = "140309-4128"
DIGITS = "1403094128"


def leaks(text: str, number: str = CPR) -> bool:
    """Whether `text` holds the number's ten digits (any dash or none between)."""
    digits = [ch for ch in number if ch.isdigit()]
    pattern = "".join(re.escape(d) for d in digits[:6]) + r"\D?" + "".join(digits[6:])
    return re.search(pattern, text) is not None


def xlsx(header: list[str], rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- item 2: CPR numbers in errors -------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "header", "row"),
    [
        ("youth", ["ref", "name", "born"], ["Y-1", "Ida", CPR]),
        ("youth", ["ref", "name", "born", "start"], ["Y-1", "Ida", "2009-03-14", DIGITS]),
        ("team", ["ref", "role", "name", "from"], ["2025-0412", "mentor", "Kim", CPR]),
        ("ratings", ["ref", "area", "score", "phase", "date"],
         ["2025-0412", "bolig", DIGITS, "start", "2025-09-01"]),
        ("ratings", ["ref", "area", "score", "phase", "date"],
         ["2025-0412", "bolig", "3", "start", CPR]),
        ("agreements", ["ref", "what", "owner", "due"], ["2025-0412", "Søge SU", "youth", CPR]),
        ("meetings", ["ref", "starts"], ["2025-0412", DIGITS]),
        ("youth", ["ref", "name", "born"], ["Y-1", "Ida", "١٤٠٣٠٩-٤١٢٨"]),
    ],
)  # fmt: skip
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_import_error_never_quotes_a_cpr_number(
    run: Any, casefile: Path, kind: str, header: list[str], row: list[str], fmt: str
) -> None:
    build(run)
    if fmt == "csv":
        data: bytes = (",".join(header) + "\n" + ",".join(row) + "\n").encode()
    else:  # a spreadsheet keeps ten digits as the number 1403094128
        data = xlsx(header, [[int(v) if v == DIGITS else v for v in row]])
    before = snapshot(casefile)
    for extra in ((), ("--json",)):
        result = run("import", kind, "-", "--format", fmt, *extra, input=data)
        assert result.exit_code == 1, result.stdout + result.stderr
        for number in (CPR, "١٤٠٣٠٩-٤١٢٨"):
            assert not leaks(result.stdout + result.stderr, number), result.stdout + result.stderr
        assert "[CPR number]" in result.stdout + result.stderr
    assert snapshot(casefile) == before


def test_a_cpr_number_as_a_column_name_is_not_quoted(run: Any, casefile: Path) -> None:
    result = run("import", "youth", "-", "--format", "csv", "--json",
                 input=f"ref,name,{CPR}\nY-1,Ida,x\n")  # fmt: skip
    assert not leaks(result.stdout + result.stderr)


scripts = st.sampled_from(
    [chr(base) for base in (0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xFF10, 0x1D7CE)]
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    zero=scripts,
    dash=st.sampled_from(["", "-", "–", " "]),
    option=st.sampled_from(
        [
            ("youth", "add", "X", "--born"),
            ("youth", "add", "X", "--born", "2009-03-14", "--start"),
            ("youth", "list", "--limit"),
            ("due", "--within"),
            ("agreement", "add", "1", "--what", "x", "--owner", "youth", "--due"),
            ("rate", "1", "bolig=3", "--phase", "start", "--date"),
            ("meeting", "plan", "1", "--at"),
            ("youth", "show"),
            ("audit", "prune", "--before"),
        ]
    ),
)
@example(zero="0", dash="-", option=("youth", "list", "--limit"))
def test_no_error_quotes_a_cpr_number_in_any_digits(
    run: Any, casefile: Path, zero: str, dash: str, option: tuple[str, ...]
) -> None:
    """Any decimal digits Unicode knows (Arabic-Indic, Devanagari, fullwidth, ...), with or
    without a dash: never in stderr, whether efter or click (usage errors) wrote it."""
    number = "".join(chr(ord(zero) + int(d)) if d.isdigit() else dash for d in CPR)
    assert all(unicodedata.decimal(ch, None) is not None for ch in number if ch not in dash)
    result = run(*option, number)
    assert "Traceback" not in result.stderr
    assert not leaks(result.stdout + result.stderr, number), result.stderr


def test_the_quoting_helper_never_shows_a_cpr_number() -> None:
    from efter.core.text import quoted

    assert quoted(f"born {CPR}") == "born [CPR number]"
    assert quoted("١٤٠٣٠٩٤١٢٨") == "[CPR number]"
    assert quoted("2025-0412") == "2025-0412"


@pytest.mark.parametrize("number", ["١٤٠٣٠٩-٤١٢٨", "۱۴۰۳۰۹۴۱۲۸", "１４０３０９-４１２８"])
def test_a_cpr_number_in_other_digits_is_refused_with_the_ordinary_sentence(
    run: Any, casefile: Path, number: str
) -> None:
    before = snapshot(casefile)
    result = run("youth", "add", "Ida", "--cpr", number)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: The CPR number is not valid: write it as ten digits, DDMMYY-SSSS "
        "(the dash is optional).\n"
    )
    assert snapshot(casefile) == before


def test_a_usage_error_from_click_is_scrubbed(run: Any, casefile: Path) -> None:
    result = run("youth", "list", "--limit", CPR)
    assert result.exit_code == 2
    assert "Invalid value for '--limit': '[CPR number]'" in result.stderr
    assert not leaks(result.stderr)
    escape = run("youth", "list", "--limit", "\x1b[2J")
    assert escape.exit_code == 2 and "\x1b" not in escape.stderr and "\\x1b[2J" in escape.stderr


# --- item 3: refs shaped like a CPR number, the same CPR number twice ---------------------

REF_SENTENCE = "Error: --ref: the ref has the shape of a CPR number (ten digits, with or without a dash), and efter shows the ref everywhere (lists, documents, calendars): give the case number without a CPR number in it.\n"


@pytest.mark.parametrize("ref", [CPR, DIGITS, f"SAG-{CPR}", "١٤٠٣٠٩٤١٢٨", "140309 4128"])
def test_a_ref_shaped_like_a_cpr_number_is_refused(run: Any, casefile: Path, ref: str) -> None:
    assert run("youth", "add", "Ida", "--born", "2009-03-14", "--ref", "A-1").exit_code == 0
    before = snapshot(casefile)
    added = run("youth", "add", "Bo", "--born", "2009-03-14", "--ref", ref)
    assert (added.exit_code, added.stderr) == (1, REF_SENTENCE)
    edited = run("youth", "edit", "1", "--ref", ref)
    assert (edited.exit_code, edited.stderr) == (1, REF_SENTENCE)
    imported = run("import", "youth", "-", "--format", "csv",
                   input=f"ref,name,born\n{ref},Bo,2009-03-14\n")  # fmt: skip
    assert imported.exit_code == 1
    assert "line 2, column ref: the ref has the shape of a CPR number" in imported.stderr
    assert not leaks(imported.stderr, "1403094128")
    assert snapshot(casefile) == before


def test_ordinary_refs_are_kept(run: Any, casefile: Path) -> None:
    for ref in ("2025-0412", "12345-678", "SAG 2025-000123", "123456789"):
        assert run("youth", "add", "Ida", "--born", "2009-03-14", "--ref", ref).exit_code == 0


def cpr_forced(casefile: Path) -> list[tuple[int, str, int]]:
    conn = sqlite3.connect(casefile)
    try:
        return conn.execute("SELECT id, cpr, cpr_forced FROM youth ORDER BY id").fetchall()
    finally:
        conn.close()


SAME = "Error: --cpr: the CPR number is already on Ida (id 1), and one CPR number belongs to one young person: check it, or add --force if they really share it (the record says so).\n"


def test_the_same_cpr_number_twice_is_refused_unless_forced(run: Any, casefile: Path) -> None:
    assert run("youth", "add", "Ida", "--cpr", CPR, "--ref", "A-1").exit_code == 0
    assert run("youth", "add", "Bo", "--born", "2009-01-01", "--ref", "A-2").exit_code == 0
    before = snapshot(casefile)
    added = run("youth", "add", "Eva", "--cpr", DIGITS)
    assert (added.exit_code, added.stderr) == (1, SAME)
    edited = run("youth", "edit", "2", "--cpr", CPR)
    assert (edited.exit_code, edited.stderr) == (1, SAME)
    assert snapshot(casefile) == before

    forced = run("youth", "add", "Eva", "--cpr", CPR, "--force")
    assert forced.exit_code == 0
    assert forced.stderr == (
        "Warning: another young person has the same CPR number; enrolled because of --force.\n"
        "Enrolled Eva as id 3.\n"
    )
    assert run("youth", "edit", "2", "--cpr", CPR, "--force").exit_code == 0
    assert cpr_forced(casefile) == [(1, CPR, 0), (2, CPR, 1), (3, CPR, 1)]
    shown = run("youth", "show", "3")
    assert "Note: another young person has the same CPR number (kept with --force)." in (
        shown.stderr
    )
    assert json.loads(run("youth", "show", "3", "--json").stdout)["cpr_forced"] is True
    # Another CPR number clears the mark.
    assert run("youth", "edit", "2", "--cpr", "010109-4234").exit_code == 0
    assert cpr_forced(casefile)[1] == (2, "010109-4234", 0)


def test_an_import_refuses_a_cpr_number_already_on_file_or_twice_in_the_file(
    run: Any, casefile: Path
) -> None:
    assert run("youth", "add", "Ida", "--cpr", CPR, "--ref", "A-1").exit_code == 0
    before = snapshot(casefile)
    data = f"ref,name,cpr\nA-2,Bo,{CPR}\nA-3,Eva,010109-4234\nA-4,Liv,0101094234\n"
    result = run("import", "youth", "-", "--format", "csv", input=data)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "line 2, column cpr: the CPR number is already on Ida (id 1), and one CPR number belongs to one young person; check it, or add --force if they really share it (the record says so)",
        "line 4, column cpr: the CPR number is already on the young person with ref A-3, and one CPR number belongs to one young person; check it, or add --force if they really share it (the record says so)",
    ]
    assert not leaks(result.stderr) and not leaks(result.stderr, "010109-4234")
    assert snapshot(casefile) == before
    # The same file again, a young person already on file keeps their own number.
    forced = run("import", "youth", "-", "--format", "csv", "--force", input=data)
    assert forced.exit_code == 0, forced.stderr
    assert cpr_forced(casefile) == [
        (1, CPR, 0), (2, CPR, 1), (3, "010109-4234", 0), (4, "010109-4234", 1)
    ]  # fmt: skip
    again = run("import", "youth", "-", "--format", "csv", "--update", input=data)
    assert again.exit_code == 0, again.stderr
    assert cpr_forced(casefile)[1] == (2, CPR, 1)


# --- item 4: --cpr - and --cpr ask ------------------------------------------------------


def test_cpr_from_standard_input(run: Any, casefile: Path) -> None:
    result = run("youth", "add", "Ida", "--cpr", "-", input=f"{CPR}\n")
    assert result.exit_code == 0, result.stderr
    assert cpr_forced(casefile) == [(1, CPR, 0)]
    assert run("youth", "edit", "1", "--cpr", "-", input="010109-4234\n").exit_code == 0
    assert cpr_forced(casefile) == [(1, "010109-4234", 0)]
    empty = run("youth", "add", "Bo", "--cpr", "-", input="")
    assert (empty.exit_code, empty.stderr) == (
        1,
        "Error: --cpr - read no CPR number from standard input: pipe it in.\n",
    )


def test_cpr_asked_without_echo(run: Any, casefile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    from efter.cli import ask

    asked: list[str] = []
    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or CPR)
    result = run("youth", "add", "Ida", "--cpr", "ask")
    assert result.exit_code == 0, result.stderr
    assert asked == ["CPR number (not shown): "]
    assert cpr_forced(casefile) == [(1, CPR, 0)]
    assert not leaks(result.stdout + result.stderr)


def test_cpr_ask_without_a_terminal_says_what_to_do(run: Any, casefile: Path) -> None:
    result = run("youth", "add", "Ida", "--cpr", "ask")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --cpr ask needs a terminal to ask on: run it at a terminal, or give --cpr - "
        "and pipe the number in.\n",
    )
