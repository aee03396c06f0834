"""Issue 18 item 1: a young person named by name (any case, accent, æ/ø/å or ae/oe/aa)
everywhere one is asked for, and `efter find` over the whole case file."""

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

from efter.core import names

AMBIGUOUS = (
    "Error: 'amalie' names 2 young people: Amalie Nørgaard (ref 2025-0412); "
    "Amalie Østergaard (ref 2025-0413). Give the ref or the id instead.\n"
)


@pytest.fixture
def two(run: Any, casefile: Path) -> Path:
    for name, ref in (("Amalie Nørgaard", "2025-0412"), ("Amalie Østergaard", "2025-0413")):
        result = run("youth", "add", name, "--ref", ref, "--born", "2009-03-14",
                     "--start", "2025-09-01")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    return casefile


@pytest.mark.parametrize(
    "text", ["Norgaard", "Nørg", "noergaard", "NØRGÅRD", "amalie n", "Nørgaard Amalie",
             "amalie-nør", " 2025-0412 ", "1", "id:1", "ref:2025-0412"],
)  # fmt: skip
def test_a_name_or_its_start_finds_her(run: Any, two: Path, json_of: Any, text: str) -> None:
    assert json_of("youth", "show", text)["name"] == "Amalie Nørgaard"


def test_aa_matches_å_and_oe_matches_ø(run: Any, two: Path, json_of: Any) -> None:
    assert run("youth", "add", "Åse Bækgård", "--born", "2009-03-14").exit_code == 0
    for text in ("aase", "Ase", "baekgaard", "Bæk", "bakgard", "ÅSE BÆKGAARD"):
        assert json_of("youth", "show", text)["name"] == "Åse Bækgård", text
    assert json_of("youth", "show", "oesterg")["name"] == "Amalie Østergaard"


def test_an_ambiguous_name_lists_the_matches_with_refs(run: Any, two: Path) -> None:
    before = snapshot(two)
    result = run("note", "add", "amalie", "Ringede.")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", AMBIGUOUS)
    assert snapshot(two) == before
    result = run("youth", "show", "amalie")
    assert (result.exit_code, result.stderr) == (1, AMBIGUOUS)


def test_ambiguity_names_the_id_without_a_ref_and_never_a_cpr(run: Any, two: Path) -> None:
    assert run("youth", "add", "Amalie Holm", "--cpr", "140309-4321").exit_code == 0
    result = run("youth", "show", "Amalie")
    assert result.exit_code == 1
    assert "Amalie Holm (id 3)" in result.stderr
    assert "4321" not in result.stderr and "140309" not in result.stderr


def test_a_whole_name_wins_over_longer_names_it_begins(run: Any, two: Path, json_of) -> None:
    assert run("youth", "add", "Amalie Nørgaard Holm", "--born", "2009-03-14").exit_code == 0
    assert json_of("youth", "show", "amalie nørgaard")["id"] == 1
    assert run("youth", "show", "amalie nørg").exit_code == 1


def test_id_and_ref_win_before_a_name(run: Any, two: Path, json_of: Any) -> None:
    assert run("youth", "add", "2025-0412 Jensen", "--born", "2009-03-14").exit_code == 0
    assert run("youth", "add", "12 Hansen", "--born", "2009-03-14").exit_code == 0
    assert json_of("youth", "show", "2025-0412")["id"] == 1  # the ref, not the name
    assert json_of("youth", "show", "12")["name"] == "12 Hansen"  # no id 12: the name


def test_no_such_name(run: Any, two: Path) -> None:
    result = run("youth", "show", "Zenobia")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: No young person has the id or ref 'Zenobia': "
        "see 'efter youth list' for who is on file.\n"
    )


def test_other_commands_take_a_name(run: Any, two: Path, json_of: Any) -> None:
    assert run("team", "add", "Nørg", "--role", "jobcenter", "--name", "Peter Dam").exit_code == 0
    assert [m["name"] for m in json_of("team", "list", "norgaard")] == ["Peter Dam"]
    assert run("goal", "add", "Øster", "--area", "bolig", "--text", "Egen bolig").exit_code == 0
    assert [g["youth_id"] for g in json_of("goal", "list", "amalie oe")] == [2]


# --- property tests over Danish names ---------------------------------------------------

DANISH = ["Amalie", "Åse", "Søren", "Jørgen", "Ærbøl", "Nørgaard", "Østergård", "Bækgaard",
          "Møller", "Kierkegaard", "Aagaard", "Sørensen", "Frederiksen", "Hjørdis", "Bødker",
          "Mæhl", "Skovgård", "Lærke", "Noël", "Zoë", "José", "Ahmed", "Ødegaard"]  # fmt: skip
DANISH_SPELLINGS = {"å": ["aa", "a", "å", "Å"], "ø": ["oe", "o", "ø", "Ø"],
                    "æ": ["ae", "æ", "Æ"]}  # fmt: skip

word = st.one_of(
    st.sampled_from(DANISH),
    st.text(alphabet="abdeghijklmnorstuvyæøåé", min_size=1, max_size=10).map(str.capitalize),
)
full_name = st.lists(word, min_size=1, max_size=3).map(" ".join)


@st.composite
def respelled(draw: st.DrawFn, text: str) -> str:
    """The text as someone might type it: any case, å as aa, ø as oe, æ as ae (or as is)."""
    out = []
    for char in text:
        lower = char.lower()
        if lower in DANISH_SPELLINGS:
            out.append(draw(st.sampled_from(DANISH_SPELLINGS[lower])))
        else:
            out.append(draw(st.sampled_from([char.lower(), char.upper()])))
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), name=full_name)
def test_the_start_of_any_word_of_a_name_matches_it(data: Any, name: str) -> None:
    words = name.split()
    chosen = data.draw(st.sampled_from(words))
    start = chosen[: data.draw(st.integers(1, len(chosen)))]
    typed = data.draw(respelled(start))
    assert names.matches(names.words(typed), name), (typed, name)


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=1, max_size=15), cut=st.integers(0, 15))
def test_the_key_of_a_beginning_begins_the_key(text: str, cut: int) -> None:
    assert names.fold(text).startswith(names.fold(text[:cut]))


@settings(max_examples=100, deadline=None)
@given(data=st.data(), people=st.lists(full_name, min_size=1, max_size=6))
def test_find_by_name_agrees_with_the_rule(data: Any, people: list[str], tmp_path_factory) -> None:
    """youth.find: one match is found, several are one sentence listing each with its ref."""
    from efter.core import youth
    from efter.core.casefile import create_casefile, open_casefile
    from efter.core.errors import EfterError

    path = tmp_path_factory.mktemp("names") / "case.db"
    create_casefile(path)
    with open_casefile(path) as casefile, casefile.write() as conn:
        for number, name in enumerate(people, 1):
            conn.execute(
                "INSERT INTO youth (ref, name, born, start, created, updated) "
                "VALUES (?, ?, '2009-03-14', '2025-09-01', 'x', 'x')",
                (f"R-{number}", name),
            )
        target = data.draw(st.sampled_from(people))
        chosen = data.draw(st.sampled_from(target.split()))
        typed = data.draw(respelled(chosen[: data.draw(st.integers(1, len(chosen)))]))
        wanted = names.words(typed)
        hits = [n for n in people if names.matches(wanted, n)]
        assert target in hits
        whole = [n for n in hits if names.words(n) == wanted]
        try:
            found = youth.find(conn, typed)
        except EfterError as error:
            assert len(hits) > 1 and len(whole) != 1
            assert f"names {len(hits)} young people" in str(error)
            for number, name in enumerate(people, 1):
                if name in hits and len(hits) <= 10:
                    assert f"{name} (ref R-{number})" in str(error)
        else:
            assert found.name in hits and (len(hits) == 1 or len(whole) == 1)
        conn.execute("DELETE FROM youth")


# --- efter find -----------------------------------------------------------------------------


@pytest.fixture
def filled(run: Any, two: Path) -> Path:
    steps = [
        ("team", "add", "1", "--role", "jobcenter", "--name", "Peter Dam",
         "--organisation", "Jobcenter Nørresundby", "--from", "2025-09-01"),
        ("network", "add", "2", "--role", "mor", "--name", "Helle Østergaard",
         "--from", "2025-09-01"),
        ("goal", "add", "1", "--area", "bolig", "--text", "Finde egen bolig i Aalborg"),
        ("agreement", "add", "1", "--what", "Søge bolig hos Boligselskabet Ålborg",
         "--owner", "youth", "--due", "2027-01-15"),
        ("meeting", "plan", "1", "--at", "2027-01-14 14:00", "--place", "Rådhuset, Aalborg"),
        ("note", "add", "2", "Ringede til mor: hun kommer tirsdag i Ålborg."),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.stderr)
    return two


def test_find_says_where_each_hit_is(run: Any, filled: Path) -> None:
    result = run("find", "ålborg")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert [line.rstrip() for line in result.stdout.splitlines()[2:]] == [
        "agreement   1    Amalie Nørgaard     2025-0412   what    Søge bolig hos Boligselskabet Ålborg",
        "goal        1    Amalie Nørgaard     2025-0412   text    Finde egen bolig i Aalborg",
        "meeting     1    Amalie Nørgaard     2025-0412   place   Rådhuset, Aalborg",
        "note        1    Amalie Østergaard   2025-0413   text    Ringede til mor: hun kommer tirsdag i Ålborg.",
    ]


def test_find_json(run: Any, filled: Path, json_of: Any) -> None:
    assert json_of("find", "oestergaard") == [
        {"kind": "youth", "id": 2, "youth_id": 2, "field": "name",
         "snippet": "Amalie Østergaard", "ref": "2025-0413", "youth": "Amalie Østergaard"},
        {"kind": "network", "id": 2, "youth_id": 2, "field": "name",
         "snippet": "Helle Østergaard", "ref": "2025-0413", "youth": "Amalie Østergaard"},
    ]  # fmt: skip
    assert json_of("find", "nørresund")[0]["field"] == "organisation"
    assert json_of("find", "Zenobia") == []


def test_find_nothing_and_audit(run: Any, filled: Path, json_of: Any) -> None:
    result = run("find", "Zenobia")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Nothing in the case file matches 'Zenobia'.\n"
    run("find", "tirsdag")
    lines = [a for a in json_of("audit") if a["command"] == "find"]
    assert [(a["action"], a["youth_id"]) for a in lines] == [("viewed", 2)]


def test_find_snippet_is_neutralised(run: Any, filled: Path) -> None:
    conn = sqlite3.connect(filled)
    conn.execute("UPDATE journal SET text = 'Ålborg \x1b[31mrød' WHERE id = 1")
    conn.commit()
    conn.close()
    result = run("find", "aalborg")
    assert "\x1b" not in result.stdout and "\\x1b[31mrød" in result.stdout
