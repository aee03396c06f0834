"""The terminal face of efter: one typer sub-app per noun. Only this package prints."""

import gc
import os
import sys
from contextlib import suppress
from typing import Annotated

import typer

from efter import __version__
from efter.cli import frame, options
from efter.cli.tree import EfterTyper

app = EfterTyper(
    name="efter",
    add_completion=True,
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
    db: Annotated[str | None, typer.Option("--db", help=options.DB_HELP)] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    # Everything efter writes (case file, backups, exports, documents) is private to its user.
    os.umask(0o077)
    options.ROOT_DB = db


app.add_lazy_command(
    "init",
    "efter.cli.casefile_cmds:commands",
    help="Create the case file (private to you), or bring an existing one up to date.",
)
app.add_lazy_command(
    "path",
    "efter.cli.casefile_cmds:commands",
    help="Print which case file efter uses (whether or not it exists yet).",
)
app.add_lazy_command(
    "config", "efter.cli.casefile_cmds:commands", help="Settings kept in the case file."
)
# Nouns are imported only when they run: add yours as one add_lazy_typer line.
app.add_lazy_typer(
    "register",
    "efter.cli.register:app",
    help="The municipality's register over PostgreSQL: set it up, add coordinators, take cases to a laptop and back.",
)
app.add_lazy_typer(
    "youth", "efter.cli.youth:app", help="Enrol, list, show, edit and close young people."
)
app.add_lazy_typer(
    "team", "efter.cli.people:team_app", help="The professionals around a young person."
)
app.add_lazy_typer(
    "network", "efter.cli.people:network_app", help="A young person's private network."
)
app.add_lazy_typer(
    "person",
    "efter.cli.person:app",
    help="The address book of professionals: one person, many cases.",
)
app.add_lazy_typer(
    "meeting", "efter.cli.meeting:app", help="Plan, hold and follow up network meetings."
)
app.add_lazy_typer(
    "note", "efter.cli.note:app", help="The journal: dated notes, signed with your user name."
)
app.add_lazy_command(
    "find",
    "efter.cli.find:commands",
    help="Search names, agreements, goals, minutes and notes; says where each hit is.",
)
app.add_lazy_typer("goal", "efter.cli.goal:app", help="Goals and sub-goals (mål og delmål).")
app.add_lazy_typer(
    "agreement", "efter.cli.agreement:app", help="Agreements: who does what by when."
)
app.add_lazy_command(
    "due",
    "efter.cli.due:commands",
    help="Meetings and agreements due in the window or overdue, young people with no meeting\n"
    "planned in the next six months, statutory dates and deadlines coming up (at least 3\n"
    "months ahead) and deadlines missed.",
)
app.add_lazy_typer("areas", "efter.cli.areas:app", help="The life areas (livsområder) rated 1-5.")
app.add_lazy_command("rate", "efter.cli.ratings:commands", help="Record status on life areas, 1-5.")
app.add_lazy_command(
    "ratings",
    "efter.cli.ratings:commands",
    help="Status on life areas: first, latest and end score and the change per area, the "
    "young person's and the professional's views side by side, and the path over time.",
)
app.add_lazy_command(
    "status",
    "efter.cli.status:commands",
    help="What the young person is doing (education and work) as dated periods.",
)
app.add_lazy_typer(
    "contract", "efter.cli.contract:app", help="The collaboration contract and its signed versions."
)
app.add_lazy_typer(
    "document", "efter.cli.document:app", help="Consent form, network map, overview of measures."
)
app.add_lazy_typer(
    "consent",
    "efter.cli.consent:app",
    help="Consent to share information: with whom, about what, given by whom, for how long.",
)
app.add_lazy_typer(
    "measure", "efter.cli.measure:app", help="Measures a young person receives (indsatsoverblik)."
)
app.add_lazy_typer(
    "template", "efter.cli.template:app", help="Document templates: list, show, copy to change."
)
app.add_lazy_command(
    "import",
    "efter.cli.transfer:commands",
    help="Import a file, all or nothing: every row is checked before anything is written.",
)
app.add_lazy_command(
    "export",
    "efter.cli.transfer:commands",
    help="Export records in the columns 'efter import' reads back, safe to open in a "
    "spreadsheet: CSV with ; and a BOM for Danish Excel and LibreOffice (cells that would run "
    "as formulas start with '), XLSX with text and date cells.",
)
app.add_lazy_typer(
    "case",
    "efter.cli.case:app",
    help="Case bundles: everything about young people in one file, to hand over or move.",
)
app.add_lazy_typer(
    "report",
    "efter.cli.report:app",
    help="Figures for the coordinator and the municipality.",
)
app.add_lazy_typer(
    "programme",
    "efter.cli.programme:app",
    help="Programmes, their cohorts and prices, and young people's periods in them.",
)
app.add_lazy_typer(
    "deadline",
    "efter.cli.deadline:app",
    help="Statutory dates and deadlines: list them, record a deadline as met.",
)
app.add_lazy_typer(
    "audit",
    "efter.cli.audit:app",
    help="Who used whose data, and when. Without a command it prints the log (time, OS user, "
    "kind of use, young person, command; never the data); --youth ID gives what a young "
    "person may ask to see.",
)
app.add_lazy_command(
    "backup",
    "efter.cli.safekeeping:commands",
    help="Copy the case file safely, even while another command uses it. Prints the copy's path.",
)
app.add_lazy_command(
    "restore",
    "efter.cli.safekeeping:commands",
    help="Replace the case file with a backup after checking it; the current file is kept aside.",
)
app.add_lazy_command(
    "doctor",
    "efter.cli.safekeeping:commands",
    help="Check the case file (integrity, references, privacy, schema, stored statutory dates and deadlines, journal, encryption) or the register (schema, references, roles and security, connection).",
)
app.add_lazy_command(
    "retention",
    "efter.cli.safekeeping:commands",
    help="Erase every case closed before a date, as 'efter youth erase' does one by one.",
)
app.add_lazy_command(
    "demo",
    "efter.cli.demo:commands",
    help="Build a demo case file from the example files and show the caseload.",
)


def main() -> None:
    """The `efter` command. Two start-up tricks, each with a line in tests/benchmarks:

    - The cyclic collector pauses while the command tree is built (thousands of objects, no
      garbage, 10-20 ms of walking them); the command frame turns it back on, with those
      objects frozen out of its way, when the command begins. The console script
      (efter.start) pauses it already before this package and typer load. EFTER_GC_PAUSE=0
      turns both off.
    - Once the output is flushed the process ends with os._exit: Python's own teardown
      (freeing every module typer loads) took 15-25 ms and does nothing efter needs, as the
      case file and every file written are closed by then. It ends the ordinary way under a
      profiler or debugger (`python -m cProfile -m efter ...` prints its profile), with
      EFTER_FAST_EXIT=0, and on a traceback (EFTER_DEBUG=1).

    The lazy command tree (efter.cli.tree) is the third: EFTER_LAZY=0 imports every noun and
    builds every command before the command runs, as an eager tree would, so the benchmark
    suite can show what loading only the command that runs buys. The console script's
    deferred standard modules (efter.deferred) are the fourth: EFTER_DEFER=0.
    """
    if os.environ.get("EFTER_GC_PAUSE") != "0":
        gc.disable()
    if os.environ.get("EFTER_LAZY") == "0":
        from efter.cli.tree import load_everything

        load_everything(app)
    try:
        app(prog_name="efter")
        code = 0
    except SystemExit as done:
        code = _status(done.code)
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        pass  # a reader that stopped early (efter ... | head), stdout closed: nothing to say
    except OSError as error:  # the output could not be written (a full disk)
        from efter.core.i18n import t

        sys.stderr.write(t("Error: {message}", message=frame.cannot_write(error)) + "\n")
        code = code or 1
    with suppress(OSError, ValueError):
        sys.stderr.flush()
    if _watched() or os.environ.get("EFTER_FAST_EXIT") == "0":
        gc.enable()
        sys.exit(code)
    os._exit(code)


def _watched() -> bool:
    """Whether a profiler, tracer, debugger or coverage tool watches this process: then it
    must see the process end (its report is written at exit)."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+: PEP 669 tools
    return monitoring is not None and any(
        monitoring.get_tool(tool) is not None for tool in range(6)
    )


def _status(code: object) -> int:
    """What sys.exit(code) would have made the exit status."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1
