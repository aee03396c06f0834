"""`efter find`: one search over young people, team and network members, agreements, goals,
meetings (place and minutes) and journal notes, matched as names are (efter.core.names:
each word typed begins a word of the text, any case or accent, æ/ø/å or ae/oe/aa).

Decision: no search index. The texts are read and matched in Python, a kind at a time, so
there is no second copy of anyone's words to keep in step or to erase: erasing a young
person removes them from the search by construction. A coordinator's file (hundreds of
young people) is searched in well under a second; an index (FTS5) can come when files are
larger, and must then be emptied by erasure (see tests/test_erasure.py)."""

import sqlite3
from collections.abc import Iterator
from typing import Any

from efter.core import names

# kind, SQL giving (id, youth_id, field, text) rows
_SOURCES: tuple[tuple[str, str], ...] = (
    ("youth", "SELECT id, id, 'name', name FROM youth"),
    ("youth", "SELECT id, id, 'ref', ref FROM youth WHERE ref IS NOT NULL"),
    ("member", "SELECT id, youth_id, side || ':name', name FROM member"),
    (
        "member",
        "SELECT id, youth_id, side || ':organisation', organisation FROM member "
        "WHERE organisation IS NOT NULL",
    ),
    ("agreement", "SELECT id, youth_id, 'what', what FROM agreement"),
    ("goal", "SELECT id, youth_id, 'text', text FROM goal"),
    ("meeting", "SELECT id, youth_id, 'place', place FROM meeting WHERE place IS NOT NULL"),
    ("meeting", "SELECT id, youth_id, 'minutes', minutes FROM meeting WHERE minutes IS NOT NULL"),
    (
        "note",
        "SELECT id, youth_id, CASE WHEN corrected_by IS NULL THEN 'text' "
        "ELSE 'text (corrected)' END, text FROM journal",
    ),
)
KINDS = ("youth", "team", "network", "agreement", "goal", "meeting", "note")
SNIPPET = 70  # characters around the first word found


def search(conn: sqlite3.Connection, text: str) -> list[dict[str, Any]]:
    """Every hit: {kind, id, youth_id, ref, name, field, snippet}, by kind then id."""
    wanted = names.words(text)
    if not wanted:
        return []
    hits = list(_hits(conn, wanted))
    people = {
        row["id"]: row
        for row in conn.execute(
            "SELECT id, ref, name FROM youth WHERE id IN (SELECT value FROM json_each(?))",
            (_ids({hit["youth_id"] for hit in hits}),),
        )
    }
    for hit in hits:
        person = people[hit["youth_id"]]
        hit["ref"] = person["ref"]
        hit["youth"] = person["name"]
    hits.sort(key=lambda hit: (KINDS.index(hit["kind"]), hit["id"], hit["field"]))
    return hits


def _ids(ids: set[int]) -> str:
    from efter.core.casefile import ids_param

    return ids_param(sorted(ids))


def _hits(conn: sqlite3.Connection, wanted: list[str]) -> Iterator[dict[str, Any]]:
    seen: set[tuple[str, int]] = set()
    for kind, sql in _SOURCES:
        for item_id, youth_id, field, body in conn.execute(sql):
            if not body or not names.matches(wanted, body):
                continue
            side, _, field = field.rpartition(":")
            shown_kind = side or kind
            if (shown_kind, item_id) in seen and kind == "youth":
                continue  # a young person found by name and ref is one hit
            seen.add((shown_kind, item_id))
            yield {
                "kind": shown_kind,
                "id": item_id,
                "youth_id": youth_id,
                "field": field,
                "snippet": snippet(wanted, body),
            }


def snippet(wanted: list[str], text: str) -> str:
    """The text on one line around the first word found (… where it was cut)."""
    if len(text) <= SNIPPET:
        return " ".join(text.split())
    spans = names.spans(wanted, text)
    start = spans[0][0] if spans else 0
    begin = max(0, min(start - SNIPPET // 3, len(text) - SNIPPET))
    if begin > 0:  # start at a word, not inside one
        space = text.find(" ", begin, start)
        begin = space + 1 if space != -1 else begin
    end = min(len(text), begin + SNIPPET)
    piece = " ".join(text[begin:end].split())
    return ("…" if begin > 0 else "") + piece + ("…" if end < len(text) else "")
