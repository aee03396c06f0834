"""Render documents from templates: Markdown first, print-ready HTML from that Markdown.

Templates are looked up in the user's template folder first (`efter template copy` puts one
there), then in the packaged templates/; `efter:da/agenda.md` always reaches the packaged one.
Every template runs in Jinja's sandbox with StrictUndefined. Values are data, never template
code: each `{{ value }}` is escaped for Markdown, and the HTML is made with raw HTML turned off,
so a name such as `<b>{{ 7*7 }}</b>` prints exactly as typed.
"""

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efter.core.dates import MONTHS_DA, MONTHS_EN, danish_date, english_date
from efter.core.errors import EfterError, InvalidInput
from efter.core.i18n import t
from efter.resources import packaged_dir

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

LANGS = ("da", "en")
FORMATS = ("md", "html")
_FIGURE = "EFTERFIGURE{}X"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~{}]|&(?=#?[A-Za-z0-9]+;))")
_LINE_MARK = re.compile(r"(?m)^(\s*)([-+=])")
_LINE_NUMBER = re.compile(r"(?m)^(\s*\d+)([.)])")
# Most values (names, dates, ids) need no escaping at all: nothing special in them, one line,
# and no start that Markdown would read as a list item, heading or rule. They are returned as
# they are without running the three substitutions (most of the time of a batch render).
_MAYBE_SPECIAL = re.compile(r"[\\`*_\[\]<>|#~{}&\n\r\ue000]|^\s*(?:[-+=]|\d+[.)])")
# A line break inside a value is written as this mark first: only once the whole document is
# rendered is it known whether the value sits in a table row (where a real line break would
# end the row and push the next cells under the wrong heading), a heading or running text.
_BREAK = "\ue000"


class Markdown(str):
    """Text that is already Markdown (made by efter, not typed by a user): not escaped again."""


def md_escape(value: Any) -> str:
    """Escape a value for Markdown so it prints as typed: no emphasis, links, HTML or tables."""
    if isinstance(value, Markdown):
        return value
    text = "" if value is None else str(value)
    if _MAYBE_SPECIAL.search(text) is None:
        return text
    # Line ends as typed or pasted from a spreadsheet cell (Alt+Enter): all "\n" from here.
    text = text.replace(_BREAK, "\ufffd").replace("\r\n", "\n").replace("\r", "\n")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A line that starts like a list item, a heading or a rule would change the layout.
    text = _LINE_MARK.sub(r"\1\\\2", text)
    # "1." or "1)" would start a numbered list: escape the punctuation (a digit cannot be).
    text = _LINE_NUMBER.sub(r"\1\\\2", text)
    return text.replace("\n", _BREAK)


def _placed_breaks(text: str) -> str:
    """Each line break mark from `md_escape` as the Markdown its line needs: `<br>` in a
    table row (GFM's way to break a line inside a cell; efter's HTML turns it into a
    line break too), a space in a heading, a hard line break (two spaces) anywhere else."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if _BREAK in line:
            start = line.lstrip()
            mark = "<br>" if start.startswith("|") else " " if start.startswith("#") else "  \n"
            lines[number] = line.replace(_BREAK, mark)
    return "\n".join(lines)


_TAG = re.compile(r"(<[^>]*>)")
_LONG_WORD = re.compile(r"[^\s<>]{24,}")  # \s takes in the non-breaking space
_LINK_LIKE = re.compile(r"[/:%?=&@_\d]")  # a link, an e-mail, a file name or a code
_CHARACTER = re.compile(r"&#?\w+;|.", re.S)  # an HTML entity counts as one character


def _breakable(html: str) -> str:
    """A `<wbr>` (a place a line may break, invisible otherwise) in every long unbroken word
    of the text that is a link, an e-mail or a code (or is 40 characters or more): after
    `/ ? = &` and at least every 16 characters. A Teams link in a table
    cell then wraps inside its cell in every printer, instead of running off the page
    (WeasyPrint) or making Chromium shrink the whole page to fit it. Text only, never inside
    a tag; dates keep their non-breaking spaces."""
    parts = _TAG.split(html)
    for number in range(0, len(parts), 2):  # the even parts are text between tags
        if len(parts[number]) >= 24:
            parts[number] = _LONG_WORD.sub(_with_breaks, parts[number])
    return "".join(parts)


def _with_breaks(match: re.Match[str]) -> str:
    word = match.group(0)
    if len(set(word)) == 1:  # a line to sign on (line(36)) stays one line
        return word
    if len(word) < 40 and _LINK_LIKE.search(word) is None:
        return word  # a long Danish word ("forældremyndighedsindehaver") is not cut up
    out: list[str] = []
    run = 0
    for piece in _CHARACTER.findall(word):
        out.append(piece)
        run += 1
        if run >= 16 or piece in ("/", "?", "=", "&amp;"):
            out.append("<wbr>")
            run = 0
    if out and out[-1] == "<wbr>":
        out.pop()
    return "".join(out)


def _cell_break(state: Any, silent: bool) -> bool:
    """markdown-it inline rule: the `<br>` that `_placed_breaks` wrote is a line break, with
    raw HTML otherwise off (a `<br>` a user typed was escaped to `\\<br\\>` and stays text)."""
    if not state.src.startswith("<br>", state.pos):
        return False
    if not silent:
        state.push("hardbreak", "br", 0)
    state.pos += 4
    return True


def user_template_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("efter", appauthor=False)) / "templates"


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise InvalidInput(
            t("'{lang}' is not a document language: give --lang da or --lang en.", lang=lang)
        )
    return lang


def check_format(fmt: str, allowed: tuple[str, ...] = FORMATS) -> str:
    if fmt not in allowed:
        raise InvalidInput(
            t(
                "'{fmt}' is not a document format: give --format {allowed}.",
                fmt=fmt,
                allowed=" or ".join(allowed),
            )
        )
    return fmt


def _long_date(value: Any, lang: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    day = value.date() if isinstance(value, datetime) else value
    text = danish_date(day) if lang == "da" else english_date(day)
    if isinstance(value, datetime):
        text += f" kl. {value:%H.%M}" if lang == "da" else f" at {value:%H:%M}"
    return text


def _where(error: BaseException, name: str) -> str:
    """'FILE on line N' from the innermost template frame of a render error (Jinja rewrites
    tracebacks so template frames carry the template's file name and line)."""
    found = name
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".md", ".txt", ".html")) or filename == name:
            found = f"{filename} on line {tb.tb_lineno}"
        tb = tb.tb_next
    return found


@contextmanager
def _template_errors(name: str) -> Iterator[None]:
    """Any failure of Jinja (finding, compiling or rendering the template `name`) as one
    EfterError sentence that names the template, and the line where it can."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    try:
        yield
    except EfterError:
        raise
    except TemplateNotFound as error:
        raise EfterError(
            t(
                "There is no template '{name}': see 'efter template list' for the names.",
                name=error.name,
            )
        ) from None
    except TemplateSyntaxError as error:
        raise EfterError(
            t(
                "The template {value} has an error on line {lineno}: {message}. Fix it, or remove "
                "your copy to use the packaged one.",
                value=error.filename or error.name,
                lineno=error.lineno,
                message=error.message,
            )
        ) from None
    except UndefinedError as error:
        raise EfterError(
            t(
                "The template {where} uses something efter does not provide ({message}): fix the "
                "template, or remove your copy to use the packaged one.",
                where=_where(error, name),
                message=error.message,
            )
        ) from None
    except SecurityError as error:
        raise EfterError(
            t(
                "The template {where} tried something unsafe and was stopped ({error}).",
                where=_where(error, name),
                error=error,
            )
        ) from None
    except TemplateError as error:
        raise EfterError(
            t(
                "The template {where} failed: {message}.",
                where=_where(error, name),
                message=error.message,
            )
        ) from None
    except Exception as error:  # a template that raises in a filter, a test or arithmetic
        raise EfterError(
            t(
                "The template {where} failed ({name}: {error}): fix the template, or remove your "
                "copy to use the packaged one.",
                where=_where(error, name),
                name=type(error).__name__,
                error=error,
            )
        ) from None


_SANDBOX: Any = None
MAX_RESULT_BITS = 4096  # a whole number a template computes: at most some 1,200 digits
MAX_RESULT_ITEMS = 1_000_000  # characters of a repeated string, items of a repeated list


def _bounded(operator: str, left: Any, right: Any) -> None:
    """Refuse `left operator right` when its result would be huge (SecurityError, which the
    template's error sentence reports)."""
    from jinja2.sandbox import SecurityError

    def whole(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    too_big = False
    if operator == "**" and whole(left) and whole(right):
        too_big = right > 0 and abs(left) > 1 and right * abs(left).bit_length() > MAX_RESULT_BITS
    elif operator == "*":
        if whole(left) and whole(right):
            too_big = abs(left).bit_length() + abs(right).bit_length() > MAX_RESULT_BITS
        else:
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and whole(times):
                    too_big = too_big or len(seq) * times > MAX_RESULT_ITEMS
    if too_big:
        raise SecurityError(f"the result of '{operator}' would be too large")


def _sandbox() -> Any:
    """Jinja's SandboxedEnvironment with a shorter way to `{{ p.name }}` on a plain dict.

    Jinja asks for the attribute first (a dict has none called `name`, so that raises) and
    then for the item; for a plain dict and a name that is not one of dict's own attributes
    the answer is always the item, so it is looked up directly (70,000 times in a batch of
    1,000 contracts). Anything else goes through the sandbox's own checks unchanged.
    """
    global _SANDBOX
    if _SANDBOX is None:
        from jinja2.sandbox import SandboxedEnvironment

        dict_attributes = frozenset(dir(dict))

        class Sandbox(SandboxedEnvironment):
            # Arithmetic that could take the machine's memory or minutes of CPU (9**999999999,
            # "x" * 10**9) is refused by the sandbox itself, before it is computed.
            intercepted_binops = frozenset({"**", "*"})

            def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
                _bounded(operator, left, right)
                return super().call_binop(context, operator, left, right)

            def getattr(self, obj: Any, attribute: str) -> Any:
                if type(obj) is dict and attribute not in dict_attributes:
                    try:
                        return obj[attribute]
                    except KeyError:
                        pass
                return super().getattr(obj, attribute)

        _SANDBOX = Sandbox
    return _SANDBOX


class Renderer:
    """One Jinja environment per language and set of template folders."""

    def __init__(
        self,
        lang: str = "da",
        extra_dirs: tuple[Path, ...] = (),
        template_file: Path | None = None,
    ) -> None:
        """`template_file`: one file the user named with --template PATH. It is reachable
        under its own path only; nothing beside it on disk is (its includes resolve in the
        user folder and the packaged templates, like any template's)."""
        from jinja2 import (
            ChoiceLoader,
            FileSystemLoader,
            FunctionLoader,
            PrefixLoader,
            StrictUndefined,
        )

        self.lang = check_lang(lang)
        self._markdown_it: Any = None
        self._page_template: Any = None
        packaged = packaged_dir("templates")
        folders = [*extra_dirs, user_template_dir() / lang, packaged / lang, packaged]
        loaders: list[Any] = []
        if template_file is not None:
            self.file_name = str(template_file)
            loaders.append(FunctionLoader(self._load_file))
        self._template_file = template_file
        loaders += [
            FileSystemLoader([str(f) for f in folders]),
            PrefixLoader({"efter": FileSystemLoader(str(packaged))}, delimiter=":"),
        ]
        self.env: SandboxedEnvironment = _sandbox()(
            loader=ChoiceLoader(loaders),
            undefined=StrictUndefined,
            autoescape=False,
            finalize=md_escape,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        # On paper a date is never split over lines ("1. / september / 2025"): in HTML its
        # spaces are non-breaking. Markdown keeps plain spaces (people grep it).
        self._html = False
        self.env.filters["date"] = lambda value: Markdown(
            _long_date(value, self.lang).replace(" ", "\u00a0")
            if self._html
            else _long_date(value, self.lang)
        )
        self.env.filters["md"] = lambda value: Markdown(str(value))
        # A value on one line (for table cells); it is still escaped when printed.
        self.env.filters["oneline"] = lambda value: " ".join(str(value).split())
        self.env.globals["months"] = MONTHS_DA if lang == "da" else MONTHS_EN
        self.env.globals["lang"] = lang
        # A blank line to write on by hand: line(30) prints 30 underscores. Keep a space on
        # each side of it in a template, so Markdown reads it as text and not as emphasis.
        self.env.globals["line"] = lambda width=30: Markdown("_" * max(3, min(int(width), 80)))

    def _load_file(self, name: str) -> tuple[str, str, Callable[[], bool]] | None:
        path = self._template_file
        if path is None or name != self.file_name:
            return None
        limit = 1 << 20  # a template of 1 MB is far larger than any document needs
        try:
            with open(path, "rb") as handle:  # read no further than that (/dev/zero)
                data = handle.read(limit + 1)
            if len(data) > limit:
                raise EfterError(
                    t(
                        "The template {path} is larger than 1 MB: check that it is the right file.",
                        path=path,
                    )
                )
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise EfterError(
                t(
                    "The template {path} is not UTF-8 text: save it as UTF-8 and try again.",
                    path=path,
                )
            ) from None
        except OSError as error:
            raise EfterError(
                t(
                    "The template {path} cannot be read ({strerror}): check the path.",
                    path=path,
                    strerror=error.strerror,
                )
            ) from None
        return text, str(path), lambda: True

    def source(self, name: str) -> tuple[str, str]:
        """The text of a template or data file and the file it came from (user folder first)."""
        from jinja2 import TemplateNotFound

        try:
            text, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
        except TemplateNotFound:
            raise EfterError(
                t(
                    "There is no template '{name}': see 'efter template list' for the names.",
                    name=name,
                )
            ) from None
        return text, filename or name

    def markdown(
        self, name: str, context: Mapping[str, Any], *, html: bool = False
    ) -> tuple[str, str]:
        """Render a Markdown template; returns (markdown, path it came from)."""
        return self.render_template(self.template(name), name, context, html=html)

    def template(self, name: str) -> Any:
        """The compiled template `name` (a jinja2 Template). A batch looks it up once and hands
        it to `render_template` for every document, instead of asking Jinja each time."""
        with _template_errors(name):
            return self.env.get_template(name)

    def render_template(
        self, template: Any, name: str, context: Mapping[str, Any], *, html: bool = False
    ) -> tuple[str, str]:
        """Render a template from `template()`; returns (markdown, path it came from)."""
        figures: list[str] = []

        def figure(key: str) -> Markdown:
            # In HTML a placeholder paragraph, swapped for the SVG after Markdown conversion.
            if not html:
                return Markdown("")
            figures.append(key)
            return Markdown("\n\n" + _FIGURE.format(len(figures) - 1) + "\n\n")

        self._html = html
        with _template_errors(name):
            text = template.render({**context, "figure": figure})
        if _BREAK in text:
            text = _placed_breaks(text)
        self.figures = figures
        return text, template.filename or name

    def document(
        self,
        name: str,
        context: Mapping[str, Any],
        *,
        fmt: str = "md",
        title: str = "",
        figures: Mapping[str, Callable[[], str]] | None = None,
    ) -> str:
        """The finished document: Markdown, or one self-contained print-ready HTML page."""
        check_format(fmt, ("md", "html"))
        text, _ = self.markdown(name, context, html=fmt == "html")
        if fmt == "md":
            return text
        return self.html_page(text, title=title, figures=figures or {})

    def html_page(
        self, markdown: str, *, title: str, figures: Mapping[str, Callable[[], str]]
    ) -> str:
        if self._markdown_it is None:  # one parser per renderer: a batch reuses it
            from markdown_it import MarkdownIt

            self._markdown_it = MarkdownIt(
                "commonmark", {"html": False, "typographer": False}
            ).enable("table")
            self._markdown_it.inline.ruler.before("html_inline", "efter_cell_break", _cell_break)
        body = _breakable(self._markdown_it.render(markdown))
        for number, key in enumerate(getattr(self, "figures", [])):
            draw = figures.get(key)
            svg = draw() if draw else ""
            body = body.replace(
                f"<p>{_FIGURE.format(number)}</p>", f'<figure class="chart">{svg}</figure>'
            )
        return self._page(title, body)

    def _page(self, title: str, body: str) -> str:
        from markupsafe import Markup

        if self._page_template is None:  # compiled once per renderer: a batch reuses it
            from jinja2 import Environment, FileSystemLoader, select_autoescape

            env = Environment(
                loader=FileSystemLoader(str(packaged_dir("templates"))),
                autoescape=select_autoescape(default=True),
            )
            self._page_template = env.get_template("page.html")
        return str(self._page_template.render(title=title, lang=self.lang, body=Markup(body)))
