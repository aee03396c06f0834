"""Audit by construction, checked over the whole command tree.

The test walks every command efter has (click's own view of the tree), and runs each one
that touches a young person, with valid arguments, on a copy of one seeded case file; then it
checks the audit lines the command left. A command with no recipe below fails the test: a new
command cannot forget its audit line, because it cannot forget to be listed here.
"""

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from efter.cli import app

TODAY = "2026-11-28"

# The seeded file (see `seeded`): Anna Holm (id 1, ref R1) with a team member (member 1), a
# network member (2), a held meeting (1), a planned one (2) and one passed (3), a note (1), a goal (1), an
# agreement (1), a consent (1), a measure (1), a saved contract (1), ratings and a status;
# Bo Berg (id 2, ref R2), closed on 2026-01-31.
SEED: list[tuple[str, ...]] = [
    ("init",),
    ("youth", "add", "Anna Holm", "--ref", "R1", "--born", "2008-03-14",
     "--coordinator", "Mette", "--programme", "Vejen", "--start", "2025-09-01"),
    ("youth", "add", "Bo Berg", "--ref", "R2", "--born", "2007-05-02", "--start", "2025-01-01"),
    ("youth", "close", "R2", "--outcome", "job", "--date", "2026-01-31"),
    ("team", "add", "R1", "--role", "jobcenter", "--name", "Kim Lund"),
    ("network", "add", "R1", "--role", "mor", "--name", "Mette Holm"),
    ("meeting", "plan", "R1", "--at", "2026-11-02 14:00", "--force"),
    ("meeting", "held", "1", "--attended", "youth"),
    ("meeting", "plan", "R1", "--at", "2026-12-03 14:00"),
    ("meeting", "plan", "R1", "--at", "2026-11-20 10:00", "--force"),
    ("note", "add", "R1", "Ringede til Anna om praktik."),
    ("goal", "add", "R1", "--text", "Finde en praktikplads", "--area", "uddannelse"),
    ("agreement", "add", "R1", "--what", "Søge tre praktikpladser", "--owner", "youth",
     "--due", "2026-12-15"),
    ("consent", "give", "R1", "--to", "Kim Lund", "--about", "uddannelse"),
    ("measure", "add", "R1", "mentor", "--from", "2025-09-01"),
    ("contract", "save", "R1"),
    ("rate", "R1", "uddannelse=2", "bolig=3", "--phase", "start", "--date", "2025-09-15"),
    ("status", "R1", "--education", "preparatory", "--work", "none", "--from", "2025-09-01"),
]  # fmt: skip

A = 1  # Anna's id
B = 2  # Bo's id

# Command -> (arguments, [(action, youth id)] its lines say). The command in each line is the
# command's own name. Everything runs on a fresh copy of the seeded file.
RECIPES: dict[str, tuple[tuple[str, ...], list[tuple[str, int | None]]]] = {
    "youth add": (("Cille Dam", "--born", "2009-01-01"), [("changed", 3)]),
    "youth list": ((), [("viewed", A)]),
    "youth show": (("R1",), [("viewed", A)]),
    "youth edit": (("R1", "--cohort", "Hold 3"), [("changed", A)]),
    "youth close": (("R1", "--outcome", "education"), [("changed", A)]),
    "youth reopen": (("R2",), [("changed", B)]),
    "youth handover": (("R1", "--to", "Jonas Berg"), [("changed", A)]),
    "youth summary": (("R1",), [("rendered", A)]),
    "youth erase": (("R2", "--yes"), [("erased", B)]),
    "team add": (("R1", "--role", "mentor", "--name", "Lis"), [("changed", A)]),
    "team list": (("R1",), [("viewed", A)]),
    "team set": (("1", "--closeness", "close"), [("changed", A)]),
    "team end": (("1",), [("changed", A)]),
    "team edit": (("1", "--organisation", "Jobcenter Vejen"), [("changed", A)]),
    "team history": (("1",), [("viewed", A)]),
    "person show": (("1",), [("viewed", A)]),
    "person edit": (("Kim Lund", "--phone", "12 34 56 78"), [("changed", A)]),
    "network add": (("R1", "--role", "far", "--name", "Ole"), [("changed", A)]),
    "network list": (("R1",), [("viewed", A)]),
    "network set": (("2", "--closeness", "middle"), [("changed", A)]),
    "network end": (("2",), [("changed", A)]),
    "network edit": (("2", "--name", "Mette B. Holm"), [("changed", A)]),
    "network history": (("2",), [("viewed", A)]),
    "meeting plan": (("R1", "--at", "2027-01-12 10:00"), [("changed", A)]),
    "meeting list": ((), [("viewed", A)]),
    "meeting show": (("1",), [("viewed", A)]),
    "meeting held": (("3", "--attended", "coordinator"), [("changed", A)]),
    "meeting amend": (("1", "--minutes", "{tmp}/minutes.txt"), [("changed", A)]),
    "meeting cancel": (("2", "--reason", "Syg"), [("changed", A)]),
    "meeting no-show": (("3",), [("changed", A)]),
    "meeting move": (("2", "--at", "2026-12-04 10:00"), [("changed", A)]),
    "meeting apologies": (("2", "Kim Lund"), [("changed", A)]),
    "meeting agenda": (("2",), [("rendered", A)]),
    "meeting minutes": (("1",), [("rendered", A)]),
    "meeting form": (("1",), [("rendered", A)]),
    "meeting ics": (("R1",), [("exported", A)]),
    "meeting edit": (("2", "--place", "Rådhuset"), [("changed", A)]),
    "meeting history": (("2",), [("viewed", A)]),
    "note add": (("R1", "Mødtes i byen."), [("changed", A)]),
    "note list": (("R1",), [("viewed", A)]),
    "note correct": (("1", "Ringede til Anna om en praktikplads."), [("changed", A)]),
    "find": (("praktik",), [("viewed", A)]),
    "goal add": (("R1", "--text", "Egen bolig", "--area", "bolig"), [("changed", A)]),
    "goal status": (("1", "achieved"), [("changed", A)]),
    "goal list": (("R1",), [("viewed", A)]),
    "goal edit": (("1", "--text", "Finde en læreplads"), [("changed", A)]),
    "goal history": (("1",), [("viewed", A)]),
    "agreement add": (
        ("R1", "--what", "Ringe til SU", "--owner", "youth", "--due", "2026-12-20"),
        [("changed", A)],
    ),
    "agreement list": (("R1",), [("viewed", A)]),
    "agreement done": (("1",), [("changed", A)]),
    "agreement move": (("1", "--due", "2027-01-15"), [("changed", A)]),
    "agreement drop": (("1", "--reason", "Ikke relevant"), [("changed", A)]),
    "agreement edit": (("1", "--what", "Søge fire praktikpladser"), [("changed", A)]),
    "agreement history": (("1",), [("viewed", A)]),
    "due": (("--within", "60"), [("viewed", A)]),
    "rate": (
        ("R1", "uddannelse=3", "--phase", "meeting", "--date", "2026-11-02"),
        [("changed", A)],
    ),
    "ratings": (("R1",), [("viewed", A)]),
    "status": (("R1",), [("viewed", A)]),
    "contract render": (("R1",), [("rendered", A)]),
    "contract save": (("R1",), [("rendered", A)]),  # unchanged since the seed: no new version
    "contract list": (("R1",), [("viewed", A)]),
    "contract show": (("1",), [("viewed", A)]),
    "contract diff": (("1",), [("viewed", A)]),
    "contract signed": (("1",), [("changed", A)]),
    "document consent": (("R1",), [("rendered", A)]),
    "document network-map": (("R1",), [("rendered", A)]),
    "document measures": (("R1",), [("rendered", A)]),
    "document network-overview": (("R1",), [("rendered", A)]),
    "document dialogue": (("R1",), [("rendered", A)]),
    "document meeting-checklist": (("R1",), [("rendered", A)]),
    "consent give": (("R1", "--to", "Mette Holm", "--about", "uddannelse"), [("changed", A)]),
    "consent withdraw": (("1",), [("changed", A)]),
    "consent list": (("R1",), [("viewed", A)]),
    "measure add": (("R1", "mentor", "--from", "2026-01-01"), [("changed", A)]),
    "measure list": (("R1",), [("viewed", A)]),
    "measure end": (("1",), [("changed", A)]),
    "export": (("youth",), [("exported", A), ("exported", B)]),
    "case export": (("R1", "--out", "{tmp}/anna.efter"), [("exported", A)]),
    "report progress": ((), [("viewed", None)]),  # one line for everyone on file
    "report outcomes": ((), [("viewed", A), ("viewed", B)]),
    "report meetings": ((), [("viewed", A), ("viewed", B)]),
    "report agreements": ((), [("viewed", A), ("viewed", B)]),
    "report deadlines": ((), [("viewed", A), ("viewed", B)]),
    "deadline list": (("R1",), [("viewed", A)]),
    "deadline met": (("R1", "ungeplan", "--date", "2026-03-01"), [("changed", A)]),
    "deadline clear": (("R1", "ungeplan"), [("changed", A)]),
    "backup": (("{tmp}/copy.db",), [("exported", A), ("exported", B)]),
    "retention": (("--closed-before", "2026-06-01", "--dry-run"), [("viewed", B)]),
    "programme show": (("Vejen",), [("viewed", A)]),
    "programme edit": (("Vejen", "--name", "Vejen til job"), [("changed", A)]),
    "programme join": (("R1", "EMPOWER4U"), [("changed", A)]),
    "programme leave": (("R1", "Vejen"), [("changed", A)]),
    "programme periods": (("R1",), [("viewed", A)]),
}

# Commands that need a file made by another command first: (command, arguments) run before.
PREPARE: dict[str, tuple[str, ...]] = {
    "meeting amend": (),  # writes {tmp}/minutes.txt
    "deadline clear": ("deadline", "met", "R1", "ungeplan", "--date", "2026-03-01"),
    "case import": ("case", "export", "R1", "--out", "{tmp}/anna.efter"),
    "import": ("export", "template", "youth", "--out", "{tmp}/youth.csv"),
    "audit prune": (),
    "programme join": ("programme", "add", "EMPOWER4U", "--kind", "supplement"),
}
RECIPES_AFTER: dict[str, tuple[tuple[str, ...], list[tuple[str, int | None]]]] = {
    # Anna comes back as a new young person (id 3) under a new ref.
    "case import": (("{tmp}/anna.efter", "--as-ref", "R1-copy"), [("changed", 3)]),
    # The import sheet's example row: one young person more (id 3).
    "import": (("youth", "{tmp}/youth.csv"), [("changed", 3)]),
}

# Commands that touch no young person's data, each with the reason.
NO_PERSON = {
    "person list": "the address book of professionals: their names, contact details and how "
    "many cases each sits on, never which",
    "init": "creates or migrates the case file",
    "path": "prints where the case file is",
    "config list": "settings",
    "config set": "settings",
    "areas list": "the life areas, not a person's ratings",
    "areas show": "the life areas",
    "areas add": "the life areas",
    "areas rename": "the life areas",
    "areas retire": "the life areas",
    "areas scale": "the life areas",
    "template list": "templates",
    "template show": "templates",
    "template copy": "templates",
    "programme list": "programmes and prices",
    "programme price": "programmes and prices",
    "programme add": "programmes and prices",
    "programme cohort": "a programme's cohort: its dates and place",
    "programme cohorts": "the cohorts, with a count of young people and no one named",
    "report caseload": "counts per coordinator, no young person named",
    "audit": "reads the log itself",
    "audit prune": "erases part of the log: one 'erased' line with no person (test_audit.py)",
    "restore": "replaces the whole file: test_safekeeping_cli.py checks its lines",
    "doctor": "checks the file's structure",
    "demo": "builds a case file of its own",
    "register init": "sets up a register's schema and roles (PostgreSQL only)",
    "register coordinator add": "makes a login role (PostgreSQL only)",
    "register coordinator list": "lists the register's roles (PostgreSQL only)",
    "youth share": "register only: its 'changed' line is checked in test_register.py",
    "register push": "register only: its 'changed' lines are checked in test_checkout.py",
    "register checkout": "register only: its 'exported' lines are checked in test_checkout.py",
    "register checkin": "register only: its 'changed' lines are checked in test_checkout.py",
    "register checkouts": "register only: lists checkouts; a listed name is 'viewed' "
    "(test_checkout.py)",
    "register release": "register only: the team leader's 'changed' line is checked in "
    "test_checkout.py",
    "register vacuum": "rewrites the register's tables; reads no young person (PostgreSQL only)",
    "register ledger": "writes ids and keyed hashes, never a person's data (PostgreSQL only)",
    "register erase-again": "register only: its 'erased' lines are checked in "
    "test_register_erasure.py",
}


def command_paths() -> list[str]:
    """Every command of the real tree, as 'noun verb', through click's public API (typer
    brings its own copy of click, so a group is known by what it does, not by its class)."""
    import typer.main

    root = typer.main.get_command(app)
    found: list[str] = []

    def walk(command: Any, path: list[str]) -> None:
        if hasattr(command, "list_commands"):
            ctx = command.context_class(command)
            names = command.list_commands(ctx) or list(getattr(command, "commands", {}))
            if command.invoke_without_command and path:
                found.append(" ".join(path))
            for name in names:
                sub = command.get_command(ctx, name)
                assert sub is not None, name
                walk(sub, [*path, name])
            return
        found.append(" ".join(path))

    walk(root, [])
    return found


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("audit-walk")
    db = folder / "seed.db"
    with environment(folder, db):
        runner = CliRunner()
        for args in SEED:
            result = runner.invoke(app, list(args), catch_exceptions=False)
            assert result.exit_code == 0, (args, result.stderr)
    yield db


class environment:
    """The isolated environment of tests/conftest.py `env`, for a module-wide fixture."""

    def __init__(self, folder: Path, db: Path) -> None:
        self.patch = pytest.MonkeyPatch()
        self.values = {
            "EFTER_DB": str(db),
            "EFTER_TODAY": TODAY,
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "TERM": "dumb",
            "HOME": str(folder / "home"),
            "XDG_CONFIG_HOME": str(folder / "config"),
            "XDG_DATA_HOME": str(folder / "xdg-data"),
        }

    def __enter__(self) -> None:
        for key in ("EFTER_DEBUG", "EFTER_PASSPHRASE", "FORCE_COLOR"):
            self.patch.delenv(key, raising=False)
        for key, value in self.values.items():
            self.patch.setenv(key, value)

    def __exit__(self, *exc: object) -> None:
        self.patch.undo()


def lines_after(db: Path, last: int) -> list[tuple[str, int | None, str]]:
    conn = sqlite3.connect(db)
    try:
        return [
            (row[0], row[1], row[2])
            for row in conn.execute(
                "SELECT action, youth_id, command FROM audit_event WHERE id > ? ORDER BY id",
                (last,),
            )
        ]
    finally:
        conn.close()


def last_line(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM audit_event").fetchone()[0])
    finally:
        conn.close()


def test_every_command_has_a_recipe_or_a_reason() -> None:
    """A new command fails here until it is given a recipe (it touches a person) or a reason
    (it does not)."""
    known = set(RECIPES) | set(RECIPES_AFTER) | set(NO_PERSON)
    paths = command_paths()
    assert len(paths) > 90  # the walk found the tree, lazy nouns included
    missing = [path for path in paths if path not in known]
    assert missing == [], f"give these commands a recipe in {__file__}: {missing}"
    gone = sorted(known - set(paths))
    assert gone == [], f"these recipes name commands that no longer exist: {gone}"


@pytest.mark.parametrize("path", sorted(set(RECIPES) | set(RECIPES_AFTER)))
def test_the_command_leaves_its_audit_line(
    path: str, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "case.db"
    shutil.copyfile(seeded, db)
    with environment(tmp_path, db):
        runner = CliRunner()

        def invoke(args: tuple[str, ...]) -> Any:
            given = [a.replace("{tmp}", str(tmp_path)) for a in args]
            return runner.invoke(app, given, catch_exceptions=False)

        (tmp_path / "minutes.txt").write_text("Rettede referat.\n", encoding="utf-8")
        if PREPARE.get(path):
            prepared = invoke(PREPARE[path])
            assert prepared.exit_code == 0, prepared.stderr
        args, expected = RECIPES.get(path) or RECIPES_AFTER[path]
        before = last_line(db)
        result = invoke((*path.split(), *args))
        assert result.exit_code == 0, result.stderr
        lines = lines_after(db, before)
    assert sorted(lines, key=str) == sorted(
        [(action, youth_id, path) for action, youth_id in expected], key=str
    )
