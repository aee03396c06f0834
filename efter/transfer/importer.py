"""The importer: every row is validated (and compared with the case file); all of them are
written in the caller's one transaction, or none is.

    with casefile.write() as conn:
        plan = validate(conn, kind, rows, update=..., force=..., write=not dry_run)
        if plan.ok and not dry_run:
            youth_ids = apply(conn, plan)
        # else: roll the transaction back (a kind that streams wrote the chunks checked so far)

Rows are planned in chunks (CHUNK): a kind's plan_many() plans a chunk a column at a time,
and a chunk with anything to say about it is planned row by row with plan().
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from itertools import islice
from operator import attrgetter
from typing import Any

from efter.core import clock, cpr
from efter.core.casefile import LARGE_WRITE_KIB, collector_paused, page_cache
from efter.core.i18n import number_text, t
from efter.core.text import LINE_CHARS
from efter.transfer.kinds import Chunk, Context, Created, Kind, Planned
from efter.transfer.rows import Problem, Row, not_text

MAX_SHOWN = 100  # problems printed on stderr; --json carries them all


class Plan:
    def __init__(self, kind: Kind, update: bool = False, context: Context | None = None) -> None:
        self.kind, self.update, self.context = kind, update, context
        self.items: list[Planned] = []
        self.problems: list[Problem] = []
        self.rows = 0
        self.rejected = 0
        # Written while checking (validate(write=True)): items[:written] are in the case
        # file; those the report does not show were let go, counted here by action.
        self.written = 0
        self.let_go: dict[str, int] = {}
        self.touched: dict[int, None] = {}  # young people written, in order

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return list(map(_ACTION, self.items)).count(action) + self.let_go.get(action, 0)

    def summary(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.count("create"),
            "updated": self.count("update"),
            "unchanged": self.count("unchanged"),
            "rejected": self.rejected,
        }


def shown(kind: Kind, name: str, value: Any) -> Any:
    """A value as a report may show it: a CPR number never appears, only its masked form."""
    if name in kind.masked and value:
        return cpr.mask(str(value))
    return value


def column_of(kind: Kind, row: Row | Planned | None, name: str) -> str:
    """A field as the file names it (its own header), else as export names it."""
    if row is not None and name in row.headers:
        return row.headers[name]
    return kind.columns[name][0] if name in kind.columns else name


def validate(
    conn: Any,
    kind: Kind,
    rows: Iterable[Row | Problem],
    *,
    update: bool = False,
    force: bool = False,
    progress: Callable[[], None] | None = None,
    write: bool = False,
    keep: bool = True,
) -> Plan:
    """Check every row against the rules and the case file; write nothing, unless `write`:
    then a kind that streams (Kind.streams) writes each chunk of checked rows while no row
    has failed yet (inside the caller's one transaction, which the caller rolls back when the
    plan is not ok: all or nothing still), and apply() writes the rest. Without `keep`, the
    planned items written are let go but for the changes the report lists, so memory does
    not grow with the file."""
    streaming = write and kind.streams
    with page_cache(conn, LARGE_WRITE_KIB) if streaming else nullcontext(), collector_paused():
        return _validate(
            conn, kind, rows, update=update, force=force, progress=progress,
            write=streaming, keep=keep,
        )  # fmt: skip


def _written(plan: Plan, keep: bool) -> None:
    """Write the planned items not yet written (apply_all), note whom they touched, and
    without `keep` let go of those the report does not show (it lists the updates)."""
    assert plan.context is not None
    new = plan.items[plan.written :]
    if not new:
        return
    plan.kind.apply_all(new, plan.context, None)
    _touch(plan, new)
    if not keep:
        actions = list(map(_ACTION, new))
        shown = [item for item in new if item.action == "update"] if "update" in actions else []
        for action in set(actions) - {"update"}:
            plan.let_go[action] = plan.let_go.get(action, 0) + actions.count(action)
        plan.items[plan.written :] = shown
    plan.written = len(plan.items)


def _touch(plan: Plan, written: list[Planned]) -> None:
    """Note the young people the written items changed (not those left unchanged), in order."""
    if "unchanged" in set(map(_ACTION, written)):
        written = [item for item in written if item.action != "unchanged"]
    plan.touched.update(dict.fromkeys(map(_YOUTH_ID, written)))
    plan.touched.pop(None, None)  # type: ignore[call-overload]  # a record of no young person


_SHORT = LINE_CHARS // 10  # as _too_long(): no field's limit is below it


def _plain(row: Row) -> bool:
    """Every cell short, printable text (or empty): nothing for not_text() or _too_long()
    to find, in one pass instead of two."""
    for value in row.values.values():
        if value is not None and (
            type(value) is not str or len(value) > _SHORT or not value.isprintable()
        ):
            return False
    return True


def _too_long(row: Row) -> list[Problem]:
    """Cells above the length limit of their field (efter.core.text.max_chars)."""
    from efter.core.text import LINE_CHARS, max_chars

    problems = []
    for name, value in row.values.items():
        if value is not None and len(value) > LINE_CHARS // 10:  # quick for ordinary cells
            limit = max_chars(name)
            if len(value) > limit:
                problems.append(
                    Problem(
                        row.where,
                        row.column(name),
                        t(
                            "the text is {count} characters long; efter keeps at most {limit}; "
                            "shorten it",
                            count=number_text(len(value)),
                            limit=number_text(limit),
                        ),
                    )
                )
    return problems


# Rows planned together by a kind's plan_many(): large enough that the work per chunk is lost
# in the rows, small enough that a chunk planned again row by row costs little.
CHUNK = 2000


def _chunks(rows: Iterable[Row | Problem]) -> Iterator[Chunk | list[Problem]]:
    """The rows in file order, CHUNK at a time; a Problem from the reader ends a chunk and
    comes alone, so a Chunk holds rows only."""
    chunk = Chunk()
    given = iter(rows)
    while batch := list(islice(given, CHUNK - len(chunk))):  # what fills the chunk up
        if set(map(type, batch)) == {Row}:  # most often: rows only, taken at once
            chunk.extend(batch)  # type: ignore[arg-type]
        else:
            for item in batch:
                if type(item) is not Row:
                    if chunk:
                        yield chunk
                        chunk = Chunk()
                    yield [item]  # type: ignore[list-item]
                    continue
                chunk.append(item)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = Chunk()
    if chunk:
        yield chunk


def _validate(
    conn: Any,
    kind: Kind,
    rows: Iterable[Row | Problem],
    *,
    update: bool,
    force: bool,
    progress: Callable[[], None] | None,
    write: bool = False,
    keep: bool = True,
) -> Plan:
    ctx = Context(conn, clock.today(), force=force)
    ctx.plain = kind.plain
    plan = Plan(kind, update=update, context=ctx)
    seen: dict[tuple[Any, ...], str] = {}
    check = _Checker(kind, plan, ctx, seen, update)
    many = type(kind).plan_many is not Kind.plan_many  # the kind plans a chunk at once
    for chunk in _chunks(rows):
        if progress is not None:
            for _ in chunk:
                progress()
        left: list[Row] | list[Problem] = chunk
        if many and type(chunk) is Chunk:
            left = _planned_many(kind, chunk, ctx, plan, seen, update, write and not keep)
        for item in left:
            check.one(item)
        if write and plan.ok:
            _written(plan, keep)
    if plan.rows == 0 and not plan.problems:
        plan.problems.append(
            Problem(
                "",
                None,
                t(
                    "the file has a header but no rows; add a row for each {noun} under the header",
                    noun=kind.noun,
                ),
            )
        )
    return plan


def _planned_many(
    kind: Kind,
    rows: Chunk,
    ctx: Context,
    plan: Plan,
    seen: dict[tuple[Any, ...], str],
    update: bool,
    direct: bool = False,
) -> list[Row]:
    """A chunk of rows planned at once when nothing in it needs a closer look: every cell
    plain, no duplicate, every row planned by the kind's plan_many(), no change without
    --update. Then it is in the plan, as _Checker.one() would have put it, but for the rows
    the kind could not settle (Kind.settle), returned to be checked row by row; else nothing
    is changed (but look-up caches) and the whole chunk is returned. With `direct` (written
    as checked, nothing kept to show), a chunk of new records planned as columns (Created)
    is written at once and let go, with no Planned made for it."""
    try:  # _plain() of every row, a column at a time (each distinct value once)
        for name in rows.names():
            texts = rows.distinct(name)
            if max(map(len, texts), default=0) > _SHORT or not rows.joined(name).isprintable():
                return rows
    except TypeError:  # a value that is not text (a JSON list, say): look closer
        return rows
    if "ref" in kind.columns and _any_mangled(rows, ctx):
        return rows  # the row-by-row check says which and why
    raw = kind.raw_keys(rows, ctx)
    wheres = list(map(_WHERE, rows))
    # Each key hashed as few times as it can be: once into a dict of the chunk's own, once
    # to look for it among those seen before (the dict is then merged by its stored hashes).
    raw_seen: dict[Any, str] = dict(zip(raw, wheres, strict=False))  # no raw keys: none
    raw_seen.pop(None, None)  # a row without a raw key
    if len(raw_seen) != len(raw) - raw.count(None) or not seen.keys().isdisjoint(raw_seen):
        return rows
    planned = kind.plan_many(rows, ctx)
    if planned is None:
        return rows
    if isinstance(planned, Created):  # every row new, as columns
        keys, actions = planned.keys, {"create"}
    else:
        keys, actions = list(map(_KEY, planned)), set(map(_ACTION, planned))
    keys_seen = dict(zip(keys, wheres, strict=False))
    if (
        len(keys_seen) != len(planned)
        or not seen.keys().isdisjoint(keys_seen)
        or (not update and "update" in actions)
    ):
        return rows
    settled = kind.settle(planned, rows, ctx)  # type: ignore[arg-type]
    taken = rows[:settled]
    if settled < len(rows):  # only the rows taken are seen
        raw_seen = dict(zip(raw[:settled], wheres, strict=False))
        raw_seen.pop(None, None)
        keys_seen = dict(zip(keys[:settled], wheres, strict=False))
    seen.update(raw_seen)
    seen.update(keys_seen)
    if isinstance(planned, Created):
        plan.rows += settled
        if not direct:  # a Planned a row, for the report to show (its label made if shown)
            planned.headers = list(map(_HEADERS, taken))
            plan.items.extend(map(planned.__getitem__, range(settled)))
            return rows[settled:]
        assert settled == len(planned)  # only the team's settle row by row, from a list
        if plan.ok:  # written now, in the file's order (as _written() would), and let go
            kind.apply_created(planned, ctx)
            plan.touched.update(dict.fromkeys(planned.youth_ids))
            plan.touched.pop(None, None)  # type: ignore[call-overload]  # of no young person
        plan.let_go["create"] = plan.let_go.get("create", 0) + settled
        return rows[settled:]
    for item, headers in zip(planned, map(_HEADERS, taken), strict=False):
        item.headers = headers
    if "unchanged" in actions:
        for item in planned:
            if item.action == "unchanged":
                item.record = {}  # nothing to write: keep only what the report shows
    plan.rows += settled
    plan.items.extend(planned[:settled])
    return rows[settled:]


_KEY, _ACTION, _YOUTH_ID = attrgetter("key"), attrgetter("action"), attrgetter("youth_id")
_WHERE, _HEADERS = attrgetter("where"), attrgetter("headers")


class _Checker:
    """One row (or one of the reader's problems) checked and planned, as every row was."""

    def __init__(
        self, kind: Kind, plan: Plan, ctx: Context, seen: dict[tuple[Any, ...], str], update: bool
    ) -> None:
        self.kind, self.plan, self.ctx, self.seen, self.update = kind, plan, ctx, seen, update
        self.raw_key, self.plan_row = kind.raw_key, kind.plan  # looked up once
        self.has_ref = "ref" in kind.columns

    def one(self, item: Row | Problem) -> None:
        kind, plan, ctx, seen = self.kind, self.plan, self.ctx, self.seen
        if isinstance(item, Problem):
            plan.problems.append(item)
            if item.rejects:  # a row that could not be read at all
                plan.rows += 1
                plan.rejected += 1
            return
        plan.rows += 1
        if not _plain(item):  # a rare row: look closer
            broken = not_text(item)
            if broken:  # a key holding such a value could not even be looked up
                plan.problems.extend(broken)
                plan.rejected += 1
                return
            too_long = _too_long(item)
            if too_long:
                plan.problems.extend(too_long)
                plan.rejected += 1
                return
        raw = self.raw_key(item)
        if raw is not None and raw in seen:
            label = " ".join(str(part) for part in raw if part)
            plan.problems.append(_duplicate(kind, item, label, seen[raw]))
            plan.rejected += 1
            return
        if raw is not None:
            seen[raw] = item.where
        mangled = _mangled(item, ctx) if self.has_ref else None
        if mangled is not None:
            plan.problems.append(mangled)
            plan.rejected += 1
            return
        result = self.plan_row(item, ctx)
        if isinstance(result, list):
            order = list(item.headers.values())
            result.sort(key=lambda p: order.index(p.column) if p.column in order else -1)
            plan.problems.extend(result)
            plan.rejected += 1
            return
        if result.key in seen:
            plan.problems.append(_duplicate(kind, item, result.label, seen[result.key]))
            plan.rejected += 1
            return
        seen[result.key] = item.where
        if result.action == "update" and not self.update:
            fields = ", ".join(column_of(kind, item, name) for name in result.changes)
            plan.problems.append(
                Problem(
                    item.where,
                    None,
                    t(
                        "{label} is already in the case file with other values in {fields}; add "
                        "--update to change them, or correct the file",
                        label=result.label,
                        fields=fields,
                    ),
                )
            )
            plan.rejected += 1
            return
        result.headers = item.headers
        if result.action == "unchanged":
            result.record = {}  # nothing to write: keep only what the report shows
        plan.items.append(result)


def _mangled(row: Row, ctx: Context) -> Problem | None:
    """A ref not on file that a spreadsheet made from one on file (efter.transfer.mangled)."""
    ref = row.values.get("ref")
    if not ref or not ref.strip() or ctx.youth_by_ref(ref.strip()) is not None:
        return None
    problem: Problem | None = _refs(ctx).problem(row, ref)
    return problem


def _refs(ctx: Context) -> Any:
    """The refs on file a spreadsheet would change (efter.transfer.mangled), read once."""
    refs = ctx.cache.get("mangled")
    if refs is None:
        from efter.transfer.mangled import Refs

        refs = ctx.cache["mangled"] = Refs(ctx.conn)
    return refs


def _any_mangled(rows: Chunk, ctx: Context) -> bool:
    """Whether a row of the chunk has a ref not on file that a spreadsheet made from one on
    file (each distinct ref asked once; the refs on file read only when a ref is not)."""
    if "ref" not in rows.names():
        return False
    if rows.as_text("ref") is not None and not ctx.not_on_file(rows.distinct("ref")):
        return False  # most often: every ref as it is (no space around it) on file
    given = {ref: ref.strip() for ref in set(filter(None, rows.cells("ref")))}
    missing = ctx.not_on_file(set(given.values()).difference(("",)))
    absent = [ref for ref, stripped in given.items() if stripped in missing]
    if not absent:  # every ref on file (a ratings import): nothing to read
        return False
    refs = _refs(ctx)
    if not refs.numbers and not refs.dates:  # no ref on file a spreadsheet would change
        return False
    return any(refs.problem(rows[0], ref) is not None for ref in absent)


def _duplicate(kind: Kind, row: Row, label: str, other: str) -> Problem:
    return Problem(
        row.where,
        column_of(kind, row, kind.key_field),
        t(
            "{label} is also on {other}; each {noun} may appear once in a file: merge the two rows "
            "or remove one",
            label=label.strip(),
            other=other,
            noun=kind.noun,
        ),
    )


def apply(conn: Any, plan: Plan, progress: Callable[[int, int], None] | None = None) -> list[int]:
    """Write every planned row not yet written (inside the caller's transaction). Returns the
    youth ids touched. `progress(done, total)` is called as rows are written."""
    assert plan.ok and plan.context is not None
    if plan.written < len(plan.items):
        new = plan.items[plan.written :]
        with page_cache(conn, LARGE_WRITE_KIB), collector_paused():
            plan.kind.apply_all(new, plan.context, progress)
        _touch(plan, new)
        plan.written = len(plan.items)
    return list(plan.touched)


def describe(plan: Plan) -> list[dict[str, Any]]:
    """The planned actions as --json shows them (CPR numbers masked)."""
    kind = plan.kind
    return [
        {
            "where": item.where,
            "action": item.action,  # create, update or unchanged; the summary says if written
            "record": item.label,
            "changes": {
                name: {"old": shown(kind, name, old), "new": shown(kind, name, new)}
                for name, (old, new) in item.changes.items()
            },
        }
        for item in plan.items
    ]
