"""`efter report outcomes`: closed cases in the window by outcome, time in the programme and
cost per young person in education or a job; open cases' status at the window's end."""

import math
import sqlite3
from collections import Counter
from datetime import date
from operator import itemgetter
from typing import Any

from efter.core.casefile import ids_param
from efter.core.reports import (
    PERSON,
    SMALL,
    Filters,
    Report,
    days,
    matching,
    median,
    protect,
    protect_total,
    ratio,
)
from efter.core.rows import Records, Rows
from efter.core.status import EDUCATION, WORK, outcome_of

OUTCOME_CODES = ("education", "job", "both", "neither", "unknown")
SUCCESS = ("education", "job", "both")


def outcomes(
    conn: sqlite3.Connection,
    filters: Filters,
    today: date,
    *,
    share: bool = False,
    wide: bool = True,
) -> Report:
    """Closed cases in the window by outcome, time in the programme, open cases' status at
    the window's end, and cost per young person in education or a job. With `wide` False,
    each young person without their programme and the day their status now holds from
    (None): what the table and --csv leave out, never read."""
    from efter.core.casefile import collector_paused

    with collector_paused():  # 10,000 young people's rows and statuses, none in a cycle
        return _outcomes(conn, filters, today, share, wide)


# reports.PERSON with no programme read (the table and --csv show none): a NULL in its place
_NARROW = PERSON.replace("programme", "NULL AS programme")


def _outcomes(
    conn: sqlite3.Connection, filters: Filters, today: date, share: bool, wide: bool
) -> Report:
    start, end = filters.window(today)
    last, first = end.isoformat(), start.isoformat() if start else None
    # Those in the report, chosen in SQL: a case closed in the window, or open at its end
    # (started by then, not closed by then). Both have started by the end, and neither closed
    # before the start. Every row read is shown, in the report's order.
    where = f"start <= '{last}'" + (
        f" AND (closed IS NULL OR closed >= '{first}')" if first else ""
    )
    read = PERSON if wide else _NARROW
    people = matching(conn, filters, read + ", outcome", plain=True, where=where)
    # The rows' fields by position, column by column (each by one map() in C): PERSON and
    # outcome = id 0, ref 1, name 2, coordinator 3, programme 4, start 5, closed 6, outcome 7.
    ids, refs, names, coordinators, programmes, starts, closes, outcomes_ = (
        list(map(itemgetter(n), people)) for n in range(8)
    )
    del people  # its rows (tuples) no longer needed: 5 MiB at 50,000 young people
    # The places of the cases closed in the window (a few hundred); every other one is open.
    shut = [n for n, end in enumerate(closes) if end is not None and end <= last]
    count = len(ids)
    status = ["open"] * count
    closed: list[str | None] = [None] * count
    spent: list[int | None] = [None] * count
    outcome: list[str | None] = [None] * count
    by_outcome: dict[str, list[int]] = {code: [] for code in OUTCOME_CODES}
    for n in shut:
        code, took = outcomes_[n] or "unknown", days(starts[n], closes[n])
        status[n], closed[n], spent[n], outcome[n] = "closed", closes[n], took, code
        by_outcome[code].append(took)
    all_days = [d for days in by_outcome.values() for d in days]
    closed_part: dict[str, Any] = {
        "total": len(shut),
        "outcomes": [
            {
                "outcome": code,
                "count": len(days),
                "share": ratio(len(days), len(shut)),
                "median_days": median(days),
            }
            for code, days in by_outcome.items()
        ],
        "in_education_or_job": sum(len(by_outcome[c]) for c in SUCCESS),
        "median_days": median(all_days),
        "mean_days": round(math.fsum(all_days) / len(all_days), 1) if all_days else None,
    }
    closed_part["share_in_education_or_job"] = ratio(closed_part["in_education_or_job"], len(shut))

    still_open = len(ids) - len(shut)
    current, pairs = _current_status(conn, ids, shut, end, wide)
    open_counts = {code: 0 for code in OUTCOME_CODES}
    education_counts = {term.code: 0 for term in EDUCATION}
    work_counts = {term.code: 0 for term in WORK}
    with_status = sum(pairs.values())
    open_counts["unknown"] = still_open - with_status
    for (education, work), n in pairs.items():  # each kind of status now, a handful
        open_counts[outcome_of(education, work)] += n
        education_counts[education] += n
        work_counts[work] += n
    open_part = {
        "total": still_open,
        "with_status": with_status,
        "statuses": [
            {"outcome": code, "count": n, "share": ratio(n, still_open)}
            for code, n in open_counts.items()
        ],
        "education": [
            {"kind": code, "count": n, "share": ratio(n, with_status)}
            for code, n in education_counts.items()
        ],
        "work": [
            {"kind": code, "count": n, "share": ratio(n, with_status)}
            for code, n in work_counts.items()
        ],
    }
    report: dict[str, Any] = {
        "report": "outcomes",
        "filters": filters.as_dict(today),
        "shared": share,
        "closed": closed_part,
        "open": open_part,
        "cost": _cost(conn, [ids[n] for n in shut], [outcomes_[n] for n in shut]),
    }
    if share:
        share_outcomes(report)
    else:
        report["cases"] = Rows(
            {
                "id": ids,
                "ref": refs,
                "name": names,
                "coordinator": coordinators,
                "programme": programmes,
                "status": status,
                "start": starts,
                "closed": closed,
                "days": spent,
                "outcome": outcome,
                "current": current,  # type: ignore[dict-item]  # read as a list of records
            }
        )  # fmt: skip
    return Report(report, ids)


def _current_status(
    conn: sqlite3.Connection, ids: list[int], shut: list[int], on: date, wide: bool = True
) -> tuple[Records, Counter[tuple[str, str]]]:
    """The open cases' status on `on` (the last one starting by then), as the report shows it
    (from, education, work, outcome), in the order of `ids` (None for a closed case, at the
    places `shut`, or one with no status; core.rows.Records: each kind of status made once,
    a handful, and no record made per young person), and how many have each kind of status
    (education, work). For most of the file, everyone's are read and theirs kept (10,000 ids
    are not written out). Not `wide`: the days they hold from are not read (None)."""
    among, params = "", {"on": on.isoformat()}
    if 2 * (len(ids) - len(shut)) < conn.execute("SELECT count(*) FROM youth").fetchone()[0]:
        closed = set(shut)
        wanted = [i for n, i in enumerate(ids) if n not in closed]
        among, params["ids"] = (
            "AND s.youth_id IN (SELECT value FROM json_each(:ids)) ",
            ids_param(wanted),
        )
    # Each young person's latest status, chosen in SQL, and read as three texts, one per
    # column, each value after a comma (a number, a date, and the two vocabularies' codes
    # joined by a slash: none holds a comma or a slash), split in C: a row read per status
    # made an object of each of its values (19,000 statuses at 10,000 young people: 24 of
    # 40 ms, by instruction count). The three are gathered in the same pass over the same
    # rows, so they are in one order. Each text is split only when the one before is done
    # with, so that no two columns of pieces are held at once (at 50,000 young people they
    # were 28 MiB, the outcomes report's peak).
    texts = list(
        conn.execute(
            "SELECT group_concat(CAST(s.youth_id AS TEXT), ','), "
            "group_concat(s.education || '/' || s.work, ',')"
            + (", group_concat(s.starts, ',') " if wide else " ")
            + "FROM youth_status AS s "
            f"WHERE s.starts <= :on {among}AND NOT EXISTS (SELECT 1 FROM youth_status AS later "
            "WHERE later.youth_id = s.youth_id AND later.starts > s.starts AND later.starts <= :on)",
            params,
        ).fetchone()
    )
    held = list(map(int, _pieces(texts, 0)))  # the young people, in the texts' order
    statuses = _pieces(texts, 1)
    kinds = list(dict.fromkeys(statuses))  # each kind of status, in the order first met
    number = {kind: n for n, kind in enumerate(kinds)}
    which = list(map(dict(zip(held, map(number.__getitem__, statuses), strict=True)).get, ids))
    del statuses
    for n in shut:  # a closed case has no status now (a few hundred of 10,000)
        which[n] = None
    counts = Counter(which)  # None: closed, or no status
    pairs = [(kind.partition("/")[0], kind.partition("/")[2]) for kind in kinds]  # a handful
    current = Records(
        "from",
        [{"from": None, "education": e, "work": w, "outcome": outcome_of(e, w)} for e, w in pairs],
        which,
        list(map(dict(zip(held, _pieces(texts, 2), strict=True)).get, ids))
        if wide
        else [None] * len(ids),
    )
    return current, Counter({pairs[n]: count for n, count in counts.items() if n is not None})


def _pieces(texts: list[str | None], at: int) -> list[str]:
    """The values of one of _current_status()'s texts, that text let go as it is split."""
    text, texts[at] = texts[at], None
    return text.split(",") if text else []


def _cost(
    conn: sqlite3.Connection, closed: list[int], outcomes: list[str | None]
) -> dict[str, Any]:
    """Cost per programme from the closed young people's periods: a young person who was in
    two priced programmes (the model and EMPOWER4U) costs both prices, and counts in both.
    `closed`: the ids of the report's closed cases; `outcomes`: their outcomes, in order."""
    priced_on_file = conn.execute("SELECT programme, amount FROM programme_price").fetchall()
    if not priced_on_file:  # no young person is priced: none's programmes need be read
        return {
            "programmes": [],
            "closed_priced": 0,
            "closed_unpriced": len(closed),
            "total_cost": None,
            "in_education_or_job": 0,
            "cost_per_young_person_in_education_or_job": None,
        }
    from efter.core import programmes as programme_periods

    prices = {
        programme_periods.key(row["programme"]): (row["programme"], row["amount"])
        for row in priced_on_file
    }
    their = programme_periods.programmes_of(conn, closed)
    groups: dict[str, dict[str, Any]] = {}
    unpriced = people = successes = 0
    for youth_id, outcome in zip(closed, outcomes, strict=True):
        keys = [programme_periods.key(name) for name in their.get(youth_id, [])]
        priced = [key for key in keys if key in prices]
        if not priced:
            unpriced += 1
            continue
        people += 1
        success = (outcome or "unknown") in SUCCESS
        successes += success
        for key in priced:
            name, amount = prices[key]
            group = groups.setdefault(
                key, {"programme": name, "price": amount, "closed": 0, "in_education_or_job": 0}
            )
            group["closed"] += 1
            group["in_education_or_job"] += success
    rows = []
    for key in sorted(groups):
        group = groups[key]
        group["total_cost"] = group["price"] * group["closed"]
        group["cost_per_young_person_in_education_or_job"] = _per(
            group["total_cost"], group["in_education_or_job"]
        )
        rows.append(group)
    total = sum(g["total_cost"] for g in rows)
    return {
        "programmes": rows,
        "closed_priced": people,
        "closed_unpriced": unpriced,
        "total_cost": total if rows else None,
        "in_education_or_job": successes,
        "cost_per_young_person_in_education_or_job": _per(total, successes) if rows else None,
    }


def _per(total: int | None, count: int | None) -> int | None:
    if total is None or not count:
        return None
    return round(total / count)


def share_outcomes(report: dict[str, Any]) -> None:
    closed = report["closed"]
    total = closed["total"]
    shown = protect([o["count"] for o in closed["outcomes"]], total)
    for item, count in zip(closed["outcomes"], shown, strict=True):
        item["count"] = count
        item["share"] = ratio(count, total) if count is not None else None
        item["median_days"] = item["median_days"] if count and count >= SMALL else None
    success = closed["in_education_or_job"]
    success_hidden = any(
        o["count"] is None for o in closed["outcomes"] if o["outcome"] in SUCCESS
    )  # the sum would give away what is withheld in it
    if total < SMALL or success_hidden or 0 < success < SMALL or 0 < total - success < SMALL:
        closed["in_education_or_job"] = None if success else 0
        closed["share_in_education_or_job"] = None
    if total < SMALL:
        closed["median_days"] = closed["mean_days"] = None
    closed["total"] = protect_total(total)

    opened = report["open"]
    total, with_status = opened["total"], opened["with_status"]
    # Those without a status are the open cases' "unknown": hide one when it gives the other.
    hide_with_status = 0 < with_status < SMALL or 0 < total - with_status < SMALL
    for parts, whole, of_status in (
        (opened["statuses"], total, False),
        (opened["education"], with_status, True),
        (opened["work"], with_status, True),
    ):
        shown = protect([p["count"] for p in parts], whole)
        if of_status and hide_with_status:
            shown = [None if p["count"] or whole < SMALL else 0 for p in parts]
        for item, count in zip(parts, shown, strict=True):
            item["count"] = count
            item["share"] = ratio(count, whole) if count is not None and whole >= SMALL else None
    opened["total"] = protect_total(total)
    opened["with_status"] = None if hide_with_status else with_status

    cost = report["cost"]
    for group in cost["programmes"]:
        n, k = group["closed"], group["in_education_or_job"]
        hide_n = 0 < n < SMALL
        hide_k = hide_n or 0 < k < SMALL or 0 < n - k < SMALL
        group["closed"] = None if hide_n else n
        group["total_cost"] = None if hide_n else group["total_cost"]
        group["in_education_or_job"] = None if hide_k and k else k
        if hide_k:
            group["cost_per_young_person_in_education_or_job"] = None
    n, k = cost["closed_priced"], cost["in_education_or_job"]
    if 0 < n < SMALL or 0 < k < SMALL or 0 < n - k < SMALL:
        cost["in_education_or_job"] = None if k else 0
        cost["cost_per_young_person_in_education_or_job"] = None
    if 0 < n < SMALL or any(group["closed"] is None for group in cost["programmes"]):
        # With the prices known, the total (or the cost per young person times their number)
        # would give away the withheld counts.
        cost["closed_priced"] = cost["total_cost"] = None
        cost["cost_per_young_person_in_education_or_job"] = None
    cost["closed_unpriced"] = protect_total(cost["closed_unpriced"])
