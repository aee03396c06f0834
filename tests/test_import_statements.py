"""The shape of an import's work: the SQL statements `efter import` sends to SQLite do not grow
with the number of rows (set-based validation, one executemany per kind of write), so a
100,000-row file costs the same few statements as a 10-row one. No timings here."""

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest


class Counting(sqlite3.Connection):
    """A connection that notes every statement Python hands it (an executemany counts once:
    it is one prepared statement however many rows it binds)."""

    statements: ClassVar[list[str]] = []

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        Counting.statements.append(sql)
        return super().execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        Counting.statements.append(sql)
        return super().executemany(sql, *args)

    def executescript(self, sql: str) -> sqlite3.Cursor:  # type: ignore[override]
        Counting.statements.append(sql)
        return super().executescript(sql)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every connection efter opens counts its statements into the list returned."""
    connect = sqlite3.connect

    def counting(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        return connect(*args, factory=Counting, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", counting)
    Counting.statements = []
    yield Counting.statements


HEADER = "sagsnr;navn;fødselsdato;cpr;kommune;koordinator;startdato;lovgrundlag;boform\n"


def youth_file(path: Path, count: int, municipality: str = "Esbjerg") -> Path:
    lines = [
        f"R-{n:05d};Ung {n};;{1 + n % 28:02d}0{1 + n % 9}08-{4000 + n};{municipality};"
        f"Koordinator {n % 7};01-0{1 + n % 9}-2025;§ 46;plejefamilie\n"
        for n in range(count)
    ]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def statements(counted: list[str], run: Any, *args: str) -> int:
    counted.clear()
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return len(counted)


def test_the_number_of_statements_of_a_youth_import_does_not_grow_with_its_rows(
    run: Any, env: Path, tmp_path: Path, counted: list[str]
) -> None:
    seen: dict[str, list[int]] = {"create": [], "again": [], "update": [], "dry": []}
    for count in (30, 300):
        db = tmp_path / f"casefile-{count}.db"
        assert run("--db", str(db), "init").exit_code == 0
        first = youth_file(tmp_path / f"youth-{count}.csv", count)
        changed = youth_file(tmp_path / f"changed-{count}.csv", count, municipality="Fanø")
        seen["create"].append(
            statements(counted, run, "--db", str(db), "import", "youth", str(first))
        )
        seen["again"].append(
            statements(counted, run, "--db", str(db), "import", "youth", str(first))
        )
        seen["update"].append(
            statements(counted, run, "--db", str(db), "import", "youth", str(changed), "--update")
        )
        seen["dry"].append(
            statements(
                counted,
                run,
                "--db",
                str(db),
                "import",
                "youth",
                str(first),
                "--dry-run",
                "--update",
            )
        )
        conn = sqlite3.connect(db)
        try:
            assert conn.execute(
                "SELECT count(*) FROM youth WHERE municipality = 'Fanø Kommune'"
            ).fetchone() == (count,)
            assert conn.execute(
                "SELECT count(*) FROM audit_event WHERE action = 'changed'"
            ).fetchone() == (2 * count,)
        finally:
            conn.close()
    for what, (small, large) in seen.items():
        assert small == large, f"{what}: {small} statements for 30 rows, {large} for 300"


def test_audit_lines_keep_the_order_given_when_runs_of_ids_are_written_at_once(
    casefile: Path,
) -> None:
    from efter.core import audit
    from efter.core.casefile import open_any, resolve

    ids: list[int | None] = [5, *range(1, 101), 7, None, *range(200, 264), 3, *range(400, 463)]
    with open_any(resolve()) as opened, opened.write() as conn:
        audit.record(conn, "changed", ids, "efter import")
        logged = [row[0] for row in conn.execute("SELECT youth_id FROM audit_event ORDER BY id")]
    assert logged == ids


def test_many_ids_in_no_run_are_one_statement_in_the_order_given(
    casefile: Path, counted: list[str]
) -> None:
    """An import of changes (closed cases, in the order of its file) notes ids in no run: as
    many as RUN or more in a row are one statement that reads them from one list, in the
    list's order; a None (a line about no young person) and a few ids are a line each."""
    from efter.core import audit
    from efter.core.casefile import open_any, resolve

    scattered = [(n * 37) % 1009 + 1 for n in range(300)]  # all different, in no order
    ids: list[int | None] = [*scattered, None, 4, *range(2000, 2100), 9, 8]
    with open_any(resolve()) as opened, opened.write() as conn:
        counted.clear()
        audit.record(conn, "changed", ids, "efter import closed")
        written = [sql for sql in counted if "audit_event" in sql]
        logged = [row[0] for row in conn.execute("SELECT youth_id FROM audit_event ORDER BY id")]
        on_sqlite = isinstance(conn, sqlite3.Connection)
    assert logged == ids
    if not on_sqlite:
        return  # the register's statements are not counted here (SQLite's connect is)
    # the 300 from one list; None and 4 a line each; the run counted through; 9 and 8
    assert len(written) == 4, written
    assert "json_each" in written[0] and "RECURSIVE" in written[2], written


def other_kind_file(path: Path, kind: str, count: int) -> Path:
    """`count` rows of a kind, all for the example young person 2025-0412."""
    header, row = {
        "team": ("sagsnr;rolle;navn;fra", "2025-0412;mentor;Mentor {n};01-09-2025"),
        "network": ("sagsnr;rolle;navn;fra", "2025-0412;ven;Ven {n};01-09-2025"),
        "meetings": (
            "sagsnr;tidspunkt;type;status",
            "2025-0412;{day:02d}-{month:02d}-2025 {hour:02d}:00;netværksmøde;afholdt",
        ),
        "agreements": (
            "sagsnr;aftale;ansvarlig;frist;status;udført_dato",
            "2025-0412;Aftale {n};den unge;01-10-2025;udført;20-09-2025",
        ),
    }[kind]
    lines = [
        row.format(n=n, day=1 + n % 28, month=1 + (n // 28) % 12, hour=8 + n // 336)
        for n in range(count)
    ]
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["team", "network", "meetings", "agreements"])
def test_other_kinds_read_each_young_persons_records_once_and_insert_in_one_go(
    run: Any, env: Path, tmp_path: Path, counted: list[str], kind: str
) -> None:
    from efter.resources import packaged_dir

    examples = packaged_dir("examples")
    seen = []
    for count in (10, 100):
        db = tmp_path / f"{kind}-{count}.db"
        assert run("--db", str(db), "init").exit_code == 0
        for needed in ("youth", "team", "network"):
            assert (
                run("--db", str(db), "import", needed, str(examples / f"{needed}.csv")).exit_code
                == 0
            )
        source = other_kind_file(tmp_path / f"{kind}-{count}.csv", kind, count)
        seen.append(statements(counted, run, "--db", str(db), "import", kind, str(source)))
    assert seen[0] == seen[1], f"{kind}: {seen[0]} statements for 10 rows, {seen[1]} for 100"


def test_large_files_are_decoded_in_blocks_with_the_same_lines_and_encodings(
    tmp_path: Path,
) -> None:
    """Whole blocks of lines are decoded at once; anything odd is looked at line by line, so a
    problem deep in a big file still names its line and the switch to Windows-1252 still holds."""
    from efter.transfer import readers
    from efter.transfer.kinds import registry

    kind = registry()["youth"]
    plain = "".join(f"R{n};Ane {n};01-01-2009\r\n" for n in range(6000))  # some 150 KB
    cases = {
        "utf8.csv": ("ref;name;born\n" + plain + "Z;Søren;01-01-2009\n").encode(),
        "cp1252.csv": ("ref;name;born\n" + plain).encode() + b"Z;S\xf8ren;01-01-2009\n",
        "mixed.csv": ("ref;name;born\nA;Søren;01-01-2009\n" + plain).encode()
        + b"Z;S\xf8ren;01-01-2009\n",
        "nul.csv": ("ref;name;born\n" + plain).encode() + b"Z;S\x00ren;01-01-2009\n",
        "no-end.csv": ("ref;name;born\n" + plain + "Z;Søren;01-01-2009").encode(),
    }
    read: dict[str, list[object]] = {}
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        source = readers.open_source(str(path))
        try:
            read[name] = list(readers.read(source, "csv", kind))
            assert source.done == len(data) or not isinstance(read[name][-1], readers.Row)
        finally:
            source.close()
    for name in ("utf8.csv", "cp1252.csv", "no-end.csv"):
        rows = read[name]
        assert len(rows) == 6001, name
        assert [(r.where, r.values["name"]) for r in rows[-2:]] == [  # type: ignore[attr-defined]
            ("line 6001", "Ane 5999"),
            ("line 6002", "Søren"),
        ], name
        assert rows[0].values == {"ref": "R0", "name": "Ane 0", "born": "01-01-2009"}  # type: ignore[attr-defined]
    problem = read["mixed.csv"][-1]
    assert isinstance(problem, readers.Problem)
    assert problem.where == "line 6003"
    assert problem.message.startswith("this line is not UTF-8 although the lines before it are")
    problem = read["nul.csv"][-1]
    assert isinstance(problem, readers.Problem)
    assert (problem.where, problem.message) == ("line 6002", readers._UTF16)


def test_prices_of_new_programmes_are_checked_and_written_without_a_statement_per_row(
    run: Any, env: Path, tmp_path: Path, counted: list[str]
) -> None:
    """Each price's programme is spelled against the programmes read once, and the new
    programmes are made in one go (a statement per row took 2 s at 10,000 rows)."""
    seen = []
    for count in (10, 100):
        db = tmp_path / f"prices-{count}.db"
        assert run("--db", str(db), "init").exit_code == 0
        assert (
            run("--db", str(db), "programme", "add", "Efterværn", "--kind", "model").exit_code == 0
        )
        source = tmp_path / f"prices-{count}.csv"
        lines = ["indsats;pris", "efterværn;26000"]
        lines += [f"Indsats {n:06d};{10000 + n}" for n in range(count)]
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        seen.append(statements(counted, run, "--db", str(db), "import", "prices", str(source)))
        listed = run("--db", str(db), "programme", "list", "--json")
        assert listed.exit_code == 0
        assert len(json.loads(listed.stdout)) == count + 1
    assert seen[0] == seen[1], f"prices: {seen[0]} statements for 10 rows, {seen[1]} for 100"


def test_a_closed_case_import_ends_the_programme_periods_in_one_statement(
    run: Any, env: Path, tmp_path: Path, counted: list[str]
) -> None:
    """Closing cases ends their programme periods on the closing day, once per batch of
    closings (core.youth.close_many does it; the import asked a second time for nothing)."""
    from efter.resources import packaged_dir

    db = tmp_path / "closed.db"
    assert run("--db", str(db), "init").exit_code == 0
    youth = packaged_dir("examples") / "youth.csv"
    assert run("--db", str(db), "import", "youth", str(youth)).exit_code == 0
    lines = youth.read_text(encoding="utf-8").splitlines()
    source = tmp_path / "closed.csv"
    source.write_text(
        "\n".join(
            [lines[0] + ";afsluttet;udfald"] + [f"{line};30-11-2026;job" for line in lines[1:]]
        )
        + "\n",
        encoding="utf-8",
    )
    counted.clear()
    result = run("--db", str(db), "import", "closed", str(source))
    assert result.exit_code == 0, result.stderr
    ends = [sql for sql in counted if sql.lstrip().upper().startswith("UPDATE PROGRAMME_PERIOD")]
    assert len(ends) == 1, ends
    conn = sqlite3.connect(db)
    try:
        periods = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE ends = '2026-11-30') FROM programme_period"
        ).fetchone()
    finally:
        conn.close()
    assert periods[0] == len(lines) - 1 and periods == (periods[0], periods[0])


@pytest.mark.parametrize("kind", ["status", "agreements", "meetings", "programmes"])
def test_a_one_row_import_reads_its_young_person_only(
    run: Any, casefile: Path, statements: list[str], tmp_path: Path, kind: str
) -> None:
    """A file of a row or a few finds its young people by ref, one by one, and reads what its
    rules need of them from those rows: never every young person on file (a one-row import
    into a case file of 10,000 read them all, for a birth date or a name)."""
    import re

    from efter.resources import packaged_dir

    for people in ("youth", "team", "network"):
        imported = run("import", people, str(packaged_dir("examples") / f"{people}.csv"))
        assert imported.exit_code == 0, imported.stderr
    one = tmp_path / f"{kind}.csv"
    assert run("export", "template", kind, "--out", str(one)).exit_code == 0
    statements.clear()
    result = run("import", kind, str(one))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith(": 1 created, 0 updated, 0 unchanged, 0 rejected.\n")
    youth = [s for s in statements if re.search(r"\bFROM\s+(efter\.)?\"?youth\"?(\s|$)", s)]
    assert youth, statements  # the young person is read ...
    assert [s for s in youth if not re.search(r"WHERE\s+ref\s*=", s)] == []  # ... by ref only
