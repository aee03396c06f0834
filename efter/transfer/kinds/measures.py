"""Measures (indsatser), keyed by the young person's ref, the kind of measure and its from
date. Checked by efter.core.measures.clean, as 'efter measure add' checks them."""

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from itertools import repeat
from operator import attrgetter
from typing import Any, ClassVar

from efter.core import measures as core
from efter.core.dates import iso_as_given
from efter.core.errors import InvalidInput
from efter.core.i18n import t
from efter.core.rules import any_old_basis
from efter.transfer.kinds import (
    FAILED,
    Chunk,
    Context,
    Created,
    Kind,
    Labels,
    Planned,
    labels,
    person_column,
    planned,
    text,
    youth_ref,
)
from efter.transfer.rows import Problem, Row, checked

_DAYS = ("started", "ended")
# A planned measure's record, in the order plan_many() makes it.
_RECORD = ("kind", "provider", "legal_basis", "started", "ended", "note", "basis_forced")
_WHERE = attrgetter("where")
_STORED = ("kind", "provider", "legal_basis", "started", "ended", "note")
# What clean() needs besides the field checked, so each field is checked on its own.
_STAND_IN = {"kind": "mentor", "started": "2000-01-01"}


def _clean_one(name: str, cell: str | None) -> Any:
    return core.clean_one(name, text(cell))


def _day(cell: str | None) -> date | None:
    """A from or to date's cell as clean_one() reads it, when its column holds days written
    as YYYY-MM-DD (dates.iso_as_given): the day, None when empty."""
    return None if cell is None else date.fromisoformat(cell)


def _iso(day: date | None) -> str | None:
    """A to date as span() stores it."""
    return None if day is None else day.isoformat()


def _span(dates: tuple[Any, Any]) -> tuple[date, str | None]:
    return core.span(*dates)


def _noted(values: tuple[str, str | None]) -> None:
    core.noted(*values)


def _forced(force: bool, values: tuple[str | None, date]) -> int:
    return core.forced(*values, force)


def _measure_key(measure: Any) -> tuple[str, str]:
    return measure["kind"], measure["started"]


class MeasureKind(Kind):
    streams = True
    name = "measures"
    noun = "measure"
    key_field = "kind"
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ref": ("ref", "sagsnr", "sagsnummer"),
        "kind": ("measure", "indsats", "kind", "foranstaltning"),
        "provider": ("provider", "udbyder", "leverandør"),
        "legal_basis": ("legal_basis", "lovgrundlag", "hjemmel"),
        "started": ("from", "fra", "started", "startdato"),
        "ended": ("to", "til", "ended", "slutdato"),
        "note": ("note", "bemærkning", "noter"),
    }
    required = ("ref", "kind")
    pseudonyms: ClassVar[dict[str, str]] = {"ref": "ref", "provider": "drop", "note": "drop"}
    example: ClassVar[dict[str, str]] = {
        "ref": "2025-0412", "kind": "kontaktperson", "provider": "Opholdsstedet Vestkysten",
        "legal_basis": "§ 32", "started": "01-09-2025", "ended": "", "note": "",
    }  # fmt: skip

    def raw_key(self, row: Row) -> tuple[Any, ...] | None:
        return None  # kinds and dates have many spellings: compared once resolved

    def plan(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        values = row.values
        person = youth_ref(row, ctx, problems)
        given = {f: text(values.get(f)) for f in _STORED}
        try:  # the whole record at once; a field alone only to say which are wrong
            record = core.clean(given, force=ctx.force)
        except InvalidInput:
            for field in ("kind", "provider", "started", "note", "legal_basis"):
                alone = {**_STAND_IN, field: given[field]}
                if field == "legal_basis" and not problems:  # an old basis depends on the date
                    alone["started"] = given["started"]
                checked(row, problems, field, partial(core.clean, alone, force=ctx.force))
            if not problems:
                record = checked(row, problems, "ended", lambda: core.clean(given, force=ctx.force))
        if problems or person is None:
            return problems
        key = (person["id"], record["kind"], record["started"])
        existing = ctx.stored("measures", person["id"], core.of_youth, _measure_key, key[1:])
        label = t(
            "{ref} {kind} from {day}", ref=person["ref"], kind=record["kind"], day=record["started"]
        )
        return planned(row, key, label, record, existing, _STORED, youth_id=person["id"])

    def raw_keys(self, rows: Chunk, ctx: Context) -> list[tuple[Any, ...] | None]:
        return []

    def plan_many(self, rows: Chunk, ctx: Context) -> list[Planned] | Created | None:
        """As plan() plans each row: each distinct value of a column checked once by the core
        (measures.clean_one), then the rules that look at two fields (measures.together's:
        span, noted, forced), each once per distinct pair of the fields it reads."""
        people = person_column(rows, ctx)
        if people is None:
            return None
        ids, refs = people
        cleaned = {}
        iso: set[str] = set()  # the columns of days written as YYYY-MM-DD
        for name in _STORED:
            if name in _DAYS and iso_as_given(rows.distinct(name)):  # days as export writes them
                iso.add(name)
                cleaned[name] = values = ctx.column(_day, rows.cells(name))
            else:
                cleaned[name] = values = ctx.column(
                    partial(_clean_one, name), rows.cells(name), key=(self.name, name)
                )
            if FAILED in values:
                return None
        kinds, providers, bases, starts, ends, notes = (cleaned[name] for name in _STORED)
        if None in starts:  # a from date left empty: span() makes it today
            spans = ctx.column(_span, list(zip(starts, ends, strict=True)), key=_span)
            if FAILED in spans:
                return None
            froms, untils = [day for day, _ in spans], [until for _, until in spans]
        else:  # span(): each from date as it is, a to date checked against it
            ended = [pair for pair in zip(starts, ends, strict=True) if pair[1] is not None]
            if FAILED in ctx.column(_span, ended, key=_span):
                return None
            froms, untils = starts, ctx.column(_iso, ends, key=_iso)
        if FAILED in ctx.column(_noted, list(zip(kinds, notes, strict=True)), key=_noted):
            return None
        if not any_old_basis(bases):  # forced(): nothing kept by force
            kept = [0] * len(bases)
        else:
            kept = ctx.column(
                partial(_forced, ctx.force),
                list(zip(bases, froms, strict=True)),
                key=(_forced, ctx.force),
            )
            if FAILED in kept:
                return None
        if froms is starts and "started" in iso:  # stored as written
            days = rows.cells("started")
        else:
            days = ctx.column(date.isoformat, froms, key=date.isoformat)
        stored = ctx.stored_column(
            "measures", ids, core.of_youth, _measure_key, zip(kinds, days, strict=True)
        )
        keys = list(zip(ids, kinds, days, strict=True))
        wheres = list(map(_WHERE, rows))
        columns = (kinds, providers, bases, days, untils, notes, kept)  # in _RECORD's order
        if stored.count(None) == len(stored):  # none of them on file: each one new, as columns
            made = Labels(t("{ref} {kind} from {day}"), ref=refs, kind=kinds, day=days)
            return Created(wheres, keys, made, dict(zip(_RECORD, columns, strict=True)), ids)
        # Each row's record made a column at a time (no Python code per field)
        records = list(map(dict, map(zip, repeat(_RECORD), zip(*columns, strict=True))))
        said = labels(t("{ref} {kind} from {day}"), ref=refs, kind=kinds, day=days)
        return [
            Planned(where, "create", key, label, record, youth_id)
            if existing is None
            else planned(row, key, label, record, existing, _STORED, youth_id=youth_id)
            for row, where, key, label, record, youth_id, existing in zip(
                rows, wheres, keys, said, records, ids, stored, strict=True
            )
        ]

    def apply_all(
        self,
        items: list[Planned],
        ctx: Context,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.apply_batched(items, ctx, progress, core.insert_many, core.update_many)

    def apply_created(self, created: Created, ctx: Context) -> None:
        assert created.columns is not None  # plan_many() makes them so
        core.insert_columns(ctx.conn, created.youth_ids, list(created.columns.values()))

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        rows = core.for_export(conn)
        return (
            {"_youth_id": r["youth_id"], "ref": r["youth_ref"], **{f: r[f] for f in _STORED}}
            for r in rows
        )


KIND = MeasureKind()
