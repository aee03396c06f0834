"""What the meeting documents show: agenda (dagsorden), minutes (mødenotat) and the goals and
agreements form (mål- og aftaleskema). Builds plain contexts for the templates; the Renderer
turns them into Markdown or one print-ready HTML page."""

import html
import sqlite3
from datetime import date, datetime
from typing import Any

from efter.core import agreements, areas, goals, meetings, persons, ratings
from efter.core.dates import age_on
from efter.core.youth import Youth
from efter.render.documents import Markdown

DOCUMENTS = {
    # name: (template, Danish title, English title)
    "agenda": ("agenda.md", "Dagsorden", "Agenda"),
    "minutes": ("minutes.md", "Mødenotat", "Minutes"),
    "form": ("goals-form.md", "Mål- og aftaleskema", "Goals and agreements form"),
}
BLANK_ROWS = 6


def _clock(moment: datetime, lang: str) -> Markdown:
    return Markdown(f"{moment:%H.%M}" if lang == "da" else f"{moment:%H:%M}")


def _person(person: persons.Person, lang: str) -> dict[str, Any]:
    return {
        "name": person.name,
        "role": person.role_label(lang),
        "organisation": person.organisation or "",
        "phone": person.phone or "",
        "email": person.email or "",
        "kind": person.kind,
    }


def meeting_fields(conn: sqlite3.Connection, row: sqlite3.Row, lang: str) -> dict[str, Any]:
    return {
        "id": row["id"],
        "kind": meetings.kind_label(row["kind"], lang, row["milestone"]),
        "code": meetings.kind_key(row["kind"], row["milestone"]),
        "starts": row["starts"],
        "until": _clock(meetings.ends(row), lang),
        "duration": row["duration"],
        "place": row["place"] or "",
        "leader": row["leader"] or "",
        "minute_taker": row["minute_taker"] or "",
        "status": meetings.status_label(row["status"], lang),
        "held": row["status"] == "held",
    }


def youth_fields(youth: Youth, on: date) -> dict[str, Any]:
    return {
        "id": youth.id,
        "name": youth.name,
        "ref": youth.ref or "",
        "born": youth.born,
        "age": age_on(date.fromisoformat(youth.born), on),
        "coordinator": youth.coordinator or "",
    }


def agreement_fields(
    conn: sqlite3.Connection,
    youth: Youth,
    row: sqlite3.Row,
    lang: str,
    day: date,
    numbers: dict[int, int],
) -> dict[str, Any]:
    """One agreement as it stood at the end of the meeting's day: nothing later shows."""
    who = agreements.owner_of(conn, youth, row)
    now = agreements.state_on(row, agreements.events(conn, row), day)
    state = state_text(now, row["first_due"], day, lang)
    return {
        "id": row["id"],
        "number": numbers.get(row["id"], row["id"]),
        "what": row["what"],
        "owner": who.name,
        "owner_role": who.role_label(lang),
        "due": now.due,
        "first_due": row["first_due"],
        "state": state,
        "goal_id": row["goal_id"],
        "status": now.status,
    }


def state_text(now: "agreements.State", first_due: str, day: date, lang: str) -> Markdown:
    """'Gennemført 15. november 2026 (efter fristen)', 'Bortfaldet', 'Frist overskredet' ..."""
    from efter.core.dates import danish_date, english_date

    da = lang == "da"
    if now.status == "done" and now.done_on:
        when = date.fromisoformat(now.done_on)
        text = (
            agreements.status_label("done", lang)
            + " "
            + (danish_date(when) if da else english_date(when))
        )
        if now.done_on > first_due:  # as `report agreements` counts a late keep
            text += " (efter fristen)" if da else " (after the deadline)"
        return Markdown(text)
    if now.status == "dropped":
        return Markdown(agreements.status_label("dropped", lang))
    if now.due < day.isoformat():
        text = "Frist overskredet" if da else "Overdue"
    elif now.due == day.isoformat():
        text = "Frist i dag" if da else "Due today"
    else:
        text = "Åben" if da else "Open"
    if now.moved:
        text += (" (frist flyttet fra " if da else " (moved from ") + _short(first_due, lang) + ")"
    return Markdown(text)


def _short(iso: str, lang: str) -> Markdown:
    """14.3.2026 / 14 Mar 2026: for table cells."""
    day = date.fromisoformat(iso[:10])
    if lang == "da":
        return Markdown(f"{day.day}.{day.month}.{day.year}")
    return Markdown(f"{day.day} {day:%b} {day.year}")


def _participants(
    conn: sqlite3.Connection, youth: Youth, meeting: sqlite3.Row, lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Held: who came and who sent apologies. Planned: everyone on the case, less apologies."""
    rows = meetings.attendance(conn, meeting)
    away = [meetings.attendee(conn, youth, r) for r in rows if r["presence"] == "apologies"]
    if meeting["status"] == "held":
        came = [meetings.attendee(conn, youth, r) for r in rows if r["presence"] == "attended"]
    else:
        day = date.fromisoformat(meeting["starts"][:10])
        from efter.core.consent import covered  # only parties a consent covers are named

        allowed = covered(conn, youth.id, day)
        came = [
            p
            for p in persons.everyone(conn, youth, day, lang)
            if p not in away and (p.kind != "member" or p.member_id in allowed)
        ]
        away = [p for p in away if p.kind != "member" or p.member_id in allowed]
    return [_person(p, lang) for p in came], [_person(p, lang) for p in away]


def latest_ratings(
    conn: sqlite3.Connection, youth: Youth, on: date, lang: str
) -> list[dict[str, Any]]:
    """The latest rating per life area, by the young person and by the professionals, on or
    before `on`. Empty when nobody has rated yet."""
    latest = ratings.latest_on(conn, youth.id, on)
    if not latest:
        return []
    out = []
    label = "label_da" if lang == "da" else "label_en"
    for area in areas.all_areas(conn, include_retired=True):
        mine = latest.get((area["code"], "youth"))
        theirs = latest.get((area["code"], "professional"))
        if mine is None and theirs is None:
            continue
        out.append(
            {
                "code": area["code"],
                "label": area[label],
                "youth": mine["score"] if mine else None,
                "youth_on": mine["rated_on"] if mine else None,
                "professional": theirs["score"] if theirs else None,
                "professional_on": theirs["rated_on"] if theirs else None,
            }
        )
    return out


def scale_words(conn: sqlite3.Connection, lang: str) -> dict[str, str]:
    """The general scale's ends, as the case file words them (areas may be configured)."""
    column = "label_da" if lang == "da" else "label_en"
    words = {row["step"]: row[column] for row in areas.scale(conn) if row["step"] in (1, 5)}
    fallback = (
        ("har brug for omfattende støtte", "klarer det selvstændigt")
        if lang == "da"
        else ("needs comprehensive support", "manages independently")
    )
    low, high = words.get(1), words.get(5)
    return {
        "low": low[:1].lower() + low[1:] if low else fallback[0],
        "high": high[:1].lower() + high[1:] if high else fallback[1],
    }


def ratings_svg(rows: list[dict[str, Any]], lang: str) -> str:
    """Bars 1-5 per life area: the young person's (dark) and the professionals' (light)."""
    left, bar, row_height, top = 190, 60, 30, 26
    width = left + bar * 5 + 20
    height = top + row_height * len(rows) + 8
    youth_text = "Den unge" if lang == "da" else "Young person"
    prof_text = "Fagpersoner" if lang == "da" else "Professionals"
    parts = [
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="11">',
        f'<rect x="{left}" y="6" width="10" height="10" fill="#2f4f6f"/>'
        f'<text x="{left + 14}" y="15">{html.escape(youth_text)}</text>'
        f'<rect x="{left + 110}" y="6" width="10" height="10" fill="#9bb7d4"/>'
        f'<text x="{left + 124}" y="15">{html.escape(prof_text)}</text>',
    ]
    for step in range(1, 6):
        x = left + bar * step
        parts.append(
            f'<line x1="{x}" y1="{top - 4}" x2="{x}" y2="{height - 6}" stroke="#ccc"/>'
            f'<text x="{x - 3}" y="{height}" font-size="9" fill="#555">{step}</text>'
        )
    for number, row in enumerate(rows):
        y = top + row_height * number
        parts.append(f'<text x="0" y="{y + 15}">{html.escape(str(row["label"]))}</text>')
        if row["youth"]:
            parts.append(
                f'<rect x="{left}" y="{y + 3}" width="{bar * row["youth"]}" height="10" '
                'fill="#2f4f6f"/>'
            )
        if row["professional"]:
            parts.append(
                f'<rect x="{left}" y="{y + 14}" width="{bar * row["professional"]}" '
                'height="10" fill="#9bb7d4"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _goals(conn: sqlite3.Connection, youth: Youth, lang: str) -> list[dict[str, Any]]:
    rows = goals.list_goals(conn, youth)
    out: list[dict[str, Any]] = []
    by_id: dict[int, dict[str, Any]] = {}
    for row in rows:
        item = {
            "id": row["id"],
            "area": goals.area_label(conn, row["area"], lang),
            "text": row["text"],
            "status": goals.status_label(row["status"], lang),
            "subgoals": [],
            "agreements": [],
        }
        by_id[row["id"]] = item
        parent = by_id.get(row["parent_id"]) if row["parent_id"] else None
        if parent is not None:
            parent["subgoals"].append(item)
        else:
            out.append(item)
    return out


def _open_on(conn: sqlite3.Connection, row: sqlite3.Row, day: date) -> bool:
    return agreements.state_on(row, agreements.events(conn, row), day).status == "open"


def _due_on(conn: sqlite3.Connection, row: sqlite3.Row, day: date) -> str:
    return agreements.state_on(row, agreements.events(conn, row), day).due


def context(conn: sqlite3.Connection, meeting: sqlite3.Row, lang: str) -> dict[str, Any]:
    """Everything the three meeting documents may show."""
    youth = meetings.youth_of(conn, meeting)
    day = date.fromisoformat(meeting["starts"][:10])
    came, away = _participants(conn, youth, meeting, lang)
    numbers = agreements.numbers(conn, youth.id)
    here = {row["id"] for row in agreements.followed_up_at(conn, meeting["id"])}
    earlier = [
        row
        for row in agreements.made_by(conn, youth.id, day)
        if row["meeting_id"] != meeting["id"]
        and (_open_on(conn, row, day) or (meeting["status"] == "held" and row["id"] in here))
    ]
    earlier.sort(key=lambda row: (_due_on(conn, row, day), row["id"]))
    made_here = agreements.made_at(conn, meeting["id"])
    followed = []
    for row in agreements.followed_up_at(conn, meeting["id"]):
        item = agreement_fields(conn, youth, row, lang, day, numbers)
        item["outcome"] = (
            item["state"] if row["event"] == "kept" else agreements.event_label(row["event"], lang)
        )
        item["old_due"] = row["old_due"]
        item["new_due"] = row["new_due"] or ""
        item["note"] = row["note"] or ""
        followed.append(item)
    previous = meetings.previous_held(conn, meeting)
    following = meetings.next_planned(conn, meeting)
    goal_items = _goals(conn, youth, lang)
    ratings = latest_ratings(conn, youth, day, lang)
    return {
        "meeting": meeting_fields(conn, meeting, lang),
        "youth": youth_fields(youth, day),
        "participants": came,
        "apologies": away,
        "since_last": [agreement_fields(conn, youth, row, lang, day, numbers) for row in earlier],
        "followed_up": followed,
        "new_agreements": [
            agreement_fields(conn, youth, row, lang, day, numbers) for row in made_here
        ],
        "previous_meeting": meeting_fields(conn, previous, lang) if previous else None,
        "next_meeting": meeting_fields(conn, following, lang) if following else None,
        "ratings": ratings,
        "scale": scale_words(conn, lang),
        "goals": goal_items,
        "minutes": meeting["minutes"] or "",
        "blank_rows": list(range(BLANK_ROWS)),
    }


def form_context(conn: sqlite3.Connection, meeting: sqlite3.Row, lang: str) -> dict[str, Any]:
    """The mål- og aftaleskema: goals with their sub-goals and the agreements under each."""
    data = context(conn, meeting, lang)
    youth = meetings.youth_of(conn, meeting)
    day = date.fromisoformat(meeting["starts"][:10])
    numbers = agreements.numbers(conn, youth.id)
    here = {row["id"] for row in agreements.followed_up_at(conn, meeting["id"])}
    rows = [
        row
        for row in agreements.made_by(conn, youth.id, day)
        if _open_on(conn, row, day) or row["meeting_id"] == meeting["id"] or row["id"] in here
    ]
    rows.sort(key=lambda row: (_due_on(conn, row, day), row["id"]))
    index: dict[int, dict[str, Any]] = {}
    for goal in data["goals"]:
        index[goal["id"]] = goal
        for sub in goal["subgoals"]:
            index[sub["id"]] = sub
    loose: list[dict[str, Any]] = []
    for row in rows:
        item = agreement_fields(conn, youth, row, lang, day, numbers)
        target = index.get(row["goal_id"]) if row["goal_id"] else None
        (target["agreements"] if target is not None else loose).append(item)
    data["other_agreements"] = loose
    return data


def render(
    conn: sqlite3.Connection, meeting: sqlite3.Row, document: str, *, lang: str, fmt: str
) -> str:
    from efter.render.documents import Renderer

    template, title_da, title_en = DOCUMENTS[document]
    data = form_context(conn, meeting, lang) if document == "form" else context(conn, meeting, lang)
    youth = data["youth"]
    title = f"{title_da if lang == 'da' else title_en}: {youth['name']}"
    renderer = Renderer(lang)
    ratings = data["ratings"]
    return renderer.document(
        template,
        data,
        fmt=fmt,
        title=title,
        figures={"ratings": lambda: ratings_svg(ratings, lang)},
    )
