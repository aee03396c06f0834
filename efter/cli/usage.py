"""Usage errors in Danish: typer carries its own copy of click, which words them in English
only ("Missing option '--born'.", "Try 'efter youth add --help' for help."), without gettext.

In Danish, efter.cli.tree hands each usage error here before typer shows it: its parts are
read from the error (which option is missing, which was not known) and from the English
sentence for the few that carry no parts, then said in Danish with the same layout and exit
code 2. A sentence not known here keeps its English inside the Danish frame.
"""

import re
import sys
from typing import Any

from efter.core.i18n import nt, t

_EXTRA = re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$", re.S)
_NEEDS_VALUE = re.compile(r"^Option (?P<name>'[^']*') requires (an argument|\d+ arguments)\.$")
_NO_VALUE = re.compile(r"^Option (?P<name>'[^']*') does not take a value\.$")
_NOT_INTEGER = re.compile(r"^(?P<value>'.*') is not a valid (integer|int range)\.$", re.S)
_NOT_NUMBER = re.compile(r"^(?P<value>'.*') is not a valid (float|float range)\.$", re.S)
_RANGE = re.compile(r"^(?P<value>.*) is not in the range (?P<range>.*)\.$", re.S)


def show(error: Any) -> None:
    """Write `error` (a usage error of typer's click) to stderr in Danish, as typer would in
    English: the usage line, the hint, then the sentence."""
    ctx = error.ctx
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(
                t(
                    "Try '{command} {option}' for help.",
                    command=ctx.command_path,
                    option=ctx.help_option_names[0],
                )
            )
        lines.append("")
    lines.append(t("Error: {message}", message=sentence(error)))
    sys.stderr.write("\n".join(lines) + "\n")


def sentence(error: Any) -> str:
    kind = type(error).__name__
    if kind == "MissingParameter":
        hint = _hint(error)
        if error.param_type == "argument" or getattr(error.param, "param_type_name", "") == (
            "argument"
        ):
            return t("Missing argument {name}.", name=hint)
        return t("Missing option {name}.", name=hint)
    if kind == "NoSuchOption":
        text = t("No such option: {name}", name=error.option_name)
        if error.possibilities:
            text += " " + t(
                "(Possible options: {options})", options=", ".join(sorted(error.possibilities))
            )
        return text
    if kind == "BadParameter":
        return t("Invalid value for {name}: {problem}", name=_hint(error), problem=_value(error))
    message = str(error.format_message())
    if match := _EXTRA.match(message):
        count = len(match["args"].split())
        return nt(
            "Got unexpected extra argument ({args})",
            "Got unexpected extra arguments ({args})",
            count,
            args=match["args"],
        )
    if match := _NEEDS_VALUE.match(message):
        return t("Option {name} needs a value.", name=match["name"])
    if match := _NO_VALUE.match(message):
        return t("Option {name} does not take a value.", name=match["name"])
    return message


def _hint(error: Any) -> str:
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    if isinstance(hint, (list, tuple)):
        return " / ".join(f"'{part}'" for part in hint)
    return str(hint or "")


def _value(error: Any) -> str:
    message = str(error.message)
    if match := _NOT_INTEGER.match(message):
        return t("{value} is not a whole number.", value=match["value"])
    if match := _NOT_NUMBER.match(message):
        return t("{value} is not a number.", value=match["value"])
    if match := _RANGE.match(message):
        return t("{value} is not in the range {range}.", value=match["value"], range=match["range"])
    return message
