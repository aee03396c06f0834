"""A young person with everything a contract shows, for the document tests.

Goals, agreements and meetings are inserted with SQL: the commands that fill them live on other
branches, and the documents read the shared m001 tables directly.
"""

import sqlite3
from pathlib import Path
from typing import Any


def make_case(run: Any, db: Path, name: str = "Amalie Nørgaard") -> str:
    result = run(
        "youth", "add", name, "--ref", "2025-0412", "--born", "14-03-2009",
        "--municipality", "Esbjerg", "--placement-site", "Opholdsstedet Vestkysten",
        "--programme", "Vejen til uddannelse og beskæftigelse", "--coordinator", "Mette Holm",
        "--start", "01-09-2025",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    youth = result.stdout.strip()
    for args in (
        ("team", "add", youth, "--role", "myndighedsrådgiver", "--name", "Lene Bach",
         "--organisation", "Børn & Kultur, Esbjerg Kommune", "--phone", "76 16 10 00",
         "--email", "lene.bach@example.dk", "--from", "01-09-2025"),
        ("team", "add", youth, "--role", "ungevejleder", "--name", "Peter Dam",
         "--organisation", "Ungeindsatsen Esbjerg", "--from", "01-09-2025"),
        ("network", "add", youth, "--role", "mor", "--name", "Helle Nørgaard",
         "--note", "Ser Amalie hver anden weekend", "--from", "01-09-2025"),
        ("network", "add", youth, "--role", "perifer-voksen", "--name", "Onkel Bent [genfundet]",
         "--note", "Vil gerne hjælpe med kørekort", "--from", "01-10-2025"),
        ("measure", "add", youth, "kontaktperson", "--provider", "Opholdsstedet Vestkysten",
         "--legal-basis", "§ 32", "--from", "01-09-2025"),
        ("measure", "add", youth, "mentor", "--provider", "Jobcenter Esbjerg",
         "--legal-basis", "LAB § 31 b", "--from", "01-11-2026", "--to", "31-10-2027"),
        # The young person's consent covers three of the four people on the case: Onkel
        # Bent is not named in the contract (issue 13).
        ("consent", "give", youth, "--to", "Lene Bach", "--to", "Peter Dam",
         "--to", "Helle Nørgaard", "--about", "uddannelse", "--about", "bolig",
         "--about", "aftaler", "--from", "01-11-2026"),
        ("consent", "give", youth, "--to", "Lene Bach", "--about", "psykisk",
         "--from", "01-11-2026", "--until", "31-12-2026"),
        ("config", "set", "municipality-name", "Esbjerg"),
        ("config", "set", "controller-contact", "Torvegade 74, 6700 Esbjerg, tlf. 76 16 16 16"),
        ("config", "set", "dpo", "Databeskyttelsesrådgiveren, dpo@esbjerg.dk"),
        ("config", "set", "coordinator-phone", "76 16 20 30"),
        ("config", "set", "coordinator-email", "mette.holm@example.dk"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.stderr
    ids = {}
    conn = sqlite3.connect(db)
    try:
        for row in conn.execute("SELECT id, name FROM member"):
            ids[row[1]] = row[0]
        stamp = "2026-11-01T10:00:00"
        goals = [
            (1, None, "uddannelse", "Amalie gennemfører 10. klasse"),
            (2, 1, "uddannelse", "Møder op mindst fire dage om ugen"),
            (3, None, "bolig", "Flytter i egen bolig med bostøtte efter sommeren"),
        ]
        conn.executemany(
            "INSERT INTO goal (id, youth_id, parent_id, area, text, created, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(g[0], int(youth), g[1], g[2], g[3], stamp, stamp) for g in goals],
        )
        agreements = [
            ("Søger optagelse på EUD", "member", ids["Peter Dam"], "2026-12-15", 1),
            ("Tjekker skemaet hver søndag", "youth", None, "2026-12-01", 1),
            ("Øvekørsel to gange om måneden", "member", ids["Onkel Bent [genfundet]"],
             "2027-02-01", None),
            ("Indkalder til netværksmøde", "coordinator", None, "2026-12-10", None),
        ]  # fmt: skip
        conn.executemany(
            "INSERT INTO agreement (youth_id, what, owner, owner_member_id, due, first_due, "
            "goal_id, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(int(youth), a[0], a[1], a[2], a[3], a[3], a[4], stamp, stamp) for a in agreements],
        )
        conn.execute(
            "INSERT INTO meeting (youth_id, kind, starts, place, created, updated) "
            "VALUES (?, 'network', '2027-01-14 14:00', 'Ungeindsatsen, Esbjerg', ?, ?)",
            (int(youth), stamp, stamp),
        )
        conn.commit()
    finally:
        conn.close()
    return youth


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/documents/NAME; EFTER_UPDATE_GOLDEN=1 rewrites the file."""
    from tests.golden import assert_golden

    assert_golden(f"documents/{name}", text)
