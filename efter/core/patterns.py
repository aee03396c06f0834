"""Regular expressions compiled when first used.

A module that compiles its patterns as it loads makes every command that imports it pay for
them, used or not: 6-10 million instructions of `youth show`, `due` and each report, most of
it for patterns such a command never uses (a CPR number in an error message, a date or a
phone number typed by hand, a control character in JSON; docs/performance.md, "Patterns
compiled when first used"). A Pattern compiles at the first call of one of its methods and
keeps the compiled pattern's own bound methods, so every later call is that method's call.
"""

import re
from collections.abc import Callable, Iterator
from typing import Any


class Pattern:
    """re.compile(pattern, flags), compiled when one of its methods is first asked for."""

    __slots__ = ("_given", "findall", "finditer", "fullmatch", "match", "search", "sub")

    match: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    search: Callable[..., re.Match[str] | None]
    sub: Callable[..., str]
    findall: Callable[..., list[Any]]
    finditer: Callable[..., Iterator[re.Match[str]]]

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._given = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # Asked only for a name that is not set yet: the methods, until the first call.
        compiled = re.compile(*self._given)
        for method in Pattern.__slots__[1:]:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)
