"""The overdragelsesnotat (handover note): what a new coordinator needs to know about one
young person on the day the case changes hands. A plain context for templates/{da,en}/
handover.md; the Renderer makes Markdown or a print-ready HTML page."""

import sqlite3
from datetime import date
from typing import Any

from efter.core import members
from efter.core.youth import Youth

TEMPLATE = "handover.md"
TITLES = {"da": "Overdragelsesnotat", "en": "Handover note"}


def statutory(youth: Youth, today: date, lang: str) -> list[dict[str, Any]]:
    """The statutory dates still ahead (from today), as 'efter youth show' lists them."""
    from efter.core import rules

    return [
        {
            "code": s.code,
            "date": s.on.isoformat(),
            "label": s.label_da if lang == "da" else s.label_en,
        }
        for s in rules.statutory_dates(date.fromisoformat(youth.born))
        if s.on >= today
    ]


def context(
    conn: sqlite3.Connection,
    youth: Youth,
    *,
    previous: str | None,
    to: str,
    on: date,
    today: date,
    lang: str,
) -> dict[str, Any]:
    from efter.core import handover, vocab
    from efter.render import meetings as meeting_docs

    person = meeting_docs._youth(youth, today)
    person.update(
        municipality=youth.municipality or "",
        home_municipality=youth.home_municipality or "",
        placement_site=youth.placement_site or "",
        programme=youth.programme or "",
        legal_basis=vocab.label(vocab.LEGAL_BASES, youth.legal_basis, lang),
        start=youth.start,
    )
    agreements = [
        meeting_docs._agreement(conn, youth, row, lang, today)
        for row in conn.execute(
            "SELECT * FROM agreement WHERE youth_id = ? AND status = 'open' ORDER BY due, id",
            (youth.id,),
        )
    ]
    coming = [
        meeting_docs._meeting(conn, row, lang)
        for row in conn.execute(
            "SELECT * FROM meeting WHERE youth_id = ? AND status = 'planned' AND starts >= ? "
            "ORDER BY starts, id",
            (youth.id, today.isoformat()),
        )
    ]
    current = members.list_members(conn, youth, None, include_ended=False, today=today)
    people = [
        {
            "side": m["side"],
            "role": vocab.label(members.SIDES[m["side"]], m["role"], lang),
            "name": m["name"],
            "organisation": m["organisation"] or "",
            "phone": m["phone"] or "",
            "email": m["email"] or "",
        }
        for m in current
    ]
    return {
        "youth": person,
        "previous": previous or "",
        "to": to,
        "on": on.isoformat(),
        "today": today.isoformat(),
        "agreements": agreements,
        "meetings": coming,
        "statutory": statutory(youth, today, lang),
        "team": [p for p in people if p["side"] == "team"],
        "network": [p for p in people if p["side"] == "network"],
        "ratings": meeting_docs.latest_ratings(conn, youth, today, lang),
        "scale": meeting_docs._scale(conn, lang),
        "history": handover.history(conn, youth),
    }


def render(
    conn: sqlite3.Connection,
    youth: Youth,
    *,
    previous: str | None,
    to: str,
    on: date,
    today: date,
    lang: str,
    fmt: str = "md",
) -> str:
    from efter.render.documents import Renderer

    data = context(conn, youth, previous=previous, to=to, on=on, today=today, lang=lang)
    return Renderer(lang).document(TEMPLATE, data, fmt=fmt, title=f"{TITLES[lang]}: {youth.name}")
