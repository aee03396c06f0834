"""efter report caseload (later: outcomes, progress, meetings, agreements, deadlines)."""

from efter.cli.common import DbOption, EfterTyper, JsonOption, emit_json, opened, table, warn

app = EfterTyper(noun="report", help="Figures for the coordinator and the municipality.")


@app.command()
def caseload(json: JsonOption = False, db: DbOption = None) -> None:
    """Active cases per coordinator, with a warning above the caseload limit."""
    from efter.core.caseload import caseload as compute

    with opened(db) as casefile:
        data = compute(casefile.conn)
    if json:
        emit_json(data)
        return
    table(
        ["Coordinator", "Active cases", "Meetings due", "Overdue agreements", ""],
        [
            [
                c["coordinator"] or "(no coordinator)",
                c["active"],
                c["meetings_due"],
                c["overdue_agreements"],
                "over limit" if c["over_limit"] else "",
            ]
            for c in data["coordinators"]
        ],
        title=f"Caseload (limit {data['limit']})",
        empty="No active cases.",
    )
    for c in data["coordinators"]:
        if c["over_limit"]:
            warn(
                f"{c['coordinator']} has {c['active']} active cases, above the limit of {data['limit']}."
            )
