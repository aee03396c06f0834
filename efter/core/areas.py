"""Life areas (livsområder): found by code, Danish or English name, or a unique prefix."""

import sqlite3

from efter.core.errors import InvalidInput


def _fold(text: str) -> str:
    return text.strip().casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def all_areas(conn: sqlite3.Connection, *, include_retired: bool = False) -> list[sqlite3.Row]:
    sql = "SELECT * FROM life_area"
    if not include_retired:
        sql += " WHERE retired IS NULL"
    return conn.execute(sql + " ORDER BY position, code").fetchall()


def resolve(conn: sqlite3.Connection, text: str, *, include_retired: bool = False) -> sqlite3.Row:
    """The one life area `text` names: exact code or label first, then a unique prefix."""
    wanted = _fold(text)
    if not wanted:
        raise InvalidInput(
            "The life area is empty: give a code such as 'bolig' (see 'efter areas list')."
        )
    areas = all_areas(conn, include_retired=include_retired)
    names = [
        (area, [_fold(area["code"]), _fold(area["label_da"]), _fold(area["label_en"])])
        for area in areas
    ]
    exact = [area for area, spellings in names if wanted in spellings]
    if len(exact) == 1:
        return exact[0]
    prefixed = [area for area, spellings in names if any(s.startswith(wanted) for s in spellings)]
    if len(prefixed) == 1:
        return prefixed[0]
    if not prefixed:
        codes = ", ".join(area["code"] for area in areas)
        raise InvalidInput(f"'{text.strip()}' is not a life area: use one of {codes}.")
    matches = ", ".join(area["code"] for area in prefixed)
    raise InvalidInput(
        f"'{text.strip()}' could mean several life areas ({matches}): type more of the name."
    )
