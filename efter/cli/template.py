"""efter template list|show|copy: the templates documents are made from, and your own copies."""

from typing import Annotated, Any

import typer

from efter.cli.options import JsonOption
from efter.cli.output import emit_json, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import t

app = EfterTyper(noun="template", help="Document templates: list, show, copy to change them.")

NameArg = Annotated[
    str, typer.Argument(help="A template name such as contract, consent or obligations.")
]
LangOption = Annotated[str, typer.Option("--lang", help="Template language: da or en.")]


@app.command("list")
def list_(
    lang: Annotated[
        str | None, typer.Option("--lang", help="Only da or en.", show_default=False)
    ] = None,
    json: JsonOption = False,
) -> None:
    """The packaged templates and your own copies (which efter uses first)."""
    from efter.render.documents import LANGS, check_lang
    from efter.render.templates import listing

    files = listing((check_lang(lang),) if lang else LANGS)
    if json:
        emit_json([f.as_dict() for f in files])
        return
    copied = {(f.name, f.lang) for f in files if f.where == "user"}

    def where(f: Any) -> str:
        if f.where == "user":
            return t("yours (used)")
        if (f.name, f.lang) in copied:
            return t("packaged, as efter:{lang}/{name}", lang=f.lang, name=f.name)
        return t("packaged (used)")

    table(
        ["Name", "Lang", "Where", "Path"],
        [[f.name, f.lang, where(f), f.path] for f in files],
    )


@app.command()
def show(
    name: NameArg,
    lang: LangOption = "da",
    packaged: Annotated[
        bool, typer.Option("--packaged", help="The packaged one, even if you have a copy.")
    ] = False,
) -> None:
    """Print the template efter uses for NAME (your copy if you have one)."""
    from efter.core.errors import EfterError
    from efter.render.templates import find

    path = find(name, lang, packaged=packaged)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise EfterError(t("Cannot read {path} ({error}).", path=path, error=error)) from None
    typer.echo(text, nl=False)
    say(f"({path})")


@app.command()
def copy(
    name: NameArg,
    lang: LangOption = "da",
    force: Annotated[
        bool, typer.Option("--force", help="Replace your existing copy with the packaged one.")
    ] = False,
) -> None:
    """Copy a packaged template into your template folder to change it. Prints the path."""
    from efter.render.templates import copy as copy_template

    target = copy_template(name, lang, force=force)
    say(
        t(
            "Copied {name} to your templates: edit it, and efter uses your copy from now on "
            "(delete it to go back to the packaged one).",
            name=target.name,
        )
    )
    typer.echo(str(target))
