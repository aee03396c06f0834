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

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")
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
