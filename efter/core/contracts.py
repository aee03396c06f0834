"""The collaboration contract (samarbejdskontrakt): what goes into it, and its saved versions.

`context()` gathers everything a contract (and the consent form and network map) shows from the
case file: it depends only on stored data, never on today's date, so the same case renders the
same text tomorrow and a saved version can be compared with a fresh render (staleness).
Rendering itself lives in efter/render (this module knows no Jinja).
"""

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple

from efter.core import audit, clock, vocab
from efter.core.casefile import ids_param, update_rows
from efter.core.dates import not_before
from efter.core.errors import Conflict, InvalidInput, NotFound
from efter.core.i18n import day_text, t
from efter.core.settings import for_coordinator
from efter.core.text import is_id
from efter.core.youth import Youth

COORDINATOR = vocab.Term(
    "koordinator", "Koordinator", "Coordinator", ("coordinator", "tværgående koordinator")
)
OBLIGATION_ROLES = (COORDINATOR, *vocab.TEAM_ROLES)
FAMILY_ROLES = ("mor", "far", "søskende", "bedsteforælder", "onkel-tante", "plejefamilie", "tidligere-plejefamilie", "værtsfamilie")  # fmt: skip


# --- handleforpligtelser ------------------------------------------------------------------


class Obligation(NamedTuple):  # not a dataclass: `youth show` loads this module
    role: str
    text: str


def parse_obligations(text: str, source: str) -> list[Obligation]:
    """Read an obligations file: one 'role: what this role does if ...' per line.

    Blank lines and lines starting with '#' are skipped; a line starting with whitespace
    continues the previous obligation. Roles are team roles or 'koordinator'.
    """
    out: list[Obligation] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if raw[:1].isspace() and out:
            last = out.pop()
            out.append(Obligation(last.role, f"{last.text} {line.strip()}"))
            continue
        role, sep, what = line.partition(":")
        if not sep or not what.strip():
            raise InvalidInput(
                t(
                    "Line {number} of {source} is not 'role: obligation': write the role, a colon "
                    "and what that role does.",
                    number=number,
                    source=source,
                )
            )
        try:
            term = vocab.lookup(OBLIGATION_ROLES, role, "role", "the line")
        except InvalidInput:
            codes = ", ".join(t.code for t in OBLIGATION_ROLES)
            raise InvalidInput(
                t(
                    "Line {number} of {source} names the role '{role}', which efter does not "
                    "know: use one of {codes}.",
                    number=number,
                    source=source,
                    role=role.strip(),
                    codes=codes,
                )
            ) from None
        out.append(Obligation(term.code, what.strip()))
    return out


# --- what a contract shows ----------------------------------------------------------------


def _person(row: sqlite3.Row, lang: str) -> dict[str, Any]:
    terms = vocab.TEAM_ROLES if row["side"] == "team" else vocab.NETWORK_ROLES
    return {
        "id": row["id"],
        "name": row["name"],
        "role": row["role"],
        "role_label": vocab.label(terms, row["role"], lang),
        "organisation": row["organisation"] or "",
        "phone": row["phone"] or "",
        "email": row["email"] or "",
        "note": row["note"] or "",
        "since": row["started"],
        "closeness": row["closeness"] or "",
        "closeness_label": vocab.label(vocab.CLOSENESS, row["closeness"], lang),
        "can_help": row["can_help"] or "",
        "group": (
            "team" if row["side"] == "team" else
            "family" if row["role"] in FAMILY_ROLES else "others"
        ),
    }  # fmt: skip


def context(
    conn: sqlite3.Connection,
    youth: Youth,
    lang: str,
    obligations: list[Obligation] | None = None,
) -> dict[str, Any]:
    """Everything the contract, consent form, network map and measures overview show."""
    return contexts(conn, [youth], lang, obligations)[youth.id]


def _ids(youths: list[Youth]) -> str:
    """The young people's ids as one JSON parameter (`IN (SELECT value FROM json_each(?))`):
    one statement per table whatever the number of young people, with no limit on it."""
    return ids_param(y.id for y in youths)


_IN_BATCH = "youth_id IN (SELECT value FROM json_each(?))"


def _grouped(rows: list[sqlite3.Row]) -> dict[int, list[sqlite3.Row]]:
    """Rows by youth_id, each group keeping the query's order."""
    out: dict[int, list[sqlite3.Row]] = {}
    for row in rows:
        out.setdefault(row["youth_id"], []).append(row)
    return out


def contexts(
    conn: sqlite3.Connection,
    youths: list[Youth],
    lang: str,
    obligations: list[Obligation] | None = None,
) -> dict[int, dict[str, Any]]:
    """`context()` for many young people at once, by youth id: one query per table for the
    whole batch (grouped here), so a batch render costs the same number of statements for
    one young person as for ten thousand."""
    return {youth.id: data for youth, data in iter_contexts(conn, youths, lang, obligations)}


def iter_contexts(
    conn: sqlite3.Connection,
    youths: list[Youth],
    lang: str,
    obligations: list[Obligation] | None = None,
) -> Iterator[tuple[Youth, dict[str, Any]]]:
    """`contexts()` one young person at a time, in the order given: the queries run now, each
    context is made when it is asked for (a batch of 10,000 holds one context at a time)."""
    ids = _ids(youths)
    label_col = "label_da" if lang == "da" else "label_en"
    # On the case: not ended, or ending later (a planned end). The only use of today's date.
    members = _grouped(
        conn.execute(
            f"SELECT * FROM member WHERE {_IN_BATCH} AND (ended IS NULL OR ended > ?) "
            "ORDER BY side, started, id",
            (ids, clock.today().isoformat()),
        ).fetchall()
    )
    area_rows = conn.execute("SELECT code, label_da, label_en, position FROM life_area").fetchall()
    areas = {row["code"]: row[label_col] for row in area_rows}
    positions = {row["code"]: row["position"] for row in area_rows}
    goals = _grouped(
        conn.execute(
            f"SELECT * FROM goal WHERE {_IN_BATCH} AND status != 'dropped' ORDER BY id", (ids,)
        ).fetchall()
    )
    # Numbered per young person as on every printout (agreements.numbers): by id among all of
    # that young person's agreements, dropped ones included, so a number never changes.
    agreement_rows = conn.execute(
        "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY youth_id ORDER BY id) "
        f"AS number FROM agreement WHERE {_IN_BATCH}) WHERE status != 'dropped' "
        "ORDER BY due, id",
        (ids,),
    ).fetchall()
    agreements = _grouped(agreement_rows)
    meetings = _grouped(
        conn.execute(
            f"SELECT * FROM meeting WHERE {_IN_BATCH} AND status = 'planned' ORDER BY starts, id",
            (ids,),
        ).fetchall()
    )
    measures = _grouped(
        conn.execute(
            f"SELECT * FROM measure WHERE {_IN_BATCH} ORDER BY started, id", (ids,)
        ).fetchall()
    )
    # Owners of agreements who have left the case: their stored name and role, in one query.
    current = {(m["youth_id"], m["id"]) for rows in members.values() for m in rows}
    gone = sorted(
        {
            int(row["owner_member_id"])
            for row in agreement_rows
            if row["owner"] not in ("youth", "coordinator")
            and (row["youth_id"], row["owner_member_id"]) not in current
        }
    )
    former: dict[int, sqlite3.Row] = {}
    if gone:
        former = {
            row["id"]: row
            for row in conn.execute(
                "SELECT * FROM member WHERE id IN (SELECT value FROM json_each(?))",
                ("[" + ",".join(map(str, gone)) + "]",),
            )
        }
    from efter.core import consent, settings

    today = clock.today()
    consents = consent.records(conn, youths, today, lang)
    covered = consent.covered_many(conn, youths, today)
    s111_met = {
        row[0]
        for row in conn.execute(
            f"SELECT youth_id FROM deadline_met WHERE {_IN_BATCH} AND code = 's111'", (ids,)
        )
    }
    office = settings.document_settings(conn)
    return (
        (
            youth,
            _with_law(
                _context(
                    youth,
                    lang,
                    obligations,
                    members.get(youth.id, []),
                    areas,
                    positions,
                    goals.get(youth.id, []),
                    agreements.get(youth.id, []),
                    meetings.get(youth.id, []),
                    measures.get(youth.id, []),
                    former,
                ),
                youth,
                lang,
                today,
                consents[youth.id],
                covered[youth.id],
                youth.id in s111_met,
                office,
            ),
        )
        for youth in youths
    )


MINIMUM_TEAM = (
    # (role codes any of which will do, Danish, English)
    (("myndighedsrådgiver",), "myndighedsrådgiver", "case worker (myndighedsrådgiver)"),
    (("ungevejleder", "jobcenter"), "ungevejleder eller jobcenter",
     "youth guidance counsellor or job centre"),
)  # fmt: skip
PLACED = ("bl46", "bl47")  # placed: the § 111 duty applies


def _with_law(
    data: dict[str, Any],
    youth: Youth,
    lang: str,
    today: date,
    consents: list[dict[str, Any]],
    covered: set[int],
    s111_met: bool,
    office: dict[str, str],
) -> dict[str, Any]:
    """What issue 13 adds: the parties a consent covers (only they are named in the contract),
    the consent's dates, the minimum team, the § 111 duty, 18, and the office's details."""
    from efter.core import rules
    from efter.core.consent import eighteenth
    from efter.core.municipalities import display

    da = lang == "da"
    people = data["team"] + data["network"]
    named = {p["id"] for p in people if p["id"] in covered}
    for p in people:
        p["covered"] = p["id"] in named
    data["parties"] = {
        "team": [p for p in data["team"] if p["covered"]],
        "network": [p for p in data["network"] if p["covered"]],
        "not_covered": len(people) - len(named),
    }
    names = {p["name"] for p in people if not p["covered"]} - {
        p["name"] for p in people if p["covered"]
    }
    for item in data["agreements"] + data["network_contributions"]:
        if item["owner"] in names:  # not covered by a consent: named by role only
            item["owner"] = item["owner_role"]
    for duty in data["obligations"]:
        duty["names"] = [n for n in duty["names"] if n not in names]
    data["signatures"] = [s for s in data["signatures"] if s["name"] not in names]

    current = [c for c in consents if c["state"] in ("in-force", "not-yet")]
    data["consents"] = current
    data["consent_dates"] = sorted({c["from"] for c in current if c["state"] == "in-force"})

    roles = {p["role"] for p in data["team"]}
    missing = [da_text if da else en_text for codes, da_text, en_text in MINIMUM_TEAM
               if not roles & set(codes)]  # fmt: skip
    if not youth.coordinator:
        missing.append("koordinator" if da else "coordinator")
    data["missing_team"] = missing

    born = date.fromisoformat(youth.born)
    dates = {d.code: d.on for d in rules.statutory_dates(born)}
    s111 = dates.get("s111")
    placed = youth.legal_basis in PLACED
    data["s111"] = (
        {"date": s111.isoformat()}
        if placed and s111 is not None and not s111_met and s111 >= today
        else None
    )
    adult = eighteenth(born)
    data["adult"] = {"date": adult.isoformat(), "ahead": adult > today}
    data["legal_basis"] = youth.legal_basis or ""
    data["revision"] = data["meetings"][0]["starts"] if data["meetings"] else ""
    municipality = display(office.get("municipality-name")) or display(youth.municipality)
    data["controller"] = {
        "municipality": municipality,
        "contact": office.get("controller-contact", ""),
        "dpo": office.get("dpo", ""),
    }
    wanted = (
        ("municipality", "municipality-name", "Den dataansvarlige kommune", "The municipality that is data controller"),
        ("contact", "controller-contact", "den dataansvarliges kontaktoplysninger", "the data controller's contact details"),
        ("dpo", "dpo", "databeskyttelsesrådgiveren", "the data protection officer"),
    )  # fmt: skip
    gaps = [(k, d if da else e) for field, k, d, e in wanted if not data["controller"][field]]
    words = [text for _, text in gaps]
    data["controller"]["missing"] = (
        [words[0][:1].upper() + words[0][1:], *words[1:]] if words else []
    )
    data["controller"]["settings"] = [k for k, _ in gaps]
    data["coordinator_phone"] = for_coordinator(office, "coordinator-phone", youth.coordinator)
    data["coordinator_email"] = for_coordinator(office, "coordinator-email", youth.coordinator)
    data["youth"]["municipality"] = display(youth.municipality)
    data["youth"]["home_municipality"] = display(youth.home_municipality)
    data["youth"]["under_18"] = today < adult
    return data


def _context(
    youth: Youth,
    lang: str,
    obligations: list[Obligation] | None,
    members: list[sqlite3.Row],
    areas: dict[str, str],
    positions: dict[str, int],
    goal_rows: list[sqlite3.Row],
    agreement_rows: list[sqlite3.Row],
    meeting_rows: list[sqlite3.Row],
    measure_rows: list[sqlite3.Row],
    former: dict[int, sqlite3.Row],
) -> dict[str, Any]:
    """One young person's context from their rows (already in the order the document shows)."""
    team = [_person(m, lang) for m in members if m["side"] == "team"]
    network = [_person(m, lang) for m in members if m["side"] == "network"]
    by_member = {p["id"]: p for p in team + network}
    coordinator = youth.coordinator or ""

    main_goals = [g for g in goal_rows if g["parent_id"] is None]
    kept_ids = {g["id"] for g in goal_rows}
    goals_by_area: dict[str, list[dict[str, Any]]] = {}
    for goal in main_goals:
        subgoals = [
            {"id": s["id"], "text": s["text"], "achieved": s["status"] == "achieved"}
            for s in goal_rows
            if s["parent_id"] == goal["id"]
        ]
        goals_by_area.setdefault(goal["area"], []).append(
            {
                "id": goal["id"],
                "text": goal["text"],
                "achieved": goal["status"] == "achieved",
                "subgoals": subgoals,
            }
        )
    # A sub-goal whose main goal was dropped still shows, under its own area.
    for sub in goal_rows:
        if sub["parent_id"] is not None and sub["parent_id"] not in kept_ids:
            goals_by_area.setdefault(sub["area"], []).append(
                {"id": sub["id"], "text": sub["text"], "achieved": False, "subgoals": []}
            )
    goals = [
        {"area": code, "area_label": areas.get(code, code), "goals": goals_by_area[code]}
        for code in sorted(goals_by_area, key=lambda c: (positions.get(c, 999), c))
    ]
    goal_text = {g["id"]: g["text"] for g in goal_rows}

    professional: list[dict[str, Any]] = []
    own: list[dict[str, Any]] = []
    contributions: list[dict[str, Any]] = []
    for row in agreement_rows:
        item: dict[str, Any] = {
            "id": row["id"],
            "number": row["number"],
            "what": row["what"],
            "due": row["due"],
            "goal": goal_text.get(row["goal_id"], ""),
            "status": row["status"],
            "done_on": row["done_on"] or "",
        }
        if row["owner"] == "youth":
            item["owner"] = youth.name
            own.append(item)
        elif row["owner"] == "coordinator":
            item["owner"] = coordinator or COORDINATOR.label(lang)
            item["owner_role"] = COORDINATOR.label(lang)
            professional.append(item)
        else:
            person = by_member.get(row["owner_member_id"])
            if person is None:  # the owner has left the case: show the stored name
                person = _person(former[row["owner_member_id"]], lang)
            item["owner"] = person["name"]
            item["owner_role"] = person["role_label"]
            (professional if person["group"] == "team" else contributions).append(item)

    meetings = [
        {
            "id": row["id"],
            "starts": row["starts"],
            "kind": row["kind"],
            "kind_label": vocab.label(vocab.MEETING_KINDS, row["kind"], lang),
            "place": row["place"] or "",
        }
        for row in meeting_rows
    ]

    roles_present = [COORDINATOR.code] + [p["role"] for p in team]
    duties = []
    for term in OBLIGATION_ROLES:
        if term.code not in roles_present:
            continue
        items = [o.text for o in obligations or [] if o.role == term.code]
        if not items:
            continue
        names = (
            [coordinator] if term.code == COORDINATOR.code and coordinator
            else [p["name"] for p in team if p["role"] == term.code]
        )  # fmt: skip
        duties.append({"role": term.code, "role_label": term.label(lang), "names": names,
                       "texts": items})  # fmt: skip

    from efter.core.measures import KINDS, legal_basis_label

    measures = [
        {
            "id": row["id"],
            "kind": row["kind"],
            "kind_label": vocab.label(KINDS, row["kind"], lang),
            "provider": row["provider"] or "",
            "legal_basis": legal_basis_label(row["legal_basis"], lang),
            "from": row["started"],
            "to": row["ended"] or "",
            "note": row["note"] or "",
        }
        for row in measure_rows
    ]

    signatures = [{"name": youth.name, "role_label": "Den unge" if lang == "da" else
                   "The young person"}]  # fmt: skip
    signatures.append({"name": coordinator, "role_label": COORDINATOR.label(lang)})
    signatures += [{"name": p["name"], "role_label": p["role_label"]} for p in team + network]

    return {
        "youth": {
            "id": youth.id,
            "ref": youth.ref or "",
            "name": youth.name,
            "born": youth.born,
            "municipality": youth.municipality or "",
            "home_municipality": youth.home_municipality or "",
            "placement_site": youth.placement_site or "",
            "programme": youth.programme or "",
            "cohort": youth.cohort or "",
            "start": youth.start,
        },
        "coordinator": coordinator,
        "team": team,
        "network": network,
        "goals": goals,
        "agreements": professional,
        "youth_commitments": own,
        "network_contributions": contributions,
        "meetings": meetings,
        "obligations": duties,
        "measures": measures,
        "signatures": signatures,
    }


# --- saved versions -----------------------------------------------------------------------


def sha256(text: str) -> str:
    import hashlib  # here: OpenSSL's start-up cost is for the commands that hash

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def versions(conn: sqlite3.Connection, youth: Youth) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM contract WHERE youth_id = ? ORDER BY version", (youth.id,)
    ).fetchall()


@audit.reads
def get(conn: sqlite3.Connection, contract_id: str) -> sqlite3.Row:
    row = None
    if is_id(contract_id):
        row = conn.execute("SELECT * FROM contract WHERE id = ?", (int(contract_id),)).fetchone()
    if row is None:
        raise NotFound(
            t(
                "No saved contract has the id '{contract_id}': see 'efter contract list YOUTH' for "
                "the "
                "ids.",
                contract_id=contract_id.strip(),
            )
        )
    return row


def save(
    conn: sqlite3.Connection,
    youth: Youth,
    text: str,
    *,
    template: str,
    source: str,
    lang: str,
    on: date,
) -> tuple[sqlite3.Row, bool]:
    """Store the text as the next version; (row, True), or (latest, False) if it is unchanged."""
    digest = sha256(text)
    latest = conn.execute(
        "SELECT * FROM contract WHERE youth_id = ? ORDER BY version DESC LIMIT 1", (youth.id,)
    ).fetchone()
    if latest is not None and latest["sha256"] == digest:
        return latest, False
    version = (latest["version"] if latest else 0) + 1
    cursor = conn.execute(
        "INSERT INTO contract (youth_id, version, text, sha256, template, source, lang, saved, "
        "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (youth.id, version, text, digest, template, source, lang, on.isoformat(),
         clock.timestamp()),
    )  # fmt: skip
    return get(conn, str(cursor.lastrowid)), True


def sign(conn: sqlite3.Connection, row: sqlite3.Row, on: date, today: date) -> None:
    if row["signed"] is not None:
        raise Conflict(
            t(
                "Contract {id} (version {version}) was already signed on {signed}: save and sign a "
                "new version if the text changed.",
                id=row["id"],
                version=row["version"],
                signed=row["signed"],
            )
        )
    not_before(on, row["saved"], "date")  # a contract starts when it is saved
    if on > today:
        raise InvalidInput(
            t(
                "The signing date {on} is in the future: record the signing on the day it happened.",
                on=day_text(on),
            )
        )
    update_many(conn, [(row["id"], {"signed": on.isoformat()})])


def update_many(conn: sqlite3.Connection, changes: list[tuple[int, dict[str, Any]]]) -> None:
    """The one way a saved contract changes (its text never does: a new text is a new
    version): for each (contract id, {field: new value}), the signing day as `sign` checked it."""
    update_rows(conn, "contract", changes)


def latest_signed(conn: sqlite3.Connection, youth: Youth) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM contract WHERE youth_id = ? AND signed IS NOT NULL "
        "ORDER BY version DESC LIMIT 1",
        (youth.id,),
    ).fetchone()
    return row


def latest_signed_many(conn: sqlite3.Connection, youths: list[Youth]) -> dict[int, sqlite3.Row]:
    """`latest_signed()` for many young people in one query: {youth id: row} for those who
    have a signed version. The rows hold what a staleness check needs, not the text."""
    return {
        row["youth_id"]: row
        for row in conn.execute(
            "SELECT id, youth_id, version, sha256, template, lang, saved, signed FROM contract c "
            "WHERE signed IS NOT NULL AND youth_id IN (SELECT value FROM json_each(?)) "
            "AND version = (SELECT max(version) FROM contract WHERE youth_id = c.youth_id "
            "AND signed IS NOT NULL)",
            (_ids(youths),),
        )
    }


def describe(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "youth_id": row["youth_id"],
        "version": row["version"],
        "saved": row["saved"],
        "signed": row["signed"],
        "template": row["template"],
        "source": row["source"],
        "lang": row["lang"],
        "sha256": row["sha256"],
    }


def diff(old: str, new: str, old_label: str, new_label: str) -> str:
    import difflib

    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=old_label,
            tofile=new_label,
        )
    )
