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
