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


RATING_COLUMNS = {
    "sagsnr": "ref", "livsområde": "area", "score": "score", "fase": "phase", "dato": "date",
    "vurderet_af": "rated_by",
}  # fmt: skip


def build_demo_ratings(casefile: CaseFile) -> str:
    """Start, meeting and end ratings from examples/ratings.csv, one command's worth at a time."""
    from efter.core import ratings
    from efter.core.dates import parse_date

    rows = _rows(packaged_dir("examples") / "ratings.csv", RATING_COLUMNS)
    batches: dict[tuple[str, str, str, str], list[tuple[str, str]]] = {}
    for row in rows:
        key = (row["ref"], row["phase"], row["rated_by"], row["date"])
        batches.setdefault(key, []).append((row["area"], row["score"]))
    with casefile.write() as conn:
        for (ref, phase, rated_by, day), pairs in batches.items():
            ratings.record(
                conn, core.find(conn, ref), pairs, phase=phase, rated_by=rated_by,
                on=parse_date(day, "rating date"),
            )  # fmt: skip
    people = len({ref for ref, *_ in batches})
    return f"Recorded {len(rows)} ratings of life areas for {people} of them."


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
