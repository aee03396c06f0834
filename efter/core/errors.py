"""Errors that say what was wrong, where, and how to fix it. The faces word them; nothing else
prints them.

An error is either a finished sentence (`EfterError("The case file ...: run 'efter doctor'.")`)
or structured: `InvalidInput(field="born", problem="'31-02-2010' is not a date",
fix="write it as YYYY-MM-DD or DD-MM-YYYY")`. The core names the field in its own words (the
column of the record: "born", "cpr", "ref"); each face says where that is: the CLI `--born`, the
importer `column fødselsdato`, `--json` the keys `field`, `problem` and `fix`.
"""

from collections.abc import Callable
from typing import Any


def option_name(field: str) -> str:
    """The command line's name for a field: born -> --born, placed_from -> --placed-from."""
    return "--" + field.replace("_", "-")


def field_of(option: str | None) -> str | None:
    """The record's field a core function was told to name: --legal-basis, legal_basis and
    the argument KIND give legal_basis and kind; a phrase ("the line") gives None."""
    if not option:
        return None
    name = option[2:].replace("-", "_") if option.startswith("--") else option
    if name.isidentifier() and (name.islower() or name.isupper()):
        return name.lower()
    return None


class EfterError(Exception):
    """A failure the user can fix.

    Never put a CPR number or other case data beyond a name or ref the user typed in it.
    """

    exit_code = 1

    def __init__(
        self,
        message: str = "",
        *,
        field: str | None = None,
        problem: str = "",
        fix: str = "",
    ) -> None:
        self.field = field  # the record's field, in the core's words; None: not one field
        self.problem = problem  # what was wrong, without saying where
        self.fix = fix  # how to put it right, without saying where
        self._sentence = message
        super().__init__(message or problem)

    def worded(self, where: Callable[[str], str] | None = option_name) -> str:
        """One sentence, with `where(field)` naming the place as the face calls it. Joined
        the way each language joins the parts: "--born: '31-02-2010' does not exist: write
        it as ..." in English, "--born: '31-02-2010' findes ikke; skriv den som ..." in
        Danish (one sentence, not three pieces held together by colons)."""
        from efter.core.i18n import t

        if self._sentence or not self.problem:
            return self._sentence or self.problem
        values = {"problem": self.problem, "fix": self.fix}
        if self.field is not None and where is not None:
            values["where"] = where(self.field)
            text = (
                t("{where}: {problem}: {fix}.", **values)
                if self.fix
                else t("{where}: {problem}.", **values)
            )
        else:
            text = t("{problem}: {fix}.", **values) if self.fix else t("{problem}.", **values)
        return text[0].upper() + text[1:]

    def error_line(self, where: Callable[[str], str]) -> str | None:
        """The whole line the command line prints for an error about one field, its
        "Error: " included ("Fejl i --born: ..." in Danish); None for any other error (the
        face puts its own "Error: " before the sentence)."""
        from efter.core.i18n import t

        if self._sentence or not self.problem or self.field is None:
            return None
        values = {"where": where(self.field), "problem": self.problem, "fix": self.fix}
        if self.fix:
            return t("Error: {where}: {problem}: {fix}.", **values)
        return t("Error: {where}: {problem}.", **values)

    @property
    def message(self) -> str:
        """The sentence as the command line says it."""
        return self.worded()

    def as_json(self) -> dict[str, Any]:
        return {
            "error": self.message,
            "field": self.field,
            "problem": self.problem or self.message,
            "fix": self.fix or None,
        }


class InvalidInput(EfterError):
    """A value the user typed, or a file contained, is not acceptable."""


class UsageMistake(EfterError):
    """Options that disagree, or one that is missing: the command line, not the data, is
    wrong. Exit 2, as click's own usage errors; bad data is 1."""

    exit_code = 2


class NotFound(EfterError):
    """A young person, person, meeting or other record does not exist."""


class Conflict(EfterError):
    """The change would break a rule of the case file (a duplicate ref, a closed case)."""


class CaseFileError(EfterError):
    """The case file is missing, unreadable, too new or damaged."""


class DiskFull(EfterError):
    """The disk (or the user's quota) has no room for what efter writes: nothing is damaged,
    so the sentence never advises restoring a backup."""
