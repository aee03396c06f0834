"""Life-area ratings on the 1-5 scale, keyed by the young person's ref, area, rater and phase
(and the date for ratings made at a meeting: start and end come once per area and rater).

Checked and stored by efter.core.ratings (phases, raters, scores, dates, corrections that keep
the earlier rating in the history); areas by efter.core.areas, retired ones included so that an
export of old ratings imports back.
"""

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from typing import Any, ClassVar, TypeVar

from efter.core import ratings
from efter.core.dates import parse_date
from efter.core.errors import InvalidInput
from efter.core.i18n import t
from efter.core.text import clean as clean_text
from efter.core.youth import Youth
from efter.transfer.kinds import (
    FAILED,
    Chunk,
    Context,
    Kind,
    Planned,
    changing,
    planned,
    text,
    youth_ref,
)
from efter.transfer.rows import Problem, Row, checked

_STORED = ("area", "score", "phase", "rated_on", "rated_by", "note")
T = TypeVar("T")


def _day(ctx: Context, text: str) -> date:
    """parse_date(text), once per spelling of a date in the file."""
    days: dict[str, Any] = ctx.cache.setdefault("rating-days", {})
    found = days.get(text)
    if found is None:
        try:
            found = parse_date(text, field="rated_on")
        except InvalidInput as error:
            found = error
        days[text] = found
    if isinstance(found, InvalidInput):
        raise found
    return found


def _current(ctx: Context, youth_id: int) -> dict[tuple[Any, ...], sqlite3.Row]:
    """A young person's current ratings by (area, rater, phase), plus the date for meeting
    ratings: read once per young person, the newest kept where several share a key."""
    by_youth: dict[int, dict[tuple[Any, ...], sqlite3.Row]] = ctx.cache.setdefault(
        "rating-current", {}
    )
    found = by_youth.get(youth_id)
    if found is None:
        found = by_youth[youth_id] = {}
        for r in ratings.current_of(ctx.conn, youth_id):
            key = (r["area"], r["rated_by"], r["phase"])
            found.setdefault((*key, r["rated_on"]) if r["phase"] == "meeting" else key, r)
    return found


def _quick(
    row: Row, ctx: Context, look: ratings.Lookups
) -> tuple[sqlite3.Row, dict[str, Any]] | None:
    """The checks of _checked() for a row where all is well, without a closure per cell; None
    when anything fails or is unusual, and _checked() says what."""
    values = row.values
    ref, area, score, phase, day = (
        text(values.get(f)) for f in ("ref", "area", "score", "phase", "rated_on")
    )
    if not (ref and area and score and phase and day):
        return None
    person = ctx.youth_by_ref(ref)
    if person is None:
        return None
    rater, note = text(values.get("rated_by")), text(values.get("note"))
    if note is not None and not note.isprintable():
        return None
    try:
        code = look.area(area)
        record: dict[str, Any] = {
            "area": code,
            "score": look.score(score, code),
            "phase": look.phase(phase, "--phase"),
            "rated_on": _day(ctx, day).isoformat(),
            "rated_by": look.rater(rater, "--rated-by") if rater else "professional",
            "note": note,
        }
    except InvalidInput:
        return None
    # ratings.check_date: not before birth, not after today nor after the closing date
    closed = person["closed"]
    last = min(ctx.today.isoformat(), closed) if closed else ctx.today.isoformat()
    if not person["born"] <= record["rated_on"] <= last:
        return None
    return person, record


def _person(ctx: Context, ref: str) -> sqlite3.Row | None:
    return ctx.youth_by_ref(ref)


def _resolved(lookup: Callable[[str], str], value: str) -> str:
    return lookup(value)


def _rater(look: ratings.Lookups, value: str | None) -> str:
    return look.rater(value, "--rated-by") if value else "professional"


def _iso_day(ctx: Context, value: str) -> str:
    return _day(ctx, value).isoformat()


def _score(look: ratings.Lookups, pair: tuple[str, str]) -> int:
    return look.score(*pair)


class RatingKind(Kind):
    streams = True
    name = "ratings"
    noun = "rating"
    key_field = "area"
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ref": ("ref", "sagsnr", "sagsnummer"),
        "area": ("area", "livsområde", "område"),
        "score": ("score", "vurdering", "point"),
        "phase": ("phase", "fase"),
        "rated_on": ("date", "dato", "rated_on"),
        "rated_by": ("rated_by", "vurderet_af", "af"),
        "note": ("note", "bemærkning", "noter"),
    }
    required = ("ref", "area", "score", "phase", "rated_on")
    example: ClassVar[dict[str, str]] = {
        "ref": "2025-0412", "area": "uddannelse", "score": "3", "phase": "start",
        "rated_on": "01-09-2025", "rated_by": "fagperson", "note": "",
    }  # fmt: skip
    pseudonyms: ClassVar[dict[str, str]] = {"ref": "ref", "note": "drop"}

    def raw_key(self, row: Row) -> tuple[Any, ...] | None:
        return None  # areas, phases and raters have many spellings: compared once resolved

    def plan(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        look = ctx.cache.get("ratings")
        if look is None:  # areas, phases, raters and scores resolved once per import
            # Retired areas too, for ratings made before they were retired.
            look = ctx.cache["ratings"] = ratings.Lookups(ctx.conn, include_retired=True)
        found = _quick(row, ctx, look)
        if found is None:  # something is wrong, or unusual: every check, column by column
            checked_row = self._checked(row, ctx, look)
            if isinstance(checked_row, list):
                return checked_row
            found = checked_row
        person, record = found
        values = row.values
        key: tuple[Any, ...] = (person["id"], record["area"], record["rated_by"], record["phase"])
        if record["phase"] == "meeting":
            key += (record["rated_on"],)
        existing = _current(ctx, person["id"]).get(key[1:])
        label = f"{person['ref']} {record['area']} {record['phase']} ({record['rated_by']})"
        if existing is not None and "note" not in values:
            record["note"] = existing["note"]
        return planned(row, key, label, record, existing, _STORED, youth_id=person["id"])

    def raw_keys(self, rows: Chunk, ctx: Context) -> list[tuple[Any, ...] | None]:
        return []

    def plan_many(self, rows: Chunk, ctx: Context) -> list[Planned] | None:
        """As plan() plans each row where _quick() finds all well: each distinct ref, area,
        score, phase, date and rater resolved once (ratings.Lookups), a column at a time."""
        look = ctx.cache.get("ratings")
        if look is None:
            look = ctx.cache["ratings"] = ratings.Lookups(ctx.conn, include_retired=True)
        refs, areas, scores, phases, days, raters, notes = (
            ctx.column(text, rows.cells(name), key=text)
            for name in ("ref", "area", "score", "phase", "rated_on", "rated_by", "note")
        )
        if None in refs or None in areas or None in scores or None in phases or None in days:
            return None  # an empty cell: _checked() words it
        if any(note is not None and not note.isprintable() for note in set(notes)):
            return None
        people = ctx.column(partial(_person, ctx), refs, key=_person)
        if None in people:
            return None
        codes = ctx.column(partial(_resolved, look.area), areas, key=look.area)
        if FAILED in codes:
            return None
        resolved = (
            ctx.column(partial(_score, look), list(zip(scores, codes, strict=True)), key=_score),
            ctx.column(partial(_resolved, look.phase), phases, key=look.phase),
            ctx.column(partial(_iso_day, ctx), days, key=_iso_day),
            ctx.column(partial(_rater, look), raters, key=_rater),
        )
        if any(FAILED in column for column in resolved):
            return None
        scores, phases, days, raters = resolved
        today = ctx.today.isoformat()
        out = []
        for row, person, code, score, phase, day, rater, note in zip(
            rows, people, codes, scores, phases, days, raters, notes, strict=True
        ):
            closed = person["closed"]
            last = min(today, closed) if closed else today
            if not person["born"] <= day <= last:  # ratings.check_date, as _quick() checks it
                return None
            record = {"area": code, "score": score, "phase": phase, "rated_on": day,
                      "rated_by": rater, "note": note}  # fmt: skip
            youth_id = person["id"]
            key: tuple[Any, ...] = (youth_id, code, rater, phase)
            if phase == "meeting":
                key += (day,)
            existing = _current(ctx, youth_id).get(key[1:])
            label = f"{person['ref']} {code} {phase} ({rater})"
            if existing is None:
                out.append(Planned(row.where, "create", key, label, record, youth_id=youth_id))
                continue
            if "note" not in row.values:
                record["note"] = existing["note"]
            out.append(planned(row, key, label, record, existing, _STORED, youth_id=youth_id))
        return out

    def _checked(
        self, row: Row, ctx: Context, look: ratings.Lookups
    ) -> tuple[sqlite3.Row, dict[str, Any]] | list[Problem]:
        """Every check of a row, each failure a problem at its own column."""
        problems: list[Problem] = []
        values = row.values
        person = youth_ref(row, ctx, problems)
        record: dict[str, Any] = {}
        for field, what in (
            ("area", "life area"),
            ("score", "score"),
            ("phase", "phase"),
            ("rated_on", "date"),
        ):
            if text(values.get(field)) is None:
                problems.append(
                    Problem(
                        row.where,
                        row.column(field),
                        t("the {what} is empty; fill it in", what=what),
                    )
                )
        area = text(values.get("area"))
        if area:
            # By code, Danish or English name or a unique prefix, as 'efter rate' takes them.
            record["area"] = checked(row, problems, "area", lambda: look.area(area))
        score = text(values.get("score"))
        if score:
            code = record.get("area") or area or "the area"
            record["score"] = checked(row, problems, "score", lambda: look.score(score, code))
        phase = text(values.get("phase"))
        if phase:
            record["phase"] = checked(row, problems, "phase", lambda: look.phase(phase, "--phase"))
        day = text(values.get("rated_on"))
        if day:
            parsed = checked(row, problems, "rated_on", lambda: _day(ctx, day))
            record["rated_on"] = parsed.isoformat() if parsed else None
            if parsed and person is not None:
                youth = Youth(person)
                checked(row, problems, "rated_on", lambda: ratings.check_date(youth, parsed))
        rater = text(values.get("rated_by"))
        record["rated_by"] = checked(
            row, problems, "rated_by",
            lambda: look.rater(rater, "--rated-by") if rater else "professional",
        )  # fmt: skip
        note = text(values.get("note"))
        record["note"] = (
            None
            if note is None
            else checked(row, problems, "note", lambda: clean_text(note, "--note", lines=True))
        )
        if problems:
            return problems
        assert person is not None
        return person, record

    def apply_all(
        self,
        items: list[Planned],
        ctx: Context,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Through efter.core.ratings.store_many: new ratings in one executemany; a changed
        rating is a correction, so the history keeps both."""
        written: list[Planned] = []
        stored: list[ratings.Stored] = []
        for item in changing(items, progress):
            if item.youth_id is None:
                continue
            r = item.record
            written.append(item)
            stored.append(
                ratings.Stored(
                    item.youth_id, r["area"], r["score"], r["phase"], r["rated_by"],
                    r["rated_on"], None, r["note"], item.target,
                )
            )  # fmt: skip
        ids = ratings.store_many(ctx.conn, stored)
        for item, new_id in zip(written, ids, strict=True):
            item.target = new_id

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        rows = ratings.for_export(conn)
        return (
            {"_youth_id": r["youth_id"], "ref": r["youth_ref"], **{f: r[f] for f in _STORED}}
            for r in rows
        )


KIND = RatingKind()
