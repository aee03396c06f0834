"""`report agreements` reads counts that triggers keep (m025_agreement_counts: agreement_count
per young person, agreement_owner_count per young person and owner). Whoever writes the
agreements (add, done, move, drop, edit, import, a meeting's follow-up, erasure, a migration
over the agreements already on file, plain SQL behind the core's back), the kept counts must
be the ones counted from the agreements themselves, and the report must print the same
whether it reads the kept counts or counts the agreements (its exact path, which it takes
when the period does not hold every agreement on file)."""

import random
import sqlite3
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, casefile_before
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from efter.core import report_agreements
from efter.core.reports import Filters

TODAY = date(2026, 11, 28)
KEPT = "made, kept_on_time, kept_late, dropped"


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def counted_from_agreements(conn: Any) -> tuple[dict[Any, tuple[int, ...]], ...]:
    """What the kept counts must hold, counted in Python from the agreements as they are."""
    per_youth: dict[Any, Counter[str]] = {}
    per_owner: dict[Any, Counter[str]] = {}
    for youth, owner, member, status, done_on, first_due in conn.execute(
        "SELECT youth_id, owner, owner_member_id, status, done_on, first_due FROM agreement"
    ).fetchall():
        for counts in (
            per_youth.setdefault(youth, Counter()),
            per_owner.setdefault((owner, member or 0, youth), Counter()),
        ):
            counts["made"] += 1
            if status == "done":
                counts["kept_on_time" if done_on <= first_due else "kept_late"] += 1
            counts["dropped"] += status == "dropped"
    keys = KEPT.split(", ")
    return tuple(
        {key: tuple(counts[k] for k in keys) for key, counts in kind.items()}
        for kind in (per_youth, per_owner)
    )


def kept_counts(conn: Any) -> tuple[dict[Any, tuple[int, ...]], ...]:
    per_youth = conn.execute(f"SELECT youth_id, {KEPT} FROM agreement_count").fetchall()
    per_owner = conn.execute(
        f"SELECT owner, owner_member_id, youth_id, {KEPT} FROM agreement_owner_count"
    ).fetchall()
    return (
        {row[0]: tuple(row[1:]) for row in per_youth},
        {tuple(row[:3]): tuple(row[3:]) for row in per_owner},
    )


def assert_kept(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        kept = kept_counts(conn)
        assert kept == counted_from_agreements(conn)
        assert all(counts[0] > 0 for kind in kept for counts in kind.values())  # no 0 kept
    finally:
        conn.close()


def exact_too(monkeypatch: pytest.MonkeyPatch, json_of: Any, *args: str) -> Any:
    """The report's JSON from the kept counts, having checked it against the exact path's."""
    kept = json_of("report", "agreements", *args)
    with monkeypatch.context() as exact:
        exact.setattr(report_agreements, "_all_in", lambda reader, where: False)
        assert json_of("report", "agreements", *args) == kept, args
    return kept


@pytest.fixture
def people(run: Run, casefile: Path) -> list[str]:
    """Three young people, two coordinators, and team and network members who own
    agreements (among them a role both sides have: 'other')."""
    for ref, name, coordinator in (("A1", "Ada", "Mette"), ("B2", "Bo", "Ole"),
                                   ("C3", "Cai", "Mette")):  # fmt: skip
        ok(run("youth", "add", name, "--ref", ref, "--born", "2008-05-05",
               "--start", "2025-01-06", "--coordinator", coordinator))  # fmt: skip
    for ref in ("A1", "B2", "C3"):
        ok(run("team", "add", ref, "--role", "ungevejleder", "--name", f"UU {ref}"))
        ok(run("team", "add", ref, "--role", "other", "--name", f"Fag {ref}"))
        ok(run("network", "add", ref, "--role", "other", "--name", f"Ven {ref}"))
        ok(run("network", "add", ref, "--role", "mor", "--name", f"Mor {ref}"))
    return ["A1", "B2", "C3"]


def test_every_command_keeps_the_counts(
    run: Run,
    people: list[str],
    casefile: Path,
    json_of: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    rng = random.Random(21)
    owners = ("youth", "coordinator", "UU {ref}", "Fag {ref}", "Ven {ref}", "Mor {ref}")
    made: list[tuple[int, str]] = []
    for step in range(70):
        ref = rng.choice(people)
        day = (TODAY + timedelta(days=rng.randrange(-200, 60))).isoformat()
        action = rng.choice(("add", "add", "add", "done", "move", "drop", "edit"))
        if action == "add" or not made:
            owner = rng.choice(owners).format(ref=ref)
            added = ok(run("agreement", "add", ref, "--what", f"Aftale {step}",
                           "--owner", owner, "--due", day))  # fmt: skip
            made.append((int(added.stdout), ref))
            continue
        agreement, ref = rng.choice(made)
        if action == "done":
            result = run("agreement", "done", str(agreement), "--date",
                         min(day, TODAY.isoformat()))  # fmt: skip
        elif action == "move":
            result = run("agreement", "move", str(agreement), "--due", day)
        elif action == "drop":
            result = run("agreement", "drop", str(agreement), "--reason", "Ikke aktuelt")
        else:
            owner = rng.choice(owners).format(ref=ref)
            result = run("agreement", "edit", str(agreement), "--owner", owner)
        # a follow-up of one no longer open is refused (exit 1), as it should be
        assert result.exit_code in (0, 1), result.stderr
    assert_kept(casefile)
    data = exact_too(monkeypatch, json_of)
    totals = data["totals"]
    # the walk tests something: every state and every kind of owner is there
    assert all(totals[key] > 0 for key in ("kept_on_time", "kept_late", "dropped", "overdue",
                                            "not_yet_due", "moved"))  # fmt: skip
    assert {o["role"] for o in data["by_owner"]} >= {"youth", "coordinator", "ungevejleder",
                                                     "other", "mor"}  # fmt: skip
    for args in (("--coordinator", "Mette"), ("--share",), ("--coordinator", "Ole", "--csv")):
        if "--csv" in args:  # the same CSV from both paths
            kept = ok(run("report", "agreements", *args)).stdout
            with monkeypatch.context() as exact:
                exact.setattr(report_agreements, "_all_in", lambda reader, where: False)
                assert ok(run("report", "agreements", *args)).stdout == kept
            continue
        exact_too(monkeypatch, json_of, *args)
    # a meeting's follow-up: kept, moved and dropped at once (and the rest still open)
    for n, due in enumerate(("2026-11-27", "2026-11-10", "2026-11-20", "2026-11-25")):
        ok(run("agreement", "add", "C3", "--what", f"Opfølgning {n}", "--owner", "youth",
               "--due", due))  # fmt: skip
    listed = json_of("agreement", "list", "C3")
    due = sorted(a["id"] for a in listed if a["what"].startswith("Opfølgning"))
    meeting = ok(run("meeting", "plan", "C3", "--at", "2026-11-27 10:00", "--force")).stdout.strip()
    before = json_of("report", "agreements", "--coordinator", "Mette")["totals"]
    ok(run("meeting", "held", meeting, "--attended", "youth", "--kept", str(due[0]),
           "--moved", f"{due[1]}=2026-12-15", "--dropped", f"{due[2]}=Ikke aktuelt"))  # fmt: skip
    assert_kept(casefile)
    after = exact_too(monkeypatch, json_of, "--coordinator", "Mette")["totals"]
    assert (after["kept_on_time"], after["moved"], after["dropped"]) == (
        before["kept_on_time"] + 1,
        before["moved"] + 1,
        before["dropped"] + 1,
    )
    # an import of new agreements and of changes to those on file (--update)
    lines = ok(run("export", "agreements")).stdout.splitlines()
    assert lines[0].lstrip("\ufeff").split(";")[4:6] == ["Status", "Udført dato"]
    changed = []
    for line in lines[1:]:
        cells = line.split(";")
        # (one the young person or the coordinator owns: the members joined today, and an
        # import asks for the owner on the case when the agreement was due)
        if cells[4] == "open" and cells[2] in ("youth", "coordinator") and len(changed) < 3:
            cells[4:6] = ["done", "2026-11-20"]
            changed.append(";".join(cells))
    assert len(changed) == 3
    new = ["A1;Ny aftale 1;coordinator;2026-10-01;done;2026-10-05;;",
           "C3;Ny aftale 2;youth;2026-12-01;open;;;",
           "C3;Ny aftale 3;youth;2026-09-01;dropped;;Ikke aktuelt;"]  # fmt: skip
    csv = tmp_path / "agreements.csv"
    csv.write_text("\n".join([lines[0], *changed, *new]) + "\n", encoding="utf-8")
    before = json_of("report", "agreements")["totals"]
    ok(run("import", "agreements", str(csv), "--update"))
    assert_kept(casefile)
    after = exact_too(monkeypatch, json_of)["totals"]
    assert after["made"] == before["made"] + 3
    assert after["kept_on_time"] + after["kept_late"] == (
        before["kept_on_time"] + before["kept_late"] + 4
    )
    # a young person erased takes their counts with them
    ok(run("youth", "erase", "B2", "--yes"))
    assert_kept(casefile)
    conn = sqlite3.connect(casefile)
    left = conn.execute(
        "SELECT (SELECT count(*) FROM agreement_count WHERE youth_id = 2), "
        "(SELECT count(*) FROM agreement_owner_count WHERE youth_id = 2)"
    ).fetchone()
    conn.close()
    assert left == (0, 0)
    exact_too(monkeypatch, json_of)


def test_plain_sql_behind_the_cores_back_keeps_the_counts(
    run: Run, people: list[str], casefile: Path, json_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n, (owner, due) in enumerate((("youth", "2026-10-01"), ("coordinator", "2026-12-24"),
                                      ("UU A1", "2026-11-01"), ("Mor A1", "2026-09-01"))):  # fmt: skip
        ok(run("agreement", "add", "A1", "--what", f"Aftale {n}", "--owner", owner, "--due", due))
    conn = sqlite3.connect(casefile)
    with conn:
        conn.execute("UPDATE agreement SET status = 'done', done_on = '2026-10-05' WHERE id = 1")
        conn.execute("UPDATE agreement SET status = 'dropped', drop_reason = 'x' WHERE id = 2")
        conn.execute("UPDATE agreement SET youth_id = 2 WHERE id = 3")  # moved to another case
        conn.execute("UPDATE agreement SET first_due = '2026-10-10' WHERE id = 1")  # on time now
        conn.execute(
            "UPDATE agreement SET owner = 'coordinator', owner_member_id = NULL WHERE id = 4"
        )
        conn.execute("UPDATE agreement SET what = 'Ny tekst' WHERE id = 4")  # counts nothing
    conn.close()
    assert_kept(casefile)
    data = exact_too(monkeypatch, json_of)
    assert (data["totals"]["kept_on_time"], data["totals"]["dropped"]) == (1, 1)
    conn = sqlite3.connect(casefile)
    conn.execute("PRAGMA foreign_keys = ON")  # as efter opens a case file
    with conn:
        # a member deleted takes the agreements they own (ON DELETE CASCADE), and with them
        # their counts
        conn.execute("UPDATE agreement SET owner = 'member', owner_member_id = 1 WHERE id = 4")
        conn.execute("DELETE FROM member WHERE id = 1")
        conn.execute("DELETE FROM agreement WHERE id = 3")
    conn.close()
    assert_kept(casefile)
    conn = sqlite3.connect(casefile)
    assert conn.execute("SELECT count(*) FROM agreement").fetchone() == (2,)
    conn.close()
    exact_too(monkeypatch, json_of)


def test_a_period_that_leaves_agreements_out_is_counted_from_the_agreements(
    run: Run, people: list[str], casefile: Path, json_of: Any
) -> None:
    """The kept counts hold every agreement on file: a report of a period that leaves some
    out (made before it began, or after it ended) counts the agreements themselves."""
    for n, made in enumerate(("2026-01-10", "2026-06-01", "2026-11-20")):
        ok(run("agreement", "add", "A1", "--what", f"Aftale {n}", "--owner", "youth",
               "--due", "2026-12-20"))  # fmt: skip
        conn = sqlite3.connect(casefile)
        with conn:
            conn.execute(
                "UPDATE agreement SET created = ? WHERE id = ?", (f"{made}T10:00:00", n + 1)
            )
        conn.close()
    made = {
        window: json_of("report", "agreements", *window)["totals"]["made"]
        for window in ((), ("--from", "2026-01-10"), ("--from", "2026-01-11"),
                       ("--to", "2026-11-20"), ("--to", "2026-11-19"),
                       ("--from", "2026-02-01", "--to", "2026-06-30"))
    }  # fmt: skip
    assert list(made.values()) == [3, 3, 2, 3, 2, 1]


def test_an_older_case_file_migrates_with_every_agreement_counted(
    run: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pg_admin: str | None,
    request: pytest.FixtureRequest,
    json_of: Any,
) -> None:
    """A case file (or register) at m024_statutory_dates with agreements: opening it runs
    m025_agreement_counts, which counts every agreement on file, and nothing else changes."""
    from efter.core.migrations import MIGRATIONS

    names = [m.__name__ for m in MIGRATIONS]
    assert names[names.index("m025_agreement_counts") - 1] == "m024_statutory_dates"
    old = tmp_path / "old.db"
    target = casefile_before("m025_agreement_counts", run, old, pg_admin, monkeypatch, request)
    rng = random.Random(25)
    conn = sqlite3.connect(old)
    with conn:
        for n in range(6):
            conn.execute(
                "INSERT INTO youth (ref, name, born, start, coordinator, created, updated) "
                "VALUES (?, ?, '2008-05-05', '2025-01-06', 'Mette', 'x', 'x')",
                (f"R{n}", f"Ung {n}"),
            )
            for side, role in (("team", "mentor"), ("network", "other"), ("team", "other")):
                conn.execute(
                    "INSERT INTO member (youth_id, side, role, name, started, created) "
                    "VALUES (?, ?, ?, ?, '2025-01-06', 'x')",
                    (n + 1, side, role, f"{role} {n}"),
                )
        members = [row[0] for row in conn.execute("SELECT id FROM member").fetchall()]
        for n in range(120):
            youth = rng.randint(1, 6)
            member = rng.choice([None, None, *members[(youth - 1) * 3 : youth * 3]])
            first = TODAY + timedelta(days=rng.randrange(-300, 60))
            due = first + timedelta(days=rng.choice((0, 0, 20)))
            status = rng.choice(("open", "open", "done", "dropped"))
            done_on = (first + timedelta(days=rng.randrange(-20, 20))).isoformat()
            conn.execute(
                "INSERT INTO agreement (youth_id, what, owner, owner_member_id, due, first_due, "
                "status, done_on, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'x')",
                (youth, f"Aftale {n}",
                 "member" if member else rng.choice(("youth", "coordinator")), member,
                 due.isoformat(), first.isoformat(), status,
                 done_on if status == "done" else None, "2026-01-05T09:00:00"),
            )  # fmt: skip
            if due != first:
                conn.execute(
                    "INSERT INTO agreement_event (agreement_id, event, on_date, old_due, new_due)"
                    " VALUES (?, 'moved', '2026-02-01', ?, ?)",
                    (n + 1, first.isoformat(), due.isoformat()),
                )
    before = {
        table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
        for table in ("youth", "member", "agreement", "agreement_event")
    }
    conn.close()
    monkeypatch.setenv("EFTER_DB", target)
    exact = {}
    with monkeypatch.context() as counting:  # the old file's figures, counted before it migrates
        counting.setattr(report_agreements, "_all_in", lambda reader, where: False)
        exact = json_of("report", "agreements")  # opening migrates
    conn = sqlite3.connect(old)
    after = {
        table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
        for table in ("youth", "member", "agreement", "agreement_event")
    }
    recorded = [r[0] for r in conn.execute("SELECT name FROM migration").fetchall()]
    conn.close()
    assert after == before  # every record as it was
    assert sorted(recorded) == sorted(names) and len(recorded) == len(names)
    assert_kept(old)
    assert json_of("report", "agreements") == exact  # from the kept counts now
    assert exact["totals"]["made"] == 120 and exact["totals"]["moved"] > 0


# --- the two paths, for any agreements and any period --------------------------------------

DAYS = st.integers(min_value=-400, max_value=120).map(lambda n: TODAY + timedelta(days=n))
AGREEMENT = st.tuples(
    st.integers(min_value=1, max_value=4),  # young person
    st.sampled_from(("youth", "coordinator", 1, 2, 3)),  # owner (a member by id)
    st.sampled_from(("open", "done", "dropped")),
    DAYS,  # first due
    st.integers(min_value=0, max_value=2),  # times moved
    st.integers(min_value=-30, max_value=30),  # done, days from the first due
    # made: by today but for a few (the kept counts then answer a report up to today)
    st.integers(min_value=-400, max_value=1).map(lambda n: TODAY + timedelta(days=n)),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A case file with four young people (two coordinators, one closed) and three members
    of Ada's, one of them on each side with the role 'other'; made by the core, on SQLite."""
    from efter.core.casefile import create_casefile

    path = tmp_path_factory.mktemp("kept") / "template.db"
    casefile, _ = create_casefile(path)
    with casefile, casefile.write() as conn:
        for n, (name, coordinator, closed) in enumerate(
            (
                ("Ada", "Mette", None),
                ("Bo", "Ole", None),
                ("Cai", "Mette", "2026-03-01"),
                ("Dina", "Ole", None),
            )
        ):
            conn.execute(
                "INSERT INTO youth (id, name, born, start, coordinator, status, closed, "
                "created, updated) VALUES (?, ?, '2008-05-05', '2025-01-06', ?, ?, ?, 'x', 'x')",
                (n + 1, name, coordinator, "closed" if closed else "active", closed),
            )
        for side, role in (("team", "other"), ("network", "other"), ("team", "mentor")):
            conn.execute(
                "INSERT INTO member (youth_id, side, role, name, started, created) "
                "VALUES (1, ?, ?, 'X', '2025-01-06', 'x')",
                (side, role),
            )
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    agreements=st.lists(AGREEMENT, max_size=25),
    start=st.none() | DAYS,
    end=st.none() | DAYS,
    coordinator=st.sampled_from((None, "Mette", "Ole")),
    share=st.booleans(),
)
def test_the_kept_counts_give_the_exact_report(
    template: Path,
    agreements: list[tuple[Any, ...]],
    start: date | None,
    end: date | None,
    coordinator: str | None,
    share: bool,
) -> None:
    if start and start > (end or TODAY):  # refused before anything is counted
        start, end = (end or TODAY), start
    conn = sqlite3.connect(template)
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        conn.execute("BEGIN")
        for n, (youth, owner, status, first, moves, done_in, made) in enumerate(agreements):
            member = owner if isinstance(owner, int) else None
            youth = 1 if member else youth  # a member owns their own young person's
            due = first + timedelta(days=7 * moves)
            done_on = first + timedelta(days=done_in)
            conn.execute(
                "INSERT INTO agreement (id, youth_id, what, owner, owner_member_id, due, "
                "first_due, status, done_on, created, updated) "
                "VALUES (?, ?, 'x', ?, ?, ?, ?, ?, ?, ?, 'x')",
                (n + 1, youth, "member" if member else owner, member, due.isoformat(),
                 first.isoformat(), status,
                 done_on.isoformat() if status == "done" else None,
                 f"{made.isoformat()}T09:00:00"),
            )  # fmt: skip
            for _ in range(moves):
                conn.execute(
                    "INSERT INTO agreement_event (agreement_id, event, on_date) "
                    "VALUES (?, 'moved', '2026-01-01')",
                    (n + 1,),
                )
        assert kept_counts(conn) == counted_from_agreements(conn)
        filters = Filters(coordinator=coordinator, start=start, end=end)
        # the kept counts are read exactly when the period holds every agreement on file
        last = end or TODAY
        every = all((start is None or made >= start) and made <= last
                    for *_, made in agreements)  # fmt: skip
        after = (last + timedelta(days=1)).isoformat()
        where = {"after": after, "start": start.isoformat() if start else None}
        assert report_agreements._all_in(conn.cursor(), where) == every
        event("the kept counts" if every else "the agreements counted")
        report = report_agreements.agreements(conn, filters, TODAY, share=share)
        real = report_agreements._all_in
        report_agreements._all_in = lambda reader, where: False  # type: ignore[assignment]
        try:
            exact = report_agreements.agreements(conn, filters, TODAY, share=share)
        finally:
            report_agreements._all_in = real  # type: ignore[assignment]
        assert report.data == exact.data
        assert report.youth_ids == exact.youth_ids
    finally:
        conn.rollback()
        conn.close()
