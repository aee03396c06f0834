"""Statutory dates by Barnets lov (issue 13 §1), through the CLI: the ungeplan 3 months after
16 (or after a placement begun after 16), the § 111 decision 6 months before 18 for a
placement only and met only by a recorded decision, 18 and 23 as dates to act on, 29 February
birthdays, dates before enrolment, the repealed Serviceloven, milestone meetings bound to
deadlines, and `efter due --check`'s exit codes. Today is 2026-11-28 unless a test says."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from hypothesis import given
from hypothesis import strategies as st

from efter.core import rules
from efter.core.dates import add_months, age_on, birthday


def _add(run: Any, *args: str) -> None:
    result = run("youth", "add", *args)
    assert result.exit_code == 0, result.stderr


def _dates(json_of: Any, youth: str) -> list[tuple[str, str, str]]:
    return [(d["code"], d["date"], d["status"]) for d in json_of("deadline", "list", youth)]


# --- born 15-01-2010, placed under § 46 -----------------------------------------------------


def test_ungeplan_is_due_three_months_after_16(run: Any, casefile: Path, json_of: Any) -> None:
    _add(run, "Anna Holm", "--ref", "A-1", "--born", "15-01-2010", "--legal-basis", "§ 46",
         "--start", "2025-09-01")  # fmt: skip
    assert _dates(json_of, "A-1") == [
        ("ungeplan", "2026-04-15", "missed"),  # not the 16th birthday itself
        ("s111", "2027-07-15", "coming"),  # 6 months before 18
        ("adult", "2028-01-15", "coming"),
        ("ungestotte_end", "2033-01-15", "coming"),
    ]
    result = run("deadline", "list", "A-1")
    assert result.exit_code == 0
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "Statutory dates and deadlines as of 2026-11-28",
        "ID   Young person   Date or deadline   Date         Status   Why",
        "─" * 132,
        "1    Anna Holm      ungeplan           2026-04-15   MISSED   placed: due 3 months after turning 16 (§ 108, stk. 3)",
        "1    Anna Holm      s111               2027-07-15   coming   placed until 18: only a recorded decision meets it (§ 111)",
        "1    Anna Holm      adult              2028-01-15   coming   the acting municipality may change (retssikkerhedsloven § 9): act on it",
        "1    Anna Holm      ungestotte_end     2033-01-15   coming   ungestøtte can last until 23: a date, not a deadline",
    ]  # fmt: skip
    assert run("deadline", "met", "A-1", "ungeplan", "--date", "2026-03-02").exit_code == 0
    assert _dates(json_of, "A-1")[0] == ("ungeplan", "2026-04-15", "met")


def test_placed_after_16_moves_the_ungeplan(run: Any, casefile: Path, json_of: Any) -> None:
    _add(run, "Anna Holm", "--ref", "A-1", "--born", "15-01-2010", "--legal-basis", "bl47",
         "--placed-from", "2026-06-20", "--start", "2026-07-01")  # fmt: skip
    [plan] = [d for d in json_of("deadline", "list", "A-1") if d["code"] == "ungeplan"]
    assert (plan["date"], plan["status"], plan["why"]) == (
        "2026-09-20", "missed", "placed after 16: due 3 months after the placement began (§ 108)",
    )  # fmt: skip
    assert json_of("youth", "show", "A-1")["placed_from"] == "2026-06-20"
    assert "\nPlaced from          2026-06-20\n" in run("youth", "show", "A-1").stdout


def test_placement_start_before_birth_is_refused(run: Any, casefile: Path) -> None:
    before = snapshot(casefile)
    result = run("youth", "add", "Anna", "--born", "2010-01-15", "--placed-from", "2009-12-01")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "",
        "Error: --placed-from: the placement start 2009-12-01 is before the birth date 2010-01-15: correct it.\n",
    )  # fmt: skip
    assert snapshot(casefile) == before


def test_placement_start_imports_as_anbragt_fra(run: Any, casefile: Path, tmp_path: Path,
                                                json_of: Any) -> None:  # fmt: skip
    source = tmp_path / "unge.csv"
    source.write_text(
        "sagsnr;navn;fødselsdato;lovgrundlag;anbragt_fra;startdato\n"
        "B-7;Bo Lund;2009-05-02;46;2025-08-01;2025-09-01\n",
        encoding="utf-8",
    )
    result = run("import", "youth", str(source))
    assert result.exit_code == 0, result.stderr
    assert json_of("youth", "show", "B-7")["placed_from"] == "2025-08-01"
    exported = run("export", "youth")
    assert exported.stdout.splitlines()[0].split(";")[7] == "Anbragt fra"


# --- born 29-02-2008 ------------------------------------------------------------------------


def test_29_february_is_1_march_everywhere(
    run: Any, casefile: Path, json_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(run, "Bo Lund", "--ref", "B-1", "--born", "29-02-2008", "--legal-basis", "47",
         "--start", "2024-03-01")  # fmt: skip
    assert _dates(json_of, "B-1") == [
        ("ungeplan", "2024-05-29", "missed"),  # 29 February 2024 (a leap year) + 3 months
        ("s111", "2025-09-01", "missed"),  # 6 months before 1 March 2026
        ("adult", "2026-03-01", "passed"),  # a date to act on: never "missed"
        ("ungestotte_end", "2031-03-01", "coming"),
    ]
    monkeypatch.setenv("EFTER_TODAY", "2026-02-28")
    day_before = json_of("youth", "show", "B-1")
    assert (day_before["age"], day_before["days_until_18"]) == (17, 1)
    assert day_before["next_statutory_date"]["date"] == "2026-03-01"
    monkeypatch.setenv("EFTER_TODAY", "2026-03-01")
    birthday_ = json_of("youth", "show", "B-1")
    assert (birthday_["age"], birthday_["days_until_18"]) == (18, None)


def test_29_february_milestones(run: Any, casefile: Path, json_of: Any,
                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("EFTER_TODAY", "2024-01-10")
    _add(run, "Bo Lund", "--born", "29-02-2008", "--legal-basis", "47", "--start", "2024-01-02")
    result = run("meeting", "plan", "1", "--milestones")
    assert result.exit_code == 0, result.stderr
    assert [(m["milestone"], m["starts"]) for m in json_of("meeting", "list", "1")] == [
        ("16", "2024-02-29T14:00"),  # 2024 has a 29 February
        ("17.5", "2025-07-01T14:00"),  # two months before the § 111 date, 2025-09-01
        ("18.5", "2026-09-01T14:00"),  # six months after 1 March 2026
    ]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2020, 12, 31)),
       st.integers(min_value=0, max_value=30))  # fmt: skip
def test_age_and_birthdays_agree(born: date, years: int) -> None:
    day = birthday(born, years)
    assert age_on(born, day) == years
    assert age_on(born, day.fromordinal(day.toordinal() - 1)) == years - 1
    dates = {d.code: d.on for d in rules.statutory_dates(born)}
    assert dates["adult"] == birthday(born, 18)
    assert dates["s111"] == add_months(birthday(born, 18), -6)
    assert dates["ungeplan"] == add_months(birthday(born, 16), 3)
    assert age_on(born, dates["ungestotte_end"]) == 23


_DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2020, 1, 20)).map(date.isoformat)
_DONE = st.lists(st.tuples(_DAYS, st.sampled_from(("recorded", "meeting", "closed"))), max_size=4)


@given(st.sampled_from((rules.DEADLINE, rules.CONSIDER, rules.ACT)), _DAYS, _DAYS,
       st.none() | _DAYS, _DONE, _DAYS)  # fmt: skip
def test_a_date_met_stands_as_standing_gives_it(
    kind: str, day: str, start: str, closed: str | None, done: list[tuple[str, str]], as_of: str
) -> None:
    # A date that something done by the day judged on meets is judged by standing_met()
    # alone, whatever the case's start and close: the deadlines report relies on it.
    counted = sorted(d for d in done if d[0] <= as_of)
    if counted:
        assert rules.standing_met(kind, day, counted, as_of) == rules.standing(
            kind, day, start, closed, done, as_of
        )


def test_a_date_met_on_time_late_or_not_a_deadline() -> None:
    done = [("2020-01-05", "meeting"), ("2020-01-09", "recorded")]
    assert rules.standing_met(rules.DEADLINE, "2020-01-09", done, "2020-01-20") == (
        "met", "2020-01-05", "meeting",
    )  # fmt: skip
    assert rules.standing_met(rules.DEADLINE, "2020-01-04", done, "2020-01-20") == (
        "late", "2020-01-05", "meeting",
    )  # fmt: skip
    assert rules.standing_met(rules.CONSIDER, "2020-01-04", done[1:], "2020-01-20") == (
        "met", "2020-01-09", "recorded",
    )  # fmt: skip


def test_a_birthday_acted_on_is_handled_never_met() -> None:
    """A birthday (a date to act on) is neither met nor late: one acted on is handled,
    before its day or after it, gone by or not (the first day it was acted on kept); one
    gone by with nothing done has passed."""
    done = [("2020-01-05", "meeting"), ("2020-01-09", "recorded")]
    for day, as_of, status, first in (
        ("2020-01-09", "2020-01-10", "handled", "2020-01-05"),
        ("2020-01-04", "2020-01-10", "handled", "2020-01-05"),  # acted on after it: not late
        ("2020-01-09", "2020-01-09", "handled", "2020-01-05"),  # on the day itself
        ("2020-01-12", "2020-01-10", "handled", "2020-01-05"),  # acted on before it comes
    ):
        how = dict(done)[first]
        assert rules.standing_met(rules.ACT, day, done, as_of) == (status, first, how)
        assert rules.standing(rules.ACT, day, "2019-01-01", None, done, as_of) == (
            status, first, how,
        )  # fmt: skip
    assert rules.standing(rules.ACT, "2020-01-09", "2019-01-01", None, (), "2020-01-10") == (
        "passed", None, None,
    )  # fmt: skip


# --- born 31-08-2008, with the 17½ meeting ----------------------------------------------------


def test_17_and_a_half_meeting_before_the_s111_date(
    run: Any, casefile: Path, json_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFTER_TODAY", "2025-11-28")
    _add(run, "Carl Berg", "--ref", "C-1", "--born", "31-08-2008", "--legal-basis", "46",
         "--start", "2024-09-01")  # fmt: skip
    result = run("meeting", "plan", "C-1", "--milestones")
    assert (result.exit_code, result.stdout) == (0, "1\n2\n")
    # § 111: 6 months before 31 August 2026 is 28 February 2026; two months before it is
    # Sunday 28 December, between Christmas (24 December is a day to avoid, 25 and 26 are
    # holidays): back to Tuesday 23 December, never past the deadline.
    assert result.stderr == (
        "2025-12-28 is a Sunday: moved to the previous working day, 2025-12-23 "
        "(it must come before its deadline).\n"
        "2027-02-28 is a Sunday: moved to the next working day, 2027-03-01.\n"
        "Planned meeting 1 (milestone meeting (age 17½)) for Carl Berg (id 1) on 2025-12-23 14:00.\n"
        "Planned meeting 2 (milestone meeting (age 18½)) for Carl Berg (id 1) on 2027-03-01 14:00.\n"
    )
    monkeypatch.setenv("EFTER_TODAY", "2026-03-10")
    assert run("meeting", "held", "1", "--attended", "youth").exit_code == 0
    # The meeting was held, but holding it is not the decision: § 111 is missed.
    assert _dates(json_of, "C-1")[1] == ("s111", "2026-02-28", "missed")
    check = run("due", "--check")
    assert check.exit_code == 1
    assert "2026-02-28   -10       Carl Berg (C-1)   § 111 decision on support" in check.stdout
    assert run("deadline", "met", "C-1", "s111", "--date", "2026-02-20").exit_code == 0
    assert _dates(json_of, "C-1")[1] == ("s111", "2026-02-28", "met")


def test_a_16_meeting_lands_before_the_ungeplan_deadline(
    run: Any, casefile: Path, json_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Turned 16 on 2026-10-03 (a Saturday); the ungeplan is due 2027-01-03. The meeting's day
    # has passed, the deadline has not: it is planned from today.
    _add(run, "Dan", "--born", "2010-10-03", "--legal-basis", "46", "--start", "2026-09-01")
    result = run("meeting", "plan", "1", "--milestones")
    assert result.exit_code == 0, result.stderr
    stones = [(m["milestone"], m["starts"]) for m in json_of("meeting", "list", "1")]
    assert stones[0] == ("16", "2026-11-30T14:00")  # Saturday 28 November -> next working day
    assert stones[0][1] < "2027-01-03"


# --- § 32 and no legal basis --------------------------------------------------------------


def test_contact_person_and_no_legal_basis(run: Any, casefile: Path, json_of: Any) -> None:
    _add(run, "Dina", "--ref", "D-1", "--born", "2010-03-10", "--legal-basis", "32",
         "--start", "2025-09-01")  # fmt: skip
    _add(run, "Emil", "--ref", "E-1", "--born", "2009-01-10", "--start", "2025-09-01")
    assert _dates(json_of, "D-1") == [
        ("ungeplan", "2026-06-10", "consider"),  # a date to consider, never missed
        ("s111", "2027-09-10", "not_applicable"),
        ("adult", "2028-03-10", "coming"),
        ("ungestotte_end", "2033-03-10", "coming"),
    ]
    assert _dates(json_of, "E-1") == [
        ("ungeplan", "2025-04-10", "not_applicable"),
        ("s111", "2026-07-10", "not_applicable"),
        ("adult", "2027-01-10", "coming"),
        ("ungestotte_end", "2032-01-10", "coming"),
    ]
    [why] = {d["why"] for d in json_of("deadline", "list", "E-1") if d["code"] == "s111"}
    assert why == "no legal basis on file (efter youth edit --legal-basis)"
    due = json_of("due", "--within", "3m")
    assert [(s["youth_ref"], s["code"], s["status"]) for s in due["statutory_dates"]] == [
        ("E-1", "adult", "coming"),
    ]
    assert run("due", "--check").exit_code == 0


# --- enrolled after 17½ -------------------------------------------------------------------


def test_enrolled_after_the_dates_passed(run: Any, casefile: Path, json_of: Any) -> None:
    _add(run, "Ida", "--ref", "I-1", "--born", "2008-08-31", "--legal-basis", "46",
         "--start", "2026-04-01")  # fmt: skip
    assert _dates(json_of, "I-1") == [
        ("ungeplan", "2024-11-30", "before_enrolment"),
        ("s111", "2026-02-28", "before_enrolment"),
        ("adult", "2026-08-31", "passed"),
        ("ungestotte_end", "2031-08-31", "coming"),
    ]
    listing = run("deadline", "list", "I-1").stdout
    assert listing.count("before enrolment:") == 2  # "not recorded, check" wraps
    assert "outside" not in listing
    assert run("due", "--check").exit_code == 0  # nothing missed while enrolled
    page = run("report", "deadlines", "--format", "md").stdout
    assert "30. november 2024, før indskrivning |" in page
    assert "# Lovbestemte datoer og frister" in page
    assert "| Overskredet |" in page


# --- efter due --check ----------------------------------------------------------------------


def test_due_check_exit_codes(run: Any, env: Path, tmp_path: Path) -> None:
    missing = run("--db", str(tmp_path / "none.db"), "due", "--check")
    assert missing.exit_code == 2  # could not look
    assert missing.stderr.startswith("Error: ")
    assert run("init").exit_code == 0
    assert run("due", "--check").exit_code == 0
    bad = run("due", "--check", "--within", "soon")
    assert (bad.exit_code, bad.stdout) == (2, "")
    assert run("due", "--within", "soon").exit_code == 1  # without --check, as before
    _add(run, "Anna", "--born", "2010-01-15", "--legal-basis", "46", "--start", "2025-09-01")
    missed = run("due", "--check", "--json")
    assert missed.exit_code == 1  # the ungeplan (2026-04-15) was missed
    assert '"statutory_missed": 1' in missed.stdout


# --- the repealed Serviceloven --------------------------------------------------------------


def test_old_legal_bases_are_history(run: Any, casefile: Path, json_of: Any) -> None:
    before = snapshot(casefile)
    refused = run("youth", "add", "Finn", "--born", "2008-01-10", "--legal-basis", "sel52",
                  "--start", "2025-01-01")  # fmt: skip
    assert (refused.exit_code, refused.stdout, refused.stderr) == (
        1, "",
        "Error: --legal-basis: Serviceloven § 52 was repealed on 1 January 2024, and the case "
        "starts on 2025-01-01: use Barnets lov § 46 (or § 47 without consent) for a placement, "
        "bl46 or bl47, or § 32 for a contact person, bl32, or add --force to keep "
        "the old basis (recorded as forced).\n",
    )  # fmt: skip
    assert snapshot(casefile) == before
    old = run("youth", "add", "Finn", "--born", "2007-01-10", "--legal-basis", "§ 76",
              "--start", "2023-06-01")  # fmt: skip
    assert old.exit_code == 0
    shown = run("youth", "show", "1").stdout
    assert (
        "Legal basis          Social Services Act § 76 (aftercare, before 1 January 2024)" in shown
    )
    forced = run("youth", "add", "Gro", "--born", "2008-01-10", "--legal-basis", "sel52",
                 "--start", "2025-01-01", "--force")  # fmt: skip
    assert forced.exit_code == 0
    assert "kept a Serviceloven legal basis after 1 January 2024 because of --force" in (
        forced.stderr
    )
    assert json_of("youth", "show", "2")["basis_forced"] is True
    # An unrelated edit keeps it; changing the start again needs --force again.
    assert run("youth", "edit", "2", "--note", "ny note").exit_code == 0
    assert run("youth", "edit", "1", "--start", "2024-02-01").exit_code == 1
    measure = run("measure", "add", "1", "ungestøtte", "--legal-basis", "sel76",
                  "--from", "2024-02-01")  # fmt: skip
    assert (measure.exit_code, measure.stderr) == (
        1,
        "Error: --legal-basis: Serviceloven § 76 was repealed on 1 January 2024, and the measure "
        "starts on 2024-02-01: use Barnets lov §§ 113-116 (ungestøtte), bl113, or add "
        "--force to keep the old basis (recorded as forced).\n",
    )
    assert run("measure", "add", "1", "ungestøtte", "--legal-basis", "sel76",
               "--from", "2023-12-01").exit_code == 0  # fmt: skip
    assert run("measure", "add", "1", "mentor", "--legal-basis", "sel76",
               "--from", "2024-02-01", "--force").exit_code == 0  # fmt: skip
    assert [m["basis_forced"] for m in json_of("measure", "list", "1")] == [False, True]
    labels = {m["legal_basis_label"] for m in json_of("measure", "list", "1")}
    assert labels == {"Social Services Act § 76 (aftercare, before 1 January 2024)"}


# --- days to avoid --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "said"),
    [
        ("2027-12-24 10:00", "2027-12-24 is a day to avoid (Juleaftensdag): moved to the next "
                             "working day, 2027-12-27.\n"),
        ("2027-12-31 10:00", "2027-12-31 is a day to avoid (Nytårsaftensdag): moved to the next "
                             "working day, 2028-01-03.\n"),
        ("2026-06-05 10:00", "2026-06-05 is a day to avoid (Grundlovsdag): moved to the next "
                             "working day, 2026-06-08.\n"),
    ],
)  # fmt: skip
def test_days_to_avoid_move_like_holidays(
    run: Any, casefile: Path, monkeypatch: pytest.MonkeyPatch, at: str, said: str
) -> None:
    monkeypatch.setenv("EFTER_TODAY", "2026-01-05")
    _add(run, "Anna", "--born", "2010-01-15", "--start", "2026-01-05")
    result = run("meeting", "plan", "1", "--at", at)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(said)


def test_import_refuses_an_old_basis_for_a_new_case(
    run: Any, casefile: Path, tmp_path: Path, json_of: Any
) -> None:
    source = tmp_path / "unge.csv"
    source.write_text(
        "sagsnr;navn;fødselsdato;lovgrundlag;startdato\n"
        "F-1;Finn;2008-01-10;Serviceloven § 52;2025-01-01\n",
        encoding="utf-8",
    )
    before = snapshot(casefile)
    refused = run("import", "youth", str(source))
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        "line 2, column lovgrundlag: Serviceloven § 52 was repealed on 1 January 2024, and the "
        "case starts on 2025-01-01; use Barnets lov § 46"
    )
    assert snapshot(casefile) == before
    assert run("import", "youth", str(source), "--force").exit_code == 0
    assert json_of("youth", "show", "F-1")["basis_forced"] is True
