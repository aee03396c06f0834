"""The agenda, minutes and goals-and-agreements form: golden files in both languages, and
HTML that parses and fetches nothing."""

import json
import os
import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot
from meeting_case import build

GOLDEN = Path(__file__).parent / "golden"
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "rect", "line", "path", "circle"}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("EFTER_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


class Checker(HTMLParser):
    """Every element closed in order; collects the attributes that could fetch something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.fetching: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("src", "href", "xlink:href", "data", "poster", "srcset"):
                self.fetching.append(f"{tag} {key}={value}")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("src", "href", "xlink:href"):
                self.fetching.append(f"{tag} {key}={value}")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(page: str) -> str:
    assert page.startswith("<!DOCTYPE html>")
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert checker.fetching == []
    lowered = page.lower()
    for needle in ("http:", "https:", "src=", "<link", "@import", "url("):
        assert needle not in lowered, needle
    return "".join(checker.text)


def rate(db: Path, rows: list[tuple[str, int, str, str, str]]) -> None:
    """Ratings straight into the rating table (the rating commands live on another branch)."""
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "INSERT INTO rating (youth_id, area, score, phase, rated_by, rated_on, created) "
            "VALUES (1, ?, ?, ?, ?, ?, '2026-11-28T10:00:00')",
            rows,
        )
    conn.close()


@pytest.fixture
def scene(run: Any, casefile: Path) -> Path:
    """Meeting 1 held on 2 November with agreements; meeting 2 planned for 3 December with an
    apology; meeting 3 after it; goals with a sub-goal."""
    build(run)
    steps = [
        ("meeting", "plan", "1", "--at", "2026-11-02 14:00", "--force", "--place",
         "Ungeindsatsen, Torvegade 74", "--leader", "Mette Holm", "--minute-taker", "Peter Dam"),
        ("goal", "add", "1", "--area", "uddannelse", "--text", "Gennemføre 10. klasse",
         "--meeting", "1"),
        ("goal", "add", "1", "--parent", "1", "--text", "Møde op hver dag"),
        ("goal", "add", "1", "--area", "bolig", "--text", "Egen lejlighed inden 19 år"),
        ("agreement", "add", "1", "--what", "Søge ind på 10. klasse", "--owner", "youth",
         "--due", "2026-11-20", "--meeting", "1", "--goal", "1"),
        ("agreement", "add", "1", "--what", "Ringe til jobcentret om praktik", "--owner",
         "Peter Dam", "--due", "2026-12-15", "--meeting", "1"),
        ("agreement", "add", "1", "--what", "Skaffe et vækkeur", "--owner", "Helle",
         "--due", "2026-11-10", "--meeting", "1", "--goal", "2"),
        ("agreement", "add", "1", "--what", "Finde lektiehjælp", "--owner", "coordinator",
         "--due", "2026-12-01", "--meeting", "1"),
        ("meeting", "held", "1", "--attended", "youth,coordinator,Peter Dam",
         "--apologies", "Helle"),
        ("agreement", "done", "3", "--date", "2026-11-09"),
        ("agreement", "move", "4", "--due", "2026-12-02"),
        ("meeting", "plan", "1", "--at", "2026-12-03 14:00", "--place",
         "Ungeindsatsen, Torvegade 74", "--leader", "Mette Holm", "--minute-taker", "Peter Dam"),
        ("meeting", "apologies", "2", "Helle Nørgaard"),
        ("meeting", "plan", "1", "--at", "2027-03-04 14:00", "--place", "Rådhuset"),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.stderr)
    return casefile


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_agenda_golden(run: Any, scene: Path, lang: str, fmt: str) -> None:
    rate(
        scene,
        [
            ("uddannelse", 2, "start", "youth", "2025-09-10"),
            ("uddannelse", 3, "meeting", "youth", "2026-11-02"),
            ("uddannelse", 2, "meeting", "professional", "2026-11-02"),
            ("bolig", 4, "start", "youth", "2025-09-10"),
            ("psykisk", 3, "start", "professional", "2025-09-10"),
        ],
    )
    result = run("meeting", "agenda", "2", "--lang", lang, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    check_golden(f"agenda.{lang}.{fmt}", result.stdout)
    if fmt == "html":
        text = check_html(result.stdout)
        assert "<svg" in result.stdout and "</svg>" in result.stdout
        assert ("Dagsorden" if lang == "da" else "Agenda") in text


def test_agenda_carries_open_agreements_and_no_ratings_yet(run: Any, scene: Path) -> None:
    text = run("meeting", "agenda", "2").stdout
    since = text.split("## 2. Siden sidst")[1].split("## 3.")[0]
    assert since == (
        "\n\nSidste møde blev holdt den 2. november 2026 kl. 14.00.\n\n"
        "Åbne aftaler fra tidligere møder, der skal følges op:\n\n"
        "| Nr. | Aftale | Ansvarlig | Frist | Status |\n"
        "|---|---|---|---|---|\n"
        "| 1 | Søge ind på 10. klasse | Amalie Nørgaard (den unge) | 20. november 2026 | Frist overskredet |\n"
        "| 4 | Finde lektiehjælp | Mette Holm (koordinator) | 2. december 2026 | Frist overskredet (frist flyttet fra 1.12.2026) |\n"
        "| 2 | Ringe til jobcentret om praktik | Peter Dam (ungevejleder) | 15. december 2026 | Åben |\n\n"
    )
    assert (
        "Ingen vurderinger endnu. Vurder livsområderne sammen med Amalie Nørgaard på mødet.\n"
        in text
    )
    assert "**Afbud:** Helle Nørgaard (mor)\n" in text
    assert "Helle Nørgaard | Mor" not in text
    html = run("meeting", "agenda", "2", "--format", "html").stdout
    check_html(html)
    assert "<svg" not in html


@pytest.mark.parametrize("lang", ["da", "en"])
def test_minutes_and_form_golden(
    run: Any, scene: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EFTER_TODAY", "2026-12-03")
    result = run("meeting", "held", "2", "--attended", "youth", "--attended", "coordinator",
                 "--attended", "Peter", "--kept", "1", "--moved", "4=2027-01-10",
                 "--minutes", "-", input="Amalie har fået plads i 10. klasse.\n\nHun vil gerne have hjælp til lektier.\n")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    run("agreement", "add", "1", "--what", "Købe buskort", "--owner", "youth", "--due",
        "2026-12-10", "--meeting", "2")  # fmt: skip
    for document in ("minutes", "form"):
        md = run("meeting", document, "2", "--lang", lang)
        assert md.exit_code == 0, md.stderr
        check_golden(f"{document}.{lang}.md", md.stdout)
        page = run("meeting", document, "2", "--lang", lang, "--format", "html")
        check_html(page.stdout)


def test_user_text_prints_as_typed(run: Any, scene: Path) -> None:
    run("network", "add", "1", "--role", "ven", "--name", "Anna [ven] <b>{{ 7*7 }}</b> *x* | y")
    assert run("consent", "give", "1", "--to", "Anna", "--about", "aftaler").exit_code == 0
    md = run("meeting", "agenda", "2").stdout
    assert r"Anna \[ven\] \<b\>\{\{ 7\*7 \}\}\</b\> \*x\* \| y" in md
    html = run("meeting", "agenda", "2", "--format", "html").stdout
    text = check_html(html)
    assert "Anna [ven] <b>{{ 7*7 }}</b> *x* | y" in text
    assert "49" not in text


def test_document_to_file_and_bad_input(run: Any, scene: Path, tmp_path: Path) -> None:
    out = tmp_path / "dagsorden.html"
    result = run("meeting", "agenda", "2", "--format", "html", "--out", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"Wrote {out}.\n")
    check_html(out.read_text(encoding="utf-8"))
    before = snapshot(scene)
    for args, message in (
        (("agenda", "9"), "No meeting has the id '9': see 'efter meeting list' for the ids."),
        (("agenda", "2", "--lang", "de"), "'de' is not a document language: give --lang da or --lang en."),
        (("minutes", "2", "--format", "docx"), "'docx' is not a document format: give --format md or html or pdf."),
        (("form", "2", "--out", str(tmp_path / "no" / "such" / "x.md")),
         f"The folder {tmp_path / 'no' / 'such'} does not exist: create it or give another file."),
    ):  # fmt: skip
        bad = run("meeting", *args)
        assert (bad.exit_code, bad.stderr) == (1, f"Error: {message}\n")
    # Rendering is audited; everything else stays as it was.
    assert re.sub(rb"INSERT INTO \"?audit_event\"?[^\n]*\n?", b"", snapshot(scene)) == re.sub(
        rb"INSERT INTO \"?audit_event\"?[^\n]*\n?", b"", before
    )


def test_demo_holds_a_meeting_and_prints_an_agenda(run: Any, tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    result = run("demo", "--dir", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "Held one network meeting with 5 agreements, planned 3 more" in result.stderr
    [html] = sorted(folder.glob("dagsorden-*.html"))
    check_html(html.read_text(encoding="utf-8"))
    md = html.with_suffix(".md").read_text(encoding="utf-8")
    assert "| Søge ind på 10. klasse på Rybners | Amalie Nørgaard (den unge) |" in md
    assert "**Afbud:** Hanne Friis (jobcenterrådgiver)" in md
    db = folder / "casefile.db"
    listed = run("agreement", "list", "2025-0412", "--all", "--json", "--db", str(db))
    kept = [a["what"] for a in json.loads(listed.stdout) if a["status"] == "done"]
    assert "Skaffe et vækkeur og en fast sengetid" in kept


def test_a_copied_agenda_template_is_used(run: Any, scene: Path) -> None:
    copied = run("template", "copy", "agenda")
    assert copied.exit_code == 0, copied.stderr
    path = Path(copied.stdout.strip())
    path.write_text(
        path.read_text(encoding="utf-8").replace(". Eventuelt\n", ". Eventuelt og kage\n"),
        encoding="utf-8",
    )
    assert "## 7. Eventuelt og kage\n" in run("meeting", "agenda", "2").stdout
    path.write_text("{{ youth.cpr }}\n", encoding="utf-8")
    broken = run("meeting", "agenda", "2")
    assert broken.exit_code == 1
    # The agenda's data holds no CPR number, so a template cannot print one.
    assert "does not provide ('dict object' has no attribute 'cpr')" in broken.stderr


def test_agenda_as_pdf_or_a_clear_sentence(run: Any, scene: Path, tmp_path: Path) -> None:
    from efter.render import pdf

    out = tmp_path / "dagsorden.pdf"
    result = run("meeting", "agenda", "2", "--out", str(out))
    if pdf.available():
        assert result.exit_code == 0, result.stderr
        assert out.read_bytes().startswith(b"%PDF")
    else:
        assert (result.exit_code, result.stderr) == (1, f"Error: {pdf.INSTALL}\n")
        assert not out.exists()
