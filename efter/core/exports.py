"""Each export kind's records read as plain rows: the SELECTs efter.transfer.exporter
streams from (no dict per record, which was most of an export's time)."""

import sqlite3
from collections.abc import Sequence

# Each kind's records as rows of its columns (in order), the youth id first: the records
# kind.export() gives as dicts, read as plain tuples without a dict per record, which is most
# of an export's time (a test holds the two equal). Kinds not here go through kind.export().
_TABLES = {
    "team": ("member", "side = 'team'", "member.id"),
    "network": ("member", "side = 'network'", "member.id"),
    "ratings": (
        "rating",
        "rating.replaced_by IS NULL",
        "life_area.position, rating.rated_by, rating.rated_on, rating.id",
    ),
    "status": ("youth_status", "", "youth_status.starts, youth_status.id"),
    "measures": ("measure", "", "measure.started, measure.id"),
}


def rows_sql(kind: str, columns: Sequence[str]) -> str | None:
    """The SELECT that reads the export kind `kind`'s records as rows of `columns` (its
    columns, in order) with the youth id first, or None (read through the kind's export)."""
    names = list(columns)
    if kind in ("youth", "closed"):
        where = " WHERE status = 'closed'" if kind == "closed" else ""
        return f"SELECT id, {', '.join(names)} FROM youth{where} ORDER BY ref IS NULL, ref, id"
    if kind == "meetings":  # core stores starts as YYYY-MM-DDTHH:MM (meetings.stored)
        return (
            "SELECT meeting.youth_id, youth.ref, replace(substr(meeting.starts, 1, 16), 'T', ' '), "
            "CASE WHEN meeting.kind = 'milestone' AND meeting.milestone <> '' "
            "THEN meeting.milestone ELSE meeting.kind END, meeting.place, meeting.duration, "
            "meeting.leader, meeting.minute_taker, meeting.status FROM meeting JOIN youth "
            "ON youth.id = meeting.youth_id ORDER BY youth.ref, meeting.starts, meeting.id"
        )
    if kind == "programmes":  # efter.core.programmes.export_rows, as rows
        return (
            "SELECT pp.youth_id, y.ref, p.name, c.name, pp.starts, pp.ends "
            "FROM programme_period AS pp JOIN youth AS y ON y.id = pp.youth_id "
            "JOIN programme AS p ON p.id = pp.programme_id "
            "LEFT JOIN cohort AS c ON c.id = pp.cohort_id "
            "ORDER BY y.ref IS NULL, y.ref, pp.starts, pp.id"
        )
    if kind == "prices":
        return "SELECT NULL, programme, amount FROM programme_price ORDER BY programme"
    if kind == "agreements":
        return (
            "SELECT agreement.youth_id, youth.ref, agreement.what, CASE agreement.owner "
            "WHEN 'member' THEN member.name ELSE agreement.owner END, agreement.due, "
            "agreement.status, agreement.done_on, agreement.drop_reason, "
            "substr(agreement.created, 1, 10) FROM agreement "
            "JOIN youth ON youth.id = agreement.youth_id "
            "LEFT JOIN member ON member.id = agreement.owner_member_id "
            "ORDER BY youth.ref, agreement.due, agreement.id"
        )
    if kind not in _TABLES or names[0] != "ref":
        return None
    table, where, order = _TABLES[kind]
    joins = " LEFT JOIN life_area ON life_area.code = rating.area" if table == "rating" else ""
    # A team member's `person` (their id in the address book) is this file's own: an export
    # names them by name and organisation, and the importing file finds them that way.
    columns = ", ".join("NULL" if name == "person" else f"{table}.{name}" for name in names[1:])
    return (
        f"SELECT {table}.youth_id, youth.ref, {columns} FROM {table} JOIN youth "
        f"ON youth.id = {table}.youth_id{joins}{' WHERE ' + where if where else ''} "
        f"ORDER BY youth.ref, {order}"
    )


def read(conn: sqlite3.Connection, sql: str) -> sqlite3.Cursor:
    """The rows of `sql` as plain tuples, as they are read (fetchmany for a batch). The case file keeps its temporary
    data in memory (casefile: temp_store = MEMORY), where an export's sort of 300,000 ratings
    grew with the case file (46 MiB at 10,000 young people); on disk it stays flat (20 MiB)."""
    conn.execute("PRAGMA temp_store = FILE")
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor.execute(sql)
