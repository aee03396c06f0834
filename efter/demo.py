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


def safekeeping_demo(path: Path) -> list[str]:
    """A backup of the demo file and the doctor's verdict on it (issue 7)."""
    from efter.core import safekeeping
    from efter.core.casefile import open_casefile

    with open_casefile(path) as casefile:
        copy = safekeeping.backup(casefile, None)
    findings = safekeeping.doctor(path)
    notes = [f"{f.check}: {f.message}" for f in findings if f.status != "ok"]
    verdict = "sound" if safekeeping.exit_code(findings) == 0 else "NOT sound"
    return [
        f"Backup copy: {copy}",
        f"Doctor: the file is {verdict}" + (f" ({'; '.join(notes)})" if notes else "."),
    ]
