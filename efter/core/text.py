"""Free text as users type it, and as efter shows it again: the one rule, kept here.

On the way in (`check`, `clean`): text is stored exactly as typed (bar surrounding spaces) or
refused in one sentence naming the option or column. Refused everywhere: NUL and the other
control characters (C0, DEL and C1: they would reach a terminal as escape sequences), the
bidirectional embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069 (they make a
terminal or a document show text in another order than it is stored: "Trojan source"), and
text that is not valid Unicode (lone surrogates: a wrong character encoding). A field that may
hold several lines (a note, minutes, what is agreed, a goal) keeps newline and tab; a field of
one line (a name, a ref, a place, a programme) refuses them too, since a line break in a name
breaks every table, calendar and document line it is printed on. The right-to-left and
left-to-right marks (U+200E, U+200F, U+061C) are kept: people writing Arabic or Hebrew type them.
Everything else is kept as typed: any script, emoji, brackets, template syntax and HTML, which
are never interpreted.

On the way out (`shown`): whatever is already stored (an older efter stored control
characters, or someone wrote to the file directly), text printed to a terminal has every
control character, bidi control (marks included) and lone surrogate written as a visible
escape (\\x1b, \\u202e), so a value can neither move the cursor, recolour the screen nor
reorder what is printed around it.
"""

import re
from functools import cache

from efter.core.errors import InvalidInput, field_of
from efter.core.i18n import N_, number_text, t

# The character classes below are compiled when first needed, which is seldom (only text that
# is not printable needs one): this module is on every command's start, and compiling the six
# at import cost about 1 ms of each command's 65 (docs/performance.md).
_SURROGATE = r"\ud800-\udfff"
_BIDI_INPUT = r"\u202a-\u202e\u2066-\u2069"
# What input refuses, for one line and for several (newline and tab allowed).
_CONTROL_ONE = r"\x00-\x1f\x7f-\x9f"
_CONTROL_LINES = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
# What output writes as an escape: C0/C1 controls, bidi controls and marks, the line and
# paragraph separators, lone surrogates. Newline and tab stay where several lines are shown.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_LINES = _UNSAFE
_UNSAFE_ONE = f"\t\n{_UNSAFE}"


@cache
def _any_of(chars: str) -> re.Pattern[str]:
    """The expression matching any one of `chars` (a character class's inside)."""
    return re.compile(f"[{chars}]")


_NAMES = {"\n": N_("a line break"), "\t": N_("a tab")}


def check(text: str, option: str | None = None, *, lines: bool = False) -> str:
    """Return `text` unchanged, or raise InvalidInput naming the option to correct.

    `lines=True` for a field that may hold several lines: newline and tab are kept."""
    if text.isprintable():  # nearly every value: nothing to refuse
        return text
    # `option` names the field (--place, place) or, when no field, the thing ("the line").
    field = field_of(option)

    def subject() -> str:  # only when refusing: check runs for every cell of an import
        return t("the value") if field or not option else option

    def refuse(problem: str, fix: str) -> InvalidInput:
        return InvalidInput(field=field, problem=problem, fix=fix)

    if "\x00" in text:
        raise refuse(
            t("{subject} contains a NUL character", subject=subject()),
            t("remove it and try again"),
        )
    bad = _any_of(_CONTROL_LINES if lines else _CONTROL_ONE).search(text)
    if bad:
        char = bad.group()
        if char in _NAMES:
            raise refuse(
                t(
                    "{subject} contains {what}, and it is a field of one line",
                    subject=subject(),
                    what=t(_NAMES[char]),
                ),
                t("write it on one line and try again"),
            )
        raise refuse(
            t(
                "{subject} contains the control character U+{code:04X}, which efter does not store",
                subject=subject(),
                code=ord(char),
            ),
            t("remove it and try again"),
        )
    bidi = _any_of(_BIDI_INPUT).search(text)
    if bidi:
        raise refuse(
            t(
                "{subject} contains the invisible direction control U+{code:04X}, which would "
                "make the text show in another order than it is stored",
                subject=subject(),
                code=ord(bidi.group()),
            ),
            t("remove it and try again"),
        )
    if _any_of(_SURROGATE).search(text):
        raise refuse(
            t("{subject} is not valid text (a wrong character encoding?)", subject=subject()),
            t("type it again, or save the file as UTF-8"),
        )
    return text


def clean(value: object, option: str | None = None, *, lines: bool = False) -> str | None:
    """A free-text value as stored: `check`ed, stripped of surrounding space, None if empty."""
    if value is None:
        return None
    return check(str(value).strip(), option, lines=lines) or None


_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str, *, lines: bool = True) -> str:
    """`text` safe to print on a terminal: control characters, bidi controls and marks, line
    separators and lone surrogates as visible escapes (\\x1b, \\u202e). With lines=False newline
    and tab are escaped too (a one-line message)."""
    if text.isprintable():  # the quick path for nearly every value
        return text
    return _any_of(_UNSAFE_LINES if lines else _UNSAFE_ONE).sub(_escape, text)


def fold_danish(text: str) -> str:
    """For matching what a user typed: no surrounding space, any case, æ/ø/å or ae/oe/aa."""
    return text.strip().casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def quoted(value: str, limit: int = 40) -> str:
    """A user's value fit for a one-line error message: a value shaped like a CPR number
    replaced by a placeholder, control characters written as escapes (\\x1b), cut to `limit`
    characters with an ellipsis."""
    from efter.core.cpr import redact

    value = redact(value)
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
    if len(text) > limit and field is not None and what is None:
        raise InvalidInput(
            field=field.lstrip("-").replace("-", "_"),
            problem=t(
                "{text_count} characters, more than the {limit} efter keeps",
                text_count=number_text(len(text)),
                limit=number_text(limit),
            ),
            fix=t("shorten it and try again"),
        )
    if len(text) > limit:
        raise InvalidInput(
            t(
                "{subject} is {text_count} characters long; efter keeps at most {limit}: "
                "shorten it and try again.",
                subject=what or t("A value"),
                text_count=number_text(len(text)),
                limit=number_text(limit),
            )
        )
    return text


MAX_ID_DIGITS = 18  # every id SQLite can hold has at most 19 digits; 18 always fits


def is_id(text: str) -> bool:
    """Whether `text` can be a record's id: ASCII digits SQLite can store (a longer number,
    or digits of another script, is never an id, so it is "not found" like any other)."""
    key = text.strip()
    return key.isascii() and key.isdigit() and len(key) <= MAX_ID_DIGITS
