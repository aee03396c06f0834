"""Issue 21 item 2: a kind that plans a chunk of rows at once (`Kind.plan_many`, each distinct
value of a column checked once: `Context.column`) plans exactly what it planned row by row.

Random files of good and bad cells are imported twice with --dry-run --json, once as the
importer runs (in chunks of two rows, so chunks planned at once and chunks planned row by row
mix) and once with plan_many turned off: the same output, the same problems, the same exit
code. The per-row path is the one the import tests and transcripts hold to their wording.
Likewise a kind that writes each chunk as it is checked (`Kind.streams`) against one that
writes at the end, and the team import's memory of whom a row found in the address book
against asking the book every time: the same output and the same case file."""

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import kept_aside, put_back
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from efter.resources import packaged_dir
from efter.transfer import importer
from efter.transfer.kinds import FAILED, Context, Kind, kind

EXAMPLES = packaged_dir("examples")
REFS = ("2025-0412", "2025-0419", "2025-0433", "2025-0457", "2026-0021", " 2025-0412", "",
        "2099-9999", "2025-0412x")  # fmt: skip

# Per kind: the columns of its file and the cells each may hold (good ones and bad ones).
CELLS: dict[str, dict[str, tuple[str, ...]]] = {
    "measures": {
        "sagsnr": REFS,
        "indsats": (
            "kontaktperson",
            "mentor",
            "bostøtte",
            "Bostoette",
            "other",
            "andet",
            "no-such-kind",
            "",
            "x" * 210,
        ),
        "udbyder": ("", "Ungeindsatsen", "  Bostøtten Esbjerg ", "x" * 201),
        "lovgrundlag": ("", "§ 32", "Serviceloven § 52", "sel52", "§ 114", "egen hjemmel"),
        "fra": (
            "",
            "01-09-2025",
            "2023-05-01",
            "31-02-2025",
            "tomorrow",
            "2026-01-01",
            "2024-02-30",
        ),
        "til": ("", "30-06-2026", "2022-01-01", "not a date", "2026-06-30", "2026-13-01"),
        "note": ("", "Lektiehjælp", "x" * 1001),
    },
    "ratings": {
        "sagsnr": REFS,
        "område": ("bolig", "uddannelse", "Bolig", "udd", "no-such-area", ""),
        "point": ("1", "3", "5", "9", "x", ""),
        "fase": ("start", "slut", "meeting", "møde", "midt", "fase?", ""),
        "dato": ("01-10-2025", "2025-10-01", "01-10-2030", "01-01-1990", "31-02-2025", ""),
        "vurderet_af": ("", "ung", "fagperson", "young", "nobody"),
        "note": ("", "Godt", "x" * 2001, "tab\there"),
    },
    "youth": {
        "sagsnr": (*REFS, "2026-0100", "2026-0101", "140309-4001"),
        "navn": ("Amalie Nørgaard", "Ny Ung", "", "x" * 300),
        "fødselsdato": ("", "14-03-2009", "2009-03-14", "02-11-2008", "31-02-2009", "01-01-1990"),
        "cpr": ("", "140309-4001", "021108-4002", "1234"),
        "kommune": ("", "Esbjerg", "Esbjerg Kommune", "Atlantis"),
        "lovgrundlag": ("", "§ 46", "sel52", "noget"),
        "anbragt_fra": ("", "01-03-2022", "01-01-2000", "2022-03-01"),
        "boform": ("", "opholdssted", "hule"),
        "indsats": ("", "Vejen til uddannelse og beskæftigelse", "Vejen til uddannelse"),
        "startdato": ("", "01-09-2025", "01-01-2024", "x", "2025-09-01", "2025-02-29"),
        "telefon": ("", "21 43 65 87", "abc"),
    },
    "closed": {
        "sagsnr": (*REFS, "2026-0100", "1403094001"),
        "navn": ("Amalie Nørgaard", "Mathias Østergaard", "Ny Ung", ""),
        "fødselsdato": ("", "14-03-2009", "02-11-2008", "31-02-2009", "2009-03-14"),
        "startdato": ("", "01-09-2025", "2030-01-01", "2025-09-01"),
        "afsluttet": ("30-06-2026", "2026-01-31", "01-01-2020", "", "x"),
        "udfald": ("uddannelse", "job", "begge", "hverken", "", "måske"),
    },
    "team": {
        "sagsnr": REFS,
        "rolle": ("ungevejleder", "jobcenter", "Mentor", "other", "pilot", ""),
        "navn": (
            "Peter Dam",
            "peter  dam",
            "Peter Damm",
            "Lene Bach",
            "Ny Person",
            "Anden Ny",
            "",
            "x" * 300,
        ),
        "organisation": ("Ungeindsatsen Esbjerg", "Jobcenter Esbjerg", "Et andet sted", ""),
        "telefon": ("", "76 16 10 00", "+45 3012 4488", "12"),
        "email": ("", "peter.dam@example.dk", "ny@EXAMPLE.dk", "no-at-sign"),
        "person": ("", "", "", "1", "new", "999", "abc"),
        "fra": ("", "01-09-2025", "2024-02-30", "2026-01-12"),
        "til": ("", "2026-06-30", "2020-01-01", "bad"),
        "nærhed": ("", "tæt", "fjern", "meget"),
    },
    "network": {
        "sagsnr": REFS,
        "rolle": ("mor", "frivillig", "perifer-voksen", "chef", ""),
        "navn": ("Helle Nørgaard", "helle nørgaard", "Birgit", "Familien Thomsen", "", "x" * 300),
        "telefon": ("", "21 43 65 87", "abc"),
        "note": ("", "Ser Amalie hver anden weekend", "x" * 1001),
        "fra": ("", "01-09-2025", "31-31-2025"),
        "til": ("", "2026-06-30", "2020-01-01"),
        "kan_hjælpe_med": ("", "kørekort"),
    },
    "status": {
        "sagsnr": REFS,
        "uddannelse": ("FGU", "erhvervsuddannelse", "eud", "ingen", "nope", ""),
        "beskæftigelse": ("ingen", "fritidsjob", "fuldtid", "nope", ""),
        "fra": ("01-09-2025", "2025-10-01", "2026-01-12", "01-01-1990", "31-02-2025", ""),
        "note": ("", "EUD smed", "x" * 1001, "tab\there"),
    },
    "agreements": {
        "sagsnr": REFS,
        "aftale": ("Tilmelde sig køreskole", "tilmelde sig  KØRESKOLE", "Søge SU", "", "x" * 300),
        "ansvarlig": (
            "den unge",
            "youth",
            "koordinator",
            "Mette Holm",
            "Peter Dam",
            "peter",
            "Lene Bach",
            "Helle Nørgaard",
            "Nobody Here",
            "1",
            "999",
            "",
        ),
        "frist": ("31-10-2025", "2026-12-01", "2025-08-01", "31-02-2025", "x", ""),
        "status": ("åben", "udført", "bortfaldet", "open", "nope", ""),
        "udført_dato": ("", "", "20-10-2025", "2025-08-15", "bad"),
        "begrundelse": ("", "Ikke relevant", "x" * 1001),
    },
    "programmes": {
        "sagsnr": REFS,
        "indsats": (
            "Vejen til uddannelse og beskæftigelse",
            "EMPOWER4U->DRØMMEJOB",
            "empower4u->drømmejob",
            "EMPOWER 4U",
            "Vejen",
            "Ny indsats",
            "",
        ),
        "hold": ("", "2025-A", "Hold 3", "hold  3", "Hold 4"),
        "fra": ("", "01-09-2025", "12-01-2026", "2026-03-01", "01-01-2020", "31-02-2026"),
        "til": ("", "30-06-2026", "01-01-2025", "bad"),
    },
    "prices": {
        "indsats": (
            "Vejen til uddannelse og beskæftigelse",
            "EMPOWER4U->DRØMMEJOB",
            "empower4u->drømmejob",
            "EMPOWER 4U",
            "Vejen",
            "Ny indsats",
            "Ny  Indsats",
            "",
        ),
        "pris": ("30000", "30.000", "29.500 kr.", "0", "abc", "2000000000", ""),
    },
}


def csv_text(kind_name: str, rows: list[dict[str, str]]) -> str:
    columns = list(CELLS[kind_name])
    lines = [";".join(columns)]
    lines += [";".join(row[c] for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def files(kind_name: str) -> st.SearchStrategy[list[dict[str, str]]]:
    row = st.fixed_dictionaries({c: st.sampled_from(v) for c, v in CELLS[kind_name].items()})
    return st.lists(row, min_size=1, max_size=9)


@pytest.fixture
def with_youth(run: Any, casefile: Path) -> Path:
    """The example young people with their team (the address book) and network."""
    for name in ("youth", "team", "network"):
        result = run("import", name, str(EXAMPLES / f"{name}.csv"))
        assert result.exit_code == 0, result.stderr
    return casefile


def both_ways(
    run: Any, monkeypatch: pytest.MonkeyPatch, path: Path, name: str, *flags: str
) -> tuple[Any, Any]:
    """The import's (exit code, stdout, stderr) in chunks planned at once, and row by row."""
    monkeypatch.setattr(importer, "CHUNK", 2)
    fast = run("import", name, str(path), "--dry-run", "--json", *flags)
    with monkeypatch.context() as off:
        off.setattr(type(kind(name)), "plan_many", Kind.plan_many)
        slow = run("import", name, str(path), "--dry-run", "--json", *flags)
    return (fast.exit_code, fast.stdout, fast.stderr), (slow.exit_code, slow.stdout, slow.stderr)


@pytest.mark.parametrize("name", sorted(CELLS))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_planned_at_once_as_row_by_row(
    name: str, data: st.DataObject, run: Any, with_youth: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    rows = data.draw(files(name))
    path = tmp_path / f"{name}.csv"
    path.write_text(csv_text(name, rows), encoding="utf-8")
    for flags in ((), ("--force",), ("--update",)):
        fast, slow = both_ways(run, monkeypatch, path, name, *flags)
        assert fast == slow


GOOD = {
    "measures": "sagsnr;indsats;fra\n"
    + "".join(f"2025-0412;mentor;0{d}-01-2026\n" for d in range(1, 8)),
    "team": "sagsnr;rolle;navn;organisation;fra\n"
    + "".join(f"2025-04{n};mentor;Ny Mentor {n};Mentorhuset;01-02-2026\n" for n in (12, 19, 33))
    + "2025-0457;mentor;Ny Mentor 12;Mentorhuset;01-02-2026\n"
    + "2026-0038;ungevejleder;Peter Dam;Ungeindsatsen Esbjerg;\n",
    "ratings": "sagsnr;område;point;fase;dato;vurderet_af;note\n"
    + "".join(
        f"{ref};{area};3;start;01-10-2025;ung;\n"
        for ref in REFS[:5]
        for area in ("bolig", "uddannelse")
    ),
    "youth": "sagsnr;navn;fødselsdato;startdato;indsats\n"
    + "".join(
        f"2026-01{n:02};Ny Ung {n};14-03-2009;01-09-2025;Vejen til uddannelse og beskæftigelse\n"
        for n in range(7)
    ),
    "closed": "sagsnr;navn;fødselsdato;startdato;afsluttet;udfald\n"
    + "".join(
        f"{ref};Ung {ref};14-03-2009;01-09-2025;30-06-2026;job\n"
        for ref in ("2026-0201", "2026-0202")
    )
    + "2025-0412;Amalie Nørgaard;14-03-2009;01-09-2025;30-06-2026;uddannelse\n",
    "network": "sagsnr;rolle;navn;fra;til\n"
    + "".join(f"2025-04{n};frivillig;Nabo {n};01-02-2026;30-06-2026\n" for n in (12, 19, 33)),
    "status": "sagsnr;uddannelse;beskæftigelse;fra\n"
    + "".join(f"{ref};FGU;ingen;0{d}-10-2025\n" for ref in REFS[:4] for d in (1, 2)),
    "agreements": "sagsnr;aftale;ansvarlig;frist;status;udført_dato\n"
    + "".join(
        f"{ref};Aftale {n};{owner};01-12-2026;{status};{done}\n"
        for n, (ref, owner, status, done) in enumerate(
            [
                ("2025-0412", "Peter Dam", "åben", ""),
                ("2025-0412", "lene bach", "udført", ""),
                ("2025-0419", "den unge", "udført", "01-10-2025"),
                ("2025-0433", "koordinator", "bortfaldet", ""),
                ("2025-0412", "Helle Nørgaard", "åben", ""),
            ]
        )
    ),
    "programmes": "sagsnr;indsats;hold;fra\n"
    + "".join(f"{ref};EMPOWER4U->DRØMMEJOB;Hold 3;12-01-2026\n" for ref in REFS[:4])
    + "2026-0021;Ny indsats;;01-03-2026\n",
    "prices": "indsats;pris\n"
    + "".join(
        f"{name};{price}\n"
        for name, price in [
            ("Vejen til uddannelse og beskæftigelse", "30.000"),
            ("EMPOWER4U->DRØMMEJOB", "29500"),
            ("Ny indsats", "10 000 kr."),
            ("Anden ny", "1"),
        ]
    ),
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_a_good_file_is_planned_at_once(
    name: str, run: Any, with_youth: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chunks of a file with nothing wrong are planned by plan_many, not row by row, and
    written as row by row writes them."""
    path = tmp_path / f"{name}.csv"
    path.write_text(GOOD[name], encoding="utf-8")
    monkeypatch.setattr(importer, "CHUNK", 3)
    by_row: list[str] = []
    spec = type(kind(name))
    plan = spec.plan
    monkeypatch.setattr(
        spec, "plan", lambda self, row, ctx: by_row.append(row.where) or plan(self, row, ctx)
    )
    before = kept_aside(with_youth)
    result = run("import", name, str(path))
    assert result.exit_code == 0, result.stderr
    assert by_row == []
    fast = stored(with_youth)
    put_back(with_youth, before)
    with monkeypatch.context() as off:
        off.setattr(spec, "plan_many", Kind.plan_many)
        again = run("import", name, str(path))
    assert (again.exit_code, again.stderr) == (result.exit_code, result.stderr)
    assert stored(with_youth) == fast


@pytest.mark.parametrize("name", ["measures", "network", "status"])
def test_a_new_record_s_label_is_made_only_when_shown(
    name: str, run: Any, with_youth: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk of new records is planned as columns (kinds.Created): a plain import writes
    them without naming one (no label made); --dry-run and --json name each as row by row."""
    from efter.transfer import kinds as kinds_module

    path = tmp_path / f"{name}.csv"
    path.write_text(GOOD[name], encoding="utf-8")
    monkeypatch.setattr(importer, "CHUNK", 3)
    made: list[int] = []
    formatted = kinds_module.labels
    monkeypatch.setattr(
        kinds_module, "labels", lambda *a, **k: made.append(1) or formatted(*a, **k)
    )
    before = kept_aside(with_youth)
    for flags in (("--dry-run",), ("--dry-run", "--json"), ()):
        made.clear()
        fast = run("import", name, str(path), *flags)
        assert fast.exit_code == 0, fast.stderr
        assert bool(made) == bool(flags), (flags, made)
        with monkeypatch.context() as off:
            off.setattr(type(kind(name)), "plan_many", Kind.plan_many)
            put_back(with_youth, before)
            slow = run("import", name, str(path), *flags)
        assert (fast.stdout, fast.stderr) == (slow.stdout, slow.stderr)
        put_back(with_youth, before)


def test_a_large_file_s_days_against_the_latest_birth_date(
    run: Any, casefile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file naming many young people (each looked up in one go, not by ref) takes a chunk
    whose days all follow the latest birth date on file without reading anyone's; a day
    between the birth dates is held to its own young person's: after it imported, before it
    worded as row by row."""
    from efter.core import youth

    people = tmp_path / "youth.csv"
    people.write_text(
        "sagsnr;navn;fødselsdato;startdato\n"
        + "".join(f"2026-1{n:03};Ung {n};{10 + n % 15:02}-03-20{'09' if n else '11'};"
                  "01-09-2025\n" for n in range(30)),
        encoding="utf-8",
    )  # fmt: skip
    assert run("import", "youth", str(people), "--force").exit_code == 0
    read: list[str] = []
    field_by_id = youth.field_by_id
    monkeypatch.setattr(youth, "field_by_id", lambda conn, name: read.append(name)
                        or field_by_id(conn, name))  # fmt: skip
    path = tmp_path / "status.csv"
    head = "sagsnr;uddannelse;beskæftigelse;fra\n"
    after = "".join(f"2026-1{n:03};FGU;ingen;2026-01-0{1 + n % 9}\n" for n in range(30))
    path.write_text(head + after, encoding="utf-8")
    result = run("import", "status", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("30 to create, 0 to update, 0 unchanged, 0 rejected. "
                                  "Nothing was written.\n")  # fmt: skip
    assert read == []  # nobody's birth date read
    # 2010: after everyone's birth date but 2026-1000's (2011), before the latest on file
    between = "2026-1001;FGU;ingen;2010-06-01\n2026-1000;FGU;ingen;2010-06-01\n"
    path.write_text(head + between + after, encoding="utf-8")
    result = run("import", "status", str(path), "--dry-run")
    assert result.exit_code == 1
    assert read == ["born"]  # everyone's, once
    assert result.stderr.startswith(
        "line 3, column fra: the status date 2010-06-01 is before Ung 0's birth date; give a "
        "later date\n"
    ), result.stderr
    assert "line 2" not in result.stderr


def stored(db: Path) -> dict[str, list[dict[str, Any]]]:
    """What an import of these kinds writes, without the moments it was written."""
    import sqlite3

    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        # Sorted here, not by rowid: on a register rowid is the row's place on disk (ctid),
        # which an UPDATE moves, so two equal tables could read in different orders.
        return {
            table: sorted(
                (
                    {k: row[k] for k in row.keys() if k not in ("created", "updated")}  # noqa: SIM118
                    for row in conn.execute(f"SELECT * FROM {table}")
                ),
                key=lambda row: tuple(map(repr, row.values())),
            )
            for table in (
                "member",
                "professional",
                "measure",
                "rating",
                "youth",
                "programme_period",
                "programme",
                "cohort",
                "programme_price",
                "youth_status",
                "agreement",
                "agreement_event",
            )
        }
    finally:
        conn.close()


def test_each_distinct_value_is_checked_once(casefile: Path) -> None:
    import sqlite3
    from datetime import date

    seen: list[str] = []

    def check(value: str) -> str:
        seen.append(value)
        if value == "bad":
            from efter.core.errors import InvalidInput

            raise InvalidInput(field="x", problem="bad", fix="good")
        return value.upper()

    ctx = Context(sqlite3.connect(":memory:"), date(2026, 1, 1))
    assert ctx.column(check, ["a", "b", "a", "bad", "a"]) == ["A", "B", "A", FAILED, "A"]
    assert ctx.column(check, ["b", "bad", "c"]) == ["B", FAILED, "C"]
    assert sorted(seen) == ["a", "b", "bad", "c"]


class _Forgetful(dict[Any, Any]):
    def __setitem__(self, key: Any, value: Any) -> None:
        pass


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_professional_found_is_found_again(
    data: st.DataObject, run: Any, with_youth: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The team import remembers whom a row found in the address book for the next row with
    the same details: the same plan as asking the address book every time."""
    from efter.transfer.kinds import members

    good = {
        "sagsnr": REFS[:5], "rolle": ("mentor", "jobcenter"),
        "navn": ("Peter Dam", "Ny Person", "Ny  person", "ny person", "Anden Ny"),
        "organisation": ("Ungeindsatsen Esbjerg", "Jobcenter Esbjerg", "Et andet sted", ""),
        "telefon": ("", "", "+45 3012 4488"), "email": ("", "ny@example.dk"),
        "person": ("", "", "", "", "new"), "fra": ("01-09-2025",), "til": ("",),
        "nærhed": ("",),
    }  # fmt: skip
    rows = data.draw(st.lists(
        st.fixed_dictionaries({c: st.sampled_from(v) for c, v in good.items()}),
        min_size=1, max_size=12, unique_by=lambda r: (r["sagsnr"], " ".join(r["navn"].lower().split())),
    ))  # fmt: skip
    path = tmp_path / "team.csv"
    path.write_text(csv_text("team", rows), encoding="utf-8")
    before = kept_aside(with_youth)
    remembered = run("import", "team", str(path), "--json", "--update")
    written = stored(with_youth)
    put_back(with_youth, before)
    with monkeypatch.context() as off:
        off.setattr(members, "found_before", lambda ctx: _Forgetful())
        asked = run("import", "team", str(path), "--json", "--update")
    assert (remembered.exit_code, remembered.stdout, remembered.stderr) == (
        asked.exit_code, asked.stdout, asked.stderr,
    )  # fmt: skip
    assert stored(with_youth) == written
    event(f"exit {remembered.exit_code}")
    put_back(with_youth, before)


def streaming(monkeypatch: pytest.MonkeyPatch, name: str, on: bool) -> None:
    monkeypatch.setattr(kind(name), "streams", on)


@pytest.mark.parametrize("name", ["measures", "network", "ratings", "closed", "status"])
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_written_as_checked_as_written_at_the_end(
    name: str, data: st.DataObject, run: Any, with_youth: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A kind that streams writes each chunk of checked rows as it goes (memory stays flat):
    the same messages, the same case file, and nothing written when a later row fails."""
    rows = data.draw(files(name))
    path = tmp_path / f"{name}.csv"
    path.write_text(csv_text(name, rows), encoding="utf-8")
    monkeypatch.setattr(importer, "CHUNK", 2)
    before = kept_aside(with_youth)
    results, written = [], []
    for on in (True, False):
        with monkeypatch.context() as patch:
            streaming(patch, name, on)
            result = run("import", name, str(path), "--update")
        results.append((result.exit_code, result.stdout, result.stderr))
        written.append(stored(with_youth))
        put_back(with_youth, before)
    assert results[0] == results[1]
    assert written[0] == written[1]


FAILING_LAST = {
    "measures": ("sagsnr;indsats;fra", "2025-0412;mentor;0{n}-01-2026", "2025-0412;pilot;"),
    "closed": ("sagsnr;navn;fødselsdato;startdato;afsluttet;udfald",
               "2026-02{n:02};Ung {n};14-03-2009;01-09-2025;30-06-2026;job",
               "2026-0299;Ung;14-03-2009;01-09-2025;x;job"),
    "network": ("sagsnr;rolle;navn", "2025-0419;frivillig;Nabo {n}", "2025-0419;chef;X"),
    "ratings": ("sagsnr;område;point;fase;dato;vurderet_af", "{ref};bolig;3;start;0{n}-10-2025;ung",
                "2025-0419;bolig;9;start;01-10-2025;ung"),
    "status": ("sagsnr;uddannelse;beskæftigelse;fra", "{ref};FGU;ingen;0{n}-10-2025",
               "2025-0419;FGU;ingen;31-02-2025"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(FAILING_LAST))
def test_a_row_failing_after_chunks_were_written_leaves_the_file_as_it_was(
    name: str, run: Any, with_youth: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks written before a later row fails are rolled back with the command's one
    transaction: all or nothing."""
    from conftest import snapshot

    head, line, bad = FAILING_LAST[name]
    path = tmp_path / f"{name}.csv"
    path.write_text("\n".join([head, *(line.format(n=n, ref=REFS[n - 1]) for n in range(1, 6)), bad]) + "\n",
                    encoding="utf-8")  # fmt: skip
    monkeypatch.setattr(importer, "CHUNK", 2)
    written: list[int] = []
    spec = type(kind(name))
    apply_all = spec.apply_all
    monkeypatch.setattr(
        spec, "apply_all",
        lambda self, items, ctx, progress=None: written.append(len(items))
        or apply_all(self, items, ctx, progress),
    )  # fmt: skip
    apply_created = spec.apply_created  # a chunk of new records, written as columns
    monkeypatch.setattr(
        spec, "apply_created",
        lambda self, created, ctx: written.append(len(created))
        or apply_created(self, created, ctx),
    )  # fmt: skip
    before = snapshot(with_youth)
    result = run("import", name, str(path))
    assert result.exit_code == 1, result.stderr
    assert "Nothing was imported" in result.stderr
    assert written == [2, 2]  # two chunks were written before the last one failed
    assert snapshot(with_youth) == before


def test_empty_outcomes_are_proposed_at_once_as_row_by_row(
    run: Any, with_youth: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An open case closed with the outcome left empty gets the outcome the status current on
    the closing day points to: a chunk asks for all its rows at once (status.proposed_outcomes),
    the row-by-row plan one at a time (proposed_outcome); the same plan both ways, on days
    before, on and after a period starts (a chunk with such rows went row by row)."""
    status = tmp_path / "status.csv"  # the periods of the example's open cases
    lines = (EXAMPLES / "status.csv").read_text(encoding="utf-8").splitlines()
    status.write_text("\n".join(line for line in lines if not line.startswith("2024-")) + "\n",
                      encoding="utf-8")  # fmt: skip
    assert run("import", "status", str(status)).exit_code == 0
    people = {"2025-0412": "Amalie Nørgaard", "2025-0419": "Mathias Østergaard",
              "2025-0433": "Sara Ali", "2026-0021": "Freja Lund", "2026-0038": "Ali Hassan"}  # fmt: skip
    spec = type(kind("closed"))
    plan_many = spec.plan_many
    at_once: list[bool] = []
    monkeypatch.setattr(
        spec, "plan_many",
        lambda self, rows, ctx: at_once.append(bool(found := plan_many(self, rows, ctx)))
        or found,
    )  # fmt: skip
    proposed = {}
    for day in ("31-01-2026", "01-02-2026", "30-06-2026"):
        path = tmp_path / f"closed-{day}.csv"
        path.write_text("sagsnr;navn;afsluttet;udfald\n" + "".join(
            f"{ref};{name};{day};\n" for ref, name in people.items()
        ), encoding="utf-8")  # fmt: skip
        at_once.clear()
        fast, slow = both_ways(run, monkeypatch, path, "closed")
        assert fast == slow
        assert fast[0] == 0, fast[2]
        assert at_once and all(at_once)  # every chunk planned at once
        proposed[day] = [r["record"] for r in json.loads(fast[1])["records"]]
    # Freja Lund's internship starts 1 February 2026 (not a job): unknown before, neither on it
    assert proposed["31-01-2026"][3] == "2026-0021 Freja Lund (closed 2026-01-31, unknown)"
    assert proposed["01-02-2026"][3] == "2026-0021 Freja Lund (closed 2026-02-01, neither)"
    assert proposed["30-06-2026"][0] == "2025-0412 Amalie Nørgaard (closed 2026-06-30, education)"


_CELL_TEXT = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"[0-9]{6}[- ]?[0-9]{4}", fullmatch=True),  # shaped like a CPR number
    st.sampled_from(["2025-0412", "Amalie Nørgaard", " Ny Ung", "Esbjerg", "x\ty", "'=1+1"]),
    # days: as export writes them, or nearly (no such day, day first, a space, other digits)
    st.dates().map(date.isoformat),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.sampled_from(
        [
            "2024-02-30",
            "0000-01-01",
            "14-03-2009",
            " 2009-03-14",
            "2009-3-14",
            "2009-03-14\n",
            "２００９-03-14",
            "20090314",
            "2009-03-14T00:00",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    field=st.sampled_from(
        (
            "ref",
            "name",
            "municipality",
            "coordinator",
            "note",
            "cohort",
            "born",
            "start",
            "placed_from",
        )
    ),
    values=st.sets(_CELL_TEXT, max_size=4),
    empty=st.booleans(),
)
def test_a_column_taken_as_given_is_what_clean_one_gives(
    field: str, values: set[str], empty: bool
) -> None:
    """youth.as_given(): a column the youth kind takes whole (each value as it is, an empty
    cell None) is exactly what clean_one() gives value by value; a value clean_one() refuses
    or changes never lets it through."""
    from efter.core import youth
    from efter.core.errors import EfterError

    taken = youth.as_given(field, values, empty=empty)
    event(f"taken: {taken}")
    for value in [*values, *([None] if empty else [])]:
        try:
            cleaned = youth.clean_one(field, value)
        except EfterError:
            assert not taken, (field, value)
            continue
        if taken:
            assert cleaned == value, (field, value, cleaned)


@pytest.mark.parametrize(
    "template",
    ["{ref} {name} from {day}", "{day}: {name} ({ref})", "{{ref}} {name!r:>12} {day}", "{ref}"],
)
def test_a_chunk_s_labels_are_the_template_formatted_row_by_row(template: str) -> None:
    from efter.transfer.kinds import labels

    refs, names, days = ["2025-0412", "x{y}"], ["Vejen", "{0}"], ["2026-01-12", "%s"]
    columns = {"ref": refs, "name": names, "day": days}
    used = {name: column for name, column in columns.items() if "{" + name in template}
    expected = [
        template.format(**dict(zip(used, values, strict=True)))
        for values in zip(*used.values(), strict=True)
    ]
    assert labels(template, **used) == expected


# Cells that pass (mostly), for files whose chunks are planned at once and written as they go,
# against status periods on file (STATUS_ON_FILE imported first). Agreements are not written
# as they go: an update's history is numbered all moves first, then every new status.
STATUS_ON_FILE = (
    "sagsnr;uddannelse;beskæftigelse;fra;note\n2025-0412;FGU;ingen;01-09-2025;\n"
    "2025-0419;ingen;fritidsjob;01-10-2025;Netto\n2025-0433;FGU;ingen;15-09-2025;EUD\n"
)
STATUS_CELLS = {
    "sagsnr": ("2025-0412", "2025-0419", "2025-0433"),
    "uddannelse": ("erhvervsuddannelse", "ingen", "FGU"),
    "beskæftigelse": ("ingen", "fritidsjob", "fuldtid"),
    "fra": ("01-09-2025", "01-10-2025", "15-09-2025", "01-11-2025"),
    "note": ("", "EUD", "Netto"),
}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_status_written_as_checked_against_records_on_file(
    data: st.DataObject, run: Any, with_youth: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Status periods written chunk by chunk, into a case file that has some already (rows
    name them, or repeat an earlier row of the file in a later chunk): the same messages and
    the same case file as written at the end."""
    seed = tmp_path / "seed.csv"
    seed.write_text(STATUS_ON_FILE, encoding="utf-8")
    row = st.fixed_dictionaries({c: st.sampled_from(v) for c, v in STATUS_CELLS.items()})
    rows = data.draw(st.lists(row, min_size=2, max_size=9))
    path = tmp_path / "status.csv"
    lines = [";".join(STATUS_CELLS)] + [";".join(r[c] for c in STATUS_CELLS) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(importer, "CHUNK", 2)
    before = kept_aside(with_youth)
    results, written = [], []
    for on in (True, False):
        result = run("import", "status", str(seed))
        assert result.exit_code == 0, result.stderr
        with monkeypatch.context() as patch:
            streaming(patch, "status", on)
            result = run("import", "status", str(path), "--update")
        results.append((result.exit_code, result.stdout, result.stderr))
        written.append(stored(with_youth))
        put_back(with_youth, before)
    assert results[0] == results[1]
    assert written[0] == written[1]
    event(f"exit {results[0][0]}")


def test_a_refusal_inside_a_large_write_is_the_error_raised(casefile: Path) -> None:
    """casefile.page_cache sets SQLite's cache for a large write and puts it back after; on a
    register it sets nothing, so a statement the server refuses inside it is the error raised
    (asking the cache size in the aborted transaction hid it behind another)."""
    import sqlite3

    from efter.core.casefile import page_cache

    conn = sqlite3.connect(casefile)  # on a register: the test's register, through efter
    try:
        conn.execute("BEGIN")  # inside a command's transaction, as an import writes
        with pytest.raises(Exception, match=r"(?i)null"), page_cache(conn, 1024):
            conn.execute("INSERT INTO youth (name) VALUES (NULL)")
    finally:
        conn.close()
