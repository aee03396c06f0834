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
from typing import Any

from efter.core import areas
from efter.core.errors import InvalidInput
from efter.core.ratings import rater_of

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
        raise InvalidInput(f"'{group_by}' is not a grouping: use programme, cohort or coordinator.")
    rated_by = rater_of(rated_by)
    column = group_by or "NULL"
    youth_rows = conn.execute(f"SELECT id, {column} AS grp FROM youth ORDER BY id").fetchall()
    group_of = {row["id"]: row["grp"] for row in youth_rows}
    # (youth, area) -> [(sort key, score)], one pass over the current ratings (plain tuples:
    # this runs over every rating in the file).
    paths: dict[tuple[int, str], list[tuple[tuple[str, int, int], int]]] = {}
    cursor = conn.cursor()
    cursor.row_factory = None
    cursor.execute(
        "SELECT youth_id, area, rated_on, CASE phase WHEN 'start' THEN 0 WHEN 'meeting' THEN 1 "
        "ELSE 2 END, id, score FROM rating WHERE replaced_by IS NULL AND rated_by = ?",
        (rated_by,),
    )
    for youth_id, area, rated_on, phase, rating_id, score in cursor:
        paths.setdefault((youth_id, area), []).append(((rated_on, phase, rating_id), score))
    rated_codes = {area for _, area in paths}
    area_rows = [
        a
        for a in areas.all_areas(conn, include_retired=True)
        if a["retired"] is None or a["code"] in rated_codes
    ]
    members: dict[str | None, list[int]] = {}
    for youth_id, group in group_of.items():
        members.setdefault(group, []).append(youth_id)
    order = sorted(members, key=lambda g: (g is None, (g or "").casefold()))
    groups = []
    left_out = 0
    for group in order:
        ids = members[group]
        if share and len(ids) < MIN_GROUP:
            left_out += 1
            continue
        groups.append(
            {
                "group": group,
                "youth": len(ids),
                "areas": [_area(area, ids, paths, share) for area in area_rows],
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
    text = (
        f"For sharing: groups of fewer than {MIN_GROUP} young people are left out, and figures "
        f"resting on fewer than {MIN_GROUP} young people are shown as <{MIN_GROUP}."
    )
    if left_out:
        text += f" {left_out} group{'s' if left_out != 1 else ''} left out."
    return text


def _area(
    area: sqlite3.Row,
    ids: list[int],
    paths: dict[tuple[int, str], list[tuple[tuple[str, int, int], int]]],
    share: bool,
) -> dict[str, Any]:
    changes: list[int] = []
    single = not_rated = 0
    for youth_id in ids:
        path = sorted(paths.get((youth_id, area["code"]), []))
        if not path:
            not_rated += 1
        elif len(path) == 1:
            single += 1
        else:
            changes.append(path[-1][1] - path[0][1])
    n = len(changes)
    improved = sum(1 for c in changes if c > 0)
    unchanged = sum(1 for c in changes if c == 0)
    worse = sum(1 for c in changes if c < 0)
    withheld = share and n < MIN_GROUP
    data: dict[str, Any] = {
        "area": area["code"],
        "label_da": area["label_da"],
        "label_en": area["label_en"],
        "followed_up": _small(n, share),
        "mean_change": round(sum(changes) / n, 2) if n and not withheld else None,
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
