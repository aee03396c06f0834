"""Issue 18 item 7: `efter youth summary` (sagsoverblik), the whole case of one young person
on paper in Danish and English (Markdown, HTML, PDF), and the same as data with --json.
Printed on A4 by both printers in tests/test_paper.py ("case summary")."""

import json
import re
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from golden import assert_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_table_cells import efter_tables, raw_tables, rows

AUTHOR = "mette.holm"  # journal notes are signed with the OS user: one name for the goldens


@pytest.fixture
def demo(run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo case file (its dates follow the fixed 'today'), its notes signed AUTHOR."""
    monkeypatch.setenv("LOGNAME", AUTHOR)
    folder = tmp_path / "demo"
    result = run("demo", "--dir", str(folder))
    assert result.exit_code == 0, result.stderr
    return folder / "casefile.db"


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(row) for row in conn.execute(sql)]
    finally:
        conn.close()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_summary_in_markdown_and_html(run: Any, demo: Path, lang: str) -> None:
    markdown = run("--db", str(demo), "youth", "summary", "2025-0412", "--lang", lang)
    assert markdown.exit_code == 0, markdown.stderr
    assert markdown.stderr == ""
    assert_golden(f"summary.{lang}.md", markdown.stdout)
    page = run("--db", str(demo), "youth", "summary", "Amalie", "--lang", lang, "--format", "html")
    assert page.exit_code == 0, page.stderr
    assert_golden(f"summary.{lang}.html", page.stdout)
    assert '<figure class="chart"><svg' in page.stdout  # the ratings chart of the status


def test_every_part_of_the_case_is_on_the_paper(run: Any, demo: Path) -> None:
    db = ("--db", str(demo))
    data = json.loads(run(*db, "youth", "summary", "2025-0412", "--json").stdout)
    paper = run(*db, "youth", "summary", "2025-0412").stdout
    cells = {cell for row in rows(paper) for cell in row.values()}
    for member in [*data["team"], *data["network"]]:
        assert member["name"] in paper.replace("\\[", "[").replace("\\]", "]"), member["name"]
    for agreement in data["agreements"]["open"]:
        assert agreement["what"] in cells, agreement["what"]
    for goal in data["goals"]:
        assert goal["text"] in paper, goal["text"]
    for note in data["journal"]:
        assert any(" ".join(note["text"].split()) in cell for cell in cells), note["text"]
    assert len(data["meetings"]["held"]) == 4 and len(data["meetings"]["coming"]) == 4
    headings = [line for line in paper.splitlines() if line.startswith("#")]
    assert headings == [
        "# Sagsoverblik: Amalie Nørgaard",
        "## Lovbestemte datoer og frister",
        "## Teamet omkring den unge",
        "## Den unges private netværk",
        "## Indsatser og foranstaltninger",
        "## Mål og delmål",
        "## Åbne aftaler",
        "## Møder",
        "### Afholdte møder",
        "### Kommende møder",
        "## Livsområderne",
        "## Uddannelse og beskæftigelse over tid",
        "## Samtykke",
        "## Samarbejdskontrakt",
        "## Seneste journalnotater",
        "## Koordinatorer på sagen",
    ]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("da", ("| Telefon | 12 34 56 78 |", "| E-mail | amalie@example.dk |",
                "| Adresse | Kongensgade 12, 6700 Esbjerg |",
                "| Rolle | Navn | Organisation | Telefon | E-mail | Adresse |",
                "| Rolle | Navn | Telefon | E-mail | Adresse |")),
        ("en", ("| Phone | 12 34 56 78 |", "| E-mail | amalie@example.dk |",
                "| Address | Kongensgade 12, 6700 Esbjerg |",
                "| Role | Name | Organisation | Phone | E-mail | Address |",
                "| Role | Name | Phone | E-mail | Address |")),
    ],
)  # fmt: skip
def test_contact_details_of_the_young_person_and_everyone_on_the_case(
    run: Any, demo: Path, lang: str, words: tuple[str, ...]
) -> None:
    """Issue 18 item 4 in the summary: the young person's phone, e-mail and address, and each
    team and network member's (a team member's from the shared address book)."""
    db = ("--db", str(demo))
    for args in (
        ("youth", "edit", "2025-0412", "--phone", "12345678", "--email", "amalie@example.dk",
         "--address", "Kongensgade 12, 6700 Esbjerg"),
        ("person", "edit", "Hanne Friis", "--phone", "+45 7616 2000",
         "--address", "Torvegade 74, 6700 Esbjerg"),
        ("network", "edit", "8", "--phone", "40506070", "--address", "Stormgade 3, 6700 Esbjerg"),
    ):  # fmt: skip
        result = run(*db, *args)
        assert result.exit_code == 0, (args, result.stderr)
    paper = run(*db, "youth", "summary", "2025-0412", "--lang", lang).stdout
    for line in words:
        assert line in paper, line
    assert any(
        line.startswith("| ") and "Hanne Friis" in line
        and line.endswith("| 76 16 20 00 |  | Torvegade 74, 6700 Esbjerg |")
        for line in paper.splitlines()
    ), paper  # fmt: skip
    assert "| Helle Nørgaard | 40 50 60 70 |  | Stormgade 3, 6700 Esbjerg |" in paper
    data = json.loads(run(*db, "youth", "summary", "2025-0412", "--json").stdout)
    assert data["contact"] == {
        "phone": "12 34 56 78", "email": "amalie@example.dk",
        "address": "Kongensgade 12, 6700 Esbjerg",
    }  # fmt: skip
    friis = next(m for m in data["team"] if m["name"] == "Hanne Friis")
    assert (friis["phone"], friis["address"], friis["person_id"]) == (
        "76 16 20 00", "Torvegade 74, 6700 Esbjerg", 3,
    )  # fmt: skip
    helle = next(m for m in data["network"] if m["name"] == "Helle Nørgaard")
    assert (helle["phone"], helle["address"], helle["person_id"]) == (
        "40 50 60 70", "Stormgade 3, 6700 Esbjerg", None,
    )  # fmt: skip


def test_json_is_what_each_part_s_own_command_gives(run: Any, demo: Path) -> None:
    db = ("--db", str(demo))

    def data(*args: str) -> Any:
        result = run(*db, *args, "--json")
        assert result.exit_code == 0, (args, result.stderr)
        return json.loads(result.stdout)

    summary = data("youth", "summary", "2025-0412")
    assert list(summary) == [
        "youth", "contact", "coordinators", "statutory_dates", "team", "network", "programmes",
        "measures", "goals", "agreements", "meetings", "ratings", "status", "consents",
        "contracts", "journal", "contract",
    ]  # fmt: skip
    shown = data("youth", "show", "2025-0412")
    for key in ("statutory_dates", "team", "network", "coordinators", "contract"):
        assert summary[key] == shown[key], key
    assert summary["youth"] == {k: v for k, v in shown.items() if k in summary["youth"]}
    assert summary["contact"] == {key: shown[key] for key in ("phone", "email", "address")}
    assert summary["contact"]["phone"] == "21 43 65 87"  # the demo's (examples/youth.csv)
    assert summary["status"] == data("status", "2025-0412")
    assert summary["ratings"] == data("ratings", "2025-0412")["areas"]
    assert summary["consents"] == data("consent", "list", "2025-0412")
    assert summary["agreements"]["open"] == data("agreement", "list", "2025-0412")
    assert summary["agreements"]["counts"] == {"open": 6, "overdue": 2, "done": 3, "dropped": 0}
    current = [n for n in data("note", "list", "2025-0412") if n["corrected_by"] is None]
    assert summary["journal"] == current[-5:]
    assert [n["author"] for n in summary["journal"]] == [AUTHOR, AUTHOR]
    # the periods 'efter programme periods' gives: the model and EMPOWER4U at once (issue 18)
    assert summary["programmes"] == [
        {"name": p["programme"], "kind": p["kind"], "cohort": p["cohort"], "from": p["starts"],
         "to": p["ends"]}
        for p in data("programme", "periods", "2025-0412")
    ]  # fmt: skip
    assert [p["name"] for p in summary["programmes"]] == [
        "Vejen til uddannelse og beskæftigelse",
        "EMPOWER4U->DRØMMEJOB",
    ]
    held = summary["meetings"]["held"]
    assert [m["status"] for m in held] == ["held"] * 4
    assert [m["starts"] for m in held] == sorted(m["starts"] for m in held)
    coming = [m["id"] for m in summary["meetings"]["coming"]]
    planned = data("meeting", "list", "2025-0412", "--status", "planned")
    assert coming == [m["id"] for m in planned if m["starts"] >= "2026-11-28"]


def test_audited_as_rendered_and_as_viewed_with_json(run: Any, demo: Path) -> None:
    db = ("--db", str(demo))
    last = "SELECT action, youth_id, command FROM audit_event ORDER BY id DESC LIMIT 1"
    assert run(*db, "youth", "summary", "2025-0412").exit_code == 0
    assert query(demo, last) == [("rendered", 1, "youth summary")]
    assert run(*db, "youth", "summary", "2025-0412", "--json").exit_code == 0
    assert query(demo, last) == [("viewed", 1, "youth summary")]


def test_out_writes_a_private_file(run: Any, demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "sagsoverblik.pdf"
    result = run("--db", str(demo), "youth", "summary", "2025-0412", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == (f"Wrote the case summary of Amalie Nørgaard (id 1) to {out}.\n")
    assert out.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.fixture
def fresh(run: Any, casefile: Path) -> Path:
    """A young person just enrolled, with a CPR number and nothing else yet."""
    result = run("youth", "add", "Sara Ali", "--ref", "2025-0433", "--born", "2010-06-27",
                 "--cpr", "270610-4321", "--start", "2026-09-01")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return casefile


def test_an_empty_case_says_what_is_missing(run: Any, fresh: Path) -> None:
    paper = run("youth", "summary", "Sara").stdout
    for sentence in (
        "| Koordinator | ingen |",
        "| Sagen | aktiv siden 1. september 2026 |",
        "Der er ingen i teamet lige nu.",
        "Der er ingen fra det private netværk på sagen lige nu.",
        "Den unge er ikke tilknyttet en indsats.",
        "Der er ikke registreret nogen foranstaltninger.",
        "Der er endnu ikke sat mål.",
        "Der er ingen åbne aftaler.",
        "Der er endnu ikke holdt møder.",
        "Der er ikke planlagt noget møde.",
        "Livsområderne er endnu ikke vurderet.",
        "Der er ikke registreret, hvad den unge laver.",
        "Der er ikke registreret noget samtykke.",
        "Der er ikke gemt nogen samarbejdskontrakt.",
        "Der er ingen journalnotater.",
        "Der er ikke registreret nogen koordinator.",
    ):
        assert sentence in paper, sentence
    assert "I alt er der indgået" not in paper  # no agreements: no count
    english = run("youth", "summary", "Sara", "--lang", "en").stdout
    assert "There is nobody on the team now." in english
    assert "No meeting is planned." in english


def test_the_cpr_number_is_never_in_the_summary(run: Any, fresh: Path) -> None:
    for args in ((), ("--format", "html"), ("--lang", "en")):
        result = run("youth", "summary", "2025-0433", *args)
        assert result.exit_code == 0, result.stderr
        assert "270610" not in result.stdout and "4321" not in result.stdout, args
    data = json.loads(run("youth", "summary", "2025-0433", "--json").stdout)
    assert "270610-4321" not in json.dumps(data)
    assert (
        data["youth"]["cpr"]
        == json.loads(run("youth", "show", "2025-0433", "--json").stdout)["cpr"]
    )


def test_a_closed_case_with_people_who_left_and_a_missed_meeting(run: Any, fresh: Path) -> None:
    for step in (
        ("team", "add", "1", "--role", "jobcenter", "--name", "Hanne Friis", "--from",
         "2026-09-01"),
        ("team", "add", "1", "--role", "mentor", "--name", "Ole Bak", "--from", "2026-09-01"),
        ("team", "end", "2", "--date", "2026-10-31"),
        ("meeting", "plan", "1", "--at", "2026-10-06 10:00", "--force"),
        ("meeting", "no-show", "1"),
        ("status", "1", "--education", "none", "--work", "full-time", "--from", "2026-11-01"),
        ("youth", "close", "1", "--date", "2026-11-20"),
        ("youth", "edit", "1", "--note", "Flyttet til Aarhus"),
    ):  # fmt: skip
        result = run(*step)
        assert result.exit_code == 0, (step, result.stderr)
    paper = run("youth", "summary", "1").stdout
    assert "| Sagen | afsluttet 20. november 2026 (i job) |" in paper
    assert "| Note | Flyttet til Aarhus |" in paper
    assert "Tidligere i teamet: Ole Bak (mentor, til 31. oktober 2026)." in paper
    assert "| 6. oktober 2026 kl. 10.00 | Netværksmøde (udeblevet) |  |  |" in paper
    assert "| 1. november 2026–nu | Ingen uddannelse | Fuldtidsjob |  |" in paper
    english = run("youth", "summary", "1", "--lang", "en").stdout
    assert "| The case | closed 20 November 2026 (in a job) |" in english
    assert "Formerly on the team: Ole Bak (mentor, until 31 October 2026)." in english


MISTAKE = "--json prints data on stdout: leave out --format and --out."
JSON_MISTAKE = json.dumps({"error": MISTAKE, "field": None, "problem": MISTAKE, "fix": None}) + "\n"


def test_bad_input_is_one_sentence_and_changes_nothing(
    run: Any, fresh: Path, tmp_path: Path
) -> None:
    before = snapshot(fresh)
    cases = [
        (("youth", "summary", "Nobody"), 1,
         "Error: No young person has the id or ref 'Nobody': see 'efter youth list' for who is "
         "on file.\n"),
        (("youth", "summary", "1", "--lang", "fr"), 1,
         "Error: 'fr' is not a document language: give --lang da or --lang en.\n"),
        (("youth", "summary", "1", "--format", "docx"), 1,
         "Error: 'docx' is not a document format: give --format md or html or pdf.\n"),
        (("youth", "summary", "1", "--format", "md", "--out", str(tmp_path / "a.html")), 2,
         "Error: --format md and the file ending .html disagree: drop --format, or name the "
         "file a.md.\n"),
        # with --json a failure is one JSON object on stderr
        (("youth", "summary", "1", "--json", "--format", "html"), 2, JSON_MISTAKE),
        (("youth", "summary", "1", "--json", "--out", str(tmp_path / "a.md")), 2, JSON_MISTAKE),
    ]  # fmt: skip
    for args, code, stderr in cases:
        result = run(*args)
        assert (result.exit_code, result.stderr, result.stdout) == (code, stderr, ""), args
    assert snapshot(fresh) == before
    assert not (tmp_path / "a.html").exists() and not (tmp_path / "a.md").exists()
    existing = tmp_path / "old.md"
    existing.write_text("mine\n")
    result = run("youth", "summary", "1", "--out", str(existing))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {existing} exists already: add --force to replace it, or give another file.\n"
    )
    assert existing.read_text() == "mine\n"


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.lists(
        st.text(
            st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029"),
            max_size=8,
        )
        | st.sampled_from(["\n", "|", "\\", "*", "<br>", "`", "#", "[x]", " - "]),
        min_size=1,
        max_size=8,
    ).map("".join)
)
def test_any_note_stays_one_cell_of_its_table(run: Any, fresh: Path, text: str) -> None:
    added = run("note", "add", "1", "--", text)  # "--": a note may begin with "-"
    if added.exit_code != 0:  # text the journal refuses (empty, hidden characters): said so
        assert added.stderr.startswith("Error: "), added.stderr
        return
    markdown = run("youth", "summary", "1").stdout
    assert raw_tables(markdown) == efter_tables(markdown)
    notes = [row for row in rows(markdown) if "Notat" in row]
    stored = json.loads(run("note", "list", "1", "--json").stdout)[-1]["text"]
    assert notes[-1]["Notat"] == " ".join(stored.split())


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_demo_summary_prints_on_a4_in_both_printers(
    run: Any, demo: Path, tmp_path: Path, lang: str
) -> None:
    """Five pages of a real case: every word inside the right margin, no heading left alone at
    the foot of a page, the chart on a page with text (tests/test_paper.py prints a case with
    long text and a link)."""
    from test_paper import RIGHT_MARGIN, lines, printed_both

    args = ("--db", str(demo), "youth", "summary", "2025-0412", "--lang", lang)
    page, printers = printed_both(run, args, tmp_path)
    headings = set(re.findall(r"<h[1-3]>(.*?)</h[1-3]>", page))
    for printer, printed in printers.items():
        assert printed.pages >= 3, printer
        off = [w.text for w in printed.words if w.x1 > printed.width - RIGHT_MARGIN + 1]
        assert not off, f"{printer}: runs off the page: {off[:3]}"
        for number in range(printed.pages - 1):
            assert lines(printed, number)[-1] not in headings, (printer, number)
        assert "Amalie Nørgaard" in printed.text
