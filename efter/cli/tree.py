"""The command tree: EfterTyper, a typer.Typer whose commands run inside the command frame
and are built only when looked up.

Start-up is a feature: `efter youth show` must not import the other nouns, nor have typer
inspect the signatures of youth's other commands. Both use click's documented lazy-group
pattern (a group that overrides list_commands and get_command; typer 0.26+ carries its own
click, whose group is typer.core.TyperGroup) through public API only: typer builds each group
with `cls=` our group class, and each command when first looked up from a one-command Typer
(`typer.main.get_command`).
"""

import contextlib
import functools
import gettext
import importlib
import inspect
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple, TypeVar

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.models import ParameterInfo

from efter.cli import complete, frame
from efter.core.i18n import N_

F = TypeVar("F", bound=Callable[..., Any])


def _noun() -> None:
    # The callback of a noun without one of its own: a callback is what makes typer build
    # a group (with our class) even when no command is registered with typer itself.
    return None


class EfterTyper(typer.Typer):
    """A Typer whose commands run in the command frame (efter.cli.frame.framed), with
    tracebacks that never show locals.

    `add_lazy_typer` and `add_lazy_command` register a noun or command whose module is
    imported only when it runs, so `efter --help` and every other command stay as fast as
    if it did not exist.
    """

    def __init__(self, noun: str = "", **kwargs: Any) -> None:
        self.noun = noun
        self.order: list[str] = []
        self.lazy: dict[str, Lazy] = {}
        self.pending: dict[str, Callable[[], Any]] = {}  # built when looked up
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("pretty_exceptions_show_locals", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("cls", _group_class(self))
        kwargs.setdefault("callback", _noun)
        super().__init__(**kwargs)

    def command(self, *args: Any, audit: str = "viewed", **kwargs: Any) -> Callable[[F], F]:
        """A command of this noun, run in the command frame (efter.cli.frame); `audit` is
        what it does with the young people's data it reads (viewed, rendered, exported)."""
        explicit = args[0] if args else kwargs.pop("name", None)

        def decorator(function: F) -> F:
            name = explicit or function.__name__.strip("_").replace("_", "-")
            path = f"{self.noun} {name}".strip()
            self.order.append(name)
            run = frame.framed(function, path, audit)
            self.pending[name] = functools.partial(_build, name, kwargs, run)
            return function

        return decorator

    def add_typer(self, typer_instance: typer.Typer, **kwargs: Any) -> None:
        if kwargs.get("name"):
            self.order.append(kwargs["name"])
        super().add_typer(typer_instance, **kwargs)

    def add_lazy_typer(
        self, name: str, target: str, *, help: str, also: Sequence[str] = ()
    ) -> None:
        """`efter NAME ...` runs the EfterTyper at `target` ("module:attribute"), importing
        the module only when NAME is the command given. `help` is the line `efter --help`
        shows for it (and the group's help); `also` names modules that add commands to it."""
        self.order.append(name)
        self.lazy[name] = Lazy(target, help, tuple(also), group=True)

    def add_lazy_command(self, name: str, target: str, *, help: str) -> None:
        """`efter NAME` is the command NAME of the EfterTyper at `target` ("module:attribute"),
        imported only when it runs; `help` is the line `efter --help` shows for it."""
        self.order.append(name)
        self.lazy[name] = Lazy(target, help, (), group=False)

    def group(self) -> TyperGroup:
        """This Typer as a click group (commands still built on first look-up)."""
        built = typer.main.get_command(self)
        assert isinstance(built, TyperGroup)
        return built


def load_everything(owner: EfterTyper) -> int:
    """Import every noun and build every command now, as an eager command tree would (for
    the benchmark line EFTER_LAZY=0 that shows what laziness buys). Returns how many
    commands were built."""
    return _load_group(owner.group())


def _load_group(group: TyperGroup) -> int:
    ctx = typer.Context(group)
    built = 0
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, TyperGroup):
            built += _load_group(command)
        elif command is not None:
            built += 1
    return built


def _build(name: str, options: dict[str, Any], callback: Callable[..., Any]) -> Any:
    """One command, built by typer from a Typer that holds only it."""
    _complete_youth(callback)
    single = typer.Typer(
        add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False
    )
    single.command(name, **{"cls": EfterCommand, **options})(callback)
    return typer.main.get_command(single)


_TEMPLATES: dict[str, tuple[str, dict[str, Any]]] = {}


def helptext(template: str, /, **values: Any) -> str:
    """A help text with parts filled in (`helptext("One of: {roles}.", roles=...)`): the
    English filled in now, the template kept so that translated() fills in its translation.
    tests.catalog extracts the template."""
    text = template.format(**values)
    _TEMPLATES[text] = (template, values)
    return text


def translate_help(text: str) -> str:
    from efter.core.i18n import t

    if text in _TEMPLATES:
        template, values = _TEMPLATES[text]
        # a part marked N_() (a list of kinds with words in it) is looked up too
        looked_up = {k: t(v) if isinstance(v, str) else v for k, v in values.items()}
        return t(template, **looked_up)
    return t(text)


HELP_OPTION = N_("Show this message and exit.")  # typer's click words it, this translates it


class Worded:
    """The words typer's own copy of click prints without gettext (the usage line, --help's
    help) in the chosen language; a mix-in for efter's commands and groups."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        from efter.core.i18n import t

        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=t("Usage:") + " ")

    def get_help_option(self, ctx: Any) -> Any:
        from efter.core.i18n import t

        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and option.help == HELP_OPTION:
            option.help = t(HELP_OPTION)
        return option


class EfterCommand(Worded, TyperCommand):
    """A command of efter's (see Worded)."""


def translated(command: Any) -> Any:
    """`command` (a click command or group just built) with its help texts and its options'
    in the chosen language (efter.core.i18n). The English stays the key: typer keeps the
    English in its parameter infos, and each run builds its commands afresh."""
    if getattr(command, "efter_translated", False):
        return command
    for attribute in ("help", "short_help", "epilog"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, translate_help(text))
    for parameter in command.params:
        if getattr(parameter, "help", None):
            parameter.help = translate_help(parameter.help)
    command.efter_translated = True
    return command


def _complete_youth(callback: Callable[..., Any]) -> None:
    """Every parameter named `youth` completes young people's refs and names from the case
    file (efter.cli.complete), so that no command has to remember to ask for it."""
    hint = inspect.unwrap(callback).__annotations__.get("youth")
    for info in getattr(hint, "__metadata__", ()):
        if isinstance(info, ParameterInfo) and info.autocompletion is info.shell_complete is None:
            info.autocompletion = complete.youth


class Lazy(NamedTuple):
    target: str
    help: str
    also: tuple[str, ...]
    group: bool

    def load(self, name: str) -> Any:
        module, _, attribute = self.target.partition(":")
        for extra in self.also:
            importlib.import_module(extra)
        owner = getattr(importlib.import_module(module), attribute)
        group = owner.group()
        if not self.group:
            command = group.get_command(typer.Context(group), name)
            assert command is not None, f"{self.target} has no command {name}"
            return command
        group.name = name
        group.help = self.help
        return translated(group)


def _group_class(owner: EfterTyper) -> type[TyperGroup]:
    class EfterGroup(Worded, TyperGroup):
        """Commands in registration order; each built, or its module imported, when first
        looked up."""

        def list_commands(self, ctx: Any) -> list[str]:
            names = set(self.commands) | set(owner.pending) | set(owner.lazy)
            rank = {name: n for n, name in enumerate(owner.order)}
            return sorted(names, key=lambda name: (rank.get(name, len(rank)), name))

        def get_command(self, ctx: Any, cmd_name: str) -> Any:
            command = self.commands.get(cmd_name)
            if command is None:
                if cmd_name in owner.pending:
                    command = owner.pending[cmd_name]()
                elif cmd_name in owner.lazy:
                    command = owner.lazy[cmd_name].load(cmd_name)
                else:
                    return None
                self.commands[cmd_name] = command
            return translated(command)

        def main(self, *args: Any, **kwargs: Any) -> Any:
            # The root group: each run (a process, or a test's invocation) chooses its
            # language before anything is parsed or printed.
            with speaking():
                translated(self)
                return super().main(*args, **kwargs)

        # click's own usage errors ("Invalid value for '--limit': '140309-4128' is not a
        # valid integer.") quote what was typed: every one passes through scrub() as it
        # leaves the command line's parsing, so it can show neither a CPR number nor an
        # escape sequence. Arguments are parsed in make_context, a sub-command's in invoke.
        def make_context(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return super().make_context(*args, **kwargs)
            except Exception as error:
                _scrub_usage(error)
                raise

        def invoke(self, ctx: Any) -> Any:
            try:
                return super().invoke(ctx)
            except Exception as error:
                _scrub_usage(error)
                raise

        def format_commands(self, ctx: Any, formatter: Any) -> None:
            rows = []
            for name in self.list_commands(ctx):
                if name in owner.lazy and name not in self.commands:
                    # not imported: show its registered help line
                    command: Any = translated(TyperCommand(name, help=owner.lazy[name].help))
                else:
                    command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command))
            if rows:
                limit = formatter.width - 6 - max(len(name) for name, _ in rows)
                with formatter.section(gettext.gettext("Commands")):
                    formatter.write_dl([(n, c.get_short_help_str(limit)) for n, c in rows])

    return EfterGroup


@contextlib.contextmanager
def speaking() -> Iterator[None]:
    """The language chosen for this run (efter.core.i18n.choose), and click's and typer's own
    words ("Usage:", "Missing option") in it: they use the standard library's gettext, which
    finds the catalog of typer's words (i18n.TYPER_DOMAIN) through its text domain and the
    LANGUAGE variable. Both are put
    back afterwards, so that a process that runs efter as a library (a test) is left as it
    was."""
    import os

    from efter.core import i18n

    try:
        code = i18n.choose()
    except i18n.UnknownLanguage as error:
        sys.stderr.write(  # in English: the language is what could not be chosen
            "Error: EFTER_LANG is "
            + repr(frame.scrub(str(error)))
            + ": set it to da (Danish) or en (English), or unset it.\n"
        )
        raise SystemExit(2) from None
    before = os.environ.get("LANGUAGE")
    domain = gettext.textdomain()
    if code != "en":
        # typer's words only: gettext reads the whole catalog it is given before it answers
        gettext.bindtextdomain(i18n.TYPER_DOMAIN, str(i18n.LOCALE_DIR))
        gettext.textdomain(i18n.TYPER_DOMAIN)
        os.environ["LANGUAGE"] = code
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if before is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before
        i18n.use("en")


def _scrub_usage(error: Exception) -> None:
    """A click usage error (anything with format_message and a text message) made safe; in
    Danish, shown here in Danish (efter.cli.usage) and ended with its exit code."""
    message = getattr(error, "message", None)
    if isinstance(message, str) and hasattr(error, "format_message"):
        error.message = frame.scrub(message)  # type: ignore[attr-defined]
        from efter.core.i18n import danish

        if danish() and getattr(error, "exit_code", None) == 2 and hasattr(error, "ctx"):
            from efter.cli import usage

            usage.show(error)
            raise typer.Exit(2) from None
