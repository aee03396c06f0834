"""Young people's periods in programmes (issue 18), keyed by the young person's ref, the
programme and the day the period starts. Checked by efter.core.programmes (spelling, the dates,
no overlap), as 'efter programme join' checks them; a programme or cohort not on file is made, as
the youth import's programme column makes it; a near spelling is refused ("did you mean")."""

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from typing import Any, ClassVar

from efter.core import programmes as core
from efter.core.dates import parse_date
from efter.core.errors import EfterError
from efter.core.i18n import N_, t
from efter.core.text import check as check_text
from efter.transfer.kinds import (
    FAILED,
    Chunk,
    Context,
    Planned,
    QuickKind,
    changing,
    labels,
    person_column,
    planned,
    text,
    youth_ref,
)
from efter.transfer.rows import Problem, Row, checked

_STORED = ("cohort", "ends")


class ProgrammePeriodKind(QuickKind):
    name = "programmes"
    noun = "programme period"
    key_field = "programme"
    # what quick() reads of the young person a row belongs to (efter.core.youth.fields_by_id)
    person_fields = ("ref", "name", "start")
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ref": ("ref", "sagsnr", "sagsnummer"),
        "programme": ("programme", "indsats", "program"),
        "cohort": ("cohort", "hold"),
        "starts": ("from", "fra", "starts", "startdato"),
        "ends": ("to", "til", "ends", "slutdato"),
    }
    required = ("ref", "programme")
    pseudonyms: ClassVar[dict[str, str]] = {"ref": "ref"}
    example: ClassVar[dict[str, str]] = {
        "ref": "2025-0412", "programme": "EMPOWER4U->DRØMMEJOB", "cohort": "Hold 3",
        "starts": "12-01-2026", "ends": "",
    }  # fmt: skip

    def raw_key(self, row: Row) -> tuple[Any, ...] | None:
        return None  # names and dates have many spellings: compared once resolved

    def raw_keys(self, rows: Chunk, ctx: Context) -> list[tuple[Any, ...] | None]:
        return [None] * len(rows)  # as raw_key()

    def plan_many(self, rows: Chunk, ctx: Context) -> list[Planned] | None:
        """Every row of a chunk as quick() plans it, a column at a time: each distinct
        programme name, cohort and date checked once (Context.column); the young people found
        for the whole chunk (person_column) with only the fields quick() reads, and their
        periods on file read for the whole chunk. None when a row needs the careful plan (the
        importer then plans the chunk row by row)."""
        people = person_column(rows, ctx)
        if people is None:
            return None
        ids, refs = people
        names = ctx.column(
            partial(self._spelling, ctx), rows.cells("programme"), key=(self.name, "programme")
        )
        cohorts = ctx.column(_cohort, rows.cells("cohort"))
        starts = ctx.column(partial(_day, field="starts"), rows.cells("starts"), key=_start)
        ends = ctx.column(partial(_day, field="ends"), rows.cells("ends"), key=_end)
        if None in names or any(FAILED in column for column in (names, cohorts, starts, ends)):
            return None
        # each case's start, once per import (the young people whole only for those with
        # periods on file, below)
        case_starts = list(map(self.person_field(ctx, ids, "start").__getitem__, ids))
        days = [first or start for first, start in zip(starts, case_starts, strict=True)]
        if not all(map(core.dates_pass, case_starts, days, ends)):
            return None  # worded row by row
        keys = list(zip(ids, ctx.column(core.key, names), days, strict=True))
        titles = labels(t(_LABEL), ref=refs, name=names, day=days)
        on_file = ctx.records_column("programmes", ids, core.periods_for_import)
        fields = self.people(ctx, ids) if any(on_file) else {}
        out = []
        for row, youth_id, name, cohort, day, last, key, label, mine in zip(
            rows, ids, names, cohorts, days, ends, keys, titles, on_file, strict=True
        ):
            if mine:  # periods on file: the same one, or one it must not overlap
                found = self._planned(row, ctx, fields[youth_id], name, cohort, day, last)
                if not isinstance(found, Planned):
                    return None  # overlaps a period on file: worded row by row
                out.append(found)
                continue
            # in no programme yet: a new period, which overlaps nothing
            record = {"programme": name, "cohort": cohort, "starts": day, "ends": last}
            out.append(Planned(row.where, "create", key, label, record, youth_id))
        return out

    def _spelling(self, ctx: Context, cell: str | None) -> str | None:
        stripped = text(cell)
        return None if stripped is None else self._spelled(ctx, stripped)

    def quick(self, row: Row, ctx: Context, person: Any) -> Planned | None:
        """A row whose values all pass, planned as plan_checked() plans it with each distinct
        value checked once per import (`Context.once`: the programme's spelling, the cohort,
        the dates); None for any other row, which plan_checked() goes through field by field to
        name what is wrong."""
        values = row.values
        typed = values.get("programme")
        if typed is None:
            return None
        once = ctx.once
        try:
            stripped = text(typed)
            if stripped is None:
                return None
            name = self._spelled(ctx, stripped)
            cohort = once(_cohort, values.get("cohort"))
            starts = once(_day, values.get("starts"), "starts")
            ends = once(_day, values.get("ends"), "ends")
            day = starts or person["start"]
            core.check_dates(
                person["start"],
                date.fromisoformat(day),
                date.fromisoformat(ends) if ends else None,
            )
        except EfterError:
            return None
        found = self._planned(row, ctx, person, name, cohort, day, ends)
        return found if isinstance(found, Planned) else None

    def _planned(
        self,
        row: Row,
        ctx: Context,
        person: Any,
        name: str,
        cohort: str | None,
        day: str,
        ends: str | None,
    ) -> Planned | list[Problem]:
        """A checked row against the young person's periods on file: the same period (by
        programme and start) or a new one, refused when it overlaps another."""
        record = {"programme": name, "cohort": cohort, "starts": day, "ends": ends}
        wanted = core.key(name)
        mine = [
            p for p in ctx.records_of("programmes", person["id"], core.periods_for_import)
            if p["key"] == wanted
        ]  # fmt: skip
        existing = next((p for p in mine if p["starts"] == day), None)
        if (
            existing is not None
            and cohort
            and existing["cohort"]
            and core.key(existing["cohort"]) == core.key(cohort)
        ):
            record["cohort"] = existing["cohort"]  # the same cohort, as spelled on file
        clash = core.overlapping(
            mine, day, record["ends"], existing["id"] if existing is not None else None
        )
        if clash is not None:
            refused = core.already_in(person, name, clash)
            return [Problem(row.where, row.column("starts"), refused.message.rstrip("."))]
        key = (person["id"], wanted, day)
        label = t(_LABEL).format(ref=person["ref"], name=name, day=day)
        return planned(row, key, label, record, existing, _STORED, youth_id=person["id"])

    def plan_checked(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        values = row.values
        person = youth_ref(row, ctx, problems)
        typed = text(values.get("programme"))
        name: str | None = None
        if typed is None:
            problems.append(
                Problem(row.where, row.column("programme"), t("the programme is empty; fill it in"))
            )
        else:
            name = checked(row, problems, "programme", lambda: self._spelled(ctx, typed))
        cohort_text = text(values.get("cohort"))
        cohort = (
            checked(row, problems, "cohort", lambda: " ".join(check_text(cohort_text).split()))
            if cohort_text
            else None
        )
        starts_text, ends_text = text(values.get("starts")), text(values.get("ends"))
        starts = (
            checked(row, problems, "starts", lambda: parse_date(starts_text, field="starts"))
            if starts_text
            else None
        )
        ends = (
            checked(row, problems, "ends", lambda: parse_date(ends_text, field="ends"))
            if ends_text
            else None
        )
        if problems or person is None or name is None:
            return problems
        day = starts.isoformat() if starts else person["start"]
        try:
            core.check_dates(person["start"], date.fromisoformat(day), ends)
        except EfterError as error:
            field = {"from": "starts", "to": "ends"}.get(error.field or "", "starts")
            return [Problem(row.where, row.column(field), f"{error.problem}; {error.fix}")]
        return self._planned(
            row, ctx, person, name, cohort, day, ends.isoformat() if ends else None
        )

    def _spelled(self, ctx: Context, typed: str) -> str:
        spelled: dict[str, Any] = ctx.cache.setdefault("programme-spelling", {})
        if typed not in spelled:
            catalogue = ctx.cache.get("catalogue")
            if catalogue is None:  # the programmes on file, read once (as spelling() reads)
                catalogue = ctx.cache["catalogue"] = core.Catalogue(ctx.conn)
            try:
                spelled[typed] = catalogue.spelling(check_text(typed, "programme"))
            except EfterError as error:
                spelled[typed] = error
        found = spelled[typed]
        if isinstance(found, EfterError):
            raise found
        return str(found)

    def apply_all(
        self,
        items: list[Planned],
        ctx: Context,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Through efter.core.programmes.insert_periods and update_periods, as join writes;
        each programme and cohort found or made once, in the order the file first names
        them."""
        writing = [item for item in changing(items, progress) if item.youth_id is not None]
        made: dict[str, int] = {}
        cohorts: dict[tuple[int, str], int] = {}  # by programme id and the cohort's key
        ids: dict[tuple[str, str | None], tuple[int, int | None]] = {}  # as planned
        for name, cohort in dict.fromkeys(map(_programme_cohort, writing)):
            pid = core.ensure(ctx.conn, name, made)
            cid = None
            if cohort:
                wanted = (pid, core.key(cohort))
                cid = cohorts.get(wanted)
                if cid is None:
                    cid = cohorts[wanted] = core.ensure_cohort(ctx.conn, pid, cohort)
            ids[name, cohort] = (pid, cid)
        new = [
            (item.youth_id, *ids[_programme_cohort(item)], r["starts"], r["ends"])
            for item in writing
            if item.action == "create"
            for r in (item.record,)
        ]
        changed: list[tuple[int, dict[str, Any]]] = []
        for item in writing:
            if item.action == "create" or item.target is None:
                continue
            fields: dict[str, Any] = {}
            if "cohort" in item.changes:
                fields["cohort_id"] = ids[_programme_cohort(item)][1]
            if "ends" in item.changes:
                fields["ends"] = item.record["ends"]
            changed.append((item.target, fields))
        core.insert_periods(ctx.conn, new)  # type: ignore[arg-type]  # youth ids are set
        core.update_periods(ctx.conn, changed)

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        return core.export_rows(conn)


def _cohort(value: str | None) -> str | None:
    """A cohort's name as stored (spaces collapsed); None when the cell is blank."""
    stripped = text(value)
    return " ".join(check_text(stripped).split()) if stripped else None


_LABEL = N_("{ref} {name} from {day}")  # how the summary names a period
_start, _end = object(), object()  # the memos of the two date columns (Context.column)


def _programme_cohort(item: Planned) -> tuple[str, str | None]:
    """The programme and cohort a planned period names, as planned."""
    return item.record["programme"], item.record["cohort"]


def _day(value: str | None, field: str) -> str | None:
    """A date as stored (YYYY-MM-DD); None when the cell is blank."""
    stripped = text(value)
    return parse_date(stripped, field=field).isoformat() if stripped else None


KIND = ProgrammePeriodKind()
