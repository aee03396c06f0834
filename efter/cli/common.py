"""What every command shares: the --db and --json options, output helpers (the command frame,
errors and audit, is efter.cli.frame).

Only the CLI prints. Payload goes to stdout, talk (warnings, confirmations, hints) to stderr.
"""

import functools
import re
import sys
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NamedTuple, TypeVar

import typer

from efter.cli import frame
from efter.cli.frame import framed, scrub

F = TypeVar("F", bound=Callable[..., Any])

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Case file to use (default: EFTER_DB, then your user data folder).",
        show_default=False,
        dir_okay=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts (ISO dates).")]
LangOption = Annotated[str, typer.Option("--lang", help="Document language: da or en.")]


class EfterTyper(typer.Typer):
    """A Typer whose commands are all guarded, with tracebacks that never show locals.

    `add_lazy_typer` registers a noun whose module is imported only when that noun runs, so
    `efter --help` and every other command stay as fast as if the noun did not exist.
    """

    def __init__(self, noun: str = "", **kwargs: Any) -> None:
        self.noun = noun
        self.order: list[str] = []
        self.lazy: dict[str, Lazy] = {}
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("pretty_exceptions_show_locals", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("cls", _group_class(self))
        super().__init__(**kwargs)

    def command(self, *args: Any, audit: str = "viewed", **kwargs: Any) -> Callable[[F], F]:
        """A command of this noun, run in the command frame (efter.cli.frame); `audit` is
        what it does with the young people's data it reads (viewed, rendered, exported)."""
        register = super().command(*args, **kwargs)
        explicit = args[0] if args else kwargs.get("name")

        def decorator(function: F) -> F:
            name = explicit or function.__name__.strip("_").replace("_", "-")
            path = f"{self.noun} {name}".strip()
            self.order.append(name)

            register(framed(function, path, audit))
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


class Lazy(NamedTuple):
    target: str
    help: str
    also: tuple[str, ...]
    group: bool

    def load(self, name: str) -> Any:
        import importlib

        module, _, attribute = self.target.partition(":")
        for extra in self.also:
            importlib.import_module(extra)
        group = _shell(getattr(importlib.import_module(module), attribute))
        if not self.group:
            return group.commands[name]
        group.name = name
        group.help = self.help
        return group


def _shell(owner: EfterTyper) -> Any:
    """The click group of `owner` with each command built only when it is looked up: typer
    would inspect every command's signature, and `efter youth show` needs one of thirteen."""
    import typer.main

    infos = owner.registered_commands
    owner.registered_commands = []
    try:
        group = typer.main.get_group(owner)
    finally:
        owner.registered_commands = infos
    commands = group.commands
    assert isinstance(commands, _LazyCommands)
    for info in infos:
        assert info.callback is not None
        name = info.name or typer.main.get_command_name(info.callback.__name__)
        commands.builders[name] = functools.partial(
            typer.main.get_command_from_info,
            info,
            pretty_exceptions_short=owner.pretty_exceptions_short,
            rich_markup_mode=owner.rich_markup_mode,
        )
    return group


def _group_class(owner: EfterTyper) -> type:
    from typer.core import TyperGroup

    class EfterGroup(TyperGroup):
        """Commands in registration order; lazy nouns are imported when first looked up."""

        def __init__(self, **attrs: Any) -> None:
            super().__init__(**attrs)
            self.commands = _LazyCommands(dict(self.commands), owner)

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
            from typer.core import TyperCommand

            commands = self.commands
            assert isinstance(commands, _LazyCommands)
            rows = []
            for name in commands:
                if name in owner.lazy and name not in commands.loaded:
                    # not imported: show its registered help line
                    command = TyperCommand(name, help=owner.lazy[name].help)
                else:
                    command = commands[name]
                if not command.hidden:
                    rows.append((name, command))
            if rows:
                limit = formatter.width - 6 - max(len(name) for name, _ in rows)
                with formatter.section("Commands"):
                    formatter.write_dl([(n, c.get_short_help_str(limit)) for n, c in rows])

    return EfterGroup


def _scrub_usage(error: Exception) -> None:
    """A click usage error (anything with format_message and a text message) made safe."""
    message = getattr(error, "message", None)
    if isinstance(message, str) and hasattr(error, "format_message"):
        error.message = scrub(message)  # type: ignore[attr-defined]


class _LazyCommands(MutableMapping[str, Any]):
    """A group's commands: the ones built already, plus lazy nouns imported on first use."""

    def __init__(self, loaded: dict[str, Any], owner: EfterTyper) -> None:
        self.loaded = loaded
        self.owner = owner
        self.builders: dict[str, Callable[[], Any]] = {}  # commands of a module imported

    def _names(self) -> list[str]:
        names = list(self.loaded)
        names += [n for n in self.builders if n not in self.loaded]
        names += [n for n in self.owner.lazy if n not in self.loaded and n not in self.builders]
        rank = {name: n for n, name in enumerate(self.owner.order)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))

    def __getitem__(self, name: str) -> Any:
        if name not in self.loaded:
            if name in self.builders:
                self.loaded[name] = self.builders.pop(name)()
            elif name in self.owner.lazy:
                self.loaded[name] = self.owner.lazy[name].load(name)
        return self.loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in self.loaded or name in self.builders or name in self.owner.lazy

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def __setitem__(self, name: str, command: Any) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self.loaded.pop(name, None)
        self.builders.pop(name, None)
        self.owner.lazy.pop(name, None)


# Set by the root callback (`efter --db X ...`).
ROOT_DB: Path | None = None


def db_path(db: Path | None) -> Path:
    """The case file this command uses: its own --db, the root --db, EFTER_DB, the default."""
    from efter.core.casefile import resolve_path

    frame.LAST_PATH = resolve_path(db if db is not None else ROOT_DB)
    return frame.LAST_PATH


@contextmanager
def opened(db: Path | None) -> Iterator[Any]:
    """Open the case file for one command; the command's writes go in `casefile.write()`."""
    from efter.core.casefile import open_casefile

    casefile = open_casefile(db_path(db), ask=ask_passphrase)
    try:
        yield casefile
    finally:
        casefile.close()


def interactive() -> bool:
    """Whether a person is at a terminal to answer a question (tests patch this)."""
    return sys.stdin.isatty()


def confirm(question: str) -> bool:
    """Ask a yes/no question on stderr; the answer defaults to no."""
    return bool(typer.confirm(question, default=False, err=True))


def ask_passphrase(prompt: str, new: bool) -> str | None:
    """The passphrase, typed without echo on a terminal; None when there is no terminal.

    Passed to the core's open and create functions as `ask`; never read from an argument.
    """
    if not interactive():
        return None
    import getpass

    from efter.core.errors import InvalidInput

    first = getpass.getpass(prompt)
    if new and getpass.getpass("Type it again: ") != first:
        raise InvalidInput("The two passphrases differ: run the command again.")
    return first


# --- output ----------------------------------------------------------------------------


def table_limit(limit: int | None, all_: bool, json: bool, default: int) -> int | None:
    """How many rows a list shows: --limit N, everything with --all or --json, else the
    table's default page."""
    if all_ and limit is not None:
        from efter.core.errors import InvalidInput

        raise InvalidInput("Give either --all or --limit, not both.")
    if limit is not None and limit > 1_000_000:
        from efter.core.errors import InvalidInput

        raise InvalidInput(
            "--limit takes a number from 1 to 1000000: give a smaller one, or --all."
        )
    if limit is None and not all_ and not json:
        return default
    return limit


def json_text(data: Any) -> str:
    """JSON as efter prints it: UTF-8 text, with the characters that could steer a terminal
    (C1 controls, bidi controls, line separators, lone surrogates; json itself escapes C0)
    written as \\u escapes, so the data is the same and a terminal shows it as it is."""
    from efter.cli.jsontext import indented

    text = indented(data)  # json.dumps(data, ensure_ascii=False, indent=2), faster
    if not text.isprintable():
        text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


# Newline (between JSON lines) is the only character outside a string json leaves unescaped.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def emit_json(data: Any) -> None:
    sys.stdout.write(json_text(data) + "\n")


def echo(text: str = "") -> None:
    """User text (a record's minutes, a document) on stdout, safe for a terminal: control
    and bidi characters as visible escapes, newline and tab kept."""
    from efter.core.text import shown

    sys.stdout.write(shown(text) + "\n")


def say(message: str) -> None:
    """A confirmation or hint: stderr, so stdout stays data."""
    from efter.core.text import shown

    sys.stderr.write(shown(message) + "\n")


def warn(message: str) -> None:
    sys.stderr.write(f"Warning: {scrub(message)}\n")


def console() -> Any:
    from rich.console import Console

    # markup and emoji off: user text such as 'Anna [plejefamilie]' prints exactly as typed.
    return Console(markup=False, emoji=False, highlight=False, soft_wrap=False)


def table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    empty: str = "Nothing to show.",
) -> None:
    """A table on stdout; every cell is plain text, never markup.

    Drawn by efter.cli.grid (the same characters rich draws, without importing rich) unless
    a cell holds characters that are not one cell wide; then by rich.
    """
    if not rows:
        say(empty)
        return
    from efter.cli import grid
    from efter.core.text import shown

    columns = [shown(column) for column in columns]
    title = shown(title) if title else title
    cells = [["" if cell is None else shown(str(cell)) for cell in row] for row in rows]
    if grid.simple("".join(columns) + (title or "") + "".join("".join(row) for row in cells)):
        drawn = grid.render(columns, cells, title=title, width=grid.console_width(), edge=False)
        if drawn is not None:
            sys.stdout.write(drawn)
            return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False, show_edge=False
    )
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in cells:
        table.add_row(*(Text(text) for text in row))
    console().print(table)


def fields(pairs: Sequence[tuple[str, Any]]) -> None:
    """A 'label  value' block for show commands, plain text."""
    from efter.core.text import shown

    width = max(len(label) for label, _ in pairs)
    lines = [
        f"{label.ljust(width)}  {'' if value is None else shown(str(value))}"
        for label, value in pairs
    ]
    from efter.cli import grid

    limit = grid.console_width()
    if all(len(line) <= limit and grid.simple(line) for line in lines):
        sys.stdout.write("".join(line + "\n" for line in lines))
        return
    from rich.text import Text

    out = console()
    for line in lines:
        out.print(Text(line))
