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


# The statutory dates a new coordinator must act on: ahead, to take a stand on, or missed.
SHOWN_STATUSES = ("missed", "consider", "coming")


def statutory(
    conn: sqlite3.Connection, youth: Youth, today: date, lang: str
) -> list[dict[str, Any]]:
    """The statutory dates that apply to this young person (judged as 'efter youth show'
    judges them) and still need something done: coming, to consider, or missed."""
    from efter.core import deadlines
    from efter.render.report_pages import deadline_status_words

    judged = deadlines.judged_many(conn, [youth.row], today)[youth.id]
    words = deadline_status_words(lang, one_person=True)
    return [
        {
            "code": j.code,
            "date": j.on.isoformat(),
            "label": j.label_da if lang == "da" else j.label_en,
            "status": words[j.status],
        }
        for j in judged
        if j.status in SHOWN_STATUSES
    ]


def consents(
    conn: sqlite3.Connection, youth: Youth, today: date, lang: str
) -> list[dict[str, Any]]:
    """Every consent recorded, as 'efter consent list' shows them, in the note's words."""
    from efter.core import consent

    out = []
    for record in consent.records(conn, [youth], today, lang)[youth.id]:
        if record["given_by"] == "youth":
            given = "den unge" if lang == "da" else "the young person"
        else:
            given = "forælder" if lang == "da" else "parent"
            if record["parent_name"]:
                given += f" ({record['parent_name']})"
        out.append(
            {
                "given_by": given,
                "parties": ", ".join(p["name"] for p in record["parties"]),
                "areas": ", ".join(record["area_labels"]),
                "from": record["from"],
                "last_day": record["last_day"],
                "state": record["state_label"],
            }
        )
    return out


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
    from efter.core import handover, programmes, vocab
    from efter.render import meetings as meeting_docs

    person = meeting_docs.youth_fields(youth, today)
    person.update(
        municipality=youth.municipality or "",
        home_municipality=youth.home_municipality or "",
        placement_site=youth.placement_site or "",
        programme=youth.programme or "",
        phone=youth.phone or "",
        email=youth.email or "",
        address=youth.address or "",
        legal_basis=vocab.label(vocab.LEGAL_BASES, youth.legal_basis, lang),
        start=youth.start,
    )
    from efter.core import agreements as agreement_core
    from efter.core import meetings as meeting_core

    numbers = agreement_core.numbers(conn, youth.id)
    agreements = [
        meeting_docs.agreement_fields(conn, youth, row, lang, today, numbers)
        for row in agreement_core.open_for(conn, youth.id)
    ]
    coming = [
        meeting_docs.meeting_fields(conn, row, lang)
        for row in meeting_core.coming(conn, youth.id, today)
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
            "address": m["address"] or "",
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
        "statutory": statutory(conn, youth, today, lang),
        "consents": consents(conn, youth, today, lang),
        "team": [p for p in people if p["side"] == "team"],
        "network": [p for p in people if p["side"] == "network"],
        "ratings": meeting_docs.latest_ratings(conn, youth, today, lang),
        "scale": meeting_docs.scale_words(conn, lang),
        "history": handover.history(conn, youth),
        "programmes": [
            {**p, "cohort": _cohort_label(p["cohort"], lang)}
            for p in programmes.periods(conn, youth.id)
        ],
    }


def _cohort_label(name: str | None, lang: str) -> str | None:
    """'hold 2025-A' (or 'cohort 2025-A'); a name that already says 'Hold 3' as it is."""
    if not name:
        return None
    if name.casefold().startswith(("hold", "cohort")):
        return name
    return f"{'hold' if lang == 'da' else 'cohort'} {name}"


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
