"""Query plans on a register (PostgreSQL): what EXPLAIN says a statement reads, for the tests
that hold efter's queries to their indexes on both engines (test_query_plans.py,
test_progress_sql.py).

The planner is asked with sequential scans made as expensive as it allows (enable_seqscan =
off): a table as small as a test's would otherwise be read whole by choice, and what the
tests ask is whether an index CAN serve the statement. A "Seq Scan" with a filter left in the
plan means none can."""

import json
from collections.abc import Iterator, Sequence
from typing import Any


def plan(conn: Any, sql: str, params: Sequence[Any] | dict[str, Any] | None = ()) -> Any:
    """The JSON plan of an already translated statement (psycopg's placeholders)."""
    conn.execute("SET enable_seqscan = off")
    try:
        row = conn.execute("EXPLAIN (FORMAT JSON) " + sql, params or None).fetchone()
    finally:
        conn.execute("RESET enable_seqscan")
    found = row[0]
    return json.loads(found) if isinstance(found, str) else found


def nodes(tree: Any) -> Iterator[dict[str, Any]]:
    """Every node of a plan, subplans and CTEs included."""
    if isinstance(tree, list):
        for item in tree:
            yield from nodes(item)
        return
    if not isinstance(tree, dict):
        return
    if "Node Type" in tree:
        yield tree
    for key in ("Plan", "Plans"):
        if key in tree:
            yield from nodes(tree[key])


def seq_scans(conn: Any, sql: str, params: Any, tables: Sequence[str]) -> list[str]:
    """The tables among `tables` the statement reads whole to pick some of their rows (a
    Seq Scan with a Filter: no index serves the condition). A Seq Scan with no condition
    reads every row on purpose (a report on the whole file), as SQLite's SCAN of a table
    through an index does."""
    return sorted(
        node["Relation Name"]
        for node in nodes(plan(conn, sql, params))
        if node["Node Type"] == "Seq Scan"
        and node.get("Relation Name") in tables
        and "Filter" in node
    )


def indexes(conn: Any, sql: str, params: Any) -> list[str]:
    """The indexes the statement reads, in plan order."""
    return [node["Index Name"] for node in nodes(plan(conn, sql, params)) if node.get("Index Name")]
