"""The Danish catalog: extract every message from the code, update the .po, compile the .mo.

    python -m tests.catalog            # extract, update efter/locale/da/LC_MESSAGES/efter.po,
                                       # compile efter.mo next to it
    python -m tests.catalog --check    # exit 1 when the .po or the .mo is not current

Babel does the work (the `test` extra brings it; efter itself reads the .mo with the
standard library's gettext). Three sources of messages:

- efter's own calls `t("...")`, `nt("...", "...", n)` and the marker `N_("...")`
  (efter.core.i18n), and an error's words that name fields, `phrase("...", "field")`
  (efter.core.errors), by Babel's Python extractor;
- help texts: every string in a `help=` argument under efter/cli and the docstring of every
  function decorated with `.command(...)` (typer shows it as the command's help), read from
  the syntax tree, as typer will see them (a docstring cleaned as inspect.cleandoc does);
- the words typer prints itself ("Options", "[default: ...]") from its installed typer.core,
  which looks them up through the standard library's gettext (efter points it at this same
  catalog when it speaks Danish: efter.cli.tree.speaking), and the help of the options typer
  adds (--help, --install-completion). typer carries its own copy of click, which has no
  gettext: its usage line and usage errors are worded by efter.cli.tree with `t`.

The .po is written sorted and without source locations, so two branches that add messages
merge cleanly; the .mo is committed and tests/test_i18n.py checks it is the .po compiled
(decided in docs/decisions/0022-two-languages.md: no build hook, no Babel at install time).
"""

import ast
import datetime
import inspect
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from efter.core import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "efter"
PO = PACKAGE / "locale" / "da" / "LC_MESSAGES" / "efter.po"
MO = PO.with_suffix(".mo")
# typer's own words alone, for the standard library's gettext (efter.cli.tree.speaking): it
# reads a whole catalog before its first answer, 3.6 ms for efter's (efter reads its own in
# place, efter.core.i18n.Compiled), under 0.1 for these.
TYPER_MO = PO.with_name(f"{i18n.TYPER_DOMAIN}.mo")
KEYWORDS = {"t": None, "nt": (1, 2), "N_": None, "helptext": None, "phrase": (1,)}
# typer's words in efter's help ("Options", "[default: ...]", "Missing command."): typer.core
# looks them up through the standard library's gettext; the help of the options typer adds
# itself (--help, --install-completion) is translated with efter's own.
TYPER_MODULES = ("core",)
TYPER_HELP = ("completion.py", "_click/decorators.py")
FIXED_DATE = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC)


Message = tuple[str | tuple[str, str], str]  # (msgid or (singular, plural), where from)


def efter_messages() -> Iterator[Message]:
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_bytes()
        for _line, message, _comments, _context in extract(
            "python", io.BytesIO(source), keywords=KEYWORDS, comment_tags=()
        ):
            if isinstance(message, tuple):
                if all(message[:2]):
                    yield (message[0], message[1]), "efter"
            elif message:
                yield message, "efter"
        if path.is_relative_to(PACKAGE / "cli"):
            yield from ((text, "help") for text in help_texts(path.read_text(encoding="utf-8")))


def help_texts(source: str) -> Iterator[str]:
    """Every string in a `help=` argument, and the docstrings of commands."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "help":
            yield from _strings(node.value)
        elif (  # table headings and the labels of a show page: table([...]), fields([...])
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("table", "fields", "_table")
            and node.args
            and isinstance(node.args[0], ast.List | ast.Tuple)
        ):
            for item in node.args[0].elts:
                if isinstance(item, ast.Tuple) and item.elts:
                    item = item.elts[0]
                yield from _strings(item)
        elif (  # a module's helper for its options: _opt("help", ...)
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_opt"
            and node.args
        ):
            yield from _strings(node.args[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            commanded = any(
                isinstance(d, ast.Call)
                and isinstance(d.func, ast.Attribute)
                and d.func.attr == "command"
                for d in node.decorator_list
            )
            docstring = ast.get_docstring(node, clean=True)
            if commanded and docstring:
                yield inspect.cleandoc(docstring)


def _strings(node: ast.AST) -> Iterator[str]:
    """The whole strings in an expression (both sides of `a if x else b`); an f-string has
    none: its help cannot be looked up, and tests/test_i18n.py says so."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str) and node.value:
            yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)
    elif not isinstance(node, ast.JoinedStr | ast.Subscript | ast.Compare):
        for child in ast.iter_child_nodes(node):
            yield from _strings(child)


def library_messages() -> Iterator[Message]:
    import typer

    home = Path(typer.__file__).parent
    for name in TYPER_MODULES:
        source = (home / f"{name}.py").read_bytes()
        for _line, message, _comments, _context in extract(
            "python", io.BytesIO(source), keywords={"_": None}, comment_tags=()
        ):
            if isinstance(message, str) and message:
                yield message, "typer"
    for name in TYPER_HELP:
        yield from ((text, "typer") for text in help_texts((home / name).read_text("utf-8")))


def template() -> Catalog:
    catalog = Catalog(project="efter", creation_date=FIXED_DATE, fuzzy=False)
    catalog.header_comment = HEADER
    for message, source in [*efter_messages(), *library_messages()]:
        if message in catalog:
            continue
        flags = ("python-brace-format",) if _braced(message) else ()
        catalog.add(
            message, auto_comments=() if source in ("efter", "help") else (source,), flags=flags
        )
    return catalog


def _braced(message: str | tuple[str, str]) -> bool:
    texts = message if isinstance(message, tuple) else (message,)
    return any("{" in text for text in texts)


HEADER = """\
# efter's words in Danish: the terminal interface (help, messages, tables).
# Made by `python -m tests.catalog` (sorted, no locations); translate the empty msgstr.
# Danish as a social worker writes it, with the words of shared/DOMAIN.md, "du" to the
# coordinator."""


def current() -> Catalog:
    with PO.open("rb") as file:
        return read_po(file, locale="da", domain="efter")


def updated() -> Catalog:
    if PO.exists():
        catalog = current()
    else:
        catalog = Catalog(locale="da", domain="efter", project="efter", fuzzy=False)
    catalog.header_comment = HEADER
    catalog.creation_date = FIXED_DATE
    catalog.revision_date = FIXED_DATE
    catalog.language_team = "Danish"
    catalog.last_translator = "efter <efter@example.invalid>"
    catalog.update(template(), no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, sort_output=True, no_location=True, ignore_obsolete=True, width=100)
    # the Babel version in the header would change the file with every upgrade
    return b"".join(
        line
        for line in out.getvalue().splitlines(keepends=True)
        if not line.startswith((b'"Generated-By:', b'"Report-Msgid-Bugs-To:'))
    )


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def typer_words(po: bytes) -> Catalog:
    """The catalog's messages that typer looks up itself (library_messages), with the same
    header: the catalog the standard library's gettext reads for typer's words."""
    with io.BytesIO(po) as file:
        catalog = read_po(file, locale="da", domain=i18n.TYPER_DOMAIN)
    words = {message for message, _source in library_messages()}
    for message in list(catalog):
        if message.id and message.id not in words:
            catalog.delete(message.id, message.context)
    return catalog


def main(argv: list[str]) -> int:
    catalog = updated()
    po = po_bytes(catalog)
    with io.BytesIO(po) as file:
        mo = mo_bytes(read_po(file, locale="da", domain="efter"))
    typer_mo = mo_bytes(typer_words(po))
    if "--check" in argv:
        stale = [
            path.name
            for path, data in ((PO, po), (MO, mo), (TYPER_MO, typer_mo))
            if not path.exists() or path.read_bytes() != data
        ]
        if stale:
            print(f"{', '.join(stale)} not current: run python -m tests.catalog", file=sys.stderr)
            return 1
        return 0
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_bytes(po)
    MO.write_bytes(mo)
    TYPER_MO.write_bytes(typer_mo)
    missing = [m.id for m in catalog if m.id and not _translated(m.string)]
    print(f"{PO.relative_to(ROOT)}: {len(catalog) - 1} messages, {len(missing)} untranslated")
    return 0


def _translated(string: str | tuple[str, ...]) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
