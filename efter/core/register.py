"""The municipality's register: the same efter over PostgreSQL (issue 17).

Opened when --db or EFTER_DB is a postgresql:// URL, and only then (psycopg 3, the optional
extra `efter[register]`, loads here). The schema is built by the same migrations as a laptop's
case file, through `dialect`. `init` adds what only a register has: roles, the row-level
security that lets a coordinator see and change only their own young people and those shared
with them, and an audit log no coordinator can change; see docs/register.md.
"""

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from efter.core import casefile, dialect
from efter.core.casefile import (
    CaseFile,
    OtherHistory,
    adopt_language,
    busy_timeout,
    migrate,
    migration_mismatch,
)
from efter.core.errors import CaseFileError, Conflict, InvalidInput, NotFound
from efter.core.i18n import t
from efter.core.migrations import MIGRATIONS

COORDINATOR_ROLE = "efter_coordinator"
# The advisory lock a checkout takes alone for a moment and every statement that writes a
# case takes shared (see _checkouts): a checkout waits for the writes under way to end.
CHECKOUT_LOCK = 0x6566746572  # "efter"
TEAM_LEADER_ROLE = "efter_team_leader"
ROLE_PREFIX = "efter_"

# Tables about one young person: a row is visible when its young person is.
_CASE_TABLES_BY_YOUTH = (
    "member",
    "meeting",
    "goal",
    "agreement",
    "rating",
    "contract",
    "measure",
    "youth_status",
    "deadline_met",
    "rating_path",
    "agreement_count",
    "agreement_owner_count",
    "consent",
    "coordinator_change",
    "journal",
    "edit_event",
    "programme_period",
)
# Tables about a row of such a table, reached through it.
_CASE_TABLES_THROUGH = {
    "attendance": "meeting_id IN (SELECT id FROM meeting)",
    "agreement_event": "agreement_id IN (SELECT id FROM agreement)",
    "consent_party": "consent_id IN (SELECT id FROM consent)",
    "consent_area": "consent_id IN (SELECT id FROM consent)",
}
# The register's common catalogue: read by all, added to and corrected by every coordinator
# (a programme joined for the first time is created by `youth add --programme`), deleted by
# the owner only.
# The address book of professionals (issue 18) is one too: a correction (an adviser's work
# phone) reaches every case they sit on; which cases those are stays in `member`, by case.
_CATALOGUE_TABLES = ("programme", "cohort", "professional")
# Shared by everyone on the register: read by all, changed by the owner.
_SHARED_TABLES = (
    "setting",
    "life_area",
    "scale_step",
    "programme_price",
    "rating_tally",
    "migration",
    "schema_version",
)


# The team leader's figures (issue 17 item 2): schema FIGURES holds one view per table about
# a young person, owned by the owner, that shows every row but only the columns below; every
# other column (names, refs, CPR numbers, contact details, free text: anything a person is
# named or described in) reads as NULL, and a column a migration adds is NULL until it is
# named here. A team leader may read these views and nothing else of the case tables: a
# report they run reads them (Register.figures_only, asked by every report) and is shared as
# `--share` makes it. The tables themselves still show a team leader only what is shared
# with them.
FIGURES = "efter_figures"
_FIGURE_COLUMNS: dict[str, tuple[str, ...]] = {
    "youth": (
        "id", "born", "municipality", "home_municipality", "legal_basis", "housing",
        "programme", "cohort", "coordinator", "start", "status", "closed", "outcome",
        "age_forced", "created", "updated", "placed_from", "basis_forced", "cpr_forced",
        # the statutory dates stored from born and placed_from (m024): dates, as those are
        "statutory_for", "ungeplan_on", "s111_on", "adult_on", "ungestotte_end_on",
        "milestone_16_on", "milestone_17_5_on", "milestone_18_5_on",
    ),
    "member": ("id", "youth_id", "side", "role", "started", "ended", "created", "closeness",
               "can_help", "professional_id"),
    "meeting": ("id", "youth_id", "kind", "milestone", "starts", "duration", "status",
                "series", "forced", "created", "updated", "sequence"),
    "goal": ("id", "youth_id", "parent_id", "area", "status", "meeting_id", "created",
             "updated"),
    "agreement": ("id", "youth_id", "owner", "owner_member_id", "due", "first_due", "goal_id",
                  "meeting_id", "status", "done_on", "created", "updated"),
    "agreement_event": ("id", "agreement_id", "meeting_id", "event", "on_date", "old_due",
                        "new_due"),
    "attendance": ("id", "meeting_id", "person", "member_id", "presence"),
    "rating": ("id", "youth_id", "area", "score", "phase", "rated_by", "rated_on",
               "meeting_id", "replaced_by", "created"),
    "rating_path": ("youth_id", "area", "rated_by", "n", "change"),
    "agreement_count": ("youth_id", "made", "kept_on_time", "kept_late", "dropped"),
    "agreement_owner_count": ("owner", "owner_member_id", "youth_id", "made", "kept_on_time",
                              "kept_late", "dropped"),
    "contract": ("id", "youth_id", "version", "template", "lang", "saved", "signed",
                 "created"),
    "measure": ("id", "youth_id", "kind", "legal_basis", "started", "ended", "created",
                "updated", "basis_forced"),
    "youth_status": ("id", "youth_id", "starts", "education", "work", "created"),
    "deadline_met": ("id", "youth_id", "code", "met_on", "created"),
    "consent": ("id", "youth_id", "given_by", "starts", "until", "withdrawn",
                "health_to_network", "created"),
    "consent_area": ("consent_id", "area"),
    "consent_party": ("consent_id", "member_id"),
    "coordinator_change": ("id", "youth_id", "previous", "coordinator", "changed_on",
                           "created"),
    "journal": ("id", "youth_id", "written", "corrects", "corrected_by"),
    "edit_event": ("id", "youth_id", "thing", "thing_id", "field", "at"),
    "programme_period": ("id", "youth_id", "programme_id", "cohort_id", "starts", "ends",
                         "created", "updated"),
}  # fmt: skip


# Tables with rules of their own in init(): the young person, the shares, the audit log, the
# register's coordinators. Every table of the schema is in exactly one of these groups
# (tests/test_register.py), so a new table cannot be left without a rule.
_OWN_RULES = (
    "youth",
    "youth_share",
    "audit_event",
    "coordinator",
    "erasure_key",
    "erasure_ledger",
    "checkout",
)


def classified_tables() -> dict[str, str]:
    """Every table the register has a rule for, and the rule's group."""
    groups = {
        "case (by young person)": _CASE_TABLES_BY_YOUTH,
        "case (through a record)": tuple(_CASE_TABLES_THROUGH),
        "catalogue": _CATALOGUE_TABLES,
        "shared": _SHARED_TABLES,
        "own rules": _OWN_RULES,
    }
    return {table: group for group, tables in groups.items() for table in tables}


class Register(CaseFile):
    """An open register: the face of a CaseFile (`conn`, `write()`, `close()`)."""

    def __init__(self, url: str, conn: Any) -> None:
        self.url = url
        self.conn: Any = conn
        self._passphrase = None
        self._wrote = False

    @property
    def path(self) -> Path:  # type: ignore[override]
        raise CaseFileError(
            t(
                "This command works on a laptop case file, not on the register ({redacted}): the municipality's own backups keep the register (see docs/register.md).",
                redacted=dialect.redacted(self.url),
            )
        )

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """BEGIN ... COMMIT, or ROLLBACK on any error: all of a command or none, its audit
        lines included. A refusal by the register's security is one sentence."""
        from efter.core import audit

        conn = self.conn
        conn.raw.execute("BEGIN")
        before = conn.total_changes
        try:
            with refusals():
                yield conn
                audit.write_trail(conn, changed=conn.total_changes > before)
        except BaseException:
            conn.raw.execute("ROLLBACK")
            audit.discard_trail()
            raise
        with refusals():
            conn.raw.execute("COMMIT")
        self._wrote = True
        casefile.commits += 1

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """BEGIN ... COMMIT with nothing written (CaseFile.read): the register's readers
        never hold up its writers, so this is one transaction to read in, with no audit
        lines; a refusal by the register's security is one sentence."""
        raw = self.conn.raw
        with refusals():
            raw.execute("BEGIN")
            try:
                yield self.conn
            finally:
                raw.execute("COMMIT")

    @contextmanager
    def admin(self) -> Iterator[Any]:
        """One transaction for the owner's work on roles and security (no audit trail: it
        touches no young person); a refusal is one sentence."""
        raw = self.conn.raw
        with refusals():
            raw.execute("BEGIN")
            try:
                yield self.conn
            except BaseException:
                raw.execute("ROLLBACK")
                raise
            raw.execute("COMMIT")
            casefile.commits += 1

    def keep_copy(self, version: int) -> None:
        """The municipality's backups keep the register: no copy beside a URL."""

    def figures_only(self) -> bool:
        return figures_only(self.conn)

    def erasure_ledger(self) -> Any:
        """The register's own erasure ledger (tables in the register, not a file)."""
        from efter.core.erasure import RegisterLedger

        return RegisterLedger(self.conn, dialect.redacted(self.url))

    def scrub(self) -> Any:
        """After an erasure has committed: the register's owner rewrites the tables
        (VACUUM FULL; not the audit log), so the erased rows' bytes are gone from the tables and
        their indexes; a coordinator may not (VACUUM needs the tables' owner), and the bytes
        stay in free space until the owner runs `efter register vacuum` (docs/register.md)."""
        from efter.core.erasure import Scrubbed

        if not _owns_schema(self.conn):
            return Scrubbed(vacuumed=False, wal_emptied=True, owner_vacuums=True)
        vacuum(self.conn, after_erasure=True)
        return Scrubbed(vacuumed=True, wal_emptied=True)

    def __enter__(self) -> "Register":
        return self

    def close(self) -> None:
        self.conn.close()


@contextmanager
def refusals() -> Iterator[None]:
    """The register's security refusing a command, said in one sentence."""
    import psycopg

    try:
        yield
    except psycopg.errors.InsufficientPrivilege as error:
        table = _first_line(error).rpartition("permission denied for table ")[2]
        if table in _SHARED_TABLES:
            raise CaseFileError(
                t(
                    "The register refused this: its settings, life areas, scale and prices are the municipality's, and only the register's owner changes them ({first_line}).",
                    first_line=_first_line(error),
                )
            ) from None
        raise CaseFileError(
            t(
                "The register refused this: your role may not do it (a young person who is not yours and not shared with you, or the audit log). Ask the case's coordinator to share it with 'efter youth share'. ({first_line})",
                first_line=_first_line(error),
            )
        ) from None
    except psycopg.errors.ObjectInUse as error:
        raise checked_out(error) from None
    except (
        psycopg.errors.SerializationFailure,
        psycopg.errors.DeadlockDetected,
        psycopg.errors.LockNotAvailable,
    ) as error:
        from efter.core.casefile import BUSY_ENV, Busy, Victim

        # A victim's transaction was rolled back whole: the command may run again
        # (casefile.again); a lock waited for beyond the busy timeout was not.
        if isinstance(error, psycopg.errors.LockNotAvailable):
            raise Busy(
                t(
                    "The register stayed busy with another command ({first_line}): try again when it has finished (wait longer with {busy_env}=SECONDS).",
                    first_line=_first_line(error),
                    busy_env=BUSY_ENV,
                )
            ) from None
        raise Victim(
            t(
                "The register undid this command to let another one finish ({first_line}); nothing of it was stored: run it again.",
                first_line=_first_line(error),
            )
        ) from None


def checked_out(error: Any) -> Conflict:
    """The register's guard refusing a change to a case that is checked out, in a sentence
    that says who has it and since when."""
    import json

    try:
        held = json.loads(error.diag.message_detail or "")
        youth, role, since = held["youth"], held["by"], held["since"]
    except (ValueError, TypeError, KeyError):
        youth, role, since = "?", "?", "?"
    return Conflict(
        t(
            "Young person {youth} is checked out to a laptop by {role} since {since}: nobody "
            "changes the case on the register until it is checked in ('efter register checkin "
            "FILE') or a team leader releases it ('efter register release {youth}').",
            youth=youth,
            role=role,
            since=str(since).replace("T", " ")[:16],
        )
    )


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def connect(url: str) -> Any:
    """A connection to the register (psycopg is loaded here, and only here)."""
    try:
        psycopg = dialect.driver()
    except ImportError:
        raise CaseFileError(
            t(
                "A postgresql:// register needs psycopg: install efter with the register extra (pip install 'efter[register]')."
            )
        ) from None
    try:
        conn = dialect.PostgresConnection.connect(
            url, {"lock_timeout": f"{int(busy_timeout() * 1000)}ms"}
        )
    except psycopg.Error as error:
        raise CaseFileError(
            t(
                "Could not open the register at {redacted} ({first_line}): check the URL, that the server runs, and that your role may log in.",
                redacted=dialect.redacted(url),
                first_line=_first_line(error),
            )
        ) from None
    return conn


def _settled(conn: Any, search_path: str) -> None:
    """The session's settings, said again when the options given with the login did not
    arrive (a connection pooler between efter and the server may drop them)."""
    if search_path != dialect.SCHEMA:
        conn.raw.execute(f"SET search_path = {dialect.SCHEMA}")
        conn.raw.execute(f"SET lock_timeout = '{int(busy_timeout() * 1000)}ms'")


def _version(conn: Any) -> int | None:
    """The register's schema version, or None for a database efter has not set up."""
    row = conn.raw.execute(
        "SELECT to_regclass(%s) IS NOT NULL, current_setting('search_path')",
        (f"{dialect.SCHEMA}.schema_version",),
    ).fetchone()
    _settled(conn, row[1])
    if not row[0]:
        return None
    return int(conn.raw.execute("SELECT version FROM schema_version").fetchone()[0])


def _opening(conn: Any) -> tuple[int, list[str], str | None] | None:
    """What opening a register checks, asked in one statement: the schema version, the
    migrations it records (put in order by migration_mismatch) and its `language` setting; None when a table is
    missing (a database efter has not set up, or one set up part of the way), which the
    checks then ask one by one."""
    import psycopg

    schema = dialect.SCHEMA
    try:
        row = conn.raw.execute(
            f"SELECT (SELECT version FROM {schema}.schema_version), "
            f"(SELECT array_agg(name) FROM {schema}.migration), "
            f"(SELECT value FROM {schema}.setting WHERE key = 'language'), "
            "current_setting('search_path')"
        ).fetchone()
    except psycopg.errors.UndefinedTable:
        return None
    _settled(conn, row[3])
    return int(row[0]), list(row[1] or []), row[2]


def open_register(url: str) -> Register:
    """Open a register efter has set up (`efter init` or `efter register init`)."""
    conn = connect(url)
    opening = _opening(conn)
    version = _version(conn) if opening is None else opening[0]
    if version is None or version == 0:
        conn.close()
        raise CaseFileError(
            t(
                "The database at {redacted} is not an efter register yet: its owner sets it up with 'efter register init --db URL'.",
                redacted=dialect.redacted(url),
            )
        )
    if version > len(MIGRATIONS):
        conn.close()
        raise CaseFileError(
            t(
                "The register was set up by a newer efter (schema {version}, this one knows {migrations_count}): upgrade efter to use it.",
                version=version,
                migrations_count=len(MIGRATIONS),
            )
        )
    wrong = migration_mismatch(conn, version, None if opening is None else opening[1])
    if wrong is not None:
        conn.close()
        raise OtherHistory(
            t(
                "The register {redacted} was brought up to date by another build of efter ({wrong}): open it with the efter that made it.",
                redacted=dialect.redacted(url),
                wrong=wrong,
            )
        )
    register = Register(url, conn)
    if version < len(MIGRATIONS):
        if not _owns_schema(conn):
            conn.close()
            raise CaseFileError(
                t(
                    "The register is at schema {version} and this efter needs {migrations_count}: its owner brings it up to date with 'efter register init --db URL'.",
                    version=version,
                    migrations_count=len(MIGRATIONS),
                )
            )
        build(register)
        opening = None
    # the register's `language` setting, as a case file's
    adopt_language(conn, *(() if opening is None else (opening[2],)))
    return register


def connect_reading(url: str) -> Any:
    """A read-only connection to a register that is up to date, for what must never write,
    migrate or audit (shell completion); a CaseFileError when it cannot be read so."""
    conn = connect(url)
    try:
        if _version(conn) != len(MIGRATIONS):
            raise CaseFileError(
                t(
                    "The database at {redacted} is not an efter register at this efter's schema.",
                    redacted=dialect.redacted(url),
                )
            )
        conn.raw.execute("SET default_transaction_read_only = on")
    except BaseException:
        conn.close()
        raise
    return conn


def _owns_schema(conn: Any) -> bool:
    row = conn.raw.execute(
        "SELECT pg_has_role(current_user, nspowner, 'USAGE') FROM pg_namespace WHERE nspname = %s",
        (dialect.SCHEMA,),
    ).fetchone()
    return bool(row and row[0])


def build(register: Register) -> list[str]:
    """The schema by the same migrations as a case file's, after the functions they need."""
    conn = register.conn
    conn.raw.execute("BEGIN")
    try:
        dialect.prepare(conn)
        conn.raw.execute("COMMIT")
    except BaseException:
        conn.raw.execute("ROLLBACK")
        raise
    conn.refresh()
    done = migrate(register)
    _own_tables(conn)
    return done


def _own_tables(conn: Any) -> None:
    """What only a register has, made with its schema: the erasure ledger's two tables (a
    case file keeps its ledger in a file beside it, efter.core.erasure). The key is made here,
    once, by the owner."""
    import secrets

    raw = conn.raw
    raw.execute("BEGIN")
    try:
        raw.execute(
            "CREATE TABLE IF NOT EXISTS erasure_key (one BOOLEAN PRIMARY KEY DEFAULT true "
            "CHECK (one), key TEXT NOT NULL)"
        )
        raw.execute(
            "INSERT INTO erasure_key (key) VALUES (%s) ON CONFLICT (one) DO NOTHING",
            (secrets.token_bytes(32).hex(),),
        )
        raw.execute(
            """
            CREATE TABLE IF NOT EXISTS erasure_ledger (
                id BIGINT NOT NULL,
                created TEXT NOT NULL,
                erased TEXT NOT NULL,
                ref TEXT,
                cpr TEXT,
                erased_by TEXT NOT NULL DEFAULT session_user
            )
            """
        )
        raw.execute("COMMIT")
    except BaseException:
        raw.execute("ROLLBACK")
        raise


# After an erasure every table is rewritten but the audit log, the largest, in which an
# erasure only marks lines and which holds nothing of the person (a table a later change
# adds about a young person is rewritten without being named here).
_NOT_ERASED_FROM = ("audit_event",)


def vacuum(conn: Any, *, after_erasure: bool = False) -> list[str]:
    """VACUUM FULL every table of the register (after an erasure: but the audit log),
    outside a transaction: each table and its indexes are written anew, so what an erasure
    deleted is not left in their free space. Only the tables' owner may; each table is
    locked while it is rewritten (moments at a municipality's size). Returns the tables."""
    if not _owns_schema(conn):
        raise CaseFileError(
            t(
                "Only the register's owner can vacuum it (VACUUM needs the tables' owner): run "
                "'efter register vacuum' with the owner's URL."
            )
        )
    skip = _NOT_ERASED_FROM if after_erasure else ()
    tables = [name for name in dialect.POSTGRES.tables(conn) if name not in skip]
    with refusals():
        for table in tables:
            conn.raw.execute(f'VACUUM (FULL) {dialect.SCHEMA}."{table}"')
    return tables


def create_register(url: str) -> tuple[Register, bool]:
    """Set up (or bring up to date) the register's schema; (register, whether it was new)."""
    conn = connect(url)
    collation, provider, icu = conn.raw.execute(
        "SELECT datcollate, datlocprovider, daticulocale FROM pg_database "
        "WHERE datname = current_database()"
    ).fetchone()
    if provider == "i":
        collation = f"{icu} (ICU)"
    if collation not in ("C", "POSIX", "C.UTF-8", "C.utf8"):
        conn.close()
        raise CaseFileError(
            t(
                "The database at {redacted} sorts text as '{collation}', and efter compares text byte by byte, as on a laptop: make the database with C collation (createdb --template=template0 --lc-collate=C --lc-ctype=C.UTF-8 NAME).",
                redacted=dialect.redacted(url),
                collation=collation,
            )
        )
    version = _version(conn)
    register = Register(url, conn)
    build(register)
    return register, not version


# --- Roles and row-level security (efter register init) ------------------------------------


def role_name(name: str) -> str:
    """The login role of a coordinator of this name: efter_ and the name in lower-case
    letters, digits and underscores (æ, ø, å spelt ae, oe, aa)."""
    import unicodedata

    text = name.strip().lower()
    for danish, plain in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(danish, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if not slug:
        raise InvalidInput(
            field="name",
            problem=t("'{name}' has no letters to make a role name of", name=name),
            fix=t("give the coordinator's name as it stands on their cases"),
        )
    return (ROLE_PREFIX + slug)[:63]


def secure(conn: Any) -> None:
    """Roles, grants and row-level security: run by the register's owner in one transaction
    (`efter register init`); safe to run again after an upgrade."""
    raw = conn.raw
    for role in (COORDINATOR_ROLE, TEAM_LEADER_ROLE):
        exists = raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            raw.execute(f"CREATE ROLE {role} NOLOGIN")
    raw.execute(
        """
        CREATE TABLE IF NOT EXISTS coordinator (
            role TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
            team_leader BOOLEAN NOT NULL DEFAULT false,
            created TEXT NOT NULL
        )
        """
    )
    raw.execute(
        """
        CREATE TABLE IF NOT EXISTS youth_share (
            youth_id BIGINT NOT NULL REFERENCES youth (id) ON DELETE CASCADE,
            role TEXT NOT NULL REFERENCES coordinator (role) ON DELETE CASCADE,
            until TEXT CHECK (until IS NULL OR sqlite_date(until) = until),
            shared_by TEXT NOT NULL DEFAULT current_user,
            created TEXT NOT NULL,
            PRIMARY KEY (youth_id, role)
        )
        """
    )
    # Who am I, as a coordinator's name; and which young people may I see. SECURITY DEFINER
    # so a policy can read the tables it guards without recursion (search_path pinned); the
    # policy passes its current_user, which inside such a function would be the owner. A role
    # asking about another role (calling mine(1, 'efter_ole') itself) learns nothing: the
    # answer is only for roles the session's login is a member of.
    raw.execute(
        f"""
        CREATE OR REPLACE FUNCTION my_name(who name) RETURNS text LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = {dialect.SCHEMA} AS $$
            SELECT name FROM coordinator WHERE role = who
                AND pg_has_role(session_user, who, 'MEMBER')
        $$;
        CREATE OR REPLACE FUNCTION shared_with_me(young bigint, who name) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {dialect.SCHEMA} AS $$
            SELECT pg_has_role(session_user, who, 'MEMBER')
                AND EXISTS (SELECT 1 FROM youth_share s WHERE s.youth_id = young
                AND s.role = who
                AND (s.until IS NULL OR s.until >= to_char(current_date, 'YYYY-MM-DD')))
        $$;
        CREATE OR REPLACE FUNCTION mine(young bigint, who name) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {dialect.SCHEMA} AS $$
            SELECT pg_has_role(session_user, who, 'MEMBER')
                AND EXISTS (SELECT 1 FROM youth y WHERE y.id = young
                AND y.coordinator = (SELECT name FROM coordinator WHERE role = who))
        $$;
        CREATE OR REPLACE FUNCTION shared_youth(who name) RETURNS SETOF bigint
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {dialect.SCHEMA} AS $$
            SELECT s.youth_id FROM youth_share s WHERE pg_has_role(session_user, who, 'MEMBER')
                AND s.role = who
                AND (s.until IS NULL OR s.until >= to_char(current_date, 'YYYY-MM-DD'))
        $$;
        CREATE OR REPLACE FUNCTION visible_youth(who name) RETURNS SETOF bigint
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {dialect.SCHEMA} AS $$
            SELECT y.id FROM youth y WHERE pg_has_role(session_user, who, 'MEMBER')
                AND y.coordinator = (SELECT name FROM coordinator WHERE role = who)
            UNION
            SELECT shared_youth(who)
        $$;
        CREATE OR REPLACE FUNCTION audit_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.os_user := session_user;
            RETURN NEW;
        END $$;
        CREATE OR REPLACE TRIGGER audit_stamp BEFORE INSERT ON audit_event
            FOR EACH ROW EXECUTE FUNCTION audit_stamp();
        """
    )
    everyone = f"{COORDINATOR_ROLE}, {TEAM_LEADER_ROLE}"
    raw.execute(f"GRANT USAGE ON SCHEMA {dialect.SCHEMA} TO {everyone}")
    raw.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {dialect.SCHEMA} TO {everyone}")
    raw.execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {dialect.SCHEMA} TO {everyone}")
    # Triggers keep figures in tables no coordinator writes to, and a professional's details
    # on every case they sit on (also the cases a coordinator cannot see): they run as their
    # owner.
    for (name,) in raw.execute(
        "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = %s AND (p.proname LIKE 'rating\\_%%\\_fn' "
        "OR p.proname = 'professional_on_cases_fn')",
        (dialect.SCHEMA,),
    ).fetchall():
        raw.execute(f"ALTER FUNCTION {name}() SECURITY DEFINER SET search_path = {dialect.SCHEMA}")
    for table in _SHARED_TABLES:
        raw.execute(f"GRANT SELECT ON {table} TO {everyone}")
    for table in _CATALOGUE_TABLES:
        raw.execute(f"GRANT SELECT, INSERT, UPDATE ON {table} TO {everyone}")
    raw.execute(f"GRANT SELECT ON coordinator TO {everyone}")
    # The young person: mine, or shared with me (until its day). Every policy asks for my
    # name and the young people shared with me (or all I see) once per statement (a scalar
    # subquery; for the case tables the array VISIBLE makes), never a function per row: at
    # 3,000 young people and 100,000 ratings a per-row call (mine(), shared_with_me()) made
    # a coordinator's report take seconds (docs/performance.md, "The register"). The young
    # person's own policy reads my name off the row itself, so a row just added (INSERT ...
    # RETURNING) is seen.
    raw.execute("ALTER TABLE youth ENABLE ROW LEVEL SECURITY")
    raw.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON youth TO {everyone}")
    _youth_policies(raw)
    for table in _CASE_TABLES_BY_YOUTH:
        _case_table(raw, table, VISIBLE, everyone)
    for table, through in _CASE_TABLES_THROUGH.items():
        _case_table(raw, table, through, everyone)
    # Sharing: a coordinator shares their own young people; sees shares of theirs and to them.
    raw.execute("ALTER TABLE youth_share ENABLE ROW LEVEL SECURITY")
    raw.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON youth_share TO {everyone}")
    _policy(raw, "youth_share", "all", "ALL", using="mine(youth_id, current_user) OR role = current_user",
            check="mine(youth_id, current_user)")  # fmt: skip
    # The audit log: everyone adds lines (stamped with their role by the trigger); nobody
    # but the owner changes or deletes one (no grant); a coordinator reads the lines of the
    # young people they see and their own.
    raw.execute("ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY")
    raw.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM {everyone}")
    raw.execute(f"GRANT SELECT, INSERT ON audit_event TO {everyone}")
    _policy(raw, "audit_event", "add", "INSERT", check="true")
    # An erasure marks the erased person's audit lines (audit.mark_erased): a trigger does it
    # as the owner, at the delete, for every line whoever wrote it; the erasing command's own
    # UPDATE of that one column then marks its own "erased" line, written after the delete.
    # A line of someone still on the register is never the coordinator's to change.
    raw.execute(
        f"""
        CREATE OR REPLACE FUNCTION gone(young bigint) RETURNS boolean LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = {dialect.SCHEMA} AS $$
            SELECT NOT EXISTS (SELECT 1 FROM youth WHERE id = young)
        $$;
        CREATE OR REPLACE FUNCTION audit_mark_erased() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = {dialect.SCHEMA} AS $$
        BEGIN
            UPDATE audit_event SET erased = 1 WHERE youth_id = OLD.id AND erased = 0;
            RETURN OLD;
        END $$;
        CREATE OR REPLACE TRIGGER audit_mark_erased AFTER DELETE ON youth
            FOR EACH ROW EXECUTE FUNCTION audit_mark_erased();
        """
    )
    raw.execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {dialect.SCHEMA} TO {everyone}")
    raw.execute(f"GRANT UPDATE (erased) ON audit_event TO {everyone}")
    _policy(raw, "audit_event", "mark", "UPDATE", using="erased = 0 AND gone(youth_id)",
            check="erased = 1")  # fmt: skip
    # The erasure ledger: a coordinator adds an entry for a young person no longer there (in
    # the erasing transaction) and reads the key of its hashes; only the owner reads entries.
    raw.execute(f"GRANT SELECT ON erasure_key TO {COORDINATOR_ROLE}")
    raw.execute(f"REVOKE ALL ON erasure_ledger FROM {everyone}")
    raw.execute(f"GRANT INSERT ON erasure_ledger TO {COORDINATOR_ROLE}")
    raw.execute("ALTER TABLE erasure_ledger ENABLE ROW LEVEL SECURITY")
    _policy(raw, "erasure_ledger", "add", "INSERT", check="gone(id) AND erased_by = session_user")
    _policy(
        raw,
        "audit_event",
        "read",
        "SELECT",
        using=AUDIT_READ,
    )
    _checkouts(raw, everyone)
    _figures(raw)


# A case table's row is seen (and may be written) when its young person is one the role
# sees: the set is asked once per statement and handed to the row's test as an array, so
# `youth_id = ANY ($1)` can drive the table's index on youth_id (30 of 3,000 young people's
# rows read, not every row of the table tested against a hashed set:
# docs/performance.md, "Row-level security through an index"). `IN (SELECT ...)` was the
# earlier shape (m028_case_policies_by_index replaces it on a register that has it).
VISIBLE = "youth_id = ANY (ARRAY(SELECT visible_youth(current_user)))"
AUDIT_READ = f"os_user = session_user OR {VISIBLE}"


def index_case_policies(conn: Any) -> None:
    """m028_case_policies_by_index on a register: the case tables' policies (and the audit
    log's read policy) made again in VISIBLE's shape, where `efter register init` made them
    before (a register whose policies are not made yet gets them from `secure` after its
    migrations). Same rows seen and refused; only the plan changes."""
    raw = conn.raw
    made = {
        (table, name)
        for table, name in raw.execute(
            "SELECT tablename, policyname FROM pg_policies WHERE schemaname = %s",
            (dialect.SCHEMA,),
        ).fetchall()
    }
    for table in _CASE_TABLES_BY_YOUTH:
        if (table, "on_case") in made:
            _policy(raw, table, "on_case", "ALL", using=VISIBLE, check=VISIBLE)
    if ("audit_event", "read") in made:
        _policy(raw, "audit_event", "read", "SELECT", using=AUDIT_READ)


# The young person's own row is seen when it is mine (my name off the row) or shared with me.
# Both halves are index conditions (youth_status_coordinator, read for the coordinator alone,
# and the primary key: a BitmapOr), so a coordinator's statement reads their own 40 young
# people, where every statement that reads youth tested all 10,000 (docs/performance.md,
# "The young person's own policy through an index"). Two things kept the planner off the
# indexes: `id IN (SELECT ...)`, a hashed subplan, in the OR; and my_name's result, whose
# collation is its `name` argument's ("C") where the column's indexes are in the database's
# default one. Both collations are deterministic (a database's default must be), so both
# compare the same bytes: the same rows are seen.
MINE = 'coordinator = (SELECT my_name(current_user) COLLATE "default")'
SEEN = f"{MINE} OR id = ANY (ARRAY(SELECT shared_youth(current_user)))"


def _youth_policies(raw: Any) -> None:
    _policy(raw, "youth", "see", "SELECT", using=SEEN)
    _policy(raw, "youth", "add", "INSERT", check=MINE)
    # A changed young person must stay mine or shared with me (checked on the changed rows
    # only, so per row is cheap here): a coordinator cannot hand a case to someone else.
    _policy(raw, "youth", "change", "UPDATE", using=SEEN,
            check="coordinator = my_name(current_user) OR shared_with_me(id, current_user)")  # fmt: skip
    _policy(raw, "youth", "erase", "DELETE", using=MINE)


def index_youth_policies(conn: Any) -> None:
    """m031_youth_policy_by_index on a register: the young person's policies made again in
    SEEN's shape where `efter register init` made them before (a register whose policies are
    not made yet gets them from `secure` after its migrations). Same rows seen and refused;
    only the plan changes."""
    raw = conn.raw
    made = raw.execute(
        "SELECT 1 FROM pg_policies WHERE schemaname = %s AND tablename = 'youth'",
        (dialect.SCHEMA,),
    ).fetchone()
    if made:
        _youth_policies(raw)


# The lock every transaction that changes ratings takes first, and keeps to its end
# (m029_rating_tally_in_turn): see tally_in_turn.
TALLY_LOCK = 0x74616C6C79  # "tally"
# The columns of a rating whose change moves its path, and so the tally (m010's triggers).
_PATH_COLUMNS = "youth_id, area, score, phase, rated_by, rated_on, replaced_by"


def tally_in_turn(conn: Any) -> None:
    """m029_rating_tally_in_turn on a register: the kept tally of rating paths
    (`rating_tally`, m010) has a few dozen rows, one per rater, area and change, that every
    coordinator's ratings share; a change of one path moves a count from one row to another
    (the old change's row, then the new one's), so two transactions that move counts in
    opposite directions each held the row the other wanted next: a deadlock (one `efter rate`
    in 540 in the register benchmark's writing part; docs/register.md). A statement that
    changes ratings or paths now first takes one advisory lock, to the end of its
    transaction: the transactions that change ratings take the tally in turn, before any
    row of it or of a path, which they held to their end anyway. A case file has one
    writer at a time: nothing to do there."""
    conn.raw.execute(
        f"""
        CREATE OR REPLACE FUNCTION tally_in_turn() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock({TALLY_LOCK});
            RETURN NULL;
        END $$;
        CREATE OR REPLACE TRIGGER tally_in_turn
            BEFORE INSERT OR DELETE OR UPDATE OF {_PATH_COLUMNS} ON rating
            FOR EACH STATEMENT EXECUTE FUNCTION tally_in_turn();
        CREATE OR REPLACE TRIGGER tally_in_turn BEFORE INSERT OR DELETE OR UPDATE ON rating_path
            FOR EACH STATEMENT EXECUTE FUNCTION tally_in_turn();
        """
    )


# Where a table's rows name their young person, for the checkout guards: the young person's
# own id, a `youth_id`, or the young person of the record a row hangs on.
def _youth_of(table: str, rows: str) -> str:
    if table == "youth":
        return f"SELECT id FROM {rows}"
    if table in _CASE_TABLES_THROUGH:
        column, parent = {
            "attendance": ("meeting_id", "meeting"),
            "agreement_event": ("agreement_id", "agreement"),
            "consent_party": ("consent_id", "consent"),
            "consent_area": ("consent_id", "consent"),
        }[table]
        return f"SELECT p.youth_id FROM {parent} p WHERE p.id IN (SELECT {column} FROM {rows})"
    return f"SELECT youth_id FROM {rows}"


def _checkouts(raw: Any, everyone: str) -> None:
    """A case checked out to a laptop (`efter register checkout`) is read by all who may see
    it and changed by nobody, the owner of the database included, until it is checked in or
    released: a statement trigger on every table of a case refuses a statement that touches
    one (one look per statement at the few checkouts that are out, not one per row).
    Everyone reads the list of checkouts (young person's id, role, since: no name); a
    coordinator takes out a case they may change, and returns their own; a team leader
    releases any.

    A write under way when a case is taken out must not slip in between: every statement
    that writes a case takes an advisory lock shared (until its transaction ends), and a
    checkout takes it alone before it notes its hold, in a transaction of its own that ends
    at once. So the hold waits for the writes under way, and is seen by every write after
    it; the case is then read in a second transaction, which no write can change."""
    raw.execute("ALTER TABLE checkout ENABLE ROW LEVEL SECURITY")
    raw.execute(f"GRANT SELECT, INSERT ON checkout TO {everyone}")
    raw.execute(f"GRANT UPDATE (returned, released_by) ON checkout TO {everyone}")
    _policy(raw, "checkout", "see", "SELECT", using="true")
    _policy(
        raw,
        "checkout",
        "take",
        "INSERT",
        check="held_by = current_user AND returned IS NULL "
        "AND (mine(youth_id, current_user) OR shared_with_me(youth_id, current_user))",
    )
    _policy(
        raw,
        "checkout",
        "give_back",
        "UPDATE",
        using=f"returned IS NULL AND (held_by = current_user "
        f"OR pg_has_role(current_user, '{TEAM_LEADER_ROLE}', 'MEMBER'))",
        check="returned IS NOT NULL",
    )
    tables = ("youth", *_CASE_TABLES_BY_YOUTH, *_CASE_TABLES_THROUGH)
    for table in tables:
        held_new = f"c.youth_id IN ({_youth_of(table, 'n')})"
        held_old = f"c.youth_id IN ({_youth_of(table, 'o')})"
        raw.execute(
            f"""
            CREATE OR REPLACE FUNCTION checkout_guard_{table}() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = {dialect.SCHEMA} AS $$
            DECLARE young bigint; holder text; held_since text;
            BEGIN
                PERFORM pg_advisory_xact_lock_shared({CHECKOUT_LOCK});
                IF NOT EXISTS (SELECT 1 FROM checkout WHERE returned IS NULL) THEN
                    RETURN NULL;
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    SELECT c.youth_id, c.held_by, c.since INTO young, holder, held_since
                    FROM checkout c WHERE c.returned IS NULL AND {held_new} LIMIT 1;
                END IF;
                IF young IS NULL AND TG_OP <> 'INSERT' THEN
                    SELECT c.youth_id, c.held_by, c.since INTO young, holder, held_since
                    FROM checkout c WHERE c.returned IS NULL AND {held_old} LIMIT 1;
                END IF;
                IF young IS NOT NULL THEN
                    RAISE EXCEPTION USING ERRCODE = 'object_in_use',
                        MESSAGE = format('young person %s is checked out', young),
                        DETAIL = json_build_object('youth', young, 'by', holder,
                            'since', held_since)::text;
                END IF;
                RETURN NULL;
            END $$;
            CREATE OR REPLACE TRIGGER checkout_guard_insert AFTER INSERT ON {table}
                REFERENCING NEW TABLE AS n
                FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_{table}();
            CREATE OR REPLACE TRIGGER checkout_guard_update AFTER UPDATE ON {table}
                REFERENCING OLD TABLE AS o NEW TABLE AS n
                FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_{table}();
            CREATE OR REPLACE TRIGGER checkout_guard_delete AFTER DELETE ON {table}
                REFERENCING OLD TABLE AS o
                FOR EACH STATEMENT EXECUTE FUNCTION checkout_guard_{table}();
            """
        )
    # Erasing a young person would take their checkout with them (ON DELETE CASCADE) before
    # a statement's trigger looks: the young person's row is looked at before it goes.
    raw.execute(
        f"""
        CREATE OR REPLACE FUNCTION checkout_guard_erase() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = {dialect.SCHEMA} AS $$
        DECLARE holder text; held_since text;
        BEGIN
            PERFORM pg_advisory_xact_lock_shared({CHECKOUT_LOCK});
            SELECT held_by, since INTO holder, held_since FROM checkout
            WHERE youth_id = OLD.id AND returned IS NULL;
            IF holder IS NOT NULL THEN
                RAISE EXCEPTION USING ERRCODE = 'object_in_use',
                    MESSAGE = format('young person %s is checked out', OLD.id),
                    DETAIL = json_build_object('youth', OLD.id, 'by', holder,
                        'since', held_since)::text;
            END IF;
            RETURN OLD;
        END $$;
        CREATE OR REPLACE TRIGGER checkout_guard_erase BEFORE DELETE ON youth
            FOR EACH ROW EXECUTE FUNCTION checkout_guard_erase();
        """
    )


def _figures(raw: Any) -> None:
    """The team leader's views (see FIGURES): made again at every `register init`, so a
    column a migration added shows as NULL until it is named in _FIGURE_COLUMNS."""
    raw.execute(f"DROP SCHEMA IF EXISTS {FIGURES} CASCADE")
    raw.execute(f"CREATE SCHEMA {FIGURES}")
    for table in (*_CASE_TABLES_BY_YOUTH, *_CASE_TABLES_THROUGH, "youth"):
        shown = set(_FIGURE_COLUMNS.get(table, ()))
        columns = raw.execute(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
            "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attnum",
            (f"{dialect.SCHEMA}.{table}",),
        ).fetchall()
        select = ", ".join(
            f'"{name}"' if name in shown else f'NULL::{kind} AS "{name}"' for name, kind in columns
        )
        raw.execute(
            f"CREATE VIEW {FIGURES}.{table} WITH (security_barrier) AS "
            f"SELECT {select} FROM {dialect.SCHEMA}.{table}"
        )
    raw.execute(f"GRANT USAGE ON SCHEMA {FIGURES} TO {TEAM_LEADER_ROLE}")
    raw.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {FIGURES} TO {TEAM_LEADER_ROLE}")


def figures_only(conn: Any) -> bool:
    """Whether the session is a team leader's: then the reports read the figures (the
    FIGURES schema first in the search path, for the rest of the session) and are shared."""
    if _owns_schema(conn):
        return False
    member = (
        "EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = %s AND u.rolname = session_user)"
    )
    row = conn.raw.execute(
        f"SELECT to_regnamespace(%s) IS NOT NULL AND {member} AND NOT {member}",
        (FIGURES, TEAM_LEADER_ROLE, COORDINATOR_ROLE),
    ).fetchone()
    if not row[0]:
        return False
    conn.raw.execute(f"SET search_path = {FIGURES}, {dialect.SCHEMA}")
    return True


def _case_table(raw: Any, table: str, visible: str, everyone: str) -> None:
    raw.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    raw.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {everyone}")
    _policy(raw, table, "on_case", "ALL", using=visible, check=visible)


def _policy(
    raw: Any, table: str, name: str, command: str, *, using: str | None = None,
    check: str | None = None,
) -> None:  # fmt: skip
    raw.execute(f'DROP POLICY IF EXISTS "{name}" ON {table}')
    sql = (
        f'CREATE POLICY "{name}" ON {table} FOR {command} TO {COORDINATOR_ROLE}, {TEAM_LEADER_ROLE}'
    )
    if using:
        sql += f" USING ({using})"
    if check:
        sql += f" WITH CHECK ({check})"
    raw.execute(sql)


def add_coordinator(conn: Any, name: str, *, team_leader: bool = False) -> str:
    """A login role for the coordinator of this name (the name on their young people's
    `coordinator`), in the coordinator (or team-leader) group. Returns the role's name."""
    from efter.core import clock, text

    name = text.clean(name) or ""
    role = role_name(name)
    raw = conn.raw
    taken = raw.execute("SELECT role, name FROM coordinator WHERE name = %s OR role = %s",
                        (name, role)).fetchone()  # fmt: skip
    if taken:
        raise Conflict(
            t(
                "The register already has a coordinator '{taken}' (role {taken2}): give a name that tells them apart.",
                taken=taken[1],
                taken2=taken[0],
            )
        )
    if raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
        raise Conflict(
            t(
                "The database already has a role {role} that efter did not make: give the coordinator's name in another form, or drop that role first.",
                role=role,
            )
        )
    group = TEAM_LEADER_ROLE if team_leader else COORDINATOR_ROLE
    raw.execute(f"CREATE ROLE {role} LOGIN IN ROLE {group}")
    raw.execute(
        "INSERT INTO coordinator (role, name, team_leader, created) VALUES (%s, %s, %s, %s)",
        (role, name, team_leader, clock.timestamp()),
    )
    return role


def share(conn: Any, youth_id: int, coordinator: str, until: str | None) -> str:
    """Share a young person with another coordinator (by name or role) until a day (or for
    good). Returns the role it was shared with."""
    from efter.core import clock

    if dialect.of(conn) is not dialect.POSTGRES:
        raise CaseFileError(
            t(
                "Sharing is for the municipality's register: a case file on a laptop is yours alone (see docs/register.md)."
            )
        )
    row = conn.raw.execute(
        "SELECT role FROM coordinator WHERE name = %s OR role = %s", (coordinator, coordinator)
    ).fetchone()
    if row is None:
        raise NotFound(
            t(
                "The register has no coordinator '{coordinator}': see who it has with 'efter register coordinator list'.",
                coordinator=coordinator,
            )
        )
    conn.execute(
        "INSERT INTO youth_share (youth_id, role, until, created) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (youth_id, role) DO UPDATE SET until = excluded.until",
        (youth_id, row[0], until, clock.timestamp()),
    )
    return str(row[0])


def coordinators(conn: Any) -> list[dict[str, Any]]:
    rows = conn.raw.execute(
        "SELECT role, name, team_leader FROM coordinator ORDER BY name"
    ).fetchall()
    return [{"role": r[0], "name": r[1], "team_leader": bool(r[2])} for r in rows]


# --- efter doctor on a register -------------------------------------------------------------


def doctor(url: str) -> list[Any]:
    """What `efter doctor` checks on a register: that it opens, its schema and the history of
    its migrations, that every reference is enforced, its roles and row-level security, and
    whether the connection crosses the network unencrypted. It only looks: it neither
    migrates nor repairs (the owner's `efter register init` does both)."""
    from efter.core.safekeeping import Finding

    init = t("Its owner runs 'efter register init --db URL'.")
    try:
        conn = connect(url)
    except CaseFileError as error:
        return [Finding("open", "error", error.message)]
    try:
        version = _version(conn)
        if not version:
            return [
                Finding("open", "ok", t("The register answers.")),
                Finding("schema", "error", t("The database is not an efter register yet."), init),
            ]
        findings = [Finding("open", "ok", t("The register answers."))]
        findings.append(_schema_finding(conn, version, init))
        findings += _register_checks(conn, init)
        findings.append(_connection_finding(conn))
        return findings
    finally:
        conn.close()


def _schema_finding(conn: Any, version: int, init: str) -> Any:
    from efter.core.safekeeping import Finding, newer_schema

    known = len(MIGRATIONS)
    wrong = migration_mismatch(conn, version) if version <= known else None
    if wrong is not None:
        return Finding(
            "schema",
            "error",
            t(
                "The register was brought up to date by another build of efter ({wrong}).",
                wrong=wrong,
            ),
            t("Open it with the efter that made it."),
        )
    if version == known:
        return Finding(
            "schema", "ok", t("Schema version {version}, as this efter expects.", version=version)
        )
    if version < known:
        return Finding(
            "schema",
            "warning",
            t(
                "Schema version {version}; this efter needs {known}.",
                version=version,
                known=known,
            ),
            init,
        )
    return newer_schema(version, known)


def _register_checks(conn: Any, init: str) -> list[Any]:
    """References enforced, the roles there, every table with its rule and row-level
    security on where a rule needs it."""
    from efter.core.safekeeping import Finding

    raw = conn.raw
    findings = []
    unchecked = [
        row[0]
        for row in raw.execute(
            "SELECT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f' "
            "AND NOT convalidated AND connamespace = %s::regnamespace ORDER BY 1",
            (dialect.SCHEMA,),
        ).fetchall()
    ]
    if unchecked:
        findings.append(
            Finding(
                "foreign keys",
                "error",
                t(
                    "References not checked by the database (in {tables}).",
                    tables=", ".join(sorted(set(unchecked))),
                ),
                init,
            )
        )
    else:
        findings.append(Finding("foreign keys", "ok", t("The database checks every reference.")))
    roles = {
        row[0]
        for row in raw.execute(
            "SELECT rolname FROM pg_roles WHERE rolname IN (%s, %s)",
            (COORDINATOR_ROLE, TEAM_LEADER_ROLE),
        ).fetchall()
    }
    missing = [role for role in (COORDINATOR_ROLE, TEAM_LEADER_ROLE) if role not in roles]
    tables = dict(
        raw.execute(
            "SELECT c.relname, c.relrowsecurity FROM pg_class c WHERE c.relkind = 'r' "
            "AND c.relnamespace = %s::regnamespace",
            (dialect.SCHEMA,),
        ).fetchall()
    )
    groups = classified_tables()
    guarded = set(_CASE_TABLES_BY_YOUTH) | set(_CASE_TABLES_THROUGH)
    guarded |= {"youth", "youth_share", "audit_event"}
    without_rule = sorted(table for table in tables if table not in groups)
    open_tables = sorted(t_ for t_ in guarded if t_ in tables and not tables[t_])
    if not any(tables[t_] for t_ in guarded if t_ in tables):
        # made by `efter init` alone: a register its owner uses, with no coordinators yet
        # (the roles belong to the server, and may be there for another database)
        findings.append(
            Finding(
                "security",
                "warning",
                t("No coordinator roles or row-level security yet: only its owner can use it."),
                t("Before coordinators use it, its owner runs 'efter register init --db URL'."),
            )
        )
    elif missing or without_rule or open_tables:
        problems = []
        if missing:
            problems.append(t("roles missing: {roles}", roles=", ".join(missing)))
        if without_rule:
            problems.append(t("tables with no rule: {tables}", tables=", ".join(without_rule)))
        if open_tables:
            problems.append(t("row-level security off: {tables}", tables=", ".join(open_tables)))
        findings.append(
            Finding(
                "security",
                "error",
                t("Who sees what is not fully set up ({problems}).", problems="; ".join(problems)),
                init,
            )
        )
    else:
        findings.append(
            Finding(
                "security",
                "ok",
                t("Roles and row-level security are in place for every table."),
            )
        )
    return findings


def _connection_finding(conn: Any) -> Any:
    from efter.core.safekeeping import Finding

    row = conn.raw.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
    if row and row[0]:
        return Finding("connection", "ok", t("The connection is encrypted (TLS)."))
    host = conn.raw.info.host or ""
    if host.startswith("/"):
        return Finding("connection", "ok", t("A local socket: nothing crosses the network."))
    return Finding(
        "connection",
        "warning",
        t(
            "The connection to the register is not encrypted: what it carries can be read on the network."
        ),
        t(
            "Use TLS: sslmode=verify-full in the URL and hostssl lines in pg_hba.conf (docs/register.md)."
        ),
    )
