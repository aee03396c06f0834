"""Batch documents: `contract render --all` and `stale_many` do the same work for ten young
people as for forty (one query per table, one renderer, one compiled template), and a batch
gives each young person exactly what a render of that person alone gives."""

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from conftest import another_register

from tests.benchmarks.casefile import Size, build


def _filled(folder: Path, people: int, request: pytest.FixtureRequest) -> str:
    """A case file (or on PostgreSQL a register of its own) with `people` young people."""
    if request.getfixturevalue("engine") == "postgresql":
        target = another_register(request)
    else:
        target = str(folder / f"casefile-{people}.db")
    build(
        target if target.startswith("postgresql://") else Path(target),
        Size(f"n{people}", people, 3 * people, 0, 5 * people, 0, 0, 0),
    )
    return target


def _active(target: str) -> int:
    from efter.core.casefile import open_any, resolve

    with open_any(resolve(target)) as opened:
        row = opened.conn.execute("SELECT count(*) FROM youth WHERE status = 'active'").fetchone()
    return int(row[0])


def _audit(sql: str) -> bool:
    return sql.lstrip().upper().startswith("INSERT INTO AUDIT_EVENT")


def test_batch_render_statements_do_not_grow_with_the_batch(
    run, env, tmp_path, statements, request
):
    counts = {}
    for people in (10, 40):
        db = _filled(tmp_path, people, request)
        out = tmp_path / f"out-{people}"
        statements.clear()
        result = run("--db", db, "contract", "render", "--all", "--out", str(out))
        assert result.exit_code == 0, result.stderr
        active = _active(db)
        assert len(list(out.iterdir())) == active
        # The audit lines are one executemany (SQLite traces each row it inserts).
        assert sum(_audit(sql) for sql in statements) == active
        counts[people] = [sql for sql in statements if not _audit(sql)]
    assert len(counts[10]) == len(counts[40]), (counts[10], counts[40])


def _sign_all(path: str) -> list[int]:
    """Save and sign the contract of every active young person; returns their ids."""
    from efter.core import contracts
    from efter.core import youth as core
    from efter.core.casefile import open_any, resolve
    from efter.render import case_documents

    casefile = open_any(resolve(path))
    try:
        with casefile.write() as conn:
            people = core.list_youth(conn, status="active")
            for person, rendered in case_documents.render_many(conn, people, "contract"):
                row, _ = contracts.save(
                    conn, person, rendered.markdown, template=rendered.template,
                    source=rendered.source, lang="da", on=date(2026, 11, 1),
                )  # fmt: skip
                conn.execute("UPDATE contract SET signed = saved WHERE id = ?", (row["id"],))
    finally:
        casefile.close()
    return [p.id for p in people]


def _stale_many(path: str) -> dict[int, object]:
    from efter.core import youth as core
    from efter.core.casefile import open_any, resolve
    from efter.render.case_documents import stale_many

    casefile = open_any(resolve(path))
    try:
        return stale_many(casefile.conn, core.list_youth(casefile.conn, status=None))
    finally:
        casefile.close()


def test_stale_many_statements_do_not_grow_with_the_batch(env, tmp_path, statements, request):
    counts = {}
    for people in (10, 40):
        db = _filled(tmp_path, people, request)
        signed = _sign_all(db)
        statements.clear()
        states = _stale_many(db)
        assert set(signed) <= set(states)
        assert set(states.values()) == {None}  # nothing changed since they were signed
        counts[people] = list(statements)
    assert len(counts[10]) == len(counts[40]), (counts[10], counts[40])


def test_stale_many_says_what_stale_says(run, casefile, tmp_path):
    """Changed, unchanged, unchecked (a --template file that is gone) and never signed, in
    one batch: each young person gets what `stale()` gives for that person alone."""
    from efter.core import youth as core
    from efter.core.casefile import open_any, resolve
    from efter.render.case_documents import stale, stale_many

    ids = [_rich_case(run, n) for n in range(5)]
    mine = tmp_path / "mine.md"
    mine.write_text("# Kontrakt for {{ youth.name }}\n", encoding="utf-8")
    for youth in ids[:4]:
        template = ("--template", str(mine)) if youth == ids[2] else ()
        assert run("contract", "save", youth, *template).exit_code == 0
    for number in ("1", "2", "3", "4"):
        assert run("contract", "signed", number).exit_code == 0
    assert run("network", "add", ids[1], "--role", "ven", "--name", "Sofie").exit_code == 0
    mine.unlink()
    casefile_ = open_any(resolve())
    try:
        people = [core.find(casefile_.conn, youth) for youth in ids]
        one_by_one = {person.id: stale(casefile_.conn, person) for person in people}
        assert stale_many(casefile_.conn, people) == one_by_one
        assert stale_many(casefile_.conn, []) == {}
    finally:
        casefile_.close()
    assert [None if s is None else s["state"] for s in one_by_one.values()] == [
        None, "changed", "unchecked", None, None,
    ]  # fmt: skip
    assert "is gone: put it back to compare" in one_by_one[int(ids[2])]["reason"]  # type: ignore[index]


def _rich_case(run, n: int) -> str:
    """A young person with a team, a network, measures, goals with sub-goals, agreements of
    every kind of owner (one whose owner has left the case) and a planned meeting."""
    youth = run(
        "youth", "add", f"Ung {n} Nørgaard", "--ref", f"2025-{n:04d}", "--born", "14-03-2009",
        "--programme", "Vejen", "--coordinator", f"Koordinator {n}", "--start", "01-09-2025",
    ).stdout.strip()  # fmt: skip
    member = {}
    for side, role, name in (
        ("team", "ungevejleder", f"Vejleder {n}"),
        ("team", "myndighedsrådgiver", f"Rådgiver {n}"),
        ("network", "mor", f"Mor {n}"),
        ("network", "ven", f"Ven {n} *stjerne*"),
    ):
        result = run(side, "add", youth, "--role", role, "--name", name, "--from", "01-09-2025")
        assert result.exit_code == 0, result.stderr
        member[name] = result.stdout.strip()
    run("measure", "add", youth, "mentor", "--provider", f"Jobcenter {n}", "--from", "01-10-2025")
    goal = run("goal", "add", youth, "--area", "uddannelse", "--text", f"Mål {n}").stdout.strip()
    sub = run("goal", "add", youth, "--parent", goal, "--area", "uddannelse", "--text",
              f"Delmål {n}").stdout.strip()  # fmt: skip
    assert sub
    for owner, what in (
        ("youth", f"Egen aftale {n}"),
        ("coordinator", f"Koordinatorens aftale {n}"),
        (f"Vejleder {n}", f"Vejlederens aftale {n}"),
        (f"Mor {n}", f"Mors aftale {n}"),
        (f"Rådgiver {n}", f"Rådgiverens aftale {n}"),
    ):
        result = run("agreement", "add", youth, "--what", what, "--owner", owner, "--due",
                     "2026-12-20", "--goal", goal)  # fmt: skip
        assert result.exit_code == 0, result.stderr
    assert run("team", "end", member[f"Rådgiver {n}"], "--date", "2026-11-27").exit_code == 0
    result = run("meeting", "plan", youth, "--at", f"2027-01-{n + 10} 14:00", "--place", "Her")
    assert result.exit_code == 0, result.stderr
    return youth


def test_a_batch_gives_each_young_person_their_own_document(run, casefile, tmp_path):
    ids = [_rich_case(run, n) for n in range(4)]
    # The first one's main goal is dropped: its sub-goal still shows, under its own area.
    conn = sqlite3.connect(casefile)
    conn.execute("UPDATE goal SET status = 'dropped' WHERE youth_id = ? AND parent_id IS NULL",
                 (int(ids[0]),))  # fmt: skip
    conn.commit()
    conn.close()
    for fmt, lang in (("md", "da"), ("html", "en")):
        out = tmp_path / f"{fmt}-{lang}"
        result = run("contract", "render", "--all", "--out", str(out), "--format", fmt,
                     "--lang", lang)  # fmt: skip
        assert result.exit_code == 0, result.stderr
        for n, youth in enumerate(ids):
            alone = run("contract", "render", youth, "--format", fmt, "--lang", lang).stdout
            stem = "samarbejdskontrakt" if lang == "da" else "contract"
            batch = (out / f"{stem}-2025-{n:04d}.{fmt}").read_text(encoding="utf-8")
            assert batch == alone
            assert f"Vejlederens aftale {n}" in batch and f"Rådgiver {n}" in batch
            assert f"Delmål {n}" in batch
            others = [m for m in range(4) if m != n]
            assert not any(f"aftale {m}" in batch or f"Mor {m}" in batch for m in others)


def test_a_file_that_cannot_be_written_fails_the_batch(run, casefile, tmp_path):
    for n in range(3):
        result = run("youth", "add", f"Ung {n}", "--ref", f"R-{n}", "--born", "2008-01-02")
        assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    (out / "samarbejdskontrakt-R-1.md").mkdir(parents=True)  # in the way of the second file
    before = sqlite3.connect(casefile).execute("SELECT count(*) FROM audit_event").fetchone()
    result = run("contract", "render", "--all", "--out", str(out))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {out / 'samarbejdskontrakt-R-1.md'} is a folder: give a file name.\n"
    )
    # Every file is checked before the first is written; the case file is unchanged.
    assert not (out / "samarbejdskontrakt-R-0.md").exists()
    assert not (out / "samarbejdskontrakt-R-2.md").exists()
    after = sqlite3.connect(casefile).execute("SELECT count(*) FROM audit_event").fetchone()
    assert after == before


def test_the_short_way_to_dict_items_answers_as_the_sandbox_does():
    """Renderer's sandbox looks `p.name` up on a plain dict directly; every other lookup, and
    every answer, is the one Jinja's SandboxedEnvironment gives."""
    from jinja2 import Undefined
    from jinja2.sandbox import SandboxedEnvironment

    from efter.render.documents import Renderer

    class Mapping(dict):  # type: ignore[type-arg]
        pass

    ours = Renderer("da").env
    theirs = SandboxedEnvironment(undefined=ours.undefined)
    for obj in ({"name": "Ida", "items": "x", "__class__": 1}, Mapping(name="Ida"), "text", 7):
        for attribute in ("name", "items", "keys", "missing", "__class__", "__init__", "upper"):
            mine, jinja = ours.getattr(obj, attribute), theirs.getattr(obj, attribute)
            if isinstance(jinja, Undefined):
                assert type(mine) is type(jinja)
                assert mine._undefined_hint == jinja._undefined_hint  # type: ignore[attr-defined]
                assert mine._undefined_name == jinja._undefined_name  # type: ignore[attr-defined]
            else:
                assert mine == jinja, (obj, attribute)
