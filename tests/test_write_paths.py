"""One write path per kind of record: a table is written (INSERT, UPDATE, DELETE) only by its
kind's own core module, and a record is changed through that module's batch operation
(`update_many`, on `casefile.update_rows`), so a single command with one record and the
importer with many share the rules and the writes. The test reads the SQL in every module of
efter/ and fails on a write anywhere else, or on an UPDATE of its own that is not one of the
few set-based ones named below."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each table and the module (in efter/core/) that writes it; None: only triggers write it.
OWNER: dict[str, str | None] = {
    "agreement": "agreements.py",
    "agreement_count": None,
    "agreement_owner_count": None,
    "agreement_event": "agreements.py",
    "attendance": "meetings.py",
    "audit_event": "audit.py",
    "checkout": "checkout.py",
    "cohort": "programmes.py",
    "consent": "consent.py",
    "consent_area": "consent.py",
    "consent_party": "consent.py",
    "contract": "contracts.py",
    "coordinator_change": "youth.py",
    "deadline_met": "deadlines.py",
    "edit_event": "edits.py",
    "goal": "goals.py",
    "journal": "journal.py",
    "life_area": "areas.py",
    "measure": "measures.py",
    "meeting": "meetings.py",
    "member": "members.py",
    "migration": "casefile.py",
    "professional": "addressbook.py",
    "programme": "programmes.py",
    "programme_period": "programmes.py",
    "programme_price": "prices.py",
    "rating": "ratings.py",
    "rating_path": "progress.py",  # the kept progress figures, made once after a bundle
    "rating_tally": None,
    "scale_step": "areas.py",
    "setting": "settings.py",
    "youth": "youth.py",
    "youth_status": "status.py",
    # the register's own (core/register.py makes them; not in a laptop's case file)
    "erasure_key": "erasure.py",
    "erasure_ledger": "erasure.py",
}

# Modules that write any table, and why.
EVERY_TABLE = {
    "casefile.py": "the batch write path itself (insert_rows, update_rows) and the migrations",
    "migrations.py": "builds and changes the schema",
    "dialect.py": "translates every statement for PostgreSQL",
    "register.py": "a register's roles, policies and own tables",
    "bundle.py": "a case bundle copies a case's rows whole, table by table, as they were",
}

# Writes of another kind's table, each with its reason.
ALSO: dict[tuple[str, str, str], str] = {
    ("erasure.py", "DELETE", "youth"): "erasing a young person (ON DELETE CASCADE takes the rest)",
}

# A kind's own UPDATE that is not its batch update: a condition, not a record, says which rows.
SET_BASED: dict[tuple[str, str], str] = {
    ("programmes.py", "programme_period"): "a closed case ends every period open that day, "
    "a reopened one opens those it ended: one statement per case (reading the periods and "
    "updating them by id took 37.5 instead of 31.5 ms CPU for 9,107 closings)",
    ("checkout.py", "checkout"): "a checkout is returned only while it is out (two checkins "
    "cannot both return it)",
    ("audit.py", "audit_event"): "the lines of an erased young person are marked erased",
}

_WRITE = re.compile(
    r"(?<!ON )\b(UPDATE|INSERT\s+(?:OR\s+[A-Z]+\s+)?INTO|DELETE\s+FROM)\s+\"?([A-Za-z_][\w.]*|\{)",
    re.IGNORECASE,
)


def _texts(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string in the module with its line; an f-string with `{}` for what it fills in."""
    found = []
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [
                v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{"
                for v in node.values
            ]
            inside.update(id(v) for v in node.values)
            found.append((node.lineno, "".join(parts)))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in inside
        ):
            found.append((node.lineno, node.value))
    return found


BATCH = ("insert_rows", "update_rows")  # casefile's write path: (conn, table, ...)


def writes(source: str) -> list[tuple[int, str, str]]:
    """(line, INSERT | UPDATE | DELETE, table or '{' when the table is filled in) for every
    write in the module's SQL; an upsert's `DO UPDATE SET` is part of its INSERT, and a
    foreign key's `ON UPDATE CASCADE` is no write. A call of casefile's insert_rows or
    update_rows is (line, its name, the table it names)."""
    tree = ast.parse(source)
    found = []
    for line, text in _texts(tree):
        for match in _WRITE.finditer(text):
            verb, table = match.group(1).split()[0], match.group(2)
            if verb.upper() == "UPDATE" and table.upper() == "SET":
                continue
            if not verb.isupper() and table not in OWNER:
                continue  # prose ("update the record"); SQL in lower case names a table
            verb = verb.upper()
            found.append((line, verb, table))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and len(node.args) > 1:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in BATCH:
                table = node.args[1]
                named = table.value if isinstance(table, ast.Constant) else "{"
                found.append((node.lineno, name, str(named)))
    return sorted(found)


def misplaced(name: str, source: str) -> list[str]:
    """The writes in module `name` (a path below efter/) that break the rules above."""
    module = name.removeprefix("core/")
    in_core = name.startswith("core/")
    wrong = []
    for line, verb, table in writes(source):
        where = f"{name}:{line} {verb} {table}"
        if in_core and module in EVERY_TABLE:
            continue
        if table == "{":
            wrong.append(where + " (a table filled in: only the whole-case modules may)")
        elif table not in OWNER:
            wrong.append(where + " (a table OWNER does not know)")
        elif (module, verb, table) in ALSO and in_core:
            continue
        elif not in_core or OWNER[table] != module:
            wrong.append(f"{where} (written by {OWNER[table]})")
        elif verb == "UPDATE" and (module, table) not in SET_BASED:
            wrong.append(where + " (change it through the kind's update_many)")
    return wrong


def test_every_table_is_written_by_its_own_kind():
    found = [
        problem
        for path in sorted((ROOT / "efter").rglob("*.py"))
        for problem in misplaced(
            path.relative_to(ROOT / "efter").as_posix(), path.read_text(encoding="utf-8")
        )
    ]
    assert found == []


def test_every_table_has_an_owner():
    """A new table gets a line in OWNER (the golden schema is the case file's, exactly)."""
    schema = (ROOT / "tests" / "golden" / "schema.sql").read_text(encoding="utf-8")
    tables = set(re.findall(r"^CREATE TABLE (\w+)", schema, re.MULTILINE))
    assert tables and tables <= set(OWNER)
    assert {o for o in OWNER.values() if o} <= {p.name for p in (ROOT / "efter/core").glob("*.py")}


def test_the_check_sees_each_misplaced_write():
    sample = """
def close(conn, youth_id):
    conn.execute("UPDATE youth SET status = 'closed' WHERE id = ?", (youth_id,))
    conn.execute(
        "INSERT INTO audit_event (at, os_user, action, youth_id, command) "
        "VALUES (?, ?, ?, ?, ?)", line)
    conn.execute(f"DELETE FROM {table} WHERE id = ?", (1,))
    conn.execute("INSERT INTO setting (key, value) VALUES (?, ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", pair)
    conn.execute(f"UPDATE programme_period SET ends = ? WHERE youth_id = {youth_id}")
    "goal.area REFERENCES life_area (code) ON UPDATE CASCADE"
    update_rows(conn, "youth", [(youth.id, {"coordinator": to})], stamped=True)
    casefile.insert_rows(conn, "programme", INSERT, rows)
    conn.execute("insert into goal (youth_id, text) values (?, ?)", row)
    "Nothing to update: the record stays as it was."
"""
    assert misplaced("core/programmes.py", sample) == [
        "core/programmes.py:3 UPDATE youth (written by youth.py)",
        "core/programmes.py:5 INSERT audit_event (written by audit.py)",
        "core/programmes.py:7 DELETE { (a table filled in: only the whole-case modules may)",
        "core/programmes.py:8 INSERT setting (written by settings.py)",
        "core/programmes.py:12 update_rows youth (written by youth.py)",
        "core/programmes.py:14 INSERT goal (written by goals.py)",
    ]
    assert misplaced("core/youth.py", sample)[0] == (
        "core/youth.py:3 UPDATE youth (change it through the kind's update_many)"
    )
    assert misplaced("demo.py", sample)[0] == "demo.py:3 UPDATE youth (written by youth.py)"
    assert misplaced("core/bundle.py", sample) == []
