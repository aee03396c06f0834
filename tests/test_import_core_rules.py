"""The meetings and agreements importers use the meetings core's rules (efter.core.meetings,
.agreements, .persons): what the core refuses, an import refuses too, all or nothing."""

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(row) for row in conn.execute(sql)]
    finally:
        conn.close()


@pytest.fixture
def enrolled(run: Any, casefile: Path) -> Path:
    for kind in ("youth", "team", "network"):
        result = run("import", kind, str(EXAMPLES / f"{kind}.csv"))
        assert result.exit_code == 0, result.stderr
    return casefile


def rejected(run: Any, casefile: Path, kind: str, path: Path, *extra: str) -> Any:
    before = snapshot(casefile)
    result = run("import", kind, str(path), *extra)
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert snapshot(casefile) == before
    return result


def test_owner_on_another_case_or_gone_by_a_short_name_is_refused(
    run: Any, enrolled: Path, tmp_path: Path
) -> None:
    [(peter,)] = rows(enrolled, "SELECT id FROM member WHERE name = 'Peter Dam' AND youth_id = 1")
    assert run("team", "end", str(peter), "--date", "2026-10-31").exit_code == 0
    path = write(
        tmp_path / "a.csv",
        "sagsnr;aftale;ansvarlig;frist;status;udført_dato\n"
        "2025-0419;Ringe til skolen;Onkel Bent [genfundet];01-12-2026;;\n"
        "2025-0412;Søge SU;Peter Dam;01-12-2026;åben;\n"
        "2025-0412;Finde praktik;peter;01-12-2026;;\n",
    )
    result = rejected(run, enrolled, "agreements", path)
    assert result.stderr == (
        "line 2, column ansvarlig: Onkel Bent [genfundet] is not on the case of Mathias "
        "Østergaard (id 2); add them with 'efter team add' or 'efter network add', or choose "
        "someone who is\n"
        "line 3, column ansvarlig: Peter Dam is not on the case of Amalie Nørgaard (id 1); add "
        "them with 'efter team add' or 'efter network add', or choose someone who is\n"
        "line 4, column ansvarlig: nobody called 'peter' is on the case of Amalie Nørgaard "
        "(id 1); see 'efter team list 1' and 'efter network list 1', or use 'youth' or "
        "'coordinator'\n"
        f"Nothing was imported from {path}: 3 problems (3 of 3 rows rejected). Correct the file "
        "and import it again.\n"
    )  # line 3: a new open agreement (no made date) for someone who has left, as 'agreement add'
    # A made date says the agreement was made before, while he was on the case: it imports.
    made = write(
        tmp_path / "m.csv",
        "sagsnr;aftale;ansvarlig;frist;status;aftalt_dato\n"
        "2025-0412;Søge SU;Peter Dam;01-12-2026;åben;15-10-2026\n",
    )
    assert run("import", "agreements", str(made), "--dry-run").exit_code == 0
    # What Peter Dam did while he was on the case still imports, as history.
    history = write(
        tmp_path / "h.csv",
        "sagsnr;aftale;ansvarlig;frist;status;udført_dato\n"
        "2025-0412;Søge SU;Peter Dam;01-10-2026;udført;20-09-2026\n"
        "2025-0412;Ringe til UU;peter d;01-10-2026;droppet;\n"
        "2025-0412;Skrive CV;Hanne;01-12-2026;;\n",
    )
    result = run("import", "agreements", str(history))
    assert result.exit_code == 0, result.stderr
    assert rows(
        enrolled,
        "SELECT a.what, a.owner, m.name, a.status FROM agreement a "
        "LEFT JOIN member m ON m.id = a.owner_member_id ORDER BY a.id",
    ) == [
        ("Søge SU", "member", "Peter Dam", "done"),
        ("Ringe til UU", "member", "Peter Dam", "dropped"),
        ("Skrive CV", "member", "Hanne Friis", "open"),
    ]


def test_a_member_id_names_the_owner_like_agreement_add(
    run: Any, enrolled: Path, tmp_path: Path
) -> None:
    [(lene,)] = rows(enrolled, "SELECT id FROM member WHERE name = 'Lene Bach' AND youth_id = 1")
    path = write(
        tmp_path / "a.csv", f"ref;what;owner;due\n2025-0412;Sende bevilling;{lene};2026-12-01\n"
    )
    assert run("import", "agreements", str(path)).exit_code == 0
    assert rows(enrolled, "SELECT owner, owner_member_id FROM agreement") == [("member", lene)]


def test_agreement_text_is_checked_by_the_core(run: Any, enrolled: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.json",
        '[\n{"ref": "2025-0412", "what": "   ", "owner": "youth", "due": "2026-12-01"},\n'
        '{"ref": "2025-0412", "what": "Ring\\u0000e", "owner": "youth", "due": "2026-12-01"}\n]\n',
    )
    result = rejected(run, enrolled, "agreements", path)
    assert result.stderr == (
        "line 2, column what: the agreement text is empty; say what is to be done\n"
        "line 3, column what: the value contains a NUL character; remove it and try again\n"
        f"Nothing was imported from {path}: 2 problems (2 of 2 rows rejected). Correct the file "
        "and import it again.\n"
    )


def test_closed_case_gets_no_new_plans_but_keeps_its_history(
    run: Any, enrolled: Path, tmp_path: Path
) -> None:
    assert run("youth", "close", "2025-0412", "--outcome", "education").exit_code == 0
    meetings = write(
        tmp_path / "m.csv",
        "sagsnr;tidspunkt;type;status\n"
        "2025-0412;14-01-2027 14:00;netværksmøde;planlagt\n"
        "2025-0412;10-02-2026 14:00;netværksmøde;afholdt\n",
    )
    result = rejected(run, enrolled, "meetings", meetings)
    assert result.stderr == (
        "line 2, column status: the case of Amalie Nørgaard (id 1) is closed (on 2026-11-28); "
        "reopen it with 'efter youth reopen 1' to plan meetings\n"
        f"Nothing was imported from {meetings}: 1 problem (1 of 2 rows rejected). Correct the "
        "file and import it again.\n"
    )
    agreements = write(
        tmp_path / "a.csv",
        "sagsnr;aftale;ansvarlig;frist;status;udført_dato\n"
        "2025-0412;Søge SU;den unge;01-12-2026;åben;\n"
        "2025-0412;Tilmelde køreskole;den unge;31-10-2025;udført;20-10-2025\n",
    )
    result = rejected(run, enrolled, "agreements", agreements)
    assert result.stderr.splitlines()[0] == (
        "line 2, column status: the case of Amalie Nørgaard (id 1) is closed (on 2026-11-28); "
        "reopen it with 'efter youth reopen 1' to make agreements"
    )
    # The history alone imports.
    write(meetings, "sagsnr;tidspunkt;type;status\n2025-0412;10-02-2026 14:00;;afholdt\n")
    assert run("import", "meetings", str(meetings)).exit_code == 0
    write(
        agreements,
        "sagsnr;aftale;ansvarlig;frist;status;udført_dato\n"
        "2025-0412;Tilmelde køreskole;den unge;31-10-2025;udført;20-10-2025\n",
    )
    assert run("import", "agreements", str(agreements)).exit_code == 0
    assert rows(enrolled, "SELECT status FROM meeting") == [("held",)]
    assert rows(enrolled, "SELECT status FROM agreement") == [("done",)]


def test_meetings_stored_as_the_core_stores_them(
    run: Any, enrolled: Path, tmp_path: Path, json_of: Any
) -> None:
    path = write(
        tmp_path / "m.csv",
        "sagsnr;tidspunkt;type;sted;varighed\n"
        "2025-0412;14-01-2027 14:00;opstart;Ungeindsatsen;60.0\n"
        "2025-0412;20-01-2027 10:00;Milepælsmøde;;\n",
    )
    assert run("import", "meetings", str(path)).exit_code == 0
    assert rows(enrolled, "SELECT starts, kind, duration, place, sequence FROM meeting") == [
        ("2027-01-14T14:00", "start", 60, "Ungeindsatsen", 0),
        ("2027-01-20T10:00", "milestone", 90, None, 0),
    ]
    # The same kinds are known to 'efter meeting plan'.
    planned = run("meeting", "plan", "1", "--at", "2027-02-02 10:00", "--kind", "opstart")
    assert planned.exit_code == 0, planned.stderr
    assert json_of("meeting", "list", "1")[-1]["kind"] == "start"
    # A changed meeting gets a new calendar sequence, as 'meeting move' and 'cancel' give it.
    write(path, "sagsnr;tidspunkt;sted;status\n2025-0412;2027-01-14 14:00;Jobcentret;aflyst\n")
    result = run("import", "meetings", str(path), "--update")
    assert result.exit_code == 0, result.stderr
    assert rows(enrolled, "SELECT starts, place, status, sequence FROM meeting WHERE id = 1") == [
        ("2027-01-14T14:00", "Jobcentret", "cancelled", 1)
    ]
    again = run("import", "meetings", str(path), "--update")
    assert "0 updated, 1 unchanged" in again.stderr
    assert rows(enrolled, "SELECT sequence FROM meeting WHERE id = 1") == [(1,)]


def test_bad_duration_and_nul_in_meeting_text(run: Any, enrolled: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path / "m.jsonl",
        '{"ref": "2025-0412", "starts": "2027-01-14 14:00", "duration": "halvanden time"}\n'
        '{"ref": "2025-0412", "starts": "2027-01-15 14:00", "place": "Hjem\\u0000me"}\n'
        '{"ref": "2025-0412", "starts": "2027-01-16 14:00", "duration": "2000"}\n',
    )
    result = rejected(run, enrolled, "meetings", path)
    assert result.stderr == (
        "line 1, column duration: the duration 'halvanden time' is not a whole number of "
        "minutes; give the length in minutes, such as 90\n"
        "line 2, column place: the value contains a NUL character; remove it and try again\n"
        "line 3, column duration: a meeting lasts 1 to 1440 minutes, not 2000; give the length "
        "in minutes, such as 90\n"
        f"Nothing was imported from {path}: 3 problems (3 of 3 rows rejected). Correct the file "
        "and import it again.\n"
    )
