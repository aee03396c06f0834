"""Network meetings, keyed by the young person's ref and the start time.

The rules are the meetings core's (efter.core.meetings): its kinds and statuses with their
Danish names, the duration of 1-1440 minutes, free text without NUL characters, no planned
meeting on a closed case, the start time stored as the core stores it, and a changed meeting's
calendar sequence bumped so calendars see the change.
"""

import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import partial
from typing import Any, ClassVar

from efter.core import meetings as core
from efter.core.dates import parse_datetime
from efter.core.errors import EfterError
from efter.core.i18n import t
from efter.core.youth import Youth
from efter.transfer.kinds import (
    FAILED,
    Chunk,
    Context,
    Planned,
    QuickKind,
    person_column,
    planned,
    text,
    youth_ref,
)
from efter.transfer.rows import Problem, Row, checked

_STORED = ("starts", "kind", "place", "duration", "leader", "minute_taker", "status")


def minute(value: str) -> str:
    """A stored start time as 'YYYY-MM-DD HH:MM', however it was written (isoformat, not
    strftime, which imports the time module on every call: this runs once per row)."""
    return datetime.fromisoformat(value).isoformat(sep=" ", timespec="minutes")


def stored(value: str) -> str:
    """A start time as the core stores it ('YYYY-MM-DDTHH:MM')."""
    return datetime.fromisoformat(value).isoformat(timespec="minutes")


class MeetingKind(QuickKind):
    name = "meetings"
    noun = "meeting"
    key_field = "starts"
    # what quick() reads of the young person a row belongs to (efter.core.youth.fields_by_id)
    person_fields = ("ref", "name", "status", "closed")
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ref": ("ref", "sagsnr", "sagsnummer"),
        "starts": ("starts", "tidspunkt", "tid", "at", "mødetid", "start"),
        "kind": ("kind", "type", "mødetype", "art"),
        "place": ("place", "sted"),
        "duration": ("duration", "varighed", "minutter"),
        "leader": ("leader", "mødeleder", "ordstyrer"),
        "minute_taker": ("minute_taker", "referent"),
        "status": ("status",),
    }
    required = ("ref", "starts")
    example: ClassVar[dict[str, str]] = {
        "ref": "2025-0412", "starts": "14-01-2027 14:00", "kind": "netværksmøde",
        "place": "Ungeindsatsen Esbjerg", "duration": "90", "leader": "Mette Holm",
        "minute_taker": "Peter Dam", "status": "planlagt",
    }  # fmt: skip
    pseudonyms: ClassVar[dict[str, str]] = {
        "ref": "ref",
        "leader": "name",
        "minute_taker": "name",
        "place": "drop",
    }

    def raw_key(self, row: Row) -> tuple[Any, ...] | None:
        return None  # a time has many spellings: compared once parsed

    def plan_many(self, rows: Chunk, ctx: Context) -> list[Planned] | None:
        """Every row of a chunk as quick() plans it: each distinct value of a column checked
        once (Context.column), the young people found for the whole chunk (person_column)
        with only the fields quick() reads; a row naming a meeting on file goes through
        quick() (an empty cell there keeps the stored value). None when a row needs the
        careful plan (the importer then plans the chunk row by row)."""
        people = person_column(rows, ctx)
        if people is None:
            return None
        ids, refs = people
        whens = ctx.column(_starts, rows.cells("starts"))
        if None in whens or FAILED in whens:
            return None
        stored = ctx.stored_column("meetings", ids, core.of_youth, _stored_start, whens)
        columns = [ctx.column(check, rows.cells(name)) for name, check in _COLUMNS]
        fields, out = self.people(ctx, ids), []
        for row, youth_id, ref, when, existing, spec, status, duration, place, leader, taker in zip(
            rows, ids, refs, whens, stored, *columns, strict=True
        ):
            if existing is not None:
                found = self.quick(row, ctx, fields[youth_id])
                if found is None:
                    return None
                out.append(found)
                continue
            if FAILED in (spec, status, duration, place, leader, taker):
                return None
            if status == "planned":  # a closed case gets no new planned meetings
                try:
                    core.check_open_case(Youth(fields[youth_id]))
                except EfterError:
                    return None
            record = {
                "starts": when, "kind": spec[0], "milestone": spec[1], "status": status,
                "duration": duration, "place": place, "leader": leader, "minute_taker": taker,
            }  # fmt: skip
            label = f"{ref} {when.replace('T', ' ')}"  # minute()
            out.append(
                Planned(row.where, "create", (youth_id, when), label, record, youth_id=youth_id)
            )
        return out

    def quick(self, row: Row, ctx: Context, person: Any) -> Planned | None:
        """A row whose values all pass, planned as plan_checked() plans it with each distinct
        value checked once per import (`Context.once`: the time, kind, status, duration and
        each text); None for any other row, which plan_checked() goes through field by field to
        name what is wrong."""
        values = row.values
        starts = values.get("starts")
        if starts is None:
            return None
        once = ctx.once
        try:
            when = once(_starts, starts)
            if when is None:
                return None
            existing = ctx.stored("meetings", person["id"], core.of_youth, _stored_start, when)
            # each cell as plan_checked() reads it: an empty kind, status or duration, or a
            # column the file does not have, keeps the stored value
            kind = values.get("kind")
            if existing is not None and ("kind" not in values or not text(kind)):
                kind = existing["kind"]
            status = values.get("status")
            if existing is not None and ("status" not in values or not text(status)):
                status = existing["status"]
            duration = values.get("duration")
            if existing is not None and ("duration" not in values or not text(duration)):
                duration = existing["duration"]
            record: dict[str, Any] = {"starts": when}
            record["kind"], record["milestone"] = spec = once(_kind, kind)
            if existing is not None and spec == ("milestone", None):
                record["milestone"] = existing["milestone"]  # '16' exports back as 16
            record["status"] = once(_status, status)
            record["duration"] = once(_duration, duration)
            for field in ("place", "leader", "minute_taker"):
                value = values[field] if field in values else _stored(existing, field)
                record[field] = once(core.clean_text, value, f"--{field}")
            if record["status"] == "planned" and (
                existing is None or existing["status"] != "planned"
            ):
                core.check_open_case(Youth(person))
        except EfterError:
            return None
        return self._planned(row, person, record, existing)

    def _planned(self, row: Row, person: Any, record: dict[str, Any], existing: Any) -> Planned:
        label = f"{person['ref']} {record['starts'].replace('T', ' ')}"  # minute()
        key = (person["id"], record["starts"])
        old = None
        if existing is not None:
            old = {f: existing[f] for f in (*_STORED, "milestone")}
            old["starts"] = stored(existing["starts"])
        return planned(
            row, key, label, record, existing, (*_STORED, "milestone"), youth_id=person["id"],
            old=old,
        )  # fmt: skip

    def plan_checked(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        person = youth_ref(row, ctx, problems)
        values = row.values
        record: dict[str, Any] = {}
        starts = text(values.get("starts"))
        if starts is None:
            problems.append(
                Problem(
                    row.where,
                    row.column("starts"),
                    t("the start time is empty; give it as 'YYYY-MM-DD HH:MM'"),
                )
            )
        else:
            when = checked(row, problems, "starts", lambda: parse_datetime(starts, field="starts"))
            if when:
                record["starts"] = when.isoformat(timespec="minutes")
        existing = None
        if person is not None and "starts" in record:
            existing = ctx.stored(
                "meetings", person["id"], core.of_youth, lambda m: stored(m["starts"]),
                record["starts"],
            )  # fmt: skip

        def given(field: str) -> str | None:
            # An empty cell keeps the stored value where an empty one would mean a default.
            if field in values and (
                text(values[field]) or field not in ("kind", "status", "duration")
            ):
                return values[field]
            return None if existing is None else existing[field]

        kind, status = text(given("kind")), text(given("status"))
        spec = checked(
            row,
            problems,
            "kind",
            lambda: ctx.once(core.kind_spec, kind) if kind else ("network", None),
        )
        record["kind"], record["milestone"] = spec if spec else (None, None)
        if existing is not None and spec == ("milestone", None):
            record["milestone"] = existing["milestone"]  # '16' exports back as 16
        record["status"] = checked(
            row,
            problems,
            "status",
            lambda: ctx.once(core.status_code, status) if status else "planned",
        )
        given_duration = given("duration")
        duration = None if given_duration is None else text(str(given_duration))
        record["duration"] = checked(
            row, problems, "duration", lambda: ctx.once(core.parse_duration, duration or "90")
        )
        for field in ("place", "leader", "minute_taker"):
            value = given(field)
            record[field] = checked(
                row, problems, field, partial(ctx.once, core.clean_text, value, f"--{field}")
            )
        # A closed case gets no new planned meetings; its history still imports.
        if (
            person is not None
            and record["status"] == "planned"
            and (existing is None or existing["status"] != "planned")
        ):
            checked(row, problems, "status", lambda: core.check_open_case(Youth(person)))
        if problems:
            return problems
        assert person is not None
        return self._planned(row, person, record, existing)

    def apply_all(
        self,
        items: list[Planned],
        ctx: Context,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.apply_batched(items, ctx, progress, core.insert_many, core.update_many)

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        rows = core.for_export(conn)
        return (
            {
                "_youth_id": r["youth_id"],
                "ref": r["youth_ref"],
                **{f: r[f] for f in _STORED},
                "kind": r["milestone"]
                if r["kind"] == "milestone" and r["milestone"]
                else r["kind"],
                "starts": minute(r["starts"]),
            }
            for r in rows
        )


def _stored(existing: Any, field: str) -> Any:
    return None if existing is None else existing[field]


def _stored_start(meeting: Any) -> str:
    return stored(meeting["starts"])


def _starts(value: str) -> str | None:
    """A start time as the core stores it; None when the cell is blank."""
    stripped = text(value)
    if stripped is None:
        return None
    return parse_datetime(stripped, field="starts").isoformat(timespec="minutes")


def _kind(value: str | None) -> tuple[str, str | None]:
    stripped = text(value)
    return core.kind_spec(stripped) if stripped else ("network", None)


def _status(value: str | None) -> str:
    stripped = text(value)
    return core.status_code(stripped) if stripped else "planned"


def _duration(value: Any) -> int:
    stripped = None if value is None else text(str(value))
    return core.parse_duration(stripped or "90")


def _place(value: str | None) -> str | None:
    return core.clean_text(value, "--place")


def _leader(value: str | None) -> str | None:
    return core.clean_text(value, "--leader")


def _minute_taker(value: str | None) -> str | None:
    return core.clean_text(value, "--minute_taker")


# A new meeting's columns but its time, each checked as quick() checks it.
_COLUMNS = (
    ("kind", _kind), ("status", _status), ("duration", _duration), ("place", _place),
    ("leader", _leader), ("minute_taker", _minute_taker),
)  # fmt: skip


KIND = MeetingKind()
