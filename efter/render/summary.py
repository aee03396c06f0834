"""The sagsoverblik (case summary) on paper: the whole case of one young person, rendered from
the data `efter youth summary --json` prints (core/summary.py), with the words of the chosen
language. A plain context for templates/{da,en}/summary.md; the Renderer makes Markdown or a
print-ready HTML page with the ratings chart of the status document."""

import sqlite3
from datetime import date
from typing import Any

from efter.render.documents import Markdown

TEMPLATE = "summary.md"
TITLES = {"da": "Sagsoverblik", "en": "Case summary"}
FILE_STEMS = {"da": "sagsoverblik", "en": "case-summary"}

# A statutory date that does not apply to the young person is left off the page.
HIDDEN_STATUTORY = ("not_applicable",)


def _short(iso: str | None, lang: str) -> Markdown:
    """14.3.2026 / 14 Mar 2026: for dates inside a table cell's text."""
    if not iso:
        return Markdown("")
    day = date.fromisoformat(iso[:10])
    if lang == "da":
        return Markdown(f"{day.day}.{day.month}.{day.year}")
    return Markdown(f"{day.day} {day:%b} {day.year}")


def _role(side: str, role: str, lang: str) -> str:
    from efter.core import members, vocab

    return vocab.label(members.SIDES[side], role, lang)


def _people(described: list[dict[str, Any]], lang: str) -> dict[str, list[dict[str, Any]]]:
    """Those on the case now, and those who were (with the day they left)."""
    current: list[dict[str, Any]] = []
    former: list[dict[str, Any]] = []
    for m in described:
        person = {
            "id": m["id"],
            "role": _role(m["side"], m["role"], lang),
            "name": m["name"],
            "organisation": m["organisation"] or "",
            "phone": m["phone"] or "",
            "email": m["email"] or "",
            "address": m["address"] or "",
            "from": m["from"],
            "to": m["to"],
        }
        (current if m["active"] else former).append(person)
    return {"current": current, "former": former}


def _owner(agreement: dict[str, Any], data: dict[str, Any], lang: str) -> str:
    if agreement["owner"] == "youth":
        return "Den unge" if lang == "da" else "Young person"
    if agreement["owner"] == "coordinator":
        return "Koordinator" if lang == "da" else "Coordinator"
    for m in [*data["team"], *data["network"]]:
        if m["id"] == agreement["owner_member_id"]:
            return _role(m["side"], m["role"], lang)
    return str(agreement["owner_role"])


def _agreement_state(agreement: dict[str, Any], lang: str) -> Markdown:
    da = lang == "da"
    if agreement["overdue"]:
        text = "Frist overskredet" if da else "Overdue"
    else:
        text = "Åben" if da else "Open"
    if agreement["due"] != agreement["first_due"]:
        text += (
            (" (frist flyttet fra " if da else " (moved from ")
            + _short(agreement["first_due"], lang)
            + ")"
        )
    return Markdown(text)


def _ratings(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    def path(p: dict[str, Any] | None) -> dict[str, Any] | None:
        if not p:
            return None
        change = p["latest"]["score"] - p["first"]["score"]
        return {
            "first": p["first"]["score"],
            "first_on": p["first"]["date"],
            "latest": p["latest"]["score"],
            "latest_on": p["latest"]["date"],
            # made by efter, not typed: a leading '+' is not a list marker to escape
            "change": Markdown(f"+{change}" if change > 0 else f"−{-change}" if change else "0"),
        }

    label = "label_da" if lang == "da" else "label_en"
    return [
        {"label": r[label], "youth": path(r["youth"]), "professional": path(r["professional"])}
        for r in rows
    ]


def _rated_between(rows: list[dict[str, Any]]) -> dict[str, str]:
    """The first and the latest day a life area was rated (current ratings)."""
    days = [
        p[key]["date"]
        for r in rows
        for p in (r["youth"], r["professional"])
        if p
        for key in ("first", "latest")
    ]
    return {"ratings_from": min(days, default=""), "ratings_to": max(days, default="")}


def context(
    conn: sqlite3.Connection, data: dict[str, Any], *, today: date, lang: str
) -> dict[str, Any]:
    from efter.core import consent, goals, measures, meetings, status, vocab
    from efter.render.meetings import scale_words
    from efter.render.report_pages import deadline_status_words

    y = data["youth"]
    words = deadline_status_words(lang, one_person=True)
    team = _people(data["team"], lang)
    network = _people(data["network"], lang)
    return {
        "youth": {
            "name": y["name"],
            "ref": y["ref"] or "",
            "born": y["born"],
            "age": y["age"],
            "municipality": y["municipality"] or "",
            "home_municipality": y["home_municipality"] or "",
            "placement_site": y["placement_site"] or "",
            "placed_from": y["placed_from"] or "",
            "housing": vocab.label(vocab.HOUSING_FORMS, y["housing"], lang),
            "legal_basis": vocab.label(vocab.LEGAL_BASES, y["legal_basis"], lang),
            "coordinator": y["coordinator"] or "",
            "note": y["note"] or "",
            "start": y["start"],
            "closed": y["closed"] or "",
            "outcome": vocab.label(vocab.OUTCOMES, y["outcome"], lang) if y["closed"] else "",
        },
        "contact": data["contact"],
        "today": today.isoformat(),
        "statutory": [
            {
                "date": s["date"],
                "label": s["label_da"] if lang == "da" else s["label"],
                "status": words[s["status"]],
                "done_on": s["done_on"] or "",
            }
            for s in data["statutory_dates"]
            if s["status"] not in HIDDEN_STATUTORY
        ],
        "team": team["current"],
        "former_team": team["former"],
        "network": network["current"],
        "former_network": network["former"],
        "programmes": data["programmes"],
        "measures": [
            {
                "kind": vocab.label(measures.KINDS, m["kind"], lang),
                "provider": m["provider"] or "",
                "legal_basis": measures.legal_basis_label(m["legal_basis"], lang),
                "from": m["from"],
                "to": m["to"] or "",
            }
            for m in data["measures"]
        ],
        "goals": [
            {
                "number": g["id"],
                "parent": g["parent_id"] or "",
                "area": goals.area_label(conn, g["area"], lang),
                "text": g["text"],
                "status": goals.status_label(g["status"], lang),
            }
            for g in data["goals"]
        ],
        "agreements": [
            {
                "number": a["number"],
                "what": a["what"],
                "owner": a["owner_name"],
                "owner_role": _owner(a, data, lang),
                "due": a["due"],
                "state": _agreement_state(a, lang),
                "goal": a["goal_id"] or "",
            }
            for a in data["agreements"]["open"]
        ],
        "agreement_counts": data["agreements"]["counts"],
        "held": [
            {
                "starts": m["starts"],
                "kind": meetings.kind_label(m["kind"], lang, m["milestone"]),
                "place": m["place"] or "",
                "status": meetings.status_label(m["status"], lang),
                "no_show": m["status"] == "no-show",
                "attended": ", ".join(p["name"] for p in m["attended"]),
            }
            for m in data["meetings"]["held"]
        ],
        "coming": [
            {
                "starts": m["starts"],
                "kind": meetings.kind_label(m["kind"], lang, m["milestone"]),
                "place": m["place"] or "",
                "leader": m["leader"] or "",
            }
            for m in data["meetings"]["coming"]
        ],
        "ratings": _ratings(data["ratings"], lang),
        **_rated_between(data["ratings"]),
        "scale": scale_words(conn, lang),
        "status": [
            {
                "from": s["from"],
                "to": s["to"] or "",
                "education": vocab.label(status.EDUCATION, s["education"], lang),
                "work": vocab.label(status.WORK, s["work"], lang),
                "note": s["note"] or "",
                "current": s["current"],
            }
            for s in data["status"]
        ],
        "consents": [
            {
                "given_by": _given_by(c, lang),
                "parties": ", ".join(p["name"] for p in c["parties"]),
                "areas": ", ".join(vocab.label(vocab.CONSENT_AREAS, a, lang) for a in c["areas"]),
                "from": c["from"],
                "last_day": c["last_day"],
                "state": consent.STATES[c["state"]][0 if lang == "da" else 1],
            }
            for c in data["consents"]
        ],
        "contracts": [
            {"version": c["version"], "saved": c["saved"], "signed": c["signed"] or ""}
            for c in data["contracts"]
        ],
        "contract_changed": bool(data["contract"] and data["contract"]["stale"]),
        "journal": [
            {
                "id": n["id"],
                "written": n["written"][:10],
                "author": n["author"],
                "text": n["text"],
                "corrects": n["corrects"] or "",
            }
            for n in data["journal"]
        ],
        "coordinators": data["coordinators"],
    }


def _given_by(record: dict[str, Any], lang: str) -> str:
    if record["given_by"] == "youth":
        return "den unge" if lang == "da" else "the young person"
    given = "forælder" if lang == "da" else "parent"
    if record["parent_name"]:
        given += f" ({record['parent_name']})"
    return given


def render(
    conn: sqlite3.Connection, data: dict[str, Any], *, today: date, lang: str, fmt: str = "md"
) -> str:
    from efter.render.charts import start_vs_latest
    from efter.render.documents import Renderer

    rows = data["ratings"]
    return Renderer(lang).document(
        TEMPLATE,
        context(conn, data, today=today, lang=lang),
        fmt=fmt,
        title=f"{TITLES[lang]}: {data['youth']['name']}",
        figures={"ratings": lambda: start_vs_latest(rows, lang=lang)},
    )
