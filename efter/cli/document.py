"""efter document consent|network-map|measures: the model's other documents about one young
person, from the same template system as the contract. Also the options every document about one
young person shares (the way out is efter.cli.document_output)."""

from pathlib import Path
from typing import Annotated

import typer

from efter.cli.document_output import FormatOption, OutOption, document_output
from efter.cli.options import DbOption, LangOption, YouthArg, opened
from efter.cli.outfile import ForceOption
from efter.cli.tree import EfterTyper
from efter.core.i18n import N_, document_language

app = EfterTyper(
    noun="document",
    help="The model's documents: consent form, network map and overview, measures, checklist, "
    "dialogue form.",
)

DocLangOption = LangOption  # one --lang for every document

TemplateOption = Annotated[
    str | None,
    typer.Option(
        "--template",
        help="A template NAME (see 'efter template list') or the PATH of one template file.",
        show_default=False,
    ),
]


def render_one(
    kind: str,
    youth: str,
    out: Path | None,
    fmt: str | None,
    lang: str | None,
    template: str | None,
    db: str | Path | None,
    force: bool = False,
    meeting_kind: str | None = None,
) -> None:
    from efter.core import youth as core
    from efter.render import case_documents

    paper = document_output(fmt, out, force)
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        lang = document_language(lang)
        rendered = case_documents.render(
            conn, person, kind, lang=lang, fmt=paper.markup, template=template,
            meeting_kind=meeting_kind,
        )  # fmt: skip
    paper.deliver(rendered.content)


def _command(kind: str, summary: str) -> None:
    def command(
        youth: YouthArg,
        out: OutOption = None,
        fmt: FormatOption = None,
        lang: DocLangOption = None,
        template: TemplateOption = None,
        force: ForceOption = False,
        db: DbOption = None,
    ) -> None:
        render_one(kind, youth, out, fmt, lang, template, db, force)

    command.__doc__ = summary
    command.__name__ = kind.replace("-", "_")
    app.command(kind, audit="rendered")(command)


_command(
    "consent",
    N_("The consent form (samtykkeerklæring) naming every party on the case."),
)
_command(
    "network-map",
    N_("The network map (netværkskort): a list in Markdown, a drawing in HTML and PDF."),
)
_command(
    "measures",
    N_("The overview of measures (indsatsoverblik) from 'efter measure add'."),
)
_command(
    "network-overview",
    N_("The network overview (netværksoverblik): everyone on the case, closeness and help."),
)
_command(
    "dialogue",
    N_("The dialogue form (dialogskema): the life areas, latest scores and room to write."),
)


@app.command("meeting-checklist", audit="rendered")
def meeting_checklist(
    youth: YouthArg,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="start, 16, 17.5, 18.5, end or network (default: the next planned meeting's).",
            show_default=False,
        ),
    ] = None,
    out: OutOption = None,
    fmt: FormatOption = None,
    lang: DocLangOption = None,
    template: TemplateOption = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """The meeting leader's checklist (mødetjekliste): before, during and after a meeting."""
    render_one("meeting-checklist", youth, out, fmt, lang, template, db, force, kind)
