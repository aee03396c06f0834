"""Spreadsheets as a Danish coordinator opens them (issue 20 item 5): CSV with ; a BOM and CRLF
and the Danish column names, XLSX with text and date cells, refs a spreadsheet mangled caught
at import, and LibreOffice headless converting both exports without evaluating a formula."""

import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from tests.clients import soffice
from tests.conftest import Run, snapshot

TRICKY = (
    "ref,name,born,placement_site,programme,cohort,note\n"
    "0012,Søren Ærø Åby,2009-02-01,+45 70 10 10 10,=1+1,@SUM(A1),Plejefamilie på Ærø\n"
    "12-03,Åse Øby,2008-05-17,,,,\n"
)


@pytest.fixture
def tricky(run: Run, casefile: Path, tmp_path: Path) -> Path:
    source = tmp_path / "tricky.csv"
    source.write_text(TRICKY, encoding="utf-8")
    result = run("import", "youth", str(source))
    assert result.exit_code == 0, result.stderr
    return casefile


def test_every_kinds_danish_and_english_headers_read_back() -> None:
    from efter.transfer.kinds import registry
    from efter.transfer.readers import Header
    from efter.transfer.writers import header

    for kind in registry().values():
        for lang in ("da", "en"):
            names = header(kind, lang)
            read = Header(names, kind, "line 1")
            assert not read.problems, (kind.name, lang, [p.text() for p in read.problems])
            assert list(read.fields) == list(kind.columns), (kind.name, lang)


def test_csv_defaults_for_danish_spreadsheets(run: Run, tricky: Path) -> None:
    data = run("export", "youth").stdout_bytes
    assert data.startswith("\ufeffSagsnr;Navn;Fødselsdato;CPR-nummer;".encode())
    assert data.count(b"\r\n") == 3 and b"\n" not in data.replace(b"\r\n", b"")
    english = run("export", "youth", "--separator", ",", "--lang", "en").stdout_bytes
    assert english.startswith(b"\xef\xbb\xbfref,name,born,cpr,municipality,")
    assert b"\r\n0012,S\xc3\xb8ren" in english


def test_bad_language_is_refused(run: Run, tricky: Path) -> None:
    result = run("export", "youth", "--lang", "de")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: 'de' is not a language: give --lang da or en.\n"


def test_xlsx_has_text_cells_without_a_guard_and_date_cells(
    run: Run, tricky: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "youth.xlsx"
    assert run("export", "youth", "--out", str(out)).exit_code == 0
    rows = list(load_workbook(out).active.iter_rows())
    assert rows[0][0].value == "Sagsnr"
    soren = next(row for row in rows if row[0].value == "0012")
    cells = {head.value: cell for head, cell in zip(rows[0], soren, strict=True)}
    assert (cells["Sagsnr"].data_type, cells["Sagsnr"].value) == ("s", "0012")
    phone = cells["Anbringelsessted"]
    assert (phone.data_type, phone.value) == ("s", "+45 70 10 10 10")
    assert (cells["Indsats"].data_type, cells["Indsats"].value) == ("s", "=1+1")
    born = cells["Fødselsdato"]
    assert (born.value, born.number_format) == (datetime(2009, 2, 1), "dd-mm-yyyy")
    assert born.is_date and cells["Startdato"].is_date
    # And back: the workbook imports into the case file it came from unchanged.
    again = run("import", "youth", str(out))
    assert again.exit_code == 0, again.stderr


MANGLED = [
    ("12", "0012", "once a spreadsheet has dropped its leading zeros"),
    ("12-03-2026", "12-03", "once a spreadsheet has read it as a date"),
    ("2026-03-12", "12-03", "once a spreadsheet has read it as a date"),
    ("12.03.26", "12-03", "once a spreadsheet has read it as a date"),
    ("3/12/2026", "12-03", "once a spreadsheet has read it as a date"),  # US month first
    ("12-mar", "12-03", "once a spreadsheet has read it as a date"),
]


@pytest.mark.parametrize(("value", "original", "how"), MANGLED)
@pytest.mark.parametrize("kind", ["youth", "ratings"])
def test_a_mangled_ref_is_refused(
    run: Run, tricky: Path, tmp_path: Path, value: str, original: str, how: str, kind: str
) -> None:
    source = tmp_path / "back.csv"
    if kind == "youth":
        source.write_text(f"Sagsnr;Navn;Fødselsdato\n{value};Ny Person;2009-01-01\n", "utf-8")
    else:
        source.write_text(
            f"Sagsnr;Livsområde;Vurdering;Fase;Dato\n{value};Bolig;3;start;2026-11-01\n", "utf-8"
        )
    before = snapshot(tricky)
    result = run("import", kind, str(source))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"line 2, column Sagsnr: no young person has the ref '{value}', but the ref "
        f"'{original}' reads as that {how}; format the ref column as text in the spreadsheet, "
        "give the ref as it is on file and import again"
    )
    assert snapshot(tricky) == before


def test_a_date_cell_in_a_workbook_is_a_mangled_ref(run: Run, tricky: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "youth"
    sheet.append(["Sagsnr", "Navn", "Fødselsdato"])
    sheet.append([datetime(2026, 3, 12), "Ny Person", "2009-01-01"])
    sheet.append([12, "Ny Person", "2009-01-01"])
    path = tmp_path / "back.xlsx"
    book.save(path)
    result = run("import", "youth", str(path))
    assert result.exit_code == 1
    assert (
        "row 2, column Sagsnr: no young person has the ref '2026-03-12', but the ref '12-03'"
        in (result.stderr)
    )
    assert "row 3, column Sagsnr: no young person has the ref '12', but the ref '0012'" in (
        result.stderr
    )


@pytest.mark.parametrize("value", ["13", "0013", "2026-0412", "31-02", "12-03-x"])
def test_refs_that_are_not_mangled_import(
    run: Run, tricky: Path, tmp_path: Path, value: str
) -> None:
    source = tmp_path / "new.csv"
    source.write_text(f"Sagsnr;Navn;Fødselsdato\n{value};Ny Person;2009-01-01\n", "utf-8")
    result = run("import", "youth", str(source))
    assert result.exit_code == 0, result.stderr


def convert(tmp_path: Path, source: Path, to: str, *infilter: str) -> Path:
    """LibreOffice headless, with a profile of its own (a shared one stalls)."""
    out = tmp_path / "converted"
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile}", "--headless", *infilter,
         "--convert-to", to, "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    made = out / f"{source.stem}.{to.split(':')[0]}"
    assert done.returncode == 0 and made.exists(), done.stderr + done.stdout
    return made


def test_libreoffice_opens_the_csv_without_running_a_formula(
    run: Run, tricky: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    csv_file = tmp_path / "youth.csv"
    assert run("export", "youth", "--out", str(csv_file)).exit_code == 0
    # The README's charset option: 59 is ;, 34 is ", 76 is UTF-8, 1 starts at line 1.
    made = convert(tmp_path, csv_file, "xlsx", "--infilter=CSV:59,34,76,1")
    rows = [[cell for cell in row] for row in load_workbook(made).active.iter_rows()]
    assert all(cell.data_type != "f" for row in rows for cell in row)
    values = [[cell.value for cell in row] for row in rows]
    assert values[0][:3] == ["Sagsnr", "Navn", "Fødselsdato"]
    soren = dict(
        zip(values[0], next(row for row in values if row[1] == "Søren Ærø Åby"), strict=True)
    )
    assert (soren["Indsats"], soren["Hold"]) == ("'=1+1", "'@SUM(A1)")  # shown, not run
    assert soren["Bemærkning"] == "Plejefamilie på Ærø"
    # LibreOffice read 0012 as the number 12: importing its sheet back is refused.
    assert soren["Sagsnr"] == 12
    before = snapshot(tricky)
    back = run("import", "youth", str(made))
    assert back.exit_code == 1
    assert "no young person has the ref '12', but the ref '0012' reads as that" in back.stderr
    assert snapshot(tricky) == before


def test_libreoffice_opens_the_xlsx_as_typed(run: Run, tricky: Path, tmp_path: Path) -> None:
    book = tmp_path / "youth.xlsx"
    assert run("export", "youth", "--out", str(book)).exit_code == 0
    made = convert(tmp_path, book, "csv:Text - txt - csv (StarCalc):59,34,76,1")
    lines = made.read_text("utf-8").splitlines()
    assert lines[0].startswith('"Sagsnr";"Navn";"Fødselsdato";')
    names = [name.strip('"') for name in lines[0].split(";")]
    line = next(line for line in lines if "Søren Ærø Åby" in line)
    soren = dict(zip(names, line.split(";"), strict=True))
    assert soren["Sagsnr"] == '"0012"'
    assert soren["Fødselsdato"] == "01-02-2009"  # a date cell, shown as a Danish date
    assert soren["Anbringelsessted"] == '"+45 70 10 10 10"'  # as typed, no apostrophe
    assert (soren["Indsats"], soren["Hold"]) == ('"=1+1"', '"@SUM(A1)"')  # text, not 2
