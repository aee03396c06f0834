"""Free text as users type it: stored exactly (bar surrounding spaces) or refused in a sentence.

Refused: NUL and the other control characters (they would reach the terminal as escape
sequences when the value is shown; tab and newline are kept), and text that is not valid
Unicode (a wrong character encoding on the command line or in a file shows up as lone
surrogates). Everything else is kept as typed: any script, right-to-left text, emoji,
brackets, template syntax and HTML, which are never interpreted.
"""

import re

from efter.core.errors import InvalidInput

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def check(text: str, option: str | None = None) -> str:
    """Return `text` unchanged, or raise InvalidInput naming the option to correct."""
    subject = f"The value of {option}" if option else "A value"
    if "\x00" in text:
        raise InvalidInput(f"{subject} contains a NUL character: remove it and try again.")
    bad = _CONTROL.search(text)
    if bad:
        raise InvalidInput(
            f"{subject} contains the control character U+{ord(bad.group()):04X}, which efter "
            "does not store: remove it and try again."
        )
    if _SURROGATE.search(text):
        raise InvalidInput(
            f"{subject} is not valid text (a wrong character encoding?): type it again, or "
            "save the file as UTF-8."
        )
    return text


def fold_danish(text: str) -> str:
    """For matching what a user typed: no surrounding space, any case, æ/ø/å or ae/oe/aa."""
    return text.strip().casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def quoted(value: str, limit: int = 40) -> str:
    """A user's value fit for a one-line error message: control characters written as escapes
    (\\x1b), cut to `limit` characters with an ellipsis."""
    value = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


# --- length limits (issue 14) ----------------------------------------------------------------
# One place for how long any text may be. A 120 kB name was accepted once and made every list
# slow; these are far above anything a person types, and far below what hurts.
NAME_CHARS = 200  # a name, a ref, a municipality, a programme, a cohort, a coordinator
LINE_CHARS = 2_000  # any other value typed on one line (a place, a provider, a reason, a path)
TEXT_CHARS = 20_000  # a note, a goal, an agreement (may hold several lines)
DOCUMENT_CHARS = 500_000  # the minutes of a meeting, read from a file
NAME_FIELDS = frozenset(
    {
        "name", "ref", "coordinator", "programme", "cohort", "municipality",
        "home_municipality", "placement_site", "organisation", "role", "phone", "email",
        "leader", "minute_taker", "owner", "provider", "youth", "person", "area", "rated_by",
    }
)  # fmt: skip
TEXT_FIELDS = frozenset({"note", "what", "text", "goal", "subgoal", "description", "title"})
DOCUMENT_FIELDS = frozenset({"minutes"})


def max_chars(field: str | None) -> int:
    """The longest text a field (an option's or a column's name, - or _) may hold."""
    name = (field or "").lstrip("-").replace("-", "_")
    if name in NAME_FIELDS:
        return NAME_CHARS
    if name in DOCUMENT_FIELDS:
        return DOCUMENT_CHARS
    if name in TEXT_FIELDS:
        return TEXT_CHARS
    return LINE_CHARS


def check_length(text: str, field: str | None, what: str | None = None) -> str:
    """`text` unchanged, or InvalidInput saying how long it is and how long it may be."""
    limit = max_chars(field)
    if len(text) > limit:
        subject = what or (f"The value of --{field.lstrip('-')}" if field else "A value")
        raise InvalidInput(
            f"{subject} is {len(text):,} characters long; efter keeps at most {limit:,}: "
            "shorten it and try again."
        )
    return text


MAX_ID_DIGITS = 18  # every id SQLite can hold has at most 19 digits; 18 always fits


def is_id(text: str) -> bool:
    """Whether `text` can be a record's id: ASCII digits SQLite can store (a longer number,
    or digits of another script, is never an id, so it is "not found" like any other)."""
    key = text.strip()
    return key.isascii() and key.isdigit() and len(key) <= MAX_ID_DIGITS
