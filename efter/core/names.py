"""Matching names (and words) as people type them: any case, any accent, Danish letters or
their two-letter spellings.

`fold` makes the key both sides are compared on: case folded, accents taken off (é → e,
ü → u), the Danish letters to their base (ø → o, å → a, æ → a), then the two-letter spellings
collapsed the same way (oe → o, aa → a, ae → a, until none is left). So "Nørgaard", "Norgaard", "Noergaard" and
"Nørgård" all fold to "norgard". Every collapse keeps the first letter of the pair, so the key
of a name's beginning is always the beginning of the name's key (a property test checks it):
"Nørg" finds "Nørgaard" whatever the spelling.

A query matches a name when each of its words is the beginning of a word of the name
("amalie", "nørg", "Amalie N", "Nørgaard Amalie"). Hyphens count as spaces.
"""

import sys
import unicodedata
from typing import Any

from efter.core.patterns import Pattern

_WORD = Pattern(r"[^\W_]+")
_LETTERS = str.maketrans({"ø": "o", "æ": "a", "å": "a", "ð": "d", "þ": "th", "ł": "l", "đ": "d"})


def fold(text: str) -> str:
    """The key a name is matched on (see the module's text)."""
    text = text.casefold()
    if not text.isascii():
        text = text.translate(_LETTERS)
        text = "".join(
            char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
        )
    # To a fixed point: "aå" typed "aaa" must meet "aå" folded ("aa"), so runs collapse whole.
    while "aa" in text or "oe" in text or "ae" in text:
        text = text.replace("aa", "a").replace("oe", "o").replace("ae", "a")
    return text


# Danish alphabetical order, for sorting names (not for matching them): A-Z without case,
# then Æ, Ø, Å (either case), then any other letter by its code. Æ, Ø, Å are spelt as DEL
# (U+007F, a control character efter never stores) and a, b, c: after every ASCII letter,
# before every other letter. `dialect.name_order` says the same in SQL; a test holds the two
# together on both engines.
DANISH_LETTERS = (
    ("Æ", "\x7fa"),
    ("æ", "\x7fa"),
    ("Ø", "\x7fb"),
    ("ø", "\x7fb"),
    ("Å", "\x7fc"),
    ("å", "\x7fc"),
)
_ORDER = str.maketrans(
    {
        **{chr(code): chr(code + 32) for code in range(ord("A"), ord("Z") + 1)},
        **dict(DANISH_LETTERS),
    }
)


def order_key(name: str) -> str:
    """What names are sorted by: Danish alphabetical order (see DANISH_LETTERS)."""
    return name.translate(_ORDER)


def order_by(conn: Any, column: str) -> str:
    """order_key in SQL, for an ORDER BY of `column` on this connection: the laptop's
    expression (sqlite_order_by), or the register's from efter.core.dialect. A case file
    (plain or encrypted) never loads the dialect, and without it no connection can be a
    register's."""
    dialect = sys.modules.get("efter.core.dialect")
    if dialect is None:
        return sqlite_order_by(column)
    return str(dialect.of(conn).name_order(column))


def danish_letters(column: str) -> str:
    """`column` in SQL with Æ, Ø, Å spelt as DANISH_LETTERS spells them."""
    expression = column
    for letter, spelt in DANISH_LETTERS:
        expression = f"replace({expression}, '{letter}', '{spelt}')"
    return expression


def sqlite_order_by(column: str) -> str:
    """order_key in SQLite's SQL: NOCASE folds A-Z only, and compares the bytes (UTF-8 sorts
    as the code points do). A name of ASCII letters only (as long in characters as in bytes)
    is sorted as it is: six replace() calls for every row cost a list of 10,000 young people
    ~8 ms, the test ~3 ms."""
    ascii_only = f"length({column}) = length(CAST({column} AS BLOB))"
    return f"CASE WHEN {ascii_only} THEN {column} ELSE {danish_letters(column)} END COLLATE NOCASE"


def words(text: str) -> list[str]:
    """The folded words of a text (letters and digits; everything else separates)."""
    return _WORD.findall(fold(text))


def matches(query_words: list[str], text: str) -> bool:
    """Each query word (folded) begins some word of `text`."""
    if not query_words:
        return False
    own = words(text)
    return all(any(word.startswith(q) for word in own) for q in query_words)


def spans(query_words: list[str], text: str) -> list[tuple[int, int]]:
    """Where in `text` (as typed) the words begun by a query word lie."""
    found = []
    for match in _WORD.finditer(text):
        key = fold(match.group())
        if any(key.startswith(q) for q in query_words):
            found.append(match.span())
    return found
