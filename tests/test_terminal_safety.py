"""Issue 14 item 1: terminal injection. Whatever is stored (an older efter stored control
characters; a file can be written to directly), nothing efter prints to a terminal carries a
control character or a bidi control: tables, show blocks, talk on stderr, JSON, documents
written to stdout, errors. The input side (every free-text field of every command refuses
them) is tests/test_text_fields.py."""

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from meeting_case import build

ESC = "\x1b[2J\x1b[31m"
RLO = "\u202e"
EVIL = f"{ESC}x{RLO}y\x9b1m"

# Every free-text column the issue names (and the rest of the people's text), by table.
COLUMNS = {
    "youth": ["name", "ref", "municipality", "home_municipality", "placement_site",
              "programme", "cohort", "coordinator", "note", "phone", "email", "address"],
    # the address book first: its trigger writes a professional's text to their team rows
    "professional": ["name", "organisation", "phone", "email", "address"],
    "member": ["name", "organisation", "phone", "email", "address", "note"],
    "meeting": ["place", "leader", "minute_taker", "minutes", "status_note"],
    "goal": ["text"],
    "agreement": ["what", "drop_reason"],
    "agreement_event": ["note"],
    "measure": ["provider", "note"],
    "youth_status": ["note"],
    "deadline_met": ["note"],
    "programme_price": ["programme"],
    "life_area": ["label_da", "label_en"],
}  # fmt: skip

COMMANDS = [
    ("youth", "list"),
    ("youth", "show", "1"),
    ("team", "list", "1", "--all"),
    ("network", "list", "1", "--all"),
    ("agreement", "list", "1"),
    ("agreement", "list", "1", "--json"),
    ("meeting", "list", "1"),
    ("meeting", "show", "1"),
    ("meeting", "show", "2"),
    ("meeting", "agenda", "2"),
    ("meeting", "minutes", "1"),
    ("meeting", "form", "1"),
    ("goal", "list", "1"),
    ("due", "--within", "400"),
    ("measure", "list", "1"),
    ("status", "1"),
    ("programme", "list"),
    ("contract", "render", "1"),
    ("document", "measures", "1"),
    ("document", "network-map", "1"),
    ("areas", "list"),
    ("report", "caseload"),
]


@pytest.fixture
def poisoned(run: Any, casefile: Path) -> Path:
    """A case with every kind of record, then every free-text column given control and bidi
    characters straight in the file (as efter before issue 14 stored them)."""
    build(run)
    steps = [
        ("youth", "edit", "1", "--programme", "Vejen", "--note", "n", "--municipality", "Esbjerg",
         "--home-municipality", "Vejle", "--placement-site", "Opholdsstedet", "--cohort", "H1",
         "--phone", "12345678", "--email", "a@x.dk", "--address", "Vej 1"),
        ("team", "add", "1", "--role", "mentor", "--name", "Kim", "--organisation", "Org",
         "--phone", "12345678", "--email", "k@x.dk", "--address", "Gade 2", "--note", "n",
         "--from", "2025-09-01"),
        ("network", "add", "1", "--role", "ven", "--name", "Ib", "--organisation", "Klubben",
         "--phone", "87654321", "--email", "ib@x.dk", "--address", "Sti 3"),
        ("meeting", "plan", "1", "--at", "2026-10-01 10:00", "--place", "Rådhuset",
         "--leader", "Mette Holm", "--minute-taker", "Peter Dam", "--force"),
        ("meeting", "held", "1", "--attended", "youth"),
        ("meeting", "plan", "1", "--at", "2027-01-14 14:00", "--place", "Rådhuset",
         "--leader", "Mette Holm", "--minute-taker", "Peter Dam"),
        ("meeting", "plan", "1", "--at", "2027-02-14 14:00"),
        ("meeting", "cancel", "3", "--reason", "Syg"),
        ("goal", "add", "1", "--area", "uddannelse", "--text", "Mål"),
        ("agreement", "add", "1", "--what", "Søge SU", "--owner", "youth", "--due", "2026-12-01"),
        ("agreement", "add", "1", "--what", "Finde bolig", "--owner", "youth",
         "--due", "2026-12-01"),
        ("agreement", "move", "2", "--due", "2027-02-01", "--note", "flyttet"),
        ("agreement", "add", "1", "--what", "Tredje", "--owner", "youth", "--due", "2026-12-01"),
        ("agreement", "drop", "3", "--reason", "droppet"),
        ("measure", "add", "1", "kontaktperson", "--provider", "Kommunen", "--note", "n",
         "--from", "2025-09-01"),
        ("status", "1", "--education", "none", "--work", "none", "--from", "2025-09-01",
         "--note", "n"),
        ("deadline", "met", "1", "ungeplan", "--date", "2025-09-01", "--note", "n"),
        ("programme", "price", "Vejen", "1000"),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.stderr)
    conn = sqlite3.connect(casefile)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE meeting SET minutes = 'Referat' WHERE id = 1")
        for table, columns in COLUMNS.items():
            # a team member's text is their professional's (a trigger keeps the two equal)
            for column in columns:
                shared = table == "member" and column != "note"
                mine = " AND professional_id IS NULL" if shared else ""
                conn.execute(
                    f"UPDATE {table} SET {column} = {column} || ? WHERE {column} IS NOT NULL{mine}",
                    (EVIL,),
                )
                # ends with EVIL (not LIKE: PostgreSQL refuses it on a case-blind collation)
                poisoned = conn.execute(
                    f"SELECT count(*) FROM {table} "
                    f"WHERE substr({column}, length({column}) - length(?) + 1) = ?",
                    (EVIL, EVIL),
                ).fetchone()[0]
                assert poisoned, (table, column)
        conn.commit()
    finally:
        conn.close()
    return casefile


def clean(text: str) -> bool:
    return not any(ch in text for ch in ("\x1b", RLO, "\x9b"))


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_stored_control_and_bidi_characters_never_reach_the_terminal(
    run: Any, poisoned: Path, command: tuple[str, ...]
) -> None:
    result = run(*command)
    assert "Traceback" not in result.stderr
    assert clean(result.stdout), result.stdout
    assert clean(result.stderr), result.stderr
    assert result.stdout or result.stderr


def test_the_characters_show_as_visible_escapes(run: Any, poisoned: Path) -> None:
    listing = run("agreement", "list", "1")
    assert listing.exit_code == 0, listing.stderr
    assert "\\x1b[2J\\x1b[31mx\\u202ey\\x9b1m" in listing.stdout.replace("\n", "").replace(" ", "")
    shown = run("meeting", "show", "1")
    assert "Referat\\x1b[2J" in shown.stdout
    # JSON keeps the data (json.loads gives back the stored text) and escapes it for a screen.
    import json

    data = run("agreement", "list", "1", "--json")
    assert json.loads(data.stdout)[0]["what"].endswith(EVIL)
    assert "\\u001b[2J" in data.stdout and "\\u202e" in data.stdout


def test_an_error_quoting_a_stored_value_is_neutralised(run: Any, poisoned: Path) -> None:
    # youth edit names the young person by the stored name in its refusal.
    result = run("youth", "edit", "1", "--born", "2030-01-01")
    assert result.exit_code == 1
    assert clean(result.stderr) and result.stderr.count("\n") == 1


def test_import_errors_are_neutralised(run: Any, casefile: Path, tmp_path: Path) -> None:
    build(run)
    path = tmp_path / "a.csv"
    path.write_text(
        "ref,what,owner,due,status\n"
        f"2025-0412,Søge SU,youth,{EVIL},open\n"
        f"2025-0412,Søge SU 2,Kim{EVIL},2027-01-01,open\n"
        f"2025-0412,Søge SU 3,youth,2027-01-01,{EVIL}\n"
        f"{EVIL},Søge SU 4,youth,2027-01-01,open\n",
        encoding="utf-8",
    )
    for extra in ((), ("--json",)):
        result = run("import", "agreements", str(path), *extra)
        assert result.exit_code == 1
        assert clean(result.stdout + result.stderr), result.stdout + result.stderr
