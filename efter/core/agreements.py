"""Agreements ("hvem gør hvad og hvornår"): who does what by when, and what became of it.

The owner is anyone on the case (see persons.py). Every change of course is kept as an
agreement_event: kept, moved, dropped, or still open when followed up at a meeting.
"""

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple

from efter.core import audit, clock, persons, vocab
from efter.core.casefile import ids_param, insert_rows, new_values, records_of, update_rows
from efter.core.dates import parse_date
from efter.core.errors import Conflict, InvalidInput, NotFound, phrase
from efter.core.i18n import N_, day_text, language, t
from efter.core.text import check, is_id
from efter.core.youth import Youth, by_ids, of_record

STATUSES = vocab.codes(vocab.AGREEMENT_STATUSES)
EVENTS = vocab.codes(vocab.AGREEMENT_EVENTS)


def event_label(event: str, lang: str = "da") -> str:
    return vocab.label(vocab.AGREEMENT_EVENTS, event, lang)


def status_label(status: str, lang: str = "da") -> str:
    return vocab.label(vocab.AGREEMENT_STATUSES, status, lang)


def status_code(text: str) -> str:
    """An agreement status as a file or a user writes it: the code, its Danish or English name."""
    return vocab.code_of(
        vocab.AGREEMENT_STATUSES,
        text,
        "status",
        N_("'{text}' is not an agreement status"),
        N_("give open, done or dropped"),
    )


def what_text(text: str | None) -> str:
    """What is agreed, as stored; empty text and NUL characters are refused."""
    value = check((text or "").strip(), "what", lines=True)
    if not value:
        raise InvalidInput(
            field="what", problem=t("the agreement text is empty"), fix=t("say what is to be done")
        )
    return value


def add(
    conn: sqlite3.Connection,
    youth: Youth,
    *,
    what: str | None,
    owner: str,
    due: str,
    goal: str | None = None,
    meeting: str | None = None,
    today: date,
) -> int:
    """Validate everything, then store one open agreement. Returns its id."""
    from efter.core import goals, meetings

    text = what_text(what)
    due_day = parse_date(due, field="due")
    meetings.check_open_case(youth, N_("make agreements"))
    meeting_row = meetings.theirs(conn, youth, meeting) if meeting is not None else None
    on = date.fromisoformat(meeting_row["starts"][:10]) if meeting_row else today
    person = persons.resolve(conn, youth, owner, max(on, today) if not meeting_row else on)
    goal_id = goals.theirs(conn, youth, goal, "goal")["id"] if goal is not None else None
    (new_id,) = insert_many(
        conn,
        [
            (youth.id, {
                "what": text, "owner": person.kind, "owner_member_id": person.member_id,
                "due": due_day.isoformat(), "goal_id": goal_id,
                "meeting_id": meeting_row["id"] if meeting_row else None,
            })
        ],
    )  # fmt: skip
    return new_id


_INSERT = (
    "INSERT INTO agreement (youth_id, what, owner, owner_member_id, due, first_due, goal_id, "
    "meeting_id, status, done_on, drop_reason, created, updated) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# The history an import writes when it changes an agreement's status, as the commands would.
_EVENT_OF_STATUS = {"done": "kept", "dropped": "dropped", "open": "reopened"}


def insert_many(
    conn: sqlite3.Connection, agreements: Iterable[tuple[int, dict[str, Any]]]
) -> list[int]:
    """The one way agreements are stored (add, import): (youth id, a checked record: what,
    owner, owner_member_id, due, and optionally goal_id, meeting_id, status, done_on,
    drop_reason, created: when it was made, for one an import says was made before) in one
    executemany; the first due date is the due date. Returns the new ids in order."""
    stamp = clock.timestamp()
    return insert_rows(
        conn,
        "agreement",
        _INSERT,
        (
            (youth_id, r["what"], r["owner"], r["owner_member_id"], r["due"], r["due"],
             r.get("goal_id"), r.get("meeting_id"), r.get("status") or "open", r.get("done_on"),
             r.get("drop_reason"), r.get("created") or stamp, stamp)
            for youth_id, r in agreements
        ),
    )  # fmt: skip


def update_many(
    conn: sqlite3.Connection,
    changes: Iterable[tuple[int, dict[str, tuple[Any, Any]]]],
    on: date | None,
    note: str | None = None,
    *,
    meeting_id: int | None = None,
) -> None:
    """The one way agreements change ('efter agreement done|move|drop|edit', a meeting's
    follow-up, import --update): for each (agreement id, {field: (old, new)}) the new values
    and the time, one executemany per set of changed fields.

    With a day `on` the change is a follow-up and keeps its history (agreement_event) as the
    meetings and 'efter agreement history' show it: a new due date is 'moved' (the old and the
    new date), a new status 'kept', 'dropped' or 'reopened' (with the due date as it then
    stood), each dated `on`, with `note` and the meeting it was followed up at. A move comes
    before a new status. With on=None it is a correction ('efter agreement edit'): no
    follow-up; the caller keeps the edit (efter.core.edits.record)."""
    changes = list(changes)
    update_rows(conn, "agreement", new_values(changes), stamped=True)
    if on is None:
        return
    day = on.isoformat()
    moved = [
        (i, meeting_id, "moved", day, *diff["due"], note) for i, diff in changes if "due" in diff
    ]
    status = [(i, _EVENT_OF_STATUS[diff["status"][1]]) for i, diff in changes if "status" in diff]
    due: dict[int, str] = {}
    if status:
        due = dict(
            conn.execute(
                "SELECT id, due FROM agreement WHERE id IN (SELECT value FROM json_each(?))",
                (ids_param(sorted({i for i, _ in status})),),
            ).fetchall()
        )
    _events(
        conn,
        [*moved, *((i, meeting_id, event, day, due[i], None, note) for i, event in status)],
    )


def _events(conn: sqlite3.Connection, events: Iterable[tuple[Any, ...]]) -> None:
    """Follow-up kept: (agreement id, meeting id, event, on_date, old_due, new_due, note)."""
    conn.executemany(
        "INSERT INTO agreement_event (agreement_id, meeting_id, event, on_date, old_due, "
        "new_due, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
        events,
    )


def of_youth(conn: sqlite3.Connection, youth_id: int | None) -> list[sqlite3.Row]:
    """A young person's agreements, the newest record first (the importer compares with
    them). With None, everyone's, in the same order."""
    return records_of(conn, "agreement", youth_id, "id DESC")


def for_export(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Every agreement with its young person's ref and its owner's name, as an export lists
    them."""
    return iter(
        conn.execute(
            "SELECT agreement.*, youth.ref AS youth_ref, member.name AS member_name "
            "FROM agreement JOIN youth ON youth.id = agreement.youth_id "
            "LEFT JOIN member ON member.id = agreement.owner_member_id "
            "ORDER BY youth.ref, agreement.due, agreement.id"
        )
    )


@audit.reads
def get(conn: sqlite3.Connection, text: str) -> sqlite3.Row:
    key = text.strip()
    row = None
    if is_id(key):
        row = conn.execute("SELECT * FROM agreement WHERE id = ?", (int(key),)).fetchone()
    if row is None:
        raise NotFound(
            t("No agreement has the id '{key}': see 'efter agreement list' for the ids.", key=key)
        )
    return row


def _must_be_open(row: sqlite3.Row, doing: str) -> None:
    if row["status"] != "open":
        raise Conflict(
            t(
                "Agreement {id} is {status_label} already: only an open agreement can be {doing}.",
                id=row["id"],
                status_label=status_label(row["status"], language()).lower(),
                doing=t(doing),
            )
        )


def done(
    conn: sqlite3.Connection, row: sqlite3.Row, on: date, *, meeting_id: int | None = None
) -> None:
    _must_be_open(row, N_("marked as kept"))
    diff = {"status": (row["status"], "done"), "done_on": (row["done_on"], on.isoformat())}
    update_many(conn, [(row["id"], diff)], on, meeting_id=meeting_id)


def move(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    due: date,
    on: date,
    *,
    meeting_id: int | None = None,
    note: str | None = None,
) -> None:
    from efter.core.text import clean

    _must_be_open(row, N_("moved"))
    note = clean(note, "--note", lines=True)
    if due.isoformat() == row["due"]:
        raise InvalidInput(
            field="due",
            problem=t(
                "agreement {id} is already due on {due}", id=row["id"], due=day_text(row["due"])
            ),
            fix=t("give a new date"),
        )
    diff = {"due": (row["due"], due.isoformat())}
    update_many(conn, [(row["id"], diff)], on, note, meeting_id=meeting_id)


def drop(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    reason: str | None,
    on: date,
    *,
    meeting_id: int | None = None,
    require_reason: bool = True,
) -> None:
    from efter.core.text import clean

    _must_be_open(row, N_("dropped"))
    text = clean(reason, "--reason", lines=True)
    if require_reason and not text:
        raise InvalidInput(
            field="reason",
            problem=t("it is empty"),
            fix=t("say in a few words why agreement {id} is dropped", id=row["id"]),
        )
    diff = {"status": (row["status"], "dropped"), "drop_reason": (row["drop_reason"], text)}
    update_many(conn, [(row["id"], diff)], on, text, meeting_id=meeting_id)


# --- numbers and history ----------------------------------------------------------------


def numbers(conn: sqlite3.Connection, youth_id: int) -> dict[int, int]:
    """Agreement id -> its number on the young person's printouts: 1, 2, 3 ... by id among
    that young person's agreements (a database id means nothing to the people at a meeting)."""
    rows = conn.execute("SELECT id FROM agreement WHERE youth_id = ? ORDER BY id", (youth_id,))
    return {row[0]: n for n, row in enumerate(rows, start=1)}


class State(NamedTuple):
    status: str  # open, done, dropped
    due: str
    done_on: str | None
    moved: bool  # the due date had been moved by then


def state_on(row: sqlite3.Row, history: Sequence[sqlite3.Row], day: date) -> State:
    """The agreement as it stood at the end of `day`: its events up to that day replayed, so
    nothing that happened later shows (minutes of an old meeting stay as they were).

    An agreement whose events do not tell its whole story (imported as done or dropped) is
    read from the row: done on its done date, dropped on the day it was last changed."""
    status, due, done_on, moved = "open", row["first_due"], None, False
    replayed = {"status": "open", "due": row["first_due"]}
    for event in history:
        kind = event["event"]
        if kind == "moved" and event["new_due"]:
            replayed["due"] = event["new_due"]
        elif kind in ("kept", "dropped"):
            replayed["status"] = "done" if kind == "kept" else "dropped"
        elif kind == "reopened":
            replayed["status"] = "open"
        if event["on_date"] > day.isoformat():
            continue
        if kind == "moved" and event["new_due"]:
            due, moved = event["new_due"], True
        elif kind == "kept":
            status, done_on = "done", event["on_date"]
        elif kind == "dropped":
            status = "dropped"
        elif kind == "reopened":
            status, done_on = "open", None
    if replayed["status"] != row["status"]:  # events incomplete: trust the row's dates
        if row["status"] == "done" and row["done_on"] and row["done_on"] <= day.isoformat():
            status, done_on = "done", row["done_on"]
        elif row["status"] == "dropped" and row["updated"][:10] <= day.isoformat():
            status = "dropped"
    return State(status, due, done_on, moved)


# --- listing -----------------------------------------------------------------------------


def owner_of(conn: sqlite3.Connection, youth: Youth, row: sqlite3.Row) -> persons.Person:
    return persons.stored(conn, youth, row["owner"], row["owner_member_id"])


def list_agreements(
    conn: sqlite3.Connection,
    youth: Youth | None,
    *,
    state: str = "open",
    owner: str | None = None,
    today: date,
) -> list[sqlite3.Row]:
    """state: open, overdue, done, dropped or all."""
    sql = "SELECT * FROM agreement WHERE 1"
    params: list[Any] = []
    if youth is not None:
        sql += " AND youth_id = ?"
        params.append(youth.id)
    if state in ("open", "done", "dropped"):
        sql += " AND status = ?"
        params.append(state)
    elif state == "overdue":
        sql += " AND status = 'open' AND due < ?"
        params.append(today.isoformat())
    elif state != "all":
        raise InvalidInput(
            t("'{state}' is not a state: give open, overdue, done, dropped or all.", state=state)
        )
    rows = conn.execute(sql + " ORDER BY due, id", params).fetchall()
    if owner is None:
        return rows
    if youth is not None:
        person = persons.resolve(conn, youth, owner, today)
        return [
            row
            for row in rows
            if row["owner"] == person.kind and row["owner_member_id"] == person.member_id
        ]
    key = " ".join(owner.casefold().split())
    kinds = {"youth"} if key in persons.YOUTH_WORDS else set()
    kinds |= {"coordinator"} if key in persons.COORDINATOR_WORDS else set()
    picked = []
    for row in rows:
        who = owner_of(conn, of_record(conn, row), row)
        if who.kind in kinds or " ".join(who.name.casefold().split()) == key:
            picked.append(row)
    return picked


def events(conn: sqlite3.Connection, row: sqlite3.Row | dict[str, Any]) -> list[sqlite3.Row]:
    """An agreement's follow-up (kept, moved, dropped, still open, reopened), oldest first."""
    return conn.execute(
        "SELECT * FROM agreement_event WHERE agreement_id = ? ORDER BY id", (row["id"],)
    ).fetchall()


def describe(conn: sqlite3.Connection, row: sqlite3.Row, today: date) -> dict[str, Any]:
    return describe_many(conn, [row], today)[0]


def describe_many(
    conn: sqlite3.Connection, rows: Sequence[sqlite3.Row], today: date
) -> list[dict[str, Any]]:
    """describe() for many agreements with four queries in all, not four per agreement."""
    youths = by_ids(conn, (row["youth_id"] for row in rows))
    members = persons.members_by_id(conn, (row["owner_member_id"] for row in rows))
    history: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
    if rows:
        for e in conn.execute(
            "SELECT * FROM agreement_event WHERE agreement_id IN "
            "(SELECT value FROM json_each(?)) ORDER BY id",
            (ids_param(sorted(history)),),
        ):
            history[e["agreement_id"]].append(
                {
                    "event": e["event"],
                    "on": e["on_date"],
                    "meeting_id": e["meeting_id"],
                    "old_due": e["old_due"],
                    "new_due": e["new_due"],
                    "note": e["note"],
                }
            )
    number: dict[int, int] = {}
    if rows:
        number = dict(
            conn.execute(
                "SELECT id, row_number() OVER (PARTITION BY youth_id ORDER BY id) FROM agreement "
                "WHERE youth_id IN (SELECT value FROM json_each(?))",
                (ids_param(sorted(youths)),),
            ).fetchall()
        )
    described = []
    for row in rows:
        youth = youths[row["youth_id"]]
        who = persons.stored(conn, youth, row["owner"], row["owner_member_id"], members)
        described.append(
            {
                "id": row["id"],
                "number": number.get(row["id"]),
                "youth_id": youth.id,
                "youth_ref": youth.ref,
                "youth_name": youth.name,
                "what": row["what"],
                "owner": row["owner"],
                "owner_member_id": row["owner_member_id"],
                "owner_name": who.name,
                "owner_role": who.role_label("en"),
                "due": row["due"],
                "first_due": row["first_due"],
                "overdue": row["status"] == "open" and row["due"] < today.isoformat(),
                "goal_id": row["goal_id"],
                "meeting_id": row["meeting_id"],
                "status": row["status"],
                "done_on": row["done_on"],
                "drop_reason": row["drop_reason"],
                "events": history[row["id"]],
            }
        )
    return described


# --- follow-up at a held meeting ---------------------------------------------------------


class Outcome(NamedTuple):
    row: sqlite3.Row
    event: str  # kept, moved, dropped, still-open
    new_due: date | None = None
    reason: str | None = None


def up_for_follow_up(
    conn: sqlite3.Connection, youth: Youth, meeting: sqlite3.Row, day: date
) -> list[sqlite3.Row]:
    """Open agreements due by the meeting's day, not made at this meeting."""
    return conn.execute(
        "SELECT * FROM agreement WHERE youth_id = ? AND status = 'open' AND due <= ? "
        "AND meeting_id IS NOT ? ORDER BY due, id",
        (youth.id, day.isoformat(), meeting["id"]),
    ).fetchall()


def _id_of(text: str, field: str) -> int:
    key = text.strip()
    if not is_id(key):
        raise InvalidInput(
            field=field,
            problem=t("'{text}' is not an agreement id", text=text),
            fix=t("give the number from 'efter agreement list'"),
        )
    return int(key)


def follow_up_plan(
    conn: sqlite3.Connection, youth: Youth, meeting: sqlite3.Row, day: date, follow: Any
) -> list[Outcome]:
    """Check the agreements kept, moved and dropped against the case; every other open
    agreement due by the meeting is recorded as still open. Nothing is written here."""
    chosen: dict[int, Outcome] = {}

    def pick(agreement_id: int, field: str) -> sqlite3.Row:
        if agreement_id in chosen:
            raise InvalidInput(
                t(
                    "Agreement {agreement_id} is given twice: name it once.",
                    agreement_id=agreement_id,
                )
            )
        row = conn.execute("SELECT * FROM agreement WHERE id = ?", (agreement_id,)).fetchone()
        if row is None or row["youth_id"] != youth.id:
            raise NotFound(
                field=field,
                problem=t(
                    "{label} has no agreement with the id {agreement_id}",
                    label=youth.label,
                    agreement_id=agreement_id,
                ),
                fix=t("see 'efter agreement list {id}'", id=youth.id),
            )
        if row["status"] != "open":
            raise Conflict(
                field=field,
                problem=t(
                    "agreement {agreement_id} is {status_label} already",
                    agreement_id=agreement_id,
                    status_label=status_label(row["status"], language()).lower(),
                ),
                fix=t("leave it out"),
            )
        return row

    for text in follow.kept:
        agreement_id = _id_of(text, "kept")
        chosen[agreement_id] = Outcome(pick(agreement_id, "kept"), "kept")
    for text in follow.moved:
        key, _, when = text.partition("=")
        if not when.strip():
            raise InvalidInput(
                field="moved",
                problem=t("'{text}' does not say the new due date", text=text),
                fix=phrase("write ID=DATE, e.g. {moved} 4=2027-02-01", "moved"),
            )
        agreement_id = _id_of(key, "moved")
        row = pick(agreement_id, "moved")
        new_due = parse_date(when, field="moved")
        if new_due <= day:
            raise InvalidInput(
                field="moved",
                problem=t(
                    "the new due date {new_due} for agreement {agreement_id} is not after the "
                    "meeting on {day}",
                    new_due=day_text(new_due),
                    agreement_id=agreement_id,
                    day=day_text(day),
                ),
                fix=t("give a later date"),
            )
        chosen[agreement_id] = Outcome(row, "moved", new_due=new_due)
    for text in follow.dropped:
        key, _, reason = text.partition("=")
        agreement_id = _id_of(key, "dropped")
        chosen[agreement_id] = Outcome(
            pick(agreement_id, "dropped"), "dropped", reason=reason.strip() or None
        )
    plan = list(chosen.values())
    for row in up_for_follow_up(conn, youth, meeting, day):
        if row["id"] not in chosen:
            plan.append(Outcome(row, "still-open"))
    return sorted(plan, key=lambda o: (o.row["due"], o.row["id"]))


def apply_follow_up(
    conn: sqlite3.Connection, youth: Youth, meeting: sqlite3.Row, day: date, plan: list[Outcome]
) -> list[dict[str, Any]]:
    out = []
    for item in plan:
        row = item.row
        if item.event == "kept":
            done(conn, row, day, meeting_id=meeting["id"])
        elif item.event == "moved":
            assert item.new_due is not None
            move(conn, row, item.new_due, day, meeting_id=meeting["id"])
        elif item.event == "dropped":
            drop(conn, row, item.reason, day, meeting_id=meeting["id"], require_reason=False)
        else:
            _events(
                conn,
                [(row["id"], meeting["id"], "still-open", day.isoformat(), row["due"], None, None)],
            )
        who = owner_of(conn, youth, row)
        out.append(
            {
                "id": row["id"],
                "what": row["what"],
                "owner_name": who.name,
                "due": row["due"],
                "outcome": item.event,
                "new_due": item.new_due.isoformat() if item.new_due else None,
                "reason": item.reason,
            }
        )
    return out


def followed_up_at(conn: sqlite3.Connection, meeting_id: int) -> list[sqlite3.Row]:
    """The follow-up kept with a meeting: each agreement and what became of it."""
    return conn.execute(
        "SELECT e.event, e.old_due, e.new_due, e.note, a.* FROM agreement_event e "
        "JOIN agreement a ON a.id = e.agreement_id WHERE e.meeting_id = ? ORDER BY e.id",
        (meeting_id,),
    ).fetchall()


def made_by(conn: sqlite3.Connection, youth_id: int, day: date) -> list[sqlite3.Row]:
    """A young person's agreements made on or before `day`, oldest first."""
    return conn.execute(
        "SELECT * FROM agreement WHERE youth_id = ? AND date(created) <= ? ORDER BY id",
        (youth_id, day.isoformat()),
    ).fetchall()


def made_at(conn: sqlite3.Connection, meeting_id: int) -> list[sqlite3.Row]:
    """The agreements made at a meeting, soonest due first."""
    return conn.execute(
        "SELECT * FROM agreement WHERE meeting_id = ? ORDER BY due, id", (meeting_id,)
    ).fetchall()


def open_for(conn: sqlite3.Connection, youth_id: int) -> list[sqlite3.Row]:
    """A young person's open agreements, soonest due first."""
    return conn.execute(
        "SELECT * FROM agreement WHERE youth_id = ? AND status = 'open' ORDER BY due, id",
        (youth_id,),
    ).fetchall()
