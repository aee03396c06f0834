"""What needs doing: meetings in the window, agreements due or overdue, young people with no
meeting planned in the next six months, and statutory dates missed or coming up.

Overdue means: an open agreement past its due date, a planned meeting whose day has passed
without being recorded as held, cancelled or a no-show, or a statutory deadline (ungeplan,
§ 111 decision) missed while the young person was enrolled.
"""

import re
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from efter.core import meetings, names, rules
from efter.core.casefile import ids_param
from efter.core.dates import add_months
from efter.core.errors import InvalidInput
from efter.core.i18n import t
from efter.core.rows import Rows
from efter.core.youth import Youth

NO_MEETING_MONTHS = 6
STATUTORY_LEAD_DAYS = 90

# (connection, young people with a signed contract) -> {youth id: None when the signed
# contract still matches, else {"id", "version", "signed", "state", "reason"}}.
ContractJudge = Callable[[sqlite3.Connection, list[Youth]], dict[int, dict[str, Any] | None]]


def parse_window(text: str, today: date) -> date:
    """'14d', '14', '3w', '2m' -> the last day of the window."""
    match = re.fullmatch(r"\s*(\d+)\s*([dwm]?)\s*", text.casefold())
    if not match:
        raise InvalidInput(
            field="within",
            problem=t("'{text}' is not a window", text=text.strip()),
            fix=t("write days, weeks or months, such as 14d, 3w or 2m"),
        )
    number, unit = int(match.group(1)), match.group(2) or "d"
    days = number * {"d": 1, "w": 7, "m": 31}[unit]
    if days > 3 * 366:
        raise InvalidInput(
            field="within",
            problem=t("{text} reaches more than three years ahead", text=text.strip()),
            fix=t("give a shorter window"),
        )
    if unit == "m":
        return add_months(today, number)
    return today + timedelta(days=number * (7 if unit == "w" else 1))


def report(
    conn: sqlite3.Connection,
    today: date,
    until: date,
    *,
    limit: int | None = None,
    coordinator: str | None = None,
    judge_contracts: ContractJudge,
    whole: bool = True,
    batch: int | None = None,
) -> dict[str, Any]:
    """Everything due, for active cases (of one coordinator when given). With a limit each
    list holds at most that many items, the first by date (by name for the no-meeting list);
    "totals" always counts them all, and "overdue" counts every overdue item.

    `judge_contracts` says whether each signed contract still matches its case; rendering
    is not the core's work, so the face passes it in (render.case_documents.stale_many).
    Not `whole`: each agreement with only what the tables show of it (_AGREEMENT_SHOWN).
    With a `batch` size, the long lists ("agreements", "no_meeting_planned" and
    "statutory_dates": 23,000, 8,600 and 2,500 at 10,000 young people) are each an iterator
    of Rows of at most that many, read as they are taken, once, inside the caller's
    transaction: a face writes each batch as it comes, so memory does not grow with the case
    file. Without, the first two are each one Rows and the statutory dates a list.

    Each list is one query with its LIMIT, so the work does not grow with the size of the
    case file beyond what SQLite's indexes do."""
    window_end = _start_of(until + timedelta(days=1))  # datetime(starts) < the next midnight
    who, params = _active(coordinator)
    capped = "" if limit is None else f" LIMIT {int(limit)}"

    meeting_sql = (
        f"FROM meeting m JOIN youth y ON y.id = m.youth_id WHERE m.status = 'planned' "
        f"AND datetime(m.starts) < ? AND {who}"
    )
    meeting_rows = conn.execute(
        f"SELECT m.* {meeting_sql} ORDER BY datetime(m.starts), m.id{capped}",
        (window_end, *params),
    ).fetchall()
    meeting_items = meetings.describe_many(conn, meeting_rows)
    for item in meeting_items:
        item["overdue"] = item["starts"][:10] < today.isoformat()

    # For one coordinator, their young people first (a few), each one's open agreements from
    # the index by young person, then the first by due sorted: in order of due through every
    # open agreement, looking up each one's young person, the planner read all 23,000 when
    # the coordinator has fewer than the limit due (10,000 young people: 44-77 -> 1 ms). Their
    # young people are found in the index by status and coordinator (`c`, which holds all it
    # asks), each one's row then read by id (`y`, for its name).
    joined, mine = "agreement a JOIN youth y ON y.id = a.youth_id", who
    if coordinator:
        joined = (
            "youth c CROSS JOIN youth y ON y.id = c.id CROSS JOIN agreement a ON a.youth_id = y.id"
        )
        mine = _active(coordinator, table="c")[0]
    agreement_items: Any = _agreements(
        conn, f"FROM {joined} LEFT JOIN member m ON m.id = a.owner_member_id "
        f"WHERE a.status = 'open' AND a.due <= ? AND {mine} ORDER BY a.due, a.id{capped}",
        (until.isoformat(), *params), today, whole, batch,
    )  # fmt: skip
    if batch is None:
        agreement_items = next(agreement_items)

    horizon = add_months(today, NO_MEETING_MONTHS)
    # In name order from the index that holds it (m026_youth_name_order), up to the limit,
    # rather than every active young person through the index by status, then sorted: the
    # first 25 of 10,000 in 0.2 ms instead of 10.
    scanned, _ = _active(coordinator, scan=True)
    no_meeting_sql = (
        f"FROM youth y WHERE {scanned} AND y.id NOT IN (SELECT m.youth_id FROM meeting m "
        "WHERE m.status = 'planned' AND m.starts >= ? AND m.starts < ?)"
    )
    no_meeting_params = (*params, today.isoformat(), (horizon + timedelta(days=1)).isoformat())
    by_name = f" ORDER BY {names.order_by(conn, 'y.name')}, y.id"
    # the day of each one's last held meeting: the last of theirs held in the index by young
    # person, status and start (one seek each; grouping the held meetings of the 8,595 listed
    # at 10,000 young people took 15 ms, the seeks 10)
    shown = (
        "SELECT y.id, y.ref, y.name, (SELECT substr(max(m.starts), 1, 10) FROM meeting m "
        "WHERE m.youth_id = y.id AND m.status = 'held')"
    )
    listed = f"{shown} {no_meeting_sql}{by_name}"
    if capped:  # the first ids by name from an index that holds the names, then their rows
        first = f"SELECT y.id {no_meeting_sql}{by_name}{capped}"
        listed = f"{shown} FROM youth y WHERE y.id IN ({first}){by_name}"
    no_meeting: Any = _batches(
        conn, listed, no_meeting_params, batch,
        lambda rows: _columns(("youth_id", "youth_ref", "youth_name", "last_held"), rows),
    )  # fmt: skip
    if batch is None:
        no_meeting = next(no_meeting)

    lead = max(until, today + timedelta(days=STATUTORY_LEAD_DAYS))
    statutory, statutory_total, statutory_missed = _statutory(
        conn, today, lead, scanned, params, limit, batch
    )
    contracts = stale_contracts(conn, judge_contracts, coordinator)
    from efter.core.consent import ending  # consents that expire or lapse within a month

    consents = ending(conn, today, coordinator)
    # One count per kind gives the total and the overdue (always needed, for --check).
    meeting_total, meeting_overdue = conn.execute(
        f"SELECT count(*), coalesce(sum(datetime(m.starts) < ?), 0) {meeting_sql}",
        (_start_of(today), window_end, *params),
    ).fetchone()
    agreement_total, agreement_overdue = _count_agreements(conn, today, until, coordinator)
    totals = {
        "meetings": meeting_total,
        "agreements": agreement_total,
        "no_meeting_planned": _count_no_meeting(
            conn,
            who,
            params,
            no_meeting_params[len(params) :],
            None if batch is not None else len(no_meeting),
            limit,
        ),
        "statutory_dates": statutory_total,
        "contracts": len(contracts),
    }
    return {
        "today": today.isoformat(),
        "until": until.isoformat(),
        "statutory_until": lead.isoformat(),
        "meetings": meeting_items,
        "agreements": agreement_items,
        "no_meeting_planned": no_meeting,
        "statutory_dates": statutory,
        "contracts": contracts[:limit],
        "consents": consents,  # a month ahead only, so not cut to the limit
        "overdue": meeting_overdue + agreement_overdue + statutory_missed,
        "statutory_missed": statutory_missed,
        "totals": totals,
    }


# The agreements due, as agreements.describe_many() describes each (its keys, in its order),
# column by column: `efter due --json` lists every open agreement due (23,024 at 10,000 young
# people), and describing each as a dict, with its young person and its owner as objects,
# took most of the command's time. Each key's value as read, or None: made after reading.
_AGREEMENT = {
    "id": "a.id",
    # its place among its young person's agreements (a seek of the index by young person)
    "number": "(SELECT count(*) FROM agreement b WHERE b.youth_id = a.youth_id AND b.id <= a.id)",
    "youth_id": "a.youth_id",
    "youth_ref": "y.ref",
    "youth_name": "y.name",
    "what": "a.what",
    "owner": "a.owner",
    "owner_member_id": "a.owner_member_id",
    # persons.stored()'s, the coordinator with none on file named as it names them (bound)
    "owner_name": "CASE a.owner WHEN 'youth' THEN y.name WHEN 'coordinator' THEN "
    "coalesce(nullif(y.coordinator, ''), ?) ELSE m.name END",
    "owner_role": "m.side || ' ' || m.role",  # a member's; see _owner_roles()
    "due": "a.due",
    "first_due": "a.first_due",
    "overdue": None,  # due before today (every one is open)
    "goal_id": "a.goal_id",
    "meeting_id": "a.meeting_id",
    "status": None,  # 'open'
    "done_on": None,  # NULL while open (the table's CHECK)
    "drop_reason": "a.drop_reason",
}
# What the tables show of each agreement: only these are read for them.
_AGREEMENT_SHOWN = ("id", "youth_id", "youth_ref", "youth_name", "what", "owner_name", "due")


def _agreements(
    conn: sqlite3.Connection,
    sql: str,
    params: tuple[Any, ...],
    today: date,
    whole: bool,
    batch: int | None,
) -> Iterator[Rows]:
    """The open agreements `sql` finds (FROM: the agreement `a`, its young person `y` and
    its owner's member row `m`, to ORDER BY and LIMIT), each as agreements.describe_many()
    describes it: its number among its young person's agreements, its owner's name and role
    as persons.stored() gives them, and the events it went through; not `whole`: only what
    the tables show (_AGREEMENT_SHOWN) and "overdue". In Rows of `batch` of them (_batches)."""
    from efter.core.persons import unnamed_coordinator

    read = [
        key for key, value in _AGREEMENT.items() if value and (whole or key in _AGREEMENT_SHOWN)
    ]
    as_of = today.isoformat()

    def described(rows: list[tuple[Any, ...]]) -> Rows:
        found = _columns(read, rows).columns
        made: dict[str, list[Any]] = {"overdue": list(map(as_of.__gt__, found["due"]))}
        if whole:
            made["owner_role"] = _owner_roles(found["owner"], found["owner_role"])
            made["status"] = ["open"] * len(rows)
            made["done_on"] = [None] * len(rows)
        columns = {
            key: made[key] if key in made else found[key]
            for key in _AGREEMENT
            if key in made or key in found
        }
        if whole:
            columns["events"] = _events(conn, found["id"])
        return Rows(columns)

    selected = f"SELECT {', '.join(str(_AGREEMENT[key]) for key in read)} {sql}"
    # the select list's one parameter (owner_name's) comes before the statement's own
    return _batches(conn, selected, (unnamed_coordinator(), *params), batch, described)


def _batches(
    conn: sqlite3.Connection,
    sql: str,
    params: Sequence[Any],
    batch: int | None,
    made: Callable[[list[tuple[Any, ...]]], Rows],
) -> Iterator[Rows]:
    """made() of a statement's rows (plain tuples): without a `batch` size, of all of them at
    once (one Rows, however few); with one, of each `batch` of them as they are read, one
    statement fetched piece by piece (none when there are no rows), so that what is held
    does not grow with the case file."""
    reader = conn.cursor()
    reader.row_factory = None
    reader.execute(sql, params)
    if batch is None:
        yield made(reader.fetchall())
        return
    while rows := reader.fetchmany(batch):
        yield made(rows)


def _events(conn: sqlite3.Connection, ids: list[int]) -> list[list[dict[str, Any]]]:
    """The events of each of these agreements, in the order they happened."""
    events: list[list[dict[str, Any]]] = [[] for _ in ids]
    if not ids:
        return events
    # On a laptop the list leads, each id a seek in the index by agreement: as `IN (...)`,
    # SQLite first sorts the list into a temporary index (23,000 ids: 10 -> 2 ms). The
    # register's dialect knows the list as `IN (...)` only.
    listed = (
        "agreement_event WHERE agreement_id IN (SELECT value FROM json_each(?))"
        if _on_register(conn)
        else "json_each(?) CROSS JOIN agreement_event ON agreement_id = value"
    )
    at: dict[int, int] | None = None
    for agreement_id, *event in _tuples(
        conn,
        "SELECT agreement_id, event, on_date, meeting_id, old_due, new_due, note "
        f"FROM {listed} ORDER BY agreement_event.id",
        (ids_param(ids),),
    ):
        if at is None:  # most agreements have none
            at = dict(zip(ids, range(len(ids)), strict=True))
        events[at[agreement_id]].append(dict(zip(_EVENT_KEYS, event, strict=True)))
    return events


def _owner_roles(owners: list[str], members: list[str | None]) -> list[str]:
    """Each owner's role as describe_many() gives it (persons.Person.role_label in English):
    the young person's, the coordinator's, or a member's by their side and role ("side
    role"), each kind made once."""
    from efter.core.persons import Person

    def role(owner: str, member: str | None) -> str:
        side, code = member.split(" ", 1) if member else (None, owner)
        return Person(owner, None, "", code, side).role_label("en")

    owned = list(zip(owners, members, strict=True))
    roles = {kind: role(*kind) for kind in set(owned)}
    return list(map(roles.__getitem__, owned))


_EVENT_KEYS = ("event", "on", "meeting_id", "old_due", "new_due", "note")


def _tuples(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """A statement's rows as plain tuples (no sqlite3.Row made per row)."""
    reader = conn.cursor()
    reader.row_factory = None
    return reader.execute(sql, params).fetchall()


def _columns(keys: Sequence[str], rows: list[tuple[Any, ...]]) -> Rows:
    """Rows of these keys from a statement's rows (the values in the keys' order)."""
    values = list(map(list, zip(*rows, strict=True))) if rows else [[] for _ in keys]
    return Rows(dict(zip(keys, values, strict=True)))


def _start_of(day: date) -> str:
    """Midnight as SQLite's datetime() writes it, to compare with datetime(starts)."""
    return f"{day.isoformat()} 00:00:00"


def _active(
    coordinator: str | None, *, scan: bool = False, table: str = "y"
) -> tuple[str, tuple[str, ...]]:
    """The active young people (of one coordinator), of the youth table named `table`.
    `scan`: not through the index by status (`+`, which the register's dialect drops), where
    most active young people are read anyway: a pass over the table (the index costs a
    look-up of each row on top, 15-25 ms at 10,000 young people), or over another index (the
    names in order)."""
    status = f"+{table}.status" if scan else f"{table}.status"
    if coordinator:
        return f"{status} = 'active' AND {table}.coordinator = ? COLLATE NOCASE", (coordinator,)
    return f"{status} = 'active'", ()


def _count_agreements(
    conn: sqlite3.Connection, today: date, until: date, coordinator: str | None
) -> tuple[int, int]:
    """Open agreements due by `until`, and how many of them are overdue, on active cases.
    For everyone: all of them from the covering index, less those on closed cases (few); for
    one coordinator, and on a register (where a coordinator's role sees their own young
    people, and counting everyone's would read every open agreement to ask whether it may):
    from the young people, one seek each."""
    counted = "SELECT count(*), coalesce(sum(a.due < ?), 0) FROM youth y CROSS JOIN agreement a "
    counted += "ON a.youth_id = y.id WHERE a.status = 'open' AND a.due <= ? AND "
    window = (today.isoformat(), until.isoformat())
    if coordinator or _on_register(conn):
        who, params = _active(coordinator)
        total, overdue = conn.execute(counted + who, (*window, *params)).fetchone()
        return int(total), int(overdue)
    every, every_overdue = conn.execute(
        "SELECT count(*), coalesce(sum(due < ?), 0) FROM agreement "
        "WHERE status = 'open' AND due <= ?",
        window,
    ).fetchone()
    closed, closed_overdue = conn.execute(counted + "y.status = 'closed'", window).fetchone()
    return int(every - closed), int(every_overdue - closed_overdue)


def _on_register(conn: sqlite3.Connection) -> bool:
    """Whether `conn` is a register's (as names.order_by asks: a case file never loads the
    dialect, and without it no connection can be a register's)."""
    dialect = sys.modules.get("efter.core.dialect")
    return dialect is not None and bool(dialect.of(conn).shared)


def _count_no_meeting(
    conn: sqlite3.Connection,
    who: str,
    params: tuple[str, ...],
    window: tuple[str, ...],
    shown: int | None,
    limit: int | None,
) -> int:
    """How many active young people have no meeting planned in the window: all of them less
    those who have one (the few with a planned meeting, not a look-up for everyone). `shown`:
    how many are listed, when known before they are written (not in batches)."""
    if shown is not None and (limit is None or shown < limit):
        return shown
    active = conn.execute(f"SELECT count(*) FROM youth y WHERE {who}", params).fetchone()[0]
    planned = conn.execute(
        "SELECT count(DISTINCT m.youth_id) FROM meeting m JOIN youth y ON y.id = m.youth_id "
        f"WHERE m.status = 'planned' AND m.starts >= ? AND m.starts < ? AND {who}",
        (*window, *params),
    ).fetchone()[0]
    return int(active - planned)


_CANDIDATE = "SELECT y.id, y.ref, y.name, y.born, y.start, y.closed, y.legal_basis, y.placed_from "
_ON = tuple(f"y.{code}_on" for code in rules.CODES)  # the stored days (m024), in CODES' order
_SLACK = 4  # days of slack for month ends and 29 February in the birth-date bands

# A found date: (day, name, young person, its place in rules.CODES, judged, youth row), as
# found.sort() orders them; `judged` is a rules.judge record, or a code (a missed deadline,
# judged only when shown: _judged()).
Found = tuple[str, str, int, int, Any, Any]


def _statutory(
    conn: sqlite3.Connection,
    today: date,
    lead: date,
    who: str,
    params: tuple[str, ...],
    limit: int | None = None,
    batch: int | None = None,
) -> tuple[Any, int, int]:
    """Statutory dates missed (a deadline passed while the young person was enrolled, not
    met) or coming from today to lead, judged by rules.judge through
    deadlines.judged_dates, the one rule for every place that shows them (_coming(),
    _missed()). Every missed date is before today and every coming one from today, so the
    first `limit` by date are the missed ones first.
    Returns (the first `limit` by date, how many there are, how many of them are missed):
    a list of dicts, or with a `batch` size an iterator of Rows of that many, each described
    as it is taken (12,500 at 50,000 young people: their dicts were 6 MiB)."""
    stamp = rules.STORED_STAMP_SQL.format(y="y.")
    dated = f"y.{rules.STORED_STAMP} = {stamp}"  # the stored dates (m024) are the row's
    coming = _coming(conn, today, lead, who, params, dated)
    missed, missed_count = _missed(conn, today, who, params, dated, limit)
    found = coming + missed
    found.sort(key=itemgetter(0, 1, 2, 3))  # by day, name, young person, the dates' order
    if limit is not None:
        del found[limit:]
    as_of = today.isoformat()

    def described(chunk: list[Found]) -> list[tuple[Any, ...]]:
        return [
            (person["id"], person["ref"], person["name"], item.code, day, item.label_en,
             item.label_da, (item.on - today).days, item.status, item.kind, item.why_en)
            for day, _, _, _, judged, person in chunk
            for item in (_judged(judged, person, day, as_of),)
        ]  # fmt: skip

    total = len(coming) + missed_count
    if batch is None:
        listed = [dict(zip(_STATUTORY, row, strict=True)) for row in described(found)]
        return listed, total, missed_count
    batches = (
        _columns(_STATUTORY, described(found[start : start + batch]))
        for start in range(0, len(found), batch)
    )
    return batches, total, missed_count


# The keys of a statutory date listed, in their order.
_STATUTORY = ("youth_id", "youth_ref", "youth_name", "code", "date", "label", "label_da", "days",
              "status", "kind", "why")  # fmt: skip


def _coming(
    conn: sqlite3.Connection,
    today: date,
    lead: date,
    who: str,
    params: tuple[str, ...],
    dated: str,
) -> list[Found]:
    """The statutory dates from today to lead that are coming or to consider, judged.

    Finding whom to judge without reading everyone: each date is a birthday give or take a
    few months, so only those born in a narrow band per date (a few days' slack for month
    ends and 29 February) can have one coming; a placement started after 16 moves the
    ungeplan, so a band of placement starts too: one pass over the active young people.
    Then the exact dates decide: the stored ones (m024) where they are the row's (`dated`),
    else computed; what is recorded as met and the held meetings of those with one read
    after (deadlines.records_of)."""
    from efter.core.deadlines import evidence, records_of

    offsets = {  # months from birth, give or take (rules.date_of has the exact dates)
        "ungeplan": 16 * 12 + 3, "s111": 17 * 12 + 6, "adult": 18 * 12, "ungestotte_end": 23 * 12,
    }  # fmt: skip
    bands = [  # (code, first and last birth date) of each band
        (code, (add_months(today, -months) - timedelta(days=_SLACK)).isoformat(),
         (add_months(lead, -months) + timedelta(days=_SLACK)).isoformat())
        for code, months in offsets.items()
    ]  # fmt: skip
    placed_band = add_months(today, -3).isoformat(), add_months(lead, -3).isoformat()
    first, last = today.isoformat(), lead.isoformat()
    band_sql = " OR ".join(["y.born BETWEEN ? AND ?"] * len(bands))
    rows = conn.execute(
        f"{_CANDIDATE.rstrip()}, {dated} AS dated, {', '.join(_ON)} FROM youth y "
        f"WHERE {who} AND ({band_sql} OR y.placed_from BETWEEN ? AND ?)",
        (*params, *(day for _, *band in bands for day in band), *placed_band),
    ).fetchall()
    people: list[Any] = []  # those who have a date in the window
    codes: list[dict[str, date]] = []  # each one's dates in the window
    for row in rows:
        if row["dated"]:
            stored = ((code, row[f"{code}_on"]) for code in rules.CODES)
            mine = {code: date.fromisoformat(day) for code, day in stored if first <= day <= last}
        else:
            born, placed = row["born"], row["placed_from"]
            banded = {code for code, low, high in bands if low <= born <= high}
            if placed is not None and placed_band[0] <= placed <= placed_band[1]:
                banded.add("ungeplan")
            birth = date.fromisoformat(born)
            placed_from = date.fromisoformat(placed) if placed else None
            on_days = {code: rules.date_of(code, birth, placed_from) for code in banded}
            mine = {code: on for code, on in on_days.items() if first <= on.isoformat() <= last}
        if mine:
            people.append(row)
            codes.append(mine)
    recorded, held = records_of(conn, people)
    found: list[Found] = []
    order = rules.CODES.index
    for person, dates in zip(people, codes, strict=True):
        youth_id = person["id"]
        born = date.fromisoformat(person["born"])
        placed = date.fromisoformat(person["placed_from"]) if person["placed_from"] else None
        for code, on in dates.items():
            item = rules.judge(
                rules.StatutoryDate(code, on, *rules.LABELS[code]),
                person["legal_basis"],
                start=person["start"],
                closed=person["closed"],
                done=evidence(
                    code, on, recorded=recorded.get(youth_id, {}).get(code),
                    held=[h for h in held.get(youth_id, []) if h[0] <= first],
                    closed=person["closed"],
                ),
                as_of=today,
                placed_late=rules.placed_after_16(born, placed),
            )  # fmt: skip
            if item.status in ("coming", "consider"):  # a birthday acted on is handled
                found.append((on.isoformat(), person["name"], youth_id, order(code), item, person))
    return found


# _missed()'s kinds of a placed young person: a bit for each deadline missed (told in SQL),
# or _OTHER for one judged in Python (deadlines.missed_quickly).
_UNGEPLAN, _S111, _OTHER = 1, 2, 4
_DEADLINES = ("ungeplan", "s111")  # the dates that can be missed (deadlines.missed_quickly)


def _missed(
    conn: sqlite3.Connection,
    today: date,
    who: str,
    params: tuple[str, ...],
    dated: str,
    limit: int | None,
) -> tuple[list[Found], int]:
    """The deadlines missed by today: (the first `limit` of them by day, and every one with
    the same day as the last of those; how many there are). A missed date is a deadline
    (ungeplan or § 111) of a placed young person born long enough ago (the earliest
    deadline, the ungeplan, is three months after 16 or a later placement), passed while
    enrolled, not recorded as met by today, and for the ungeplan no milestone meeting at 16
    held by today: deadlines.missed_quickly's rule.

    Told in SQL from the stored days where they are the row's and no held milestone meeting
    lacks its milestone (whose milestone missed_quickly tells by its date): one pass over the
    placed young people that reads a row only of who missed one, the young person, a bit a
    deadline and its day, no name; the rows of the first `limit` by day read after. At
    10,000 young people 2,018 missed, 1,468 rows, and 25 read in full, where judging every
    placed young person born long enough ago in Python read 2,133 full rows (_statutory's
    own work 40 -> 20 ms). The others (a milestone meeting to tell by its date, or stored
    dates not the row's: few) are judged by missed_quickly, as they were."""
    from efter.core.deadlines import milestone_of, missed_quickly

    first = today.isoformat()
    born_by = (add_months(today, -(16 * 12 + 3)) + timedelta(days=_SLACK)).isoformat()

    def passed(code: str, bit: int, also: str = "") -> str:
        on = f"y.{code}_on"
        return (
            f"CASE WHEN {on} < ? AND {on} >= y.start AND (y.closed IS NULL OR {on} <= y.closed) "
            "AND NOT EXISTS (SELECT 1 FROM deadline_met d WHERE d.youth_id = y.id "
            f"AND d.code = '{code}' AND d.met_on <= ?){also} THEN {bit} ELSE 0 END"
        )

    sixteen = (  # a milestone meeting at 16 held by today meets the ungeplan
        " AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.youth_id = y.id AND m.status = 'held' "
        "AND m.kind = 'milestone' AND m.milestone = '16' AND date(m.starts) <= ?)"
    )
    unlabelled = (
        "SELECT m.youth_id FROM meeting m WHERE m.status = 'held' AND m.kind = 'milestone' "
        "AND (m.milestone IS NULL OR m.milestone = '')"
    )
    kind = (
        f"CASE WHEN {dated} AND y.id NOT IN ({unlabelled}) THEN "
        f"{passed('ungeplan', _UNGEPLAN, sixteen)} + {passed('s111', _S111)} ELSE {_OTHER} END"
    )
    placed = '["' + '","'.join(rules.PLACED) + '"]'
    reader = conn.cursor()
    reader.row_factory = None  # plain tuples
    days: list[tuple[str, int, str]] = []  # (day, young person, code) told in SQL
    others: list[int] = []
    # Only the rows with a deadline passed while enrolled, or whose stored dates are not
    # theirs, are worked out further (1,468 of 4,538 placed at 10,000 young people): 15 -> 12
    # ms for the statement.
    passing = " OR ".join(f"(y.{code}_on < ? AND y.{code}_on >= y.start)" for code in _DEADLINES)
    for youth_id, bits, ungeplan, s111 in reader.execute(
        f"SELECT y.id, {kind}, y.ungeplan_on, y.s111_on FROM youth y WHERE {who} "
        "AND y.born <= ? AND y.legal_basis IN (SELECT value FROM json_each(?)) "
        f"AND ({passing} OR ({dated}) IS NOT TRUE)",
        (first, first, first, first, first, *params, born_by, placed, first, first),
    ):
        if not bits:
            continue
        if bits == _OTHER:
            others.append(youth_id)
            continue
        if bits & _UNGEPLAN:
            days.append((ungeplan, youth_id, "ungeplan"))
        if bits & _S111:
            days.append((s111, youth_id, "s111"))
    count = len(days)
    if limit is not None and count > limit:  # those that may be among the first `limit`
        cut = sorted(map(itemgetter(0), days))[limit - 1]
        days = [found for found in days if found[0] <= cut]
    ids = ids_param(sorted({youth_id for _, youth_id, _ in days}.union(others)))
    rows = {
        row["id"]: row
        for row in conn.execute(
            f"{_CANDIDATE.rstrip()}, {dated} AS dated, y.ungeplan_on, y.s111_on FROM youth y "
            "WHERE y.id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
    }
    order = rules.CODES.index
    found: list[Found] = [
        (day, rows[youth_id]["name"], youth_id, order(code), code, rows[youth_id])
        for day, youth_id, code in days
    ]
    # The others: what is recorded and their held milestone meetings, two queries.
    others_ids = ids_param(others)
    recorded: dict[int, dict[str, str]] = {}
    for youth_id, code, met_on in conn.execute(
        "SELECT youth_id, code, met_on FROM deadline_met "
        "WHERE youth_id IN (SELECT value FROM json_each(?))",
        (others_ids,),
    ):
        recorded.setdefault(youth_id, {})[code] = met_on
    stones: dict[int, list[tuple[str, str | None]]] = {}
    for youth_id, day, milestone in conn.execute(
        "SELECT youth_id, date(starts), milestone FROM meeting "
        "WHERE youth_id IN (SELECT value FROM json_each(?)) AND status = 'held' "
        "AND kind = 'milestone'",
        (others_ids,),
    ):
        stone = milestone_of("milestone", milestone, rows[youth_id]["born"], day)
        stones.setdefault(youth_id, []).append((day, stone))
    nothing: dict[str, str] = {}
    for youth_id in others:
        person = rows[youth_id]
        stored = (person["ungeplan_on"], person["s111_on"]) if person["dated"] else None
        for code, day in missed_quickly(
            person, recorded.get(youth_id, nothing), stones.get(youth_id, ()), first, stored
        ):
            found.append((day, person["name"], youth_id, order(code), code, person))
            count += 1
    return found, count


def _judged(judged: Any, person: Any, day: str, today: str) -> Any:
    """A found date as rules.judge gives it: those found missed (_missed) are judged only
    when shown (a code, not yet a judged record), on their day (ISO) as found, the one
    rules.date_of gives (the stored day where it is the row's, else computed): judged as
    rules.judge does, without working the date out again (2,000 missed at 10,000 young
    people: 14 -> 5 ms). Only the ungeplan's rule asks whether the placement began after 16."""
    if not isinstance(judged, str):
        return judged
    placed = person["placed_from"]
    late = judged == "ungeplan" and rules.placed_after_16(
        date.fromisoformat(person["born"]), date.fromisoformat(placed) if placed else None
    )
    return rules.judged(
        rules.StatutoryDate(judged, date.fromisoformat(day), *rules.LABELS[judged]),
        day,
        rules.applies(judged, person["legal_basis"], placed_late=late),
        person["start"],
        person["closed"],
        (),
        today,
    )


def stale_contracts(
    conn: sqlite3.Connection, judge: ContractJudge, coordinator: str | None = None
) -> list[dict[str, Any]]:
    """Signed contracts that no longer match a fresh render of the case ('changed'), or that
    could not be rendered again to check ('unchecked', with the reason). Only active young
    people with a signed contract are rendered: one query finds them."""
    who, params = _active(coordinator)
    signed = conn.execute(  # from the contracts (often none), each young person by id
        "SELECT y.* FROM (SELECT DISTINCT youth_id FROM contract WHERE signed IS NOT NULL) "
        f"AS c CROSS JOIN youth y ON y.id = c.youth_id WHERE {who} "
        f"ORDER BY {names.order_by(conn, 'y.name')}, y.id",
        params,
    ).fetchall()
    if not signed:
        return []
    people = [Youth(row) for row in signed]
    states = judge(conn, people)  # one batch render for all of them
    return [
        {"youth_id": youth.id, "youth_ref": youth.ref, "youth_name": youth.name, **state}
        for youth in people
        if (state := states[youth.id]) is not None
    ]
