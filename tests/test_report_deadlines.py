"""efter report deadlines, efter deadline list and efter deadline met|clear (today 2026-11-28).

Each statutory date applies by the legal basis on file (core.rules.applies):
D1 Dina  § 46, born 2010-06-01, start 2025-10-01: milestone 16 held 2026-05-20 -> ungeplan
         (2026-09-01, 3 months after 16) met by the meeting; § 111 2027-12-01, 18 and 23 coming.
D2 Emil  § 47, born 2008-12-01, start 2024-06-01: ungeplan (2025-03-01) recorded 2025-04-15 ->
         late; the 17½ meeting was held 2026-04-01, but only a recorded decision meets § 111
         (2026-06-01) -> missed; a meeting held 2026-10-01 acts on 18 (2026-12-01): handled
         before the day (a birthday is never met).
D3 Finn  §§ 113-116, born 2003-01-10, start 2024-01-01: ungeplan and § 111 not applicable; 18
         before enrolment; still open after 23 (2026-01-10) -> passed, never missed.
D4 Gitte no legal basis, born 2003-04-04, start 2024-02-01, closed 2026-05-01: ungeplan and § 111
         not applicable; 23 (2026-04-04) handled, acted on when the case closed.
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
        y["name"]: {
            code: (d["status"], d["done_on"], d["how"]) for code, d in y["deadlines"].items()
        }
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
        "adult": ("handled", "2026-10-01", "meeting"), "ungestotte_end": ("coming", None, None),
    }  # fmt: skip
    assert status["Finn"] == {
        "ungeplan": ("not_applicable", None, None), "s111": ("not_applicable", None, None),
        "adult": ("before_enrolment", None, None), "ungestotte_end": ("passed", None, None),
    }  # fmt: skip
    assert status["Gitte"] == {
        "ungeplan": ("not_applicable", None, None), "s111": ("not_applicable", None, None),
        "adult": ("before_enrolment", None, None),
        "ungestotte_end": ("handled", "2026-05-01", "closed"),
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
        "handled": 0, "passed": 0, "before_enrolment": 1, "after_closing": 0,
        "not_applicable": 2, "young_people": 6,
    }  # fmt: skip
    counts = {code: [row[k] for k in ("met", "late", "missed", "coming", "handled", "passed",
                                      "before_enrolment", "not_applicable")]
              for code, row in summary.items()}  # fmt: skip
    assert counts == {  # the birthdays: never met, late nor missed
        "ungeplan": [2, 1, 0, 0, 0, 0, 1, 2],
        "s111": [0, 0, 1, 1, 0, 0, 1, 3],
        "adult": [0, 0, 0, 2, 1, 1, 2, 0],
        "ungestotte_end": [0, 0, 0, 4, 1, 1, 0, 0],
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
        "handled": 0, "passed": 0, "before_enrolment": None, "after_closing": 0,
        "not_applicable": None, "young_people": 6,
    }  # fmt: skip


def test_one_row_per_young_person_in_json(json_of, cases: Path) -> None:
    """Each young person's dates are an object keyed by the deadline's code, with every code
    for every young person and the same four keys in each, in the summary's order."""
    data = json_of("report", "deadlines")
    for person in data["young_people"]:
        assert list(person["deadlines"]) == ["ungeplan", "s111", "adult", "ungestotte_end"]
        for record in person["deadlines"].values():
            assert list(record) == ["date", "status", "done_on", "how"]
    emil = next(y for y in data["young_people"] if y["name"] == "Emil")
    assert emil["deadlines"]["ungeplan"] == {
        "date": "2025-03-01", "status": "late", "done_on": "2025-04-15", "how": "recorded"
    }  # fmt: skip
    assert [row["code"] for row in data["summary"]] == list(emil["deadlines"])


def test_one_line_per_young_person_in_csv(run, cases: Path) -> None:
    result = run("report", "deadlines", "--coordinator", "Mette", "--csv")
    assert result.exit_code == 0
    head, *rest = result.stdout.splitlines()
    dates = [f"{code}_{key}" for code in ("ungeplan", "s111", "adult", "ungestotte_end")
             for key in ("date", "status", "done_on", "how")]  # fmt: skip
    assert head.split(",") == [
        "section", "deadline", "young_people", "met", "late", "missed", "coming", "consider",
        "handled", "passed", "before_enrolment", "after_closing", "not_applicable", "id", "name",
        "coordinator", *dates,
    ]  # fmt: skip
    youth = [line for line in rest if line.startswith("youth,")]
    assert youth == [
        "youth" + "," * 13 + "1,Dina,Mette,2026-09-01,met,2026-05-20,meeting,2027-12-01,coming,,,"
        "2028-06-01,coming,,,2033-06-01,coming,,",
        "youth" + "," * 13 + "2,Emil,Mette,2025-03-01,late,2025-04-15,recorded,2026-06-01,missed"
        ",,,2026-12-01,handled,2026-10-01,meeting,2031-12-01,coming,,",
    ]
    assert len(rest) == 4 + 2


@pytest.mark.parametrize(
    "day", ["2025-04-14", "2025-09-01", "2026-03-31", "2026-04-01", "2026-05-19", "2026-05-20",
            "2026-09-30", "2026-10-01", "2026-12-31"],
)  # fmt: skip
def test_csv_and_json_judge_alike_on_any_day(run, json_of, cases: Path, day: str) -> None:
    """The table and --csv read less than --json (not the case's start and close): on days
    before and after each held meeting, record and close, every status and its evidence
    must still be --json's."""
    data = json_of("report", "deadlines", "--to", day)
    result = run("report", "deadlines", "--to", day, "--csv")
    assert result.exit_code == 0
    codes = ("ungeplan", "s111", "adult", "ungestotte_end")
    from_csv = {}
    for line in result.stdout.splitlines():
        if line.startswith("youth,"):
            cells = line.split(",")[13:]  # id, name, coordinator, then the dates
            name, dates = cells[1], cells[3:]
            from_csv[name] = {
                code: (dates[4 * n + 1], dates[4 * n + 2] or None, dates[4 * n + 3] or None)
                for n, code in enumerate(codes)
            }
    assert from_csv == _statuses(data)


def test_terminal_and_page(run, cases: Path) -> None:
    result = run("report", "deadlines", "--coordinator", "Mette")
    golden("report-deadlines.mette.txt", lines(result.stdout))
    golden(
        "report-deadlines.en.html",
        run("report", "deadlines", "--format", "html", "--lang", "en").stdout,
    )
    golden("report-deadlines.da.md", run("report", "deadlines", "--format", "md").stdout)


def test_danish_table_words_and_title(run, cases: Path, monkeypatch) -> None:
    """In Danish the cells use the summary's Danish headings, lower-case, and the title is
    the page's and the catalog's one wording."""
    monkeypatch.setenv("EFTER_LANG", "da")
    result = run("report", "deadlines", "--coordinator", "Mette")
    assert result.exit_code == 0
    out = lines(result.stdout).splitlines()
    assert out[0] == "Lovbestemte datoer og frister pr. 28. november 2026"
    assert "2025-03-01 for sent" in out[-2] and "2026-06-01 overskredet" in out[-2]
    assert out[-1] == (
        "før: datoen lå før indskrivningen og er ikke registreret (tjek); lukket: datoen "
        "ligger efter, at sagen blev lukket."
    )
    page = run("report", "deadlines", "--format", "md").stdout
    assert page.startswith("# Lovbestemte datoer og frister\n")


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
         "Error: 'birthday' is not a known statutory date or deadline: give the DEADLINE argument "
         "one of ungeplan, s111, adult, ungestotte_end.\n"),
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


def test_the_chart_gives_only_deadlines_an_on_time_share(run, cases: Path) -> None:
    """The 18th and 23rd birthdays are dates, not deadlines: the page's chart has a bar for
    the ungeplan and the § 111 decision only, and says why under it; the table still counts
    the birthdays."""
    import re

    for lang, bars, note in (
        (
            "da",
            ["Ungeplan", "§ 111"],
            "18- og 23-årsdagen er ikke med, fordi de er datoer og ikke frister",
        ),
        ("en", ["Youth plan", "§ 111"], "The 18th and 23rd birthdays are left out: they are dates"),
    ):
        page = run("report", "deadlines", "--format", "html", "--lang", lang).stdout
        svg = page[page.index("<svg") : page.index("</svg>")]
        labels = re.findall(r'text-anchor="end">([^<]*)<', svg)
        assert labels == bars, lang
        assert note in page
        assert ("Ungestøtte ophører (23 år)" if lang == "da" else "Support after 18 ends") in page


def test_one_set_of_status_words_on_terminal_and_page(run, cases: Path, monkeypatch) -> None:
    """A status reads the same on the terminal, in 'efter deadline list' and on the page: the
    catalog's words (core.rules.STATUS_WORDS, STATUS_HEADINGS), not a second set."""
    page = run("report", "deadlines", "--format", "md").stdout
    assert (
        "| Dato eller frist | Overholdt | Overholdt for sent | Overskredet | Kommende | "
        "Overvejes | Håndteret | Passeret | Før indskrivning | Efter sagen blev lukket | Gælder ikke |"
    ) in page
    # the words before one set ("Nået" was met's)
    for old in ("Frist ikke nået", "Dato passeret", "Tages stilling", "Efter afslutning"):
        assert old not in page
    assert "1. juni 2026, overskredet |" in page and "1. marts 2025, overholdt for sent" in page
    monkeypatch.setenv("EFTER_LANG", "da")
    table = run("report", "deadlines").stdout
    assert (
        "Overholdt   For sent   Overskredet   Kommende   Overvejes   Håndteret   Passeret   Før   Lukket"
        in (table)
    )
    assert "2026-06-01 overskredet" in table and "2025-03-01 for sent" in table
    listing = run("deadline", "list", "Emil").stdout
    assert "OVERSKREDET" in listing and "overholdt for sent 2025-04-15 (registreret)" in listing
    ida = run("deadline", "list", "Ida").stdout
    assert "før indskrivning: ikke registreret, tjek" in ida and "passeret" in ida


def test_a_birthday_is_handled_never_met(run, json_of, cases: Path, monkeypatch) -> None:
    """The 18th and 23rd birthdays are neither met nor missed. Gone by, one acted on (a
    meeting held in the three months before 18, the case closed at 23) is handled, with the
    day and the way it was acted on, and so is one acted on before it comes; one not acted on
    has passed. The summary counts them so, never as met, in both languages."""
    data = json_of("report", "deadlines", "--to", "2026-12-05")
    status = _statuses(data)
    assert status["Emil"]["adult"] == ("handled", "2026-10-01", "meeting")
    assert status["Gitte"]["ungestotte_end"] == ("handled", "2026-05-01", "closed")
    assert status["Ida"]["adult"] == ("passed", None, None)
    summary = {row["code"]: row for row in data["summary"]}
    for code in ("adult", "ungestotte_end"):
        assert [summary[code][k] for k in ("met", "late", "missed", "consider")] == [0] * 4
    assert [summary["adult"][k] for k in ("coming", "handled", "passed")] == [2, 1, 1]
    table = lines(run("report", "deadlines", "--to", "2026-12-05").stdout).splitlines()
    assert table[1].split() == [
        "Date", "or", "deadline", "People", "Met", "Late", "Missed", "Coming", "Consider",
        "Handled", "Passed", "Before", "Closed", "N/A",
    ]  # fmt: skip
    assert " ".join(table[5].split()) == "Age 18 6 0 0 0 2 0 1 1 2 0 0"
    assert "2026-12-01 handled" in next(line for line in table if " Emil " in line)
    emil = run("deadline", "list", "Emil").stdout
    assert "handled (meeting held 2026-10-01)" in emil
    assert "handled (case closed 2026-05-01)" in run("deadline", "list", "Gitte").stdout
    monkeypatch.setenv("EFTER_LANG", "da")
    table = lines(run("report", "deadlines", "--to", "2026-12-05").stdout).splitlines()
    assert "Kommende   Overvejes   Håndteret   Passeret" in table[1]
    assert "2026-12-01 håndteret" in next(line for line in table if " Emil " in line)
    assert "håndteret (møde afholdt 2026-10-01)" in run("deadline", "list", "Emil").stdout
    assert "håndteret (sagen lukket 2026-05-01)" in run("deadline", "list", "Gitte").stdout


def test_the_catalog_calls_statutory_dates_one_thing() -> None:
    """'lovbestemte frister' is not the name of the statutory dates anywhere in Danish (the 18th
    and 23rd birthdays are dates, not deadlines): 'lovbestemte datoer og frister'."""
    import re

    from babel.messages.pofile import read_po

    from tests.catalog import PO

    with PO.open("rb") as file:
        catalog = read_po(file)
    strings = [
        text
        for message in catalog
        if message.id
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
    ]
    assert len(strings) > 1000
    joined = " ".join(strings).replace("\n", " ")
    assert not re.search(r"(?<!datoer og )lovbestemte frister", joined)
    assert "Lovbestemte datoer og frister" in joined


def test_a_birthday_acted_on_before_it_comes_needs_nothing_done(run, json_of, cases: Path) -> None:
    """Emil's 18th birthday (2026-12-01, in three days) was acted on by the meeting held
    2026-10-01: handled, nothing to do. `due` does not list it, the handover note does not
    name it, and youth show's next statutory date is the one after it (23), as when it
    read "met"; Dina's 18th, not acted on, is hers."""
    due = json_of("due", "--json", "--within", "30")["statutory_dates"]
    assert due and not [d for d in due if d["date"] == "2026-12-01"], due
    emil = json_of("youth", "show", "2")
    assert emil["next_statutory_date"]["code"] == "ungestotte_end"
    assert json_of("youth", "show", "1")["next_statutory_date"]["code"] == "s111"
    note = run("youth", "handover", "2", "--to", "Jonas")
    assert note.exit_code == 0, note.stderr
    assert "Ungestøtte ophører (23 år) | kommende" in note.stdout  # the note is in Danish
    assert "handlekommunen kan skifte" not in note.stdout


def test_recording_a_birthday_says_acted_on(run, json_of, cases: Path, monkeypatch) -> None:
    """'efter deadline met' records the day a birthday was acted on (the handover at 18 done,
    support ended at 23) and says so: a birthday is never met."""
    done = run("deadline", "met", "6", "adult", "--date", "2026-08-20")
    assert (done.exit_code, done.stderr) == (
        0,
        "Recorded: adult acted on 2026-08-20 for Ida (id 6).\n",
    )
    assert _statuses(json_of("report", "deadlines"))["Ida"]["adult"] == (
        "handled", "2026-08-20", "recorded",
    )  # fmt: skip
    monkeypatch.setenv("EFTER_LANG", "da")
    again = run("deadline", "met", "6", "18", "--date", "2026-08-21")
    assert (
        again.stderr == "Ændret: adult for Ida (id 6) står nu som håndteret den 21. august 2026.\n"
    )
    first = run("deadline", "met", "1", "23", "--date", "2026-08-21")
    assert (
        first.stderr
        == "Registreret: ungestotte_end for Dina (id 1) er håndteret den 21. august 2026.\n"
    )
