"""The model's documents about one young person: contract, consent, network map, measures.

`render()` turns the case file's data into Markdown, HTML or PDF with the right template;
`stale()` tells whether the last signed contract still matches what the case file says now.
"""

import functools
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from efter.core import clock
from efter.core.errors import EfterError, InvalidInput
from efter.core.youth import Youth
from efter.render.documents import Renderer, check_format, check_lang


@dataclass(frozen=True)
class Kind:
    template: str
    title_da: str
    title_en: str
    file_da: str
    file_en: str

    def title(self, lang: str) -> str:
        return self.title_da if lang == "da" else self.title_en

    def file_stem(self, lang: str) -> str:
        return self.file_da if lang == "da" else self.file_en


DOCUMENTS = {
    "contract": Kind("contract.md", "Samarbejdskontrakt", "Collaboration contract",
                     "samarbejdskontrakt", "contract"),
    "consent": Kind("consent.md", "Samtykkeerklæring", "Consent to share information",
                    "samtykkeerklaering", "consent"),
    "network-map": Kind("network-map.md", "Netværkskort", "Network map",
                        "netvaerkskort", "network-map"),
    "measures": Kind("measures.md", "Indsatsoverblik", "Overview of measures",
                     "indsatsoverblik", "measures"),
}  # fmt: skip
OBLIGATIONS = "obligations.txt"
FORMATS = ("md", "html", "pdf")


@dataclass
class Rendered:
    content: str | bytes  # Markdown or HTML text, or PDF bytes
    markdown: str  # the Markdown the document was made from (what a contract version stores)
    template: str  # what was asked for: a template name, or 'file:' and the user's path
    source: str  # the file the template was read from


def template_spec(spec: str | None, default: str) -> tuple[str, Path | None]:
    """--template NAME|PATH -> (template name, the user's file or None).

    A value with a path separator, or one naming an existing file, is a PATH: only that
    file is used. Anything else is a NAME in the user folder or the packaged templates.
    """
    if spec is None or not spec.strip():
        return default, None
    value = spec.strip()
    path = Path(value).expanduser()
    if "/" in value or "\\" in value or path.is_file():
        if not path.is_file():
            raise InvalidInput(
                f"There is no template file at {value}: check the path given to --template."
            )
        return str(path.resolve()), path.resolve()
    name = value if "." in value.rsplit(":", 1)[-1] else value + ".md"
    return name, None


_RENDERERS: dict[tuple[str, str], Renderer] = {}


def renderer_for(lang: str, spec: str | None, default: str) -> tuple[Renderer, str, str]:
    """(renderer, name to render, how to record the template).

    Renderers for the usual folders are kept for the process: compiling the contract template
    costs ~60 ms, and `efter due` checks every signed contract (Jinja re-reads a template file
    whose modification time changed). A --template PATH gets a fresh one each time.
    """
    from efter.render.documents import user_template_dir

    name, path = template_spec(spec, default)
    if path is not None:
        return Renderer(check_lang(lang), template_file=path), name, f"file:{path}"
    key = (check_lang(lang), str(user_template_dir()))
    if key not in _RENDERERS:
        _RENDERERS[key] = Renderer(lang)
    return _RENDERERS[key], name, name


def obligations(renderer: Renderer) -> list[Any]:
    text, source = renderer.source(OBLIGATIONS)
    return list(_parsed_obligations(text, source))


@functools.lru_cache(maxsize=8)
def _parsed_obligations(text: str, source: str) -> tuple[Any, ...]:
    """Parsed once per text: `efter due` renders every signed contract again, and reading
    the obligations file was half of that work."""
    from efter.core.contracts import parse_obligations

    return tuple(parse_obligations(text, source))


def context(conn: sqlite3.Connection, youth: Youth, renderer: Renderer) -> dict[str, Any]:
    from efter.core import contracts

    data = contracts.context(conn, youth, renderer.lang, obligations(renderer))
    data["today"] = clock.today().isoformat()
    return data


def render(
    conn: sqlite3.Connection,
    youth: Youth,
    kind: str,
    *,
    lang: str = "da",
    fmt: str = "md",
    template: str | None = None,
) -> Rendered:
    check_format(fmt, FORMATS)
    document = DOCUMENTS[kind]
    renderer, name, recorded = renderer_for(lang, template, document.template)
    data = context(conn, youth, renderer)
    title = f"{document.title(lang)}: {youth.name}"
    markdown, source = renderer.markdown(name, data)
    if fmt == "md":
        return Rendered(markdown, markdown, recorded, source)
    html = _html(renderer, name, data, title)
    if fmt == "html":
        return Rendered(html, markdown, recorded, source)
    from efter.render.pdf import html_to_pdf

    return Rendered(html_to_pdf(html), markdown, recorded, source)


def _html(renderer: Renderer, name: str, data: dict[str, Any], title: str) -> str:
    from efter.render.network_svg import network_svg

    figures = {"network": lambda: network_svg(data, renderer.lang)}
    text, _ = renderer.markdown(name, data, html=True)
    return renderer.html_page(text, title=title, figures=figures)


def markdown_to(markdown: str, fmt: str, *, lang: str, title: str) -> str | bytes:
    """A stored contract version as Markdown, HTML or PDF (the stored text is not re-rendered)."""
    check_format(fmt, FORMATS)
    if fmt == "md":
        return markdown
    html = Renderer(check_lang(lang)).html_page(markdown, title=title, figures={})
    if fmt == "html":
        return html
    from efter.render.pdf import html_to_pdf

    return html_to_pdf(html)


def fresh_contract(conn: sqlite3.Connection, youth: Youth, row: sqlite3.Row) -> str:
    """The contract as the case file says now, with the saved version's template and language."""
    template = row["template"]
    if template.startswith("file:"):
        path = template[len("file:") :]
        if not Path(path).is_file():
            raise EfterError(
                f"The template file {path} that contract {row['id']} was saved with is gone: "
                "put it back to compare."
            )
        template = path
    return str(render(conn, youth, "contract", lang=row["lang"], template=template).markdown)


def stale(conn: sqlite3.Connection, youth: Youth) -> dict[str, Any] | None:
    """None when there is no signed contract or the last signed one matches a fresh render;
    otherwise what `youth show` and `efter due` print: the signed version, and whether it
    differs ('changed') or could not be checked ('unchecked', with the reason)."""
    from efter.core import contracts

    row = contracts.latest_signed(conn, youth)
    if row is None:
        return None
    found = {"id": row["id"], "version": row["version"], "signed": row["signed"]}
    try:
        fresh = fresh_contract(conn, youth, row)
    except EfterError as error:
        return {**found, "state": "unchecked", "reason": error.message}
    if contracts.sha256(fresh) == row["sha256"]:
        return None
    return {**found, "state": "changed", "reason": ""}


def output_name(youth: Youth, kind: str, lang: str, fmt: str) -> str:
    """A file name for batch output: the case number (or id), never a CPR number or a name."""
    import re

    key = re.sub(r"[^A-Za-z0-9._-]+", "-", youth.ref or "") or f"id-{youth.id}"
    return f"{DOCUMENTS[kind].file_stem(lang)}-{key}.{fmt}"


def contract_status(conn: sqlite3.Connection, youth: Youth) -> dict[str, Any] | None:
    """The contract line of `youth show`: the latest saved version, the latest signed one,
    and whether the case has changed since it was signed. None when nothing was saved."""
    from efter.core import contracts

    rows = contracts.versions(conn, youth)
    if not rows:
        return None
    latest = rows[-1]
    signed = contracts.latest_signed(conn, youth)
    changed = stale(conn, youth) if signed is not None else None
    return {
        "latest": contracts.describe(latest),
        "signed": contracts.describe(signed) if signed is not None else None,
        "stale": changed is not None and changed["state"] == "changed",
        "unchecked": changed["reason"] if changed and changed["state"] == "unchecked" else None,
    }


def contract_line(status: dict[str, Any] | None, youth_id: int) -> str:
    """One line in English for `youth show` (and `efter due`)."""
    if status is None:
        return f"none saved (efter contract save {youth_id})"
    latest, signed = status["latest"], status["signed"]
    if signed is None:
        return f"version {latest['version']} saved {latest['saved']}, not signed yet"
    text = f"version {signed['version']} signed {signed['signed']}"
    if latest["version"] > signed["version"]:
        text += f"; version {latest['version']} saved {latest['saved']}, not signed yet"
    if status["stale"]:
        text += (
            f"; the case has changed since it was signed (see 'efter contract diff {signed['id']}')"
        )
    elif status["unchecked"]:
        text += f"; could not compare with the case now: {status['unchecked']}"
    return text
