"""efter report caseload, and the other reports registered lazily: `efter report X` imports
only the module of X (progress: efter.cli.report_progress; outcomes, meetings, agreements and
deadlines: efter.cli.reports)."""

import sys
from typing import Any

from efter.cli.options import DbOption, JsonOption, opened
from efter.cli.output import emit_json, say, table
from efter.cli.tree import EfterTyper
from efter.core.i18n import t

app = EfterTyper(noun="report", help="Figures for the coordinator and the municipality.")


def team_leader_figures(casefile: Any) -> bool:
    """A team leader on the register: every report reads every caseload's figures, shared
    (no names, counts under 5 withheld; docs/register.md), and says so on stderr."""
    if not casefile.figures_only():
        return False
    say(
        t(
            "You are a team leader: the figures cover every caseload, with no names and counts "
            "under 5 withheld ('..'), as --share gives them."
        )
    )
    return True


@app.command()
def caseload(json: JsonOption = False, db: DbOption = None) -> None:
    """Active cases per coordinator, with a warning above the caseload limit."""
    from efter.core.caseload import caseload as compute

    with opened(db) as casefile:
        team_leader_figures(casefile)
        data = compute(casefile.conn)
    if json:
        emit_json(data)
        return
    table(
        ["Coordinator", "Active cases", "Meetings due", "Overdue agreements", ""],
        [
            [
                c["coordinator"] or t("(no coordinator)"),
                c["active"],
                c["meetings_due"],
                c["overdue_agreements"],
                t("over limit") if c["over_limit"] else "",
            ]
            for c in data["coordinators"]
        ],
        title=t("Caseload (limit {limit})", limit=data["limit"]),
        empty=t("No active cases."),
    )
    # One 'Warning: ...' line per coordinator above the limit, written at once.
    limit = data["limit"]
    warnings = "".join(
        t(
            "Warning: {message}",
            message=t(
                "{coordinator} has {active} active cases, above the limit of {limit}.",
                coordinator=c["coordinator"], active=c["active"], limit=limit,
            ),
        )
        + "\n"
        for c in data["coordinators"]
        if c["over_limit"]
    )  # fmt: skip
    if warnings:
        sys.stderr.write(warnings)


# The help line of each is its command's own docstring (tests/test_startup_guards.py checks).
app.add_lazy_command(
    "progress",
    "efter.cli.report_progress:app",
    help="Per life area: young people with a first and a last rating, mean change, share "
    "improved,\nunchanged and worse; single ratings count as 'no follow-up yet'.",
)
app.add_lazy_command(
    "outcomes",
    "efter.cli.reports:app",
    help="Closed cases by outcome with time in the programme and cost; open cases' status now.",
)
app.add_lazy_command(
    "meetings",
    "efter.cli.reports:app",
    help="Meetings planned, held, cancelled and no-show; two a year; milestones; attendance.",
)
app.add_lazy_command(
    "agreements",
    "efter.cli.reports:app",
    help="Agreements made, kept on time, kept late, moved, dropped and overdue, by owner role.",
)
app.add_lazy_command(
    "deadlines",
    "efter.cli.reports:app",
    help="The youth plan (§ 108) and the § 111 decision, met or not; the 18th and 23rd "
    "birthdays, handled, passed or coming.",
)
