"""efter youth summary: the sagsoverblik, the whole case of one young person on paper (or as
data with --json)."""

from efter.cli.document import DocLangOption
from efter.cli.document_output import FormatOption, OutOption, document_output
from efter.cli.options import DbOption, JsonOption, YouthArg, opened
from efter.cli.outfile import ForceOption
from efter.cli.tree import EfterTyper
from efter.core.i18n import document_language, t

# `efter youth summary`, which efter/cli/youth.py registers lazily.
commands = EfterTyper(noun="youth")


@commands.command()
def summary(
    youth: YouthArg,
    fmt: FormatOption = None,
    out: OutOption = None,
    lang: DocLangOption = None,
    force: ForceOption = False,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """The whole case on paper (sagsoverblik): person, contact, legal basis, statutory dates
    and deadlines, team and network, programmes and measures, goals and open agreements,
    meetings held and coming, the ratings, status over time, consent, contract versions,
    latest notes.

    Markdown on stdout by default; --format html gives a print-ready A4 page with the ratings
    chart, --format pdf a PDF (needs efter[pdf]). --json prints the same as data (ISO dates,
    codes with English labels, as every --json); the full CPR number is never in it. Audited
    as rendered (as viewed with --json).
    """
    from efter.core import audit, clock
    from efter.core import summary as core
    from efter.core import youth as youth_core
    from efter.core.errors import UsageMistake
    from efter.render.documents import check_lang

    if lang is not None:
        check_lang(lang)
    paper = None
    if json:
        if out is not None or fmt is not None:
            raise UsageMistake(t("--json prints data on stdout: leave out --format and --out."))
    else:
        paper = document_output(fmt, out, force)
    today = clock.today()
    with opened(db) as casefile, casefile.write() as conn:
        person = youth_core.find(conn, youth)
        lang = document_language(lang)
        data = core.gather(conn, person, today)
        from efter.render.contract_line import contract_status

        data["contract"] = contract_status(conn, person)
        if paper is not None:
            audit.use("rendered")
            from efter.render import summary as document

            text = document.render(conn, data, today=today, lang=lang, fmt=paper.markup)
    if paper is None:
        from efter.cli.output import emit_json

        emit_json(data)
        return
    paper.deliver(
        text, t("Wrote the case summary of {label} to {out}.", label=person.label, out=out)
    )
