"""efter import: files as people have them, all or nothing, idempotent by ref."""

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from efter.resources import packaged_dir

EXAMPLES = packaged_dir("examples")

YOUTH_HEADER = "sagsnr;navn;fødselsdato;kommune;koordinator;startdato\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(row) for row in conn.execute(sql)]
    finally:
        conn.close()


def names(db: Path) -> list[tuple[Any, ...]]:
    return rows(db, "SELECT ref, name, born, municipality FROM youth ORDER BY ref")


@pytest.fixture
def enrolled(run, casefile: Path) -> Path:
    """The example young people, team and network (as the demo has them)."""
    for kind in ("youth", "team", "network"):
        result = run("import", kind, str(EXAMPLES / f"{kind}.csv"))
        assert result.exit_code == 0, result.stderr
    return casefile


# --- forms -------------------------------------------------------------------------------


def test_danish_spreadsheet_csv_imports_then_creates_nothing_the_second_time(run, casefile):
    path = str(EXAMPLES / "youth.csv")
    result = run("import", "youth", path)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Imported {path}: 6 created, 0 updated, 0 unchanged, 0 rejected.\n"
    assert names(casefile)[0] == ("2025-0412", "Amalie Nørgaard", "2009-03-14", "Esbjerg Kommune")
    before = snapshot(casefile)
    again = run("import", "youth", path)
    assert again.exit_code == 0
    assert again.stderr == f"Imported {path}: 0 created, 0 updated, 6 unchanged, 0 rejected.\n"
    assert rows(casefile, "SELECT count(*) FROM youth") == [(6,)]
    # Nothing but the audit log may differ: no audit line either, as nothing changed.
    assert snapshot(casefile) == before


@pytest.mark.parametrize(
    ("encoding", "separator", "newline"),
    [
        ("utf-8", ",", "\n"),
        ("utf-8-sig", ",", "\r\n"),
        ("utf-8-sig", ";", "\n"),
        ("cp1252", ";", "\r\n"),  # a Danish-locale spreadsheet program's "CSV (semikolonsepareret)"
        ("utf-8", "\t", "\n"),
    ],
)
def test_encodings_and_separators(run, casefile, tmp_path, encoding, separator, newline):
    # A quoted cell may hold the separator; a name is one line, so a tab in it is refused
    # (core/text.py), and the tab-separated file quotes a name without one.
    name = "Bo Å" if separator == "\t" else f"Bo{separator} Å"
    text = (
        f"Sagsnr{separator}Navn{separator}Fødselsdato{separator}Opvækstkommune\n"
        f"A-1{separator}Søren Ærø{separator}14.3.2009{separator}Åbenrå\n"
        f'A-2{separator}"{name}"{separator}2008-11-02{separator}Vejle\n'
    ).replace("\n", newline)
    path = write(tmp_path / "in.csv", text, encoding)
    result = run("import", "youth", str(path))
    assert result.exit_code == 0, result.stderr
    note = (
        f"Note: {path} is not UTF-8; read it as Windows-1252 (the Western European encoding "
        "of older spreadsheet programs).\n"
        if encoding == "cp1252"
        else ""
    )
    assert (
        result.stderr == note + f"Imported {path}: 2 created, 0 updated, 0 unchanged, 0 rejected.\n"
    )
    assert rows(casefile, "SELECT ref, name, born, home_municipality FROM youth ORDER BY ref") == [
        ("A-1", "Søren Ærø", "2009-03-14", "Aabenraa Kommune"),
        ("A-2", name, "2008-11-02", "Vejle Kommune"),
    ]


def test_english_names_any_case_and_day_first_or_iso_dates(run, casefile, tmp_path):
    path = write(
        tmp_path / "in.csv",
        "REF,Name,BORN,Home Municipality,placement-site,START\n"
        "B-1,Ida,2009-01-31,Varde,Plejefamilie,01-09-2025\n"
        "B-2,Ole,31/01/2009,Fanø,,2025-09-01\n",
    )
    result = run("import", "youth", str(path))
    assert result.exit_code == 0, result.stderr
    assert rows(
        casefile, "SELECT ref, born, home_municipality, placement_site, start FROM youth"
    ) == [
        ("B-1", "2009-01-31", "Varde Kommune", "Plejefamilie", "2025-09-01"),
        ("B-2", "2009-01-31", "Fanø Kommune", None, "2025-09-01"),
    ]


def test_xlsx_first_sheet_and_named_sheet(run, casefile, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    first.title = "Unge"
    first.append(["Sagsnr", "Navn", "Fødselsdato", "Startdato"])
    first.append(["X-1", "Amalie", datetime(2009, 3, 14), "01-09-2025"])
    first.append([None, None, None, None])
    first.append(["X-2", "Bo", "2008-11-02", datetime(2025, 9, 1)])
    other = workbook.create_sheet("Andet")
    other.append(["ref", "name", "born"])
    other.append(["Y-1", "Ib", "2009-05-05"])
    path = tmp_path / "unge.xlsx"
    workbook.save(path)

    result = run("import", "youth", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Imported {path}: 2 created, 0 updated, 0 unchanged, 0 rejected.\n"
    result = run("import", "youth", str(path), "--sheet", "andet")
    assert result.exit_code == 0, result.stderr
    assert rows(casefile, "SELECT ref, name, born, start FROM youth ORDER BY ref") == [
        ("X-1", "Amalie", "2009-03-14", "2025-09-01"),
        ("X-2", "Bo", "2008-11-02", "2025-09-01"),
        ("Y-1", "Ib", "2009-05-05", "2026-11-28"),
    ]
    before = snapshot(casefile)
    missing = run("import", "youth", str(path), "--sheet", "Ark9")
    assert missing.exit_code == 1
    assert missing.stderr == (
        f"Error: The workbook {path} has no sheet 'Ark9': give --sheet one of Unge, Andet.\n"
    )
    assert snapshot(casefile) == before


def test_json_array_json_lines_and_stdin(run, casefile, tmp_path):
    array = write(
        tmp_path / "in.json",
        json.dumps([{"ref": "J-1", "navn": "Ane", "born": "2009-02-01"}], ensure_ascii=False),
    )
    result = run("import", "youth", str(array))
    assert result.exit_code == 0, result.stderr
    lines = '{"ref": "J-2", "name": "Bent", "born": "01-02-2009"}\n\n{"ref": "J-3", "name": "Cai", "born": "2009-02-03", "cohort": 7}\n'
    result = run("import", "youth", "-", input=lines.encode())
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Imported stdin: 2 created, 0 updated, 0 unchanged, 0 rejected.\n"
    result = run(
        "import", "youth", "-", "--format", "csv", input="ref;name;born\nJ-4;Dan;2009-02-04\n"
    )
    assert result.exit_code == 0, result.stderr
    assert rows(casefile, "SELECT ref, name, cohort FROM youth ORDER BY ref") == [
        ("J-1", "Ane", None),
        ("J-2", "Bent", None),
        ("J-3", "Cai", "7"),
        ("J-4", "Dan", None),
    ]


def test_json_from_export_all_reads_the_kinds_list(run, enrolled, tmp_path):
    out = tmp_path / "all.json"
    assert run("export", "all", "--out", str(out)).exit_code == 0
    result = run("import", "team", str(out), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["unchanged"] == 7


def test_dry_run_shows_what_would_happen_and_writes_nothing(run, casefile, tmp_path):
    assert run("import", "youth", str(EXAMPLES / "youth.csv")).exit_code == 0
    path = write(
        tmp_path / "in.csv",
        YOUTH_HEADER
        + "2025-0412;Amalie Nørgaard;14-03-2009;Esbjerg;Mette Holm;01-09-2025\n"
        + "2025-0419;Mathias Østergaard;02-11-2008;Varde;Mette Holm;01-09-2025\n"
        + "2026-0100;Noah Berg;05-05-2010;Esbjerg;Mette Holm;01-11-2026\n",
    )
    before = snapshot(casefile)
    result = run("import", "youth", str(path), "--dry-run", "--update")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == (
        "line 2: unchanged 2025-0412 Amalie Nørgaard\n"
        "line 3: update 2025-0419 Mathias Østergaard: kommune 'Esbjerg Kommune' -> 'Varde Kommune'\n"
        "line 4: create 2026-0100 Noah Berg\n"
        f"Dry run of {path}: 1 to create, 1 to update, 1 unchanged, 0 rejected. "
        "Nothing was written.\n"
    )
    assert snapshot(casefile) == before


def test_update_changes_the_fields_that_differ_and_reports_them(run, casefile, tmp_path, json_of):
    assert run("import", "youth", str(EXAMPLES / "youth.csv")).exit_code == 0
    path = write(
        tmp_path / "in.csv",
        "sagsnr;navn;kommune;cpr\n2025-0419;Mathias Østergaard;Varde;021108-4321\n"
        "2025-0412;Amalie Nørgaard;Esbjerg;\n",
    )
    refused = run("import", "youth", str(path))
    assert refused.exit_code == 1
    assert refused.stderr == (
        "line 2: 2025-0419 Mathias Østergaard is already in the case file with other values "
        "in cpr, kommune; add --update to change them, or correct the file\n"
        f"Nothing was imported from {path}: 1 problem (1 of 2 rows rejected). "
        "Correct the file and import it again.\n"
    )
    result = run("import", "youth", str(path), "--update", "--json")
    assert result.exit_code == 0, result.stderr
    assert "4321" not in result.stdout + result.stderr
    summary = json.loads(result.stdout)
    assert {key: summary[key] for key in ("rows", "created", "updated", "unchanged", "rejected")} == {
        "rows": 2, "created": 0, "updated": 1, "unchanged": 1, "rejected": 0,
    }  # fmt: skip
    assert summary["written"] is True
    assert summary["records"][0] == {
        "where": "line 2",
        "action": "update",
        "record": "2025-0419 Mathias Østergaard",
        "changes": {
            "municipality": {"old": "Esbjerg Kommune", "new": "Varde Kommune"},
            "cpr": {"old": None, "new": "021108-****"},
        },
    }
    assert result.stderr == (
        "line 2: update 2025-0419 Mathias Østergaard: cpr (empty) -> '021108-****'; "
        "kommune 'Esbjerg Kommune' -> 'Varde Kommune'\n"
        f"Imported {path}: 0 created, 1 updated, 1 unchanged, 0 rejected.\n"
    )
    person = json_of("youth", "show", "2025-0419")
    assert (person["municipality"], person["cpr"], person["home_municipality"]) == (
        "Varde Kommune", "021108-****", "Varde Kommune",
    )  # fmt: skip
    audit = rows(
        casefile, "SELECT action, youth_id, command FROM audit_event WHERE command = 'import'"
    )
    assert audit[-1] == ("changed", 2, "import")


def test_other_kinds_import_from_the_danish_examples(run, enrolled):
    for kind, count in (("meetings", 11), ("agreements", 7), ("ratings", 82)):
        path = str(EXAMPLES / f"{kind}.csv")
        result = run("import", kind, path)
        assert result.exit_code == 0, result.stderr
        assert (
            result.stderr
            == f"Imported {path}: {count} created, 0 updated, 0 unchanged, 0 rejected.\n"
        )
        again = run("import", kind, path)
        assert (
            again.stderr
            == f"Imported {path}: 0 created, 0 updated, {count} unchanged, 0 rejected.\n"
        )
    assert rows(enrolled, "SELECT starts, kind, duration, status FROM meeting WHERE id = 1") == [
        ("2025-09-01T14:00", "start", 90, "held")
    ]
    assert rows(
        enrolled,
        "SELECT a.what, a.owner, m.name, a.due, a.status, a.done_on FROM agreement a "
        "LEFT JOIN member m ON m.id = a.owner_member_id WHERE a.id IN (1, 3) ORDER BY a.id",
    ) == [
        ("Tilmelde sig køreskole", "youth", None, "2025-10-31", "done", "2025-10-20"),
        (
            "Ringe til værkstedet om praktik",
            "member",
            "Onkel Bent [genfundet]",
            "2026-12-15",
            "open",
            None,
        ),
    ]
    assert rows(
        enrolled, "SELECT area, score, phase, rated_by, rated_on FROM rating WHERE id IN (3, 7)"
    ) == [
        ("bolig", 3, "start", "professional", "2025-09-01"),
        ("uddannelse", 3, "start", "youth", "2025-09-01"),
    ]


def test_a_changed_rating_is_a_correction_that_keeps_history(run, enrolled, tmp_path):
    first = write(
        tmp_path / "a.csv", "ref,area,score,phase,date\n2025-0412,Housing,2,start,2025-09-15\n"
    )
    assert run("import", "ratings", str(first)).exit_code == 0
    second = write(
        tmp_path / "b.csv", "ref,area,score,phase,date\n2025-0412,BOLIG,4,Start,15-09-2025\n"
    )
    result = run("import", "ratings", str(second), "--update")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "line 2: update 2025-0412 bolig start (professional): score 2 -> 4"
    )
    assert rows(enrolled, "SELECT id, score, replaced_by FROM rating ORDER BY id") == [
        (1, 2, 2),
        (2, 4, None),
    ]


def test_agreement_update_moves_the_due_date_with_history(run, enrolled, tmp_path):
    header = "sagsnr;aftale;ansvarlig;frist;status\n"
    write(tmp_path / "a.csv", header + "2025-0412;Køreskole;Peter Dam;01-12-2026;åben\n")
    assert run("import", "agreements", str(tmp_path / "a.csv")).exit_code == 0
    write(tmp_path / "b.csv", header + "2025-0412;køreskole;peter dam;15-12-2026;udført\n")
    result = run("import", "agreements", str(tmp_path / "b.csv"), "--update")
    assert result.exit_code == 0, result.stderr
    assert rows(enrolled, "SELECT due, first_due, status, done_on FROM agreement") == [
        ("2026-12-15", "2026-12-01", "done", "2026-11-28")
    ]
    assert rows(enrolled, "SELECT event, old_due, new_due FROM agreement_event ORDER BY id") == [
        ("moved", "2026-12-01", "2026-12-15"),
        ("kept", "2026-12-15", None),
    ]
    # the same history as 'efter agreement move' and 'done' keep (one write path)
    add = ("agreement", "add", "2025-0412", "--what", "Bank", "--owner", "Peter Dam")
    assert run(*add, "--due", "01-12-2026").exit_code == 0
    assert run("agreement", "move", "2", "--due", "15-12-2026").exit_code == 0
    assert run("agreement", "done", "2").exit_code == 0
    events = rows(
        enrolled,
        "SELECT agreement_id, meeting_id, event, on_date, old_due, new_due FROM agreement_event "
        "ORDER BY id",
    )
    assert [e[1:] for e in events if e[0] == 1] == [e[1:] for e in events if e[0] == 2]
    assert rows(enrolled, "SELECT due, first_due, status, done_on FROM agreement WHERE id = 2") == [
        ("2026-12-15", "2026-12-01", "done", "2026-11-28")
    ]


# --- bad input: a report, exit 1, the case file as before ---------------------------------


def rejected(run, casefile: Path, kind: str, source: Path | str, *extra: str, input: Any = None):
    before = snapshot(casefile)
    result = run("import", kind, str(source), *extra, input=input)
    assert result.exit_code == 1, result.stderr
    assert result.stdout == "" or "--json" in extra
    assert "Traceback" not in result.stderr
    assert snapshot(casefile) == before
    return result


def nothing(path: Any, problems: int, rows: int | None = None, of: int | None = None) -> str:
    counted = f" ({rows} of {of} rows rejected)" if of else ""
    plural = "s" if problems != 1 else ""
    return (
        f"Nothing was imported from {path}: {problems} problem{plural}{counted}. "
        "Correct the file and import it again.\n"
    )


def test_wrong_encodings(run, casefile, tmp_path):
    utf16 = write(tmp_path / "a.csv", YOUTH_HEADER + "A;Ærø;01-01-2009;;;\n", "utf-16")
    result = rejected(run, casefile, "youth", utf16)
    assert result.stderr == (
        "line 1: the file is UTF-16 ('Unicode text'), which efter does not read; save it as "
        "'CSV UTF-8' (or 'CSV (semicolon separated)')\n" + nothing(utf16, 1)
    )
    undefined = tmp_path / "b.csv"
    undefined.write_bytes(b"ref;name;born\nA;B\x81rge;01-01-2009\n")
    result = rejected(run, casefile, "youth", undefined)
    assert result.stderr == (
        "line 2: the file is neither UTF-8 nor Windows-1252 text; save it from the spreadsheet "
        "program as 'CSV UTF-8'\n"
        + nothing(undefined, 1, 1, 1).replace(" (1 of 1 rows rejected)", "")
    )
    mixed = tmp_path / "c.csv"
    mixed.write_bytes("ref;name;born\nA;Søren;01-01-2009\n".encode() + b"B;S\xf8ren;01-01-2009\n")
    result = rejected(run, casefile, "youth", mixed)
    assert result.stderr.splitlines()[0] == (
        "line 3: this line is not UTF-8 although the lines before it are, so the file mixes "
        "encodings; save the whole file again as 'CSV UTF-8'"
    )


def test_ragged_rows_are_reported_with_their_line(run, casefile, tmp_path):
    path = write(
        tmp_path / "in.csv",
        "ref;name;born\nA;Ane;01-01-2009\nB;Bo\nC;Cai;01-01-2009;extra\nD;Dan;01-01-2009;;\n",
    )
    result = rejected(run, casefile, "youth", path)
    message = (
        "the row has {} cells but the header has 3; look for a missing or extra separator, or "
        'put text that contains one in quotes ("...")'
    )
    assert result.stderr == (
        f"line 3: {message.format(2)}\nline 4: {message.format(4)}\n" + nothing(path, 2, 2, 4)
    )


def test_unknown_and_missing_columns(run, casefile, tmp_path):
    unknown = write(tmp_path / "a.csv", "sagsnr;navn;fødselsdato;farve\nA;Ane;01-01-2009;blå\n")
    result = rejected(run, casefile, "youth", unknown)
    assert result.stderr == (
        "line 1, column farve: unknown column for youth; rename it to one of ref, name, born, "
        "cpr, municipality, home_municipality, legal_basis, placed_from, placement_site, housing, programme, "
        "cohort, coordinator, start, note, phone, email, address (or a Danish name such as sagsnr) or remove it\n"
        + nothing(unknown, 1)
    )
    missing = write(tmp_path / "b.csv", "navn;fødselsdato\nAne;01-01-2009\n")
    result = rejected(run, casefile, "youth", missing)
    assert result.stderr == (
        "line 1: the required column ref (or sagsnr) is missing; add it to the header\n"
        + nothing(missing, 1)
    )
    twice = write(tmp_path / "c.csv", "ref;sagsnr;name\nA;A;Ane\n")
    result = rejected(run, casefile, "youth", twice)
    assert result.stderr.splitlines()[0] == (
        "line 1, column sagsnr: the same column as ref; keep only one of them"
    )


def test_empty_and_header_only_files(run, casefile, tmp_path):
    empty = write(tmp_path / "a.csv", "")
    result = rejected(run, casefile, "youth", empty)
    assert result.stderr == (
        "the file is empty; export the spreadsheet again, with a header row and the rows under it\n"
        + nothing(empty, 1)
    )
    header = write(tmp_path / "b.csv", "\ufeffsagsnr;navn;fødselsdato\n;;\n")
    result = rejected(run, casefile, "youth", header)
    assert result.stderr == (
        "the file has a header but no rows; add a row for each young person under the header\n"
        + nothing(header, 1)
    )
    for text in ("", "[]", "  \n"):
        result = rejected(run, casefile, "youth", "-", "--format", "json", input=text)
        assert "no rows" in result.stderr or "empty" in result.stderr


def test_duplicate_ref_inside_the_file(run, casefile, tmp_path):
    path = write(
        tmp_path / "in.csv",
        YOUTH_HEADER
        + "A-1;Ane;01-01-2009;;;\nA-2;Bo;31-02-2008;;;\nA-1;Ane B;01-01-2009;;;\nA-2;Bo;01-02-2008;;;\n",
    )
    result = rejected(run, casefile, "youth", path)
    assert result.stderr == (
        "line 3, column fødselsdato: '31-02-2008' does not exist (February 2008 has no day 31); write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026)\n"
        "line 4, column sagsnr: A-1 is also on line 2; each young person may appear once in a "
        "file: merge the two rows or remove one\n"
        "line 5, column sagsnr: A-2 is also on line 3; each young person may appear once in a "
        "file: merge the two rows or remove one\n" + nothing(path, 3, 3, 4)
    )


def test_every_problem_of_every_row_is_listed(run, casefile, tmp_path):
    path = write(
        tmp_path / "in.csv",
        "sagsnr;navn;fødselsdato;cpr;boform;startdato\n"
        ";Ane;01-01-2009;;;\n"
        "B;;01-01-2009;;slot;\n"
        "C;Cai;;;;\n"
        "D;Dan;01-01-2000;;;01-09-2025\n"
        "E;Eva;02-02-2009;010109-1234;;\n"
        "F;Fie;01-01-2009;311309-1234;;\n",
    )
    result = rejected(run, casefile, "youth", path)
    assert "1234" not in result.stderr
    assert result.stderr == (
        "line 2, column sagsnr: the ref is empty; give every young person their case number "
        "(sagsnr), which efter uses to recognise them on the next import\n"
        "line 3, column navn: the name is empty; give the young person's name\n"
        "line 3, column boform: 'slot' is not a known housing form; give one of doegninstitution, opholdssted, plejefamilie, netvaerksplejefamilie, vaertsfamilie, egen-bolig, kollegium, bofaellesskab, hos-foraeldre, other\n"
        "line 4, column fødselsdato: the birth date is missing; give it (or the CPR number, which holds it)\n"
        "line 5, column fødselsdato: the young person would be 25 on the start date 2025-09-01, and efter takes young people aged 15-23; check the birth date and the start date, or add --force to enrol anyway\n"
        "line 6, column cpr: the birth date does not match the date in the CPR number; correct the CPR number or the birth date\n"
        "line 7, column cpr: the CPR number is not valid; its first six digits must be a real "
        "date (DDMMYY)\n" + nothing(path, 7, 6, 6)
    )
    forced = run("import", "youth", str(path), "--force")
    assert forced.exit_code == 1  # --force only lifts the age rule
    assert "line 5" not in forced.stderr


def test_score_outside_the_scale_and_unknown_ref_area_phase(run, enrolled, tmp_path):
    path = write(
        tmp_path / "in.csv",
        "sagsnr;livsområde;score;fase;dato;vurderet_af\n"
        "2025-0412;Bolig;6;start;01-09-2025;fagperson\n"
        "2025-0412;Bolig;0;start;01-09-2025;den unge\n"
        "2025-0412;Bolig;3,5;møde;01-10-2025;\n"
        "9999-0001;Bolig;3;start;01-09-2025;\n"
        "2025-0412;Månen;3;midt;01-09-2027;naboen\n"
        "2025-0412;Bolig;3;start;01-09-2001;\n",
    )
    result = rejected(run, enrolled, "ratings", path)
    assert result.stderr == (
        "line 2, column score: the score 6 for bolig is outside the scale 1-5; give a whole "
        "number from 1 to 5\n"
        "line 3, column score: the score 0 for bolig is outside the scale 1-5; give a whole "
        "number from 1 to 5\n"
        "line 4, column score: the score 3,5 for bolig is not a whole number; give a whole "
        "number from 1 to 5\n"
        "line 5, column sagsnr: no young person has the ref '9999-0001'; import or add them "
        "first ('efter import youth FILE' or 'efter youth add'), or correct the ref\n"
        "line 6, column livsområde: 'Månen' is not a life area; use one of uddannelse, "
        "beskaeftigelse, bolig, oekonomi, netvaerk, fysisk, psykisk, rusmidler, fritid, hverdag\n"
        "line 6, column fase: 'midt' is not a known phase; give one of start, meeting, end\n"
        "line 6, column dato: the rating date 2027-09-01 lies in the future; a rating records what was assessed, so give today or an earlier day\n"
        "line 6, column vurderet_af: 'naboen' is not a known rater; give one of youth, professional\n"
        "line 7, column dato: the rating date 2001-09-01 is before Amalie Nørgaard was born; correct it\n"
        + nothing(path, 9, 6, 6)
    )


def test_owner_who_is_not_on_the_case(run, enrolled, tmp_path):
    path = write(
        tmp_path / "in.csv",
        "sagsnr;aftale;ansvarlig;frist;status;udført_dato\n"
        "2025-0412;Ringe;Hr. Nielsen;01-12-2026;;\n"
        "2025-0412;Skrive;den unge;01-12-2026;færdig;\n"
        "2025-0412;Læse;koordinator;01-12-2026;åben;01-11-2026\n"
        "2025-0412;;koordinator;;;\n",
    )
    result = rejected(run, enrolled, "agreements", path)
    assert result.stderr == (
        "line 2, column ansvarlig: nobody called 'Hr. Nielsen' is on the case of Amalie "
        "Nørgaard (id 1); see 'efter team list 1' and 'efter network list 1', or use 'youth' or "
        "'coordinator'\n"
        "line 3, column status: 'færdig' is not an agreement status; give open, done or dropped\n"
        "line 4, column udført_dato: a done date is given but the status is open; set the "
        "status to done or empty this cell\n"
        "line 5, column aftale: the agreement text is empty; say what is to be done\n"
        "line 5, column frist: the due date is empty; give a date\n" + nothing(path, 5, 4, 4)
    )


def test_bad_meetings(run, enrolled, tmp_path):
    path = write(
        tmp_path / "in.csv",
        "sagsnr;tidspunkt;type;varighed;status\n"
        "2025-0412;03-12-2026;netværksmøde;90;planlagt\n"
        "2025-0412;03-12-2026 25:00;;;\n"
        "2025-0412;03-12-2026 14:00;fest;0;udsat\n"
        "2025-0412;2026-12-03T14:00;;;\n",
    )
    result = rejected(run, enrolled, "meetings", path)
    assert result.stderr == (
        "line 2, column tidspunkt: '03-12-2026' is not a date and time; write it as 'YYYY-MM-DD HH:MM' (2026-12-03 14:00) or 'DD-MM-YYYY HH:MM'\n"
        "line 3, column tidspunkt: '03-12-2026 25:00' has no such clock time 25:00\n"
        "line 4, column type: 'fest' is not a kind of meeting; give start, 16, 17.5, 18.5, end "
        "or network (an ordinary network meeting)\n"
        "line 4, column varighed: a meeting lasts 1 to 1440 minutes, not 0; give the length in "
        "minutes, such as 90\n"
        "line 4, column status: 'udsat' is not a meeting status; give planned, held, cancelled "
        "or no-show\n" + nothing(path, 5, 3, 4)
    )


def test_team_rows_checked_by_the_core_rules(run, enrolled, tmp_path):
    path = write(
        tmp_path / "in.csv",
        "sagsnr;rolle;navn;email;fra;til\n"
        "2025-0433;pilot;Ib;;;\n"
        "2025-0433;mentor;Ida;ib-at-example;;\n"
        "2025-0433;mentor;Ole;;01-09-2026;01-08-2026\n"
        "2025-0433;mentor;Kaj;;;\n"
        "2025-0433;jobcenter;kaj;;;\n",
    )
    result = rejected(run, enrolled, "team", path)
    assert result.stderr == (
        "line 2, column rolle: 'pilot' is not a known team role; give one of myndighedsrådgiver, ungevejleder, jobcenter, kontaktperson, anbringelsessted, plejefamilie, uddannelsessted, behandling, mentor, bostøtte, other\n"
        "line 3, column email: 'ib-at-example' is not an e-mail address; write it as name@example.dk\n"
        "line 4, column til: 2026-08-01 is before the start date 2026-09-01; give 2026-09-01 or "
        "later\n"
        "line 6, column navn: 2025-0433 kaj is also on line 5; each team member may appear once "
        "in a file: merge the two rows or remove one\n" + nothing(path, 4, 4, 5)
    )


def test_files_that_are_not_what_they_claim(run, casefile, tmp_path):
    fake = write(tmp_path / "a.xlsx", "ref;name\n")
    result = rejected(run, casefile, "youth", fake)
    assert result.stderr == (
        f"Error: {fake} is not an Excel .xlsx workbook that can be read (BadZipFile): open it "
        "in the spreadsheet program and save it again as .xlsx, or as CSV.\n"
    )
    broken = write(
        tmp_path / "b.json", '[{"ref": "A", "name": "Ane", "born": "2009-01-01"},\n {"ref": '
    )
    result = rejected(run, casefile, "youth", broken)
    assert result.stderr.splitlines()[0] == (
        "line 2: the file is not valid JSON (Expecting value); correct it"
    )
    lines = write(
        tmp_path / "c.jsonl",
        '{"ref": "A", "name": "Ane", "born": "2009-01-01"}\nnot json\n[1]\n{"ref": "B", "colour": 1, "name": {}}\n',
    )
    result = rejected(run, casefile, "youth", lines)
    assert result.stderr == (
        "line 2: the line is not valid JSON (Expecting value); correct it\n"
        'line 3: this item is not an object; write each row as {"ref": ..., ...}\n'
        "line 4, column colour: unknown key for youth; rename it to one of ref, name, born, cpr, "
        "municipality, home_municipality, legal_basis, placed_from, placement_site, housing, programme, "
        "cohort, coordinator, start, note, phone, email, address or remove it\n"
        "line 4, column name: the value is a list or object; give text or a number\n"
        "line 4: the key name is missing; add it\n" + nothing(lines, 5, 3, 4)
    )
    old = write(tmp_path / "d.xls", "x")
    result = rejected(run, casefile, "youth", old)
    assert result.stderr == (
        f"Error: {old} is a .xls spreadsheet, which efter does not read: save it from the "
        "spreadsheet program as Excel .xlsx or as CSV and import that.\n"
    )
    result = rejected(run, casefile, "youth", tmp_path / "nope.csv")
    assert result.stderr == f"Error: There is no file {tmp_path / 'nope.csv'}: check the path.\n"


def test_a_300_mb_file_is_refused_before_it_is_read(run, casefile, tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)
    result = rejected(run, casefile, "youth", big)
    assert result.stderr == (
        f"Error: {big} is 300.0 MB, above the import limit of 256.0 MB: split it into smaller "
        "files (an import of a few thousand rows is far below the limit), or check that it is "
        "the right file.\n"
    )


def test_a_file_the_size_of_50000_young_peoples_ratings_is_read(run, casefile, tmp_path):
    """75 MB: the ratings of 50,000 young people (1,500,000 rows). Not refused for its size:
    it is read, and what is wrong with it is said (here: a header, then NUL bytes)."""
    big = tmp_path / "ratings.csv"
    with big.open("wb") as handle:
        handle.write(b"ref;area;score;phase;date\n")
        handle.truncate(75 * 1024 * 1024)
    result = rejected(run, casefile, "ratings", big)
    assert result.stderr == (
        "line 2: the file is UTF-16 ('Unicode text'), which efter does not read; save it as "
        "'CSV UTF-8' (or 'CSV (semicolon separated)')\n"
        f"Nothing was imported from {big}: 1 problem. Correct the file and import it again.\n"
    )


def test_stdin_above_the_limit_is_refused(run, casefile, monkeypatch):
    from efter.transfer import readers

    monkeypatch.setattr(readers, "MAX_BYTES", 1024)
    result = rejected(run, casefile, "youth", "-", input=b"ref;name\n" + b"A;B\n" * 400)
    assert result.stderr == (
        "Error: The input on stdin is more than 0.0 MB, above the import limit of 0.0 MB: split "
        "it into smaller files (an import of a few thousand rows is far below the limit), or "
        "check that it is the right file.\n"
    )


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_the_first_problem_is_found_without_reading_the_whole_file(tmp_path, fmt):
    from efter.transfer import readers
    from efter.transfer.kinds import registry
    from efter.transfer.rows import Problem

    kind = registry()["youth"]
    good = {"ref": "A", "name": "Ane", "born": "2009-01-01"}
    path = tmp_path / f"big.{fmt}"
    count = 250_000 if fmt == "csv" else 100_000
    with path.open("w", encoding="utf-8") as handle:
        if fmt == "csv":
            handle.write("ref;name;born\nA;Ane;01-01-2009;surplus\n")
            handle.writelines(f"R{n};Ane;01-01-2009\n" for n in range(count))
        elif fmt == "jsonl":
            handle.write('{"ref": "A", "name": "Ane", "born": "2009-01-01", "colour": 1}\n')
            handle.writelines(json.dumps(good) + "\n" for _ in range(count))
        else:
            handle.write('[{"ref": "A", "colour": 1},\n')
            handle.writelines(json.dumps(good) + ",\n" for _ in range(count))
            handle.write(json.dumps(good) + "]\n")
    source = readers.open_source(str(path))
    try:
        first = next(iter(readers.read(source, fmt, kind)))
        assert isinstance(first, Problem)
        assert source.size > 4_000_000
        assert source.done < 200_000  # bytes read so far: a few chunks, not the file
    finally:
        source.close()


def test_usage_errors_exit_2(run, casefile):
    result = run("import", "pets", "x.csv")
    assert result.exit_code == 2
    assert (
        "'pets' is not a kind: give youth, team, network, meetings, agreements, ratings, "
        "status, measures, programmes (forløb: periods in programmes), closed (afsluttede) or "
        "prices (priser)." in result.stderr
    )
    result = run("import", "youth", "-", "--format", "xml", input="")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'xml' is not a format: give --format one of auto, csv, xlsx, json, jsonl.\n"
    )


@pytest.mark.laptop_only("a case file that does not exist")
def test_a_missing_case_file_is_named_before_stdin_is_read(run, env):
    result = run("import", "youth", "-", input="ref;name\n")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: There is no case file at {env}: create one with")


def test_demo_builds_through_the_importer(run, tmp_path):
    result = run("demo", "--dir", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.stderr
    assert (
        "Enrolled 6 young people with 12 people around them, 11 meetings and 7 agreements "
        "(imported from examples/ as 'efter import' does).\n"
        "The address book holds 5 professionals; Lene Bach (person 1, 2 cases) and Peter Dam "
        "(person 2, 2 cases) sit on more than one case: a phone number changed once ('efter "
        "person edit') changes on every case.\n"
        "Recorded 82 ratings of life areas for 6 of them.\n"
    ) in result.stderr
    db = tmp_path / "demo" / "casefile.db"
    assert rows(db, "SELECT count(*) FROM rating") == [(82,)]


def test_progress_bar_only_on_a_terminal_for_larger_files(monkeypatch, tmp_path):
    from efter.cli import transfer
    from efter.transfer.readers import Source

    handle = tmp_path.joinpath("x.csv").open("wb+")
    big = Source("big.csv", handle, 10**6)
    small = Source("small.csv", handle, 1000)
    assert transfer._Bar(big).callback is None  # pytest's stderr is not a terminal
    monkeypatch.setattr(transfer.sys, "stderr", _Terminal())
    assert transfer._Bar(small).callback is None
    bar = transfer._Bar(big)
    assert bar.callback is not None
    with bar:
        big.done = 500_000
        for _ in range(100):
            bar.tick()
        assert bar.progress.rich.tasks[0].completed == 500_000
        bar.writing(200, 400)
        task = bar.progress.rich.tasks[0]
        assert (task.description, task.completed, task.total) == ("Writing big.csv", 200, 400)
    big.close()


class _Terminal:
    """A stderr that says it is a terminal (and swallows what the bar draws)."""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def test_empty_cells_keep_stored_dates_and_statuses_on_update(run, enrolled, tmp_path):
    assert run("import", "meetings", str(EXAMPLES / "meetings.csv")).exit_code == 0
    youth = write(tmp_path / "y.csv", "ref;name;born;start;note\n2025-0412;Amalie Nørgaard;;;\n")
    result = run("import", "youth", str(youth), "--update")
    assert result.exit_code == 0, result.stderr
    assert "0 updated, 1 unchanged" in result.stderr
    meeting = write(
        tmp_path / "m.csv", "ref;starts;status;duration;place\n2025-0412;2025-09-01 14:00;;;\n"
    )
    result = run("import", "meetings", str(meeting), "--update")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "line 2: update 2025-0412 2025-09-01 14:00: place 'Børn & Kultur, Esbjerg' -> (empty)"
    )
    assert rows(enrolled, "SELECT status, duration, place FROM meeting WHERE id = 1") == [
        ("held", 90, None)
    ]


def test_json_summary_on_stdout_when_rows_are_rejected(run, casefile, tmp_path):
    path = write(tmp_path / "in.csv", "ref;name;born\nA;Ane;31-02-2009\nB;Bo;01-01-2009\n")
    result = rejected(run, casefile, "youth", path, "--json")
    summary = json.loads(result.stdout)
    assert summary == {
        "kind": "youth",
        "file": str(path),
        "format": "csv",
        "dry_run": False,
        "written": False,
        "rows": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "problems": [
            {
                "where": "line 2",
                "column": "born",
                "message": "'31-02-2009' does not exist (February 2009 has no day "
                "31); write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026)",
            }
        ],
        "records": [{"where": "line 3", "action": "create", "record": "B Bo", "changes": {}}],
    }


def test_xlsx_from_stdin_and_sheet_only_for_workbooks(run, casefile, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["ref", "name", "born", "note"])
    workbook.active.append(["S-1", "Sif", "2009-09-09", "'=1+1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run("import", "youth", "-", input=buffer.getvalue())
    assert result.exit_code == 0, result.stderr
    assert rows(casefile, "SELECT ref, note FROM youth") == [("S-1", "=1+1")]
    result = rejected(run, casefile, "youth", "-", "--sheet", "Ark1", input="ref;name\n")
    assert result.stderr == (
        "Error: --sheet is for Excel workbooks: leave it out for CSV and JSON files.\n"
    )


ANY_CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12
) | st.sampled_from(
    ["2025-0412", "01-09-2025", "2026-12-03 14:00", "bolig", "3", "mentor", "=1", ""]
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["youth", "team", "network", "meetings", "agreements", "ratings"]),
    cells=st.lists(st.lists(ANY_CELL, min_size=1, max_size=9), min_size=1, max_size=4),
    separator=st.sampled_from([",", ";"]),
)
def test_any_cells_give_a_report_or_an_import_never_a_crash(run, enrolled, kind, cells, separator):
    from efter.transfer.kinds import registry

    header = registry()[kind].header()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator)
    writer.writerow(header)
    writer.writerows(cells)
    before = snapshot(enrolled)
    result = run("import", kind, "-", "--update", input=buffer.getvalue().encode())
    assert result.exit_code in (0, 1), result.stderr
    assert "internal error" not in result.stderr
    if result.exit_code == 1:
        assert snapshot(enrolled) == before
        assert result.stderr.endswith("Correct the file and import it again.\n")


def test_import_warns_about_a_caseload_above_the_limit(run, casefile, tmp_path):
    assert run("config", "set", "caseload-limit", "3").exit_code == 0
    result = run("import", "youth", str(EXAMPLES / "youth.csv"))
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: Mette Holm now has 4 active cases, above the limit of 3 (change it with "
        "'efter config set caseload-limit N').\n"
        f"Imported {EXAMPLES / 'youth.csv'}: 6 created, 0 updated, 0 unchanged, 0 rejected.\n"
    )


def test_excel_sep_line_and_blank_lines_before_the_header_keep_line_numbers(
    run, casefile, tmp_path
):
    path = write(tmp_path / "in.csv", "sep=,\r\n\r\nref,name,born\r\nA,Ane;B,31-02-2009\r\n")
    result = rejected(run, casefile, "youth", path)
    assert result.stderr.splitlines()[0].startswith(
        "line 4, column born: '31-02-2009' does not exist"
    )
    fixed = write(tmp_path / "ok.csv", "SEP=;\nref;name;born\nA;Ane, B;01-02-2009\n")
    assert run("import", "youth", str(fixed)).exit_code == 0
    assert rows(casefile, "SELECT ref, name FROM youth") == [("A", "Ane, B")]


def test_a_long_list_of_problems_is_cut_on_stderr_but_whole_in_json(run, casefile, tmp_path):
    bad = "".join(f"R{n};Ane;31-02-2009\n" for n in range(150))
    path = write(tmp_path / "in.csv", "ref;name;born\n" + bad)
    result = rejected(run, casefile, "youth", path)
    lines = result.stderr.splitlines()
    assert len(lines) == 102
    assert lines[99].startswith("line 101, column born:")
    assert lines[100] == "... and 50 more problems (--json lists them all)."
    assert lines[101] == (
        f"Nothing was imported from {path}: 150 problems (150 of 150 rows rejected). "
        "Correct the file and import it again."
    )
    summary = json.loads(rejected(run, casefile, "youth", path, "--json").stdout)
    assert len(summary["problems"]) == 150


def test_xlsx_formula_without_a_saved_result_is_reported(run, casefile, tmp_path):
    """A workbook written by a program (not saved by Excel) holds formulas without their
    results: the cell would read as empty, so efter says so instead of importing a blank."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Sagsnr", "Navn", "Fødselsdato", "Kommune"])
    sheet.append(["F-1", "Amalie", "2009-03-14", "Esbjerg"])
    sheet.append(["F-2", "Bo", "2008-11-02", '=CONCATENATE("Es","bjerg")'])
    path = tmp_path / "formler.xlsx"
    workbook.save(path)
    before = snapshot(casefile)
    result = run("import", "youth", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "row 3, column Kommune: the cell holds a formula whose result was never saved, so "
        "there is no value to read; open the workbook in a spreadsheet program and save it, "
        "or type the value"
    )
    assert snapshot(casefile) == before
