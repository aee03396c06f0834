"""Life areas (livsområder): found by code, Danish or English name, or a unique prefix;
added, renamed and retired as data (retiring keeps every rating made on the area)."""

import sqlite3
from datetime import date
from typing import Any

from efter.core.casefile import update_rows
from efter.core.errors import (
    Conflict,
    InvalidInput,
    UsageMistake,
    field_of,
    nothing_to_change,
    phrase,
)
from efter.core.i18n import t
from efter.core.patterns import Pattern
from efter.core.text import check
from efter.core.text import fold_danish as _fold


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
            problem=t("the life area is empty"),
            fix=t("give a code such as 'bolig' (see 'efter areas list')"),
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
        raise InvalidInput(
            problem=t("'{strip}' is not a life area", strip=text.strip()),
            fix=t("use one of {codes}", codes=codes),
        )
    matches = ", ".join(area["code"] for area in prefixed)
    raise InvalidInput(
        problem=t(
            "'{strip}' could mean several life areas ({matches})",
            strip=text.strip(),
            matches=matches,
        ),
        fix=t("type more of the name"),
    )


# --- the list as data: add, rename, retire ------------------------------------------------

_CODE = Pattern(r"^[a-z][a-z0-9-]{0,39}$")


def scale(conn: sqlite3.Connection, code: str | None = None) -> list[dict[str, Any]]:
    """The meaning of each step 1-5 for an area: its own wording where it has one, else the
    general scale."""
    rows = conn.execute(
        "SELECT step, label_da, label_en, area FROM scale_step WHERE area IS NULL OR area = ? "
        "ORDER BY step, area IS NULL",
        (code,),
    ).fetchall()
    steps: dict[int, dict[str, Any]] = {}
    for row in rows:
        steps.setdefault(
            row["step"],
            {"step": row["step"], "label_da": row["label_da"], "label_en": row["label_en"],
             "own": row["area"] is not None},
        )  # fmt: skip
    return [steps[step] for step in sorted(steps)]


def rating_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Current ratings per area, in one pass over the ratings."""
    rows = conn.execute(
        "SELECT area, count(*) FROM rating WHERE replaced_by IS NULL GROUP BY area"
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def describe(
    conn: sqlite3.Connection, area: sqlite3.Row, counts: dict[str, int] | None = None
) -> dict[str, Any]:
    if counts is None:
        counts = {
            area["code"]: conn.execute(
                "SELECT count(*) FROM rating WHERE area = ? AND replaced_by IS NULL",
                (area["code"],),
            ).fetchone()[0]
        }
    rated = counts.get(area["code"], 0)
    return {
        "code": area["code"],
        "label_da": area["label_da"],
        "label_en": area["label_en"],
        "position": area["position"],
        "retired": area["retired"],
        "ratings": rated,
        "scale": scale(conn, area["code"]),
    }


def _clean_label(text: str | None, option: str) -> str | None:
    if text is None:
        return None
    label = " ".join(check(text, option, lines=True).split())  # spaces, tabs, lines: one space
    if not label:
        raise InvalidInput(
            field=field_of(option),
            problem=t("the label is empty"),
            fix=t("give a name for the life area"),
        )
    if len(label) > 60:
        raise InvalidInput(
            t("The label '{label}…' is longer than 60 characters: shorten it.", label=label[:40])
        )
    return label


def _check_code(text: str) -> str:
    code = text.strip()
    if not _CODE.match(code):
        raise InvalidInput(
            t(
                "'{code}' cannot be an area code: use lower-case letters a-z, digits and hyphens, "
                "starting with a letter (such as 'transport'), at most 40 characters.",
                code=code[:40],
            )
        )
    return code


def _check_free(conn: sqlite3.Connection, own: str | None, spellings: list[str]) -> None:
    """No two areas may share a code or label (a rating names its area by any of them)."""
    for area in all_areas(conn, include_retired=True):
        if area["code"] == own:
            continue
        taken = {_fold(area["code"]), _fold(area["label_da"]), _fold(area["label_en"])}
        for spelling in spellings:
            if _fold(spelling) in taken:
                raise InvalidInput(
                    t(
                        "'{spelling}' is already the code or a label of the life area {code}: "
                        "choose another name.",
                        spelling=spelling,
                        code=area["code"],
                    )
                )


def add(
    conn: sqlite3.Connection,
    code: str,
    label_da: str,
    label_en: str | None = None,
    *,
    after: str | None = None,
) -> str:
    """A new life area at the end of the list (or after another); it uses the general scale."""
    code = _check_code(code)
    da = _clean_label(label_da, "--da")
    en = _clean_label(label_en, "--en") if label_en is not None else da
    assert da is not None and en is not None
    _check_free(conn, None, [code, da, en])
    if after:
        anchor = resolve(conn, after, include_retired=True)
        position = anchor["position"] + 1
        update_many(
            conn,
            [
                (row["code"], {"position": row["position"] + 1})
                for row in conn.execute(
                    "SELECT code, position FROM life_area WHERE position >= ?", (position,)
                ).fetchall()
            ],
        )
    else:
        position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM life_area").fetchone()[
            0
        ]
    conn.execute(
        "INSERT INTO life_area (code, label_da, label_en, position) VALUES (?, ?, ?, ?)",
        (code, da, en, position),
    )
    return code


def rename(
    conn: sqlite3.Connection,
    text: str,
    *,
    label_da: str | None = None,
    label_en: str | None = None,
    code: str | None = None,
) -> tuple[sqlite3.Row, dict[str, tuple[str, str]]]:
    """New labels (or code) for an area; ratings and goals follow the code. Returns the changes."""
    area = resolve(conn, text, include_retired=True)
    new = {
        "code": _check_code(code) if code is not None else area["code"],
        "label_da": _clean_label(label_da, "--da") or area["label_da"],
        "label_en": _clean_label(label_en, "--en") or area["label_en"],
    }
    if code is None and label_da is None and label_en is None:
        raise nothing_to_change("da", "en", "code")
    changes = {key: (area[key], value) for key, value in new.items() if area[key] != value}
    if changes:
        _check_free(conn, area["code"], [new["code"], new["label_da"], new["label_en"]])
        update_many(conn, [(area["code"], {key: new for key, (_, new) in changes.items()})])
    return area, changes


def update_many(conn: sqlite3.Connection, changes: list[tuple[str, dict[str, Any]]]) -> None:
    """The one way life areas change (add --after, rename, retire): for each (area code,
    {field: new value}); a new code reaches the ratings, goals and scale steps that name the
    area (ON UPDATE CASCADE)."""
    update_rows(conn, "life_area", changes, key="code")


def retire(conn: sqlite3.Connection, text: str, on: date, *, undo: bool = False) -> sqlite3.Row:
    """Take an area off the list for new ratings; its history stays. `undo` brings it back."""
    area = resolve(conn, text, include_retired=True)
    if undo:
        if not area["retired"]:
            raise Conflict(
                t(
                    "The life area {code} is not retired: there is nothing to undo.",
                    code=area["code"],
                )
            )
        update_many(conn, [(area["code"], {"retired": None})])
        return area
    if area["retired"]:
        raise Conflict(
            t(
                "The life area {code} was already retired on {retired}: bring it back with 'efter "
                "areas retire {code} --undo'.",
                code=area["code"],
                retired=area["retired"],
            )
        )
    if len(all_areas(conn)) == 1:
        raise Conflict(
            t(
                "{code} is the last current life area: add another before retiring it.",
                code=area["code"],
            )
        )
    update_many(conn, [(area["code"], {"retired": on.isoformat()})])
    return area


def set_step(
    conn: sqlite3.Connection,
    text: str,
    step: int,
    *,
    label_da: str | None = None,
    label_en: str | None = None,
    general: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Set what one step means in one area (its own wording), or drop the area's own wording
    (`general=True`) so the general scale applies again. Returns (area code, the step now)."""
    area = resolve(conn, text, include_retired=True)
    code = area["code"]
    if step not in range(1, 6):
        raise InvalidInput(t("There is no step {step}: the scale has steps 1 to 5.", step=step))
    if general:
        if label_da is not None or label_en is not None:
            raise UsageMistake(
                problem=phrase("{general} drops the area's own wording", "general"),
                fix=phrase("leave out {da} and {en}", "da", "en"),
            )
        conn.execute("DELETE FROM scale_step WHERE area = ? AND step = ?", (code, step))
    else:
        da = _clean_label(label_da, "--da") if label_da is not None else None
        en = _clean_label(label_en, "--en") if label_en is not None else None
        if da is None and en is None:
            raise nothing_to_change("da", "en", "general")
        current = {s["step"]: s for s in scale(conn, code)}[step]
        conn.execute(
            "INSERT INTO scale_step (area, step, label_da, label_en) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (area, step) DO UPDATE SET label_da = excluded.label_da, "
            "label_en = excluded.label_en",
            (code, step, da or current["label_da"], en or current["label_en"]),
        )
    return code, {s["step"]: s for s in scale(conn, code)}[step]
