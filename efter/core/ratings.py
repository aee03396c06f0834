"""Status on life areas, rated 1-5: record, correct, and follow each area's path over time.

The young person's own rating and the professional's are kept apart: disagreement is data,
never averaged away. One start and one end rating per area and rater; a second one is an
explicit correction (`correct=True`) that points the earlier row at its replacement, so the
history keeps both.
"""

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from efter.core import areas, clock, vocab
from efter.core.casefile import insert_rows, update_rows
from efter.core.errors import Conflict, InvalidInput, NotFound
from efter.core.i18n import N_, day_text, t
from efter.core.text import is_id, quoted
from efter.core.youth import Youth

SCORES = range(1, 6)

PHASES = vocab.PHASES  # start, meeting, end (efter.core.vocab)
RATERS = vocab.RATERS  # youth, professional
PHASE_ORDER = {"start": 0, "meeting": 1, "end": 2}
_WHOLE = re.compile(r"^[+-]?[0-9]+$")
_NUMBER = re.compile(r"^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)$")


def phase_of(text: str) -> str:
    return vocab.lookup(PHASES, text, "phase", "--phase").code


def rater_of(text: str) -> str:
    return vocab.lookup(RATERS, text, "rater", "--by").code


def parse_score(text: str, area_code: str) -> int:
    """A score as typed: a whole number 1-5. Raises one sentence naming the area and the fix."""
    value = text.strip()
    how = t("give a whole number from 1 to 5")
    if not value:
        raise InvalidInput(
            problem=t("the score for {area_code} is missing", area_code=area_code),
            fix=t("write it as {area_code}=3", area_code=area_code),
        )
    if not _NUMBER.match(value):
        raise InvalidInput(
            problem=t(
                "the score '{quoted}' for {area_code} is not a number",
                quoted=quoted(value, 30),
                area_code=area_code,
            ),
            fix=how,
        )
    if not _WHOLE.match(value):
        raise InvalidInput(
            problem=t(
                "the score {quoted} for {area_code} is not a whole number",
                quoted=quoted(value, 30),
                area_code=area_code,
            ),
            fix=how,
        )
    score = int(value)
    if score not in SCORES:
        raise InvalidInput(
            problem=t(
                "the score {score} for {area_code} is outside the scale 1-5",
                score=score,
                area_code=area_code,
            ),
            fix=how,
        )
    return score


def split_pair(text: str) -> tuple[str, str]:
    """'bolig=3' -> ('bolig', '3')."""
    area, sep, score = text.partition("=")
    if not sep or not area.strip():
        raise InvalidInput(
            problem=t("'{quoted}' is not AREA=SCORE", quoted=quoted(text.strip(), 30)),
            fix=t("write each rating as bolig=3 (see 'efter areas list' for the areas)"),
        )
    return area.strip(), score


class Lookups:
    """What a rating's words mean (life area, phase, rater, score), worked out once per batch:
    `efter rate` asks for a few, an import for 300,000 rows that repeat a handful of words.
    A failure is remembered too and raised again with the same sentence."""

    def __init__(self, conn: sqlite3.Connection, *, include_retired: bool = False) -> None:
        self.conn = conn
        self.include_retired = include_retired  # an import takes back old ratings
        self._seen: dict[tuple[str, ...], Any] = {}

    def _once(self, key: tuple[str, ...], work: Any) -> Any:
        found = self._seen.get(key)
        if found is None:
            try:
                found = work()
            except InvalidInput as error:
                found = error
            self._seen[key] = found
        if isinstance(found, InvalidInput):
            raise found
        return found

    def area(self, text: str) -> str:
        """The life area's code (efter.core.areas.resolve)."""
        if self.include_retired:
            work = lambda: areas.resolve(self.conn, text, include_retired=True)["code"]  # noqa: E731
        else:
            work = lambda: resolve_area(self.conn, text)["code"]  # noqa: E731
        code: str = self._once(("area", text), work)
        return code

    def phase(self, text: str, option: str = "--phase") -> str:
        code: str = self._once(
            ("phase", text, option), lambda: vocab.lookup(PHASES, text, "phase", option).code
        )
        return code

    def rater(self, text: str, option: str = "--by") -> str:
        code: str = self._once(
            ("rater", text, option), lambda: vocab.lookup(RATERS, text, "rater", option).code
        )
        return code

    def score(self, text: str, area_code: str) -> int:
        score: int = self._once(("score", text, area_code), lambda: parse_score(text, area_code))
        return score


@dataclass
class Entry:
    """One validated rating, ready to store."""

    area: str
    score: int
    rated_on: str
    meeting_id: int | None
    replaces: int | None = None
    old_score: int | None = None


def resolve_area(conn: sqlite3.Connection, text: str) -> sqlite3.Row:
    """A current life area; a retired one is named as retired rather than unknown."""
    try:
        return areas.resolve(conn, text)
    except InvalidInput:
        try:
            retired = areas.resolve(conn, text, include_retired=True)
        except InvalidInput:
            raise
        if retired["retired"]:
            raise InvalidInput(
                problem=t(
                    "the life area {code} was retired on {retired}",
                    code=retired["code"],
                    retired=retired["retired"],
                ),
                fix=t(
                    "rate a current area, or bring it back with 'efter areas retire {code} --undo'",
                    code=retired["code"],
                ),
            ) from None
        raise


def _meeting(
    conn: sqlite3.Connection, youth: Youth, meeting: int | str | None
) -> sqlite3.Row | None:
    if meeting is None or meeting == "":
        return None
    text = str(meeting).strip()
    row = (
        conn.execute("SELECT * FROM meeting WHERE id = ?", (int(text),)).fetchone()
        if is_id(text)
        else None
    )
    if row is None:
        raise NotFound(
            t(
                "There is no meeting with id '{quoted}': give --meeting the id of one of {name}'s "
                "meetings.",
                quoted=quoted(text, 30),
                name=youth.row["name"],
            )
        )
    if row["youth_id"] != youth.id:
        raise InvalidInput(
            t(
                "Meeting {id} belongs to another young person: give --meeting one of {name}'s "
                "meetings.",
                id=row["id"],
                name=youth.row["name"],
            )
        )
    return row


def check_date(youth: Youth, on: date) -> None:
    born = date.fromisoformat(youth.row["born"])
    if on < born:
        raise InvalidInput(
            field="on",
            problem=t(
                "the rating date {on} is before {name} was born",
                on=day_text(on),
                name=youth.row["name"],
            ),
            fix=t("correct it"),
        )
    if on > clock.today():
        raise InvalidInput(
            field="on",
            problem=t("the rating date {on} lies in the future", on=day_text(on)),
            fix=t("a rating records what was assessed, so give today or an earlier day"),
        )
    closed = youth.row["closed"]
    if closed and on.isoformat() > closed:
        raise InvalidInput(
            field="on",
            problem=t(
                "the rating date {on} is after the case was closed on {closed}",
                on=day_text(on),
                closed=closed,
            ),
            fix=t("give a date on or before the closing date, or reopen the case"),
        )


def current_of(conn: sqlite3.Connection, youth_id: int) -> list[sqlite3.Row]:
    """A young person's current ratings (none replaced), the newest first (the importer
    compares with them)."""
    return conn.execute(
        "SELECT * FROM rating WHERE youth_id = ? AND replaced_by IS NULL ORDER BY id DESC",
        (youth_id,),
    ).fetchall()


def for_export(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Every current rating with its young person's ref, in the order an export lists them."""
    return iter(
        conn.execute(
            "SELECT rating.*, youth.ref AS youth_ref FROM rating JOIN youth "
            "ON youth.id = rating.youth_id LEFT JOIN life_area ON life_area.code = rating.area "
            "WHERE rating.replaced_by IS NULL "
            "ORDER BY youth.ref, life_area.position, rating.rated_by, rating.rated_on, rating.id"
        )
    )


def _current(
    conn: sqlite3.Connection, youth_id: int, area: str, rated_by: str, phase: str
) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM rating WHERE youth_id = ? AND area = ? AND rated_by = ? AND phase = ? "
        "AND replaced_by IS NULL ORDER BY rated_on DESC, id DESC",
        (youth_id, area, rated_by, phase),
    ).fetchall()


def _phase_name(phase: str) -> str:
    words = {"start": N_("start"), "meeting": N_("meeting"), "end": N_("end")}
    return t(words[phase])


def _rater_name(rated_by: str) -> str:
    return t("the young person") if rated_by == "youth" else t("the professional")


def prepare(
    conn: sqlite3.Connection,
    youth: Youth,
    pairs: list[tuple[str, str]],
    *,
    phase: str,
    rated_by: str = "professional",
    on: date | None = None,
    meeting: int | str | None = None,
    correct: bool = False,
) -> list[Entry]:
    """Validate every rating of one command before any is written. Raises on the first fault."""
    if not pairs:
        raise InvalidInput(
            t("There is nothing to rate: give at least one AREA=SCORE, such as bolig=3.")
        )
    phase = phase_of(phase)
    rated_by = rater_of(rated_by)
    meeting_row = _meeting(conn, youth, meeting)
    default_day = on
    if default_day is None and meeting_row is not None:
        default_day = date.fromisoformat(meeting_row["starts"][:10])
    if default_day is not None:
        check_date(youth, default_day)
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    look = Lookups(conn)
    for area_text, score_text in pairs:
        code = look.area(area_text)
        if code in seen:
            raise InvalidInput(
                t(
                    "{code} is rated twice in one command ({seen} and {quoted}={quoted2}): give "
                    "each area once.",
                    code=code,
                    seen=seen[code],
                    quoted=quoted(area_text.strip(), 30),
                    quoted2=quoted(score_text.strip(), 30),
                )
            )
        seen[code] = quoted(f"{area_text.strip()}={score_text.strip()}", 30)
        score = look.score(score_text, code)
        entries.append(
            _entry(conn, youth, code, score, phase, rated_by, default_day, meeting_row, correct)
        )
    return entries


def _entry(
    conn: sqlite3.Connection,
    youth: Youth,
    code: str,
    score: int,
    phase: str,
    rated_by: str,
    day: date | None,
    meeting_row: sqlite3.Row | None,
    correct: bool,
) -> Entry:
    meeting_id = meeting_row["id"] if meeting_row is not None else None
    existing = _current(conn, youth.id, code, rated_by, phase)
    if phase == "meeting":
        # Several meeting ratings are normal; a correction replaces the one of that day/meeting.
        wanted = (day or clock.today()).isoformat()
        existing = [
            row
            for row in existing
            if (meeting_id is not None and row["meeting_id"] == meeting_id)
            or (meeting_id is None and row["rated_on"] == wanted)
        ]
    if existing and not correct and phase != "meeting":
        old = existing[0]
        raise Conflict(
            t(
                "{code} already has {value} {phase_name} rating by {rater_name} ({score} on "
                "{rated_on}, id {id}): add --correct to replace it (the earlier rating stays in "
                "the history), or use --phase meeting.",
                code=code,
                value=t("an") if phase == "end" else t("a"),
                phase_name=_phase_name(phase),
                rater_name=_rater_name(rated_by),
                score=old["score"],
                rated_on=day_text(old["rated_on"]),
                id=old["id"],
            )
        )
    if correct and not existing:
        where = "" if phase != "meeting" else " " + t("on that day or meeting")
        raise InvalidInput(
            t(
                "There is no {phase_name} rating of {code} by {rater_name}{where} to correct: "
                "leave out --correct to record a new one.",
                phase_name=_phase_name(phase),
                code=code,
                rater_name=_rater_name(rated_by),
                where=where,
            )
        )
    if correct:
        old = existing[0]
        on = day or date.fromisoformat(old["rated_on"])
        check_date(youth, on)
        return Entry(
            area=code,
            score=score,
            rated_on=on.isoformat(),
            meeting_id=meeting_id if meeting_id is not None else old["meeting_id"],
            replaces=old["id"],
            old_score=old["score"],
        )
    on = day or clock.today()
    check_date(youth, on)
    return Entry(area=code, score=score, rated_on=on.isoformat(), meeting_id=meeting_id)


def store(
    conn: sqlite3.Connection,
    youth: Youth,
    entries: list[Entry],
    *,
    phase: str,
    rated_by: str = "professional",
    note: str | None = None,
) -> list[int]:
    """Write validated entries; a correction marks the earlier rating replaced by the new one."""
    phase, rated_by = phase_of(phase), rater_of(rated_by)
    from efter.core.text import check as check_text

    text = check_text((note or "").strip(), "--note", lines=True) or None
    return store_many(
        conn,
        [
            Stored(youth.id, e.area, e.score, phase, rated_by, e.rated_on, e.meeting_id, text,
                   e.replaces)
            for e in entries
        ],
    )  # fmt: skip


@dataclass(slots=True)
class Stored:
    """One checked rating as the rating table stores it (`replaces`: the id it corrects)."""

    youth_id: int
    area: str
    score: int
    phase: str
    rated_by: str
    rated_on: str
    meeting_id: int | None = None
    note: str | None = None
    replaces: int | None = None


_INSERT = (
    "INSERT INTO rating (youth_id, area, score, phase, rated_by, rated_on, meeting_id, note, "
    "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def store_many(conn: sqlite3.Connection, ratings: list[Stored]) -> list[int]:
    """The one way ratings are written (`efter rate`, import): the new ones in one
    executemany, then the corrections in one more (the ratings they correct step aside first,
    as the unique index allows one current start/end, then point at their replacements).
    Returns the new ids in the order given."""
    stamp = clock.timestamp()
    ids: list[int] = [0] * len(ratings)

    def store(batch: list[int]) -> None:
        if not batch:
            return
        rows = [
            (r.youth_id, r.area, r.score, r.phase, r.rated_by, r.rated_on, r.meeting_id, r.note,
             stamp)
            for r in (ratings[n] for n in batch)
        ]  # fmt: skip
        for n, rating_id in zip(batch, insert_rows(conn, "rating", _INSERT, rows), strict=True):
            ids[n] = rating_id

    store([n for n, r in enumerate(ratings) if r.replaces is None])
    fixes = [(n, r.replaces) for n, r in enumerate(ratings) if r.replaces is not None]
    if fixes:
        # Stepping aside: replaced by itself until its replacement exists.
        update_rows(conn, "rating", [(old, {"replaced_by": old}) for _, old in fixes])
        store([n for n, _ in fixes])
        update_rows(conn, "rating", [(old, {"replaced_by": ids[n]}) for n, old in fixes])
    return ids


def record(
    conn: sqlite3.Connection,
    youth: Youth,
    pairs: list[tuple[str, str]],
    *,
    phase: str,
    rated_by: str = "professional",
    on: date | None = None,
    meeting: int | str | None = None,
    note: str | None = None,
    correct: bool = False,
) -> tuple[list[int], list[Entry]]:
    """Validate all, then store all: the valid scores of a command are never half-stored."""
    entries = prepare(
        conn, youth, pairs, phase=phase, rated_by=rated_by, on=on, meeting=meeting,
        correct=correct,
    )  # fmt: skip
    return store(conn, youth, entries, phase=phase, rated_by=rated_by, note=note), entries


# --- reading ------------------------------------------------------------------------------


def _sort_key(row: Any) -> tuple[str, int, int]:
    return (row["rated_on"], PHASE_ORDER[row["phase"]], row["id"])


@dataclass
class Path:
    """One rater's current ratings of one area, oldest first."""

    points: list[dict[str, Any]] = field(default_factory=list)

    @property
    def first(self) -> dict[str, Any] | None:
        return self.points[0] if self.points else None

    @property
    def latest(self) -> dict[str, Any] | None:
        return self.points[-1] if self.points else None

    @property
    def end(self) -> dict[str, Any] | None:
        ends = [p for p in self.points if p["phase"] == "end"]
        return ends[-1] if ends else None

    @property
    def change(self) -> int | None:
        if len(self.points) < 2:
            return None
        return int(self.points[-1]["score"] - self.points[0]["score"])

    def describe(self) -> dict[str, Any] | None:
        if not self.points:
            return None
        return {
            "first": self.first,
            "latest": self.latest,
            "end": self.end,
            "change": self.change,
            "path": self.points,
        }


def _point(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "date": row["rated_on"],
        "score": row["score"],
        "phase": row["phase"],
        "meeting_id": row["meeting_id"],
        "note": row["note"],
    }


def history(conn: sqlite3.Connection, youth: Youth) -> list[dict[str, Any]]:
    """Every rating of a young person, corrected ones included, oldest first."""
    rows = conn.execute(
        "SELECT * FROM rating WHERE youth_id = ? ORDER BY rated_on, id", (youth.id,)
    ).fetchall()
    return [
        {
            "id": row["id"],
            "area": row["area"],
            "score": row["score"],
            "phase": row["phase"],
            "rated_by": row["rated_by"],
            "date": row["rated_on"],
            "meeting_id": row["meeting_id"],
            "note": row["note"],
            "replaced_by": row["replaced_by"],
            "created": row["created"],
        }
        for row in sorted(rows, key=_sort_key)
    ]


def summary(conn: sqlite3.Connection, youth: Youth) -> list[dict[str, Any]]:
    """Per rated area (in list order, retired ones too): each rater's path and the difference
    between the young person's and the professional's latest scores."""
    rows = conn.execute(
        "SELECT * FROM rating WHERE youth_id = ? AND replaced_by IS NULL", (youth.id,)
    ).fetchall()
    paths: dict[tuple[str, str], Path] = {}
    for row in sorted(rows, key=_sort_key):
        paths.setdefault((row["area"], row["rated_by"]), Path()).points.append(_point(row))
    out = []
    for area in areas.all_areas(conn, include_retired=True):
        code = area["code"]
        pro = paths.get((code, "professional"), Path())
        young = paths.get((code, "youth"), Path())
        if not pro.points and not young.points:
            continue
        difference = None
        if pro.latest and young.latest:
            difference = int(young.latest["score"] - pro.latest["score"])
        out.append(
            {
                "area": code,
                "label_da": area["label_da"],
                "label_en": area["label_en"],
                "retired": area["retired"],
                "professional": pro.describe(),
                "youth": young.describe(),
                "difference": difference,
            }
        )
    return out


def latest_scores(conn: sqlite3.Connection, youth: Youth) -> list[dict[str, Any]]:
    """The latest score per area and rater: for agendas and other documents."""
    return [
        {
            "area": item["area"],
            "label_da": item["label_da"],
            "label_en": item["label_en"],
            "professional": item["professional"]["latest"] if item["professional"] else None,
            "youth": item["youth"]["latest"] if item["youth"] else None,
        }
        for item in summary(conn, youth)
    ]


def latest_on(
    conn: sqlite3.Connection, youth_id: int, on: date
) -> dict[tuple[str, str], sqlite3.Row]:
    """The current rating last given on or before `on`, per (area, rated_by)."""
    latest: dict[tuple[str, str], sqlite3.Row] = {}
    for row in conn.execute(
        "SELECT * FROM rating WHERE youth_id = ? AND replaced_by IS NULL AND rated_on <= ? "
        "ORDER BY rated_on DESC, id DESC",
        (youth_id, on.isoformat()),
    ):
        latest.setdefault((row["area"], row["rated_by"]), row)
    return latest
