"""Young people: checked with efter.core.youth.clean and check_record, written with its
insert_many and update_many (as youth add and edit write), keyed by ref."""

import sqlite3
from collections.abc import Callable, Iterator
from functools import partial
from operator import itemgetter
from typing import Any, ClassVar

from efter.core import programmes
from efter.core import youth as core
from efter.core.errors import InvalidInput
from efter.core.i18n import t
from efter.transfer.kinds import FAILED, Chunk, Context, Kind, Planned, changing, planned, text
from efter.transfer.rows import Problem, Row, checked, worded

_KEEP_WHEN_EMPTY = ("born", "start")
_BASIS = itemgetter("legal_basis", "start", "placed_from")  # of a record (a dictionary)
# A young person as Context.stored_youth() reads them: a tuple of core.COMPARED.
_AT = {name: at for at, name in enumerate(core.COMPARED)}
_STORED_BASIS = itemgetter(_AT["legal_basis"], _AT["start"], _AT["placed_from"])
_STORED_FIELDS = itemgetter(*(_AT[name] for name in core.FIELDS))
_FIELDS_OF = itemgetter(*core.FIELDS)  # of a record
_ID, _CPR, _CPR_FORCED = _AT["id"], _AT["cpr"], _AT["cpr_forced"]
_AGE_FORCED, _BASIS_FORCED = _AT["age_forced"], _AT["basis_forced"]
_NOTHING = dict.fromkeys(core.FIELDS)
_FIELDS = core.FIELDS
# The fields in the order core.youth.clean() returns them.
_CLEANED = (*core.TEXT_FIELDS, "phone", "email", "address", "born", "start", "placed_from", "cpr",
            "legal_basis", "housing")  # fmt: skip


def _spelled(ctx: Context, typed: str | None) -> str | None:
    """A programme as plan() takes it: spelled as on file (programmes.spelling), once each."""
    if not typed:
        return typed
    spelled: dict[str, Any] = ctx.cache.setdefault("programme-spelling", {})
    if typed not in spelled:
        try:
            spelled[typed] = programmes.spelling(ctx.conn, typed)
        except InvalidInput as error:
            spelled[typed] = error
    found = spelled[typed]
    if isinstance(found, InvalidInput):
        raise found
    return found


class YouthKind(Kind):
    name = "youth"
    plain = True
    noun = "young person"
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ref": ("ref", "sagsnr", "sagsnummer"),
        "name": ("name", "navn"),
        "born": ("born", "fødselsdato", "født", "birth_date"),
        "cpr": ("cpr", "cpr_nummer", "cpr_nr", "cprnr"),
        "municipality": ("municipality", "kommune", "handlekommune"),
        "home_municipality": ("home_municipality", "opvækstkommune"),
        "legal_basis": ("legal_basis", "lovgrundlag", "hjemmel"),
        "placed_from": ("placed_from", "anbragt_fra", "anbringelse_start"),
        "placement_site": ("placement_site", "anbringelsessted"),
        "housing": ("housing", "boform"),
        "programme": ("programme", "indsats", "program"),
        "cohort": ("cohort", "hold"),
        "coordinator": ("coordinator", "koordinator"),
        "start": ("start", "startdato"),
        "note": ("note", "bemærkning", "noter"),
        "phone": ("phone", "telefon", "tlf", "telefonnummer"),
        "email": ("email", "e_mail", "mail"),
        "address": ("address", "adresse"),
    }
    required: tuple[str, ...] = ("ref", "name")
    pseudonyms: ClassVar[dict[str, str]] = {
        "ref": "ref", "name": "name", "cpr": "cpr", "born": "year", "coordinator": "name",
        "placement_site": "drop", "note": "drop", "phone": "drop", "email": "drop",
        "address": "drop",
    }  # fmt: skip
    masked = ("cpr",)
    example: ClassVar[dict[str, str]] = {
        "ref": "2025-0412", "name": "Amalie Nørgaard", "born": "14-03-2009", "cpr": "",
        "municipality": "Esbjerg Kommune", "home_municipality": "Esbjerg Kommune",
        "legal_basis": "§ 46", "placed_from": "01-03-2022",
        "placement_site": "Opholdsstedet Vestkysten", "housing": "opholdssted",
        "programme": "Vejen til uddannelse og beskæftigelse", "cohort": "2025-A",
        "coordinator": "Mette Holm", "start": "01-09-2025", "note": "",
        "phone": "12 34 56 78", "email": "amalie@example.dk", "address": "Vestergade 12, 6700 Esbjerg",
    }  # fmt: skip

    def raw_key(self, row: Row) -> tuple[Any, ...] | None:
        """Kind.raw_key() when the key is the ref alone: (ref, "")."""
        ref = text(row.values.get("ref"))
        return None if ref is None else (ref, "")

    def plan(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        ref = text(row.values.get("ref"))
        if ref is None:
            return [
                Problem(
                    row.where,
                    row.column("ref"),
                    t(
                        "the ref is empty; give every young person their case number (sagsnr), "
                        "which efter uses to recognise them on the next import"
                    ),
                )
            ]
        ctx.plain = True  # everyone read as dictionaries (Context.plain), as plan_many() does
        existing = ctx.youth_by_ref(ref)
        base = {f: existing[f] for f in core.FIELDS} if existing else _NOTHING
        # A cell left empty keeps what is stored for the fields the case file cannot be without
        # (an empty start would otherwise mean today); it clears an optional field.
        values = row.values
        given = {**base, **values}
        for f in _KEEP_WHEN_EMPTY:
            if given[f] is not base[f] and not text(values[f]):
                given[f] = base[f]
        try:
            record: dict[str, Any] = core.clean(given)
        except InvalidInput:
            # Field by field, so each problem is reported at its own column.
            problems: list[Problem] = []
            for name in core.FIELDS:
                checked(row, problems, name, partial(core.clean, {name: given[name]}))
            return problems
        force = ctx.force or bool(existing and existing["age_forced"])
        try:
            # An old legal basis already on file stays while its basis and dates are the same.
            same = existing is not None and all(
                record[f] == existing[f] for f in ("legal_basis", "start", "placed_from")
            )
            basis_force = ctx.force or same or bool(existing and existing["basis_forced"])
            core.check_record(record, force=force, basis_force=basis_force, today=ctx.today)
        except InvalidInput as error:
            # The field the core names; born and cpr stand for each other (each holds the
            # birth date): the one the file has.
            column = error.field or "born"
            if column not in row.values:
                column = {"born": "cpr", "cpr": "born"}.get(column, column)
            return [Problem(row.where, row.column(column), worded(error))]
        cpr_problem = self._cpr_owner(row, ctx, record, existing, ref)
        if cpr_problem is not None:
            return [cpr_problem]
        if record.get("programme"):
            # The column means joining that programme: spelled as on file, a near spelling
            # refused as 'youth add' refuses it (efter.core.programmes.spelling).
            try:
                record["programme"] = _spelled(ctx, record["programme"])
            except InvalidInput as error:
                return [Problem(row.where, row.column("programme"), worded(error))]
        label = f"{ref} {record['name']}"
        # record keeps age_forced as check_record() set it: an update stores it, as edit() does.
        return planned(
            row, (ref,), label, record, existing, core.FIELDS,
            youth_id=existing["id"] if existing else None,
        )  # fmt: skip

    def raw_keys(self, rows: Chunk, ctx: Context) -> list[tuple[Any, ...] | None]:
        return [
            None if r is None else (r, "") for r in ctx.column(text, rows.cells("ref"), key=text)
        ]

    def plan_many(self, rows: Chunk, ctx: Context) -> list[Planned] | None:
        """As plan() plans each row: each distinct value of a column cleaned once by the core
        (core.youth.clean, field by field), then the rules on the whole record per row
        (check_record); the CPR numbers' owners are settled afterwards (settle)."""
        refs = ctx.column(text, rows.cells("ref"), key=text)
        if None in refs:
            return None
        ctx.plain = True  # everyone as tuples: a stored row looks a name up column by column
        people = ctx.column(ctx.stored_youth, refs, key="stored-youth")
        names = rows.names()
        cleaned: dict[str, list[Any]] = {}
        for name in core.FIELDS:
            at = _AT[name]
            if name not in names:  # what is stored stays (plan(): given = {**base, **values})
                given = [None if p is None else p[at] for p in people]
            else:
                given, distinct = rows.cells(name), rows.distinct(name)
                if name in _KEEP_WHEN_EMPTY and (
                    None in given or not all(map(str.strip, distinct))
                ):
                    given = [  # an empty cell keeps what is stored
                        cell if text(cell) else (None if p is None else p[at])
                        for cell, p in zip(given, people, strict=True)
                    ]
                    distinct = set(given).difference((None,))
                if core.as_given(name, distinct, empty=None in given):
                    cleaned[name] = given  # clean_one() would give each back as it is
                    continue
            cleaned[name] = column = ctx.column(
                partial(core.clean_one, name), given, key=(self.name, "clean", name)
            )
            if FAILED in column:
                return None
        spelled = ctx.column(partial(_spelled, ctx), cleaned["programme"], key=_spelled)
        if FAILED in spelled:
            return None
        out: list[Planned] = []
        add, check, forced, today = out.append, core.check_record, ctx.force, ctx.today
        for row, ref, existing, fields, programme in zip(
            rows, refs, people, zip(*(cleaned[n] for n in _CLEANED), strict=True), spelled,
            strict=True,
        ):  # fmt: skip
            record: dict[str, Any] = dict(zip(_CLEANED, fields, strict=True))
            if existing is None:
                force = basis_force = forced
                youth_id = None
            else:  # as plan(): an old legal basis stays while its basis and dates are the same
                force = forced or bool(existing[_AGE_FORCED])
                basis_force = (
                    forced
                    or _BASIS(record) == _STORED_BASIS(existing)
                    or bool(existing[_BASIS_FORCED])
                )
                youth_id = existing[_ID]
                if record["cpr"] == existing[_CPR]:  # their own number, as it was (settle)
                    record["cpr_forced"] = existing[_CPR_FORCED]
            try:
                check(record, force=force, basis_force=basis_force, today=today)
            except InvalidInput:
                return None
            record["programme"] = programme
            label = f"{ref} {record['name']}"
            if existing is None:
                add(Planned(row.where, "create", (ref,), label, record))
            elif _FIELDS_OF(record) == _STORED_FIELDS(existing):  # most often: as on file
                add(Planned(row.where, "unchanged", (ref,), label, record, youth_id, youth_id))
            else:  # planned() words the changes
                stored = dict(zip(core.COMPARED, existing, strict=True))
                add(planned(row, (ref,), label, record, stored, _FIELDS, youth_id=youth_id))
        return out

    def settle(self, items: list[Planned], rows: Chunk, ctx: Context) -> int:
        """A CPR number another young person has, row after row as plan() finds it; a young
        person's own number as it was (nearly every row of a file of people on file) at once,
        as _cpr_owner() takes it (plan_many() did, as it read them)."""
        for at, item in enumerate(items):
            record, ref = item.record, item.key[0]
            if "cpr_forced" in record:  # their own number, settled by plan_many()
                continue
            existing = ctx.youth_by_ref(ref)
            if existing is not None and record["cpr"] == existing["cpr"]:
                record["cpr_forced"] = existing["cpr_forced"]
                continue
            if self._cpr_owner(rows[at], ctx, record, existing, ref) is not None:
                return at
        return len(items)

    def _cpr_owner(
        self,
        row: Row,
        ctx: Context,
        record: dict[str, Any],
        existing: Any,
        ref: str,
    ) -> Problem | None:
        """A CPR number already on another young person (in the case file or on an earlier
        row of this file) is a problem unless --force; `cpr_forced` records a forced one."""
        owners = ctx.cache.get("youth-cpr")
        if owners is None:  # every CPR number on file once, then the file's rows as they come
            owners = ctx.cache["youth-cpr"] = {
                number: (ref_, f"{name} (id {id_})")
                for id_, ref_, name, number in core.cpr_numbers(ctx.conn)
            }
        number = record["cpr"]
        if existing is not None and number == existing["cpr"]:
            record["cpr_forced"] = existing["cpr_forced"]  # their own number, as it was
            return None
        forced = 0
        if number:
            owner = owners.get(number)
            if owner is not None and owner[0] != ref:
                if not ctx.force:
                    other = owner[1] or t("the young person with ref {ref}", ref=owner[0])
                    return Problem(row.where, row.column("cpr"), worded(core.same_cpr(other)))
                forced = 1
            owners.setdefault(number, (ref, None))  # worded only when it is needed
        record["cpr_forced"] = forced
        return None

    def apply_all(
        self,
        items: list[Planned],
        ctx: Context,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Through efter.core.youth.insert_many and update_many, as add and edit write."""
        created: list[Planned] = []
        changed: list[tuple[int, dict[str, tuple[Any, Any]], dict[str, Any]]] = []
        for item in changing(items, progress):
            if item.action == "create":
                created.append(item)
            elif item.action == "update" and item.target is not None:
                changed.append((item.target, item.changes, item.record))
        ids = core.insert_many(ctx.conn, [item.record for item in created])
        for item, new_id in zip(created, ids, strict=True):
            item.youth_id = new_id
        core.update_many(ctx.conn, changed)

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        rows = core.for_export(conn)
        return ({"_youth_id": r["id"], **{f: r[f] for f in core.FIELDS}} for r in rows)


KIND = YouthKind()
