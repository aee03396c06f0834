"""efter demo: a case file built from examples/, to see every capability at work."""

from pathlib import Path
from typing import Annotated

import typer

from efter.cli.output import say
from efter.cli.tree import EfterTyper
from efter.core.i18n import t


def register(app: EfterTyper) -> None:
    @app.command()
    def demo(
        folder: Annotated[
            Path | None,
            typer.Option(
                "--dir",
                help="Folder for the demo case file (default: a new folder in your temp dir).",
                file_okay=False,
            ),
        ] = None,
    ) -> None:
        """Build a demo case file from the example files and show the caseload."""
        import tempfile

        from efter.cli import report, reports, youth
        from efter.core.casefile import create_casefile
        from efter.core.errors import Conflict
        from efter.demo import (
            add_demo_programmes,
            build_consents,
            build_demo,
            build_demo_ratings,
            build_documents_demo,
            build_handover,
            build_meetings,
            build_programmes_demo,
            build_reports_demo,
            build_statutory_demo,
            build_summary,
            build_tools_demo,
            shared_advisers,
            write_agenda,
        )

        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix="efter-demo-"))
        path = folder / "casefile.db"
        if path.exists():
            raise Conflict(
                t("{path} exists already: remove it or give --dir another folder.", path=path)
            )
        casefile, _ = create_casefile(path)
        with casefile:
            add_demo_programmes(casefile)
            summary = build_demo(casefile)
            advisers = shared_advisers(casefile)
            consents_summary = build_consents(casefile)
            rated = build_demo_ratings(casefile)
            # Meetings first: the contract then carries the goals and agreements made there.
            meetings_summary, next_meeting = build_meetings(casefile)
            agendas = write_agenda(casefile, next_meeting, folder)
            documents_summary, contract_page = build_documents_demo(casefile, folder)
            programmes_summary = build_programmes_demo(casefile)
            reports_summary = build_reports_demo(casefile)
            statutory_summary = build_statutory_demo(casefile)
            kinds_summary, tool_pages = build_tools_demo(casefile, folder)
            handover_summary, handover_note = build_handover(casefile, folder)
            case_summary = build_summary(casefile, folder)
        say(t("Demo case file: {path}", path=path))
        say(summary)
        say(advisers)
        say(rated)
        say(consents_summary)
        say(documents_summary)
        say(meetings_summary)
        say(
            t(
                "Agenda for the next meeting: {agendas} and {agendas2}",
                agendas=agendas[0],
                agendas2=agendas[1],
            )
        )
        say(programmes_summary)
        say(reports_summary)
        say(statutory_summary)
        say(f"{handover_summary} {handover_note}")
        say("")
        youth.list_(status="active", json=False, db=str(path))
        report.caseload(json=False, db=str(path))
        reports.outcomes(db=path)
        say("")
        _show_ratings(path)
        say("")
        from efter.demo import safekeeping_demo

        for line in safekeeping_demo(path):
            say(line)
        from efter.demo import bundle_demo

        for line in bundle_demo(path):
            say(line)
        say("")
        say(t("A contract to print: {contract_page}", contract_page=contract_page))
        say(t("The whole case of Amalie on paper (sagsoverblik): {path}", path=case_summary))
        say(kinds_summary)
        say(
            t(
                "The model's tools (network map with closeness rings, netværksoverblik,\n"
                "mødetjekliste for the next milestone meeting, dialogskema):"
            )
        )
        for page in tool_pages:
            say(f"  {page}")
        say("")
        say(t("Look around (or first: export EFTER_DB={path}):", path=path))
        for command in (
            "youth show 2025-0412",
            "youth show 'amalie nørg'",
            "person list",
            "person show 'Lene Bach'",
            "note list Amalie",
            "find praktik",
            "meeting list 2025-0412",
            f"meeting show {next_meeting}",
            f"meeting agenda {next_meeting} --format html --out agenda.html",
            "due --within 30d",
            "deadline list 2025-0412",
            "report deadlines --coordinator 'Mette Holm'",
            "due --within 30d --coordinator 'Mette Holm' --json",
            "ratings 2025-0412 --doc --format html --out status.html",
            "contract render 2025-0412 --format html --out contract.html",
            "consent list 2025-0412",
            "document consent 2025-0412 --format html --out samtykke.html",
            "network set 3 --closeness tæt --can-help 'Lektier'",
            "document network-overview 2025-0412",
            "document meeting-checklist 2025-0412 --kind 17.5",
            "document dialogue 2025-0412 --format html --out dialogskema.html",
            "programme list",
            "programme show EMPOWER4U->DRØMMEJOB",
            "report outcomes",
            "export all --format xlsx --out demo.xlsx",
            "youth handover 2025-0419 --to 'Sanne Vestergaard' --lang en",
            "youth summary amalie --format pdf --out sagsoverblik.pdf",
            "youth summary 2025-0412 --json",
            "audit --youth 2025-0412",
            "case export 2025-0412 --for Esbjerg --out sag.bundle",
            f"case import {folder / 'sag-2025-0412.bundle'} --dry-run",
        ):
            say(t("  efter --db {path} {command}", path=path, command=command))
        say(t("In Danish (or set LANG=da_DK.UTF-8, or 'efter config set language da'):"))
        say(f"  EFTER_LANG=da efter --db {path} due --within 30d")


def _show_ratings(path: Path) -> None:
    """One young person's status on life areas, then the progress across everyone."""
    import sys

    from efter.cli.options import opened
    from efter.cli.ratings import terminal_view
    from efter.cli.report_progress import progress
    from efter.core import areas, ratings
    from efter.core import youth as core

    with opened(path) as casefile:
        conn = casefile.conn
        person = core.find(conn, "2025-0412")
        view = terminal_view(
            person, ratings.summary(conn, person), ratings.history(conn, person), areas.scale(conn)
        )
    sys.stdout.write(view + "\n")
    progress(db=str(path))


# `efter demo`, which efter/cli/__init__.py registers lazily.
commands = EfterTyper()
register(commands)
