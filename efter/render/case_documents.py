"""The model's documents about one young person: contract, consent, network map, measures.

`render()` turns the case file's data into Markdown, HTML or PDF with the right template;
`stale()` tells whether the last signed contract still matches what the case file says now.
"""

import functools
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from efter.core import clock
from efter.core.errors import EfterError, InvalidInput
from efter.core.i18n import t
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
    "network-overview": Kind("network-overview.md", "Netværksoverblik", "Network overview",
                             "netvaerksoverblik", "network-overview"),
    "meeting-checklist": Kind("meeting-checklist.md", "Mødetjekliste", "Meeting checklist",
                              "moedetjekliste", "meeting-checklist"),
    "dialogue": Kind("dialogue.md", "Dialogskema", "Dialogue form", "dialogskema", "dialogue"),
}  # fmt: skip
# The documents that need more than the contract's context (see `_extra`).
EXTRA = ("network-overview", "meeting-checklist", "dialogue")
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
                t(
                    "There is no template file at {value}: check the path given to --template.",
                    value=value,
                )
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
    return contexts(conn, [youth], renderer)[youth.id]


def contexts(
    conn: sqlite3.Connection, youths: list[Youth], renderer: Renderer
) -> dict[int, dict[str, Any]]:
    """`context()` for a batch, by youth id: one query per table for all of them."""
    return {youth.id: data for youth, data in iter_contexts(conn, youths, renderer)}


def iter_contexts(
    conn: sqlite3.Connection, youths: list[Youth], renderer: Renderer
) -> Iterator[tuple[Youth, dict[str, Any]]]:
    """`contexts()` one young person at a time (the queries run now, before the first)."""
    from efter.core import contracts

    found = contracts.iter_contexts(conn, youths, renderer.lang, obligations(renderer))
    today = clock.today().isoformat()
    return ((youth, {**data, "today": today}) for youth, data in found)


@dataclass
class _Batch:
    """What every document of one batch shares: one renderer, one compiled template."""

    kind: Kind
    lang: str
    renderer: Renderer
    name: str
    recorded: str
    compiled: Any

    def render(self, youth: Youth, data: dict[str, Any], fmt: str) -> Rendered:
        title = f"{self.kind.title(self.lang)}: {youth.name}"
        markdown, source = self.renderer.render_template(self.compiled, self.name, data)
        if fmt == "md":
            return Rendered(markdown, markdown, self.recorded, source)
        html = _html(self.renderer, self.compiled, self.name, data, title)
        if fmt == "html":
            return Rendered(html, markdown, self.recorded, source)
        from efter.render.pdf import html_to_pdf

        return Rendered(html_to_pdf(html), markdown, self.recorded, source)


def _batch(kind: str, lang: str, template: str | None) -> _Batch:
    document = DOCUMENTS[kind]
    renderer, name, recorded = renderer_for(lang, template, document.template)
    obligations(renderer)  # a broken obligations file is reported before the template
    return _Batch(document, lang, renderer, name, recorded, renderer.template(name))


def render(
    conn: sqlite3.Connection,
    youth: Youth,
    kind: str,
    *,
    lang: str = "da",
    fmt: str = "md",
    template: str | None = None,
    meeting_kind: str | None = None,
) -> Rendered:
    [(_, rendered)] = render_many(
        conn, [youth], kind, lang=lang, fmt=fmt, template=template, meeting_kind=meeting_kind
    )
    return rendered


def render_many(
    conn: sqlite3.Connection,
    youths: list[Youth],
    kind: str,
    *,
    lang: str = "da",
    fmt: str = "md",
    template: str | None = None,
    meeting_kind: str | None = None,
) -> Iterator[tuple[Youth, Rendered]]:
    """`render()` for many young people, in the order given, one at a time: one renderer and
    one compiled template for the batch, and the contexts built with one query per table."""
    check_format(fmt, FORMATS)
    batch = _batch(kind, lang, template)
    found = iter_contexts(conn, youths, batch.renderer)
    if kind in EXTRA:
        found = ((y, {**d, **_extra(conn, y, kind, lang, d, meeting_kind)}) for y, d in found)
    return ((youth, batch.render(youth, data, fmt)) for youth, data in found)


def _extra(
    conn: sqlite3.Connection,
    youth: Youth,
    kind: str,
    lang: str,
    data: dict[str, Any],
    meeting_kind: str | None,
) -> dict[str, Any]:
    """What the model's other tools show besides the contract's context: the network
    overview's closeness labels, the checklist's meeting, the dialogue form's areas."""
    from datetime import date

    from efter.core import meetings
    from efter.core.dates import age_on

    today = clock.today()
    out: dict[str, Any] = {
        "age": age_on(date.fromisoformat(youth.born), today),
    }
    if kind == "network-overview":
        order = {"close": 0, "middle": 1, "distant": 2, "": 3}
        people = sorted(
            [*data["team"], *data["network"]],
            key=lambda p: (order[p["closeness"]], p["group"] != "team", p["name"].casefold()),
        )
        out["people"] = people
    elif kind == "meeting-checklist":
        row = meetings.next_coming(conn, youth.id, today)
        if meeting_kind is not None:
            code, milestone = meetings.kind_spec(meeting_kind)
            key, starts = meetings.kind_key(code, milestone), None
        elif row is not None:
            code, milestone = row["kind"], row["milestone"]
            key, starts = meetings.kind_key(code, milestone), row["starts"]
        else:
            code, milestone, key, starts = "network", None, "network", None
        out["meeting"] = {
            "code": key,
            "kind": meetings.kind_label(code, lang, milestone),
            "starts": starts or "",
        }
    else:
        from efter.core import areas
        from efter.render.meetings import latest_ratings

        scores = {r["code"]: r for r in latest_ratings(conn, youth, today, lang)}
        column = "label_da" if lang == "da" else "label_en"
        out["areas"] = [
            {
                "code": area["code"],
                "label": area[column],
                "youth": (scores.get(area["code"]) or {}).get("youth"),
                "professional": (scores.get(area["code"]) or {}).get("professional"),
            }
            for area in areas.all_areas(conn)
        ]
        steps = {row["step"]: row[column] for row in areas.scale(conn)}
        out["scale"] = [{"step": n, "text": steps.get(n, "")} for n in range(1, 6)]
    return out


def _html(renderer: Renderer, compiled: Any, name: str, data: dict[str, Any], title: str) -> str:
    from efter.render.network_svg import network_svg

    figures = {"network": lambda: network_svg(data, renderer.lang)}
    text, _ = renderer.render_template(compiled, name, data, html=True)
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


def _saved_template(row: sqlite3.Row | dict[str, Any]) -> str:
    """The --template a saved version was made with (its file must still be there)."""
    template = str(row["template"])
    if template.startswith("file:"):
        path = template[len("file:") :]
        if not Path(path).is_file():
            raise EfterError(
                t(
                    "The template file {path} that contract {id} was saved with is gone: put it "
                    "back to compare.",
                    path=path,
                    id=row["id"],
                )
            )
        template = path
    return template


def fresh_contract(conn: sqlite3.Connection, youth: Youth, row: sqlite3.Row) -> str:
    """The contract as the case file says now, with the saved version's template and language."""
    template = _saved_template(row)
    return str(render(conn, youth, "contract", lang=row["lang"], template=template).markdown)


def stale(conn: sqlite3.Connection, youth: Youth) -> dict[str, Any] | None:
    """None when there is no signed contract or the last signed one matches a fresh render;
    otherwise what `youth show` and `efter due` print: the signed version, and whether it
    differs ('changed') or could not be checked ('unchecked', with the reason)."""
    return stale_many(conn, [youth])[youth.id]


def stale_many(conn: sqlite3.Connection, youths: list[Youth]) -> dict[int, dict[str, Any] | None]:
    """`stale()` for many young people at once: {youth id: what stale() says} for every one
    given. The latest signed versions come in one query; those saved with the same template
    and language are rendered again as one batch (one renderer, one compiled template, the
    contexts with one query per table), so checking thousands of signed contracts costs a
    fixed number of statements."""
    from efter.core import contracts

    states: dict[int, dict[str, Any] | None] = {youth.id: None for youth in youths}
    signed = contracts.latest_signed_many(conn, youths)
    groups: dict[tuple[str, str], list[Youth]] = {}
    for youth in youths:
        row = signed.get(youth.id)
        if row is not None:
            groups.setdefault((row["template"], row["lang"]), []).append(youth)
    for (_, lang), group in groups.items():
        try:
            batch = _batch("contract", lang, _saved_template(signed[group[0].id]))
            found = iter_contexts(conn, group, batch.renderer)
        except EfterError as error:
            for youth in group:
                states[youth.id] = _state(signed[youth.id], "unchecked", error.message)
            continue
        for youth, data in found:
            row = signed[youth.id]
            try:
                fresh = batch.render(youth, data, "md").markdown
            except EfterError as error:
                states[youth.id] = _state(row, "unchecked", error.message)
                continue
            if contracts.sha256(str(fresh)) != row["sha256"]:
                states[youth.id] = _state(row, "changed", "")
    return states


def _state(row: sqlite3.Row, state: str, reason: str) -> dict[str, Any]:
    return {
        "id": row["id"],
        "version": row["version"],
        "signed": row["signed"],
        "state": state,
        "reason": reason,
    }


def output_name(youth: Youth, kind: str, lang: str, fmt: str) -> str:
    """A file name for batch output: the case number (or id), never a CPR number or a name."""
    import re

    key = re.sub(r"[^A-Za-z0-9._-]+", "-", youth.ref or "") or f"id-{youth.id}"
    return f"{DOCUMENTS[kind].file_stem(lang)}-{key}.{fmt}"
