"""efter measure add|list|end: the measures behind the indsatsoverblik."""

import pytest
from conftest import snapshot


@pytest.fixture
def youth(run, casefile):
    return run("youth", "add", "Sara Ali", "--born", "2007-06-27").stdout.strip()


def test_add_list_end(run, youth, json_of):
    result = run(
        "measure", "add", youth, "ungestøtte", "--provider", "Esbjerg Kommune",
        "--legal-basis", "§ 114", "--from", "27-06-2025",
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (0, "1\n")
    assert result.stderr == (
        "Recorded support after 18 (ungestøtte) for Sara Ali (id 1) as measure 1.\n"
    )
    run("measure", "add", youth, "bostøtte", "--provider", "Bostøtten [Vest]", "--to", "2027-06-30")
    records = json_of("measure", "list", youth)
    assert records == [
        {
            "id": 1, "youth_id": 1, "kind": "ungestoette",
            "kind_label": "Support after 18 (ungestøtte)", "provider": "Esbjerg Kommune",
            "legal_basis": "bl113", "legal_basis_label": "Barnets lov §§ 113-116 (support after 18)",
                "basis_forced": False,
            "from": "2025-06-27", "to": None, "note": None, "active": True,
        },
        {
            "id": 2, "youth_id": 1, "kind": "bostoette", "kind_label": "Housing support",
            "provider": "Bostøtten [Vest]", "legal_basis": None, "legal_basis_label": "",
                "basis_forced": False,
            "from": "2026-11-28", "to": "2027-06-30", "note": None, "active": True,
        },
    ]  # fmt: skip
    table = run("measure", "list", youth).stdout
    assert "Bostøtten [Vest]" in table  # user text is never markup
    ended = run("measure", "end", "1", "--date", "2026-11-27")
    assert ended.exit_code == 0
    assert ended.stderr == "Ended measure 1 on 2026-11-27.\n"
    assert [r["id"] for r in json_of("measure", "list", youth)] == [2]
    assert [r["id"] for r in json_of("measure", "list", youth, "--all")] == [1, 2]


def test_empty_list(run, youth):
    result = run("measure", "list", youth)
    assert result.stdout == ""
    assert result.stderr == (
        "No measures for Sara Ali (id 1): add one with 'efter measure add 1 KIND'.\n"
    )
    assert run("measure", "list", youth, "--json").stdout == "[]\n"


def test_bad_input_changes_nothing(run, youth, casefile):
    before = snapshot(casefile)
    cases = [
        (("measure", "add", youth, "yoga"), "Error: KIND: 'yoga' is not a known kind of measure: give one of ungestoette, kontaktperson, bostoette, mentor, behandling, uddannelsesstoette, udslusning, anbringelse, vaertsfamilie, frivillig, socialoekonomisk-job, praktik, other.\n"),
        (("measure", "add", youth, "mentor", "--from", "2026-05-01", "--to", "2026-04-01"), "Error: --to: 2026-04-01 is before the start date 2026-05-01: give 2026-05-01 or later.\n"),
        (("measure", "add", youth, "other"), "Error: --note: a measure of kind 'other' needs a note: say what the measure is.\n"),
        (("measure", "add", youth, "mentor", "--from", "32-01-2026"), "Error: --from: '32-01-2026' does not exist (January 2026 has no day 32): write it as YYYY-MM-DD (2026-03-14) or DD-MM-YYYY (14-03-2026).\n"),
        (("measure", "end", "7"), "Error: No measure has the id '7': see 'efter measure list YOUTH' for the ids.\n"),
    ]  # fmt: skip
    for args, message in cases:
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)
    assert snapshot(casefile) == before


def test_end_rules(run, youth, casefile):
    run("measure", "add", youth, "mentor", "--from", "2026-10-01")
    before = snapshot(casefile)
    early = run("measure", "end", "1", "--date", "2026-09-01")
    assert early.exit_code == 1
    assert early.stderr == (
        "Error: --date: 2026-09-01 is before the start date 2026-10-01: give 2026-10-01 or later.\n"
    )
    assert snapshot(casefile) == before
    assert run("measure", "end", "1").exit_code == 0
    again = run("measure", "end", "1")
    assert again.exit_code == 1
    assert again.stderr == "Error: The measure 1 already ended on 2026-11-28.\n"


def test_measures_document_lists_them(run, youth):
    run("measure", "add", youth, "mentor", "--provider", "Jobcenter", "--legal-basis", "LAB § 31 b")
    text = run("document", "measures", youth, "--lang", "en").stdout
    assert "| Mentor | Jobcenter | LAB § 31 b | 28 November 2026 | ongoing |  |" in text
