"""Builds the demo case file from the example files (Danish spreadsheet CSVs)."""

import csv
from pathlib import Path
from typing import Any

from efter.core import members
from efter.core import youth as core
from efter.core.casefile import CaseFile
from efter.resources import packaged_dir

# Danish column names in the example files -> efter's field names.
YOUTH_COLUMNS = {
    "sagsnr": "ref", "navn": "name", "fødselsdato": "born", "cpr": "cpr",
    "kommune": "municipality", "opvækstkommune": "home_municipality",
    "anbringelsessted": "placement_site", "indsats": "programme", "hold": "cohort",
    "koordinator": "coordinator", "startdato": "start",
}  # fmt: skip
MEMBER_COLUMNS = {
    "sagsnr": "ref", "rolle": "role", "navn": "name", "organisation": "organisation",
    "telefon": "phone", "email": "email", "note": "note", "fra": "started",
}  # fmt: skip


def _rows(path: Path, columns: dict[str, str]) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {columns[key]: value for key, value in row.items() if key in columns}
            for row in csv.DictReader(handle, delimiter=";")
        ]


def build_demo(casefile: CaseFile) -> str:
    examples = packaged_dir("examples")
    with casefile.write() as conn:
        youth_rows = _rows(examples / "youth.csv", YOUTH_COLUMNS)
        for row in youth_rows:
            core.add(conn, row)
        people = 0
        for side in ("team", "network"):
            for row in _rows(examples / f"{side}.csv", MEMBER_COLUMNS):
                members.add(conn, core.find(conn, row["ref"]), side, row)
                people += 1
    return f"Enrolled {len(youth_rows)} young people with {people} people around them."


def build_reports_demo(casefile: CaseFile) -> str:
    """Issue 9: a closed cohort from 2024, what everyone is doing, and a programme price, so
    the outcomes report has something to say. Closing proposes the outcome from the status."""
    from efter.core import prices, status
    from efter.core.dates import parse_date

    examples = packaged_dir("examples")
    closed_columns = {**YOUTH_COLUMNS, "afsluttet": "closed"}
    with casefile.write() as conn:
        closing = []
        for row in _rows(examples / "afsluttede.csv", closed_columns):
            closed = row.pop("closed")
            closing.append((core.add(conn, row), parse_date(closed, "closing date")))
        periods = 0
        for row in _rows(
            examples / "status.csv",
            {"sagsnr": "ref", "uddannelse": "education", "beskæftigelse": "work",
             "fra": "starts", "note": "note"},
        ):  # fmt: skip
            status.record(
                conn,
                core.find(conn, row["ref"]),
                education=row["education"],
                work=row["work"],
                starts=parse_date(row["starts"], "status date"),
                note=row["note"],
            )
            periods += 1
        for youth_id, day in closing:
            outcome, _ = status.proposed_outcome(conn, youth_id, day)
            core.close(conn, core.find(conn, str(youth_id)), day, outcome)
        for row in _rows(
            examples / "priser.csv", {"indsats": "programme", "pris pr. ung": "price"}
        ):
            prices.set_price(conn, row["programme"], row["price"])
    return f"Closed {len(closing)} cases from 2024 and recorded {periods} status periods."
