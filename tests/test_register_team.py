"""Issue 17 item 2, the team leader's part: every report across every caseload, with the
figures `--share` gives and no names, enforced by the register itself.

Runs on PostgreSQL whichever --engine the run has (as tests/test_register.py does): a team
leader's role reads the owner's views in schema efter_figures, which show every row but no
name, ref, CPR number, contact detail or free text, and still has no row of the case tables
unless a case is shared with them.
"""

import json
from pathlib import Path

import psycopg
import pytest
from test_register import Register, register  # noqa: F401 (a fixture)

# Eleven young people on two caseloads (seven of Mette's, four of Ole's), so that some of
# the shared figures are large enough to be shown and others are withheld.
PEOPLE = [
    # ref, name, born, cpr, coordinator, start, legal basis
    ("T01", "Zenobia Quarrington", "2009-03-14", "140309-4321", "Mette", "2025-01-06", "§ 46"),
    ("T02", "Asta Lind", "2008-06-02", "", "Mette", "2025-02-03", "§ 46"),
    ("T03", "Bo Holt", "2009-11-20", "", "Mette", "2025-03-03", "§ 47"),
    ("T04", "Cille Dahl", "2008-01-15", "", "Mette", "2025-01-13", "§ 46"),
    ("T05", "Dan Krog", "2010-04-04", "", "Mette", "2025-04-07", "§ 46"),
    ("T06", "Eja Munk", "2009-08-30", "", "Mette", "2025-05-05", "§ 32"),
    ("T07", "Finn Bach", "2008-12-12", "", "Mette", "2025-06-02", "§ 46"),
    ("T08", "Gry Skov", "2009-02-22", "", "Ole", "2025-01-20", "§ 46"),
    ("T09", "Hans Vad", "2008-09-09", "", "Ole", "2025-02-17", "§ 47"),
    ("T10", "Ida Ravn", "2010-01-01", "", "Ole", "2025-03-17", "§ 46"),
    ("T11", "Jens Kjær", "2009-05-05", "", "Ole", "2025-04-14", "§ 46"),
]
SECRETS = ("Zenobia", "Quarrington", "140309", "T01", "Lind", "Kjær", "zq@example.dk",
           "Quarringtonvej", "Kongensgade note")  # fmt: skip


def _shows(secret: str, text: str) -> bool:
    """`secret` as a word of its own in `text`: not "T01" inside a time such as
    2026-12-06T01:15 (the test would fail between 01:00 and 01:59)."""
    import re

    return re.search(rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])", text) is not None


REPORTS = [
    ("report", "outcomes"),
    ("report", "meetings"),
    ("report", "agreements"),
    ("report", "deadlines"),
    ("report", "progress"),
    ("report", "progress", "--by", "youth"),
    ("report", "outcomes", "--coordinator", "{Mette}"),  # Mette's name in this test
    ("report", "deadlines", "--programme", "Vejen"),
    ("report", "agreements", "--programme", "EMPOWER4U"),
]


def _csv(path: Path, header: str, rows: list[str]) -> str:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def caseloads(register: Register, tmp_path: Path) -> dict[str, str]:  # noqa: F811
    """Mette's and Ole's caseloads, filled through the import as the owner (who sees every
    case): young people, ratings at start and later, meetings, agreements, statuses; two
    cases closed. Returns the URLs of mette, ole and tina (the team leader)."""
    urls = {
        "mette": register.coordinator("Mette"),
        "ole": register.coordinator("Ole"),
        "tina": register.coordinator("Tina", team_leader=True),
    }
    owner = register.owner
    youth = _csv(
        tmp_path / "youth.csv",
        "ref;name;born;cpr;municipality;legal_basis;coordinator;start;programme;phone;email;"
        "address;note",
        [
            f"{ref};{name};{born};{cpr};Esbjerg;{basis};{register.name(who)};{start};"
            + ("Vejen;" if ref < "T09" else "EMPOWER4U;")
            + ("71 23 45 98;zq@example.dk;Quarringtonvej 7;Kongensgade note" if ref == "T01"
               else ";;;")
            for ref, name, born, cpr, who, start, basis in PEOPLE
        ],
    )  # fmt: skip
    areas = ("uddannelse", "bolig", "oekonomi")
    ratings = _csv(
        tmp_path / "ratings.csv",
        "ref;area;score;phase;date;rated_by",
        [
            f"{ref};{area};{score};{phase};{day};{by}"
            for n, (ref, *_rest) in enumerate(PEOPLE)
            for a, area in enumerate(areas)
            for phase, day, score in (
                ("start", "2025-09-01", 1 + (n + a) % 3),
                ("meeting", "2026-06-01", 2 + (n * a) % 4),
            )
            for by in ("professional", "youth")
        ],
    )
    meetings = _csv(
        tmp_path / "meetings.csv",
        "ref;starts;kind;status",
        [f"{ref};2026-0{1 + n % 6}-1{n % 9} 10:00;network;held" for n, (ref, *_r) in
         enumerate(PEOPLE)]
        + [f"{ref};2026-12-0{1 + n % 8} 14:00;network;planned" for n, (ref, *_r) in
           enumerate(PEOPLE) if n % 3],
    )  # fmt: skip
    agreements = _csv(
        tmp_path / "agreements.csv",
        "ref;what;owner;due;status;done_on",
        [
            f"{ref};Søge praktik {n};youth;2026-{1 + n % 12:02d}-15;"
            + ("done;2026-0" + str(1 + n % 9) + "-10" if n % 2 else "open;")
            for n, (ref, *_r) in enumerate(PEOPLE)
        ],
    )
    status = _csv(
        tmp_path / "status.csv",
        "ref;education;work;starts",
        [f"{ref};{'vocational' if n % 2 else 'none'};{'none' if n % 3 else 'leisure-job'};2026-01-01"
         for n, (ref, *_r) in enumerate(PEOPLE)],
    )  # fmt: skip
    for kind, path in (("youth", youth), ("ratings", ratings), ("meetings", meetings),
                       ("agreements", agreements), ("status", status)):  # fmt: skip
        result = register.run(owner, "import", kind, path)
        assert result.exit_code == 0, (kind, result.stdout, result.stderr)
    for ref, outcome in (("T04", "education"), ("T09", "job")):
        result = register.run(owner, "youth", "close", ref, "--outcome", outcome,
                              "--date", "2026-10-01")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    return urls


def test_every_report_of_the_team_leader_equals_the_owners_shared_one(
    register: Register,  # noqa: F811
    caseloads: dict[str, str],
) -> None:
    """The team leader's figures cover every caseload and are the owner's `--share` figures,
    byte for byte, whether the team leader asks for --share or not; and no name shows."""
    tina = caseloads["tina"]
    for words in REPORTS:
        command = tuple(register.name("Mette") if w == "{Mette}" else w for w in words)
        shared = register.run(register.owner, *command, "--share", "--json")
        assert shared.exit_code == 0, (command, shared.stderr)
        for extra in ((), ("--share",)):
            theirs = register.run(tina, *command, *extra, "--json")
            assert theirs.exit_code == 0, (command, theirs.stderr)
            assert json.loads(theirs.stdout) == json.loads(shared.stdout), command
            assert theirs.stderr == (
                "You are a team leader: the figures cover every caseload, with no names and "
                "counts under 5 withheld ('..'), as --share gives them.\n"
            )
        table = register.run(tina, *command)
        assert table.exit_code == 0
        assert table.stdout == register.run(register.owner, *command, "--share").stdout
        for secret in SECRETS:
            assert not _shows(secret, table.stdout + theirs.stdout), (command, secret)
    # every caseload is counted: nine open cases of eleven (two closed), all of them met
    outcomes = json.loads(register.run(tina, "report", "outcomes", "--json").stdout)
    assert (outcomes["shared"], outcomes["open"]["total"]) == (True, 9)
    mettes = json.loads(
        register.run(tina, "report", "outcomes", "--coordinator", register.name("Mette"),
                     "--json").stdout
    )  # fmt: skip
    assert mettes["open"]["total"] == 6  # filtered by coordinator: her six open cases
    meetings = register.run(tina, "report", "meetings").stdout.splitlines()
    assert meetings[3].split()[:3] == ["11", "11", "11"]  # young people, planned, held


def test_the_team_leaders_caseload_and_csv_and_a_coordinators_own(
    register: Register,  # noqa: F811
    caseloads: dict[str, str],
) -> None:
    tina, mette = caseloads["tina"], caseloads["mette"]
    caseload = register.run(tina, "report", "caseload", "--json")
    assert caseload.exit_code == 0, caseload.stderr
    assert [
        (c["coordinator"], c["active"]) for c in json.loads(caseload.stdout)["coordinators"]
    ] == [
        (register.name("Mette"), 6),
        (register.name("Ole"), 3),
    ]
    csv = register.run(tina, "report", "meetings", "--csv")
    assert (
        csv.stdout == register.run(register.owner, "report", "meetings", "--share", "--csv").stdout
    )
    # A coordinator's reports still cover their own caseload only, unshared unless asked.
    own = register.run(mette, "report", "outcomes", "--json")
    assert own.exit_code == 0 and own.stderr == ""
    data = json.loads(own.stdout)
    assert (data["shared"], data["open"]["total"], data["closed"]["total"]) == (False, 6, 1)


def test_the_team_leader_reads_no_name_straight_on_the_database(
    register: Register,  # noqa: F811
    caseloads: dict[str, str],
) -> None:
    """Straight on the database with the team leader's role: the case tables show nothing,
    the figures show every row and no name, ref, CPR, contact detail or free text."""
    tina = caseloads["tina"]
    with psycopg.connect(tina, autocommit=True) as conn:
        for table in ("youth", "rating", "meeting", "agreement", "member", "journal"):
            assert conn.execute(f"SELECT count(*) FROM efter.{table}").fetchone() == (0,), table
        assert conn.execute("SELECT count(*) FROM efter_figures.youth").fetchone() == (11,)
        assert conn.execute(
            "SELECT count(*) FROM efter_figures.youth WHERE name IS NOT NULL OR ref IS NOT NULL "
            "OR cpr IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL "
            "OR address IS NOT NULL OR note IS NOT NULL"
        ).fetchone() == (0,)
        assert conn.execute(
            "SELECT count(*) FROM efter_figures.agreement WHERE what IS NOT NULL"
        ).fetchone() == (0,)
        every = b""
        for (view,) in conn.execute(
            "SELECT table_name FROM information_schema.views WHERE table_schema = 'efter_figures'"
        ).fetchall():
            for row in conn.execute(f"SELECT * FROM efter_figures.{view}").fetchall():
                every += repr(row).encode()
        for secret in SECRETS:
            assert not _shows(secret, every.decode()), secret
        # No way around the views: the tables refuse or show nothing, the ledger refuses.
        for statement in (
            "UPDATE efter_figures.youth SET coordinator = 'x'",
            "DELETE FROM efter_figures.rating",
            "SELECT * FROM efter.erasure_ledger",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    # A coordinator has no figures of others' cases either.
    with (
        psycopg.connect(caseloads["mette"], autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT count(*) FROM efter_figures.youth")


def test_a_case_shared_with_the_team_leader_shows_its_name(
    register: Register,  # noqa: F811
    caseloads: dict[str, str],
) -> None:
    tina, mette = caseloads["tina"], caseloads["mette"]
    shared = register.run(mette, "youth", "share", "T02", "--with", register.name("Tina"))
    assert shared.exit_code == 0, shared.stderr
    listed = register.run(tina, "youth", "list", "--json")
    assert [(y["ref"], y["name"]) for y in json.loads(listed.stdout)] == [("T02", "Asta Lind")]
    # and the reports stay the shared figures of everyone
    again = register.run(tina, "report", "deadlines", "--json")
    owner = register.run(register.owner, "report", "deadlines", "--share", "--json")
    assert json.loads(again.stdout) == json.loads(owner.stdout)
