"""Consent as a record: what may be shared about a young person, with whom, given by whom,
from when until when (GDPR art. 6(1)(a) and 9(2)(a), databeskyttelsesloven).

A consent names parties (team or network members on the case) and kinds of information
(`vocab.CONSENT_AREAS`). It is in force from `starts` to `until` (both days included), unless
it was withdrawn (not in force from that day on) or, when a parent gave it, the young person
has turned 18 (not in force from the 18th birthday on; born 29 February: 1 March in other
years). A withdrawn or ended consent stays on file as history.
"""

import sqlite3
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from efter.core import audit, clock, persons, vocab
from efter.core.casefile import ids_param, update_rows
from efter.core.dates import add_months, age_on, not_before
from efter.core.errors import InvalidInput, NotFound, UsageMistake, phrase
from efter.core.i18n import N_, day_text, language, t
from efter.core.text import check as check_text
from efter.core.youth import Youth

DEFAULT_MONTHS = 12
WARN_MONTHS = 1  # efter due warns this long before a consent ends
PARENT_WORDS = (
    "parent", "forælder", "foraelder", "forældre", "forældremyndighedsindehaver", "mor", "far",
    "mother", "father",
)  # fmt: skip
STATES = {
    "in-force": ("Gælder", "In force"),
    "not-yet": ("Gælder endnu ikke", "Not yet in force"),
    "expired": ("Udløbet", "Expired"),
    "lapsed": ("Bortfaldet ved 18 år", "Lapsed at 18"),
    "withdrawn": ("Trukket tilbage", "Withdrawn"),
}


def eighteenth(born: date) -> date:
    """The 18th birthday: the first day the young person is 18 (age_on counts a 29 February
    birthday on 1 March in other years)."""
    day = add_months(born, 18 * 12)
    return day if age_on(born, day) >= 18 else day + timedelta(days=1)


def last_day(row: sqlite3.Row | dict[str, Any], born: date) -> tuple[date, str]:
    """The last day the consent is in force, and why it ends then: 'until', 'lapsed' (a
    parent's consent at 18) or 'withdrawn'."""
    end, why = date.fromisoformat(row["until"]), "until"
    if row["given_by"] == "parent":
        lapse = eighteenth(born) - timedelta(days=1)
        if lapse < end:
            end, why = lapse, "lapsed"
    if row["withdrawn"]:
        withdrawn = date.fromisoformat(row["withdrawn"]) - timedelta(days=1)
        if withdrawn < end:
            end, why = withdrawn, "withdrawn"
    return end, why


def state(row: sqlite3.Row | dict[str, Any], born: date, on: date) -> str:
    end, why = last_day(row, born)
    if on > end:
        return "expired" if why == "until" else why
    if on.isoformat() < row["starts"]:
        return "withdrawn" if why == "withdrawn" else "not-yet"
    return "in-force"


# --- giving and withdrawing ----------------------------------------------------------------


def _party(conn: sqlite3.Connection, youth: Youth, text: str, on: date) -> sqlite3.Row:
    """A team or network member on the case by id or name, or by a role that exactly one
    current member has."""
    try:
        person = persons.resolve(conn, youth, text, on, what="party")
    except NotFound:
        for side, terms in persons.ROLES.items():
            try:
                role = vocab.lookup(terms, text, "role", "--to").code
            except InvalidInput:
                continue
            holders = [
                row
                for row in persons.current_members(conn, youth, on)
                if row["side"] == side and row["role"] == role
            ]
            if len(holders) == 1:
                return holders[0]
            if len(holders) > 1:
                ids = ", ".join(str(row["id"]) for row in holders)
                raise InvalidInput(
                    field="to",
                    problem=t(
                        "'{text}' is the role of several people on the case of {label} (ids {ids})",
                        text=text.strip(),
                        label=youth.label,
                        ids=ids,
                    ),
                    fix=t("consent is given per person, so give each one's id or name"),
                ) from None
        raise
    if person.kind != "member":
        raise InvalidInput(
            field="to",
            problem=t("'{text}' is not a party to share with", text=text.strip()),
            fix=t(
                "give a team or network member (the young person and the coordinator are not "
                "parties to a consent)"
            ),
        )
    row: sqlite3.Row = conn.execute(
        "SELECT * FROM member WHERE id = ?", (person.member_id,)
    ).fetchone()
    return row


def _given_by(conn: sqlite3.Connection, youth: Youth, text: str | None) -> tuple[str, str | None]:
    """('youth', None) or ('parent', the parent's name or None)."""
    value = check_text((text or "").strip(), "--by")
    key = " ".join(value.casefold().split())
    if not key or key in persons.YOUTH_WORDS or key == " ".join(youth.name.casefold().split()):
        return "youth", None
    if key in PARENT_WORDS:
        return "parent", None
    network = [
        row["name"]
        for row in conn.execute(
            "SELECT name FROM member WHERE youth_id = ? AND side = 'network' ORDER BY id",
            (youth.id,),
        )
    ]
    folded = {name: " ".join(name.casefold().split()) for name in network}
    exact = [name for name in network if folded[name] == key]
    starts = [name for name in network if folded[name].startswith(key)]
    if exact or len(starts) == 1:
        return "parent", (exact or starts)[0]  # a parent in the network, by name
    return "parent", value


def give(
    conn: sqlite3.Connection,
    youth: Youth,
    parties: list[str],
    areas: list[str],
    *,
    by: str | None = None,
    starts: date | None = None,
    until: date | None = None,
    health_to_network: bool = False,
    note: str | None = None,
) -> int:
    """Record a consent; returns its id. Everything is checked before anything is written."""
    if youth.status == "closed":
        raise InvalidInput(
            t(
                "The case of {label} is closed: reopen it before recording a consent.",
                label=youth.label,
            )
        )
    today = clock.today()
    starts = starts or today
    until = until or add_months(starts, DEFAULT_MONTHS) - timedelta(days=1)
    not_before(until, starts, "until")
    if until > add_months(starts, 5 * 12):
        raise InvalidInput(
            field="until",
            problem=t(
                "{until} is more than five years after the first day in force",
                until=day_text(until),
            ),
            fix=t(
                "a consent must have a period the young person can see the end of; give an "
                "earlier date"
            ),
        )
    born = date.fromisoformat(youth.born)
    given_by, parent_name = _given_by(conn, youth, by)
    if given_by == "parent" and starts >= eighteenth(born):
        raise InvalidInput(
            field="by",
            problem=t(
                "{name} is 18 or older on {starts}, so only the young person can give consent now",
                name=youth.name,
                starts=day_text(starts),
            ),
            fix=t("leave it out, or give youth"),
        )
    if not parties:
        raise UsageMistake(
            field="to",
            problem=t("no party is named"),
            fix=t(
                "give a team or network member's id or name (see 'efter team list {id}' and "
                "'efter network list {id}')",
                id=youth.id,
            ),
        )
    if not areas:
        known = ", ".join(t.code for t in vocab.CONSENT_AREAS)
        raise UsageMistake(
            field="about",
            problem=t("no kind of information is named"),
            fix=t("give one or more of {known}, or all", known=known),
        )
    members: dict[int, sqlite3.Row] = {}
    for text in parties:
        row = _party(conn, youth, text, today)
        members[row["id"]] = row
    codes: list[str] = []
    for text in areas:
        if text.strip().casefold() in ("all", "alle"):
            codes += [t.code for t in vocab.CONSENT_AREAS]
            continue
        codes.append(
            vocab.lookup(vocab.CONSENT_AREAS, text, N_("kind of information"), "--about").code
        )
    codes = [t.code for t in vocab.CONSENT_AREAS if t.code in codes]  # the list's order
    health = [c for c in codes if c in vocab.HEALTH_AREAS]
    network = [row for row in members.values() if row["side"] == "network"]
    if health and network and not health_to_network:
        raise InvalidInput(  # a sentence: a name is shown as it is written
            phrase(
                "{name} is in the private network, which has no duty of confidentiality, and "
                "'{label}' is health information: record it for professionals only, or add "
                "{health_to_network} if the young person wants the network told.",
                "health_to_network",
                name=network[0]["name"],
                label=vocab.label(vocab.CONSENT_AREAS, health[0], language()),
            )
        )
    if health_to_network and given_by == "parent":
        raise InvalidInput(
            field="health_to_network",
            problem=t(
                "only the young person can agree that health information goes to the private "
                "network"
            ),
            fix=t("leave it out, or record the young person's own consent"),
        )
    if note is not None:
        note = check_text(note.strip(), "--note") or None
    cursor = conn.execute(
        "INSERT INTO consent (youth_id, given_by, parent_name, starts, until, "
        "health_to_network, note, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (youth.id, given_by, parent_name, starts.isoformat(), until.isoformat(),
         int(health_to_network), note, clock.timestamp()),
    )  # fmt: skip
    consent_id = int(cursor.lastrowid or 0)
    conn.executemany(
        "INSERT INTO consent_party (consent_id, member_id) VALUES (?, ?)",
        [(consent_id, member_id) for member_id in sorted(members)],
    )
    conn.executemany(
        "INSERT INTO consent_area (consent_id, area) VALUES (?, ?)",
        [(consent_id, code) for code in codes],
    )
    return consent_id


@audit.reads
def get(conn: sqlite3.Connection, consent_id: str) -> sqlite3.Row:
    row = None
    if consent_id.strip().isdigit():
        row = conn.execute("SELECT * FROM consent WHERE id = ?", (int(consent_id),)).fetchone()
    if row is None:
        raise NotFound(
            t(
                "No consent has the id '{consent_id}': see 'efter consent list' for the ids.",
                consent_id=consent_id.strip(),
            )
        )
    return row


def withdraw(conn: sqlite3.Connection, row: sqlite3.Row, on: date) -> None:
    """Not in force from `on`; what was shared before is not recalled. The record stays."""
    if row["withdrawn"]:
        raise InvalidInput(
            t(
                "Consent {id} was already withdrawn on {withdrawn}: nothing to do.",
                id=row["id"],
                withdrawn=row["withdrawn"],
            )
        )
    if on > clock.today():
        raise InvalidInput(
            t(
                "The date {on} is in the future: record a withdrawal on the day the young person "
                "(or parent) withdrew the consent.",
                on=day_text(on),
            )
        )
    not_before(on, row["created"][:10], "date")  # a consent starts when it is recorded
    update_many(conn, [(row["id"], {"withdrawn": on.isoformat()})])


def update_many(conn: sqlite3.Connection, changes: list[tuple[int, dict[str, Any]]]) -> None:
    """The one way a recorded consent changes (what it covers never does: a new scope is a
    new consent): for each (consent id, {field: new value}), the withdrawal as `withdraw`
    checked it."""
    update_rows(conn, "consent", changes)


# --- reading -----------------------------------------------------------------------------


def records(
    conn: sqlite3.Connection, youths: list[Youth], on: date, lang: str = "en"
) -> dict[int, list[dict[str, Any]]]:
    """Every consent of these young people, oldest first, described, by youth id: three
    queries whatever their number."""
    ids = ids_param(y.id for y in youths)
    born = {y.id: date.fromisoformat(y.born) for y in youths}
    rows = conn.execute(
        "SELECT * FROM consent WHERE youth_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY youth_id, starts, id",
        (ids,),
    ).fetchall()
    parties: dict[int, list[dict[str, Any]]] = {}
    for party in conn.execute(
        "SELECT p.consent_id, m.id, m.name, m.role, m.side, m.organisation FROM consent_party p "
        "JOIN member m ON m.id = p.member_id JOIN consent c ON c.id = p.consent_id "
        "WHERE c.youth_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY m.side DESC, m.started, m.id",
        (ids,),
    ):
        parties.setdefault(party["consent_id"], []).append(
            {
                "member_id": party["id"],
                "name": party["name"],
                "side": party["side"],
                "role": party["role"],
                "role_label": vocab.label(persons.ROLES[party["side"]], party["role"], lang),
                "organisation": party["organisation"] or "",
            }
        )
    areas: dict[int, list[str]] = {}
    for area in conn.execute(
        "SELECT a.consent_id, a.area FROM consent_area a JOIN consent c ON c.id = a.consent_id "
        "WHERE c.youth_id IN (SELECT value FROM json_each(?))",
        (ids,),
    ):
        areas.setdefault(area["consent_id"], []).append(area["area"])
    order = {t.code: n for n, t in enumerate(vocab.CONSENT_AREAS)}
    out: dict[int, list[dict[str, Any]]] = {y.id: [] for y in youths}
    for row in rows:
        end, why = last_day(row, born[row["youth_id"]])
        codes = sorted(areas.get(row["id"], []), key=lambda c: order.get(c, 99))
        now = state(row, born[row["youth_id"]], on)
        out[row["youth_id"]].append(
            {
                "id": row["id"],
                "youth_id": row["youth_id"],
                "given_by": row["given_by"],
                "parent_name": row["parent_name"],
                "from": row["starts"],
                "until": row["until"],
                "last_day": end.isoformat(),
                "ends_because": why,
                "withdrawn": row["withdrawn"],
                "state": now,
                "state_label": STATES[now][0 if lang == "da" else 1],
                "health_to_network": bool(row["health_to_network"]),
                "parties": parties.get(row["id"], []),
                "areas": codes,
                "area_labels": [vocab.label(vocab.CONSENT_AREAS, c, lang) for c in codes],
                "note": row["note"] or "",
                "recorded": row["created"][:10],
            }
        )
    return out


def covered(conn: sqlite3.Connection, youth_id: int, on: date) -> set[int]:
    """The member ids a consent in force on `on` covers: who may be named in an agenda or a
    contract."""
    row = conn.execute("SELECT * FROM youth WHERE id = ?", (youth_id,)).fetchone()
    if row is None:
        return set()
    return covered_many(conn, [Youth(row)], on)[youth_id]


def covered_many(
    conn: sqlite3.Connection, youths: Iterable[Youth], on: date
) -> dict[int, set[int]]:
    """`covered()` for many young people in one query, by youth id."""
    people = list(youths)
    born = {y.id: date.fromisoformat(y.born) for y in people}
    out: dict[int, set[int]] = {y.id: set() for y in people}
    day = on.isoformat()
    for row in conn.execute(
        "SELECT c.youth_id, c.given_by, c.until, c.withdrawn, p.member_id FROM consent c "
        "JOIN consent_party p ON p.consent_id = c.id "
        "WHERE c.youth_id IN (SELECT value FROM json_each(?)) AND c.starts <= ? AND c.until >= ? "
        "AND (c.withdrawn IS NULL OR c.withdrawn > ?)",
        (ids_param(born), day, day, day),
    ):
        if row["given_by"] == "parent" and on >= eighteenth(born[row["youth_id"]]):
            continue
        out[row["youth_id"]].add(row["member_id"])
    return out


def ending(
    conn: sqlite3.Connection, today: date, coordinator: str | None = None
) -> list[dict[str, Any]]:
    """Consents in force today whose last day is within a month (efter due): those that
    expire, and parents' consents that lapse when the young person turns 18."""
    horizon = add_months(today, WARN_MONTHS)
    # Everyone's: the consents in force, each with its young person. One coordinator's: their
    # active young people from the index by status and coordinator (which holds the name, so
    # no other row is read; a CROSS JOIN keeps that order), then each one's consents through
    # consent_youth: 5.0 -> 0.5 ms at 10,000 young people, where their young people were found
    # by reading every active young person's row.
    joined, who = "consent c JOIN youth y ON y.id = c.youth_id", "y.status = 'active'"
    params: tuple[str, ...] = ()
    if coordinator:
        joined = "youth k CROSS JOIN youth y ON y.id = k.id CROSS JOIN consent c"
        joined += " ON c.youth_id = y.id"
        who, params = "k.status = 'active' AND k.coordinator = ? COLLATE NOCASE", (coordinator,)
    # A parent's consent lapses at 18: those born up to 18 years and a month ago may lapse.
    lapse_born = (add_months(horizon, -18 * 12) + timedelta(days=1)).isoformat()
    rows = conn.execute(
        "SELECT c.*, y.born, y.name AS youth_name, y.ref AS youth_ref "
        f"FROM {joined} WHERE {who} AND c.withdrawn IS NULL "
        "AND c.starts <= ? AND c.until >= ? "
        "AND (c.until <= ? OR (c.given_by = 'parent' AND y.born <= ?))",
        (*params, today.isoformat(), today.isoformat(), horizon.isoformat(), lapse_born),
    ).fetchall()
    out = []
    for row in rows:
        born = date.fromisoformat(row["born"])
        if state(row, born, today) != "in-force":
            continue
        end, why = last_day(row, born)
        if end > horizon:
            continue
        out.append(
            {
                "id": row["id"],
                "youth_id": row["youth_id"],
                "youth_ref": row["youth_ref"],
                "youth_name": row["youth_name"],
                "last_day": end.isoformat(),
                "reason": "lapses at 18" if why == "lapsed" else "expires",
                "days": (end - today).days,
            }
        )
    out.sort(key=lambda c: (c["last_day"], c["youth_name"], c["id"]))
    return out
