"""Which stored record a row of a file is, when a young person has several records under the
same key: agreements with the same text, a team or network member who left and came back
(decision 0005, "Several records under one key").

Each row claims at most one stored record and each stored record is claimed by at most one
row, in the file's order: a row no stored record is left for is a new record. A young person
with one stored record under a key keeps the old rule (the row is that record, changed or
not) unless the kind asks to choose then too (`pick_one`: a member's from date after their
last time on the case is a new time); with several, the kind's `pick` chooses among those not
yet claimed, says None for a new record, or raises one of the core's errors when the row does
not say which it is. What a row claimed is kept by its place
in the file (Row.where), so a row planned twice (a chunk planned again row by row) claims the
same record again.
"""

from collections.abc import Callable, Sequence
from typing import Any

from efter.transfer.kinds import Context


def claim(
    ctx: Context,
    what: str,
    youth_id: int,
    key: Any,
    where: str,
    group: Sequence[Any],
    pick: Callable[[list[Any]], Any],
    *,
    pick_one: bool = False,
) -> Any:
    """The stored record (one of `group`, a young person's records under `key`) the row at
    `where` is, or None for a new record. `pick(free)` chooses among several not yet claimed
    (free has at least one; with `pick_one`, among one too), or says None for a new record,
    or raises an EfterError (worded for the row by the kind)."""
    if not group:
        return None
    everyone: dict[Any, dict[str, Any]] | None = ctx.cache.get(what + ":claims")
    if everyone is None:
        everyone = ctx.cache[what + ":claims"] = {}
    claims = everyone.get((youth_id, key))
    if claims is None:  # most often: the first row under this key
        claims = everyone[youth_id, key] = {}
    elif where in claims:
        return claims[where]
    if not claims and len(group) == 1 and not pick_one:  # most often: one on file, not taken
        found = claims[where] = group[0]
        return found
    taken = {record["id"] for record in claims.values() if record is not None}
    free = [record for record in group if record["id"] not in taken]
    if not free:
        found = None
    elif len(group) == 1 and not pick_one:
        found = free[0]
    else:
        found = pick(free)
    claims[where] = found
    return found


def grouped(
    ctx: Context,
    what: str,
    youth_id: int,
    read: Callable[[Any, int | None], list[Any]],
    key_of: Callable[[Any], Any],
) -> dict[Any, list[Any]]:
    """A young person's stored records by key, each list in the order they were made (id),
    read as Context.records_of() reads them, once per young person."""
    groups: dict[int, dict[Any, list[Any]]] = ctx.cache.setdefault(f"{what}:groups", {})
    mine = groups.get(youth_id)
    if mine is None:
        mine = groups[youth_id] = {}
        for record in ctx.records_of(what, youth_id, read):
            mine.setdefault(key_of(record), []).append(record)
        for key, group in mine.items():
            if len(group) > 1:
                mine[key] = sorted(group, key=_ID)
    return mine


def _ID(record: Any) -> int:
    return int(record["id"])
