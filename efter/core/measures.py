"""Measures (indsatser) a young person receives: the data behind the indsatsoverblik.

A measure has a kind (a closed list below, or 'other' with the wording in the note), a provider,
a legal basis (one of efter's known bases, or the paragraph as the user typed it), and from/to.
"""

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from operator import itemgetter
from typing import Any

from efter.core import audit, clock, rules, vocab
from efter.core.casefile import given_by_column, insert_rows, new_values, records_of, update_rows
from efter.core.dates import not_before, parse_date
from efter.core.errors import Conflict, InvalidInput, NotFound
from efter.core.i18n import N_, t
from efter.core.text import check as check_text
from efter.core.text import is_id
from efter.core.youth import Youth

KINDS = (
    vocab.Term("ungestoette", "Ungestøtte", "Support after 18 (ungestøtte)", ("ungestøtte", "efterværn", "eftervaern", "aftercare")),
    vocab.Term("kontaktperson", "Fast kontaktperson", "Contact person", ("contact-person", "fast kontaktperson")),
    vocab.Term("bostoette", "Bostøtte", "Housing support", ("bostøtte", "housing-support")),
    vocab.Term("mentor", "Mentor", "Mentor"),
    vocab.Term("behandling", "Behandling", "Treatment", ("behandlingstilbud", "treatment")),
    vocab.Term("uddannelsesstoette", "Uddannelsesstøtte", "Education support", ("uddannelsesstøtte", "education-support", "education")),
    vocab.Term("udslusning", "Udslusningsordning", "Leaving-care scheme", ("udslusningsordning",)),
    vocab.Term("anbringelse", "Anbringelse", "Placement", ("placement",)),
    vocab.Term("vaertsfamilie", "Værtsfamilie", "Host family", ("værtsfamilie", "host-family")),
    # Socialstyrelsen's aftercare package (DOMAIN.md): volunteer organisations for young people
    # tired of municipal measures, and jobs and internships through social enterprises.
    vocab.Term("frivillig", "Frivillig støtte", "Volunteer support", ("frivillige", "frivilligstøtte", "volunteer", "volunteer-support")),
    vocab.Term("socialoekonomisk-job", "Job i socialøkonomisk virksomhed", "Social-economy job", ("socialøkonomisk-job", "socialøkonomisk job", "socialoekonomisk job", "social-economy-job", "social economy job")),
    vocab.Term("praktik", "Praktik i socialøkonomisk virksomhed", "Social-economy internship", ("praktikplads", "internship", "social-economy-internship")),
    vocab.Term("other", "Anden indsats", "Other measure", ("andet", "anden")),
)  # fmt: skip


def _text(value: Any, field: str, what: str, limit: int = 200) -> str | None:
    if value is None:
        return None
    text = check_text(str(value).strip(), field, lines=field == "note")
    if len(text) > limit:
        raise InvalidInput(
            field=field,
            problem=t("the {what} is longer than {limit} characters", what=t(what), limit=limit),
            fix=t("shorten it"),
        )
    return text or None


def legal_basis_code(text: str | None) -> str | None:
    """A known basis is stored by its code (so it prints in both languages); others as typed."""
    if not text:
        return None
    for spelling in (text, text.replace("§", "").strip()):
        try:
            return vocab.lookup(vocab.LEGAL_BASES, spelling, "legal basis", "--legal-basis").code
        except InvalidInput:
            continue
    return text


def legal_basis_label(stored: str | None, lang: str) -> str:
    term = vocab.by_code(vocab.LEGAL_BASES, stored)
    return term.label(lang) if term else (stored or "")


# What clean_one() checks each field of a measure as: (the field, what the messages call it,
# its length limit).
_TEXTS = {
    "kind": N_("kind"), "provider": N_("provider"), "legal_basis": N_("legal basis"),
    "started": N_("from date"), "ended": N_("to date"), "note": N_("note"),
}  # fmt: skip


def clean_one(field: str, value: Any) -> Any:
    """One field of a measure on its own, as clean() checks it and stores it (a kind's code, a
    date, a text, a legal basis's code), before the rules that look at two fields at once
    (together()). The importer works this out once per distinct value of a column."""
    text = _text(value, field, _TEXTS[field], 1000 if field == "note" else 200)
    if field == "kind":
        if not text:
            raise InvalidInput(
                field="kind",
                problem=t("the kind of measure is missing"),
                fix=t("give one, e.g. 'mentor'"),
            )
        return vocab.lookup(KINDS, text, N_("kind of measure"), "kind").code
    if field == "started":
        return parse_date(text, field="started") if text else None
    if field == "ended":
        return parse_date(text, field="ended") if text else None
    if field == "legal_basis":
        return legal_basis_code(text)
    return text


def _in_order(started: date | None, ended: date | None) -> date:
    """The from date (today when empty), refused when the to date is before it."""
    if started is None:
        started = clock.today()
    if ended:
        not_before(ended, started, "ended")
    return started


def span(started: date | None, ended: date | None) -> tuple[date, str | None]:
    """A measure's from and to dates as clean_one() returned them, checked together: the
    from date (today when empty) and the stored to date; refused when to is before from."""
    return _in_order(started, ended), ended.isoformat() if ended else None


def noted(kind: str, note: str | None) -> None:
    """A measure of kind 'other' says in its note what it is."""
    if kind == "other" and not note:
        raise InvalidInput(
            field="note",
            problem=t("a measure of kind 'other' needs a note"),
            fix=t("say what the measure is"),
        )


def forced(basis: str | None, started: date, force: bool) -> int:
    """basis_forced: 1 when an old basis is kept by --force (refused without it), else 0."""
    problem = rules.old_basis_problem(basis, started, N_("the measure"))
    if problem and not force:
        raise problem
    return int(problem is not None)


def together(
    kind: str,
    started: date | None,
    ended: date | None,
    note: str | None,
    basis: str | None,
    *,
    force: bool = False,
) -> dict[str, Any]:
    """The rules of a measure that look at two fields at once (span, noted, forced), given
    each as clean_one() returned it, checked as clean() checks them: the stored from and to
    dates (an empty from date is today) and basis_forced."""
    day, until = span(started, ended)
    noted(kind, note)
    return {"started": day.isoformat(), "ended": until, "basis_forced": forced(basis, day, force)}


def clean(values: dict[str, Any], *, force: bool = False) -> dict[str, Any]:
    """Check one measure's values (kind, provider, legal_basis, started, ended, note) and
    return them as stored, with basis_forced (the importer checks each row with this). A
    legal basis under the repealed Serviceloven (§§ 52, 76) for a measure from 1 January 2024
    on is refused unless forced (then recorded as basis_forced)."""
    kind = clean_one("kind", values.get("kind"))
    started_on = clean_one("started", values.get("started"))
    ended = clean_one("ended", values.get("ended"))
    started = _in_order(started_on, ended)
    note = clean_one("note", values.get("note"))
    noted(kind, note)
    basis = clean_one("legal_basis", values.get("legal_basis"))
    kept = forced(basis, started, force)
    return {
        "kind": kind,
        "provider": clean_one("provider", values.get("provider")),
        "legal_basis": basis,
        "started": started.isoformat(),
        "ended": ended.isoformat() if ended else None,
        "note": note,
        "basis_forced": kept,
    }


def add(
    conn: sqlite3.Connection, youth: Youth, values: dict[str, Any], *, force: bool = False
) -> int:
    """Record a measure (checked by clean())."""
    record = clean(values, force=force)
    (new_id,) = insert_many(conn, [(youth.id, record)])
    return new_id


# The columns of a stored measure, in the order insert_many() gives them; those it leaves to
# their default (NULL) when no measure of a batch has them (casefile.given_columns: a None
# bound costs sqlite3 an adapter look-up, 15,000 measures without a basis or a note ~8 ms).
_COLUMNS = ("youth_id", "kind", "provider", "legal_basis", "started", "ended", "note",
            "basis_forced", "created", "updated")  # fmt: skip
_OPTIONAL = frozenset(("provider", "legal_basis", "ended", "note"))
_STORED = itemgetter("kind", "provider", "legal_basis", "started", "ended", "note", "basis_forced")


def insert_many(
    conn: sqlite3.Connection, measures: Iterable[tuple[int, dict[str, Any]]]
) -> list[int]:
    """The one way measures are stored (add, import): (youth id, a record clean() passed) in
    one executemany. Returns the new ids in order."""
    given = list(measures)
    if not given:
        return []
    youth_ids, records = zip(*given, strict=True)
    # A column at a time (no Python code per measure)
    return insert_columns(conn, youth_ids, list(zip(*map(_STORED, records), strict=True)))


def insert_columns(
    conn: sqlite3.Connection, youth_ids: Sequence[int], stored: Sequence[Sequence[Any]]
) -> list[int]:
    """insert_many() of measures given a column at a time, each field's column in the order
    of a record's (kind, provider, legal_basis, started, ended, note, basis_forced): an
    import's chunk of new ones, with no dictionary a measure."""
    if not youth_ids:
        return []
    stamps = (clock.timestamp(),) * len(youth_ids)
    by_column = [youth_ids, *stored, stamps, stamps]
    columns, rows = given_by_column(_COLUMNS, by_column, _OPTIONAL)
    return insert_rows(
        conn,
        "measure",
        f"INSERT INTO measure ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        rows,
    )


def update_many(
    conn: sqlite3.Connection, changes: Iterable[tuple[int, dict[str, tuple[Any, Any]]]]
) -> None:
    """The one way measures' fields are changed in a batch (import --update): for each
    (measure id, {field: (old, new)})."""
    update_rows(conn, "measure", new_values(changes), stamped=True)


def of_youth(conn: sqlite3.Connection, youth_id: int | None) -> list[sqlite3.Row]:
    """A young person's measures, oldest record first (the importer compares with them).
    With None, everyone's, in the same order."""
    return records_of(conn, "measure", youth_id)


def for_export(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Every measure with its young person's ref, as an export lists them."""
    return iter(
        conn.execute(
            "SELECT measure.*, youth.ref AS youth_ref FROM measure JOIN youth "
            "ON youth.id = measure.youth_id ORDER BY youth.ref, measure.started, measure.id"
        )
    )


@audit.reads
def get(conn: sqlite3.Connection, measure_id: str) -> sqlite3.Row:
    row = None
    if is_id(measure_id):
        row = conn.execute("SELECT * FROM measure WHERE id = ?", (int(measure_id),)).fetchone()
    if row is None:
        raise NotFound(
            t(
                "No measure has the id '{measure_id}': see 'efter measure list YOUTH' for the ids.",
                measure_id=measure_id.strip(),
            )
        )
    return row


def end(conn: sqlite3.Connection, measure: sqlite3.Row, on: date) -> None:
    if measure["ended"] is not None and measure["ended"] <= clock.today().isoformat():
        raise Conflict(
            t(
                "The measure {id} already ended on {ended}.",
                id=measure["id"],
                ended=measure["ended"],
            )
        )
    not_before(on, measure["started"], "date")
    update_many(conn, [(measure["id"], {"ended": (measure["ended"], on.isoformat())})])


def list_measures(
    conn: sqlite3.Connection, youth: Youth, *, include_ended: bool, today: date
) -> list[sqlite3.Row]:
    sql = "SELECT * FROM measure WHERE youth_id = ?"
    params: list[Any] = [youth.id]
    if not include_ended:
        sql += " AND (ended IS NULL OR ended >= ?)"
        params.append(today.isoformat())
    return conn.execute(sql + " ORDER BY started, id", params).fetchall()


def describe(row: sqlite3.Row, today: date, lang: str = "en") -> dict[str, Any]:
    return {
        "id": row["id"],
        "youth_id": row["youth_id"],
        "kind": row["kind"],
        "kind_label": vocab.label(KINDS, row["kind"], lang),
        "provider": row["provider"],
        "legal_basis": row["legal_basis"],
        "legal_basis_label": legal_basis_label(row["legal_basis"], lang),
        "basis_forced": bool(row["basis_forced"]),
        "from": row["started"],
        "to": row["ended"],
        "note": row["note"],
        "active": row["started"] <= today.isoformat()
        and (row["ended"] is None or row["ended"] >= today.isoformat()),
    }
