"""Municipalities are the 98 official names, matched from what is typed (issue 13 §3)."""

import sqlite3
from pathlib import Path
from typing import Any

from conftest import snapshot
from hypothesis import given
from hypothesis import strategies as st

from efter.core import municipalities
from efter.core.text import fold_danish


def test_the_official_list() -> None:
    names = municipalities.NAMES
    assert len(names) == 98
    assert len(set(names)) == 98
    assert all(n.endswith((" Kommune", " Regionskommune")) for n in names)
    assert [n for n in names if n.endswith("Regionskommune")] == ["Bornholms Regionskommune"]
    for name in ("Københavns Kommune", "Frederiksberg Kommune", "Læsø Kommune", "Aarhus Kommune",
                 "Lyngby-Taarbæk Kommune", "Høje-Taastrup Kommune", "Nordfyns Kommune",
                 "Vesthimmerlands Kommune", "Ringkøbing-Skjern Kommune", "Ærø Kommune"):  # fmt: skip
        assert name in names
    # No two municipalities fold to the same key.
    keys = [municipalities.key(n) for n in names]
    assert len(set(keys)) == 98


def test_typed_forms() -> None:
    for typed, official in (
        ("København", "Københavns Kommune"), ("københavns kommune", "Københavns Kommune"),
        ("Kobenhavn", "Københavns Kommune"), ("esbjerg", "Esbjerg Kommune"),
        ("Bornholm", "Bornholms Regionskommune"), ("Århus", "Aarhus Kommune"),
        ("Aabenraa", "Aabenraa Kommune"), ("Åbenrå", "Aabenraa Kommune"),
        ("lyngby taarbæk", "Lyngby-Taarbæk Kommune"), ("LAESOE", "Læsø Kommune"),
        ("Nordfyn", "Nordfyns Kommune"), (" Fanø Kommune ", "Fanø Kommune"),
    ):  # fmt: skip
        assert municipalities.find(typed) == official, typed
    for unknown in ("Ribe", "Kommune", "Kommune Kommune", "", "Gotham"):
        assert municipalities.find(unknown) is None


@given(st.sampled_from(municipalities.NAMES), st.booleans(), st.booleans(), st.booleans())
def test_any_spelling_of_an_official_name_finds_it(
    name: str, upper: bool, ascii_letters: bool, short: bool
) -> None:
    typed = name.rsplit(" ", 1)[0] if short else name
    if ascii_letters:
        typed = fold_danish(typed)
    if upper:
        typed = typed.upper()
    assert municipalities.find(typed) == name


def test_youth_add_and_edit_store_the_official_name(run: Any, casefile: Path, json_of: Any) -> None:
    added = run("youth", "add", "Ida", "--born", "2009-01-31", "--municipality", "København",
                "--home-municipality", "bornholm")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    shown = json_of("youth", "show", "1")
    assert (shown["municipality"], shown["home_municipality"]) == (
        "Københavns Kommune", "Bornholms Regionskommune",
    )  # fmt: skip
    assert run("youth", "edit", "1", "--municipality", "esbjerg").exit_code == 0
    assert json_of("youth", "show", "1")["municipality"] == "Esbjerg Kommune"
    # Filters find the official name whichever way it is typed.
    assert [y["name"] for y in json_of("youth", "list", "--municipality", "Esbjerg")] == ["Ida"]


def test_an_unknown_municipality_is_refused_with_close_matches(run: Any, casefile: Path) -> None:
    run("youth", "add", "Ida", "--born", "2009-01-31")
    before = snapshot(casefile)
    for args, message in (
        (("youth", "add", "Bo", "--born", "2009-01-31", "--municipality", "Esbjerk"),
         "--municipality: 'Esbjerk' is not a Danish municipality (did you mean 'Esbjerg Kommune'?): give one of the 98 municipalities' names."),
        (("youth", "edit", "1", "--home-municipality", "Ribe"),
         "--home-municipality: 'Ribe' is not a Danish municipality: give one of the 98 municipalities' names, such as 'Esbjerg' or 'Københavns Kommune'."),
        (("youth", "add", "Bo", "--born", "2009-01-31", "--municipality", "Gotham City"),
         "--municipality: 'Gotham City' is not a Danish municipality: give one of the 98 municipalities' names, such as 'Esbjerg' or 'Københavns Kommune'."),
    ):  # fmt: skip
        result = run(*args)
        assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert snapshot(casefile) == before


def test_import_checks_the_municipality_columns(run: Any, casefile: Path, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "sagsnr;navn;fødselsdato;kommune;opvækstkommune\n"
        "X-1;Ida;2009-01-31;Esbjerk;Varde\n"
        "X-2;Bo;2009-01-31;Lyngby;københavn\n",
        encoding="utf-8",
    )
    before = snapshot(casefile)
    result = run("import", "youth", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "line 2, column kommune: 'Esbjerk' is not a Danish municipality (did you mean "
        "'Esbjerg Kommune'?); give one of the 98 municipalities' names\n"
    )
    assert snapshot(casefile) == before
    path.write_text(path.read_text(encoding="utf-8").replace("Esbjerk", "Esbjerg"), "utf-8")
    assert run("import", "youth", str(path)).exit_code == 0
    stored = (
        sqlite3.connect(casefile)
        .execute("SELECT ref, municipality, home_municipality FROM youth ORDER BY ref")
        .fetchall()
    )
    assert stored == [
        ("X-1", "Esbjerg Kommune", "Varde Kommune"),
        ("X-2", "Lyngby-Taarbæk Kommune", "Københavns Kommune"),
    ]


def test_documents_never_double_kommune(run: Any, casefile: Path) -> None:
    run("youth", "add", "Ida", "--born", "2009-01-31", "--municipality", "København")
    run("youth", "add", "Bo", "--born", "2009-01-31")
    # Values stored before names were checked still display: as the official name when they
    # match one, else as stored.
    conn = sqlite3.connect(casefile)
    conn.execute("UPDATE youth SET municipality = 'esbjerg' WHERE id = 2")
    conn.commit()
    conn.close()
    for youth, shown in (("1", "Københavns Kommune"), ("2", "Esbjerg Kommune")):
        for lang in ("da", "en"):
            for command in (("contract", "render"), ("document", "consent")):
                text = run(*command, youth, "--lang", lang).stdout
                assert "Kommune Kommune" not in text
                assert "København Kommune" not in text
                assert "Municipality" not in text
                if command[0] == "contract":
                    assert f"· {shown}\n" in text
