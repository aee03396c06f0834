"""Which stored record a row of a file is, when a young person has several records under the
same key: agreements with the same text, a team or network member who left and came back
(decision 0005, "Several records under one key").

Each row claims at most one stored record and each stored record is claimed by at most one
row, in the file's order: a row no stored record is left for is a new record. A young person
with one stored record under a key keeps the old rule (the row is that record, changed or
not) unless the kind asks to choose then too (`pick_one`: a member's from date after their
last time on the case is a new time); with several, the kind's `pick` chooses among those not
yet claimed, says None for a new record, or raises one of the core's errors when the row does
not say which it is. What a row claimed is kept by its place in the file (Row.where), so a row
planned twice (a chunk planned again row by row) claims the same record again.
"""

from collections.abc import Callable
from typing import Any

from efter.transfer.kinds import Context


class Claims:
    """One import's claims of one kind of record (made once: `Claims.of`)."""

    def __init__(
        self,
        ctx: Context,
        what: str,
        read: Callable[[Any, int | None], list[Any]],
        key_of: Callable[[Any], Any],
    ) -> None:
        self.ctx, self.what, self.read, self.key_of = ctx, what, read, key_of
        self.groups: dict[int, dict[Any, list[Any]]] = {}
        self.claims: dict[tuple[int, Any], dict[str, Any]] = {}

    @classmethod
    def of(
        cls,
        ctx: Context,
        what: str,
        read: Callable[[Any, int | None], list[Any]],
        key_of: Callable[[Any], Any],
    ) -> "Claims":
        found: Claims | None = ctx.cache.get(what + ":claims")
        if found is None:
            found = ctx.cache[what + ":claims"] = cls(ctx, what, read, key_of)
        return found

    def group(self, youth_id: int, key: Any) -> list[Any]:
        """A young person's stored records under `key`, in the order they were made (id),
        read as Context.records_of() reads them. Most young people have one record under
        each key at most: then Context.stored()'s look-up (shared with the kind's, no record
        keyed twice) is the group; the others are grouped once each."""
        ctx, what = self.ctx, self.what
        first = ctx.stored(what, youth_id, self.read, self.key_of, key)
        mine = self.groups.get(youth_id)
        if mine is None:
            keyed = ctx.cache[what + ":keyed"][youth_id]
            if len(keyed) == len(ctx.records_of(what, youth_id, self.read)):
                return _NONE if first is None else [first]  # one record a key
            mine = self.groups[youth_id] = {}
            key_of = self.key_of
            for record in ctx.records_of(what, youth_id, self.read):
                mine.setdefault(key_of(record), []).append(record)
            for name, group in mine.items():
                if len(group) > 1:
                    mine[name] = sorted(group, key=_ID)
        return mine.get(key, _NONE)

    def claim(
        self,
        youth_id: int,
        key: Any,
        where: str,
        group: list[Any],
        pick: Callable[..., Any],
        *args: Any,
        pick_one: bool = False,
    ) -> Any:
        """The stored record (one of `group`, non-empty: group()) the row at `where` is, or
        None for a new record. `pick(*args, free)` chooses among several not yet claimed
        (free has at least one; with `pick_one`, among one too), or says None for a new
        record, or raises an EfterError (worded for the row by the kind)."""
        claims = self.claims.get((youth_id, key))
        if claims is None:  # most often: the first row under this key
            claims = self.claims[youth_id, key] = {}
        elif where in claims:
            return claims[where]
        if not claims and len(group) == 1 and not pick_one:  # one on file, not yet taken
            found = claims[where] = group[0]
            return found
        taken = {record["id"] for record in claims.values() if record is not None}
        free = [record for record in group if record["id"] not in taken]
        if not free:
            found = None
        elif len(group) == 1 and not pick_one:
            found = free[0]
        else:
            found = pick(*args, free)
        claims[where] = found
        return found


_NONE: list[Any] = []


def _ID(record: Any) -> int:
    return int(record["id"])
