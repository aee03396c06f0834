"""efter find TEXT: where a name or words occur in the case file."""

from typing import Annotated

import typer

from efter.cli.options import DbOption, JsonOption, opened
from efter.cli.output import emit_json
from efter.cli.tree import EfterTyper
from efter.core.i18n import N_, t

commands = EfterTyper()


@commands.command()
def find(
    text: Annotated[
        str, typer.Argument(help="A name or words, or their beginnings (any case or accent).")
    ],
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Search names, agreements, goals, minutes and notes; says where each hit is.

    Searches young people (name, ref), team and network members (name, organisation),
    agreements, goals, meetings (place, minutes) and journal notes. A hit is each word typed
    beginning a word of the text, in any case, with or without accents, æ/ø/å or ae/oe/aa."""
    from efter.cli.output import table
    from efter.core import audit, search

    with opened(db) as casefile, casefile.write() as conn:
        hits = search.search(conn, text)
        audit.viewed(sorted({hit["youth_id"] for hit in hits}))
    if json:
        emit_json(hits)
        return
    table(
        ["Kind", "ID", "Young person", "Ref", "Where", "Text"],
        [
            [t(hit["kind"]), hit["id"], hit["youth"], hit["ref"], t(hit["field"]), hit["snippet"]]
            for hit in hits
        ],
        empty=t("Nothing in the case file matches '{strip}'.", strip=text.strip()),
    )


# The kinds of hit and the fields they are found in (efter.core.search), as the table says them.
FIND_WORDS = (
    N_("youth"), N_("team"), N_("network"), N_("agreement"), N_("goal"), N_("meeting"),
    N_("note"), N_("name"), N_("ref"), N_("organisation"), N_("what"), N_("text"), N_("place"),
    N_("minutes"), N_("text (corrected)"),
)  # fmt: skip
