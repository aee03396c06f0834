"""Agreements ("hvem gør hvad hvornår"), keyed by the young person's ref and what is agreed.

The rules are the agreements core's (efter.core.agreements, efter.core.persons): what is
agreed may not be empty, the owner is one person on the case (the young person, the
coordinator, or a team or network member by name or id, resolved as `efter agreement add`
does), the status is open, done or dropped in English or Danish, and a closed case gets no new
open agreements. The owner is looked for among those on the case today for an open agreement,
and on the day it was done (or due) for one that is done or dropped; when nobody there is
called so, and the row records an agreement kept before (done, dropped, on file, or with the
day it was made, which an export writes), among those who have been on the young person's case
at another time, by their whole name or id (the one nearest that day:
persons.resolve(whenever=True)). efter lets an agreement be due before its owner joined the
case, and its owner leave while it is open, so what it exports imports back; a new open
agreement made now (no made day) needs its owner on the case today, as `agreement add` does.
Several agreements with the same text are matched with the rows one to one (kinds.claims).
"""

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from operator import attrgetter, itemgetter
from typing import Any, ClassVar

from efter.core import agreements as core
from efter.core import persons
from efter.core.dates import parse_date
from efter.core.errors import EfterError, InvalidInput
from efter.core.i18n import N_, day_text, t
from efter.core.meetings import check_open_case
from efter.core.text import clean as clean_text
from efter.core.youth import Youth
from efter.transfer.kinds import (
    FAILED,
    PRELOAD_AFTER,
    Chunk,
    Context,
    Planned,
    QuickKind,
    nocase,
    person_column,
    planned,
    text,
    youth_ref,
)
from efter.transfer.kinds.claims import Claims
from efter.transfer.rows import Problem, Row, checked

_STORED = ("what", "owner", "owner_member_id", "due", "status", "done_on", "drop_reason")


class AgreementKind(QuickKind):
    # Not written chunk by chunk (Kind.streams): an update's history (agreements.update_many,
    # every move before every new status) would be numbered otherwise in chunks.
    name = "agreements"
    noun = "agreement"
    key_field = "what"
    # what quick() reads of the young person a row belongs to (efter.core.youth.fields_by_id)
    person_fields = ("ref", "name", "coordinator", "status", "closed")
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ref": ("ref", "sagsnr", "sagsnummer"),
        "what": ("what", "aftale", "hvad", "handling"),
        "owner": ("owner", "ansvarlig", "hvem"),
        "due": ("due", "frist", "hvornår"),
        "status": ("status",),
        "done_on": ("done_on", "udført_dato", "udført", "done"),
        "drop_reason": ("reason", "begrundelse", "drop_reason"),
        # the day it was made (an export writes it): a row with one is an agreement kept
        # before, a row without one is made now, its owner on the case today (decision 0005)
        "made": ("made", "indgået", "aftalt_dato", "made_on"),
    }
    required = ("ref", "what", "owner", "due")
    example: ClassVar[dict[str, str]] = {
        "ref": "2025-0412", "what": "Undersøge SU og lærlingeløn", "owner": "Peter Dam",
        "due": "01-12-2026", "status": "åben", "done_on": "", "drop_reason": "", "made": "",
    }  # fmt: skip
    pseudonyms: ClassVar[dict[str, str]] = {
        "ref": "ref",
        "owner": "name",
        "what": "drop",
        "drop_reason": "drop",
    }

    def raw_key(self, row: Row) -> tuple[Any, ...] | None:
        """None: two rows with the same text are two agreements (decision 0005), so no row
        is another's duplicate by its text."""
        return None

    def raw_keys(self, rows: Chunk, ctx: Context) -> list[tuple[Any, ...] | None]:
        return []

    def plan_many(self, rows: Chunk, ctx: Context) -> list[Planned] | None:
        """Every row of a chunk as quick() plans it: each distinct value of a column checked
        once (Context.column), the young people found for the whole chunk (person_column)
        with only the fields quick() reads; an owner who is a team or network member is found
        among everyone's members read once (persons.members_by_youth), whether a case is open
        asked once per young person; a row naming an agreement on file goes through quick().
        None when a row needs the careful plan (the importer then plans the chunk row by
        row)."""
        people = person_column(rows, ctx)
        if people is None:
            return None
        ids, refs = people
        whats = ctx.column(_what, rows.cells("what"))
        if FAILED in whats:
            return None
        stored = ctx.stored_column(
            "agreements", ids, core.of_youth, _what_key, [folded for _, folded in whats]
        )
        owner_cells = rows.cells("owner")
        statuses = ctx.column(_status, rows.cells("status"))
        dues = ctx.column(_day, rows.cells("due"))
        dones = ctx.column(_day, rows.cells("done_on"))  # None for an empty cell
        reasons = ctx.column(_reason, rows.cells("drop_reason"))
        made = ctx.column(partial(_made, ctx.today), rows.cells("made"), key=("made", ctx.today))
        owners = ctx.column(_owner, owner_cells)
        if None in dues or any(
            FAILED in column for column in (statuses, dues, dones, reasons, made)
        ):
            return None  # worded row by row
        fields, today, out = self.people(ctx, ids), ctx.today.isoformat(), []
        folded: dict[int, tuple[str, str | None]] = ctx.cache.setdefault("folded people", {})
        open_case: dict[int, bool] = ctx.cache.setdefault("open cases", {})
        texts = list(map(_FIRST, whats))
        labels = list(map("{} {}".format, refs, texts))
        # a row is one agreement: two rows with the same text are two (decision 0005)
        keys = list(zip(ids, ctx.column(str.casefold, texts), map(_WHERE, rows), strict=True))
        word_kind = persons.folded_word_kind
        for (
            row, youth_id, what, key, label, existing, status, due, done, reason, owner, cell, day,
        ) in zip(
            rows, ids, texts, keys, labels, stored, statuses, dues, dones, reasons, owners,
            owner_cells, made, strict=True,
        ):  # fmt: skip
            if existing is not None:  # on file already: as quick() plans one row
                found = self.quick(row, ctx, fields[youth_id])
                if found is None:
                    return None
                out.append(found)
                continue
            if status == "done":
                done = done or today
            elif done is not None:
                return None  # a done date with another status: worded row by row
            names = folded.get(youth_id)
            if names is None:
                names = _folded(ctx, fields[youth_id])
            kind = word_kind(owner, *names)
            member_id = None
            if kind is None:  # a member, on the case on the day of the agreement
                member = self._member(ctx, fields[youth_id], cell, status, due, done, day)
                if member is None:
                    return None
                kind, member_id = member
            if status == "open":
                is_open = open_case.get(youth_id)
                if is_open is None:
                    is_open = open_case[youth_id] = _open(fields[youth_id])
                if not is_open:
                    return None
            record = {
                "what": what, "due": due, "status": status, "done_on": done,
                "owner": kind, "owner_member_id": member_id, "drop_reason": reason,
                "created": _stamp(day),
            }  # fmt: skip
            out.append(Planned(row.where, "create", key, label, record, youth_id))
        return out

    def _member(
        self,
        ctx: Context,
        person: Any,
        owner: str | None,
        status: str,
        due: str,
        done_day: str | None,
        made: str | None,
    ) -> tuple[str, int | None] | None:
        """The team or network member a row's owner names, on the case on the day of the
        agreement (as quick() finds them, among everyone's members read once); None when
        they cannot be found so (the careful plan words why)."""
        on = _owner_day(ctx.today, status, done_day or due, made)
        try:
            found = persons.resolve(
                ctx.conn,
                Youth(person),
                owner or "",
                on,
                members=_members(ctx, person["id"]),
                whenever=_kept_before(status, None, made),
            )
        except EfterError:
            return None
        return found.kind, found.member_id

    def quick(self, row: Row, ctx: Context, person: Any) -> Planned | None:
        """A row whose values all pass, planned as plan_checked() plans it with each distinct
        value checked once per import (`Context.once`: what is agreed, the dates, the status,
        the reason, the owner's word); None for any other row, which plan_checked() goes through
        field by field to name what is wrong. An owner named by a team or network member's
        name is resolved per row (who is on the case depends on the day)."""
        values = row.values
        due = values.get("due")
        if due is None:
            return None
        once = ctx.once
        try:
            what, folded = once(_what, values.get("what"))
            existing = _existing(ctx, row, person, folded)
            # each cell as plan_checked() reads it: an empty status, or a column the file does
            # not have, keeps the stored value
            status = values.get("status")
            if not text(status) and existing is not None:
                status = existing["status"]
            status = once(_status, status)
            done_on = values["done_on"] if "done_on" in values else _stored(existing, "done_on")
            if status == "done":
                done_day = once(_day, done_on) or ctx.today.isoformat()
            elif text(done_on) and text(values.get("done_on")):
                return None  # a done date with another status: worded by plan_checked()
            else:
                done_day = None
            reason = once(
                _reason,
                values["drop_reason"]
                if "drop_reason" in values
                else _stored(existing, "drop_reason"),
            )
            due_day = once(_day, due)
            made = once(_made, ctx.today, values.get("made"))
            owner = values.get("owner") or ""
            kind = persons.folded_word_kind(once(persons.fold, owner), *_folded(ctx, person))
            member_id = None
            youth = None
            if kind is None:  # a member, on the case on the day of the agreement
                on = _owner_day(ctx.today, status, done_day or due_day, made)
                youth = Youth(person)
                mine = _members(ctx, person["id"], PRELOAD_AFTER)
                found = persons.resolve(
                    ctx.conn, youth, owner, on, members=mine,
                    whenever=_kept_before(status, existing, made),
                )  # fmt: skip
                kind, member_id = found.kind, _kept_owner(ctx, existing, found)
            if status == "open" and (existing is None or existing["status"] != "open"):
                check_open_case(youth or Youth(person), N_("make agreements"))
        except EfterError:
            return None
        if due_day is None:
            return None
        record = {
            "what": what, "due": due_day, "status": status, "done_on": done_day,
            "owner": kind, "owner_member_id": member_id, "drop_reason": reason,
            "created": _stamp(made),
        }  # fmt: skip
        return self._planned(row, person, record, existing)

    def _planned(self, row: Row, person: Any, record: dict[str, Any], existing: Any) -> Planned:
        what = record["what"]
        label = f"{person['ref']} {what}"
        key = (person["id"], str(what).casefold(), row.where)
        return planned(row, key, label, record, existing, _STORED, youth_id=person["id"])

    def plan_checked(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        conn, values = ctx.conn, row.values
        person = youth_ref(row, ctx, problems)
        youth = Youth(person) if person is not None else None
        what = checked(row, problems, "what", lambda: core.what_text(values.get("what")))
        existing = None
        if person is not None and what:
            existing = checked(
                row, problems, "what", lambda: _existing(ctx, row, person, nocase(what))
            )

        def given(field: str) -> str | None:
            # An empty cell keeps the stored value where an empty one would mean a default.
            if field in values and (text(values[field]) or field not in ("status",)):
                return values[field]
            return None if existing is None else existing[field]

        record: dict[str, Any] = {"what": what}
        due = text(values.get("due"))
        if due is None:
            problems.append(
                Problem(row.where, row.column("due"), t("the due date is empty; give a date"))
            )
        else:
            day = checked(row, problems, "due", lambda: parse_date(due, field="due"))
            record["due"] = day.isoformat() if day else None
        status = text(given("status"))
        record["status"] = checked(
            row, problems, "status", lambda: core.status_code(status) if status else "open"
        )
        done_on = text(given("done_on"))
        record["done_on"] = None
        if record["status"] == "done":
            if done_on:
                day = checked(
                    row, problems, "done_on", lambda: parse_date(done_on, field="done_on")
                )
                record["done_on"] = day.isoformat() if day else None
            else:
                record["done_on"] = ctx.today.isoformat()
        elif done_on and text(values.get("done_on")):
            problems.append(
                Problem(
                    row.where,
                    row.column("done_on"),
                    t(
                        "a done date is given but the status is {status}; set the status to done "
                        "or empty this cell",
                        status=record["status"],
                    ),
                )
            )
        made = checked(row, problems, "made", lambda: _made(ctx.today, values.get("made")))
        record["created"] = _stamp(made)
        if youth is not None:
            on = _owner_day(
                ctx.today, record["status"], record["done_on"] or record.get("due"), made
            )
            owner = values.get("owner") or ""
            found = checked(
                row,
                problems,
                "owner",
                lambda: persons.resolve(
                    conn,
                    youth,
                    owner,
                    on,
                    whenever=_kept_before(
                        record["status"], existing, made or text(values.get("made"))
                    ),
                ),
            )
            if found:
                record["owner"] = found.kind
                record["owner_member_id"] = _kept_owner(ctx, existing, found)
            if record["status"] == "open" and (existing is None or existing["status"] != "open"):
                checked(
                    row, problems, "status", lambda: check_open_case(youth, N_("make agreements"))
                )
        reason = given("drop_reason")
        record["drop_reason"] = checked(
            row, problems, "drop_reason", lambda: clean_text(reason, "--drop-reason", lines=True)
        )
        if problems:
            return problems
        return self._planned(row, person, record, existing)

    def apply_all(
        self,
        items: list[Planned],
        ctx: Context,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """New agreements in one insert; changed ones keep their history as 'efter agreement
        move|done|drop' would (efter.core.agreements.update_many)."""
        history = partial(core.update_many, on=ctx.today, note="efter import")
        self.apply_batched(items, ctx, progress, core.insert_many, history)

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        rows = core.for_export(conn)
        return (
            {
                "_youth_id": r["youth_id"],
                "ref": r["youth_ref"],
                "what": r["what"],
                "owner": r["member_name"] if r["owner"] == "member" else r["owner"],
                "due": r["due"],
                "status": r["status"],
                "done_on": r["done_on"],
                "drop_reason": r["drop_reason"],
                "made": r["created"][:10],
            }
            for r in rows
        )


_FIRST = itemgetter(0)
_WHERE = attrgetter("where")


def _existing(ctx: Context, row: Row, person: Any, folded: str) -> Any:
    """The stored agreement a row is (claims.claim: each stored agreement is one row's at
    most, in the file's order), or None for a new one. When the young person has several
    with this text, the one not yet claimed that the row gives in every field, else the one
    with its owner and due date; an InvalidInput when the row tells none of them."""
    claims = Claims.of(ctx, "agreements", core.of_youth, _what_key)
    youth_id = person["id"]
    group = claims.group(youth_id, folded)
    if not group:
        return None
    return claims.claim(youth_id, folded, row.where, group, _pick, ctx, row, person, len(group))


def _pick(ctx: Context, row: Row, person: Any, count: int, free: list[Any]) -> Any:
    """Among a young person's agreements with the same text not yet claimed by a row, the
    one this row is: the same in every field the row gives, else the same owner and due date
    (several so, the same in every field: the first made)."""
    values = row.values
    given = {
        "what": text(values.get("what")),
        "due": _maybe(_day, values.get("due")),
        "status": _maybe(_status, values.get("status")) if text(values.get("status")) else None,
        "done_on": _maybe(_day, values.get("done_on")),
        "drop_reason": text(values.get("drop_reason")),
    }
    owner = persons.fold(values.get("owner") or "")
    names = persons.members_by_id(ctx.conn, [a["owner_member_id"] for a in free])
    youth_name, coordinator = _folded(ctx, person)

    def owns(agreement: Any) -> bool:
        kind = agreement["owner"]
        if kind != "member":
            return persons.folded_word_kind(owner, youth_name, coordinator) == kind
        member = names.get(agreement["owner_member_id"])
        return owner == str(agreement["owner_member_id"]) or (
            member is not None and persons.fold(member["name"]) == owner
        )

    def same(agreement: Any) -> bool:
        return all(v is None or v == agreement[k] for k, v in given.items()) and owns(agreement)

    exact = [a for a in free if same(a)]
    if exact:
        return exact[0]
    alike = [a for a in free if a["due"] == given["due"] and owns(a)]
    if alike and all(_alike(a, alike[0]) for a in alike):
        return alike[0]
    raise InvalidInput(
        field="what",
        problem=t(
            "{ref} has {count} agreements '{what}', and the row does not say which one it is",
            ref=person["ref"],
            count=count,
            what=given["what"],
        ),
        fix=t(
            "give the owner and due date of the one it changes (see 'efter agreement list "
            "{ref} --all'), or change that one with 'efter agreement'",
            ref=person["ref"],
        ),
    )


def _made(today: date, value: str | None) -> str | None:
    """The day an agreement was made, as stored (YYYY-MM-DD); None when the cell is blank
    (made now). A day after today is refused."""
    day = _day(value)
    if day is not None and day > today.isoformat():
        raise InvalidInput(
            field="made",
            problem=t("the agreement was made on {day}, after today", day=day_text(day)),
            fix=t("give the day it was made, or leave the cell empty for one made today"),
        )
    return day


def _owner_day(today: date, status: str, ended: str | None, made: str | None) -> date:
    """The day whose team or network the owner is looked for in first: a done or dropped
    agreement's day it ended (or its due date), an open one's day it was made when the row
    says (an owner who left and came back keeps the time on the case they had then), else
    today."""
    if status in ("done", "dropped"):
        return min(today, date.fromisoformat(ended)) if ended else today
    if status == "open" and made:
        return min(today, date.fromisoformat(made))
    return today


def _stamp(made: str | None) -> str | None:
    """An agreement's `created` for the day it was made; None (the time of the import) for
    one made now."""
    return None if made is None else f"{made}T00:00:00"


def _kept_before(status: str, existing: Any, made: str | None) -> bool:
    """Whether an owner may be someone who is not on the case that day but has been (persons.
    resolve(whenever=True)): not for a new open agreement made now (no made day), whose owner
    is on the case today, as 'efter agreement add' has it; yes for history (done, dropped,
    made before, or on file already), which efter let be owned so."""
    return status != "open" or existing is not None or made is not None


def _kept_owner(ctx: Context, existing: Any, found: persons.Person) -> int | None:
    """The member id of an agreement's owner as a row names them: the stored one when the
    row names the same person at another time on the case (someone who left and came back
    owns what they agreed the first time), else the one found."""
    if (
        existing is None
        or found.member_id is None
        or existing["owner_member_id"] in (None, found.member_id)
    ):
        return found.member_id
    stored = persons.members_by_id(ctx.conn, [existing["owner_member_id"]])
    member = stored.get(existing["owner_member_id"])
    if (
        member is not None
        and member["side"] == found.side
        and persons.fold(member["name"]) == persons.fold(found.name)
    ):
        return int(existing["owner_member_id"])
    return found.member_id


def _alike(one: Any, other: Any) -> bool:
    return all(one[field] == other[field] for field in _STORED)


def _maybe(check: Callable[[str | None], Any], value: str | None) -> Any:
    """A cell as `check` reads it, or None when it is empty or does not pass (the row's
    own check words that)."""
    try:
        return check(value)
    except EfterError:
        return None


def _folded(ctx: Context, person: Any) -> tuple[str, str | None]:
    """A young person's name and coordinator as persons.word_kind() compares them (folded),
    worked out once per import."""
    folded: dict[int, tuple[str, str | None]] = ctx.cache.setdefault("folded people", {})
    found = folded.get(person["id"])
    if found is None:
        coordinator = person["coordinator"]
        found = folded[person["id"]] = (
            persons.fold(person["name"]),
            persons.fold(coordinator) if coordinator else None,
        )
    return found


def _members(ctx: Context, youth_id: int, after: int = 0) -> list[Any] | None:
    """A young person's team and network members among everyone's, read once
    (persons.members_by_youth) for persons.resolve(members=...); with `after`, None (a query
    of their own) for the first so many look-ups, as a small file needs no more."""
    members: dict[int, list[Any]] | None = ctx.cache.get("members")
    if members is None:
        asked = ctx.cache["member look-ups"] = ctx.cache.get("member look-ups", 0) + 1
        if asked <= after:
            return None
        members = ctx.cache["members"] = persons.members_by_youth(ctx.conn)
    return members.get(youth_id, [])


def _open(person: Any) -> bool:
    """Whether a young person's case takes new open agreements (check_open_case)."""
    try:
        check_open_case(Youth(person), N_("make agreements"))
    except EfterError:
        return False
    return True


def _stored(existing: Any, field: str) -> Any:
    return None if existing is None else existing[field]


def _what_key(agreement: Any) -> str:
    return nocase(agreement["what"])


def _what(value: str | None) -> tuple[str, str]:
    """What is agreed as stored, and as a stored agreement is found by it."""
    what = core.what_text(value)
    return what, nocase(what)


def _day(value: str | None) -> str | None:
    """A date as stored (YYYY-MM-DD); None when the cell is blank."""
    stripped = text(value)
    return parse_date(stripped).isoformat() if stripped else None


def _status(value: str | None) -> str:
    stripped = text(value)
    return core.status_code(stripped) if stripped else "open"


def _reason(value: str | None) -> str | None:
    return clean_text(value, "--drop-reason", lines=True)


def _owner(value: str | None) -> str:
    """An owner as persons.resolve() compares the words and names it knows."""
    return persons.fold(value or "")


KIND = AgreementKind()
