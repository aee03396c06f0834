"""Names sort in Danish alphabetical order, the same on both engines: without case, A to Z,
then Æ, Ø, Å, then any other letter by its code (SQLite's NOCASE alone puts Å before Æ and the
small æ, ø, å after every capital; PostgreSQL's ICU collation puts Æ among the A's).

Run on either engine (`--engine postgresql` for the register): the same expected order."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Run

# The order a Danish reader expects, written out by hand.
DANISH = [
    "anna Berg",
    "Bo Ali",
    "Zenia Lund",
    "Ægir Holm",
    "ærlige Jens",
    "Øjvind Berg",
    "Åge Lind",
    "ågot Dahl",
    "Åse Holm",
    "Émile Roux",
]
# As they are added (neither sorted nor reversed).
ADDED = ["Åse Holm", "Zenia Lund", "Émile Roux", "Øjvind Berg", "anna Berg", "Åge Lind",
         "Ægir Holm", "Bo Ali", "ågot Dahl", "ærlige Jens"]  # fmt: skip


def _add_everyone(run: Run, coordinator: Callable[[str], str] | None = None) -> None:
    for n, name in enumerate(ADDED):
        args = ["youth", "add", name, "--born", f"2009-0{1 + n % 9}-1{n % 9}"]
        if coordinator is not None:
            args += ["--coordinator", coordinator(name)]
        result = run(*args)
        assert result.exit_code == 0, result.stderr


def test_youth_list_sorts_names_in_danish_order(
    run: Run, casefile: Path, json_of: Callable[..., Any]
) -> None:
    _add_everyone(run)
    assert [person["name"] for person in json_of("youth", "list")] == DANISH
    table = run("youth", "list")
    assert table.exit_code == 0, table.stderr
    shown = [line for line in table.stdout.splitlines() if line[:1].isdigit()]
    assert [next(name for name in DANISH if name in line) for line in shown] == DANISH


def test_due_lists_the_young_people_without_a_meeting_in_danish_order(
    run: Run, casefile: Path
) -> None:
    _add_everyone(run)
    result = run("due", "--json")
    assert result.exit_code == 0, result.stderr
    listed = [item["youth_name"] for item in json.loads(result.stdout)["no_meeting_planned"]]
    assert listed == DANISH


def test_the_caseload_sorts_coordinators_in_danish_order(
    run: Run, casefile: Path, json_of: Callable[..., Any]
) -> None:
    # Each young person's coordinator is named after them: one case per coordinator.
    _add_everyone(run, coordinator=lambda name: f"{name} Rådgiver")
    report = json_of("report", "caseload")
    assert [row["coordinator"] for row in report["coordinators"]] == [
        f"{name} Rådgiver" for name in DANISH
    ]


def test_several_hits_are_listed_in_danish_order(run: Run, casefile: Path) -> None:
    _add_everyone(run)
    result = run("youth", "show", "Holm")
    assert result.exit_code == 1
    assert result.stderr.index("Ægir Holm") < result.stderr.index("Åse Holm")


LETTERS = "AaBbZzÆæØøÅåÉéüÜ -'"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=6), min_size=2, max_size=12))
def test_the_sql_order_is_the_python_order(casefile: Path, names_: list[str]) -> None:
    """names.order_by (SQL, on this engine) and names.order_key (Python) agree on any
    text: find() sorts its hits in Python, the lists in SQL."""
    import os

    from efter.core.casefile import open_any, resolve
    from efter.core.names import order_by, order_key

    target = os.environ.get("EFTER_DB") or str(casefile)
    with open_any(resolve(target)) as opened:
        conn = opened.conn
        rows = " UNION ALL ".join(f"SELECT ? AS name, {n} AS n" for n in range(len(names_)))
        sql = f"SELECT name FROM ({rows}) ORDER BY {order_by(conn, 'name')}, n"
        in_sql = [row[0] for row in conn.execute(sql, names_)]
    in_python = [
        names_[n] for n in sorted(range(len(names_)), key=lambda n: (order_key(names_[n]), n))
    ]
    assert in_sql == in_python


def test_progress_per_coordinator_lists_coordinators_in_danish_order(
    run: Run, casefile: Path, json_of: Callable[..., Any]
) -> None:
    _add_everyone(run, coordinator=lambda name: f"{name} Rådgiver")
    report = json_of("report", "progress", "--coordinator")
    assert [group["group"] for group in report["groups"]] == [f"{name} Rådgiver" for name in DANISH]
