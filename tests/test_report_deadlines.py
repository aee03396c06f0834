"""efter report deadlines, efter deadline list and efter deadline met|clear (today 2026-11-28).

Each statutory date applies by the legal basis on file (core.rules.applies):
D1 Dina  § 46, born 2010-06-01, start 2025-10-01: milestone 16 held 2026-05-20 -> ungeplan
         (2026-09-01, 3 months after 16) met by the meeting; § 111 2027-12-01, 18 and 23 coming.
D2 Emil  § 47, born 2008-12-01, start 2024-06-01: ungeplan (2025-03-01) recorded 2025-04-15 ->
         late; the 17½ meeting was held 2026-04-01, but only a recorded decision meets § 111
         (2026-06-01) -> missed; a meeting held 2026-10-01 -> 18 (2026-12-01) met early.
D3 Finn  §§ 113-116, born 2003-01-10, start 2024-01-01: ungeplan and § 111 not applicable; 18
         before enrolment; still open after 23 (2026-01-10) -> passed, never missed.
D4 Gitte no legal basis, born 2003-04-04, start 2024-02-01, closed 2026-05-01: ungeplan and § 111
         not applicable; 23 (2026-04-04) met when the case closed.
D5 Hugo  § 32, born 2009-09-09, start 2025-03-01: ungeplan to consider, recorded 2025-09-01 ->
         met; § 111 not applicable.
D6 Ida   § 46, born 2008-08-31, enrolled 2026-04-01 after 17½: ungeplan and § 111 before
         enrolment (not recorded, check); 18 (2026-08-31) passed.
"""

from pathlib import Path

import pytest
from _reportkit import enrol, golden, lines, meeting
from conftest import snapshot


@pytest.fixture
def cases(run, casefile: Path) -> Path:
    enrol(run, "Dina", "2010-06-01", "2025-10-01", coordinator="Mette", legal_basis="46")
    enrol(run, "Emil", "2008-12-01", "2024-06-01", coordinator="Mette", legal_basis="47")
    enrol(run, "Finn", "2003-01-10", "2024-01-01", coordinator="Jonas", legal_basis="bl113")
    enrol(run, "Gitte", "2003-04-04", "2024-02-01", coordinator="Jonas")
    enrol(run, "Hugo", "2009-09-09", "2025-03-01", coordinator="Jonas", ref="2025-0099",
          legal_basis="32")  # fmt: skip
    enrol(run, "Ida", "2008-08-31", "2026-04-01", coordinator="Jonas", legal_basis="46")
    assert run("youth", "close", "4", "--date", "2026-05-01", "--outcome", "job").exit_code == 0
    meeting(casefile, 1, "2026-05-20", "held", "milestone", "16")
    meeting(casefile, 2, "2026-04-01", "held", "milestone", "17.5")
    meeting(casefile, 2, "2026-10-01", "held")
    assert run("deadline", "met", "2", "ungeplan", "--date", "15-04-2025").exit_code == 0
    result = run("deadline", "met", "2025-0099", "16", "--date", "2025-09-01", "--note", "UU")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Recorded: ungeplan met on 2025-09-01 for Hugo (id 5).\n"
    return casefile


def _statuses(data):
    return {
        y["name"]: {d["code"]: (d["status"], d["done_on"], d["how"]) for d in y["deadlines"]}
        for y in data["young_people"]
    }


def test_deadline_figures(json_of, cases: Path) -> None:
    data = json_of("report", "deadlines")
    assert data["as_of"] == "2026-11-28"
    status = _statuses(data)
    assert status["Dina"] == {
        "ungeplan": ("met", "2026-05-20", "meeting"), "s111": ("coming", None, None),
        "adult": ("coming", None, None), "ungestotte_end": ("coming", None, None),
    }  # fmt: skip
    assert status["Emil"] == {
        "ungeplan": ("late", "2025-04-15", "recorded"), "s111": ("missed", None, None),
        "adult": ("met", "2026-10-01", "meeting"), "ungestotte_end": ("coming", None, None),
    }  # fmt: skip
    assert status["Finn"] == {
        "ungeplan": ("not_applicable", None, None), "s111": ("not_applicable", None, None),
        "adult": ("before_enrolment", None, None), "ungestotte_end": ("passed", None, None),
    }  # fmt: skip
    assert status["Gitte"] == {
        "ungeplan": ("not_applicable", None, None), "s111": ("not_applicable", None, None),
        "adult": ("before_enrolment", None, None),
        "ungestotte_end": ("met", "2026-05-01", "closed"),
    }  # fmt: skip
    assert status["Hugo"] == {
        "ungeplan": ("met", "2025-09-01", "recorded"), "s111": ("not_applicable", None, None),
        "adult": ("coming", None, None), "ungestotte_end": ("coming", None, None),
    }  # fmt: skip
    assert status["Ida"] == {
        "ungeplan": ("before_enrolment", None, None), "s111": ("before_enrolment", None, None),
        "adult": ("passed", None, None), "ungestotte_end": ("coming", None, None),
    }  # fmt: skip
    summary = {row["code"]: row for row in data["summary"]}
    assert summary["ungeplan"] == {
        "code": "ungeplan", "met": 2, "late": 1, "missed": 0, "coming": 0, "consider": 0,
        "passed": 0, "before_enrolment": 1, "after_closing": 0, "not_applicable": 2,
        "young_people": 6,
    }  # fmt: skip
    counts = {code: [row[k] for k in ("met", "late", "missed", "coming", "passed",
                                      "before_enrolment", "not_applicable")]
              for code, row in summary.items()}  # fmt: skip
    assert counts == {
        "ungeplan": [2, 1, 0, 0, 0, 1, 2],
        "s111": [0, 0, 1, 1, 0, 1, 3],
        "adult": [1, 0, 0, 2, 1, 2, 0],
        "ungestotte_end": [1, 0, 0, 4, 1, 0, 0],
    }


def test_as_of_an_earlier_day(json_of, cases: Path) -> None:
    data = json_of("report", "deadlines", "--to", "2026-05-31", "--coordinator", "Mette")
    status = _statuses(data)
    # On 2026-05-31 Emil's § 111 date (2026-06-01) was still ahead; Dina's meeting had been held.
    assert status["Emil"]["s111"] == ("coming", None, None)
    assert status["Dina"]["ungeplan"] == ("met", "2026-05-20", "meeting")
    single = json_of("report", "deadlines", "--coordinator", "Jonas", "--programme", "none")
    assert single["summary"][0]["young_people"] == 0 and single["young_people"] == []


def test_share_keeps_zeros_of_a_group_of_five(json_of, cases: Path) -> None:
    data = json_of("report", "deadlines", "--share")
    assert "young_people" not in data
    assert data["summary"][0] == {
        "code": "ungeplan", "met": None, "late": None, "missed": 0, "coming": 0, "consider": 0,
        "passed": 0, "before_enrolment": None, "after_closing": 0, "not_applicable": None,
        "young_people": 6,
    }  # fmt: skip


def test_terminal_and_page(run, cases: Path) -> None:
    result = run("report", "deadlines", "--coordinator", "Mette")
    golden("report-deadlines.mette.txt", lines(result.stdout))
    golden(
        "report-deadlines.en.html",
        run("report", "deadlines", "--format", "html", "--lang", "en").stdout,
    )


def test_deadline_met_replace_and_clear(run, json_of, cases: Path) -> None:
    again = run("deadline", "met", "2", "§ 111", "--date", "2026-05-30")
    assert again.stderr == "Recorded: s111 met on 2026-05-30 for Emil (id 2).\n"
    changed = run("deadline", "met", "2", "s111", "--date", "2026-06-02")
    assert changed.stderr == "Changed: s111 met on 2026-06-02 for Emil (id 2).\n"
    assert _statuses(json_of("report", "deadlines"))["Emil"]["s111"] == (
        "late",
        "2026-06-02",
        "recorded",
    )
    cleared = run("deadline", "clear", "2", "s111")
    assert cleared.stderr == "Removed the recorded date for s111 of Emil (id 2).\n"
    assert _statuses(json_of("report", "deadlines"))["Emil"]["s111"] == ("missed", None, None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["met", "2", "birthday"],
         "Error: 'birthday' is not a known deadline: give the DEADLINE argument one of ungeplan, "
         "s111, adult, ungestotte_end.\n"),
        (["met", "2", "ungeplan", "--date", "2027-01-01"],
         "Error: The date 2027-01-01 is in the future: record a deadline once it is met.\n"),
        (["met", "2", "ungeplan", "--date", "2000-01-01"],
         "Error: --date: the date 2000-01-01 is before Emil's birth date: give a later date.\n"),
        (["met", "nobody", "ungeplan"],
         "Error: No young person has the id or ref 'nobody': see 'efter youth list' for who is on file.\n"),
        (["clear", "1", "s111"], "Error: Dina (id 1) has no recorded date for s111: nothing to clear.\n"),
    ],
)  # fmt: skip
def test_deadline_bad_input(run, cases: Path, args, message) -> None:
    before = snapshot(cases)
    result = run("deadline", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)
    assert snapshot(cases) == before
