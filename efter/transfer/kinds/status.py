"""Status periods (education and work), keyed by the young person's ref and the day the
period starts. Checked by efter.core.status.check_period, as 'efter status' checks them."""

import sqlite3
from collections.abc import Callable, Iterator
from operator import attrgetter, itemgetter
from typing import Any, ClassVar

from efter.core import status as core
from efter.core.dates import iso_as_given, parse_date
from efter.core.errors import EfterError, InvalidInput
from efter.core.i18n import N_, t
from efter.core.youth import Youth
from efter.transfer.kinds import (
    FAILED,
    Chunk,
    Context,
    Created,
    Labels,
    Planned,
    QuickKind,
    labels,
    person_column,
    planned,
    text,
    youth_ref,
)
from efter.transfer.rows import Problem, Row, checked

_STORED = ("starts", "education", "work", "note")


class StatusKind(QuickKind):
    # Written chunk by chunk: a row's checks read the young person and the periods on file
    # before the import (a later row of the same young person and day is a duplicate).
    streams = True
    name = "status"
    noun = "status period"
    key_field = "starts"
    # what quick() reads of the young person a row belongs to (efter.core.youth.fields_by_id)
    person_fields = ("ref", "born")
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ref": ("ref", "sagsnr", "sagsnummer"),
        "education": ("education", "uddannelse"),
        "work": ("work", "beskæftigelse", "arbejde", "job"),
        "starts": ("from", "fra", "starts", "startdato", "dato"),
        "note": ("note", "bemærkning", "noter"),
    }
    required = ("ref", "education", "work", "starts")
    pseudonyms: ClassVar[dict[str, str]] = {"ref": "ref", "note": "drop"}
    example: ClassVar[dict[str, str]] = {
        "ref": "2025-0412", "education": "FGU", "work": "fritidsjob", "starts": "01-09-2025",
        "note": "Fritidsjob i Netto",
    }  # fmt: skip

    def raw_key(self, row: Row) -> tuple[Any, ...] | None:
        return None  # dates have many spellings: compared once parsed

    def raw_keys(self, rows: Chunk, ctx: Context) -> list[tuple[Any, ...] | None]:
        return [None] * len(rows)  # as raw_key()

    def plan_many(self, rows: Chunk, ctx: Context) -> list[Planned] | Created | None:
        """Every row of a chunk as quick() plans it, a column at a time: each distinct date,
        and each distinct education, work and note together, checked once (Context.column);
        the young people found for the whole chunk (person_column) with only their birth
        dates. None when a row needs the careful plan (the importer then plans the chunk
        row by row)."""
        people = person_column(rows, ctx)
        if people is None:
            return None
        ids, refs = people
        days: list[Any]
        if iso_as_given(rows.distinct("starts")):  # days as export writes them: as written
            days = rows.cells("starts")
        else:
            days = ctx.column(_day, rows.cells("starts"))
        kinds = ctx.passed(  # None when a value fails (looked for among the distinct ones)
            _values_of,
            list(zip(rows.cells("education"), rows.cells("work"), rows.cells("note"), strict=True)),
        )
        if kinds is None or None in kinds or None in days or FAILED in days:
            return None
        if not self._after_every_birth(ctx, ids, days):
            # the birth dates of everyone, once per import; of a small file's few, from the
            # rows its refs found (no query)
            born = self.person_field(ctx, ids, "born")
            if any(map(str.__lt__, days, map(born.__getitem__, ids))):
                return None  # before the birth date (ISO dates compare as text): row by row
        stored = ctx.stored_column("status", ids, core.of_youth, _starts, days)
        educations, jobs = list(map(_FIRST, kinds)), list(map(_SECOND, kinds))
        if stored.count(None) == len(stored):  # none of them on file: each one new, as columns
            return Created(
                list(map(_WHERE, rows)),
                list(zip(ids, days, strict=True)),
                Labels(t(_LABEL), ref=refs, education=educations, work=jobs, day=days),
                # the records as columns, written as they are (apply_created)
                {"starts": days, "education": educations, "work": jobs,
                 "note": list(map(_THIRD, kinds))},
                ids,
            )  # fmt: skip
        titles = labels(t(_LABEL), ref=refs, education=educations, work=jobs, day=days)
        out = []
        for row, youth_id, day, (education, job, note), label, existing in zip(
            rows, ids, days, kinds, titles, stored, strict=True
        ):
            record = {"starts": day, "education": education, "work": job, "note": note}
            if existing is None:
                out.append(Planned(row.where, "create", (youth_id, day), label, record, youth_id))
                continue
            if "note" not in row.values:
                record["note"] = existing["note"]
            out.append(
                planned(row, (youth_id, day), label, record, existing, _STORED, youth_id=youth_id)
            )
        return out

    def _after_every_birth(self, ctx: Context, ids: list[int], days: list[Any]) -> bool:
        """Whether each day of a large file's chunk is on or after the latest birth date on
        file (read once per import), so none is before its young person's: most often, and
        then nobody's birth date is read (status periods: 5 ms of 18,901)."""
        if ctx.looked_up(ids) is not None:  # a small file: its few young people at hand
            return False
        latest = ctx.cache.get("latest birth", False)
        if latest is False:
            from efter.core.youth import latest_birth

            latest = ctx.cache["latest birth"] = latest_birth(ctx.conn)
        return latest is not None and min(days) >= latest

    def quick(self, row: Row, ctx: Context, person: Any) -> Planned | None:
        """A row whose values all pass, planned with each distinct value checked once per
        import (`Context.once`: the date, and the education, work and note together); None
        for any other row, which plan_checked() goes through field by field to name what is
        wrong."""
        values = row.values
        starts = values.get("starts")
        if starts is None:
            return None
        try:
            day = ctx.once(_day, starts)
            kinds = ctx.once(
                _values, values.get("education"), values.get("work"), values.get("note")
            )
        except EfterError:
            return None
        if day is None or kinds is None or day < person["born"]:
            return None  # empty, or before the birth date (ISO dates compare as text)
        return self._planned(row, ctx, person, day, *kinds)

    def _planned(
        self,
        row: Row,
        ctx: Context,
        person: Any,
        day: str,
        education: str | None,
        job: str | None,
        note: str | None,
    ) -> Planned:
        record = {"starts": day, "education": education, "work": job, "note": note}
        existing = ctx.stored("status", person["id"], core.of_youth, _starts, day)
        key = (person["id"], day)
        label = t(_LABEL).format(ref=person["ref"], education=education, work=job, day=day)
        if existing is not None and "note" not in row.values:
            record["note"] = existing["note"]
        return planned(row, key, label, record, existing, _STORED, youth_id=person["id"])

    def plan_checked(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        values = row.values
        person = youth_ref(row, ctx, problems)
        for field, what in (("education", "education"), ("work", "work"), ("starts", "from date")):
            if text(values.get(field)) is None:
                problems.append(
                    Problem(
                        row.where,
                        row.column(field),
                        t("the {what} is empty; fill it in", what=what),
                    )
                )
        day_text = text(values.get("starts"))
        day = (
            checked(row, problems, "starts", lambda: parse_date(day_text, field="starts"))
            if day_text
            else None
        )
        if problems or person is None or day is None:
            return problems
        youth = Youth(person)
        edu = text(values.get("education"))
        work = text(values.get("work"))
        note = text(values.get("note"))
        try:  # the whole period at once; a field alone only to say which are wrong
            education, job, note = core.check_period(youth, edu, work, day, note)
        except InvalidInput:
            checked(
                row, problems, "starts", lambda: core.check_period(youth, None, None, day, None)
            )
            if not problems:  # the other checks repeat the date's
                for field, call in (
                    ("education", lambda: core.check_period(youth, edu, None, day, None)),
                    ("work", lambda: core.check_period(youth, None, work, day, None)),
                    ("note", lambda: core.check_period(youth, None, None, day, note)),
                ):
                    checked(row, problems, field, call)
            if problems:
                return problems
            education, job, note = core.check_period(youth, edu, work, day, note)
        return self._planned(row, ctx, person, day.isoformat(), education, job, note)

    def apply_all(
        self,
        items: list[Planned],
        ctx: Context,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.apply_batched(items, ctx, progress, core.insert_many, core.update_many)

    def apply_created(self, created: Created, ctx: Context) -> None:
        columns = created.columns  # plan_many() makes them so
        assert columns is not None
        core.insert_columns(ctx.conn, created.youth_ids, columns["starts"],
                            columns["education"], columns["work"], columns["note"])  # fmt: skip

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        rows = core.for_export(conn)
        return (
            {"_youth_id": r["youth_id"], "ref": r["youth_ref"], **{f: r[f] for f in _STORED}}
            for r in rows
        )


_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)
_WHERE = attrgetter("where")


def _starts(period: Any) -> Any:
    return period["starts"]


_LABEL = N_("{ref} {education}/{work} from {day}")  # how the summary names a period


def _values_of(cells: tuple[str | None, str | None, str | None]) -> Any:
    return _values(*cells)


def _day(value: str) -> str | None:
    """The day a period starts as stored (YYYY-MM-DD); None when the cell is blank."""
    stripped = text(value)
    return parse_date(stripped, field="starts").isoformat() if stripped else None


def _values(
    edu: str | None, work: str | None, note: str | None
) -> tuple[str, str, str | None] | None:
    """(education, work, note) as stored, by the core's rules on a period's values alone;
    None when the education or the work is blank."""
    education, job, cleaned = core.check_values(text(edu), text(work), text(note))
    return None if education is None or job is None else (education, job, cleaned)


KIND = StatusKind()
