"""Every difference between the two storage engines, in one place (issue 17).

The core writes its SQL once, in SQLite's dialect (the laptop's case file, where every
statement runs as written). A municipality's register runs the same statements on
PostgreSQL: `PostgresConnection` presents the face of a `sqlite3.Connection` that the core
uses (`execute`, `executemany`, `cursor`, rows by name and position, `lastrowid`,
`total_changes`, sqlite3's exception classes) and `translate()` turns each statement into
PostgreSQL's once (cached). Nothing outside this module knows which engine it runs on, as in
Django's `db/backends/<engine>/operations.py`; what must differ in a migration (widening a
CHECK constraint, a trigger that refuses a row) is asked of `of(conn)`.

What the translation covers:

- placeholders (`?`, `:name`) and a literal `%`;
- an id list bound as one JSON parameter, `IN (SELECT value FROM json_each(?))`, becomes
  `= ANY(%s)` with the list itself as the parameter (ints or texts alike), and read in its
  order, `FROM json_each(?) ORDER BY key`, `unnest(%s) WITH ORDINALITY`;
- SQLite's functions the core uses (`date`, `datetime`, `typeof`, `sum` of a comparison,
  `ifnull`, two-argument `max`/`min`) are defined in the register's schema by `PRELUDE`
  (`sqlite_date(...)` etc.), and `date(x) IS x` comparisons become `IS NOT DISTINCT FROM`;
- types (`INTEGER PRIMARY KEY` is an identity column, `INTEGER` is `BIGINT`), `WITHOUT ROWID`,
  `GLOB`, `LIKE` (ASCII case-insensitive in SQLite: `ILIKE`), `COLLATE NOCASE` (a
  nondeterministic ICU collation `nocase` in the schema), NULLs first in ascending order (as
  SQLite sorts them, in an ORDER BY and in an index's keys, so the one reads from the
  other), `INSERT OR IGNORE`, `rowid`, returning the new id (`lastrowid`);
- `PRAGMA` statements: `user_version` is a row in `schema_version`, `table_info` and
  `foreign_key_list` read the catalog, the rest (cache, journal, fsync) mean nothing there;
- triggers: a SQLite trigger becomes a PL/pgSQL function and a trigger that runs it (one
  that refuses a row, with a subquery in its condition, is made by `refuse_when`).
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from efter.core.sqlparts import split_terms

URL_PREFIXES = ("postgresql://", "postgres://")
SCHEMA = "efter"


def driver() -> Any:
    """psycopg 3, loaded when a command first connects to a register (ImportError when the
    register extra is not installed). Its import makes tens of thousands of objects (its
    adapters, asyncio, ssl) of which none is garbage, and the cyclic collector walked them
    while they were made: it is paused for the import, as efter.start does for efter's own
    start-up, and what the import made moves straight to the oldest generation after (freeze,
    then unfreeze, as the importer does), so the young collections do not walk it again: 6-7
    ms of CPU of every command on a register (docs/performance.md). In the console script's
    process the standard modules psycopg imports and a command does not use (most of
    asyncio) load when first used (efter.deferred.before_psycopg)."""
    import gc
    import sys

    if "psycopg" not in sys.modules:
        collecting = gc.isenabled()
        gc.disable()
        try:
            from efter import deferred

            deferred.before_psycopg()
            import psycopg
        finally:
            if collecting:
                gc.freeze()
                gc.unfreeze()
                gc.enable()
    import psycopg

    return psycopg


def is_url(target: object) -> bool:
    """Whether a --db / EFTER_DB value names a PostgreSQL register rather than a file."""
    return isinstance(target, str) and target.startswith(URL_PREFIXES)


def redacted(url: str) -> str:
    """The URL without its password, for a sentence."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


_LITERAL = re.compile(r"'([^']*)'")  # a text constant in a CHECK's list


class SQLite:
    """The laptop's engine: statements run as written."""

    name = "sqlite"
    # One store shared by many coordinators, whose reference tables (life areas, settings,
    # prices) are the owner's: a register. A case file is one coordinator's own.
    shared = False

    def columns(self, conn: Any, table: str) -> set[str]:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}

    def tables(self, conn: Any) -> list[str]:
        """Every table of the schema, by name."""
        return [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]

    def widen_check(self, conn: Any, table: str, old: str, new: str) -> None:
        """Widen a CHECK constraint by rewriting the table's stored definition. SQLite cannot
        alter a CHECK; its documentation allows this edit for a constraint that only widens
        (every stored row still satisfies it), and a rebuild (new table, copy, drop) would
        leave free pages in every new case file, which `doctor` reports."""
        row = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        sql = str(row[0]) if row else ""
        if new in sql:
            return  # widened already
        if old in sql:
            widened = sql.replace(old, new)
        else:
            # since m030 a list is stored as comparisons (`x = 'a' OR x = 'b' ...`): each
            # added value goes in before the value that follows it in `new`
            column = re.search(r"(\w+)\s+IN\s*\(", old)
            before, after = _LITERAL.findall(old), _LITERAL.findall(new)
            added = [value for value in after if value not in before]
            if column is None or not added:  # a migration's mistake: no value to add
                raise ValueError("widen_check", old, new)
            name = column.group(1)
            if all(re.search(rf"\b{name} = '{value}'", sql) for value in added):
                return  # widened already
            anchor = next((v for v in after[after.index(added[0]) :] if v in before), None)
            target = re.search(rf"\b{name} = '{anchor}'", sql) if anchor else None
            if target is None:
                # neither form: never silently, a laptop would go on refusing what a register
                # accepts
                raise ValueError("widen_check", table, old)
            widened = (
                sql[: target.start()]
                + "".join(f"{name} = '{value}' OR " for value in added)
                + sql[target.start() :]
            )
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema = ON")
        try:
            conn.execute(
                "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                (widened, table),
            )
            conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
        finally:
            conn.execute("PRAGMA writable_schema = OFF")

    def fresh_ids(self, conn: Any, table: str, count: int) -> list[int] | None:
        """Ids for `count` new rows of `table` handed out in advance, or None where rows may
        keep the ids they bring when those are free (a case file, which has one writer)."""
        return None

    def schema_model(self, conn: Any) -> Any:
        """A connection whose `sqlite_master` holds the schema's CREATE statements in
        SQLite's words (a case bundle is an SQLite file made with them): the file itself."""
        return conn

    def name_order(self, column: str) -> str:
        """An ORDER BY key that puts names in Danish alphabetical order, the same on both
        engines (efter.core.names.order_key; names.order_by chooses)."""
        from efter.core.names import sqlite_order_by

        return sqlite_order_by(column)

    def refuse_when(
        self, conn: Any, name: str, event: str, table: str, condition: str, message: str
    ) -> None:
        """A trigger `name` that refuses a row of `table` (BEFORE `event`: INSERT, or UPDATE
        OF columns) for which `condition` holds (SQLite's SQL over NEW, subqueries allowed),
        with `message` as the integrity error's text."""
        quoted = "'" + message.replace("'", "''") + "'"
        conn.execute(
            f"CREATE TRIGGER IF NOT EXISTS {name}\n"
            f"BEFORE {event} ON {table}\n"
            f"WHEN {condition.strip()}\n"
            f"BEGIN SELECT RAISE(ABORT, {quoted}); END"
        )


class Postgres(SQLite):
    """The register's engine: statements are translated (see the module's text)."""

    name = "postgresql"
    shared = True

    def tables(self, conn: Any) -> list[str]:
        return [
            row[0]
            for row in conn.raw.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename",
                (SCHEMA,),
            )
        ]

    def widen_check(self, conn: Any, table: str, old: str, new: str) -> None:
        """PostgreSQL alters a CHECK constraint: the values `new` adds to the list in `old`
        (both the opening of SQLite's text) go into the stored constraint, which is dropped
        and added again under its name."""
        literals = re.compile(r"'([^']*)'")
        before, after = literals.findall(old), literals.findall(new)
        added = [value for value in after if value not in before]
        anchor = next((v for v in after[after.index(added[0]) :] if v in before), None)
        if not added or anchor is None:
            return
        rows = conn.execute(
            "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid "
            "WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ? "
            "AND c.contype = 'c'",
            (table,),
        ).fetchall()
        for name, definition in rows:
            target = f"'{anchor}'::text"
            if target not in definition or f"'{added[0]}'::text" in definition:
                continue
            widened = definition.replace(
                target, "".join(f"'{value}'::text, " for value in added) + target, 1
            )
            conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {widened}')
            return

    def fresh_ids(self, conn: Any, table: str, count: int) -> list[int] | None:
        """From the table's identity sequence: ids no other writer gets, also ids of rows the
        role cannot see (row-level security hides them from a `max(id)`)."""
        if count <= 0:
            return []
        rows = conn.raw.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (f"{SCHEMA}.{table}", count),
        ).fetchall()
        return [int(row[0]) for row in rows]

    def schema_model(self, conn: Any) -> Any:
        """An SQLite schema in memory built by the same migrations the register has (it has
        every one this efter knows: `register.open_register` sees to that)."""
        return _sqlite_schema()

    def name_order(self, column: str) -> str:
        """As SQLite's: the ICU collation `nocase` would put Æ among the A's and Ø among the
        O's; lower() under the "C" collation folds only A-Z, as SQLite's NOCASE, and "C"
        compares the bytes, as SQLite does."""
        from efter.core.names import danish_letters

        return f'lower({danish_letters(column)} COLLATE "C") COLLATE "C"'

    def refuse_when(
        self, conn: Any, name: str, event: str, table: str, condition: str, message: str
    ) -> None:
        """PostgreSQL allows no subquery in a trigger's WHEN, and has no RAISE(ABORT): the
        condition is tested in the function, which raises an integrity error with the message
        (sqlite3.IntegrityError with the same text, as SQLite's RAISE gives) or lets the row
        through."""
        test = translate(condition.strip()).sql.replace("%%", "%")
        quoted = "'" + message.replace("'", "''") + "'"
        conn.raw.execute(
            f"CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
            f"BEGIN\nIF {test} THEN\n"
            f"RAISE EXCEPTION USING MESSAGE = {quoted}, ERRCODE = 'integrity_constraint_violation';\n"
            f"END IF;\nRETURN NEW;\nEND $fn$"
        )
        conn.raw.execute(
            f"CREATE OR REPLACE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION {name}_fn()"
        )


@functools.lru_cache(maxsize=1)
def _sqlite_schema() -> sqlite3.Connection:
    from efter.core.migrations import MIGRATIONS

    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE TABLE migration (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    for migration in MIGRATIONS:
        migration(conn)
    return conn


def of(conn: Any) -> SQLite:
    """The dialect of an open connection."""
    return POSTGRES if isinstance(conn, PostgresConnection) else SQLITE


SQLITE = SQLite()
POSTGRES = Postgres()


# --- PostgreSQL: the functions SQLite has and efter's SQL uses ------------------------------
# Their bodies name each other with the schema, so they work whatever the search_path of the
# session that reads a CHECK or an index using them (a dump, an admin's psql).

PRELUDE = r"""
CREATE OR REPLACE FUNCTION sqlite_shift(moment timestamp, modifiers text[])
RETURNS timestamp LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    m text;
    parts text[];
BEGIN
    IF modifiers IS NULL THEN
        RETURN moment;
    END IF;
    FOREACH m IN ARRAY modifiers LOOP
        IF m IS NULL THEN
            RETURN NULL;
        END IF;
        m := lower(trim(m));
        IF m = 'start of month' THEN
            moment := date_trunc('month', moment);
        ELSIF m = 'start of year' THEN
            moment := date_trunc('year', moment);
        ELSIF m = 'start of day' THEN
            moment := date_trunc('day', moment);
        ELSE
            parts := regexp_match(m, '^([+-]?[0-9]+(?:\.[0-9]+)?)\s+(year|month|day|hour|minute|second)s?$');
            IF parts IS NULL THEN
                RETURN NULL;
            END IF;
            moment := moment + (parts[1] || ' ' || parts[2])::interval;
        END IF;
    END LOOP;
    RETURN moment;
END $$;

CREATE OR REPLACE FUNCTION sqlite_moment(value text)
RETURNS timestamp LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF value IS NULL OR value !~ '^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$' THEN
        RETURN NULL;
    END IF;
    RETURN replace(value, 'T', ' ')::timestamp;
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION sqlite_date(value text, VARIADIC modifiers text[] DEFAULT '{}')
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(efter.sqlite_shift(efter.sqlite_moment(value), modifiers), 'YYYY-MM-DD')
$$;

CREATE OR REPLACE FUNCTION sqlite_datetime(value text, VARIADIC modifiers text[] DEFAULT '{}')
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(efter.sqlite_shift(efter.sqlite_moment(value), modifiers),
                   'YYYY-MM-DD HH24:MI:SS')
$$;

CREATE OR REPLACE FUNCTION sqlite_typeof(value anyelement)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN value IS NULL THEN 'null'
        WHEN pg_typeof(value) IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype)
            THEN 'integer'
        WHEN pg_typeof(value) IN ('real'::regtype, 'double precision'::regtype,
                                  'numeric'::regtype) THEN 'real'
        WHEN pg_typeof(value) = 'bytea'::regtype THEN 'blob'
        ELSE 'text' END
$$;

CREATE OR REPLACE FUNCTION ifnull(a anycompatible, b anycompatible)
RETURNS anycompatible LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(a, b) $$;

CREATE OR REPLACE FUNCTION max(a anycompatible, b anycompatible)
RETURNS anycompatible LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE greatest(a, b) END
$$;

CREATE OR REPLACE FUNCTION min(a anycompatible, b anycompatible)
RETURNS anycompatible LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE least(a, b) END
$$;

-- What translate() wraps every sum's argument in: PostgreSQL inlines it, so a comparison is
-- summed as the built-in sum of integers and anything else as itself (the sum(boolean)
-- aggregate below calls a SQL function per row: 3 us each, a quarter of a second for a
-- report over 15,000 agreements).
CREATE OR REPLACE FUNCTION sqlite_sum_arg(value boolean)
RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT value::integer $$;

CREATE OR REPLACE FUNCTION sqlite_sum_arg(value anyelement)
RETURNS anyelement LANGUAGE sql IMMUTABLE AS $$ SELECT value $$;

CREATE OR REPLACE FUNCTION sqlite_bool_add(total bigint, value boolean)
RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value IS NULL THEN total ELSE coalesce(total, 0) + value::int END
$$;

CREATE OR REPLACE AGGREGATE sum(boolean) (sfunc = efter.sqlite_bool_add, stype = bigint);
CREATE OR REPLACE AGGREGATE total(boolean) (sfunc = efter.sqlite_bool_add, stype = bigint,
    initcond = '0');

CREATE TABLE IF NOT EXISTS schema_version (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version integer NOT NULL
);
INSERT INTO schema_version (version) VALUES (0) ON CONFLICT DO NOTHING;
"""

# SQLite's NOCASE compares ASCII letters without case; an ICU collation at secondary strength
# does that for every letter. Made once per schema (CREATE COLLATION has no OR REPLACE).
COLLATION = (
    "CREATE COLLATION IF NOT EXISTS nocase "
    "(provider = icu, locale = 'und-u-ks-level2', deterministic = false)"
)


def prepare(conn: PostgresConnection) -> None:
    """Make the schema and the functions efter's SQL needs in an empty database (or bring
    them up to date): run before the migrations, in their transaction."""
    raw = conn.raw
    raw.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    raw.execute(f"SET search_path = {SCHEMA}")
    raw.execute(COLLATION)
    raw.execute(PRELUDE)


# --- The translation ------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<string>'(?:[^']|'')*')
  | (?P<ident>"(?:[^"]|"")*")
  | (?P<comment>--[^\n]*)
  | (?P<json>\bIN\s*\(\s*SELECT\s+value\s+FROM\s+json_each\(\s*(?P<jph>\?|:\w+)\s*\)\s*\))
  | (?P<jlist>\bFROM\s+json_each\(\s*\?\s*\)\s*(?=ORDER\s+BY\s+key\b))
  | (?P<qmark>\?(?P<number>\d*))
  | (?P<named>(?<!:):(?P<name>[A-Za-z_]\w*))
  | (?P<percent>%)
    """,
    re.VERBOSE | re.IGNORECASE,
)

# SQLite's words in PostgreSQL's, in this order, each applied to what the ones before it left
# (case-insensitive). Each has a word its pattern cannot match without (in capitals): most
# pieces of a statement hold none of them, so a rule is tried only where its word is, and its
# pattern is compiled the first time it is (translating and compiling every rule for every
# piece cost a command on a register ~5 ms of its start-up; docs/performance.md).
_WORD_REWRITES: list[tuple[str, str, str]] = [
    ("INTEGER", r"\bINTEGER\s+PRIMARY\s+KEY\b",
     "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    ("INTEGER", r"\bINTEGER\b", "BIGINT"),
    ("REAL", r"\bREAL\b", "DOUBLE PRECISION"),
    ("BLOB", r"\bBLOB\b", "BYTEA"),
    ("WITHOUT", r"\)\s*WITHOUT\s+ROWID", ")"),
    ("DATE", r"(?<![\w.])date\s*\(", "sqlite_date("),
    ("DATETIME", r"(?<![\w.])datetime\s*\(", "sqlite_datetime("),
    ("TYPEOF", r"(?<![\w.])typeof\s*\(", "sqlite_typeof("),
    ("INDEXED", r"\bNOT\s+INDEXED\b", ""),
    # SQLite's CROSS JOIN with ON is an inner join the planner keeps in its order.
    ("CROSS", r"\bCROSS\s+JOIN\s+(\w+(?:\s+(?:AS\s+)?(?!ON\b)\w+)?)\s+ON\b", r"JOIN \1 ON"),
    # `+column` keeps SQLite's planner off an index; PostgreSQL has no unary + for text.
    ("+", r"\b(WHERE|AND|OR|ON)\s+\+(?=[A-Za-z_])", r"\1 "),
    ("GROUP_CONCAT", r"(?<![\w.])group_concat\s*\(", "string_agg("),
    # `(comparison) IS NOT 1`: SQLite's three-valued test of a comparison.
    ("IS", r"\bIS\s+NOT\s+1\b", "IS NOT TRUE"),
    ("IS", r"\bIS\s+NOT\s+0\b", "IS NOT FALSE"),
    ("IS", r"\bIS\s+1\b", "IS TRUE"),
    ("IS", r"\bIS\s+0\b", "IS FALSE"),
    # `WHERE 1 AND ...`, `... AND 1`: SQLite's true is 1; PostgreSQL's AND wants a boolean.
    ("1", r"\b(WHERE|AND|OR)\s+1(?=\s+AND\b|\s+OR\b|\s+ORDER\b|\s+GROUP\b|\s+LIMIT\b|\s*\)|\s*$)",
     r"\1 true"),
    ("IMMEDIATE", r"\bBEGIN\s+IMMEDIATE\b", "BEGIN"),
    ("LIKE", r"\bNOT\s+LIKE\b", "NOT ILIKE"),
    ("LIKE", r"(?<!NOT )(?<!I)\bLIKE\b", "ILIKE"),
    ("ROWID", r"\browid\b", "ctid"),
    ("IS", r"\bIS\s+NOT\s+(?!NULL\b|TRUE\b|FALSE\b|DISTINCT\b)", "IS DISTINCT FROM "),
    ("IS", r"\bIS\s+(?!NULL\b|NOT\b|TRUE\b|FALSE\b|DISTINCT\b)", "IS NOT DISTINCT FROM "),
    # A foreign key may wait for the end of the transaction when asked (`PRAGMA
    # defer_foreign_keys`, below): a case bundle's correction points at a later row.
    ("REFERENCES", r"(\bREFERENCES\s+\"?\w+\"?\s*(?:\([^)]*\))?"
     r"(?:\s+ON\s+(?:DELETE|UPDATE)\s+(?:CASCADE|RESTRICT|NO\s+ACTION|SET\s+NULL|SET\s+DEFAULT))*)",
     r"\1 DEFERRABLE"),
    # A column's collation comes after its type in PostgreSQL, before its constraints.
    ("NOCASE", r"\bTEXT\s+PRIMARY\s+KEY\s+COLLATE\s+NOCASE\b", "TEXT COLLATE nocase PRIMARY KEY"),
]  # fmt: skip


@functools.cache
def _pattern(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A pattern compiled when a statement first needs it, not when the module loads: a
    command translates a few statements, and most need few of the patterns."""
    return re.compile(pattern, flags)


# Compiled when needed (_pattern), each tried only on a statement that has its first word.
_GLOB = r"\bGLOB\s+'((?:[^']|'')*)'"
_INSERT_OR = r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\b"
_PRAGMA = (
    r"^\s*PRAGMA\s+(\w+)(?:\s*\(\s*'?\"?(\w+)\"?'?\s*\)|\s*=\s*(\S+))?\s*;?\s*$"  # case counts
)
_TRIGGER = (
    r"^\s*CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>\w+)\s+"
    r"(?P<when>BEFORE|AFTER)\s+(?P<event>INSERT|DELETE|UPDATE(?:\s+OF\s+[\w\s,]+?)?)\s+"
    r"ON\s+(?P<table>\w+)\s+(?:FOR\s+EACH\s+ROW\s+)?(?:WHEN\s+(?P<cond>.*?)\s+)?"
    r"BEGIN(?P<body>.*)END\s*;?\s*$"
)
_UPSERT_SELF = r"(DO\s+UPDATE\s+SET\s+)(\w+)\s*=\s*\2\b"
_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+\"?(\w+)\"?", re.IGNORECASE)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_ORDER_END = re.compile(r"\b(LIMIT|OFFSET|UNION|EXCEPT|INTERSECT)\b|;", re.IGNORECASE)

# SQLite's comparisons are integers and can be stored or compared as such; PostgreSQL's are
# booleans. Where efter's SQL stores one in an integer column, it is cast here.
# Both need the words "change IS NOT NULL", as written (case counts).
_BOOLEAN_STORED = [
    (r"(\b\w+\.)?change IS NOT NULL(?=\s*,\s*coalesce)", r"(\1change IS NOT NULL)::int"),
    (r"followed = \(((?:\w+\.)?change IS NOT NULL)\)", r"followed = (\1)::int"),
]

_PRAGMA_QUERIES = {
    "table_info": (
        "SELECT ordinal_position - 1 AS cid, column_name AS name, upper(data_type) AS type, "
        "(is_nullable = 'NO')::int AS notnull, column_default AS dflt_value, "
        "coalesce((SELECT k.ordinal_position FROM information_schema.key_column_usage k "
        "JOIN information_schema.table_constraints t ON t.constraint_name = k.constraint_name "
        "AND t.table_schema = k.table_schema WHERE t.constraint_type = 'PRIMARY KEY' "
        "AND k.table_schema = c.table_schema AND k.table_name = c.table_name "
        "AND k.column_name = c.column_name), 0) AS pk "
        "FROM information_schema.columns c WHERE table_schema = current_schema() "
        "AND table_name = %s ORDER BY ordinal_position"
    ),
    "foreign_key_list": (
        'SELECT 0 AS id, 0 AS seq, cl.relname AS "table", a.attname AS "from", '
        "fa.attname AS \"to\", 'NO ACTION' AS on_update, "
        "CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' "
        "ELSE 'NO ACTION' END AS on_delete, 'NONE' AS match "
        "FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
        "JOIN pg_class cl ON cl.oid = c.confrelid "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1] "
        "WHERE c.contype = 'f' AND t.relname = %s "
        "AND t.relnamespace = current_schema()::regnamespace"
    ),
}
# Settings of SQLite's that mean nothing to PostgreSQL: read as 0, set as nothing.
_NO_OP = "SELECT 0"


class Translated:
    """One statement in PostgreSQL's words: what runs before it (a trigger's function), the
    statement, which parameters are id lists, and whether it returns the new row's id."""

    __slots__ = ("before", "json_params", "numbered", "pragma_arg", "returns_id", "sql")

    def __init__(
        self,
        sql: str,
        *,
        before: tuple[str, ...] = (),
        json_params: tuple[int | str, ...] = (),
        returns_id: bool = False,
        pragma_arg: str | None = None,
        numbered: bool = False,
    ) -> None:
        self.sql = sql
        self.numbered = numbered
        self.before = before
        self.json_params = json_params
        self.returns_id = returns_id
        self.pragma_arg = pragma_arg


@functools.lru_cache(maxsize=2048)
def translate(sql: str, id_tables: frozenset[str] = frozenset()) -> Translated:
    """SQLite's statement in PostgreSQL's words (see the module's text). `id_tables` are the
    tables whose new rows get an id the statement returns (`lastrowid`)."""
    first = sql.lstrip()[:6].upper()
    pragma = _pattern(_PRAGMA, 0).match(sql) if first == "PRAGMA" else None
    if pragma:
        return _pragma(pragma.group(1).lower(), pragma.group(2), pragma.group(3))
    trigger = _pattern(_TRIGGER, re.I | re.S).match(sql) if first == "CREATE" else None
    if trigger:
        return _trigger(trigger)
    conflict = ""
    if first == "INSERT" and _pattern(_INSERT_OR).match(sql):
        sql = _pattern(_INSERT_OR).sub("INSERT INTO", sql, count=1)
        conflict = " ON CONFLICT DO NOTHING"
    out: list[str] = []
    numbered = False
    json_params: list[int | str] = []
    position = 0
    last = 0
    for match in _TOKEN.finditer(sql):
        out.append(_rewrite_words(sql[last : match.start()]))
        last = match.end()
        kind = match.lastgroup
        text = match.group(0)
        if kind == "string" or kind in ("ident", "comment"):
            out.append(text.replace("%", "%%"))
        elif kind == "json" or (kind == "jph"):
            placeholder = match.group("jph")
            if placeholder == "?":
                json_params.append(position)
                position += 1
                out.append("= ANY(%s)")
            else:
                json_params.append(placeholder[1:])
                out.append(f"= ANY(%({placeholder[1:]})s)")
        elif kind == "jlist":  # the list's values in its order (its positions: key)
            json_params.append(position)
            position += 1
            out.append("FROM unnest(%s) WITH ORDINALITY AS json_each (value, key) ")
        elif kind == "qmark" and match.group("number"):  # ?1: the first parameter
            numbered = True
            out.append(f"%(p{match.group('number')})s" + _typed_if_null(sql, match.end()))
        elif kind == "qmark":
            position += 1
            out.append("%s" + _typed_if_null(sql, match.end()))
        elif kind == "named":
            out.append(f"%({match.group('name')})s" + _typed_if_null(sql, match.end()))
        elif kind == "percent":
            out.append("%%")
    out.append(_rewrite_words(sql[last:]))
    text = "".join(out)
    if "GLOB" in text.upper():
        text = _pattern(_GLOB).sub(lambda m: "~ " + _glob_regex(m.group(1)), text)
    text = _sums_inlined(text)
    text = _nulls_like_sqlite(text)
    text = _index_nulls_like_sqlite(text)
    text = _subqueries_named(text)
    if "change IS NOT NULL" in text:
        for pattern, replacement in _BOOLEAN_STORED:
            text = _pattern(pattern, 0).sub(replacement, text)
    text = text.rstrip().rstrip(";") + conflict
    returns_id = False
    insert = _INSERT_INTO.match(text)
    if insert:
        # An upsert's `SET n = n + 1` names the stored row's n: PostgreSQL wants it said.
        text = _pattern(_UPSERT_SELF).sub(rf"\1\2 = {insert.group(1)}.\2", text)
    if insert and insert.group(1).lower() in id_tables and "RETURNING" not in text.upper():
        text += " RETURNING id"
        returns_id = True
    return Translated(
        text, json_params=tuple(json_params), returns_id=returns_id, numbered=numbered
    )


_IS_NULL_AHEAD = re.compile(r"\s+IS\s+(?:NOT\s+)?NULL\b", re.IGNORECASE)
_FROM_SUBQUERY = re.compile(r"\b(FROM|JOIN)\s*\(\s*SELECT\b", re.IGNORECASE)
_ALIAS_AHEAD = (r"\s*(?:AS\s+)?(?!WHERE\b|GROUP\b|ORDER\b|LIMIT\b|ON\b|JOIN\b|"
                r"LEFT\b|CROSS\b|INNER\b|UNION\b|WINDOW\b)[A-Za-z_]\w*")  # fmt: skip


_SUM = re.compile(r"(?<![\w.])sum\s*\(", re.IGNORECASE)


def _string_end(text: str, start: int) -> int:
    """The index just after the string literal that opens at `start`."""
    n = start + 1
    while n < len(text):
        if text[n] == "'":
            if text[n + 1 : n + 2] == "'":
                n += 2
                continue
            return n + 1
        n += 1
    return n


def _sums_inlined(text: str) -> str:
    """SQLite sums a comparison as 0 and 1 (`sum(status = 'held')`); PostgreSQL's comparison
    is a boolean. Every sum's argument is wrapped in `sqlite_sum_arg(...)` (PRELUDE), which
    PostgreSQL inlines: a boolean becomes an integer for the built-in sum, anything else is
    summed as it is. `sum(DISTINCT ...)` is left alone."""
    if "sum" not in text.lower():
        return text
    out: list[str] = []
    last = n = 0
    while n < len(text):
        if text[n] == "'":
            n = _string_end(text, n)
            continue
        match = _SUM.match(text, n)
        if not match or (n and (text[n - 1].isalnum() or text[n - 1] in "_.")):
            n += 1
            continue
        opened = match.end()
        depth, end = 1, opened
        while end < len(text) and depth:
            if text[end] == "'":
                end = _string_end(text, end)
                continue
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        inner = text[opened : end - 1]
        if inner.lstrip().upper().startswith("DISTINCT") or depth:
            n = opened
            continue
        out.append(text[last:opened] + "sqlite_sum_arg(" + _sums_inlined(inner) + ")")
        last = end - 1
        n = end
    out.append(text[last:])
    return "".join(out)


def _typed_if_null(sql: str, end: int) -> str:
    """`? IS NULL`: PostgreSQL cannot tell the type of a parameter it only tests for NULL."""
    return "::text" if _IS_NULL_AHEAD.match(sql, end) else ""


def _subqueries_named(text: str) -> str:
    """A subquery in FROM needs a name in PostgreSQL 15; SQLite's may have none."""
    out, last, n = [], 0, 0
    for match in _FROM_SUBQUERY.finditer(text):
        start = text.index("(", match.start())
        depth, end = 0, len(text)
        for i in range(start, len(text)):
            depth += text[i] == "("
            depth -= text[i] == ")"
            if depth == 0:
                end = i + 1
                break
        if not _pattern(_ALIAS_AHEAD).match(text, end):
            n += 1
            out.append(text[last:end] + f" AS subquery_{n}")
            last = end
    out.append(text[last:])
    return "".join(out)


def _rewrite_words(text: str) -> str:
    """_WORD_REWRITES applied to a piece of a statement (no string, name or comment in it).
    A rule whose word is not in the piece cannot match and is passed over; a piece that is not
    all ASCII tries every rule (a case-insensitive pattern matches some other letters too,
    the Kelvin sign for a K)."""
    plain = text.isascii()
    capitals = text.upper()
    for word, pattern, replacement in _WORD_REWRITES:
        if plain and word not in capitals:
            continue
        rewritten = _pattern(pattern).sub(replacement, text)
        if rewritten != text:
            text = rewritten
            plain = text.isascii()
            capitals = text.upper()
    return text


def _glob_regex(glob: str) -> str:
    """A GLOB pattern as an anchored POSIX regular expression literal."""
    out = ["^"]
    n = 0
    while n < len(glob):
        char = glob[n]
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            end = glob.index("]", n + 1)
            out.append(glob[n : end + 1])
            n = end
        else:
            out.append(re.escape(char))
        n += 1
    out.append("$")
    return "'" + "".join(out).replace("%", "%%") + "'"


def _nulls_like_sqlite(text: str) -> str:
    """SQLite sorts NULLs first in ascending order and last in descending; PostgreSQL the
    other way round. Every ORDER BY term gets SQLite's order said outright."""
    result = []
    last = 0
    for match in _ORDER_BY.finditer(text):
        start = match.end()
        depth = 0
        end = len(text)
        n = start
        while n < len(text):
            char = text[n]
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    end = n
                    break
                depth -= 1
            elif char == "'":
                n = text.index("'", n + 1)
            elif depth == 0:
                stop = _ORDER_END.match(text, n)
                if stop and (n == 0 or not text[n - 1].isalnum()):
                    end = n
                    break
            n += 1
        terms = split_terms(text[start:end])
        fixed = []
        for term in terms:
            stripped = term.rstrip()
            upper = stripped.upper()
            if "NULLS" in upper:
                fixed.append(term)
            elif upper.endswith(" DESC"):
                fixed.append(stripped + " NULLS LAST" + term[len(stripped) :])
            else:
                fixed.append(stripped + " NULLS FIRST" + term[len(stripped) :])
        result.append(text[last:start])
        result.append(",".join(fixed))
        last = end
    result.append(text[last:])
    return "".join(result)


_CREATE_INDEX = r"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\b[^(]*?\bON\s+\"?\w+\"?\s*\("


def _index_nulls_like_sqlite(text: str) -> str:
    """An index keeps its keys in SQLite's order of NULLs too (first ascending, last
    descending), so that an ORDER BY said in that order (_nulls_like_sqlite) can be read from
    it rather than sorted."""
    match = _pattern(_CREATE_INDEX).match(text) if text.lstrip()[:6].upper() == "CREATE" else None
    if not match:
        return text
    start, depth, end = match.end(), 0, len(text)
    for n in range(start, len(text)):
        if text[n] == "(":
            depth += 1
        elif text[n] == ")":
            if depth == 0:
                end = n
                break
            depth -= 1
    terms = []
    for term in split_terms(text[start:end]):
        stripped = term.strip()
        upper = stripped.upper()
        if "NULLS" in upper:
            terms.append(stripped)
        elif upper.endswith(" DESC"):
            terms.append(stripped + " NULLS LAST")
        else:
            terms.append(stripped + " NULLS FIRST")
    return text[:start] + ", ".join(terms) + text[end:]


def _pragma(name: str, argument: str | None, value: str | None) -> Translated:
    if name == "user_version":
        if value is not None:
            return Translated(f"UPDATE schema_version SET version = {int(value)}")
        return Translated("SELECT version FROM schema_version")
    if name in _PRAGMA_QUERIES:
        return Translated(_PRAGMA_QUERIES[name], pragma_arg=argument)
    if name == "defer_foreign_keys" and value is not None:
        on = value.strip().upper() in ("ON", "1", "TRUE", "YES")
        return Translated(f"SET CONSTRAINTS ALL {'DEFERRED' if on else 'IMMEDIATE'}")
    if name in ("integrity_check", "quick_check"):
        return Translated("SELECT 'ok'")
    if name == "foreign_key_check":
        return Translated("SELECT 1 WHERE false")
    return Translated(_NO_OP)


def _trigger(match: re.Match[str]) -> Translated:
    """A SQLite trigger as a PL/pgSQL function and a row trigger that runs it."""
    name = match.group("name")
    body_statements = []
    for statement in _statements(match.group("body")):
        translated = translate(statement)
        body_statements.append(translated.sql.replace("%%", "%") + ";")
    body = "\n".join(body_statements)
    function = (
        f"CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND $fn$"
    )
    condition = match.group("cond")
    when = ""
    if condition:
        when = f" WHEN ({translate(condition).sql.replace('%%', '%')})"
    event = re.sub(r"\s+", " ", match.group("event").strip())
    trigger = (
        f"CREATE OR REPLACE TRIGGER {name} {match.group('when')} {event} "
        f"ON {match.group('table')} FOR EACH ROW{when} EXECUTE FUNCTION {name}_fn()"
    )
    return Translated(trigger, before=(function,))


def _statements(script: str) -> Iterator[str]:
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            if statement.strip().rstrip(";").strip():
                yield statement.strip()
            statement = ""
    if statement.strip():
        yield statement.strip()


# --- The connection ------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _row_maker(names: tuple[str, ...]) -> Any:
    """Rows of a result with these column names, made as sqlite3.Row (by position and by
    name, case-insensitively, the first of two equal names): the very rows the core reads on
    a case file, made and indexed in C. sqlite3.Row takes its names from a sqlite3 cursor's
    description, so an in-memory cursor that selected columns of these names lends them (a
    Python tuple subclass reading names per access cost a report at 3,000 young people
    ~50 ms of the client's CPU)."""
    quoted = ", ".join('NULL AS "' + name.replace('"', '""') + '"' for name in names)
    cursor = _names_connection().execute(f"SELECT {quoted}" if names else "SELECT NULL")
    return functools.partial(sqlite3.Row, cursor)


@functools.lru_cache(maxsize=1)
def _names_connection() -> sqlite3.Connection:
    return sqlite3.connect(":memory:", check_same_thread=False)


class PostgresCursor:
    """The part of sqlite3.Cursor the core uses."""

    def __init__(self, connection: PostgresConnection, use_rows: bool = True) -> None:
        self.connection = connection
        # as sqlite3's cursor: the connection's row factory when it was made
        self.row_factory: object = connection.row_factory if use_rows else None
        self.lastrowid: int | None = None
        self.rowcount = -1
        self._cursor = connection.raw.cursor()
        self._make: Any = None  # makes a row of this result's columns
        self._pending: list[Any] | None = None
        # whether the statement returned rows: asked once (psycopg's description makes a
        # Column per column each time it is read)
        self._tuples = False

    @property
    def description(self) -> Any:
        return self._cursor.description

    def execute(self, sql: str, params: Any = ()) -> PostgresCursor:
        translated = translate(sql, self.connection.tables_with_ids(sql))
        with self.connection.errors():
            for before in translated.before:
                self._cursor.execute(before)
            self._cursor.execute(translated.sql, self.connection.bind(translated, params))
        self._after(translated)
        return self

    def executemany(self, sql: str, seq: Iterable[Any]) -> PostgresCursor:
        # No new ids back from executemany (as sqlite3's): no RETURNING, and no need to ask
        # the catalog which tables have one (insert_ids is the way to get them).
        translated = translate(sql)
        with self.connection.errors():
            rows = [self.connection.bind(translated, params) for params in seq]
            if rows:
                self._cursor.executemany(translated.sql, rows)
        self.rowcount = self._cursor.rowcount
        if self.rowcount > 0:
            self.connection.changes += self.rowcount
        self._make = None
        self._pending = []
        self._tuples = False
        return self

    def _after(self, translated: Translated) -> None:
        cursor = self._cursor
        self.rowcount = cursor.rowcount
        self._pending = None
        description = cursor.description
        self._tuples = description is not None
        if description is not None:
            self._make = _row_maker(tuple(column.name for column in description))
        else:
            self._make = None
        if translated.returns_id:
            row = cursor.fetchone()
            self.lastrowid = int(row[0]) if row else None
            self._make = None
            self._pending = []
        status = cursor.statusmessage or ""
        if status.startswith(("INSERT", "UPDATE", "DELETE")) and cursor.rowcount > 0:
            self.connection.changes += cursor.rowcount

    def _rows(self, rows: list[Any]) -> list[Any]:
        if self.row_factory is None or self._make is None:
            return rows
        return list(map(self._make, rows))

    def fetchone(self) -> Any:
        if self._pending is not None or not self._tuples:
            return None
        values = self._cursor.fetchone()
        if values is None or self.row_factory is None or self._make is None:
            return values
        return self._make(values)

    def fetchall(self) -> list[Any]:
        if self._pending is not None or not self._tuples:
            return []
        return self._rows(self._cursor.fetchall())

    def fetchmany(self, size: int = 100) -> list[Any]:
        if self._pending is not None or not self._tuples:
            return []
        return self._rows(self._cursor.fetchmany(size))

    def __iter__(self) -> Iterator[Any]:
        while True:
            rows = self.fetchmany(500)
            if not rows:
                return
            yield from rows

    def close(self) -> None:
        self._cursor.close()


class PostgresConnection:
    """A psycopg 3 connection with the face of the sqlite3.Connection the core uses.

    Autocommit at the driver: efter says BEGIN and COMMIT itself (CaseFile.write())."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.changes = 0
        self.row_factory: object = sqlite3.Row
        self._id_tables: frozenset[str] | None = None

    @classmethod
    def connect(cls, url: str, settings: dict[str, str] | None = None) -> PostgresConnection:
        """A connection whose session has the search path and `settings` (name: value) from
        its first packet: libpq's `options` parameter carries them to the server with the
        login, added to any options the URL gives (psycopg.conninfo), so no statement is
        spent on them."""
        import psycopg
        from psycopg.conninfo import conninfo_to_dict
        from psycopg.types.numeric import FloatLoader, Int8Dumper

        given = conninfo_to_dict(url).get("options")
        options = [str(given)] if given else []
        for name, value in {"search_path": SCHEMA, **(settings or {})}.items():
            options.append(f"-c {name}={_option(value)}")  # after the URL's: these win
        raw = psycopg.connect(url, autocommit=True, options=" ".join(options))
        # SQLite hands back floats for averages; PostgreSQL's numeric would be Decimal.
        raw.adapters.register_loader("numeric", FloatLoader)
        # Every whole number is a BIGINT, as SQLite's integers are 64-bit (psycopg would send
        # 5 as a smallint, and a recursive query started from it would not add up).
        raw.adapters.register_dumper(int, Int8Dumper)
        return cls(raw)

    def tables_with_ids(self, sql: str) -> frozenset[str]:
        """What translate() needs to know for `sql`: the tables whose new rows return their
        id, for an INSERT only (asked of the catalog once, when the first INSERT comes: a
        command that only reads never asks)."""
        if sql.lstrip()[:6].upper() != "INSERT":
            return frozenset()
        return self.id_tables

    @property
    def id_tables(self) -> frozenset[str]:
        """The tables with an identity id."""
        if self._id_tables is None:
            self.refresh()
        return self._id_tables or frozenset()

    def refresh(self) -> None:
        """Learn which tables have an identity id (after a migration added one)."""
        rows = self.raw.execute(
            "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s "
            "AND a.attname = 'id' AND a.attidentity <> ''",
            (SCHEMA,),
        ).fetchall()
        self._id_tables = frozenset(row[0] for row in rows)

    @property
    def total_changes(self) -> int:
        return self.changes

    def cursor(self) -> PostgresCursor:
        return PostgresCursor(self)

    def execute(self, sql: str, params: Any = ()) -> PostgresCursor:
        cursor = PostgresCursor(self).execute(sql, params)
        if sql.lstrip()[:6].upper() in ("CREATE", "ALTER ") and "TABLE" in sql.upper():
            self._id_tables = None  # learnt again when the next INSERT needs them
        return cursor

    def executemany(self, sql: str, seq: Iterable[Any]) -> PostgresCursor:
        return PostgresCursor(self).executemany(sql, seq)

    def insert_ids(self, sql: str, seq: Iterable[Any]) -> list[int]:
        """Every row of `seq` inserted by `sql` (one executemany, as casefile.insert_rows),
        the new ids in the order given, each returned by its own statement: a register's ids
        come from a sequence every writer draws from at once, so they need not follow one
        another, and `max(id)` sees only the rows the role may see."""
        translated = translate(sql, self.id_tables)
        if not translated.returns_id:
            raise ValueError(f"not an INSERT into a table with an id: {sql[:80]}")
        cursor = self.raw.cursor()
        ids: list[int] = []
        with self.errors():
            rows = [self.bind(translated, params) for params in seq]
            if not rows:
                return ids
            cursor.executemany(translated.sql, rows, returning=True)
            while True:
                ids.append(int(cursor.fetchone()[0]))
                if not cursor.nextset():
                    break
        self.changes += len(ids)
        return ids

    def bind(self, translated: Translated, params: Any) -> Any:
        if translated.pragma_arg is not None:
            return (translated.pragma_arg,)
        if translated.numbered and not isinstance(params, dict):
            params = {f"p{n}": value for n, value in enumerate(params or (), start=1)}
        if not translated.json_params or not params:
            return params if params else ()
        if isinstance(params, dict):
            bound = dict(params)
            for key in translated.json_params:
                bound[key] = json.loads(bound[key])
            return bound
        listed = list(params)
        for index in translated.json_params:
            listed[int(index)] = json.loads(listed[int(index)])
        return listed

    def errors(self) -> Any:
        return _sqlite_errors()

    def commit(self) -> None:
        self.raw.execute("COMMIT")

    def rollback(self) -> None:
        self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()


def _option(value: str) -> str:
    """A setting's value as libpq's `options` takes it (space and backslash escaped)."""
    return value.replace("\\", "\\\\").replace(" ", "\\ ")


class _sqlite_errors:
    """psycopg's exceptions as sqlite3's, which the core already catches; a refusal by the
    register's row-level security or grants, and a wait for another command that ran out,
    stay psycopg's, which the register's CaseFile words (register.refusals)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: BaseException | None, tb: Any) -> None:
        if error is None:
            return
        import psycopg

        if not isinstance(error, psycopg.Error):
            return
        passed_on = (
            psycopg.errors.InsufficientPrivilege,
            psycopg.errors.ObjectInUse,  # a checked-out case (register.checked_out)
            psycopg.errors.LockNotAvailable,
            psycopg.errors.SerializationFailure,
            psycopg.errors.DeadlockDetected,
        )
        if isinstance(error, passed_on):
            return
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        if isinstance(error, psycopg.IntegrityError):
            mapped: sqlite3.Error = sqlite3.IntegrityError(_sqlite_wording(error, message))
        elif isinstance(error, psycopg.OperationalError):
            mapped = sqlite3.OperationalError(message)
        else:
            mapped = sqlite3.DatabaseError(message)
        raise mapped from error


def _sqlite_wording(error: Any, message: str) -> str:
    """An integrity error in the words SQLite uses, which the core reads ('UNIQUE constraint
    failed: youth.ref')."""
    diag = getattr(error, "diag", None)
    table = getattr(diag, "table_name", None) or ""
    column = getattr(diag, "column_name", None) or ""
    sqlstate = getattr(error, "sqlstate", "") or ""
    if sqlstate == "23505":
        detail = getattr(diag, "message_detail", "") or ""
        found = re.search(r"Key \(([^)]*)\)", detail)
        columns = [c.strip() for c in found.group(1).split(",")] if found else []
        constraint = getattr(diag, "constraint_name", None) or ""
        if not found and constraint.startswith(f"{table}_") and constraint.endswith("_key"):
            # PostgreSQL leaves the key out for a row the role may not see (row-level
            # security); a one-column UNIQUE's own name says which column it was
            columns = [constraint[len(table) + 1 : -len("_key")]]
        return "UNIQUE constraint failed: " + ", ".join(f"{table}.{c}" for c in columns)
    if sqlstate == "23503":
        return "FOREIGN KEY constraint failed"
    if sqlstate == "23514":
        return f"CHECK constraint failed: {getattr(diag, 'constraint_name', '') or ''}"
    if sqlstate == "23502":
        return f"NOT NULL constraint failed: {table}.{column}"
    return message
