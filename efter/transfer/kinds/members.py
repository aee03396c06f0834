"""Team and private network: validated with efter.core.members.clean, keyed by the young
person's ref and the person's name (case-insensitive) on that side, and the from date for
someone who has been on the case more than once (kinds.claims)."""

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any, ClassVar

from efter.core import addressbook
from efter.core import members as core
from efter.core.addressbook import SHARED, same_key
from efter.core.dates import not_before, parse_date
from efter.core.errors import EfterError, InvalidInput
from efter.core.i18n import t
from efter.transfer.kinds import (
    FAILED,
    Chunk,
    Context,
    Created,
    Kind,
    Labels,
    Planned,
    changing,
    nocase,
    person_column,
    planned,
    text,
    youth_ref,
)
from efter.transfer.kinds.claims import Claims
from efter.transfer.rows import Problem, Row, checked, worded

# What members.clean needs besides the field checked, so each field is checked on its own.
_STAND_IN = {"name": "x", "role": "other"}
_FIELDS = ("role", "name", "organisation", "phone", "email", "address", "note", "started",
           "closeness", "can_help")  # fmt: skip
_STORED = (*_FIELDS, "ended")
# The fields members.clean() returns, in its order.
_CLEANED = ("name", "organisation", "note", "role", "closeness", "can_help", "phone", "email",
            "address", "started")  # fmt: skip


_PLANNED = (*_CLEANED, "ended")  # a planned record's fields, in plan_many()'s order


def _record(
    name: str,
    organisation: str | None,
    note: str | None,
    role: str,
    closeness: str | None,
    can_help: str | None,
    phone: str | None,
    email: str | None,
    address: str | None,
    started: str,
    ended: str | None,
) -> dict[str, Any]:
    """A planned record from its fields in _PLANNED's order (a dict display: three times
    as quick as dict(zip(...)) per row)."""
    return {"name": name, "organisation": organisation, "note": note, "role": role,
            "closeness": closeness, "can_help": can_help, "phone": phone, "email": email,
            "address": address, "started": started, "ended": ended}  # fmt: skip


_WHERE, _ACTION = attrgetter("where"), attrgetter("action")
_RECORD, _YOUTH_ID = attrgetter("record"), attrgetter("youth_id")


def found_before(ctx: Context) -> dict[tuple[Any, ...], int]:
    """The professionals rows of this import found in the address book (not made new), by
    the person cell and the details the row gave (MemberKind._professional)."""
    found: dict[tuple[Any, ...], int] = ctx.cache.setdefault("professional found", {})
    return found


_SHARED_OF = itemgetter(*SHARED)


def _details(cell: str | None, record: dict[str, Any]) -> tuple[Any, ...]:
    """What decides which professional a new team member is: the person cell and the
    address book's fields (addressbook.SHARED) as the row gives them."""
    return (cell, _SHARED_OF(record))


def _nocase_text(value: str | None) -> str | None:
    found = text(value)
    return None if found is None else nocase(found)


def _raw_name(value: str | None) -> str | None:
    found = text(value)
    return None if found is None else " ".join(found.split()).casefold()


def _from_text(value: str | None) -> str:
    return text(value) or ""


def _nocase_name(member: Any) -> str:
    return nocase(member["name"])


def _end(value: str | None) -> str | None:
    """The to date as plan() reads it: empty is none."""
    return parse_date(str(value), field="ended").isoformat() if text(value) else None


def _kept(side: str, name: str, value: str | None) -> Any:
    """A field that an empty cell leaves as it is (for a new member: empty) cleaned."""
    return core.clean_one(side, name, value if text(value) else None)


class MemberKind(Kind):
    key_field = "name"
    masked = ()
    pseudonyms: ClassVar[dict[str, str]] = {
        "ref": "ref",
        "name": "name",
        "phone": "drop",
        "email": "drop",
        "address": "drop",
        "note": "drop",
        "can_help": "drop",
    }

    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ref": ("ref", "sagsnr", "sagsnummer"),
        "role": ("role", "rolle"),
        "name": ("name", "navn"),
        "organisation": ("organisation", "organization", "arbejdssted"),
        "phone": ("phone", "telefon", "tlf", "telefonnummer"),
        "email": ("email", "e_mail", "mail"),
        "address": ("address", "adresse"),
        "person": ("person", "fagperson", "person_id"),
        "note": ("note", "bemærkning", "noter"),
        "started": ("from", "fra", "started", "start", "startdato"),
        "ended": ("to", "til", "ended", "slut", "slutdato"),
        "closeness": ("closeness", "nærhed", "naerhed"),
        "can_help": ("can_help", "kan_hjælpe_med", "kan_hjaelpe_med", "hjælp"),
    }
    required = ("ref", "role", "name")
    example: ClassVar[dict[str, str]] = {
        "ref": "2025-0412", "role": "ungevejleder", "name": "Peter Dam",
        "organisation": "Ungeindsatsen Esbjerg", "phone": "76 16 10 00",
        "email": "peter.dam@example.dk", "address": "", "note": "", "started": "01-09-2025",
        "ended": "",
    }  # fmt: skip

    def __init__(self, side: str) -> None:
        self.side = side
        self.name = side
        self.noun = "team member" if side == "team" else "network member"
        self.streams = side == "network"  # type: ignore[misc]  # the team's address book: Kind.streams
        if side == "network":  # the private network is not shared: no address book column
            self.columns = {k: v for k, v in self.columns.items() if k != "person"}  # type: ignore[misc]
        if side == "network":
            self.example = {  # type: ignore[misc]
                "ref": "2025-0412", "role": "perifer-voksen", "name": "Bent Nørgaard",
                "organisation": "", "phone": "", "email": "", "address": "",
                "note": "Tidligere nabo, vil gerne hjælpe med kørekort", "started": "01-10-2025",
                "ended": "",
            }  # fmt: skip

    def raw_key(self, row: Row) -> tuple[Any, ...] | None:
        """The ref, the name and the from date as written: someone who left and came back
        is on the case twice, each time from another date (decision 0005)."""
        found = super().raw_key(row)
        return None if found is None else (*found, text(row.values.get("started")) or "")

    def raw_keys(self, rows: Chunk, ctx: Context) -> list[tuple[Any, ...] | None]:
        refs = rows.as_text("ref") or ctx.column(text, rows.cells("ref"), key=text)
        names = ctx.column(_raw_name, rows.cells("name"), key=_raw_name)
        froms = ctx.column(_from_text, rows.cells("started"), key=_from_text)
        return [
            None if ref is None or name is None else (ref, name, started)
            for ref, name, started in zip(refs, names, froms, strict=True)
        ]

    def _existing(self, ctx: Context, row: Row, person: Any, folded: str) -> Any:
        """The stored member a row is (claims.claim: each is one row's at most, in the
        file's order), or None for a new one. Someone on the case more than once is told by
        the from date; an InvalidInput when the row does not give one of theirs."""
        claims = Claims.of(ctx, self.side, partial(core.of_youth, side=self.side), _nocase_name)
        group = claims.group(person["id"], folded)
        if not group:
            return None
        return claims.claim(
            person["id"], folded, row.where, group, self._pick, row, person, group, pick_one=True
        )

    def _pick(self, row: Row, person: Any, group: Sequence[Any], free: list[Any]) -> Any:
        """Among the times someone has been on the case (not yet claimed by a row), the one
        with the row's from date; None (a new time) for a from date on or after the end of
        every time they have been on the case; else, when they have been on it once, that
        time (its from date changed)."""
        given = text(row.values.get("started"))
        try:
            day = parse_date(given, field="started").isoformat() if given else None
        except EfterError:
            day = None
        for member in free:
            if member["started"] == day:
                return member
        if day is not None and all(m["ended"] and m["ended"] <= day for m in group):
            return None  # they left and came back
        if len(group) == 1:
            return free[0]
        name, count = free[0]["name"], len(group)
        raise InvalidInput(
            field="started",
            problem=t(
                "{name} has been on the case of {ref} {count} times, and the row does not say "
                "which time it is",
                name=name,
                ref=person["ref"],
                count=count,
            ),
            fix=t(
                "give the from date of the time it changes (see 'efter {side} list {ref} "
                "--all'), or add a new time with 'efter {side} add'",
                side=self.side,
                ref=person["ref"],
            ),
        )

    def plan(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        person = youth_ref(row, ctx, problems)
        name = text(row.values.get("name"))
        existing = None
        if person is not None and name:
            try:
                existing = self._existing(ctx, row, person, nocase(name))
            except EfterError as error:
                return [Problem(row.where, row.column("started"), worded(error))]
        # An empty from cell keeps the stored date (it would otherwise mean today).
        # For a team member, an empty organisation or contact cell keeps what the address
        # book holds: those are shared ('efter person edit' clears one everywhere).
        keep = ("started", *SHARED) if self.side == "team" else ("started",)
        given: dict[str, Any] = {
            f: row.values[f]
            if f in row.values and (text(row.values[f]) or f not in keep)
            else (existing[f] if existing else None)
            for f in _STORED
        }
        if self.side == "team" and existing is not None:
            for f in ("name", "organisation"):  # the address book's spelling stands
                if same_key(text(given[f])) == same_key(existing[f]):
                    given[f] = existing[f]
        try:  # the whole record at once; a field alone only to say which are wrong
            record = core.clean(self.side, given)
        except InvalidInput:
            record = None
            for field in _FIELDS:
                checked(
                    row,
                    problems,
                    field,
                    partial(core.clean, self.side, {**_STAND_IN, field: given[field]}),
                )
        ended = None
        if text(given["ended"]):
            day = checked(
                row, problems, "ended", lambda: parse_date(str(given["ended"]), field="ended")
            )
            ended = day.isoformat() if day else None
        if problems:
            return problems
        if record is None:
            try:
                record = core.clean(self.side, given)
            except InvalidInput as error:  # every field passed alone; kept for safety
                return [Problem(row.where, None, worded(error))]
        if ended:  # the one check of an end before its start (dates.not_before)
            checked(row, problems, "ended", lambda: not_before(ended, record["started"], "ended"))
            if problems:
                return problems
        record["ended"] = ended
        if self.side == "team" and existing is None:
            found = self._professional(row, ctx, record)
            if isinstance(found, Problem):
                return [found]
        assert person is not None
        label = f"{person['ref']} {record['name']}"
        key = (person["id"], record["name"].casefold(), record["started"])
        return planned(row, key, label, record, existing, _STORED, youth_id=person["id"])

    def plan_many(self, rows: Chunk, ctx: Context) -> list[Planned] | Created | None:
        """As plan() plans each row of a file of new members: each distinct value of a column
        cleaned once by the core (members.clean_one; no rule of a member looks at two fields);
        a row naming someone already on the case is planned row by row. The address book is
        settled afterwards (settle)."""
        people = person_column(rows, ctx)
        if people is None:
            return None
        ids, refs = people
        stored = ctx.stored_column(
            self.side, ids, partial(core.of_youth, side=self.side), _nocase_name,
            lambda: ctx.column(_nocase_text, rows.cells("name"), key=_nocase_text),
        )  # fmt: skip
        if any(stored):
            return None  # an update: as plan() decides it, with what the case holds
        side, cleaned = self.side, {}
        keep = ("started", *SHARED) if side == "team" else ("started",)
        for name in _CLEANED:
            check = partial(_kept if name in keep else core.clean_one, side, name)
            values = ctx.passed(check, rows.cells(name), key=(side, name))
            if values is None:
                return None
            cleaned[name] = values
        ends = ctx.passed(_end, rows.cells("ended"), key=_end)
        if ends is None:
            return None
        cleaned["ended"] = ends
        started = cleaned["started"]
        if any(ends) and any(end and end < started[at] for at, end in enumerate(ends) if end):
            return None
        # Each row's record, key and label made a column at a time (no Python loop per row).
        names = cleaned["name"]
        keys = zip(ids, map(str.casefold, names), started, strict=True)
        if side == "network":  # no address book to settle: the chunk as columns (Created)
            wheres = list(map(_WHERE, rows))
            fields: dict[str, Sequence[Any]] = {name: cleaned[name] for name in _PLANNED}
            return Created(wheres, list(keys), Labels("{ref} {name}", ref=refs, name=names),
                           fields, ids)  # fmt: skip
        records = map(_record, *map(cleaned.__getitem__, _PLANNED))
        labels = map("{} {}".format, refs, names)
        return list(map(Planned, map(_WHERE, rows), repeat("create"), keys, labels, records, ids))

    def settle(self, items: list[Planned], rows: Chunk, ctx: Context) -> int:
        """A new team member's place in the address book, row after row as plan() finds it."""
        if self.side != "team":
            return len(items)
        found = found_before(ctx)
        people = ctx.column(text, rows.cells("person"), key=text)
        records = [item.record for item in items]
        details = list(zip(people, map(_SHARED_OF, records), strict=True))
        # A row found before is found again (as _professional() would find them: the book
        # only gains people); the others, in file order, each may add to what is found.
        known = list(map(found.get, details))
        settled = len(items)
        for at in [at for at, known_id in enumerate(known) if known_id is None]:
            known_id = found.get(details[at])
            if known_id is None:
                if self._professional(rows[at], ctx, records[at], people[at]) is not None:
                    settled = at
                    break
                known_id = records[at]["professional_id"]
            known[at] = known_id
        for record, known_id in zip(records[:settled], known[:settled], strict=True):
            record["professional_id"] = known_id
        return settled

    def _professional(
        self, row: Row, ctx: Context, record: dict[str, Any], cell: Any = FAILED
    ) -> Problem | None:
        """Which professional in the address book a new team member is, as 'efter team add'
        decides (efter.core.addressbook), with the person column for --person and
        --new-person (`cell`, the row's person cell as text() reads it, when known). Sets
        record['professional_id'] (negative: new in this import)."""
        if "addressbook" not in ctx.cache:
            ctx.cache["addressbook"] = addressbook.Index.load(ctx.conn)
        index: addressbook.Index = ctx.cache["addressbook"]
        if cell is FAILED:
            cell = text(row.values.get("person"))
        # A row whose person was found (not made new) finds them again with the same details:
        # the book only gains people after them and details they lacked, which change neither
        # who is found first nor whether the details agree. So that answer is kept.
        found = found_before(ctx)
        details = _details(cell, record)
        known_id = found.get(details)
        if known_id is not None:
            record["professional_id"] = known_id
            return None
        try:
            decision = addressbook.decide(
                index, record["name"], record["organisation"], person=cell,
                choose=(t("{id} in the column person"), t("new in the column person")),
            )  # fmt: skip
            if decision.existing is None:
                record["professional_id"] = index.plan_new(record)
                return None
            known = index.by_id[decision.existing]
            if known["id"] < 0:  # planned earlier in this file, maybe more than one so named
                org = addressbook.same_key(known["organisation"])
                fits = [
                    p for p in index.by_name[addressbook.same_key(known["name"])]
                    if p["id"] < 0 and addressbook.same_key(p["organisation"]) == org
                    and not any(record[k] and p[k] and record[k] != p[k]
                                for k in addressbook.CONTACT)
                ]  # fmt: skip
                if not fits:  # the same name with other details: someone else
                    record["professional_id"] = index.plan_new(record)
                    return None
                known = fits[0]
                known.update(addressbook.merged(known, record))  # it gains what it lacked
            else:
                addressbook.merged(known, record)
        except EfterError as error:
            column = row.column("person") if cell else row.column("name")
            return Problem(row.where, column, worded(error))
        record["professional_id"] = found[details] = known["id"]
        return None

    def apply_all(
        self,
        items: list[Planned],
        ctx: Context,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Through efter.core.members.insert_many and update_many, as team|network add write."""
        created: list[Planned] = []
        changed: list[tuple[int, dict[str, tuple[Any, Any]]]] = []
        if progress is None and set(map(_ACTION, items)) == {"create"}:
            created = items  # a file of new members (no bar to move): no loop per row here
        else:
            for item in changing(items, progress):
                if item.action == "create" and item.youth_id is not None:
                    created.append(item)
                elif item.action == "update" and item.target is not None:
                    changed.append((item.target, item.changes))
        records = list(map(_RECORD, created))
        if self.side == "team" and records:
            index = ctx.cache.get("addressbook") or addressbook.Index()
            addressbook.fill_missing(ctx.conn, [r for r in records if r["professional_id"] > 0])
            addressbook.attach(ctx.conn, records, index)
        youth_ids = list(map(_YOUTH_ID, created))
        ids = core.insert_many(
            ctx.conn, list(zip(youth_ids, [self.side] * len(records), records, strict=True))
        )
        for item, new_id in zip(created, ids, strict=True):
            item.target = new_id
        core.update_many(ctx.conn, changed)

    def apply_created(self, created: Created, ctx: Context) -> None:
        """A network's chunk of new members (a team's has its address book: apply_all)."""
        assert self.side == "network" and created.columns is not None
        core.insert_columns(ctx.conn, created.youth_ids, self.side, created.columns)

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        rows = core.for_export(conn, self.side)
        return (
            {
                "_youth_id": r["youth_id"],
                "ref": r["youth_ref"],
                **{f: r[f] for f in _STORED},
                **({"person": None} if self.side == "team" else {}),
            }
            for r in rows
        )


TEAM = MemberKind("team")
NETWORK = MemberKind("network")
