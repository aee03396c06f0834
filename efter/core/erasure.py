"""Erasure and retention: a young person leaves the case file without a trace but one audit line.

The rows go through the foreign keys (every table about a young person has
`youth_id ... REFERENCES youth (id) ON DELETE CASCADE`); `secure_delete` zeroes the freed
space; afterwards VACUUM rebuilds the file and a TRUNCATE checkpoint empties the -wal file, so
the name is not left in the raw bytes of the case file, its -wal or its -shm.
"""

import os
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from efter.core import audit, clock
from efter.core.errors import Conflict, EfterError
from efter.core.i18n import t
from efter.core.youth import Youth

# The one table that keeps a young person's id on purpose (with no data about them).
KEEPS_ID = {"audit_event"}


class UnsafeSchema(EfterError):
    """A table holds rows about a young person that an erasure would not remove."""


def check_schema(conn: sqlite3.Connection) -> None:
    """Every table with a youth_id must cascade from youth, or erasure would leave data."""
    from efter.core import dialect

    for table in dialect.of(conn).tables(conn):
        if table in KEEPS_ID:
            continue
        cascades = {
            fk["from"]
            for fk in conn.execute(f"PRAGMA foreign_key_list('{table}')")
            if fk["table"] == "youth" and fk["on_delete"].upper() == "CASCADE"
        }
        references = {
            fk["from"]
            for fk in conn.execute(f"PRAGMA foreign_key_list('{table}')")
            if fk["table"] == "youth"
        }
        columns = {column["name"] for column in conn.execute(f"PRAGMA table_info('{table}')")}
        loose = (references | ({"youth_id"} & columns)) - cascades
        if loose:
            raise UnsafeSchema(
                t(
                    "The table '{table}' keeps rows about young people that erasing would not "
                    "remove (no ON DELETE CASCADE): nothing was erased; report this to the efter "
                    "developers.",
                    table=table,
                )
            )


def erase(
    conn: sqlite3.Connection, youth: Youth, command: str, ledger: "Ledger | None" = None
) -> None:
    """Delete the young person and everything about them; keep one audit line (no data).

    Call inside the command's transaction; call `scrub` after it committed. With `ledger`
    the erasure is also written to the erasure ledger (the file beside a case file, before
    the commit: should the commit fail, a later restore erases someone the user asked to
    erase; a register's own tables, in the same transaction). The row is deleted first: a
    refusal (a case the register's policy does not let this role erase) writes nothing.
    """
    check_schema(conn)
    if conn.execute("DELETE FROM youth WHERE id = ?", (youth.id,)).rowcount != 1:
        # On the register only the case's own coordinator may erase it: the database's
        # policy left the row (a case shared with this role) and nothing is recorded.
        raise Conflict(
            t(
                "Only the case's own coordinator ({coordinator}) can erase {label}: nothing was "
                "erased. Ask them to erase it.",
                coordinator=youth.coordinator or "-",
                label=youth.label,
            )
        )
    if ledger is not None:
        ledger.record(youth)
    audit.record(conn, "erased", [youth.id], command)
    audit.mark_erased(conn, youth.id)
    audit.settled([youth.id])


def closed_before(conn: sqlite3.Connection, day: date) -> list[Youth]:
    """Closed cases whose closing date lies before `day`, oldest first."""
    rows = conn.execute(
        "SELECT * FROM youth WHERE status = 'closed' AND closed < ? ORDER BY closed, id",
        (day.isoformat(),),
    ).fetchall()
    return [Youth(row) for row in rows]


@dataclass
class Scrubbed:
    vacuumed: bool  # False when another command was writing: free pages may remain
    wal_emptied: bool  # False when another command held the file open
    owner_vacuums: bool = False  # a register: its owner's `efter register vacuum` will
    backups: list[Path] = field(default_factory=list)  # copies beside the case file


def scrub(conn: sqlite3.Connection) -> Scrubbed:
    """Rebuild the file without free pages and empty the -wal file. Outside a transaction.

    The erasure has committed when this runs: another command busy with the file only delays
    the scrubbing (`efter doctor --fix` finishes it), it never undoes the erasure.
    """
    try:
        conn.execute("VACUUM")
    except sqlite3.OperationalError:
        return Scrubbed(vacuumed=False, wal_emptied=False)
    busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return Scrubbed(vacuumed=True, wal_emptied=not busy)


# --- the erasure ledger ----------------------------------------------------------------
#
# A restore brings back whoever the backup copy held. When the case file is damaged, its
# audit log cannot say who was erased since the copy was made, so each erasure is also
# written to a small private file beside the case file (`casefile.db.erasures`, 0600): the
# young person's id and creation time, and keyed hashes (HMAC-SHA256) of their ref and CPR
# number, never a name or any other data. The key is the file's first line, so the ledger
# needs nothing from the case file and survives its damage. `restore` erases again every
# person of the restored copy that an entry matches.

LEDGER_SUFFIX = ".erasures"
_LEDGER_HEADER = "efter-erasure-ledger"


class LedgerError(EfterError):
    """The erasure ledger beside the case file cannot be read or written."""


@dataclass
class Erased:
    id: int
    created: str  # the person's creation time: an id SQLite gave again is someone else
    erased: str
    ref: str | None  # keyed hashes
    cpr: str | None


class Ledger:
    """The erasure ledger of one case file (a JSON Lines file: the key, then one line per
    erasure). `RegisterLedger` keeps the same entries in the register."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, casefile_path: Path) -> "Ledger":
        return cls(casefile_path.with_name(casefile_path.name + LEDGER_SUFFIX))

    def _lines(self) -> list[dict[str, Any]]:
        import json

        try:
            with open(self.path, encoding="utf-8") as handle:
                return [json.loads(line) for line in handle if line.strip()]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, UnicodeDecodeError):
            raise LedgerError(
                t(
                    "The erasure ledger {path} cannot be read: nothing was done. Move it aside "
                    "only if you are sure no erased young person is in the backup copy.",
                    path=self.path,
                )
            ) from None

    def _key(self, lines: list[dict[str, Any]]) -> bytes | None:
        if not lines:
            return None
        try:
            assert lines[0].get(_LEDGER_HEADER) == 1
            return bytes.fromhex(lines[0]["key"])
        except (AssertionError, KeyError, TypeError, ValueError):
            raise self._foreign() from None

    def _foreign(self) -> LedgerError:
        return LedgerError(
            t("The erasure ledger {path} is not one efter wrote: nothing was done.", path=self.path)
        )

    def key(self) -> bytes | None:
        """The ledger's key for its hashes (None: no erasure written yet)."""
        return self._key(self._lines())

    def entries(self) -> list[Erased]:
        lines = self._lines()
        self._key(lines)
        try:
            return [Erased(**line) for line in lines[1:]]
        except TypeError:
            raise self._foreign() from None

    def record(self, youth: Youth) -> None:
        """Append one erasure (made private and synced before the erasure commits)."""
        key = self.key()
        if key is None:
            import secrets

            key = secrets.token_bytes(32)
            self._start(key)
        self._add(
            Erased(
                id=youth.id,
                created=youth.created,
                erased=clock.timestamp(),
                ref=_digest(key, "ref", youth.ref),
                cpr=_digest(key, "cpr", youth.cpr),
            )
        )

    def _start(self, key: bytes) -> None:
        import json

        self._append(json.dumps({_LEDGER_HEADER: 1, "key": key.hex()}) + "\n", create=True)

    def _add(self, entry: Erased) -> None:
        import json

        self._append(json.dumps(asdict(entry)) + "\n", create=False)

    def _append(self, text: str, *, create: bool) -> None:
        flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        if create:
            flags |= os.O_CREAT | os.O_EXCL
        fd = os.open(self.path, flags, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, text.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def matches(self, conn: sqlite3.Connection) -> list[Youth]:
        """The young people in `conn` (a restored copy) that an entry says were erased: the
        same id and creation time, or the same ref or CPR number on a record made before
        the erasure (someone enrolled again after it is left alone)."""
        key = self.key()
        if key is None:
            return []
        entries = self.entries()
        by_id = {(e.id, e.created) for e in entries}
        by_ref: dict[str, str] = {}
        by_cpr: dict[str, str] = {}
        for e in entries:
            if e.ref:
                by_ref[e.ref] = max(by_ref.get(e.ref, ""), e.erased)
            if e.cpr:
                by_cpr[e.cpr] = max(by_cpr.get(e.cpr, ""), e.erased)
        found = []
        for row in conn.execute("SELECT * FROM youth ORDER BY id"):
            person = Youth(row)
            ref, cpr = _digest(key, "ref", person.ref), _digest(key, "cpr", person.cpr)
            if (
                (person.id, person.created) in by_id
                or (ref is not None and person.created <= by_ref.get(ref, ""))
                or (cpr is not None and person.created <= by_cpr.get(cpr, ""))
            ):
                found.append(person)
        return found


class RegisterLedger(Ledger):
    """The register's erasure ledger: the same entries (ids, creation times, keyed hashes,
    never a name or any other data) in its own tables, written in the erasing command's
    transaction. Every coordinator adds entries and reads the key; only the register's
    owner reads the entries (`efter register ledger`). The register's backups hold the
    ledger as it was when they were made, so the owner keeps a copy apart from them (see
    docs/register.md)."""

    def __init__(self, conn: Any, place: str) -> None:
        self.conn = conn
        self.path = Path(place)  # named in sentences only

    def key(self) -> bytes | None:
        made = self.conn.raw.execute("SELECT to_regclass('erasure_key') IS NOT NULL").fetchone()
        if not made[0]:  # a register set up before erasure came to it
            raise LedgerError(
                t(
                    "The register {path} has no erasure ledger yet: its owner adds it with "
                    "'efter register init --db URL'; nothing was erased.",
                    path=self.path,
                )
            )
        row = self.conn.execute("SELECT key FROM erasure_key").fetchone()
        return bytes.fromhex(row[0]) if row else None

    def _start(self, key: bytes) -> None:
        self.conn.execute("INSERT INTO erasure_key (key) VALUES (?)", (key.hex(),))

    def _add(self, entry: Erased) -> None:
        self.conn.execute(
            "INSERT INTO erasure_ledger (id, created, erased, ref, cpr) VALUES (?, ?, ?, ?, ?)",
            (entry.id, entry.created, entry.erased, entry.ref, entry.cpr),
        )

    def entries(self) -> list[Erased]:
        rows = self.conn.execute(
            "SELECT id, created, erased, ref, cpr FROM erasure_ledger ORDER BY erased, id"
        ).fetchall()
        return [Erased(*row) for row in rows]

    def lines(self) -> list[dict[str, Any]]:
        """The ledger as a laptop's ledger file holds it: the key, then one line per erasure
        (what `efter register ledger --out FILE` writes, for `efter register erase-again`)."""
        key = self.key()
        if key is None:
            return []
        return [{_LEDGER_HEADER: 1, "key": key.hex()}] + [asdict(e) for e in self.entries()]


def _digest(key: bytes, kind: str, value: str | None) -> str | None:
    import hashlib
    import hmac

    if not value:
        return None
    text = "".join(ch for ch in value if ch.isdigit()) if kind == "cpr" else value.casefold()
    return hmac.new(key, f"{kind}:{text}".encode(), hashlib.sha256).hexdigest()


def erase_listed(
    conn: sqlite3.Connection, ledger: Ledger, command: str, record: Ledger | None = None
) -> list[int]:
    """Erase again, inside the caller's transaction, everyone the ledger names (written down
    again in `record`, the register's own ledger); their ids."""
    people = ledger.matches(conn)
    for person in people:
        erase(conn, person, command, record)
    return [person.id for person in people]
