"""efter case export|import: case bundles, everything about young people in one file."""

from pathlib import Path
from typing import Annotated

import typer

from efter.cli.options import DbOption, JsonOption, opened
from efter.cli.outfile import ForceOption, may_replace
from efter.cli.output import echo, emit_json, say
from efter.cli.tree import EfterTyper
from efter.core.i18n import nt, t

app = EfterTyper(noun="case")


def _bundle_passphrase(path: Path, new: bool) -> str:
    """EFTER_BUNDLE_PASSPHRASE, else typed on a terminal (twice for a new bundle)."""
    import os

    from efter.cli.ask import ask_passphrase
    from efter.core import bundle
    from efter.core.crypto import check_passphrase, driver
    from efter.core.errors import InvalidInput

    driver()  # say how to install SQLCipher before asking for anything
    given = os.environ.get(bundle.PASSPHRASE_ENV)
    if given:
        return check_passphrase(given, new=new)
    prompt = (
        t("New passphrase for the case bundle {path}: ", path=path)
        if new
        else t("Passphrase for the case bundle {path}: ", path=path)
    )
    typed = ask_passphrase(prompt, new)
    if typed is not None:
        return check_passphrase(typed, new=new)
    raise InvalidInput(
        t(
            "The case bundle {path} {value} a passphrase: set {passphrase_env}, or run efter on a "
            "terminal to type it.",
            path=path,
            value=t("needs") if new else t("is encrypted with"),
            passphrase_env=bundle.PASSPHRASE_ENV,
        )
    )


@app.command("export", audit="exported")
def export(
    youth: Annotated[list[str], typer.Argument(help="The young people (id or ref), one or more.")],
    out: Annotated[
        Path,
        typer.Option("--out", help="The bundle file to write.", dir_okay=False, show_default=False),
    ],
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help="Encrypt the bundle (SQLCipher; passphrase from EFTER_BUNDLE_PASSPHRASE or "
            "typed).",
        ),
    ] = False,
    recipient: Annotated[
        str | None,
        typer.Option(
            "--for",
            help="The new acting municipality: only what the young person's consent lets it "
            "see goes in.",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Write everything about young people into one case bundle (SQLite with a manifest)."""
    from efter.core import audit, bundle
    from efter.core import youth as core

    replace = may_replace(out, force)
    passphrase = _bundle_passphrase(out, new=True) if encrypt else None
    with opened(db) as casefile, casefile.write() as conn:
        people: list[core.Youth] = []
        seen: set[int] = set()
        for text in youth:
            person = core.find(conn, text)
            if person.id not in seen:
                seen.add(person.id)
                people.append(person)
        contents = bundle.gather(conn, [p.id for p in people])
        if recipient is not None:
            from efter.core import move

            move.restrict(conn, contents, people, recipient)
        bundle.write(contents, out, passphrase=passphrase, replace=replace)
        if recipient is not None:
            audit.qualify(f"--for {contents.recipient}")
    counts = {part: len(rows) for part, rows in contents.rows.items() if rows}
    for item in contents.left_out:
        say(
            t(
                "Left out for {recipient}: {what} ({why}).",
                recipient=contents.recipient,
                what=item["what"],
                why=item["why"],
            )
        )
    say(
        nt(
            "Wrote a case bundle of {n} young person ({sum} rows{value2}) to {out}.",
            "Wrote a case bundle of {n} young people ({sum} rows{value2}) to {out}.",
            len(people),
            sum=sum(counts.values()),
            value2=t(", encrypted") if encrypt else "",
            out=out,
        )
    )
    typer.echo(str(out))


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The case bundle to import.", dir_okay=False)],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check everything and say what would come; write nothing."),
    ] = False,
    as_ref: Annotated[
        str | None,
        typer.Option(
            "--as-ref",
            help="A new ref for the young person, when the bundle's ref is taken on file.",
            show_default=False,
        ),
    ] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Import a case bundle into this case file, all or nothing (new ids where needed)."""
    from efter.core import audit, bundle

    passphrase = _bundle_passphrase(file, new=False) if bundle.is_encrypted(file) else None
    received = bundle.read(file, passphrase)
    with opened(db) as casefile, casefile.write() as conn, bundle.refused_rows_said(file):
        plan = bundle.plan_and_apply(conn, received, as_ref=as_ref, write=not dry_run)
        if not dry_run:
            audit.changed(new for _, _, _, new in plan.received)
    people = [
        {"id": new, "ref": ref, "name": name, "bundle_id": old}
        for old, ref, name, new in plan.received
    ]
    if json:
        emit_json({"dry_run": dry_run, "youth": people, "rows": plan.counts})
    total = sum(plan.counts.values())
    received_text = (
        nt(
            "Would receive {n} young person ({total} rows) from {file}",
            "Would receive {n} young people ({total} rows) from {file}",
            len(people), total=total, file=file,
        )
        if dry_run
        else nt(
            "Received {n} young person ({total} rows) from {file}",
            "Received {n} young people ({total} rows) from {file}",
            len(people), total=total, file=file,
        )
    )  # fmt: skip
    if plan.added_areas:
        received_text += "; " + t("life areas added: {areas}", areas=", ".join(plan.added_areas))
    say(received_text + (". " + t("Nothing was changed (--dry-run).") if dry_run else "."))
    if recipient := received.manifest.get("for"):
        import json as json_module

        from efter.core.move import summary

        try:
            left = summary(json_module.loads(received.manifest["left-out"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            left = []
        made_for = t(
            "The bundle was made for {recipient}; the sender left out what consent did not allow",
            recipient=recipient,
        )
        say(made_for + (f": {'; '.join(left)}." if left else "."))
    if not json and people:  # one write: a bundle can bring thousands
        echo("\n".join(f"{p['id']}\t{p['ref'] or ''}\t{p['name']}" for p in people))
