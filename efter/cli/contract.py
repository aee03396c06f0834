"""efter contract render|save|list|show|diff|signed: the collaboration contract
(samarbejdskontrakt) and the versions that were signed."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from efter.cli.document import DocLangOption, TemplateOption, render_one
from efter.cli.document_output import (
    FormatOption,
    OutOption,
    chosen_format,
    document_output,
)
from efter.cli.options import DbOption, JsonOption, YouthArg, opened
from efter.cli.outfile import ForceOption
from efter.cli.output import emit_json, say, table
from efter.cli.progress import Progress, watching
from efter.cli.tree import EfterTyper
from efter.core.i18n import day_text, document_language, t

app = EfterTyper(
    noun="contract", help="The collaboration contract (samarbejdskontrakt) and its versions."
)

ContractArg = Annotated[str, typer.Argument(help="A saved contract's id (see 'contract list').")]


@app.command(audit="rendered")
def render(
    youth: Annotated[
        str | None, typer.Argument(help="The young person's id or ref (or use --all).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write to this file (with --all: this folder). Default: stdout.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    lang: DocLangOption = None,
    template: TemplateOption = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Every active young person, one file each in --out DIR.")
    ] = False,
    programme: Annotated[
        str | None, typer.Option(help="With --all: only this programme.", show_default=False)
    ] = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Render the contract from what the case file says now (nothing is saved)."""
    from efter.core.errors import InvalidInput, UsageMistake

    if not all_:
        if youth is None:
            raise UsageMistake(t("Name the young person (id or ref), or give --all --out DIR."))
        if programme is not None:
            raise UsageMistake(t("--programme goes with --all: drop it or add --all --out DIR."))
        if out is not None and out.is_dir():
            raise InvalidInput(t("{out} is a folder: give --out a file name.", out=out))
        render_one("contract", youth, out, fmt, lang, template, db, force)
        return
    if youth is not None:
        raise UsageMistake(t("Give either a young person or --all, not both."))
    if out is None:
        raise UsageMistake(t("--all writes one file per young person: give --out DIR."))
    _render_all(out, fmt, lang, template, programme, db, force)


def _render_all(
    folder: Path,
    fmt: str | None,
    lang: str | None,
    template: str | None,
    programme: str | None,
    db: str | Path | None,
    force: bool = False,
) -> None:
    from efter.core import audit, outfile
    from efter.core import youth as core
    from efter.core.errors import EfterError, InvalidInput
    from efter.render import case_documents

    chosen = chosen_format(fmt, None)
    if folder.is_symlink():
        raise InvalidInput(
            t(
                "{folder} is a symbolic link: give --out the folder's own path for --all.",
                folder=folder,
            )
        )
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(t("{folder} is a file: give --out a folder for --all.", folder=folder))
    with opened(db) as casefile, casefile.write() as conn:
        lang = document_language(lang)
        people = core.list_youth(conn, status="active", programme=programme)
        if not people:
            where = t(" in the programme '{programme}'", programme=programme) if programme else ""
            raise InvalidInput(t("No active young people{where}: nothing to render.", where=where))
        paths = [
            folder / case_documents.output_name(person, "contract", lang, chosen)
            for person in people
        ]
        if folder.is_dir():  # every file checked before the first is written
            there = [path for path in paths if outfile.existing(path)]
            if there and not force:
                raise InvalidInput(
                    t(
                        "{there_count} of the files exist already in {folder} (such as {name}): "
                        "add --force to replace them, or give another folder.",
                        there_count=len(there),
                        folder=folder,
                        name=there[0].name,
                    )
                )
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise EfterError(
                t(
                    "Cannot create the folder {folder} ({strerror}).",
                    folder=folder,
                    strerror=error.strerror,
                )
            ) from None
        written: list[Path] = []
        batch = case_documents.render_many(
            conn, people, "contract", lang=lang, fmt=chosen, template=template
        )
        with Progress(t("Rendering contracts"), len(people), shown=on_terminal()) as bar:
            for path, (_person, rendered) in zip(paths, batch, strict=True):
                outfile.write(path, rendered.content, replace=force)
                written.append(path)
                bar.advance()
        audit.viewed(p.id for p in people)
    sys.stdout.write("".join(f"{path}\n" for path in written))
    noun = "contract" if len(written) == 1 else "contracts"
    say(
        t(
            "Rendered {written_count} {noun} into {folder}.",
            written_count=len(written),
            noun=noun,
            folder=folder,
        )
    )


def on_terminal() -> bool:
    """The bar goes to stderr, and only when a person is watching (stdout and stderr a tty)."""
    return sys.stdout.isatty() and watching()


@app.command(audit="rendered")
def save(
    youth: YouthArg,
    lang: DocLangOption = None,
    template: TemplateOption = None,
    db: DbOption = None,
) -> None:
    """Save the contract as it renders now as the next version (text, sha256, template, date).
    Prints the saved contract's id on stdout."""
    from efter.core import clock, contracts
    from efter.core import youth as core
    from efter.render import case_documents

    with opened(db) as casefile, casefile.write() as conn:
        lang = document_language(lang)
        person = core.find(conn, youth)
        rendered = case_documents.render(conn, person, "contract", lang=lang, template=template)
        row, new = contracts.save(
            conn,
            person,
            rendered.markdown,
            template=rendered.template,
            source=rendered.source,
            lang=lang,
            on=clock.today(),
        )
    if new:
        say(
            t(
                "Saved version {version} of the contract for {label} as contract {id} (sha256 "
                "{sha256}). Record the signing with 'efter contract signed {id} --date DATE'.",
                version=row["version"],
                label=person.label,
                id=row["id"],
                sha256=row["sha256"][:12],
            )
        )
    else:
        say(
            t(
                "The contract for {label} is unchanged since version {version} (contract {id}): "
                "nothing new was saved.",
                label=person.label,
                version=row["version"],
                id=row["id"],
            )
        )
    typer.echo(str(row["id"]))


@app.command("list")
def list_(youth: YouthArg, json: JsonOption = False, db: DbOption = None) -> None:
    """The saved versions of a young person's contract, with when each was saved and signed."""
    from efter.core import contracts
    from efter.core import youth as core

    with opened(db) as casefile, casefile.write() as conn:
        person = core.find(conn, youth)
        rows = contracts.versions(conn, person)
    records = [contracts.describe(row) for row in rows]
    if json:
        emit_json(records)
        return
    table(
        ["ID", "Version", "Saved", "Signed", "Lang", "Template", "SHA-256"],
        [
            [
                r["id"],
                r["version"],
                r["saved"],
                r["signed"] or t("not signed"),
                r["lang"],
                r["template"],
                r["sha256"][:12],
            ]
            for r in records
        ],
        empty=t(
            "No saved contract for {label}: save one with 'efter contract save {id}'.",
            label=person.label,
            id=person.id,
        ),
    )


@app.command()
def show(
    contract: ContractArg,
    out: OutOption = None,
    fmt: FormatOption = None,
    json: JsonOption = False,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Print a saved version exactly as it was saved (Markdown), or as HTML or PDF."""
    from efter.core import contracts
    from efter.core.errors import EfterError
    from efter.core.youth import by_ids
    from efter.render import case_documents

    paper = document_output(fmt, out, force)
    with opened(db) as casefile, casefile.write() as conn:
        row = contracts.get(conn, contract)
        person = by_ids(conn, [row["youth_id"]])[row["youth_id"]]
    if contracts.sha256(row["text"]) != row["sha256"]:
        raise EfterError(
            t(
                "Contract {id} does not match its stored sha256: the case file has been altered "
                "outside efter; restore it from a backup.",
                id=row["id"],
            )
        )
    if json:
        emit_json({**contracts.describe(row), "text": row["text"]})
        return
    title = case_documents.DOCUMENTS["contract"].title(row["lang"])
    content = case_documents.markdown_to(
        row["text"], paper.markup, lang=row["lang"], title=f"{title}: {person.name}"
    )
    paper.deliver(content)


@app.command()
def diff(
    contract: ContractArg,
    other: Annotated[
        str | None,
        typer.Argument(help="A second contract id; without it, compare with a fresh render."),
    ] = None,
    db: DbOption = None,
) -> None:
    """What changed: between two saved versions, or from a saved version to the case now."""
    from efter.core import contracts
    from efter.core import youth as core
    from efter.render import case_documents

    with opened(db) as casefile, casefile.write() as conn:
        old = contracts.get(conn, contract)
        if other is not None:
            new = contracts.get(conn, other)
            new_text, new_label = (
                new["text"],
                t("contract {id} (version {version})", id=new["id"], version=new["version"]),
            )
        else:
            person = core.find(conn, f"id:{old['youth_id']}")
            new_text = case_documents.fresh_contract(conn, person, old)
            new_label = t("the case file now")
    text = contracts.diff(
        old["text"],
        new_text,
        t("contract {id} (version {version})", id=old["id"], version=old["version"]),
        new_label,
    )
    if not text:
        say(t("No differences."))
        return
    from efter.core.text import shown

    sys.stdout.write(shown(text))


@app.command()
def signed(
    contract: ContractArg,
    on: Annotated[
        str | None, typer.Option("--date", help="The day it was signed (default: today).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Record that a saved version was signed by the parties."""
    from efter.core import clock, contracts
    from efter.core.dates import parse_date

    today = clock.today()
    day = parse_date(on, field="on") if on else today
    with opened(db) as casefile, casefile.write() as conn:
        row = contracts.get(conn, contract)
        contracts.sign(conn, row, day, today)
    say(
        t(
            "Recorded contract {id} (version {version}) as signed on {day}.",
            id=row["id"],
            version=row["version"],
            day=day_text(day),
        )
    )
