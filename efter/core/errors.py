"""Errors that say what was wrong, where, and how to fix it. The faces word them; nothing else
prints them.

An error is either a finished sentence (`EfterError("The case file ...: run 'efter doctor'.")`)
or structured: `InvalidInput(field="born", problem="'31-02-2010' is not a date",
fix="write it as YYYY-MM-DD or DD-MM-YYYY")`. The core names the field in its own words (the
column of the record: "born", "cpr", "ref"); each face says where that is: the CLI `--born`, the
importer `column fødselsdato`, `--json` the keys `field`, `problem` and `fix`.

A problem or a fix that names another field than the error's own (a usage mistake about two
options, "nothing to change: give one of ...", "add --force ...") names it as a field too, never
as an option: `phrase("give {count} or {until}, not both", "count", "until")`; the face fills
each such placeholder with its own name for the field when it words the error.
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


class Phrase:
    """Words of an error that name fields: `message` is translated and its placeholders
    filled when a face words it, each of `fields` with the face's name for that field (the
    command line's --count), the rest from `values`."""

    __slots__ = ("fields", "message", "values")

    def __init__(self, message: str, fields: tuple[str, ...], values: dict[str, Any]) -> None:
        self.message = message
        self.fields = fields
        self.values = values

    def worded(self, where: Callable[[str], str] | None = option_name) -> str:
        from efter.core.i18n import t

        named = where or option_name
        values = {key: _value(value, named) for key, value in self.values.items()}
        return t(self.message, **values, **{field: named(field) for field in self.fields})

    def __str__(self) -> str:
        return self.worded()


def _value(value: Any, where: Callable[[str], str]) -> Any:
    """A Phrase's value as the face says it: fields named, a phrase inside worded."""
    if isinstance(value, Fields):
        return ", ".join(where(field) for field in value)
    if isinstance(value, Phrase):
        return value.worded(where)
    return value


class Fields(tuple[str, ...]):
    """A list of fields inside a Phrase's value ("give at least one of {fields}"), named by
    the face and joined with commas: --name, --ref."""


def phrase(message: str, /, *fields: str, **values: Any) -> Phrase:
    """A problem, fix or sentence that names `fields` (placeholders of the same names), worded
    by each face its own way: `phrase("give {count} or {until}, not both", "count", "until")`
    is "give --count or --until, not both" on the command line."""
    return Phrase(message, fields, values)


def nothing_to_change(*fields: str) -> "UsageMistake":
    """The one error of an edit given nothing to change: "Nothing to change: give at least one
    of --name, --ref." (a usage mistake, exit 2: an option is missing)."""
    from efter.core.i18n import t

    return UsageMistake(
        problem=t("nothing to change"),
        fix=phrase("give at least one of {fields}", fields=Fields(fields)),
    )


Words = str | Phrase


def _worded(words: Words, where: Callable[[str], str] | None = option_name) -> str:
    return words.worded(where) if isinstance(words, Phrase) else words


class EfterError(Exception):
    """A failure the user can fix.

    Never put a CPR number or other case data beyond a name or ref the user typed in it.
    """

    exit_code = 1

    def __init__(
        self,
        message: Words = "",
        *,
        field: str | None = None,
        problem: Words = "",
        fix: Words = "",
    ) -> None:
        self.field = field  # the record's field, in the core's words; None: not one field
        self._problem = problem  # what was wrong, without saying where
        self._fix = fix  # how to put it right, without saying where
        self._sentence = message
        super().__init__(_worded(message) or _worded(problem))

    @property
    def problem(self) -> str:
        """What was wrong, other fields named as the command line names them."""
        return _worded(self._problem)

    @property
    def fix(self) -> str:
        """How to put it right, other fields named as the command line names them."""
        return _worded(self._fix)

    def worded(self, where: Callable[[str], str] | None = option_name) -> str:
        """One sentence, with `where(field)` naming the place as the face calls it (and any
        other field the problem or fix names). Joined the way each language joins the parts:
        "--born: '31-02-2010' does not exist: write it as ..." in English, "--born:
        '31-02-2010' findes ikke; skriv den som ..." in Danish (one sentence, not three pieces
        held together by colons)."""
        from efter.core.i18n import t

        if self._sentence or not self._problem:
            return _worded(self._sentence, where) or _worded(self._problem, where)
        values = {"problem": _worded(self._problem, where), "fix": _worded(self._fix, where)}
        if self.field is not None and where is not None:
            values["where"] = where(self.field)
            text = (
                t("{where}: {problem}: {fix}.", **values)
                if values["fix"]
                else t("{where}: {problem}.", **values)
            )
        else:
            text = t("{problem}: {fix}.", **values) if values["fix"] else t("{problem}.", **values)
        return text[0].upper() + text[1:]

    def error_line(self, where: Callable[[str], str]) -> str | None:
        """The whole line the command line prints for an error about one field, its
        "Error: " included ("Fejl i --born: ..." in Danish); None for any other error (the
        face puts its own "Error: " before the sentence)."""
        from efter.core.i18n import t

        if self._sentence or not self._problem or self.field is None:
            return None
        values = {
            "where": where(self.field),
            "problem": _worded(self._problem, where),
            "fix": _worded(self._fix, where),
        }
        if values["fix"]:
            return t("Error: {where}: {problem}: {fix}.", **values)
        return t("Error: {where}: {problem}.", **values)

    def at(self, field: str | None) -> "EfterError":
        """The same error about another field: a value checked as one field (a coordinator's
        name) that this command takes in another (--to)."""
        return type(self)(self._sentence, field=field, problem=self._problem, fix=self._fix)

    @property
    def message(self) -> str:
        """The sentence as the command line says it."""
        return self.worded()

    def as_json(self, where: Callable[[str], str] = option_name) -> dict[str, Any]:
        """The error for --json: the sentence, the field and the parts, each field named by
        `where` (the command's own option)."""
        sentence = self.worded(where)
        return {
            "error": sentence,
            "field": where(self.field) if self.field is not None else None,
            "problem": _worded(self._problem, where) or sentence,
            "fix": _worded(self._fix, where) or None,
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
