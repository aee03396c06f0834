"""Cases between the register and a laptop (issue 17): push, checkout, checkin, release.

A case travels as a case bundle does (`bundle.gather` on one side, `bundle.plan_and_apply`
on the other), so what a bundle carries is what travels, and nothing is copied twice.

- `push`: cases on a laptop's file go into the register as new cases.
- `checkout`: a case goes from the register to a new laptop file, and the register notes
  who holds it (m023_checkout's `checkout` row); until it comes back the register refuses
  every change to it, whoever asks (the guards of `register.secure`), and a second checkout
  is refused. The laptop file keeps the same token, which says where the case came from.
- `checkin`: the laptop file's version of the case replaces the register's, all or nothing,
  and the checkout is returned (on the register, then in the file). Nothing is merged: the
  case had one writer while it was out.
- `release`: a team leader (or the holder) ends a stale or lost checkout; the laptop's
  changes are then not taken (a checkin of that file is refused with the reason).
"""

import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from efter.core import bundle, dialect
from efter.core.errors import CaseFileError, Conflict, InvalidInput, NotFound, phrase
from efter.core.i18n import t


@dataclass(frozen=True)
class Taken:
    """A checkout made on the register: the token both sides keep, who holds it, since when."""

    token: str
    held_by: str
    since: str


def _on_register(conn: sqlite3.Connection) -> None:
    if not dialect.of(conn).shared:
        raise CaseFileError(
            problem=t("checkout and checkin are between the municipality's register and a laptop"),
            fix=phrase("give {db} (or EFTER_DB) the register's postgresql:// URL", "db"),
        )


def role(conn: sqlite3.Connection) -> str:
    """The register role this session acts as."""
    return str(conn.raw.execute("SELECT current_user").fetchone()[0])  # type: ignore[attr-defined]


def _place() -> str:
    """Where a checked-out case went, as the register shows it: the laptop's user and host
    (never the file's name, which may name the young person)."""
    import socket

    from efter.core.audit import os_user

    return f"{os_user()}@{socket.gethostname()}"


def out(conn: sqlite3.Connection, youth_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """The checkouts that are out (of these young people), oldest first; each with the young
    person's ref and name where this role may see them (None where not)."""
    from efter.core.casefile import ids_param

    where = "" if youth_ids is None else "AND c.youth_id IN (SELECT value FROM json_each(?))"
    params = () if youth_ids is None else (ids_param(youth_ids),)
    rows = conn.execute(
        "SELECT c.youth_id, y.ref, y.name, c.held_by, c.since, c.place FROM checkout c "
        f"LEFT JOIN youth y ON y.id = c.youth_id WHERE c.returned IS NULL {where} "
        "ORDER BY c.since, c.youth_id",
        params,
    ).fetchall()
    from datetime import date

    from efter.core import clock

    today = clock.today()
    return [
        {
            "youth_id": r[0],
            "ref": r[1],
            "name": r[2],
            "held_by": r[3],
            "since": r[4],
            "days": (today - date.fromisoformat(r[4][:10])).days,
            "place": r[5],
        }
        for r in rows
    ]


def shown_time(stamp: str) -> str:
    """A checkout's timestamp as a sentence gives it: 2026-11-28 14:03."""
    return stamp.replace("T", " ")[:16]


def _held_sentence(held: dict[str, Any]) -> str:
    who = held["name"] or t("young person {id}", id=held["youth_id"])
    return t(
        "{who} is checked out already, by {role} since {since} ({place}): it is checked in "
        "first ('efter register checkin FILE'), or a team leader releases it ('efter register "
        "release {id}').",
        who=who,
        role=held["held_by"],
        since=shown_time(held["since"]),
        place=held["place"],
        id=held["youth_id"],
    )


def take(conn: sqlite3.Connection, youth_ids: list[int]) -> Taken:
    """Note on the register that this role holds these young people's cases (refused, with
    who has it and since when, when one is out already), in a transaction of its own that
    commits before the cases are read (`gather` then reads what no write can change; see
    `register._checkouts`)."""
    from efter.core import audit, clock
    from efter.core.register import CHECKOUT_LOCK

    _on_register(conn)
    conn.raw.execute("SELECT pg_advisory_xact_lock(%s)", (CHECKOUT_LOCK,))  # type: ignore[attr-defined]
    held = out(conn, youth_ids)
    if held:
        raise Conflict(_held_sentence(held[0]))
    taken = Taken(secrets.token_hex(16), role(conn), clock.timestamp())
    try:
        conn.executemany(
            "INSERT INTO checkout (youth_id, token, held_by, since, place) VALUES (?, ?, ?, ?, ?)",
            [(i, taken.token, taken.held_by, taken.since, _place()) for i in youth_ids],
        )
    except sqlite3.IntegrityError:  # taken out by another command a moment ago
        raise Conflict(
            t(
                "One of these young people was checked out by another command a moment ago: see "
                "'efter register checkouts'."
            )
        ) from None
    # the log says the case left for a laptop ("exported", when it is read), not that the
    # hold "changed" it
    audit.settled(youth_ids)
    return taken


def sent(conn: sqlite3.Connection, youth_ids: list[int]) -> None:
    """The log's line for a checkout: the cases were read and left for a laptop."""
    from efter.core import audit

    audit.record(conn, "exported", youth_ids, audit.current_command())


def undo(conn: sqlite3.Connection, taken: Taken) -> None:
    """A checkout whose laptop file was not made: its hold ends (as released by the holder)."""
    from efter.core import clock

    conn.execute(
        "UPDATE checkout SET returned = ?, released_by = ? WHERE token = ? AND returned IS NULL",
        (clock.timestamp(), taken.held_by, taken.token),
    )


def _in_memory(contents: bundle.Contents, path: Path) -> bundle.Bundle:
    """What `gather` read, as a bundle read back (the same parts, columns and rows)."""
    return bundle.Bundle(
        path=path,
        manifest={},
        schema=contents.schema,
        columns={part.name: part.columns for part in contents.parts},
        rows=contents.rows,
        sums={},
    )


def write_laptop_file(
    conn: sqlite3.Connection, contents: bundle.Contents, taken: Taken, register: str
) -> None:
    """Fill a new, empty case file (`conn`, in its own transaction) with the checked-out
    cases and the checkout's token: the cases keep the register's ids, as every id is free
    in a new file."""
    bundle.plan_and_apply(conn, _in_memory(contents, Path("-")), as_ref=None, write=True)
    conn.executemany(
        "INSERT INTO checkout (youth_id, token, held_by, since, place) VALUES (?, ?, ?, ?, ?)",
        [(i, taken.token, taken.held_by, taken.since, register) for i in contents.youth_ids],
    )


def make_laptop_file(
    path: Path,
    contents: bundle.Contents,
    taken: Taken,
    register: str,
    *,
    encrypt: bool = False,
    ask: Any = None,
) -> None:
    """The new laptop file of a checkout, whole or not at all (refused when `path` exists).
    Its own log stays empty: the register logs the checkout."""
    from efter.core.casefile import create_casefile

    new_file(path)
    from efter.core import audit

    # the register's trail waits for the register's commit: the new file's log stays empty
    with audit.aside():
        casefile, _ = create_casefile(path, encrypt=encrypt, ask=ask)
        try:
            with casefile.write() as conn:
                write_laptop_file(conn, contents, taken, register)
        except BaseException:
            casefile.close()
            discard_laptop_file(path)
            raise
        casefile.close()


def new_file(path: Path) -> None:
    """Refuse a checkout into a file that exists: it goes into a new case file."""
    if path.exists():
        raise InvalidInput(
            field="to",
            problem=t("{path} exists already", path=path),
            fix=t("a checkout goes into a new case file; give a new file's name"),
        )


def discard_laptop_file(path: Path) -> None:
    """A laptop file whose checkout the register did not take (the register's commit
    failed): removed, with its journal files."""
    from contextlib import suppress

    for suffix in ("", "-wal", "-shm", "-journal"):
        with suppress(OSError):  # never made (its folder could not be): nothing to remove
            path.with_name(path.name + suffix).unlink(missing_ok=True)


@dataclass
class Returning:
    """A laptop file's checkout, read for `checkin`: its token, whom it holds, their rows."""

    token: str
    youth_ids: list[int]
    contents: bundle.Contents
    # the uses made of them on the laptop (its audit log: at, OS user, action, young
    # person, command), which the register's log takes over at the checkin
    uses: list[tuple[str, str, str, int, str]]
    # young people enrolled on the laptop while it held the checkout: they come in as new
    # cases, as `push` sends them (laptop ids; their rows, and their uses, by laptop id)
    added: list[int] = field(default_factory=list)
    added_contents: bundle.Contents | None = None
    added_uses: list[tuple[str, str, str, int, str]] = field(default_factory=list)


def returning(conn: sqlite3.Connection, path: Path) -> Returning:
    """Read a laptop file that holds a checkout (refused when it holds none, was checked in
    already, or lacks a young person that was checked out). Young people enrolled on the
    laptop meanwhile are read too: the checkin brings them in as new cases."""
    rows = conn.execute(
        "SELECT youth_id, token, returned FROM checkout ORDER BY youth_id"
    ).fetchall()
    if not rows:
        raise InvalidInput(
            t(
                "{path} is not a checkout from the register (no case in it was checked out with "
                "'efter register checkout'): to send its cases to the register, use 'efter "
                "register push YOUTH... --from {path}'.",
                path=path,
            )
        )
    open_rows = [r for r in rows if r[2] is None]
    if not open_rows:
        raise Conflict(
            t(
                "{path} was checked in already ({returned}): its cases are on the register; to "
                "work on one offline again, check it out again.",
                path=path,
                returned=shown_time(max(r[2] for r in rows)),
            )
        )
    token = open_rows[0][1]
    held = sorted(r[0] for r in open_rows if r[1] == token)
    on_file = [r[0] for r in conn.execute("SELECT id FROM youth ORDER BY id")]
    added = [i for i in on_file if i not in held]
    missing = [i for i in held if i not in on_file]
    if missing:
        raise Conflict(
            t(
                "The checked-out young people {ids} are no longer in {path}: a case erased on the "
                "laptop is not erased on the register by a checkin; ask a team leader to release "
                "the checkout ('efter register release ID') and erase it on the register.",
                ids=", ".join(str(i) for i in missing),
                path=path,
            )
        )
    uses, added_uses = [], []
    for at, user, action, youth_id, command, everyone in conn.execute(
        "SELECT at, os_user, action, youth_id, command, everyone FROM audit_event ORDER BY id"
    ):
        for one in held if everyone else [youth_id] if youth_id in held else []:
            uses.append((at, user, action, one, command))
        for one in added if everyone else [youth_id] if youth_id in added else []:
            added_uses.append((at, user, action, one, command))
    return Returning(
        token,
        held,
        bundle.gather(conn, held),
        uses,
        added,
        bundle.gather(conn, added) if added else None,
        added_uses,
    )


def give_back(conn: sqlite3.Connection, back: Returning, path: Path) -> None:
    """On the register, in the command's transaction: end the checkout the laptop file
    holds and replace the register's copy of its cases with the file's, all of it."""
    from efter.core import clock

    _on_register(conn)
    rows = conn.execute(
        "SELECT youth_id, held_by, returned, released_by FROM checkout WHERE token = ? "
        "ORDER BY youth_id",
        (back.token,),
    ).fetchall()
    if sorted(r[0] for r in rows) != back.youth_ids:
        raise CaseFileError(
            t(
                "{path} was not checked out from this register: check it in to the register it "
                "came from (see 'efter register checkouts' there).",
                path=path,
            )
        )
    released = [r for r in rows if r[2] is not None and r[3] is not None]
    if released:
        raise Conflict(
            t(
                "The checkout in {path} was released by {who} ({when}), so the register's copy "
                "is the case now and the laptop's changes were not taken; nothing was merged. "
                "Check the case out again and make the changes there.",
                path=path,
                who=released[0][3],
                when=shown_time(released[0][2]),
            )
        )
    if any(r[2] is not None for r in rows):
        raise Conflict(
            t(
                "{path} was checked in already ({when}): its cases are on the register.",
                path=path,
                when=shown_time(max(r[2] for r in rows if r[2] is not None)),
            )
        )
    me = role(conn)
    if any(r[1] != me for r in rows):
        raise Conflict(
            t(
                "The cases in {path} were checked out by {holder}, and only that role checks them "
                "in (or a team leader releases them).",
                path=path,
                holder=rows[0][1],
            )
        )
    ended = conn.execute(
        "UPDATE checkout SET returned = ? WHERE token = ? AND returned IS NULL",
        (clock.timestamp(), back.token),
    ).rowcount
    if ended != len(back.youth_ids):  # released a moment ago, by a team leader
        raise Conflict(
            t(
                "The checkout in {path} was released a moment ago, so the laptop's changes were "
                "not taken; nothing was merged. Check the case out again and make the changes "
                "there.",
                path=path,
            )
        )
    with _refs_of_others(path):
        bundle.plan_and_apply(
            conn, _in_memory(back.contents, path), as_ref=None, write=True, replacing=True
        )
    _log_offline(conn, back.uses)


def take_in_added(conn: sqlite3.Connection, back: Returning, path: Path) -> bundle.Plan | None:
    """On the register, in the checkin's transaction (after give_back): the young people
    enrolled on the laptop while it held the checkout, as new cases (as `push` sends them),
    with their offline uses in the log under their new ids. None when there were none."""
    if back.added_contents is None:
        return None
    plan = receive(conn, back.added_contents, path)
    new_id = {old: new for old, _ref, _name, new in plan.received}
    _log_offline(conn, [(at, user, action, new_id[one], command)
                        for at, user, action, one, command in back.added_uses])  # fmt: skip
    return plan


def _log_offline(conn: sqlite3.Connection, uses: list[tuple[str, str, str, int, str]]) -> None:
    """The uses made offline join the register's log (stamped with this role, the holder's;
    the laptop's OS user stays in the command's text)."""
    from efter.core import audit

    audit.carried(
        conn,
        [(at, user, action, one, f"{command} [offline, {user}]", 0, 0) for at, user, action,
         one, command in uses],
    )  # fmt: skip


def returned_on_laptop(conn: sqlite3.Connection, token: str) -> None:
    """The laptop file's side of a checkin: its checkout is spent."""
    from efter.core import clock

    conn.execute(
        "UPDATE checkout SET returned = ? WHERE token = ? AND returned IS NULL",
        (clock.timestamp(), token),
    )


def pushable(conn: sqlite3.Connection, youth_ids: list[int], path: Path) -> bundle.Contents:
    """What `push` sends from a laptop file: refused for a case the file holds checked out
    (it goes back with `checkin`)."""
    held = conn.execute(
        "SELECT youth_id FROM checkout WHERE returned IS NULL ORDER BY youth_id"
    ).fetchall()
    out_of_register = sorted({r[0] for r in held} & set(youth_ids))
    if out_of_register:
        raise Conflict(
            t(
                "Young person {ids} in {path} is checked out from the register: it goes back with "
                "'efter register checkin {path}', not with push.",
                ids=", ".join(str(i) for i in out_of_register),
                path=path,
            )
        )
    if held:  # enrolled in a checkout file: the checkin takes them in, once
        raise Conflict(
            t(
                "{path} holds a checkout from the register: the young people enrolled in it come "
                "in as new cases with 'efter register checkin {path}', not with push.",
                path=path,
            )
        )
    return bundle.gather(conn, youth_ids)


def receive(conn: sqlite3.Connection, contents: bundle.Contents, path: Path) -> bundle.Plan:
    """On the register, in the command's transaction: the pushed cases, as new cases."""
    _on_register(conn)
    with _refs_of_others(path):
        return bundle.plan_and_apply(conn, _in_memory(contents, path), as_ref=None, write=True)


@contextmanager
def _refs_of_others(path: Path) -> Iterator[None]:
    """A ref (case number) that a young person on the register has whom this role does not
    see: said in a sentence, with the way out."""
    try:
        yield
    except sqlite3.IntegrityError as error:
        if "youth.ref" not in str(error):
            raise
        raise Conflict(
            t(
                "A young person in {path} has a ref (case number) that another young person on "
                "the register has already (perhaps one you do not see): correct the ref in "
                "{path} ('efter youth edit YOUTH --ref NEW --db {path}') and try again.",
                path=path,
            )
        ) from None


def release(conn: sqlite3.Connection, youth_id: int) -> dict[str, Any]:
    """End the checkout of this young person without taking the laptop's copy back (a team
    leader, or the role that holds it). Returns the checkout that was out."""
    from efter.core import clock

    _on_register(conn)
    held = out(conn, [youth_id])
    if not held:
        raise NotFound(
            t(
                "Young person {id} is not checked out: see 'efter register checkouts' for the "
                "cases that are.",
                id=youth_id,
            )
        )
    me = role(conn)
    changed = conn.execute(
        "UPDATE checkout SET returned = ?, released_by = ? WHERE youth_id = ? AND returned IS NULL",
        (clock.timestamp(), me, youth_id),
    ).rowcount
    if not changed:
        raise Conflict(
            t(
                "Only a team leader, or {holder} who holds it, releases the checkout of young "
                "person {id}.",
                holder=held[0]["held_by"],
                id=youth_id,
            )
        )
    return held[0]
