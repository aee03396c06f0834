"""Closed cases: the young person (as the youth kind reads them) with the closing date and
the outcome, keyed by ref. The closing is the record: a row for a young person whose case is
open closes it (counted as created); one already closed on another day or with another
outcome is an update. An empty outcome is the one the status current on the closing day
points to, as 'efter youth close' proposes it; a case already closed keeps its outcome.
Checked by efter.core.youth (clean, check_record, check_closing)."""

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, ClassVar

from efter.core import youth as core
from efter.core.dates import parse_date
from efter.core.i18n import t
from efter.transfer.kinds import FAILED, Chunk, Context, Planned, labels, planned, text
from efter.transfer.kinds.youth import YouthKind
from efter.transfer.rows import Problem, Row, checked

_CLOSING = ("closed", "outcome")  # status follows: closed
# A young person as Context.stored_youth() reads them: a tuple of core.COMPARED.
_ID, _STATUS, _OUTCOME = map(core.COMPARED.index, ("id", "status", "outcome"))


def _closing_day(value: str | None) -> Any:
    """The closed column as plan() reads it (None: empty, which plan() words)."""
    found = text(value)
    return None if found is None else parse_date(found, field="closed")


class ClosedKind(YouthKind):
    # Written chunk by chunk: a closing changes nothing a later row's checks read (each young
    # person's record is read before the import writes, and appears once in a file).
    streams = True
    name = "closed"
    noun = "closed case"
    columns: ClassVar[dict[str, tuple[str, ...]]] = {
        **YouthKind.columns,
        "closed": ("closed", "afsluttet", "lukket", "slutdato"),
        "outcome": ("outcome", "udfald", "resultat"),
    }
    required = ("ref", "name", "closed")
    example: ClassVar[dict[str, str]] = {
        **YouthKind.example,
        "closed": "30-06-2026",
        "outcome": "uddannelse",
    }

    def plan(self, row: Row, ctx: Context) -> Planned | list[Problem]:
        problems: list[Problem] = []
        person = YouthKind.plan(self, Row(row.where, {
            k: v for k, v in row.values.items() if k not in ("closed", "outcome")
        }, row.headers, row.fields), ctx)  # fmt: skip
        if isinstance(person, list):
            problems.extend(person)
        day_text = text(row.values.get("closed"))
        day = None
        if day_text is None:
            problems.append(
                Problem(
                    row.where,
                    row.column("closed"),
                    t("the closing date is empty; give the day the case was closed"),
                )
            )
        else:
            day = checked(row, problems, "closed", lambda: parse_date(day_text, field="closed"))
        if problems or day is None or isinstance(person, list):
            return problems
        existing = ctx.youth_by_ref(person.record["ref"])
        given = text(row.values.get("outcome"))
        if given is None and existing is not None and existing["status"] == "closed":
            given = existing["outcome"]
        elif given is None and existing is not None:
            from efter.core.status import proposed_outcome

            given, _ = proposed_outcome(ctx.conn, existing["id"], day)
        elif given is None:
            given = "unknown"
        start = person.record["start"]
        checked(row, problems, "closed", lambda: core.check_closing(start, day, "unknown"))
        outcome = None  # a case closed before with no outcome recorded keeps none
        if given is not None:
            outcome = checked(
                row, problems, "outcome", lambda: core.check_closing(start, day, given)
            )
        if problems:
            return problems[:1]
        return self._closed(row, person, existing, day.isoformat(), outcome)

    def plan_many(self, rows: Chunk, ctx: Context) -> list[Planned] | None:
        """As plan() plans each row: the young person as the youth kind plans a chunk, then the
        closing: each distinct date and outcome checked once, the days against the starts a
        column at a time (core.youth.check_closing's rules, which plan() words)."""
        people = YouthKind.plan_many(self, rows, ctx)
        if people is None:
            return None
        days = ctx.column(_closing_day, rows.cells("closed"), key=_closing_day)
        if None in days or FAILED in days:
            return None
        # The young people as on file, as YouthKind.plan_many found them (the same memo).
        refs = ctx.column(text, rows.cells("ref"), key=text)
        stored = ctx.column(ctx.stored_youth, refs, key="stored-youth")  # core.COMPARED
        given = ctx.column(text, rows.cells("outcome"), key=text)
        if None in given:  # an empty outcome, as plan() fills it in
            given = given[:]
            asked = []  # open cases: the status current on the closing day proposes one
            for at, (existing, typed) in enumerate(zip(stored, given, strict=True)):
                if typed is not None:
                    continue
                if existing is None:
                    given[at] = "unknown"
                elif existing[_STATUS] == "closed":
                    given[at] = existing[_OUTCOME]
                else:
                    asked.append(at)
            if asked:
                from efter.core.status import proposed_outcomes

                closings = [(stored[at][_ID], days[at]) for at in asked]
                for at, proposed in zip(asked, proposed_outcomes(ctx.conn, closings), strict=True):
                    given[at] = proposed
            if None in given:  # a case closed with no outcome recorded: plan() keeps none
                return None
        outcomes = ctx.column(core.outcome_code, given, key=core.outcome_code)
        if FAILED in outcomes:
            return None
        closed = ctx.column(date.isoformat, days, key=date.isoformat)
        starts = [person.record["start"] for person in people]
        if not all(map(str.__ge__, closed, starts)):  # a closing before the start (not_before)
            return None
        # Each row's part of its label, a column at a time (labels(): no keywords per row)
        said = labels(t("(closed {day}, {outcome})"), day=closed, outcome=outcomes)
        for row, person, existing, day, outcome, label in zip(
            rows, people, stored, closed, outcomes, said, strict=True
        ):
            if existing is None or existing[_STATUS] == "closed" or person.changes:
                if existing is not None:
                    existing = dict(zip(core.COMPARED, existing, strict=True))
                self._closed(row, person, existing, day, outcome, label)
                continue
            # Most often: an open case, the young person as on file; the closing is new
            # (_closed(), without a dictionary of the closing per row).
            record = person.record
            record["status"], record["closed"], record["outcome"] = "closed", day, outcome
            person.label += " " + label
            person.action = "create"
        return people

    def _closed(
        self,
        row: Row,
        person: Planned,
        existing: Any,
        day: str,
        outcome: str | None,
        said: str | None = None,
    ) -> Planned:
        """The young person's plan with the closing (the day as YYYY-MM-DD, the outcome's
        code, or None for a case closed before with none recorded), as plan() ends; `said`
        is t("(closed {day}, {outcome})") filled in already."""
        closing = {"status": "closed", "closed": day, "outcome": outcome}
        person.record.update(closing)
        if outcome is None:
            person.label += " " + t("(closed {day})", day=day)
        else:
            said = (
                t("(closed {day}, {outcome})", day=day, outcome=outcome) if said is None else said
            )
            person.label += " " + said
        if existing is None:
            return person
        if existing["status"] != "closed" and not person.changes:
            person.action = "create"  # the closing is new; the young person is as on file
            return person
        # The closing compared as every kind compares a record (planned): the young person's
        # own fields were compared by the youth kind.
        closing_of = planned(row, person.key, person.label, closing, existing, _CLOSING,
                             youth_id=person.youth_id)  # fmt: skip
        person.changes.update(closing_of.changes)
        person.action = "update" if person.changes else "unchanged"
        return person

    def apply_all(
        self,
        items: list[Planned],
        ctx: Context,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """New young people and changed fields as the youth kind writes them; then every
        closing in one executemany."""
        people: list[Planned] = []
        for item in items:
            if item.action == "unchanged":
                continue
            if item.target is None:
                people.append(item)
                continue
            changes = {f: c for f, c in item.changes.items() if f in core.FIELDS}
            if changes:
                people.append(
                    Planned(item.where, "update", item.key, item.label, item.record,
                            youth_id=item.youth_id, target=item.target, changes=changes)
                )  # fmt: skip
        YouthKind.apply_all(self, people, ctx, progress)
        # close_many ends the programme periods too (programmes.close_periods), once.
        core.close_many(
            ctx.conn,
            (
                (item.youth_id, item.record["closed"], item.record["outcome"])  # type: ignore[misc]
                for item in items
                if item.action != "unchanged"
            ),
        )

    def export(self, conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
        rows = core.for_export(conn, closed=True)
        return (
            {"_youth_id": r["id"], **{f: r[f] for f in (*core.FIELDS, "closed", "outcome")}}
            for r in rows
        )


KIND = ClosedKind()
