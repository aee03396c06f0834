"""efter document consent|network-map|measures: the model's other documents about one young
person, from the same template system as the contract. Also the options and output helpers that
every document command shares."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from efter.cli.common import DbOption, EfterTyper, opened, say
from efter.cli.outfile import ForceOption

app = EfterTyper(
    noun="document",
    help="The model's documents: consent form, network map and overview, measures, checklist, "
    "dialogue form.",
)

YouthArg = Annotated[str, typer.Argument(help="The young person's id, ref or name.")]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Write to this file (default: stdout).", dir_okay=False, show_default=False
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="md, html or pdf (default: from the --out file's ending, else md).",
        show_default=False,
    ),
]
DocLangOption = Annotated[str, typer.Option("--lang", help="Document language: da or en.")]
TemplateOption = Annotated[
    str | None,
    typer.Option(
        "--template",
        help="A template NAME (see 'efter template list') or the PATH of one template file.",
        show_default=False,
    ),
]


def pick_format(fmt: str | None, out: Path | None) -> str:
    from efter.render.documents import check_format

    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out else ""
        fmt = suffix if suffix in ("html", "pdf") else "md"
    return check_format(fmt.strip().lower(), ("md", "html", "pdf"))


def deliver(content: str | bytes, out: Path | None, force: bool = False) -> None:
    """The document to stdout (payload) or to --out, with a confirmation on stderr.

    --out is written as a new private (0600) file, atomically; symlinks and special files are
    refused, and an existing file is replaced only with `force` (--force, or the 'y' that
    `efter.cli.outfile.may_replace` asked for: call it before the work, pass on its answer).
    """
    from efter.core.errors import UsageMistake

    if out is None:
        if isinstance(content, bytes):
            if sys.stdout.isatty():
                raise UsageMistake("A PDF is not for the terminal: give --out FILE.pdf.")
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            from efter.core.text import shown

            sys.stdout.write(shown(content))  # stored text never steers the terminal
        return
    from efter.cli.outfile import may_replace
    from efter.core import outfile

    outfile.write(out, content, replace=may_replace(out, force))
    say(f"Wrote {out}.")


def render_one(
    kind: str,
    youth: str,
    out: Path | None,
    fmt: str | None,
    lang: str,
    template: str | None,
    db: Path | None,
    force: bool = False,
    meeting_kind: str | None = None,
) -> None:
    from efter.cli.outfile import may_replace
    from efter.core import youth as core
    from efter.render import case_documents

    chosen = pick_format(fmt, out)
    force = may_replace(out, force)
    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        rendered = case_documents.render(
            conn, person, kind, lang=lang, fmt=chosen, template=template, meeting_kind=meeting_kind
        )
    deliver(rendered.content, out, force)


def _command(kind: str, summary: str) -> None:
    def command(
        youth: YouthArg,
        out: OutOption = None,
        fmt: FormatOption = None,
        lang: DocLangOption = "da",
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
    "The consent form (samtykkeerklæring) naming every party on the case.",
)
_command(
    "network-map",
    "The network map (netværkskort): a list in Markdown, a drawing in HTML and PDF.",
)
_command(
    "measures",
    "The overview of measures (indsatsoverblik) from 'efter measure add'.",
)
_command(
    "network-overview",
    "The network overview (netværksoverblik): everyone on the case, closeness and help.",
)
_command(
    "dialogue",
    "The dialogue form (dialogskema): the life areas, latest scores and room to write.",
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
    lang: DocLangOption = "da",
    template: TemplateOption = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """The meeting leader's checklist (mødetjekliste): before, during and after a meeting."""
    render_one("meeting-checklist", youth, out, fmt, lang, template, db, force, kind)
