"""Programmes (indsatser) as things of their own: the collaboration model and the supplements a
young person can be in beside it (EMPOWER4U->DRØMMEJOB), their cohorts (hold: a start such as
EMPOWER4U's camp, a planned end, a place) and each young person's periods in them.

A young person can be in several programmes at once, each period with its own start and end.
`youth add|edit --programme` and the youth import's programme column join the programme named
(it stays on youth.programme as the case's programme, as before); `efter programme join` and
`leave` add and end periods of any programme. Reports and the cost per young person read the
periods. A price per young person stays in programme_price, keyed by the programme's name.

One programme per name, in any case and spacing (`key`); a name near an existing one
("EMPOWER 4U" for "EMPOWER4U->DRØMMEJOB") is refused with "did you mean" rather than becoming
a second programme, unless the user says it is new (`force`).
"""

import sqlite3
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import partial
from itertools import compress, groupby, repeat
from operator import methodcaller, not_
from typing import Any

from efter.core import audit, clock, names, vocab
from efter.core.casefile import ids_param, insert_rows, update_rows
from efter.core.dates import not_before, parse_date
from efter.core.errors import Conflict, InvalidInput, NotFound, Phrase, nothing_to_change, phrase
from efter.core.i18n import N_, day_text, t
from efter.core.migrations import programme_key
from efter.core.patterns import Pattern
from efter.core.text import check as check_text

KINDS = (
    vocab.Term("model", "Samarbejdsmodel", "Collaboration model", ("modellen",)),
    vocab.Term("supplement", "Supplerende forløb", "Supplement", ("supplerende", "tillaeg", "tillæg")),
)  # fmt: skip

MAX_WEEKS = 520
NAME_LIMIT = 200

# The key a programme's name is known by (case folded, spaces collapsed): the migration's own,
# so a programme carried over and one added later are found the same way.
key = programme_key


_NOT_LETTERS = Pattern(r"[\W_]+")
# The letters of the names on file above which Catalogue._maybe_near looks each name up
# rather than keeping every beginning of theirs (a set of that many strings).
_PREFIXES_MAX = 100_000
# The names on file up to which Catalogue._maybe_near looks for each of them in the names
# typed (as one text) rather than asking each name typed whether it begins with one.
_FEW_NAMES = 64
# What _NOT_LETTERS takes out of ASCII text (all but letters and digits), but line ends.
_ASCII_NOT_LETTERS = bytes(c for c in range(128) if not chr(c).isalnum() and c != 10)


def loose(name: str) -> str:
    """The name with case, accents, Danish letters and everything but letters and digits
    taken off: 'EMPOWER 4U' and 'Empower-4U' are the same here."""
    return _NOT_LETTERS.sub("", names.fold(name))


def loose_of_folded(folded_key: str) -> str:
    """loose() of a name from its key folded (names.fold(key(name))), which is the same:
    what spelling() has worked out already."""
    return _NOT_LETTERS.sub("", folded_key)


def is_near(typed: str, name: str) -> bool:
    """Is `typed` a near spelling of the programme `name` (not the same key)? The same letters
    and digits spaced or punctuated otherwise, the start of the name that is at least half of
    it, its first words ('Vejen' for 'Vejen til uddannelse og beskæftigelse'), or a letter or
    two off. A longer name that begins with another is another programme."""
    return _near(_Spelled(typed), _Spelled(name))


class _Spelled:
    """A name as is_near() compares it, worked out once."""

    __slots__ = ("_counts", "_letters", "loose", "words")

    def __init__(self, name: str) -> None:
        self.loose = loose(name)
        self.words = names.words(name)
        self._letters: Counter[str] | None = None
        self._counts: dict[str, int] | None = None

    @property
    def counts(self) -> dict[str, int]:
        """How often each letter or digit occurs: `letters` as a plain dict."""
        if self._counts is None:
            self._counts = dict(self.letters)
        return self._counts

    @property
    def letters(self) -> Counter[str]:
        if self._letters is None:
            self._letters = Counter(self.loose)
        return self._letters


def _near(typed: _Spelled, name: _Spelled) -> bool:
    a, b = typed.loose, name.loose
    if not a or not b:
        return False
    if a == b:
        return True
    first, whole = typed.words, name.words
    if first and len(first) < len(whole) and whole[: len(first)] == first:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)  # as sorted((a, b), key=len)
    # the start of the name ('EMPOWER 4U' for 'EMPOWER4U->DRØMMEJOB'), not a mere first word
    if len(short) >= 4 and 2 * len(short) >= len(long_) and long_.startswith(short):
        return True
    # Cheap upper bounds of difflib's ratio() first (its real_quick_ratio and quick_ratio:
    # the lengths, then the letters in common), since most names are far apart. Between the
    # two, a bound cheaper than quick_ratio's and never below it: the letters in common
    # counted as often as the name on file has them.
    length = len(a) + len(b)  # the same sums as difflib's, so a bound never differs by rounding
    if 2.0 * len(short) / length < NEAR:
        return False
    counts = name.counts
    if 2.0 * sum(counts[c] for c in counts.keys() & set(a)) / length < NEAR:
        return False
    if 2.0 * (typed.letters & name.letters).total() / length < NEAR:
        return False
    return SequenceMatcher(None, a, b).ratio() >= NEAR


NEAR = 0.85  # difflib's ratio from which two programme names are near spellings


def _name(text: str | None, field: str = "name") -> str:
    value = " ".join(check_text((text or "").strip(), field).split())
    if not value:
        raise InvalidInput(
            field=field, problem=t("the programme name is empty"), fix=t("give its name")
        )
    if len(value) > NAME_LIMIT:
        raise InvalidInput(
            field=field,
            problem=t(
                "the programme name is longer than {name_limit} characters", name_limit=NAME_LIMIT
            ),
            fix=t("shorten it"),
        )
    return value


def _weeks(text: str | int | None) -> int | None:
    if text is None or str(text).strip() == "":
        return None
    value = str(text).strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_WEEKS:
        raise InvalidInput(
            field="weeks",
            problem=t(
                "'{value}' is not a number of weeks from 1 to {max_weeks}",
                value=value[:20],
                max_weeks=MAX_WEEKS,
            ),
            fix=t("give the planned length in whole weeks (78 is about 1½ years)"),
        )
    return int(value)


# --- finding a programme ------------------------------------------------------------------


def by_key(conn: sqlite3.Connection, name: str) -> sqlite3.Row | None:
    """The programme with this name in any case and spacing, or with the Danish letters
    written out ('beskaeftigelse' for 'beskæftigelse'): the same name, not a near one."""
    row = conn.execute("SELECT * FROM programme WHERE key = ?", (key(name),)).fetchone()
    if row is not None or not name.strip():
        return row
    return Catalogue(conn).by_key(name)


def near(conn: sqlite3.Connection, name: str) -> list[sqlite3.Row]:
    """Programmes whose names are near spellings of `name` (not the same name)."""
    return Catalogue(conn).near(name)


class Catalogue:
    """The programmes on file, read once, to find many names in them (an import's rows):
    by_key(), near() and spelling() as the functions of those names decide, without a query
    per name."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        rows = conn.execute("SELECT * FROM programme ORDER BY id").fetchall()
        self._by_key = {row["key"]: row for row in rows}
        self._by_folded: dict[str, sqlite3.Row] = {}
        for row in rows:  # the oldest of two that fold alike, as by_key() always found
            self._by_folded.setdefault(names.fold(row["key"]), row)
        # each name as near() compares it, in the order near() lists them: its row, folded
        # key, spelling, and its ASCII letters and digits as bytes (for a bound on the
        # letters in common)
        self._spelled = [
            (row, names.fold(row["key"]), spelled, _ascii_letters(spelled.loose))
            for row in sorted(rows, key=lambda row: row["name"])
            for spelled in (_Spelled(row["name"]),)
        ]
        looses = [spelled.loose for _, _, spelled, _ in self._spelled]
        self._looses = tuple(looses)
        by_loose = sorted(zip(looses, range(len(looses)), strict=True))
        self._sorted_looses = [loose for loose, _ in by_loose]
        self._sorted_at = [at for _, at in by_loose]
        self._by_length = sorted((len(loose), at) for at, loose in enumerate(looses))
        self._lengths = [length for length, _ in self._by_length]
        self._windows: dict[int, tuple[int, int]] = {}
        self._prefixes: set[str] | None = None  # every beginning of a name on file (loose)

    def by_key(self, name: str) -> sqlite3.Row | None:
        return self._by_key_folded(name, key(name))[0]

    def _by_key_folded(self, name: str, folded_key: str) -> tuple[sqlite3.Row | None, str]:
        """by_key() of a name whose key is worked out, and the key folded ("" when not)."""
        row = self._by_key.get(folded_key)
        if row is not None or not name.strip():
            return row, ""
        folded = names.fold(folded_key)
        return self._by_folded.get(folded), folded

    def near(self, name: str) -> list[sqlite3.Row]:
        return self._near(name, names.fold(key(name)))

    def _near(self, name: str, wanted: str) -> list[sqlite3.Row]:
        """near() of a name whose key is folded (`wanted`), asking is_near() only of the
        names on file it could be near: those it begins or that begin it (every rule but
        difflib's ratio needs one to begin the other), and those whose lengths allow the
        ratio to reach NEAR and that share enough letters with it. An import of 10,000 new
        names against a long list of programmes stays quick."""
        a = loose_of_folded(wanted)
        if not a:
            return []  # no letters or digits: near nothing (as is_near)
        spelled_ = self._spelled
        if not a.isascii() or a.startswith(self._looses):
            wanted_at: Iterable[int] = range(len(spelled_))  # a rare name: ask of every one
        else:
            size, found_at = len(a), []
            window = self._windows.get(size)
            low, high = window if window is not None else self._window(size)
            if low < high:
                plain = a.encode()
                for length, at in self._by_length[low:high]:
                    # at most as many letters in common as the typed ones found in the name
                    common = size - len(plain.translate(None, spelled_[at][3]))
                    if 2.0 * common / (size + length) >= NEAR:
                        found_at.append(at)
            looses = self._sorted_looses
            at = bisect_left(looses, a)
            while at < len(looses) and looses[at].startswith(a):  # names it begins
                found_at.append(self._sorted_at[at])
                at += 1
            if not found_at:
                return []
            wanted_at = sorted(set(found_at))
        typed = _Spelled(name)
        return [
            row
            for row, folded, spelled, _ in map(spelled_.__getitem__, wanted_at)
            if folded != wanted and _near(typed, spelled)
        ]

    def _window(self, size: int) -> tuple[int, int]:
        """Where in the names on file by length (_by_length) are those whose length allows
        difflib's ratio with a name of `size` letters to reach NEAR (as _near() bounds it:
        twice the shorter over both)."""
        lowest = highest = size
        while lowest > 1 and 2.0 * (lowest - 1) / (size + lowest - 1) >= NEAR:
            lowest -= 1
        while 2.0 * size / (size + highest + 1) >= NEAR:
            highest += 1
        found = bisect_left(self._lengths, lowest), bisect_right(self._lengths, highest)
        self._windows[size] = found
        return found

    def spelling(self, text: str | None, field: str = "programme") -> str | None:
        """spelling() of this module, against the programmes read."""
        if not text:
            return text
        row, folded = self._by_key_folded(text, key(text))
        if row is not None:
            return str(row["name"])
        close = self._near(text, folded)
        if close:
            raise did_you_mean(
                text.strip(),
                close,
                field,
                t(
                    "give the name as 'efter programme list' shows it, or add a new programme "
                    "first with 'efter programme add NAME --kind model|supplement --force'"
                ),
            )
        return text

    def spellings(self, texts: list[str]) -> list[str | None]:
        """spelling() of many names at once (an import's column): each as it is to be
        stored, or None where spelling() refuses it (a near spelling of a programme on file,
        which spelling() of that name words). The same answers, a column at a time: the keys
        of names in C; the names not on file folded and stripped to their letters and digits
        as one text when they are ASCII (each a line of it); and the bounds _near() puts on
        the names on file worked out for all of them in C (_maybe_near), so that only a name
        that may be near one on file is asked of _near(). 10,000 new names: 5 ms, not 20."""
        keys = list(map(" ".join, map(str.split, map(str.casefold, texts))))  # key()
        found = list(map(self._by_key.get, keys))
        out: list[str | None] = [None if row is None else str(row["name"]) for row in found]
        missing = [at for at, row in enumerate(found) if row is None]
        if not missing:
            return out
        lines = "\n".join(map(keys.__getitem__, missing))
        if lines.isascii():  # no line end in a key (split() took them): as many lines as keys
            folded = names.fold(lines).split("\n")
        else:
            folded = list(map(names.fold, map(keys.__getitem__, missing)))
        rest: list[int] = []  # positions in `missing` of names not on file even folded
        for at, row in enumerate(map(self._by_folded.get, folded)):
            if not keys[missing[at]]:
                out[missing[at]] = texts[missing[at]]  # blank: as typed (spelling())
            elif row is not None:
                out[missing[at]] = str(row["name"])
            else:
                rest.append(at)
        if not rest:
            return out
        lines = "\n".join(map(folded.__getitem__, rest))
        if lines.isascii():
            looses = lines.encode().translate(None, _ASCII_NOT_LETTERS).decode().split("\n")
        else:
            looses = list(map(loose_of_folded, map(folded.__getitem__, rest)))
        maybe = self._maybe_near(looses)
        for at, loose_name in zip(rest, looses, strict=True):
            text = texts[missing[at]]
            if loose_name not in maybe or not self._near(text, folded[at]):
                out[missing[at]] = text
        return out

    def _spelling_or_none(self, text: str) -> str | None:
        try:
            return self.spelling(text)
        except InvalidInput:
            return None

    def _maybe_near(self, looses: list[str]) -> set[str]:
        """Of these names (loose_of_folded), those _near() would ask is_near() of some name
        on file: it finds none near the others. Its bounds, for all of them at once."""
        distinct = set(looses)
        distinct.discard("")  # near nothing
        # _near() asks of every name on file when a name is not ASCII or begins one
        if "".join(distinct).isascii():
            found: set[str] = set()
        else:
            found = set(compress(distinct, map(not_, map(str.isascii, distinct))))
        found.update(self._beginning_with_one(distinct))
        spelled_ = self._spelled
        for size, same_size in groupby(sorted(distinct - found, key=len), len):
            group = list(same_size)
            window = self._windows.get(size)
            low, high = window if window is not None else self._window(size)
            if low < high:
                lines = "\n".join(group).encode()
                for length, at in self._by_length[low:high]:
                    # as _near(): the typed letters found in the name, at most in common
                    enough = {rest for rest in range(size + 1)
                              if 2.0 * (size - rest) / (size + length) >= NEAR}  # fmt: skip
                    left = lines.translate(None, spelled_[at][3]).split(b"\n")
                    found.update(compress(group, map(enough.__contains__, map(len, left))))
        # the names on file that begin with it: one of their beginnings
        if sum(map(len, self._looses)) > _PREFIXES_MAX:  # a long list: each name looked up
            sorted_ = [*self._sorted_looses, ""]  # "" begins with no name
            after = map(partial(bisect_left, self._sorted_looses), distinct)
            found.update(
                compress(distinct, map(str.startswith, map(sorted_.__getitem__, after), distinct))
            )
            return found
        if self._prefixes is None:
            self._prefixes = {loose[:end] for loose in self._looses for end in range(len(loose))}
            self._prefixes.update(self._looses)
        found.update(distinct & self._prefixes)
        return found

    def _beginning_with_one(self, distinct: set[str]) -> Iterable[str]:
        """The names that begin with a name on file (each as loose_of_folded; a name on file
        without letters or digits, which begins every name, is near none: _near)."""
        if len(self._looses) > _FEW_NAMES:  # a long list: each name asked
            return compress(distinct, map(methodcaller("startswith", self._looses), distinct))
        text = "\n" + "\n".join(distinct) + "\n"
        found = []
        for loose in filter(None, set(self._looses)):
            at = text.find("\n" + loose)
            while at >= 0:
                found.append(text[at + 1 : text.index("\n", at + 1)])
                at = text.find("\n" + loose, at + 1)
        return found


def _ascii_letters(text: str) -> bytes:
    """The ASCII characters of `text`, each once, as bytes (bytes.translate's delete)."""
    return "".join(sorted({char for char in text if char.isascii()})).encode()


# A near name on file that may still be another programme (add and rename alike).
_OR_FORCE = phrase("Use that one, or add {force} if this is another programme", "force")


def did_you_mean(
    name: str, rows: list[sqlite3.Row], field: str | None, fix: str | Phrase
) -> InvalidInput:
    """'EMPOWER 4U' is not a programme on file: did you mean 'EMPOWER4U->DRØMMEJOB'? ...
    (a fix that names a field is a Phrase written with its capital: "Use that one, ...")."""
    spellings = t(" or ").join(f"'{row['name']}'" for row in rows[:3])
    if isinstance(fix, Phrase):
        then: str | Phrase = phrase("did you mean {names}? {then}", names=spellings, then=fix)
    else:
        then = t(
            "did you mean {names}? {upper}{fix}", names=spellings, upper=fix[0].upper(), fix=fix[1:]
        )
    return InvalidInput(
        field=field,
        problem=t("'{name}' is not a programme on file", name=name),
        fix=then,
    )


def find(conn: sqlite3.Connection, text: str, field: str | None = None) -> sqlite3.Row:
    """A programme by its name (any case and spacing) or id; a near spelling is named."""
    name = text.strip()
    row = by_key(conn, name) if name else None
    if row is None and name.isdigit():
        row = conn.execute("SELECT * FROM programme WHERE id = ?", (int(name),)).fetchone()
    if row is not None:
        return row
    close = near(conn, name) if name else []
    if close:
        raise did_you_mean(
            name, close, field, t("give the name as 'efter programme list' shows it")
        )
    raise NotFound(
        t(
            "No programme is called '{name}': see 'efter programme list', or add it with 'efter programme add NAME --kind model|supplement'.",
            name=name[:60],
        )
    )


def spelling(conn: sqlite3.Connection, text: str | None, field: str = "programme") -> str | None:
    """The programme a young person is to join, as its name is stored: an existing programme in
    any case and spacing; a new name as typed (it becomes a programme when written); a near
    spelling of an existing one refused with "did you mean"."""
    if not text:
        return text
    row = conn.execute("SELECT * FROM programme WHERE key = ?", (key(text),)).fetchone()
    if row is not None:
        return str(row["name"])
    return Catalogue(conn).spelling(text, field)


# --- programmes ---------------------------------------------------------------------------


def add(
    conn: sqlite3.Connection,
    name: str,
    kind: str,
    *,
    price: str | None = None,
    weeks: str | None = None,
    force: bool = False,
) -> int:
    """A new programme; refused when it exists, or (unless forced) when its name is near an
    existing one's."""
    from efter.core import prices

    value = _name(name)
    code = vocab.lookup(KINDS, kind, N_("kind of programme"), "kind").code
    length = _weeks(weeks)
    amount = prices.parse_amount(price, field="price") if price is not None else None
    existing = by_key(conn, value)
    if existing is not None:
        raise Conflict(
            field="name",
            problem=t("the programme '{name}' is already on file", name=existing["name"]),
            fix=t("change it with 'efter programme edit'"),
        )
    close = near(conn, value)
    if close and not force:
        raise did_you_mean(value, close, None, _OR_FORCE)
    stamp = clock.timestamp()
    cursor = conn.execute(
        "INSERT INTO programme (name, key, kind, weeks, created, updated) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (value, key(value), code, length, stamp, stamp),
    )
    if amount is not None:
        prices.store(conn, value, amount)
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def ensure(conn: sqlite3.Connection, name: str, cache: dict[str, int] | None = None) -> int:
    """The id of the programme with this name, made (kind model) when there is none: a young
    person joining a programme not yet on file (youth add, import), checked by spelling()."""
    folded = key(name)
    if cache is not None and folded in cache:
        return cache[folded]
    row = conn.execute("SELECT id FROM programme WHERE key = ?", (folded,)).fetchone()
    found = int(row[0]) if row is not None else _make(conn, folded, name)
    if cache is not None:
        cache[folded] = found
    return found


def ensure_many(conn: sqlite3.Connection, wanted: Iterable[str]) -> None:
    """ensure() for many names at once (the prices import's, which names programmes by
    name, not id): every programme not on file made with the first spelling given, in one
    statement."""
    known = {row[0] for row in conn.execute("SELECT key FROM programme")}
    names = list(wanted)
    keys = list(map(" ".join, map(str.split, map(str.casefold, names))))  # key() of each, in C
    first = dict(zip(reversed(keys), reversed(names), strict=True))  # each key's first name
    new = {folded: first[folded] for folded in dict.fromkeys(keys) if folded not in known}
    if new:
        _insert(conn, new)


def _insert(conn: sqlite3.Connection, new: dict[str, str]) -> None:
    """New programmes (kind model), {key: name as given}. One that another coordinator's
    command made meanwhile on a register (it waited for that one to commit) is theirs."""
    stamp = clock.timestamp()
    conn.executemany(
        "INSERT INTO programme (name, key, kind, created, updated) VALUES (?, ?, 'model', ?, ?) "
        "ON CONFLICT (key) DO NOTHING",
        list(zip(map(" ".join, map(str.split, new.values())), new, repeat(stamp), repeat(stamp))),
    )


def _make(conn: sqlite3.Connection, folded: str, name: str) -> int:
    """A new programme (kind model) of this key and name as given: its id."""
    _insert(conn, {folded: name})
    row = conn.execute("SELECT id FROM programme WHERE key = ?", (folded,)).fetchone()
    return int(row[0])


def edit(
    conn: sqlite3.Connection,
    programme: sqlite3.Row,
    *,
    name: str | None = None,
    kind: str | None = None,
    weeks: str | None = None,
    force: bool = False,
) -> dict[str, tuple[Any, Any]]:
    """Rename a programme (its young people's case programme and its price follow), or change
    its kind or planned length; returns {field: (old, new)}."""
    changes: dict[str, Any] = {}
    if name is not None:
        value = _name(name)
        other = by_key(conn, value)
        if other is not None and other["id"] != programme["id"]:
            raise Conflict(
                field="name",
                problem=t("the programme '{name}' is already on file", name=other["name"]),
                fix=t("give another name"),
            )
        close = [r for r in near(conn, value) if r["id"] != programme["id"]]
        if close and not force:
            raise did_you_mean(value, close, None, _OR_FORCE)
        changes["name"] = value
    if kind is not None:
        changes["kind"] = vocab.lookup(KINDS, kind, N_("kind of programme"), "kind").code
    if weeks is not None:
        changes["weeks"] = _weeks(weeks)
    if not changes:
        raise nothing_to_change("name", "kind", "weeks")
    diff = {f: (programme[f], v) for f, v in changes.items() if programme[f] != v}
    if not diff:
        return diff
    values = {f: new for f, (_, new) in diff.items()}
    if "name" in diff:
        values["key"] = key(diff["name"][1])
    update_rows(conn, "programme", [(programme["id"], values)], stamped=True)
    if "name" in diff:
        old, new = diff["name"]
        from efter.core import prices

        prices.rename(conn, old, new)
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT youth_id FROM programme_period WHERE programme_id = ?",
                (programme["id"],),
            )
        ]
        from efter.core import youth

        youth.programme_named(
            conn,
            [
                (youth_id, new)
                for youth_id, spelled in conn.execute(
                    "SELECT id, programme FROM youth WHERE id IN (SELECT youth_id FROM "
                    "programme_period WHERE programme_id = ?)",
                    (programme["id"],),
                ).fetchall()
                if spelled is not None and key(spelled) == key(old)
            ],
        )
        audit.changed(ids)
    return diff


def listing(conn: sqlite3.Connection, today: date) -> list[dict[str, Any]]:
    """Every programme with its kind, planned length, price, cohorts and young people: `active`
    are in it now (an open case with a period that has not ended), `closed` have left it."""
    day = today.isoformat()
    from efter.core import prices as programme_prices

    prices = {k: amount for k, (_, amount) in programme_prices.by_key(conn).items()}
    rows = conn.execute(
        """
        SELECT p.id, p.name, p.kind, p.weeks,
            (SELECT count(*) FROM cohort AS c WHERE c.programme_id = p.id) AS cohorts,
            (SELECT count(DISTINCT pp.youth_id) FROM programme_period AS pp
             JOIN youth AS y ON y.id = pp.youth_id
             WHERE pp.programme_id = p.id AND y.status = 'active' AND pp.starts <= :day
               AND (pp.ends IS NULL OR pp.ends >= :day)) AS active,
            (SELECT count(DISTINCT pp.youth_id) FROM programme_period AS pp
             JOIN youth AS y ON y.id = pp.youth_id
             WHERE pp.programme_id = p.id AND (y.status = 'closed' OR pp.ends < :day)) AS left_
        FROM programme AS p
        """,
        {"day": day},
    ).fetchall()
    out = [
        {
            "id": r["id"],
            "programme": r["name"],
            "kind": r["kind"],
            "weeks": r["weeks"],
            "price": prices.get(key(r["name"])),
            "cohorts": r["cohorts"],
            "active": r["active"],
            "closed": r["left_"],
        }
        for r in rows
    ]
    return sorted(out, key=lambda p: (key(p["programme"]), p["id"]))


def show(conn: sqlite3.Connection, programme: sqlite3.Row, today: date) -> dict[str, Any]:
    """One programme with its cohorts and the periods of the young people in it."""
    entry = next(p for p in listing(conn, today) if p["id"] == programme["id"])
    entry["cohorts"] = cohorts(conn, programme["id"])
    people = conn.execute(
        f"""
        SELECT pp.id, pp.youth_id, y.ref, y.name, pp.starts, pp.ends, c.name AS cohort
        FROM programme_period AS pp JOIN youth AS y ON y.id = pp.youth_id
        LEFT JOIN cohort AS c ON c.id = pp.cohort_id
        WHERE pp.programme_id = ? ORDER BY pp.starts, {names.order_by(conn, "y.name")}, pp.id
        """,
        (programme["id"],),
    ).fetchall()
    audit.viewed([row["youth_id"] for row in people])
    entry["periods"] = [dict(row) for row in people]
    return entry


# --- cohorts ------------------------------------------------------------------------------


def _date(text: str | None, field: str) -> str | None:
    if text is None or not text.strip():
        return None
    return parse_date(text, field=field).isoformat()


def cohorts(conn: sqlite3.Connection, programme_id: int | None = None) -> list[dict[str, Any]]:
    sql = (
        "SELECT c.id, p.name AS programme, c.name AS cohort, c.starts, c.planned_end, c.place, "
        "(SELECT count(DISTINCT youth_id) FROM programme_period AS pp "
        " WHERE pp.cohort_id = c.id) AS young_people "
        "FROM cohort AS c LEFT JOIN programme AS p ON p.id = c.programme_id"
    )
    params: tuple[Any, ...] = ()
    if programme_id is not None:
        sql += " WHERE c.programme_id = ?"
        params = (programme_id,)
    sql += " ORDER BY p.key IS NULL, p.key, c.starts IS NULL, c.starts, c.key"
    return [dict(row) for row in conn.execute(sql, params)]


def cohort_of(conn: sqlite3.Connection, programme_id: int | None, name: str) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM cohort WHERE coalesce(programme_id, 0) = ? AND key = ?",
        (programme_id or 0, key(name)),
    ).fetchone()


def set_cohort(
    conn: sqlite3.Connection,
    programme: sqlite3.Row,
    name: str,
    *,
    starts: str | None = None,
    planned_end: str | None = None,
    place: str | None = None,
) -> tuple[int, bool, dict[str, Any]]:
    """Add a cohort to a programme, or change the given values of one it has. Without a planned
    end, a cohort with a start ends the programme's planned weeks after it. Returns (id, whether
    it is new, the values as stored)."""
    label = " ".join(check_text(name.strip(), "cohort").split())
    if not label:
        raise InvalidInput(
            field="cohort", problem=t("the cohort's name is empty"), fix=t("name it")
        )
    if len(label) > NAME_LIMIT:
        raise InvalidInput(
            field="cohort",
            problem=t(
                "the cohort's name is longer than {name_limit} characters", name_limit=NAME_LIMIT
            ),
            fix=t("shorten it"),
        )
    existing = cohort_of(conn, programme["id"], label)
    values: dict[str, Any] = {}
    if starts is not None:
        values["starts"] = _date(starts, "start")
    if planned_end is not None:
        values["planned_end"] = _date(planned_end, "end")
    if place is not None:
        place_text = " ".join(check_text(place.strip(), "place").split())
        if len(place_text) > NAME_LIMIT:
            raise InvalidInput(
                field="place",
                problem=t(
                    "the place is longer than {name_limit} characters", name_limit=NAME_LIMIT
                ),
                fix=t("shorten it"),
            )
        values["place"] = place_text or None
    begins = values.get("starts", existing["starts"] if existing else None)
    ends = values.get("planned_end", existing["planned_end"] if existing else None)
    if "planned_end" not in values and begins and programme["weeks"] and ends is None:
        ends = (date.fromisoformat(begins) + timedelta(weeks=programme["weeks"])).isoformat()
        values["planned_end"] = ends
    if begins and ends:
        not_before(ends, begins, "end")
    stamp = clock.timestamp()
    if existing is None:
        cursor = conn.execute(
            "INSERT INTO cohort (programme_id, name, key, starts, planned_end, place, created, "
            "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                programme["id"], label, key(label), values.get("starts"),
                values.get("planned_end"), values.get("place"), stamp, stamp,
            ),
        )  # fmt: skip
        assert cursor.lastrowid is not None
        return cursor.lastrowid, True, values
    update_rows(conn, "cohort", [(existing["id"], values)], stamped=True)
    return int(existing["id"]), False, values


def ensure_cohort(conn: sqlite3.Connection, programme_id: int | None, name: str) -> int:
    row = cohort_of(conn, programme_id, name)
    if row is not None:
        return int(row["id"])
    stamp = clock.timestamp()
    label = " ".join(name.split())
    cursor = conn.execute(
        "INSERT INTO cohort (programme_id, name, key, created, updated) VALUES (?, ?, ?, ?, ?)",
        (programme_id, label, key(label), stamp, stamp),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


# --- periods ------------------------------------------------------------------------------


def periods(conn: sqlite3.Connection, youth_id: int) -> list[dict[str, Any]]:
    """A young person's periods in programmes, oldest first."""
    return [
        dict(row)
        for row in conn.execute(
            """
            SELECT pp.id, p.name AS programme, p.kind, c.name AS cohort, pp.starts, pp.ends
            FROM programme_period AS pp JOIN programme AS p ON p.id = pp.programme_id
            LEFT JOIN cohort AS c ON c.id = pp.cohort_id
            WHERE pp.youth_id = ? ORDER BY pp.starts, pp.id
            """,
            (youth_id,),
        )
    ]


def _open_period(conn: sqlite3.Connection, youth_id: int, programme_id: int) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM programme_period WHERE youth_id = ? AND programme_id = ? AND ends IS NULL "
        "ORDER BY starts DESC, id DESC LIMIT 1",
        (youth_id, programme_id),
    ).fetchone()


def dates_pass(case_start: str, starts: str, ends: str | None) -> bool:
    """Whether check_dates() passes a period's dates given as YYYY-MM-DD (an import's many
    rows, without making dates of them)."""
    return starts >= case_start and (ends is None or ends >= starts)


def check_dates(case_start: str, starts: date, ends: date | None) -> None:
    """A period starts on or after the case's start and ends on or after its own start
    (dates_pass() says whether, of ISO dates)."""
    if starts.isoformat() < case_start:
        raise InvalidInput(
            field="from",
            problem=t(
                "{starts} is before the case started ({case_start})",
                starts=day_text(starts),
                case_start=case_start,
            ),
            fix=t("give a date on or after the case's start"),
        )
    if ends is not None:
        not_before(ends, starts, "to")


def overlapping(
    periods: list[Any], starts: str, ends: str | None, own_id: int | None = None
) -> Any:
    """The first of a young person's periods in one programme (rows with id, starts, ends)
    that overlaps [starts, ends] (None: open), other than `own_id`."""
    for row in periods:
        if row["id"] == own_id:
            continue
        if (row["ends"] is None or row["ends"] >= starts) and (
            ends is None or row["starts"] <= ends
        ):
            return row
    return None


def already_in(youth: Any, programme: str, row: Any) -> Conflict:
    values = {
        "name": youth["name"],
        "programme": programme,
        "starts": day_text(row["starts"]),
        "ends": day_text(row["ends"]),
    }
    if row["ends"]:
        return Conflict(
            t(
                "{name} is already in {programme} at that time (from {starts} to {ends}): end "
                "that period with 'efter programme leave' or give other dates.",
                **values,
            )
        )
    return Conflict(
        t(
            "{name} is already in {programme} at that time (from {starts}): end that period "
            "with 'efter programme leave' or give other dates.",
            **values,
        )
    )


def join(
    conn: sqlite3.Connection,
    youth: Any,
    programme: sqlite3.Row,
    *,
    starts: date,
    ends: date | None = None,
    cohort: str | None = None,
) -> int:
    """A period of the young person in the programme (refused while they are in it)."""
    check_dates(youth.start, starts, ends)
    periods = conn.execute(
        "SELECT id, starts, ends FROM programme_period WHERE youth_id = ? AND programme_id = ?",
        (youth.id, programme["id"]),
    ).fetchall()
    clash = overlapping(periods, starts.isoformat(), ends.isoformat() if ends else None)
    if clash is not None:
        raise already_in(youth.row, programme["name"], clash)
    cohort_id = None
    if cohort is not None and cohort.strip():
        row = cohort_of(conn, programme["id"], cohort)
        if row is None:
            known = ", ".join(c["cohort"] for c in cohorts(conn, programme["id"])) or t("none yet")
            raise NotFound(
                t(
                    "{name} has no cohort '{strip}' (it has: {known}): add it with 'efter programme cohort \"{name}\" NAME --start DATE'.",
                    name=programme["name"],
                    strip=cohort.strip()[:60],
                    known=known,
                )
            )
        cohort_id = row["id"]
    new_id = insert_periods(
        conn,
        [(youth.id, programme["id"], cohort_id, starts.isoformat(),
          ends.isoformat() if ends else None)],
    )[0]  # fmt: skip
    # A case without a programme takes the first one joined as the case's programme.
    if youth.row["programme"] is None:
        from efter.core import youth as young_people

        young_people.programme_named(conn, [(youth.id, programme["name"])])
    audit.changed([youth.id])
    return new_id


def insert_periods(
    conn: sqlite3.Connection, rows: list[tuple[int, int, int | None, str, str | None]]
) -> list[int]:
    """The one way periods are stored (join, the programmes import): (youth id, programme id,
    cohort id, from, to) checked by check_dates() and overlapping(). Returns the new ids."""
    stamp = clock.timestamp()
    return insert_rows(
        conn,
        "programme_period",
        "INSERT INTO programme_period (youth_id, programme_id, cohort_id, starts, ends, "
        "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(*row, stamp, stamp) for row in rows],
    )


def update_periods(conn: sqlite3.Connection, changes: list[tuple[int, dict[str, Any]]]) -> None:
    """The periods' changed fields (cohort_id, ends), for each (period id, {field: new})."""
    update_rows(conn, "programme_period", changes, stamped=True)


def leave(conn: sqlite3.Connection, youth: Any, programme: sqlite3.Row, on: date) -> str:
    """End the young person's open period in the programme on `on`; returns its start."""
    row = _open_period(conn, youth.id, programme["id"])
    if row is None:
        raise Conflict(
            t(
                "{name} is not in {name2} now: see 'efter programme periods {value}'.",
                name=youth.name,
                name2=programme["name"],
                value=youth.ref or youth.id,
            )
        )
    not_before(on, row["starts"], "date")
    update_periods(conn, [(row["id"], {"ends": on.isoformat()})])
    audit.changed([youth.id])
    return str(row["starts"])


def follow_youth(
    conn: sqlite3.Connection,
    items: list[tuple[int, str | None, str | None, str]],
    *,
    new: bool = False,
) -> None:
    """The periods that youth add|edit --programme/--cohort and the youth import stand for:
    for each (youth id, programme, cohort, from) a young person not yet in the programme joins
    it from that day (in that cohort); one already in it gets the cohort on their open period.
    Programmes and cohorts not on file are made (names checked by spelling() before). `new`:
    the young people were just added (they are in no programme yet: nothing to look up)."""
    made: dict[str, int] = {}
    cohort_ids: dict[tuple[int | None, str], int] = {}
    # each name as written found once (an import's 100,000 young people name a few programmes
    # and cohorts: 200,000 keys made, 70 ms, before)
    typed: dict[tuple[str | None, str | None], tuple[int | None, int | None]] = {}
    stamp = clock.timestamp()
    periods: list[tuple[Any, ...]] = []
    moved: list[tuple[int, dict[str, Any]]] = []  # open periods given another cohort
    for youth_id, programme, cohort, starts in items:
        found = typed.get((programme, cohort))
        if found is None:
            pid = ensure(conn, programme, made) if programme else None
            cid = None
            if cohort:
                wanted = (pid, key(cohort))
                if wanted not in cohort_ids:
                    cohort_ids[wanted] = ensure_cohort(conn, pid, cohort)
                cid = cohort_ids[wanted]
            found = typed[programme, cohort] = (pid, cid)
        pid, cid = found
        if pid is None:
            continue
        open_ = None if new else _open_period(conn, youth_id, pid)
        if open_ is None:
            periods.append((youth_id, pid, cid, starts, stamp, stamp))
        elif cid is not None and open_["cohort_id"] != cid:
            moved.append((open_["id"], {"cohort_id": cid}))
    update_periods(conn, moved)
    conn.executemany(
        "INSERT INTO programme_period (youth_id, programme_id, cohort_id, starts, created, "
        "updated) VALUES (?, ?, ?, ?, ?, ?)",
        periods,
    )


def close_periods(conn: sqlite3.Connection, closings: list[tuple[int, str]]) -> None:
    """A closed case leaves its programmes on the closing day: for each (youth id, day), the
    periods not ended by then (youth close, the import of closed cases). One statement per
    distinct closing day, for all the young people closed that day (an import closes
    thousands of cases on a few days: 23 ms as a statement per case at 10,000, 9 ms so)."""
    closed_on: dict[str, list[int]] = {}
    for youth_id, on in closings:
        closed_on.setdefault(on, []).append(youth_id)
    stamp = clock.timestamp()
    for on, ids in closed_on.items():
        conn.execute(
            "UPDATE programme_period SET ends = ?, updated = ? "
            "WHERE youth_id IN (SELECT value FROM json_each(?)) AND starts <= ? "
            "AND (ends IS NULL OR ends > ?)",
            (on, stamp, ids_param(ids), on, on),
        )


def reopen_periods(conn: sqlite3.Connection, youth_id: int, closed: str) -> None:
    """A reopened case goes on in the programmes it left on the closing day."""
    conn.execute(
        "UPDATE programme_period SET ends = NULL, updated = ? WHERE youth_id = ? AND ends = ?",
        (clock.timestamp(), youth_id, closed),
    )


def members(conn: sqlite3.Connection, name: str) -> dict[int, list[tuple[str, str | None]]]:
    """Young people with periods in the programme called `name` (any case and spacing):
    {youth id: [(from, to), ...]}; empty when no programme has that name."""
    found: dict[int, list[tuple[str, str | None]]] = {}
    for youth_id, starts, ends in conn.execute(
        "SELECT pp.youth_id, pp.starts, pp.ends FROM programme_period AS pp "
        "JOIN programme AS p ON p.id = pp.programme_id WHERE p.key = ?",
        (key(name),),
    ):
        found.setdefault(youth_id, []).append((starts, ends))
    return found


def programmes_of(conn: sqlite3.Connection, youth_ids: list[int]) -> dict[int, list[str]]:
    """The names of the programmes each young person has had a period in (for the cost)."""
    from efter.core.casefile import ids_param

    found: dict[int, list[str]] = {}
    # p.key is selected for ORDER BY: PostgreSQL sorts DISTINCT rows only by what they hold.
    for youth_id, name, _key in conn.execute(
        "SELECT DISTINCT pp.youth_id, p.name, p.key FROM programme_period AS pp "
        "JOIN programme AS p ON p.id = pp.programme_id "
        "WHERE pp.youth_id IN (SELECT value FROM json_each(?)) ORDER BY pp.youth_id, p.key",
        (ids_param(youth_ids),),
    ):
        found.setdefault(youth_id, []).append(name)
    return found


def export_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every period as the programmes import reads it back (ref, programme, cohort, from, to),
    by ref and date, with the youth id under '_youth_id' for the audit log."""
    rows = conn.execute(
        "SELECT pp.youth_id, y.ref, p.name AS programme, c.name AS cohort, pp.starts, "
        "pp.ends FROM programme_period AS pp JOIN youth AS y ON y.id = pp.youth_id "
        "JOIN programme AS p ON p.id = pp.programme_id "
        "LEFT JOIN cohort AS c ON c.id = pp.cohort_id "
        "ORDER BY y.ref IS NULL, y.ref, pp.starts, pp.id"
    )
    return (
        {"_youth_id": r["youth_id"], "ref": r["ref"], "programme": r["programme"],
         "cohort": r["cohort"], "starts": r["starts"], "ends": r["ends"]}
        for r in rows
    )  # fmt: skip


def periods_for_import(conn: sqlite3.Connection, youth_id: int | None) -> list[Any]:
    """One young person's periods (or everyone's, youth_id None) as the programmes import
    compares them: id, youth_id, programme key and name, cohort, from and to."""
    sql = (
        "SELECT pp.id, pp.youth_id, p.key, p.name AS programme, c.name AS cohort, pp.starts, "
        "pp.ends FROM programme_period AS pp JOIN programme AS p ON p.id = pp.programme_id "
        "LEFT JOIN cohort AS c ON c.id = pp.cohort_id"
    )
    if youth_id is None:
        return conn.execute(sql + " ORDER BY pp.youth_id, pp.id").fetchall()
    return conn.execute(sql + " WHERE pp.youth_id = ? ORDER BY pp.id", (youth_id,)).fetchall()
