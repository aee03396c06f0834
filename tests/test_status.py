"""efter status: education and work as dated periods; closing proposes the outcome."""

import json
from pathlib import Path

import pytest
from _reportkit import enrol, golden, lines
from conftest import snapshot
from hypothesis import given
from hypothesis import strategies as st

from efter.core.status import EDUCATION, JOB_KINDS, WORK, outcome_of


@pytest.fixture
def anna(run, casefile: Path) -> int:
    return enrol(run, "Anna [plejefamilie]", "2008-03-14", "2025-01-10", ref="2025-0412")


def test_record_carry_over_and_history(run, anna: int) -> None:
    first = run(
        "status", "2025-0412", "--education", "EUD", "--work", "fritidsjob", "--from", "01-08-2025"
    )
    assert first.exit_code == 0
    assert first.stdout == "1\n"
    assert first.stderr == (
        "Recorded the status of Anna [plejefamilie] (id 1) from 2025-08-01: education vocational, work leisure-job.\n"
    )
    second = run(
        "status", "1", "--work", "part-time", "--from", "2026-02-01", "--note", "Netto [lager]"
    )
    assert second.stdout == "2\n"
    assert second.stderr == (
        "Recorded the status of Anna [plejefamilie] (id 1) from 2026-02-01: education vocational, work part-time.\n"
    )
    shown = run("status", "1")
    assert shown.exit_code == 0
    golden("status-history.txt", lines(shown.stdout))
    history = json.loads(run("status", "1", "--json").stdout)
    assert history == [
        {
            "id": 1, "from": "2025-08-01", "to": "2026-02-01", "education": "vocational",
            "education_label": "Vocational", "work": "leisure-job", "work_label": "Leisure job",
            "outcome": "education", "current": False, "note": None,
        },
        {
            "id": 2, "from": "2026-02-01", "to": None, "education": "vocational",
            "education_label": "Vocational", "work": "part-time", "work_label": "Part-time job",
            "outcome": "both", "current": True, "note": "Netto [lager]",
        },
    ]  # fmt: skip


def test_same_day_replaces_and_future_period_is_not_current(run, json_of, anna: int) -> None:
    run("status", "1", "--education", "none", "--work", "none", "--from", "2026-01-01")
    again = run("status", "1", "--education", "FGU", "--from", "2026-01-01")
    assert again.stdout == "1\n"
    assert again.stderr.startswith(
        "Replaced the status of Anna [plejefamilie] (id 1) from 2026-01-01"
    )
    run("status", "1", "--education", "stx", "--from", "2027-01-05")
    history = json_of("status", "1")
    assert [(p["from"], p["education"], p["work"], p["current"]) for p in history] == [
        ("2026-01-01", "preparatory", "none", True),
        ("2027-01-05", "upper-secondary", "none", False),
    ]


def test_empty_history(run, anna: int) -> None:
    result = run("status", "1")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (
        "No status recorded for Anna [plejefamilie] (id 1): record one with "
        "'efter status 1 --education KIND --work KIND'.\n"
    )
    assert run("status", "1", "--json").stdout == "[]\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--education", "university"], 1,
         "Error: --education: 'university' is not a known kind of education: give one of none, primary, preparatory, upper-secondary, vocational, higher, special-needs.\n"),
        (["--education", "none", "--work", "sometimes"], 1,
         "Error: --work: 'sometimes' is not a known kind of work: give one of none, leisure-job, internship, part-time, full-time.\n"),
        (["--education", "none"], 1,
         "Error: --work: Anna [plejefamilie] has no earlier status to carry over from: give it too.\n"),
        (["--education", "none", "--work", "none", "--from", "2001-01-01"], 1,
         "Error: --from: the status date 2001-01-01 is before Anna [plejefamilie]'s birth date: give a later date.\n"),
        (["--education", "none", "--work", "none", "--from", "31-02-2026"], 1,
         "Error: --from: '31-02-2026' does not exist (February 2026 has no day 31): "
         "write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026).\n"),
        (["--education", " ", "--work", "none"], 1,
         "Error: --education: it is empty: give a kind such as vocational.\n"),
        (["--from", "2026-01-01"], 2,
         "Error: --from and --note belong to a new period: give --education and/or --work too.\n"),
        (["--education", "none", "--work", "none", "--json"], 2,
         "Error: --json shows the history: record the period first, then run "
         "'efter status 1 --json'.\n"),
    ],
)  # fmt: skip
def test_bad_input_changes_nothing(run, anna: int, casefile: Path, args, code, message) -> None:
    before = snapshot(casefile)
    result = run("status", "1", *args)
    if "--json" in args:  # asked for JSON: the error is one JSON object
        sentence = message.removeprefix("Error: ").removesuffix("\n")
        message = json.dumps({"error": sentence, "field": None, "problem": sentence, "fix": None})
        message += "\n"
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)
    assert snapshot(casefile) == before


def test_unknown_youth(run, casefile: Path) -> None:
    result = run("status", "99", "--education", "none", "--work", "none")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: No young person has the id or ref '99': see 'efter youth list' for who is on file.\n"
    )


def test_close_proposes_outcome_from_latest_status(run, json_of, anna: int) -> None:
    run("status", "1", "--education", "EUD", "--work", "none", "--from", "2025-08-01")
    run("status", "1", "--education", "none", "--work", "full-time", "--from", "2026-09-01")
    # The status current on the closing day counts, not a later one.
    closed = run("youth", "close", "1", "--date", "2026-06-30")
    assert closed.exit_code == 0
    assert closed.stderr == (
        "Closed the case of Anna [plejefamilie] (id 1) on 2026-06-30.\n"
        "Outcome: education, from the status recorded from 2025-08-01 (vocational, none); "
        "give --outcome to set another.\n"
    )
    assert json_of("youth", "show", "1")["outcome"] == "education"


def test_close_without_status_or_with_outcome(run, json_of, casefile: Path) -> None:
    enrol(run, "Bo", "2007-05-01", "2025-01-01")
    enrol(run, "Cille", "2007-05-01", "2025-01-01")
    result = run("youth", "close", "1", "--date", "2026-01-01")
    assert result.stderr == (
        "Closed the case of Bo (id 1) on 2026-01-01.\n"
        "Outcome: unknown, as no status is recorded (see 'efter status'); give --outcome to set it.\n"
    )
    run("status", "2", "--education", "none", "--work", "none", "--from", "2025-06-01")
    given_outcome = run("youth", "close", "2", "--outcome", "job")
    assert given_outcome.stderr == "Closed the case of Cille (id 2) on 2026-11-28.\n"
    assert json_of("youth", "show", "2")["outcome"] == "job"


@given(st.sampled_from([t.code for t in EDUCATION]), st.sampled_from([t.code for t in WORK]))
def test_outcome_of_every_combination(education: str, work: str) -> None:
    outcome = outcome_of(education, work)
    assert outcome in ("education", "job", "both", "neither")
    assert (outcome in ("education", "both")) == (education != "none")
    assert (outcome in ("job", "both")) == (work in JOB_KINDS)
