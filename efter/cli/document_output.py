"""The one way out for every document command (document, contract, meeting agenda|minutes|form,
ratings --doc, report --format, youth handover|summary): Markdown, HTML or PDF.

The format is --format, else the --out file's ending (.md, .html, .pdf), else Markdown. When
both are given and the ending names another format, the command stops before it reads the case
file (exit 2, a usage mistake): an .html file with Markdown in it is a page a browser runs as
HTML, and a .pdf with Markdown in it opens in no PDF reader.

    paper = document_output(fmt, out, force)   # checks the options and --out, asks to replace
    with opened(db) as casefile, casefile.write() as conn:
        text = render(..., fmt=paper.markup)    # "md" or "html" (a PDF is printed from HTML)
    paper.deliver(text, f"Wrote the ... to {out}.")
"""

import sys
from pathlib import Path
from typing import Annotated, NamedTuple

import typer

from efter.core.errors import InvalidInput, UsageMistake
from efter.core.i18n import t

FORMATS = ("md", "html", "pdf")
ENDINGS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="md, html (a print-ready A4 page) or pdf (needs efter[pdf]); default: from the "
        "--out file's ending, else md.",
        show_default=False,
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Write to this file (default: stdout).", dir_okay=False, show_default=False
    ),
]


def chosen_format(fmt: str | None, out: Path | None, formats: tuple[str, ...] = FORMATS) -> str:
    """md, html or pdf from --format and --out's ending; refuses a format the command does
    not make and a --format the ending contradicts."""
    ending = out.suffix.lower() if out is not None else ""
    from_ending = ENDINGS.get(ending)
    if fmt is None:
        chosen = from_ending or "md"
    else:
        chosen = fmt.strip().lower()
        if chosen not in formats:  # a wrong value, as a wrong --lang: exit 1
            raise InvalidInput(
                t(
                    "'{fmt}' is not a document format: give --format {formats}.",
                    fmt=fmt,
                    formats=t(" or ").join(formats),
                )
            )
        if from_ending is not None and from_ending != chosen:
            assert out is not None
            raise UsageMistake(
                t(
                    "--format {chosen} and the file ending {ending} disagree: drop --format, or "
                    "name the file {stem}.{chosen}.",
                    chosen=chosen,
                    ending=ending,
                    stem=out.stem,
                )
            )
    if chosen == "pdf":
        from efter.render.pdf import weasyprint_or_advice

        weasyprint_or_advice()  # says how to install the extra before anything is read
    return chosen


class DocumentOutput(NamedTuple):  # not a dataclass: dataclasses costs every meeting,
    # rating and document command 1.1 ms to import and build
    fmt: str  # md, html or pdf
    out: Path | None  # None: stdout
    replace: bool  # the --out file may be replaced (--force, or a 'y' on a terminal)

    @property
    def markup(self) -> str:
        """What to render: Markdown, or HTML (also for a PDF, which is printed from it)."""
        return "html" if self.fmt == "pdf" else self.fmt

    def finished(self, text: str | bytes) -> str | bytes:
        """The document in its format: a PDF printed from the HTML `text`."""
        if self.fmt == "pdf" and isinstance(text, str):
            from efter.render.pdf import html_to_pdf

            return html_to_pdf(text)
        return text

    def deliver(self, text: str | bytes, said: str | None = None) -> None:
        """The document to stdout, or to --out (new, private, whole) with `said` on stderr."""
        content = self.finished(text)
        if self.out is None:
            if isinstance(content, bytes):
                sys.stdout.buffer.write(content)
                sys.stdout.flush()
            else:
                from efter.core.text import shown

                sys.stdout.write(shown(content))  # stored text never steers the terminal
            return
        from efter.cli.output import say
        from efter.core import outfile

        outfile.write(self.out, content, replace=self.replace)
        say(said or t("Wrote {out}.", out=self.out))


def document_output(
    fmt: str | None,
    out: Path | None,
    force: bool = False,
    formats: tuple[str, ...] = FORMATS,
) -> DocumentOutput:
    """Check the document options before any work is done: the format, a PDF not for the
    terminal, and --out (its folder, a file there needs --force or a 'y')."""
    from efter.cli.outfile import may_replace

    chosen = chosen_format(fmt, out, formats)
    if chosen == "pdf" and out is None and sys.stdout.isatty():
        raise UsageMistake(t("A PDF is not for the terminal: give --out FILE.pdf."))
    return DocumentOutput(chosen, out, may_replace(out, force))
