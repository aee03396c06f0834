"""Progress on life areas across young people: change from first to last rating per area.

Per group (all, or per programme, cohort or coordinator) and area: how many young people have
both a first and a last rating (two or more ratings by the chosen rater), the mean change, and
the share improved, unchanged and worse. A young person with a single rating in an area counts
as "no follow-up yet", one with none as "not rated": nobody is silently dropped.

With `share=True` (figures that leave the case file) groups of fewer than MIN_GROUP young
people are left out, area figures resting on fewer than MIN_GROUP young people are withheld,
counts of 1-4 are withheld, and only shares (not counts) of improved/unchanged/worse are given.
"""

import sqlite3
from collections.abc import Callable
from typing import Any

from efter.core import areas, names, vocab
from efter.core.errors import InvalidInput
from efter.core.i18n import nt, t

GROUPINGS = ("programme", "cohort", "coordinator")
MIN_GROUP = 5


def _small(count: int, share: bool) -> int | None:
    """A count as it may be shown: withheld (None) when 1-4 in shared figures."""
    return None if share and 0 < count < MIN_GROUP else count


def progress(
    conn: sqlite3.Connection,
    *,
    group_by: str | None = None,
    rated_by: str = "professional",
    share: bool = False,
) -> dict[str, Any]:
    if group_by is not None and group_by not in GROUPINGS:
        raise InvalidInput(
            t(
                "'{group_by}' is not a grouping: use programme, cohort or coordinator.",
                group_by=group_by,
            )
        )
    rated_by = vocab.lookup(vocab.RATERS, rated_by, "rater", "--by").code
    column = group_by or "NULL"
    # Each group's size; first seen by youth id, so equal-looking names keep their file order.
    if group_by is None:
        everyone = conn.execute("SELECT count(*) FROM youth").fetchone()[0]
        members = [(None, everyone)] if everyone else []
    else:
        source, grouped = _source(column)
        members = [
            (row[0], row[1])
            for row in conn.execute(
                f"SELECT {grouped} AS grp, count(*) FROM {source} GROUP BY grp ORDER BY min(id)"
            )
        ]
    counts, rated_codes = _counts(conn, column, rated_by)
    area_rows = [
        a
        for a in areas.all_areas(conn, include_retired=True)
        if a["retired"] is None or a["code"] in rated_codes
    ]
    # Groups in Danish alphabetical order (Å last), as every list of names is.
    order = sorted(members, key=lambda m: (m[0] is None, names.order_key(m[0] or "")))
    groups = []
    left_out = 0
    for group, size in order:
        if share and size < MIN_GROUP:
            left_out += 1
            continue
        groups.append(
            {
                "group": group,
                "youth": size,
                "areas": [
                    _area(area, size, counts.get((group, area["code"]), _NONE), share)
                    for area in area_rows
                ],
            }
        )
    return {
        "rated_by": rated_by,
        "group_by": group_by,
        "share": share,
        "min_group": MIN_GROUP if share else None,
        "groups_left_out": left_out,
        "groups": groups,
        "note": _note(share, left_out),
    }


def _note(share: bool, left_out: int) -> str | None:
    if not share:
        return None
    text = t(
        "For sharing: groups of fewer than {n} young people are left out, and figures resting "
        "on fewer than {n} young people are shown as <{n}.",
        n=MIN_GROUP,
    )
    if left_out:
        text += " " + nt("{n} group left out.", "{n} groups left out.", left_out)
    return text


# Per young person and area, the rater's current ratings in order: by date, then phase (start,
# meeting, end: reverse alphabetical, hence `phase DESC`), then id. The index rating_progress
# (m009_progress) holds exactly that order, so the first and the last rating of each path are
# one index seek each, made only for paths of two or more ratings. This is the definition of
# a path's figures, computed from the ratings themselves; the triggers of m010_reports keep the
# same figures per path in `rating_path` on every write, and the report reads those
# (`_counts`). Tests compare the two.
_PROGRESS_SQL = """
SELECT y.id IS NULL AS orphan, {column} AS grp, path.area,
       sum(path.n = 1), sum(path.n > 1), sum(path.change),
       sum(path.change > 0), sum(path.change = 0), sum(path.change < 0)
FROM (
    SELECT g.youth_id, g.area, count(*) AS n,
           CASE WHEN count(*) > 1 THEN
               (SELECT score FROM rating AS r
                WHERE r.rated_by = ?1 AND r.replaced_by IS NULL
                  AND r.youth_id = g.youth_id AND r.area = g.area
                ORDER BY r.rated_on DESC, r.phase ASC, r.id DESC LIMIT 1)
               - (SELECT score FROM rating AS r
                  WHERE r.rated_by = ?1 AND r.replaced_by IS NULL
                    AND r.youth_id = g.youth_id AND r.area = g.area
                  ORDER BY r.rated_on ASC, r.phase DESC, r.id ASC LIMIT 1)
           END AS change
    FROM rating AS g
    WHERE g.rated_by = ?1 AND g.replaced_by IS NULL
    GROUP BY g.youth_id, g.area
) AS path
LEFT JOIN {source} AS y ON y.id = path.youth_id
GROUP BY orphan, grp, path.area
"""

# The same figures kept by the triggers of m010_reports. For everyone: `rating_tally`, the
# number of paths per area and change (a few dozen rows). Per group: `rating_path`, one row per
# young person, area and rater, joined to the young person and summed per group and area.
# A path's `change` is NULL when it has a single rating.
_ALL_SQL = """
SELECT area, followed, change, paths FROM rating_tally WHERE rated_by = ? AND paths > 0
"""
_GROUP_SQL = """
SELECT y.{column}, p.area, sum(p.change IS NULL), count(p.change), sum(p.change),
       sum(p.change > 0), sum(p.change = 0), sum(p.change < 0)
FROM rating_path AS p JOIN {source} AS y ON y.id = p.youth_id
WHERE p.rated_by = ?
GROUP BY y.{column}, p.area
"""

# Per programme, a young person counts in every programme they have a period in (issue 18,
# efter.core.programmes): the young people joined to their programmes' names, one row per
# young person and programme (one with no programme: one row, in no programme).
_BY_PROGRAMME = """(
    SELECT y.*, g.name AS in_programme FROM youth AS y LEFT JOIN (
        SELECT DISTINCT pp.youth_id, p.name FROM programme_period AS pp
        JOIN programme AS p ON p.id = pp.programme_id
    ) AS g ON g.youth_id = y.id
)"""


def _source(column: str) -> tuple[str, str]:
    """The young people to group (a table or a subquery) and the column to group them by."""
    if column == "programme":
        return _BY_PROGRAMME, "in_programme"
    return "youth", column


# (single, followed up, sum of changes, improved, unchanged, worse)
_Counts = tuple[int, int, int, int, int, int]
_NONE: _Counts = (0, 0, 0, 0, 0, 0)


def _counts(
    conn: sqlite3.Connection, column: str, rated_by: str
) -> tuple[dict[tuple[str | None, str], _Counts], set[str]]:
    """(group, area) -> counts, and every area with a current rating by the rater."""
    counts: dict[tuple[str | None, str], _Counts] = {}
    cursor = conn.cursor()
    cursor.row_factory = None
    if column == "NULL":
        tally: dict[str, list[int]] = {}
        for area, followed, change, number in cursor.execute(_ALL_SQL, (rated_by,)):
            figures = tally.setdefault(area, [0, 0, 0, 0, 0, 0])
            if not followed:
                figures[0] += number
                continue
            figures[1] += number
            figures[2] += change * number
            figures[3 if change > 0 else 4 if change == 0 else 5] += number
        for area, (single, n, total, better, same, worse) in tally.items():
            counts[(None, area)] = (single, n, total, better, same, worse)
        return counts, set(tally)
    source, grouped = _source(column)
    for group, area, single, n, total, better, same, worse in cursor.execute(
        _GROUP_SQL.format(column=grouped, source=source), (rated_by,)
    ):
        counts[(group, area)] = (single, n, total or 0, better or 0, same or 0, worse or 0)
    return counts, {area for _, area in counts}


def _counts_from_ratings(
    conn: sqlite3.Connection, column: str, rated_by: str
) -> tuple[dict[tuple[str | None, str], _Counts], set[str]]:
    """`_counts` computed from the ratings themselves (_PROGRESS_SQL): what the kept paths
    must always agree with."""
    source, grouped = _source(column)
    column = "NULL" if column == "NULL" else f"y.{grouped}"
    counts: dict[tuple[str | None, str], _Counts] = {}
    rated: set[str] = set()
    cursor = conn.cursor()
    cursor.row_factory = None
    for orphan, group, area, single, n, total, better, same, worse in cursor.execute(
        _PROGRESS_SQL.format(column=column, source=source), (rated_by,)
    ):
        rated.add(area)
        if not orphan:
            counts[(group, area)] = (single, n, total or 0, better or 0, same or 0, worse or 0)
    return counts, rated


def _area(area: sqlite3.Row, size: int, counts: _Counts, share: bool) -> dict[str, Any]:
    single, n, total, improved, unchanged, worse = counts
    not_rated = size - single - n
    withheld = share and n < MIN_GROUP
    data: dict[str, Any] = {
        "area": area["code"],
        "label_da": area["label_da"],
        "label_en": area["label_en"],
        "followed_up": _small(n, share),
        "mean_change": round(total / n, 2) if n and not withheld else None,
        "improved": None if share else improved,
        "unchanged": None if share else unchanged,
        "worse": None if share else worse,
        "share_improved": _share(improved, n, withheld),
        "share_unchanged": _share(unchanged, n, withheld),
        "share_worse": _share(worse, n, withheld),
        "no_follow_up_yet": _small(single, share),
        "not_rated": _small(not_rated, share),
        "withheld": withheld and n > 0,
    }
    return data


def _share(count: int, n: int, withheld: bool) -> float | None:
    if not n or withheld:
        return None
    return round(count / n, 3)


def insert_new_ratings(
    conn: sqlite3.Connection, insert: Callable[[], None], youth_ids: list[int]
) -> None:
    """Ratings of young people new to the file (a case bundle's: `insert` stores them), with
    the kept progress figures (m010_reports' rating_path) made once per path afterwards
    instead of by the insert trigger once per rating: 30,000 ratings took 6.5 s with the
    trigger, 1.9 s this way (the loaded 2-core test machine). The trigger is put back in the
    same transaction. The arithmetic is m010_reports' (a migration keeps its own copy: it is
    frozen once landed).
    Every rater is named so that SQLite reads the paths in the order of the covering index
    rating_progress, with no sort for the GROUP BY (30,000 ratings: 61 -> 43 ms CPU)."""
    from efter.core.casefile import ids_param

    found = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'rating_path_insert'"
    ).fetchone()
    if found is None:
        insert()
        return
    conn.execute("DROP TRIGGER rating_path_insert")
    insert()
    conn.execute(
        """
        INSERT INTO rating_path (youth_id, area, rated_by, n, change)
        SELECT g.youth_id, g.area, g.rated_by, count(*),
               CASE WHEN count(*) > 1 THEN
                   (SELECT score FROM rating AS r
                    WHERE r.rated_by = g.rated_by AND r.replaced_by IS NULL
                      AND r.youth_id = g.youth_id AND r.area = g.area
                    ORDER BY r.rated_on DESC, r.phase ASC, r.id DESC LIMIT 1)
                   - (SELECT score FROM rating AS r
                      WHERE r.rated_by = g.rated_by AND r.replaced_by IS NULL
                        AND r.youth_id = g.youth_id AND r.area = g.area
                      ORDER BY r.rated_on ASC, r.phase DESC, r.id ASC LIMIT 1)
               END
        FROM rating AS g
        WHERE g.replaced_by IS NULL AND g.rated_by IN ({raters})
          AND g.youth_id IN (SELECT value FROM json_each(?))
        GROUP BY g.rated_by, g.youth_id, g.area
        """.format(raters=", ".join("?" for _ in vocab.RATERS)),
        (*(term.code for term in vocab.RATERS), ids_param(youth_ids)),
    )
    conn.execute(found[0])
