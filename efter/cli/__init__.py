"""The terminal face of efter: one typer sub-app per noun. Only this package prints."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from efter import __version__
from efter.cli import (
    agreement,
    casefile_cmds,
    common,
    contract,
    demo,
    document,
    due,
    goal,
    measure,
    meeting,
    people,
    report,
    safekeeping,
    template,
    transfer,
    youth,
)
from efter.cli import audit as audit_cli
from efter.cli.areas import app as areas_app
from efter.cli.common import EfterTyper
from efter.cli.ratings import register as register_ratings
from efter.cli.report_progress import progress as _progress  # noqa: F401  (adds to report)

app = EfterTyper(
    name="efter",
    help=(
        "efter: the aftercare coordinator's case file. Young people from care, the team and "
        "network around them, meetings, agreements, ratings and documents, in one private file."
    ),
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"efter {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Case file to use (default: EFTER_DB, then your user data folder).",
            dir_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    # Everything efter writes (case file, backups, exports, documents) is private to its user.
    os.umask(0o077)
    common.ROOT_DB = db
    from efter.core import casefile

    casefile.ask_passphrase = common.ask_passphrase


casefile_cmds.register(app)
app.add_typer(youth.app, name="youth", help="Enrol, list, show, edit and close young people.")
app.add_typer(people.team_app, name="team", help="The professionals around a young person.")
app.add_typer(people.network_app, name="network", help="A young person's private network.")
app.add_typer(report.app, name="report", help="Figures for the coordinator and the municipality.")
app.add_typer(areas_app, name="areas", help="The life areas (livsområder) rated 1-5.")
register_ratings(app)
demo.register(app)
app.add_typer(
    measure.app, name="measure", help="Measures a young person receives (indsatsoverblik)."
)
app.add_typer(
    contract.app, name="contract", help="The collaboration contract and its signed versions."
)
app.add_typer(
    document.app, name="document", help="Consent form, network map, overview of measures."
)
app.add_typer(template.app, name="template", help="Document templates: list, show, copy to change.")
transfer.register(app)
app.add_typer(audit_cli.app, name="audit")
safekeeping.register(app)
app.add_typer(meeting.app, name="meeting", help="Plan, hold and follow up network meetings.")
app.add_typer(goal.app, name="goal", help="Goals and sub-goals (mål og delmål).")
app.add_typer(agreement.app, name="agreement", help="Agreements: who does what by when.")
due.register(app)

# Reports, status, programme prices and deadlines (issue 9).
from efter.cli import deadline, programme, reports, status  # noqa: E402, F401

status.register(app)
app.add_typer(programme.app, name="programme", help="Programmes and their price per young person.")
app.add_typer(deadline.app, name="deadline", help="Record statutory deadlines as met.")


def main() -> None:
    app(prog_name="efter")
