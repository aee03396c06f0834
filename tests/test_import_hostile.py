"""Hostile input through every import format (CSV, JSON, JSON Lines, XLSX) and every kind with
free text: each value is stored exactly as typed (surrounding spaces trimmed) or the file is
refused with a report; never a traceback, never a partial write."""

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import kept_aside, put_back, snapshot
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

HOSTILE = [
    "Anna [plejefamilie]",
    "[bold red]Anna[/]",
    "{{ 7 * 7 }}",
    "{% for x in range(9) %}x{% endfor %}",
    "{{ config.__class__.__init__.__globals__ }}",
    "<script>alert('x')</script>",
    "<b>fed</b> &amp; &lt;",
    "مرحبا بالعالم",
    "שלום עולם",
    "\u202eevil\u202c",
    "\u200f\u200eRTL-mærker",
    "👩‍👩‍👧‍👦 🏳️‍🌈",
    "Ærø Ølstykke Åbenrå ß ğ ł ž",
    "漢字かなカナ",
    "'; DROP TABLE youth; --",
    '=HYPERLINK("http://x")',
    "a\x00b",
    "\x1b[2J\x1b[31mred",
    "tab\tand\nnewline",
    "line\r\nbreak",
    "\ufeffbom",
    "x" * 5000,
    "%s %d %(name)s",
    '"quoted; with, separators"',
    "\\N{BULLET} \\x00",
]

value_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=200),
)

# kind -> (a valid record for the enrolled case file, the free-text field to poison, where it
# is stored)
TARGETS: dict[str, tuple[dict[str, str], str, str]] = {
    "youth": (
        {"ref": "H-1", "name": "Hanna Holm", "born": "2009-03-14", "start": "2025-09-01"},
        "note",
        "SELECT note FROM youth WHERE ref = 'H-1'",
    ),
    "youth-name": (
        {"ref": "H-1", "name": "Hanna Holm", "born": "2009-03-14", "start": "2025-09-01"},
        "name",
        "SELECT name FROM youth WHERE ref = 'H-1'",
    ),
    "team": (
        {"ref": "2025-0412", "role": "mentor", "name": "Ida Ibsen", "from": "2025-09-01"},
        "organisation",
        "SELECT organisation FROM member WHERE name = 'Ida Ibsen'",
    ),
    "network": (
        {"ref": "2025-0412", "role": "ven", "name": "Ida Ibsen", "from": "2025-09-01"},
        "note",
        "SELECT note FROM member WHERE name = 'Ida Ibsen'",
    ),
    "meetings": (
        {"ref": "2025-0412", "starts": "2027-01-14 14:00", "kind": "netværksmøde"},
        "place",
        "SELECT place FROM meeting",
    ),
    "agreements": (
        {"ref": "2025-0412", "what": "Søge SU", "owner": "den unge", "due": "2027-01-15"},
        "what",
        "SELECT what FROM agreement",
    ),
    "ratings": (
        {"ref": "2025-0412", "area": "bolig", "score": "3", "phase": "start",
         "date": "2025-09-01", "rated_by": "youth"},
        "note",
        "SELECT note FROM rating",
    ),
}  # fmt: skip


def encode(fmt: str, records: list[dict[str, str]]) -> bytes:
    header = list(records[0])
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        writer.writerows([[r.get(h, "") for h in header] for r in records])
        return buffer.getvalue().encode("utf-8")
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False).encode("utf-8")
    if fmt == "jsonl":
        return "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    try:
        sheet.append(header)
        for record in records:
            sheet.append([record.get(h, "") for h in header])
    except IllegalCharacterError:
        assume(False)  # Excel cannot hold this character at all: nothing to import.
    for row in sheet.iter_rows():
        for cell in row:
            # openpyxl takes text that starts with '=' for a formula; the value is typed text.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_TEMPLATE: dict[str, Any] = {}


@pytest.fixture
def fresh(run: Any, casefile: Path) -> Any:
    """fresh() puts the example case file (young people, team, network; built once per run)
    in place, so each hypothesis example starts from the same file."""
    if not _TEMPLATE:
        for kind in ("youth", "team", "network"):
            result = run("import", kind, str(EXAMPLES / f"{kind}.csv"))
            assert result.exit_code == 0, result.stderr
        _TEMPLATE["db"] = kept_aside(casefile)

    def reset() -> Path:
        put_back(casefile, _TEMPLATE["db"])
        return casefile

    return reset


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(
    target=st.sampled_from(sorted(TARGETS)),
    fmt=st.sampled_from(["csv", "json", "jsonl", "xlsx"]),
    value=value_text,
)
@example(target="youth", fmt="csv", value="a\x00b")
@example(target="meetings", fmt="xlsx", value="{{ 7 * 7 }}")
@example(target="agreements", fmt="json", value="\u202eevil\u202c")
@example(target="youth-name", fmt="jsonl", value="x" * 5000)
@example(target="team", fmt="csv", value="tab\tand\nnewline")
@example(target="agreements", fmt="xlsx", value="0\r0")
@example(target="agreements", fmt="csv", value="0\r0")
@example(target="meetings", fmt="xlsx", value='=HYPERLINK("http://x")')
def test_every_format_stores_a_value_as_typed_or_refuses_the_file(
    run: Any, fresh: Any, target: str, fmt: str, value: str
) -> None:
    import sqlite3

    casefile = fresh()
    base, field, query = TARGETS[target]
    kind = target.split("-")[0]
    data = encode(fmt, [{**base, field: value}])
    before = snapshot(casefile)
    result = run("import", kind, "-", "--format", fmt, input=data)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    if result.exit_code == 0:
        conn = sqlite3.connect(casefile)
        try:
            [(stored,)] = conn.execute(query).fetchall()
        finally:
            conn.close()
        if fmt == "xlsx":
            # XML (inside every .xlsx) turns a line end of CR or CR LF into LF when it is read.
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        assert stored == (value.strip() or None)
    else:
        assert result.exit_code == 1, result.stderr
        assert result.stdout == ""
        assert snapshot(casefile) == before
        assert result.stderr.endswith("Correct the file and import it again.\n") or (
            result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        ), result.stderr


ragged_cell = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))


@SETTINGS
@given(
    kind=st.sampled_from(["youth", "team", "network", "meetings", "agreements", "ratings"]),
    fmt=st.sampled_from(["csv", "xlsx"]),
    rows=st.lists(st.lists(ragged_cell, min_size=0, max_size=12), min_size=1, max_size=4),
)
def test_ragged_rows_give_a_report_never_a_crash(
    run: Any, fresh: Any, kind: str, fmt: str, rows: list[list[str]]
) -> None:
    """Rows shorter or longer than the header, with hostile cells, in CSV and XLSX."""
    from efter.transfer.kinds import registry

    casefile = fresh()
    header = registry()[kind].header()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
        data = buffer.getvalue().encode("utf-8")
    else:
        from openpyxl import Workbook
        from openpyxl.utils.exceptions import IllegalCharacterError

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        try:
            sheet.append(header)
            for row in rows:
                sheet.append(row)
        except IllegalCharacterError:
            assume(False)
        out = io.BytesIO()
        workbook.save(out)
        data = out.getvalue()
    before = snapshot(casefile)
    result = run("import", kind, "-", "--format", fmt, input=data)
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.exit_code == 1:
        assert snapshot(casefile) == before


@SETTINGS
@given(
    text=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30)),
    encoding=st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-8-sig", "cp865"]),
    fmt=st.sampled_from(["csv", "json", "jsonl"]),
)
@example(text="Ærø Ølstykke", encoding="latin-1", fmt="csv")
@example(text="Ærø", encoding="utf-16", fmt="json")
@example(text="º", encoding="cp865", fmt="csv")
@example(text="Ã\x80", encoding="latin-1", fmt="csv")
@example(text="Â\xa0", encoding="latin-1", fmt="csv")
def test_wrong_encodings_are_refused_or_read_right(
    run: Any, fresh: Any, text: str, encoding: str, fmt: str
) -> None:
    """A file in another encoding than UTF-8 is read as UTF-8 or, saying so, as Windows-1252,
    or refused whole (UTF-16, bytes neither encoding allows)."""
    import sqlite3

    casefile = fresh()
    record = {"ref": "H-1", "name": "Hanna Holm", "born": "2009-03-14", "note": text}
    decoded = encode(fmt, [record]).decode("utf-8")
    try:
        data = decoded.encode(encoding)
    except UnicodeEncodeError:
        assume(False)  # this text cannot be written in that encoding at all
    before = snapshot(casefile)
    result = run("import", "youth", "-", "--format", fmt, input=data)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.exit_code == 0:
        conn = sqlite3.connect(casefile)
        try:
            [(stored,)] = conn.execute("SELECT note FROM youth WHERE ref = 'H-1'").fetchall()
        finally:
            conn.close()
        try:
            data.decode("utf-8")
            # Bytes that are valid UTF-8 are read as UTF-8, whatever wrote them: latin-1 'Ã\x80'
            # is the UTF-8 for 'À'. (JSON Lines here escapes every non-ASCII character.)
            expected = text if fmt == "jsonl" else text.encode(encoding).decode("utf-8-sig")
        except UnicodeDecodeError:
            # An 8-bit file does not say its encoding: efter reads it as Windows-1252 and says
            # so, so a DOS 'º' (cp865) arrives as the '§' that byte is in Windows-1252.
            assert "read it as Windows-1252" in result.stderr
            expected = text.encode(encoding).decode("cp1252")
        assert stored == (expected.strip() or None)
    else:
        assert result.exit_code == 1
        assert snapshot(casefile) == before


@SETTINGS
@given(data=st.binary(max_size=300), fmt=st.sampled_from(["auto", "csv", "json", "jsonl", "xlsx"]))
def test_arbitrary_bytes_are_refused_with_a_sentence(
    run: Any, fresh: Any, data: bytes, fmt: str
) -> None:
    casefile = fresh()
    before = snapshot(casefile)
    result = run("import", "youth", "-", "--format", fmt, input=data)
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.exit_code == 1:
        assert snapshot(casefile) == before
        assert result.stderr.strip()
