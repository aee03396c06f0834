"""Backups, restore and the doctor's checks: the case file is neither lost nor leaked.

Backups go through SQLite's backup API in one step, so a copy is one consistent moment of the
file even while another command writes. Every file made here is private (0600) and its name
holds a time stamp, never a name or CPR number.
"""

import os
import sqlite3
import stat
import threading
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from efter.core import audit, clock
from efter.core.casefile import (
    Ask,
    Busy,
    CaseFile,
    Unreadable,
    backup_copy,
    connect,
    connect_existing,
    disk_full,
    free_space,
    is_full,
    migrate,
    migration_mismatch,
    room_needed,
)
from efter.core.cpr import redact
from efter.core.errors import CaseFileError, Conflict, DiskFull, InvalidInput, phrase
from efter.core.i18n import nt, t
from efter.core.migrations import MIGRATIONS

BACKUP_FOLDER = "backups"


def stamp() -> str:
    return clock.now().strftime("%Y%m%d-%H%M%S")


def private_folder(folder: Path) -> None:
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        os.chmod(folder, 0o700)


def backup_target(casefile: CaseFile, dest: Path | None, replace: bool = False) -> Path:
    """Where `efter backup [DEST]` writes: DEST, a new file in DEST if it is a folder, or
    backups/ next to the case file. Never over an existing file unless `replace`, never
    through a symlink or over a special file."""
    from efter.core import outfile

    if dest is not None and dest.is_symlink():
        outfile.existing(dest)  # refuses it in a sentence
    if dest is None or dest.is_dir():
        folder = dest if dest is not None else casefile.path.parent / BACKUP_FOLDER
        if dest is None:
            private_folder(folder)
        base = f"{casefile.path.stem}-{stamp()}"
        target = folder / f"{base}.db"
        number = 1
        while target.exists():  # two copies in the same second
            number += 1
            target = folder / f"{base}-{number}.db"
    else:
        target = dest
        if not target.parent.exists():
            raise InvalidInput(
                t(
                    "The folder {parent} does not exist: create it or give another DEST.",
                    parent=target.parent,
                )
            )
    if target.resolve() == casefile.path.resolve():
        raise InvalidInput(t("DEST is the case file itself: give another file or a folder."))
    if outfile.existing(target) and not replace:
        raise Conflict(  # a sentence: a path is never capitalised
            phrase(
                "{target} exists already: give a new file name, or a folder, as {dest} (or add "
                "{force} to replace it).",
                "dest",
                "force",
                target=target,
            )
        )
    return target


def backup(casefile: CaseFile, dest: Path | None, *, replace: bool = False) -> Path:
    """A private copy made beside its target and moved into place whole."""
    import secrets

    from efter.core import outfile

    target = backup_target(casefile, dest, replace)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.efter-tmp")
    try:
        backup_copy(casefile, temporary)
    except (sqlite3.Error, OSError) as error:
        if is_full(error, target):
            raise disk_full(target, room_needed(casefile.path)) from None
        raise
    try:
        if replace:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # fails if a file appeared meanwhile
            except FileExistsError:
                raise Conflict(
                    t(
                        "{target} exists already: give a new file name, or a folder, as DEST.",
                        target=target,
                    )
                ) from None
            except OSError:  # a file system without hard links (a FAT USB stick)
                if outfile.existing(target):
                    raise Conflict(
                        t(
                            "{target} exists already: give a new file name, or a folder, as DEST.",
                            target=target,
                        )
                    ) from None
                os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


@dataclass
class CopyInfo:
    path: Path
    version: int
    youth: int
    encrypted: bool


def check_copy(path: Path, *, ask: Ask | None = None) -> tuple[sqlite3.Connection, CopyInfo]:
    """Open a copy read-only and prove it sound: integrity, foreign keys, an efter schema."""
    if not path.exists() or path.is_dir():
        raise InvalidInput(
            t("There is no backup file at {path}: give the path of a backup.", path=path)
        )
    try:
        # read as it is: no -wal or -shm is made beside a copy that is only checked
        conn, passphrase = connect_existing(path, "check", ask=ask)
    except Unreadable as error:
        raise CaseFileError(
            t(
                "{path} is damaged or not a case file ({reason}): nothing was restored; choose "
                "another backup.",
                path=path,
                reason=error.reason,
            )
        ) from None
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise CaseFileError(
                t(
                    "{path} is damaged ({problems}): nothing was restored; choose another backup.",
                    path=path,
                    problems=problems[0],
                )
            )
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise CaseFileError(
                t(
                    "{path} has rows that point at records that do not exist: nothing was "
                    "restored; choose another backup.",
                    path=path,
                )
            )
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if version < 1 or not {"youth", "audit_event"} <= tables:
            raise CaseFileError(
                t("{path} is not an efter case file: nothing was restored.", path=path)
            )
        if version > len(MIGRATIONS):
            raise CaseFileError(
                t(
                    "{path} was written by a newer efter (schema {version}): upgrade efter first.",
                    path=path,
                    version=version,
                )
            )
        wrong = migration_mismatch(conn, version)
        if wrong is not None:
            raise CaseFileError(
                t(
                    "{path} was brought up to date by another build of efter ({wrong}): nothing "
                    "was restored; restore it with the efter that made it, or choose another "
                    "backup.",
                    path=path,
                    wrong=wrong,
                )
            )
        youth = conn.execute("SELECT count(*) FROM youth").fetchone()[0]
    except sqlite3.DatabaseError as error:
        conn.close()
        if is_full(error, path):
            raise disk_full(path) from None
        raise CaseFileError(
            t(
                "{path} is damaged ({error}): nothing was restored; choose another backup.",
                path=path,
                error=error,
            )
        ) from None
    except BaseException:
        conn.close()
        raise
    return conn, CopyInfo(path, version, youth, passphrase is not None)


@dataclass
class Restored:
    aside: Path
    carried: int  # audit lines written after the copy, carried into the restored file
    erased_again: list[int]  # erasures made after the copy, applied again


def restore(casefile: CaseFile, source: Path, command: str, *, ask: Ask | None = None) -> Restored:
    """Replace the case file's content with a checked copy; keep the current file aside.

    The audit lines written since the copy was taken are carried over (the log must survive a
    restore), and young people erased since then are erased again.
    """
    from efter.core import erasure
    from efter.core import youth as youth_core

    if source.resolve() == casefile.path.resolve():
        raise InvalidInput(t("That is the case file itself: give the path of a backup copy."))
    ledger = erasure.Ledger.beside(casefile.path)
    ledger.entries()  # a ledger that cannot be read stops the restore before any change
    source_conn, info = check_copy(source, ask=ask)
    try:
        if info.encrypted != casefile.encrypted:
            kinds = (
                t("is encrypted and the case file is not")
                if info.encrypted
                else t("is not encrypted and the case file is")
            )
            raise InvalidInput(
                t(
                    "{source} {kinds}: restore a copy of the same kind, or encrypt afterwards with "
                    "'efter init --encrypt'.",
                    source=source,
                    kinds=kinds,
                )
            )
        aside = casefile.path.with_name(f"{casefile.path.name}.before-restore-{stamp()}")
        try:
            backup_copy(casefile, aside)
        except (sqlite3.DatabaseError, OSError) as error:
            if is_full(error, aside):
                raise disk_full(aside, room_needed(casefile.path) + source.stat().st_size) from None
            if isinstance(error, OSError):
                raise
            raise Damaged(t("{path} cannot be read.", path=casefile.path)) from None
        copy_last = source_conn.execute("SELECT coalesce(max(id), 0) FROM audit_event").fetchone()[
            0
        ]
        newer = casefile.conn.execute(
            "SELECT at, os_user, action, youth_id, command, erased, everyone FROM audit_event "
            "WHERE id > ? ORDER BY id",
            (copy_last,),
        ).fetchall()
        try:
            source_conn.backup(casefile.conn)
        except sqlite3.OperationalError as error:
            if is_full(error, casefile.path):
                raise disk_full(casefile.path, source.stat().st_size) from None
            raise CaseFileError(
                t(
                    "{source} could not be copied into the case file ({error}): the case file is "
                    "unchanged, and its content is also in {aside}.",
                    source=source,
                    error=error,
                    aside=aside,
                )
            ) from None
    finally:
        source_conn.close()
    migrate(casefile)
    erased_again = []
    with casefile.write() as conn:
        audit.carried(conn, [tuple(row) for row in newer])
        for row in newer:
            if row["action"] != "erased" or row["youth_id"] is None:
                continue
            person = conn.execute(
                "SELECT * FROM youth WHERE id = ? AND created <= ?", (row["youth_id"], row["at"])
            ).fetchone()
            if person is not None:
                erasure.erase(conn, youth_core.Youth(person), command)
                erased_again.append(row["youth_id"])
        erased_again += erasure.erase_listed(conn, ledger, command)
        ids = [r[0] for r in conn.execute("SELECT id FROM youth ORDER BY id")]
        audit.record(conn, "changed", ids or [None], command)
    if erased_again:
        erasure.scrub(casefile.conn)
    return Restored(aside, len(newer), erased_again)


class Damaged(CaseFileError):
    """The current case file cannot be copied: it is damaged."""


def put_back(aside: Path, path: Path) -> None:
    """Undo `set_aside` when the restore that followed it failed: never leave no case file."""
    if path.exists():
        return
    os.replace(aside, path)
    wal = aside.with_name(aside.name + "-wal")
    if wal.exists():
        os.replace(wal, path.with_name(path.name + "-wal"))


def set_aside(path: Path) -> Path:
    """Move a damaged case file (with its -wal) aside whole; its -shm is only an index."""
    aside = path.with_name(f"{path.name}.damaged-{stamp()}")
    os.replace(path, aside)
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        os.replace(wal, aside.with_name(aside.name + "-wal"))
    path.with_name(path.name + "-shm").unlink(missing_ok=True)
    return aside


def restore_missing(
    path: Path, source: Path, command: str, *, ask: Ask | None = None
) -> tuple[CopyInfo, list[int]]:
    """The case file is gone (a lost or damaged disk): make it anew from a checked copy, and
    erase again whoever the erasure ledger beside it names. Returns the copy's description
    and the ids erased again."""
    from efter.core import erasure
    from efter.core.casefile import connect, open_casefile, private_file

    ledger = erasure.Ledger.beside(path)
    ledger.entries()  # a ledger that cannot be read stops the restore before any change
    source_conn, info = check_copy(source, ask=ask)
    passphrase = None
    try:
        if info.encrypted:
            from efter.core.casefile import passphrase_for

            passphrase = passphrase_for(source, ask=ask)
        private_folder(path.parent)
        private_file(path)
        try:
            target = connect(path, "rw", passphrase)
            try:
                source_conn.backup(target)
                target.execute("PRAGMA journal_mode = WAL")
            finally:
                target.close()
        except BaseException as error:
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            if isinstance(error, (sqlite3.Error, OSError)) and is_full(error, path):
                raise disk_full(path, source.stat().st_size) from None
            raise
    finally:
        source_conn.close()
    with open_casefile(path, ask=ask) as casefile:
        with casefile.write() as conn:
            erased_again = erasure.erase_listed(conn, ledger, command)
            ids = [r[0] for r in conn.execute("SELECT id FROM youth ORDER BY id")]
            audit.record(conn, "changed", ids or [None], command)
        if erased_again:
            erasure.scrub(casefile.conn)
    return info, erased_again


# --- the doctor ------------------------------------------------------------------------


@dataclass
class Finding:
    check: str
    status: str  # ok, warning or error
    message: str
    fix: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def side_files(path: Path) -> list[Path]:
    """Files next to the case file that hold its data: -wal, -shm, backups, set-aside copies."""
    found = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", ".erasures")]
    found += sorted(path.parent.glob(f"{path.name}.v*.bak"))
    found += sorted(path.parent.glob(f"{path.name}.before-restore-*"))
    found += sorted(path.parent.glob(f"{path.name}.damaged-*"))
    folder = path.parent / BACKUP_FOLDER
    if folder.is_dir():
        found.append(folder)
        found += sorted(p for p in folder.iterdir() if p.is_file())
    return [p for p in found if p.exists()]


def backups_holding_data(path: Path) -> list[Path]:
    """Copies made by efter next to the case file (they keep what the file held then)."""
    return [
        p
        for p in side_files(path)
        if p.is_file() and not p.name.endswith(("-wal", "-shm", ".erasures"))
    ]


def doctor(
    path: Path, *, fix: bool = False, ask: Ask | None = None, thorough: bool = False
) -> list[Finding]:
    """Check the case file; with `fix`, repair what is safe to repair (modes, journal). The
    content is read with SQLite's quick_check (every page and row), or with `thorough` its
    integrity_check, which also compares every index with its table (2.5 times as long: 1.5 s
    of CPU at 10,000 young people)."""
    findings: list[Finding] = []
    if not path.exists():
        return [
            Finding(
                "case file",
                "error",
                t("There is no case file at {path}.", path=path),
                t(
                    "Create one with 'efter init', or name yours in EFTER_DB or 'efter doctor --db PATH'."
                ),
            )
        ]
    findings.append(_check_folder(path.parent, fix))
    findings.append(_check_files(path, fix))
    room = _check_disk(path)
    findings.append(room)
    try:
        conn, passphrase = connect_existing(path, "rw", ask=ask)
    except DiskFull:
        if room.status != "error":  # the disk filled up meanwhile
            findings[-1] = _check_disk(path, full=True)
        return findings
    except CaseFileError as error:
        from efter.core.casefile import is_encrypted

        how = t("Restore a backup with 'efter restore FILE'.")
        if is_encrypted(path):
            how = t(
                "Check the passphrase (EFTER_PASSPHRASE or the prompt); if it is right, "
                "restore a backup with 'efter restore FILE'."
            )
        findings.append(Finding("open", "error", error.message, how))
        return findings
    casefile = CaseFile(path, conn, passphrase)  # what --fix stores goes through write()
    try:
        findings += _check_content(casefile, fix, thorough, passphrase)
        findings.append(_check_encryption(conn, passphrase is not None))
    finally:
        casefile.close()
    return findings


def _check_disk(path: Path, *, full: bool = False) -> Finding:
    """A full disk is not a damaged file: say so, and never advise a restore for it."""
    from efter.core.casefile import LOW_SPACE
    from efter.core.outfile import human, room_sentence

    free, needed = free_space(path), room_needed(path)
    fix = t(
        "Free some space on that disk. The case file is not damaged: do not restore a "
        "backup because of this."
    )
    if full or free < LOW_SPACE:
        return Finding("disk", "error", room_sentence(path, max(needed - free, 0)), fix)
    if free < needed:
        return Finding(
            "disk",
            "warning",
            t(
                "Only {human} free on the disk: a backup, an upgrade or an erasure needs about "
                "{human2}.",
                human=human(free),
                human2=human(needed),
            ),
            fix,
        )
    return Finding("disk", "ok", t("There is room on the disk for a copy of the case file."))


def _check_folder(folder: Path, fix: bool) -> Finding:
    mode = _mode(folder)
    if mode & 0o077:
        if fix:
            os.chmod(folder, 0o700)
            return Finding(
                "folder", "ok", t("The folder {folder} is now private (0700).", folder=folder)
            )
        return Finding(
            "folder",
            "error",
            t("Others can reach the folder {folder} (mode {mode:04o}).", folder=folder, mode=mode),
            t("Run 'efter doctor --fix' or 'chmod 700 {folder}'.", folder=folder),
        )
    return Finding("folder", "ok", t("The folder is private ({mode:04o}).", mode=mode))


def _check_files(path: Path, fix: bool) -> Finding:
    open_to_others = [p for p in [path, *side_files(path)] if _mode(p) & 0o077]
    if open_to_others and fix:
        for p in open_to_others:
            os.chmod(p, 0o700 if p.is_dir() else 0o600)
        return Finding(
            "file",
            "ok",
            nt(
                "{n} file is now private (0600).",
                "{n} files are now private (0600).",
                len(open_to_others),
            ),
        )
    if open_to_others:
        worst = open_to_others[0]
        return Finding(
            "file",
            "error",
            t("Others can read {worst} (mode {mode:04o})", worst=worst, mode=_mode(worst))
            + (
                " " + nt("and {n} more file.", "and {n} more files.", len(open_to_others) - 1)
                if len(open_to_others) > 1
                else "."
            ),
            t("Run 'efter doctor --fix' or 'chmod 600 {worst}'.", worst=worst),
        )
    return Finding(
        "file", "ok", t("The case file and its copies are private ({mode:04o}).", mode=_mode(path))
    )


def _check_content(
    casefile: CaseFile, fix: bool, thorough: bool, passphrase: str | None
) -> list[Finding]:
    conn = casefile.conn
    findings = []
    restore_fix = t(
        "Restore the latest sound backup with 'efter restore FILE' (see the backups/ folder)."
    )
    problems, broken = _Checks(casefile, thorough, passphrase).run()
    if problems == ["ok"] and thorough:
        findings.append(Finding("integrity", "ok", t("The file passes SQLite's integrity check.")))
    elif problems == ["ok"]:
        findings.append(
            Finding(
                "integrity",
                "ok",
                t(
                    "The file passes SQLite's quick check ('efter doctor --thorough' checks indexes too)."
                ),
            )
        )
    else:
        findings.append(
            Finding(
                "integrity",
                "error",
                t("The file is damaged: {problem}", problem=problems[0])
                + (
                    " "
                    + nt("(and {n} more problem).", "(and {n} more problems).", len(problems) - 1)
                    if len(problems) > 1
                    else "."
                ),
                restore_fix,
            )
        )
    if isinstance(broken, str):
        findings.append(_damage_finding("foreign keys", broken, restore_fix))
    elif broken:
        tables = sorted({row[0] for row in broken})
        findings.append(
            Finding(
                "foreign keys",
                "error",
                nt(
                    "{n} row points at a record that does not exist (in {tables}).",
                    "{n} rows point at records that do not exist (in {tables}).",
                    len(broken),
                    tables=", ".join(tables),
                ),
                restore_fix,
            )
        )
    else:
        findings.append(Finding("foreign keys", "ok", t("Every reference points at a record.")))
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    known = len(MIGRATIONS)
    wrong = migration_mismatch(conn, version) if version <= known else None
    if wrong is not None:
        findings.append(
            Finding(
                "schema",
                "error",
                t(
                    "The case file was brought up to date by another build of efter ({wrong}).",
                    wrong=wrong,
                ),
                t(
                    "Open it with the efter that made it, or restore a backup with 'efter restore "
                    "FILE'."
                ),
            )
        )
    elif version == known:
        findings.append(
            Finding(
                "schema",
                "ok",
                t("Schema version {version}, as this efter expects.", version=version),
            )
        )
    elif version < known:
        findings.append(
            Finding(
                "schema",
                "warning",
                t(
                    "Schema version {version}; this efter brings it to {known} on the next command.",
                    version=version,
                    known=known,
                ),
                t("Run 'efter init' to upgrade it now (a backup copy is taken first)."),
            )
        )
    else:
        findings.append(newer_schema(version, known))
    if version == known and wrong is None:
        try:
            findings.append(_check_stored_dates(casefile, fix))
        except sqlite3.DatabaseError as error:  # the young people's pages cannot be read
            findings.append(_damage_finding("deadlines", _damage_said(error), restore_fix))
    findings.append(_check_free_pages(conn, fix))
    mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    if mode != "wal" and fix:
        mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
    if mode == "wal":
        findings.append(Finding("journal", "ok", t("Write-ahead log (WAL) is on.")))
    else:
        findings.append(
            Finding(
                "journal",
                "error",
                t(
                    "The journal mode is {mode}, not WAL: commands at once wait longer and a crash "
                    "is less safe.",
                    mode=mode,
                ),
                t("Run 'efter doctor --fix'."),
            )
        )
    return findings


def _damage_finding(check: str, problem: str, fix: str) -> Finding:
    return Finding(check, "error", t("The file is damaged: {problem}", problem=problem) + ".", fix)


class _Checks:
    """SQLite's check of the whole file on the command's (read-write) connection, which reads
    every page, the freelist, every record, NOT NULL and the CHECK constraints, and its
    foreign_key_check beside it on a read-only connection of its own: sqlite3 lets go of the
    GIL inside SQLite, so the two run on two cores. If that connection cannot be opened or its
    check fails, the command's own checks the references after.

    Each table's check on read-write connections of their own beside a read-only whole-file
    check (a read-only connection does not read the CHECK constraints) once took 46-54% off
    the longest check, when the CHECKs' lists cost 900 ms at 10,000 young people. Since m030
    wrote them as comparisons it would take 60-90 ms off (the read-only check and the
    references, 448 ms of CPU, against the whole file's 508) for 370 ms more CPU in all, and
    only with two idle cores (docs/performance.md)."""

    def __init__(self, casefile: CaseFile, thorough: bool, passphrase: str | None) -> None:
        self.conn, self.path, self.passphrase = casefile.conn, casefile.path, passphrase
        self.whole = "integrity_check" if thorough else "quick_check"
        self.broken: list[Any] | None = None

    def run(self) -> tuple[list[str], list[Any] | str]:
        """SQLite's findings (["ok"] for none), and the rows that point at nothing or why
        they could not be read."""
        beside = threading.Thread(target=self._references, daemon=True)
        beside.start()
        try:
            problems = _found(self.conn, f"PRAGMA {self.whole}")
        finally:
            beside.join()
        broken: list[Any] | str | None = self.broken
        if broken is None:
            try:
                broken = self.conn.execute("PRAGMA foreign_key_check").fetchall()
            except sqlite3.DatabaseError as error:
                broken = _damage_said(error)
        return problems, broken

    def _references(self) -> None:
        # Any failure (either binding's errors) leaves the findings None: the caller checks.
        with suppress(Exception):
            conn = connect(self.path, "ro", self.passphrase)
            try:
                self.broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            finally:
                conn.close()


# SQLite's primary result codes for a damaged file: CORRUPT, and NOTADB (a page 1 not its own).
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _found(conn: sqlite3.Connection, check: str) -> list[str]:
    """A check's findings. SQLite may give up partway on a page it cannot read (a torn write
    that zeroed it): that is one more finding, not a command that fails (it would tell the
    coordinator to run 'efter doctor')."""
    found: list[str] = []
    try:
        for (said,) in conn.execute(check):
            found.extend(_problems(said))
    except sqlite3.DatabaseError as error:
        found.append(_damage_said(error))
    return found


def _problems(said: str) -> list[str]:
    """One line a problem: SQLite says what it found in a file's pages as one text, a line
    each, under a heading naming the database ("*** in database main ***", always the case
    file here), which would break the doctor's table over several lines."""
    return [
        line.strip()
        for line in str(said).splitlines()
        if line.strip() and not (line.startswith("*** in database ") and line.endswith(" ***"))
    ]


def _damage_said(error: sqlite3.DatabaseError) -> str:
    """The error's text if it says the file is damaged; any other error is raised again."""
    code = getattr(error, "sqlite_errorcode", None)
    if not isinstance(code, int) or code & 0xFF not in _DAMAGED:
        raise error
    return str(error)


def newer_schema(version: int, known: int) -> Finding:
    """A case file or register made by a newer efter: this one must not touch it."""
    return Finding(
        "schema",
        "error",
        t(
            "Schema version {version} is newer than this efter knows ({known}).",
            version=version,
            known=known,
        ),
        t("Upgrade efter."),
    )


def _check_stored_dates(casefile: CaseFile, fix: bool) -> Finding:
    """Statutory dates missing or out of date on the youth row (a case bundle from before
    they were stored, a row changed outside efter): not wrong, since reports then work them
    out from the rules, only slower; --fix stores them, in one transaction as every command
    writes (CaseFile.write(): all of them or none, waiting while another command writes)."""
    from efter.core import youth

    stale = youth.stale_dates(casefile.conn)
    if stale and fix:
        try:
            with casefile.write() as conn:
                stale = youth.store_dates(conn)  # as they are once the file is ours
        except Busy as error:  # another command writes: the other checks still report
            return Finding("deadlines", "warning", str(error), t("Run 'efter doctor --fix'."))
        except sqlite3.DatabaseError as error:
            if is_full(error, casefile.path):
                raise disk_full(casefile.path) from None
            return Finding(
                "deadlines",
                "error",
                t(
                    "Storing the statutory dates and deadlines was refused ({problem}); nothing was "
                    "changed.",
                    problem=redact(str(error)[:200]),
                ),
                t(
                    "Check the file with 'efter doctor --thorough'; if it is damaged, restore a "
                    "backup with 'efter restore FILE'."
                ),
            )
        return Finding(
            "deadlines",
            "ok",
            nt(
                "Stored the statutory dates and deadlines of {n} young person.",
                "Stored the statutory dates and deadlines of {n} young people.",
                stale,
            ),
        )
    if stale:
        return Finding(
            "deadlines",
            "warning",
            nt(
                "{n} young person's statutory dates and deadlines are not stored: reports work "
                "them out "
                "each time, which is slower.",
                "{n} young people's statutory dates and deadlines are not stored: reports work "
                "them out "
                "each time, which is slower.",
                stale,
            ),
            t("Run 'efter doctor --fix' to store them."),
        )
    return Finding(
        "deadlines", "ok", t("Every young person's statutory dates and deadlines are stored.")
    )


def _check_free_pages(conn: sqlite3.Connection, fix: bool) -> Finding:
    """Free pages and a full -wal can hold deleted data: VACUUM and a TRUNCATE checkpoint."""
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    if free and fix:
        from efter.core.erasure import scrub

        result = scrub(conn)
        if result.vacuumed and result.wal_emptied:
            cleared = nt("{n} free page was cleared.", "{n} free pages were cleared.", free)
            return Finding("free space", "ok", cleared)
    if free:
        return Finding(
            "free space",
            "warning",
            nt(
                "{n} free page may still hold deleted data.",
                "{n} free pages may still hold deleted data.",
                free,
            ),
            t("Run 'efter doctor --fix' when no other efter command runs."),
        )
    return Finding("free space", "ok", t("No free pages: deleted data is gone from the file."))


def _check_encryption(conn: sqlite3.Connection, encrypted: bool) -> Finding:
    if encrypted:
        from efter.core.crypto import cipher_version

        return Finding(
            "encryption",
            "ok",
            t("Encrypted with SQLCipher {version}", version=cipher_version(conn) or "").strip(),
        )
    return Finding(
        "encryption",
        "warning",
        t("The case file is not encrypted: anyone who gets the laptop's disk can read it."),
        t("Install the extra (pip install 'efter[encrypt]') and run 'efter init --encrypt'."),
    )


def exit_code(findings: list[Finding]) -> int:
    return 1 if any(f.status == "error" for f in findings) else 0
